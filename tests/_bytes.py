"""Small builders of DICOM bytes for robustness tests (Explicit VR Little Endian, PS3.5 7.1.2)."""

from __future__ import annotations

import struct

LONG_VRS = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"}
UNDEFINED = 0xFFFFFFFF


def element(tag: int, VR: str, value: bytes, length: int | None = None) -> bytes:
    """An explicit VR little endian element; ``length`` overrides the length field (to damage it)."""
    size = len(value) if length is None else length
    if VR in LONG_VRS:
        return struct.pack("<HH2sHL", tag >> 16, tag & 0xFFFF, VR.encode("ascii"), 0, size) + value
    return struct.pack("<HH2sH", tag >> 16, tag & 0xFFFF, VR.encode("ascii"), size) + value


def implicit(tag: int, value: bytes, length: int | None = None) -> bytes:
    return struct.pack("<HHL", tag >> 16, tag & 0xFFFF, len(value) if length is None else length) + value


def item(body: bytes, undefined: bool = False) -> bytes:
    if undefined:
        return struct.pack("<HHL", 0xFFFE, 0xE000, UNDEFINED) + body + struct.pack("<HHL", 0xFFFE, 0xE00D, 0)
    return struct.pack("<HHL", 0xFFFE, 0xE000, len(body)) + body


def sequence(tag: int, items: bytes, undefined: bool = True) -> bytes:
    if undefined:
        return element(tag, "SQ", b"", UNDEFINED) + items + struct.pack("<HHL", 0xFFFE, 0xE0DD, 0)
    return element(tag, "SQ", items)


def meta(transfer_syntax: bytes = b"1.2.840.10008.1.2.1") -> bytes:
    """Preamble, DICM and a File Meta group for a Secondary Capture instance."""
    body = (
        element(0x00020001, "OB", b"\x00\x01")
        + element(0x00020002, "UI", b"1.2.840.10008.5.1.4.1.1.7\0")
        + element(0x00020003, "UI", b"1.2.3.4\0")
        + element(0x00020010, "UI", transfer_syntax + (b"\0" if len(transfer_syntax) % 2 else b""))
    )
    return b"\0" * 128 + b"DICM" + element(0x00020000, "UL", struct.pack("<L", len(body))) + body


SOP = element(0x00080016, "UI", b"1.2.840.10008.5.1.4.1.1.7\0") + element(0x00080018, "UI", b"1.2.3.4\0")
