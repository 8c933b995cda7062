"""Every Python example of README.md runs as written (each in a fresh interpreter and folder).

A ```yaml block that the text before it says to save "as `NAME`" is saved under that name
first, as a reader following the README would.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
_BLOCK = re.compile(r"```(python|yaml)\n(.*?)```", re.S)
_SAVE_AS = re.compile(r"as `([^`/]+)`:\s*$")


def _examples():
    """(number, code, {file name: text}) for each Python block, with the files saved before it."""
    files: dict[str, str] = {}
    examples = []
    previous_end = 0
    for match in _BLOCK.finditer(README):
        kind, text = match.groups()
        before = README[previous_end:match.start()].rstrip()
        previous_end = match.end()
        if kind == "yaml":
            saved = _SAVE_AS.search(before)
            if saved:
                files[saved.group(1)] = text
            continue
        line = README.count("\n", 0, match.start()) + 1
        examples.append(pytest.param(text, dict(files), id=f"README.md:{line}"))
    return examples


EXAMPLES = _examples()


def test_readme_has_examples():
    assert len(EXAMPLES) >= 15


@pytest.mark.parametrize("code, files", EXAMPLES)
def test_readme_example_runs(code, files, tmp_path):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
