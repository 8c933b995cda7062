"""README's "Pixel data" examples run as written and print what their comments say."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

pytest.importorskip("numpy")

README = Path(__file__).resolve().parent.parent / "README.md"


def _blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = re.search(r"^## Pixel data\n(.*?)(?=^## )", text, re.S | re.M).group(1)
    return re.findall(r"^```python\n(.*?)^```", section, re.S | re.M)


def test_there_are_examples():
    assert len(_blocks()) == 2


@pytest.mark.parametrize("index", [0, 1])
def test_example_prints_what_its_comments_say(index, tmp_path, monkeypatch):
    block = _blocks()[index].replace("/tmp/", f"{tmp_path}/")
    expected = [line.split("# ", 1)[1].strip() for line in block.splitlines()
                if line.startswith("print(") and "# " in line]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, f"README Pixel data block {index + 1}", "exec"), {})
    printed = out.getvalue().strip().splitlines()
    assert len(printed) == len(expected)
    for line, comment in zip(printed, expected):
        assert comment.endswith(line.strip()) or line.strip() == comment, (line, comment)
