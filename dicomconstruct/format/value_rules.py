"""What a value of each VR may hold (PS3.5 6.2, table 6.2-1), declared as data.

Three kinds of rule, each a table keyed by VR:

:data:`GRAMMAR`
    the characters and their order a single text value must have, as a
    regular expression matched against the *whole* value (``re.fullmatch``;
    digits are the ASCII ``0-9``, never other Unicode digits).  DA, DT and TM
    also accept the range forms of PS3.4 C.2.2.2.5 (``A-``, ``-B``, ``A-B``).
:data:`LENGTH_CHECKED`
    the VRs whose values are checked against the maximum length of table
    6.2-1, taken from :data:`~dicomconstruct.format.vr.VR_INFO` (``max_length``);
    the others are bounded by their grammar (AS, DA, DT, TM), per component
    group (PN: :data:`PN_GROUP_MAX_LENGTH`), or unbounded (UC, UR, UT).
:data:`INTEGER_RANGES`
    the smallest and largest value of the binary integer VRs, derived from the
    struct format of their value (PS3.5 table 6.2-1: US 0..2**16-1 ...).
    IS, a text VR, has :data:`IS_RANGE` (-2**31..2**31-1).
"""

from __future__ import annotations

import re
import struct

from .vr import VR_INFO

__all__ = [
    "GRAMMAR",
    "GRAMMAR_TEXT",
    "LENGTH_CHECKED",
    "INTEGER_RANGES",
    "IS_RANGE",
    "PN_GROUP_MAX_LENGTH",
    "PN_MAX_GROUPS",
    "max_length",
]

_D = "[0-9]"
#: YYYYMMDD (PS3.5 table 6.2-1, DA)
_DATE = rf"{_D}{{4}}(0[1-9]|1[0-2])(0[1-9]|[12]{_D}|3[01])"
#: HH[MM[SS[.F{{1,6}}]]] with SS up to 60, a leap second (PS3.5 table 6.2-1, TM)
_TIME = rf"([01]{_D}|2[0-3])([0-5]{_D}((60|[0-5]{_D})(\.{_D}{{1,6}})?)?)?"
#: YYYY[MM[DD[HH[MM[SS[.F{{1,6}}]]]]]][&ZZXX] (PS3.5 table 6.2-1, DT)
_DATE_TIME = (
    rf"{_D}{{4}}((0[1-9]|1[0-2])((0[1-9]|[12]{_D}|3[01])(([01]{_D}|2[0-3])"
    rf"([0-5]{_D}((60|[0-5]{_D})(\.{_D}{{1,6}})?)?)?)?)?)?([+-](0{_D}|1[0-4])[0-5]{_D})?"
)


def _range(single: str) -> str:
    """``single``, or a range of it (PS3.4 C.2.2.2.5); a trailing pad space tolerated."""
    return rf"({single}|-{single}|{single}-|{single}-{single}) ?"


#: VR -> the regular expression one value must match in full (PS3.5 table 6.2-1).
GRAMMAR_TEXT: dict[str, str] = {
    # default repertoire without control characters and without "\" (the value separator)
    "AE": r"[\x20-\x5b\x5d-\x7e]*",
    # nnnD, nnnW, nnnM or nnnY
    "AS": rf"{_D}{{3}}[DWMY]",
    # upper case letters, digits, space and underscore
    "CS": r"[A-Z0-9 _]*",
    # fixed point or floating point (ANSI X3.9) number; leading and trailing spaces, none embedded
    "DS": rf" *[+-]?({_D}+\.?{_D}*|\.{_D}+)([eE][+-]?{_D}+)? *",
    # an optionally signed integer; leading and trailing spaces, none embedded
    "IS": rf" *[+-]?{_D}+ *",
    "DA": _range(_DATE),
    "DT": _range(_DATE_TIME),
    "TM": _range(_TIME),
    # components of digits without leading zeros, separated by "." (PS3.5 9.1)
    "UI": r"(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*",
    # the characters of RFC 3986, trailing spaces
    "UR": r"[A-Za-z0-9_:/?#\[\]@!$&'()*+,;=%\-.~]* *",
}


class _Patterns(dict):
    """VR -> compiled :data:`GRAMMAR_TEXT`, each compiled on its first lookup (a first read needs few)."""

    def __missing__(self, vr: str) -> re.Pattern:
        pattern = self[vr] = re.compile(GRAMMAR_TEXT[vr])
        return pattern

    def __contains__(self, vr: object) -> bool:
        return vr in GRAMMAR_TEXT

    def __iter__(self):
        return iter(GRAMMAR_TEXT)

    def __len__(self) -> int:
        return len(GRAMMAR_TEXT)

    def get(self, vr, default=None):
        return self[vr] if vr in GRAMMAR_TEXT else default

    def keys(self):
        return GRAMMAR_TEXT.keys()

    def items(self):
        return [(vr, self[vr]) for vr in GRAMMAR_TEXT]

    def values(self):
        return [self[vr] for vr in GRAMMAR_TEXT]


#: VR -> compiled :data:`GRAMMAR_TEXT` (``re.Pattern``), compiled on first lookup.
GRAMMAR: dict[str, re.Pattern] = _Patterns()

#: VRs checked against table 6.2-1's maximum length (characters; bytes for the default repertoire).
LENGTH_CHECKED = frozenset({"AE", "CS", "DS", "IS", "LO", "LT", "SH", "ST", "UI"})


def max_length(vr: str) -> int | None:
    """The maximum length of one value of ``vr`` that is checked, or ``None``."""
    return VR_INFO[vr].max_length if vr in LENGTH_CHECKED else None


#: PN: at most 64 characters per component group, at most 3 groups (PS3.5 6.2.1).
PN_GROUP_MAX_LENGTH = 64
PN_MAX_GROUPS = 3


def _integer_range(fmt: str) -> tuple[int, int]:
    bits = 8 * struct.calcsize("<" + fmt)
    if fmt.islower():  # struct: lower case codes are signed
        return -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    return 0, (1 << bits) - 1


#: VR -> (smallest, largest) value of the binary integer VRs (US, SS, UL, SL, UV, SV).
INTEGER_RANGES: dict[str, tuple[int, int]] = {
    vr: _integer_range(info.fmt)
    for vr, info in VR_INFO.items()
    if info.kind == "number" and info.fmt in ("h", "H", "l", "L", "q", "Q")
}

#: IS: an integer of -2**31 to 2**31 - 1 (PS3.5 table 6.2-1).
IS_RANGE = (-(1 << 31), (1 << 31) - 1)
