"""Facts about each Value Representation (PS3.5 6.2, table 6.2-1; framing in 7.1.2).

One table, :data:`VR_INFO`, says for every VR how its value is laid out and how
its element header is framed.  Everything else in the format and codec layers
(header layouts, value layouts, padding, which VRs byte-swap) is derived from
this table rather than restated.

Fields of :class:`VRInfo`:

``kind``
    ``"text"`` (character string, backslash separates values unless
    ``multi`` is False), ``"number"`` (fixed-size binary numbers, struct
    character in ``fmt``), ``"tag"`` (AT: pairs of 16-bit numbers),
    ``"binary"`` (OB/UN: bytes, no byte order), ``"words"`` (OW/OF/OD/OL/OV:
    bytes whose word order follows the transfer syntax; word struct character
    in ``fmt``), ``"sequence"`` (SQ).
``fmt``
    ``struct`` format character of one number / one word (``None`` for text).
``pad``
    padding byte used to make a value even length (PS3.5 6.2: space for text
    except UI, NUL for UI and binary).
``long_header``
    explicit VR framing uses 2 reserved bytes and a 4-byte length (PS3.5 7.1.2).
``charset``
    value is decoded with (0008,0005) Specific Character Set (PS3.5 6.1.2.3).
``multi``
    backslash separates multiple values (text VRs: not LT, ST, UT, UR).
``max_length``
    largest value length the Standard allows for one value (``None`` if unlimited).
``delimiters``
    for character-set text, the characters after which ISO 2022 code
    extensions return to the initial G0 set besides CR, LF, TAB, FF
    (PS3.5 6.1.2.5.3: ``\\`` for multi-valued text, and ``^`` ``=`` for PN);
    empty for the other VRs.

Dictionary VRs that name a choice (``US or SS``, ``OB or OW``, ...) are in
:data:`AMBIGUOUS_VRS`, the VRs each may resolve to (PS3.5 A.1; PS3.6 6).
"""

from __future__ import annotations

import struct
from typing import NamedTuple

__all__ = [
    "VRInfo",
    "VR_INFO",
    "LONG_HEADER_VRS",
    "TEXT_VRS",
    "NUMBER_VRS",
    "WORD_VRS",
    "BINARY_VRS",
    "CHARSET_VRS",
    "BYTES_VRS",
    "DEFAULT_REPERTOIRE_VRS",
    "SINGLE_TEXT_VRS",
    "AMBIGUOUS_VRS",
    "DATE_TIME_VRS",
    "ENCAPSULATED_VRS",
    "BACKSLASH_VRS",
    "BYTES_VALUE_VRS",
    "LONG_TEXT_VRS",
    "NUMERIC_TEXT_VRS",
    "INTEGER_VRS",
    "FLOAT_VRS",
    "SWAP_SIZE",
    "is_valid_vr_bytes",
]


class VRInfo(NamedTuple):
    name: str
    kind: str
    fmt: str | None
    pad: bytes
    long_header: bool
    charset: bool
    multi: bool
    max_length: int | None
    delimiters: bytes = b""


def _text(name, max_length, *, charset=False, multi=True, pad=b" ", long_header=False, delimiters=None):
    if delimiters is None:
        delimiters = (b"\\" if multi else b"") if charset else b""
    return VRInfo(name, "text", None, pad, long_header, charset, multi, max_length, delimiters)


def _num(name, fmt):
    return VRInfo(name, "number", fmt, b"\x00", False, False, True, None)


def _words(name, fmt):
    return VRInfo(name, "words", fmt, b"\x00", True, False, False, None)


VR_INFO: dict[str, VRInfo] = {
    info.name: info
    for info in (
        _text("AE", 16),
        _text("AS", 4),
        VRInfo("AT", "tag", "H", b"\x00", False, False, True, None),
        _text("CS", 16),
        _text("DA", 8),
        _text("DS", 16),
        _text("DT", 26),
        _num("FL", "f"),
        _num("FD", "d"),
        _text("IS", 12),
        _text("LO", 64, charset=True),
        _text("LT", 10240, charset=True, multi=False),
        VRInfo("OB", "binary", None, b"\x00", True, False, False, None),
        _words("OD", "d"),
        _words("OF", "f"),
        _words("OL", "L"),
        _words("OV", "Q"),
        _words("OW", "H"),
        _text("PN", 64 * 5, charset=True, delimiters=b"\\^="),
        _text("SH", 16, charset=True),
        _num("SL", "l"),
        VRInfo("SQ", "sequence", None, b"\x00", True, False, False, None),
        _num("SS", "h"),
        _text("ST", 1024, charset=True, multi=False),
        VRInfo("SV", "number", "q", b"\x00", True, False, True, None),
        _text("TM", 14),
        _text("UC", None, charset=True, long_header=True),
        _text("UI", 64, pad=b"\x00"),
        _num("UL", "L"),
        VRInfo("UN", "binary", None, b"\x00", True, False, False, None),
        _text("UR", None, multi=False, long_header=True),
        _num("US", "H"),
        _text("UT", None, charset=True, multi=False, long_header=True),
        VRInfo("UV", "number", "Q", b"\x00", True, False, True, None),
    )
}

