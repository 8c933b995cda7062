"""Print a fenced shell block of README's "## Quick start" section, so CI runs exactly what users copy.

    python3 tools/quickstart.py 1    # the install-and-show block
    python3 tools/quickstart.py 2    # the install-test-extras-and-test block
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def quickstart_blocks(text: str) -> list[str]:
    match = re.search(r"^## Quick start\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    if not match:
        raise SystemExit("README.md has no '## Quick start' section")
    return re.findall(r"^```(?:sh|bash|shell)\n(.*?)^```", match.group(1), re.S | re.M)


def main(argv: list[str]) -> int:
    blocks = quickstart_blocks(README.read_text(encoding="utf-8"))
    if len(blocks) != 2:
        raise SystemExit(f"README's Quick start must hold exactly two shell blocks, found {len(blocks)}")
    index = int(argv[1]) if len(argv) > 1 else 1
    sys.stdout.write(blocks[index - 1])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
