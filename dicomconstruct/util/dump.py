"""Hex dumps of files and bytes, and an immediate dataset printer, for debugging reading and writing.

``hexdump`` shows 16 bytes a line: the offset (upper-case hex, as wide as the last
offset needs), the bytes, and the printable ASCII characters (``.`` for the others).
"""

from __future__ import annotations

import os
import sys
from io import BytesIO
from typing import Any, BinaryIO

__all__ = ["datadump", "filedump", "hexdump", "pretty_print", "print_character"]

_BACKSLASH = ord("\\")


def print_character(ordchr: int) -> str:
    """The character of code ``ordchr`` if printable ASCII (not a backslash), else ``'.'``."""
    return chr(ordchr) if 31 < ordchr < 126 and ordchr != _BACKSLASH else "."


def hexdump(f: BinaryIO, start_address: int = 0, stop_address: int | None = None, show_address: bool = True) -> str:
    """The dump of the seekable binary file ``f`` from ``start_address`` to ``stop_address`` (inclusive line)."""
    end = f.seek(0, os.SEEK_END)
    width = len(f"{stop_address if stop_address else end:X}")
    f.seek(start_address)
    lines = []
    while True:
        offset = f.tell()
        if stop_address and offset > stop_address:
            break
        data = f.read(16)
        if not data:
            break
        address = f"{offset:0{width}X}  " if show_address else ""
        hex_bytes = " ".join(f"{byte:02X}" for byte in data)
        lines.append(f"{address}{hex_bytes:<49}{''.join(print_character(byte) for byte in data)}")
    return "\n".join(lines)


def filedump(filename: str | bytes | os.PathLike, start_address: int = 0, stop_address: int | None = None) -> str:
    """:func:`hexdump` of the file at ``filename``."""
    with open(filename, "rb") as f:
        return hexdump(f, start_address, stop_address)


def datadump(data: bytes, start_address: int = 0, stop_address: int | None = None) -> str:
    """:func:`hexdump` of ``data``."""
    return hexdump(BytesIO(data), start_address, stop_address)


def pretty_print(ds: Any, indent_level: int = 0, indent_chars: str = "  ") -> None:
    """Print ``ds`` one element at a time (so a failing element shows where it is), items indented."""
    indent = indent_chars * indent_level
    for elem in ds:
        if elem.VR == "SQ":
            print(f"{indent}{elem.tag} {elem.name} -- {len(elem.value)} item(s)")
            for item in elem.value:
                pretty_print(item, indent_level + 1, indent_chars)
                print(f"{indent}{indent_chars}---------")
        else:
            print(f"{indent}{elem!r}")


if __name__ == "__main__":  # pragma: no cover
    arguments = sys.argv[1:]
    print(filedump(arguments[0], *(int(a, 16) for a in arguments[1:3])))
