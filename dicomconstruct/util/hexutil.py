"""Hex text to bytes and back (``"08 00 32 10"`` <-> ``b"\\x08\\x00\\x32\\x10"``), for writing test data."""

from __future__ import annotations

from binascii import a2b_hex, b2a_hex

__all__ = ["bytes2hex", "hex2bytes"]


def hex2bytes(hexstring: str | bytes) -> bytes:
    """The bytes written as hex pairs in ``hexstring``; spaces are ignored.

    Adjacent string literals with comments make readable test data::

        hex2bytes("08 00 32 10 "  # (0008,1032) tag
                  "08 00 00 00 ")  # length 8
    """
    if isinstance(hexstring, bytes):
        return a2b_hex(hexstring.replace(b" ", b""))
    if isinstance(hexstring, str):
        return a2b_hex(hexstring.replace(" ", "").encode("ascii"))
    raise TypeError("argument shall be bytes or string type")


def bytes2hex(byte_string: bytes) -> str:
    """``byte_string`` as lower-case hex pairs separated by spaces."""
    text = b2a_hex(byte_string).decode("ascii")
    return " ".join(text[i : i + 2] for i in range(0, len(text), 2))