#: VRs framed with 2 reserved bytes and a 32-bit length in explicit VR (PS3.5 7.1.2).
LONG_HEADER_VRS = frozenset(name for name, info in VR_INFO.items() if info.long_header)
TEXT_VRS = frozenset(name for name, info in VR_INFO.items() if info.kind == "text")
NUMBER_VRS = frozenset(name for name, info in VR_INFO.items() if info.kind == "number")
WORD_VRS = frozenset(name for name, info in VR_INFO.items() if info.kind == "words")
BINARY_VRS = frozenset(name for name, info in VR_INFO.items() if info.kind == "binary")
CHARSET_VRS = frozenset(name for name, info in VR_INFO.items() if info.charset)
#: VRs whose value is bytes in the object layer (no value multiplicity by backslash).
BYTES_VRS = BINARY_VRS | WORD_VRS
#: Text VRs restricted to the default repertoire (PS3.5 6.1.2.1): their bytes are ASCII.
DEFAULT_REPERTOIRE_VRS = TEXT_VRS - CHARSET_VRS
#: Text VRs with one value, in which a backslash is an ordinary character (PS3.5 6.2: LT, ST, UT, UR).
SINGLE_TEXT_VRS = frozenset(name for name in TEXT_VRS if not VR_INFO[name].multi)

#: Date and time VRs, whose values the object layer turns into ``datetime`` objects (PS3.5 6.2).
DATE_TIME_VRS = frozenset({"DA", "DT", "TM"})
#: VRs an encapsulated Pixel Data element may be written with (PS3.5 A.4: OB; OW and UN as found).
ENCAPSULATED_VRS = frozenset({"OB", "OW", "UN"})

#: Dictionary VRs naming a choice -> the VRs it resolves to (PS3.5 A.1; PS3.6 6; PS3.3 C.7.6.3.1).
AMBIGUOUS_VRS: dict[str, tuple[str, ...]] = {
    "US or SS": ("US", "SS"),
    "US or OW": ("US", "OW"),
    "US or SS or OW": ("US", "SS", "OW"),
    "OB or OW": ("OB", "OW"),
}
#: VRs and choices whose value may be bytes: the bytes VRs and the choices that include one (PS3.5 A.1).
BYTES_VALUE_VRS = BYTES_VRS | frozenset(
    choice for choice, options in AMBIGUOUS_VRS.items() if any(vr in BYTES_VRS for vr in options)
)
#: VRs (and choices) whose one value may contain a backslash: single-valued text and bytes.
BACKSLASH_VRS = SINGLE_TEXT_VRS | BYTES_VALUE_VRS
#: Character-set text VRs longer than a Short Text may be (PS3.5 6.2: LT, UC, UT).
LONG_TEXT_VRS = frozenset(
    name for name in CHARSET_VRS
    if VR_INFO[name].max_length is None or VR_INFO[name].max_length > VR_INFO["ST"].max_length
)

#: Text VRs that hold decimal numbers (PS3.5 6.2: DS decimal string, IS integer string).
NUMERIC_TEXT_VRS: dict[str, type] = {"DS": float, "IS": int}
_FLOAT_FORMATS = frozenset("fd")
#: VRs whose values are floating-point numbers: FL, FD and DS.
FLOAT_VRS = frozenset(name for name in NUMBER_VRS if VR_INFO[name].fmt in _FLOAT_FORMATS) | frozenset(
    name for name, kind in NUMERIC_TEXT_VRS.items() if kind is float
)
_INTEGER_VRS = frozenset(name for name in NUMBER_VRS if VR_INFO[name].fmt not in _FLOAT_FORMATS) | frozenset(
    name for name, kind in NUMERIC_TEXT_VRS.items() if kind is int
)
#: VRs (and choices of them) whose values are integers: binary integers, IS, "US or SS".
INTEGER_VRS = _INTEGER_VRS | frozenset(
    choice for choice, options in AMBIGUOUS_VRS.items() if set(options) <= _INTEGER_VRS
)

#: Size of the unit whose byte order follows the transfer syntax, for VRs that have one.
SWAP_SIZE: dict[str, int] = {
    name: struct.calcsize("<" + info.fmt)
    for name, info in VR_INFO.items()
    if info.kind in ("number", "words", "tag")
}


def is_valid_vr_bytes(vr: bytes) -> bool:
    """True if two bytes look like a VR: two upper-case ASCII letters (PS3.5 6.2)."""
    return len(vr) == 2 and 0x41 <= vr[0] <= 0x5A and 0x41 <= vr[1] <= 0x5A

#: The VRs tried in turn for a value that does not decode with its own VR (the order
#: pydicom 3's ``values.convert_value`` uses; ``dicomconstruct.values`` follows it).
RETRY_VR_ORDER: tuple[str, ...] = (
    "SH", "UL", "SL", "US", "SS", "FL", "FD", "OF", "OB", "UI", "DA", "TM", "PN", "IS", "DS",
    "LT", "SQ", "UN", "AT", "OW", "DT", "UT",
)

#: VRs whose value may be given as a binary stream read when written (pydicom 3's buffered
#: values): the bytes VRs but UN, and the dictionary choice between two of them.
BUFFERABLE_VRS = frozenset(
    (BYTES_VRS - {"UN"})
    | {name for name, choices in AMBIGUOUS_VRS.items() if all(vr in BYTES_VRS for vr in choices)}
)
