"""Framing rules shared by the reference grammar and the codec: value layouts of undefined length, encoding detection.

Declared once, without construct, so that :func:`.element.element_struct`, the
codec's reader (``dicomconstruct.codec.reader``) and :func:`.study.parse_file`
decide the same way (issue 9, item 3).

Undefined length (PS3.5 7.1.1, 7.5, A.4, 6.2.2): :data:`UNDEFINED_LENGTH_RULES`,
tried in order by :func:`undefined_length_kind`.  The last rule is where the
grammar and the codec used to disagree: an OB or OW (or any non-sequence) value
of undefined length that is not followed by an Item is *bytes up to the Sequence
Delimitation Item* ("delimited"), kept byte for byte; without that item it is
damaged data (the grammar fails, the codec reports it and keeps the rest of the data).

Encoding (PS3.5 7.1.2, 7.1.3): an explicit VR element has a VR, two upper-case
letters, at bytes 4-5; an implicit VR element has the low bytes of its length
there.  :func:`looks_implicit` tells them apart; :func:`detect_encoding` guesses
the encoding of a data set from its first element when no Transfer Syntax says
(as DCMTK does), and :func:`actual_encoding` settles a Transfer Syntax that
disagrees with the data: the data wins (implicit VR data under an explicit VR
Transfer Syntax is read as implicit VR, and the reverse), for little endian data.
"""

from __future__ import annotations

from .constants import DELIMITER_GROUP, PIXEL_DATA_TAG
from .vr import ENCAPSULATED_VRS, VR_INFO, is_valid_vr_bytes

__all__ = [
    "DECISIONS",
    "UNDEFINED_LENGTH_RULES",
    "undefined_length_kind",
    "looks_implicit",
    "detect_encoding",
    "actual_encoding",
]

#: Where data and the Standard part ways: what the grammar, ``format.parse_file`` and the codec do (one answer each).
DECISIONS = (
    ("Undefined-length OB/OW (or any non-sequence) value not followed by an Item",
     "bytes up to the Sequence Delimitation Item, then that item: the grammar's \"delimited\" layout, the "
     "codec's value and trailing delimiter; written back byte for byte. Without a Sequence Delimitation "
     "Item the data is damaged: the grammar does not parse the element, the codec reports it and keeps "
     "the rest of the data as the value."),
    ("Truncated file (the data ends inside an element or item)",
     "not well-formed: the grammar fails on that element (format.parse_file gives one \"truncated\" node "
     "holding the bytes left, at the element's offset); the codec raises TruncatedDataError in strict mode "
     "and otherwise keeps the elements before it, identical, and the partial element, reported with its "
     "offset. Items and sequences of defined length must be filled exactly by what they hold."),
    ("Implicit VR data under an explicit VR Transfer Syntax",
     "the data wins: a little-endian data set whose first element has no VR is read as Implicit VR "
     "(and explicit VR data under an implicit VR syntax as explicit); an element or item without a VR in "
     "explicit VR data is read as Implicit VR (header form \"implicit\"). The codec reports it "
     "(BadVRError, raised in strict mode); the grammar and format.parse_file read the same way."),
)

#: (layout, when) of a value of undefined length, tried in this order.
UNDEFINED_LENGTH_RULES = (
    ("sequence", "the VR is SQ (PS3.5 7.5.1)"),
    ("fragments", "Pixel Data (7FE0,0010): encapsulated, Basic Offset Table and fragments (PS3.5 A.4)"),
    ("un_sequence", "the VR is UN: an Implicit VR Little Endian sequence (PS3.5 6.2.2)"),
    ("fragments", "an OB, OW (encapsulated VR) value that starts with an Item: fragments (PS3.5 A.4)"),
    ("sequence", "any other value that starts with an Item: a sequence (implicit VR, tag not in the dictionary)"),
    ("delimited", "anything else: bytes up to the Sequence Delimitation Item (not allowed by PS3.5 7.1.1; kept)"),
)


def undefined_length_kind(tag: int, vr, next_is_item: bool) -> str:
    """The layout of an undefined-length value, by :data:`UNDEFINED_LENGTH_RULES`.

    ``vr``: the element's VR (``None`` if unknown); ``next_is_item``: the value starts with an Item tag.
    """
    if vr == "SQ":
        return "sequence"
    if tag == PIXEL_DATA_TAG:
        return "fragments"
    if vr == "UN":
        return "un_sequence"
    if next_is_item:
        return "fragments" if vr in ENCAPSULATED_VRS else "sequence"
    return "delimited"


#: Where the VR is in an explicit VR header (PS3.5 table 7.1-1, 7.1-2): after the 4 tag bytes.
_VR_SLICE = slice(4, 6)
#: Bytes of a header that the detection looks at: tag and VR / the first length bytes.
_PROBE = 8
_KNOWN_VR_BYTES = frozenset(name.encode("ascii") for name in VR_INFO)
#: A little-endian group number below this is a plausible first group (0002 to 03FF); a big-endian
#: group 0008 read as little endian is 0x0800, above it.
_LITTLE_GROUP_LIMIT = 0x0400


def looks_implicit(data, pos: int, end: int) -> bool | None:
    """Does the element at ``pos`` look like Implicit VR (bytes 4-5 are not a VR)?  ``None`` if too short."""
    if end - pos < _PROBE:
        return None
    return not is_valid_vr_bytes(data[pos + _VR_SLICE.start:pos + _VR_SLICE.stop])


def detect_encoding(data, pos: int, end: int) -> tuple[bool, bool]:
    """(implicit VR, little endian) of a data set without Transfer Syntax, from its first element."""
    if end - pos < _VR_SLICE.stop:
        return True, True
    group = int.from_bytes(bytes(data[pos:pos + 2]), "little")
    if bytes(data[pos + _VR_SLICE.start:pos + _VR_SLICE.stop]) in _KNOWN_VR_BYTES:
        return False, group < _LITTLE_GROUP_LIMIT
    return True, True


def actual_encoding(data, pos: int, end: int, implicit: bool, little: bool) -> bool:
    """Whether the data set at ``pos`` is implicit VR, given what its Transfer Syntax says.

    The data wins when it is little endian and its first element looks otherwise
    (group not FFFE: an Item is no evidence).
    """
    found = looks_implicit(data, pos, end)
    if found is not None and found != implicit and little and data[pos + 1] != DELIMITER_GROUP >> 8:
        return found
    return implicit
