"""Value bytes <-> Python primitives, per VR (PS3.5 6.2, 6.4, 7.3).

:func:`decode_value` turns a value field into primitives; :func:`encode_value`
does the reverse and pads to even length (PS3.5 6.2: space for text, NUL for
UI and binary VRs).  Layouts (struct codes, padding, which VRs are
multi-valued or charset-affected) come from :mod:`dicomconstruct.format`;
text of charset-affected VRs goes through :mod:`dicomconstruct.charset`.

Primitives (the object layer turns them into DS, IS, PersonName ... itself):

==========================  ==============================================
VR                          Python value
==========================  ==============================================
text (AE ... UT)            ``str``; ``list[str]`` when ``\\`` separates
                            several values; ``''`` when empty
US SS UL SL FL FD SV UV     ``int`` / ``float``, ``list`` for several,
                            ``None`` when empty
AT                          ``int`` tag, ``list[int]``, ``None`` when empty
OB OD OF OL OV OW UN        ``bytes`` (the bytes as stored)
==========================  ==============================================

Trailing padding is stripped as pydicom does: trailing spaces and NULs of the
whole value for most VRs, of each value for SH/LO/UC, leading and trailing
spaces of each AE value, none for the inside of LT/ST/UT.
"""

from __future__ import annotations

import array
import struct
from functools import lru_cache

from .. import config
from ..errors import BadLengthError, BadVRError
from ..format.constants import MAX_TAG
from ..format.vr import CHARSET_VRS, SWAP_SIZE, VR_INFO
from ._layout import NUMBER_FORMATS

__all__ = ["decode_value", "encode_value", "swap_bytes", "DECODING_RULES", "WRONG_PAD"]

_TEXT_ENCODING = "latin-1"  # VRs not affected by Specific Character Set: default repertoire
#: ``array`` type code of an unsigned number of 4 and 8 bytes, for byte swapping.
_ARRAY_CODE = {4: "I" if array.array("I").itemsize == 4 else "L", 8: "Q"}


def number_format(vr: str, little_endian: bool) -> tuple[str, str, int]:
    """(byte order, struct code, size) of one value item of a number, word or AT VR (PS3.5 7.3)."""
    found = NUMBER_FORMATS.get((vr, little_endian))
    if found is None:
        raise TypeError(f"VR {vr} has no numeric layout")
    return found


@lru_cache(maxsize=None)
def _unpacker(vr: str, little_endian: bool, count: int) -> struct.Struct:
    order, code, _ = number_format(vr, little_endian)
    return struct.Struct(f"{order}{count * code if len(code) > 1 else str(count) + code}")


def _item_size(vr: str) -> int:
    return number_format(vr, True)[2]


def _split(text: str):
    values = text.split("\\")
    return values[0] if len(values) == 1 else values


_CHARSET = None


def _charset():
    global _CHARSET
    if _CHARSET is None:
        from .. import charset

        _CHARSET = charset
    return _CHARSET


_DEFAULT_ENCODINGS = None


def _default_encodings():
    global _DEFAULT_ENCODINGS
    if _DEFAULT_ENCODINGS is None:
        _DEFAULT_ENCODINGS = _charset().python_encodings(None)
    return _DEFAULT_ENCODINGS


class _Ragged(Exception):
    """A number/AT value whose length is not a multiple of the value size (caught by decode_value)."""

    def __init__(self, size: int):
        self.size = size


def _decode_numbers(vr, data, little_endian, encodings):
    size = _item_size(vr)
    count, extra = divmod(len(data), size)
    if extra:
        raise _Ragged(size)
    values = _unpacker(vr, little_endian, count).unpack_from(data)
    return values[0] if count == 1 else list(values)


def _decode_tags(vr, data, little_endian, encodings):
    count, extra = divmod(len(data), 4)
    if extra:
        raise _Ragged(4)
    numbers = _unpacker(vr, little_endian, count).unpack_from(data)
    tags = [numbers[i] << 16 | numbers[i + 1] for i in range(0, 2 * count, 2)]
    return tags[0] if count == 1 else tags


def _decode_bytes(vr, data, little_endian, encodings):
    return bytes(data)


def _decode_stripped_split(vr, data, little_endian, encodings):
    # AS CS DA DT TM IS UI: padding off the whole value, then split
    return _split(bytes(data).decode(_TEXT_ENCODING).rstrip(" \x00"))


def _decode_ds(vr, data, little_endian, encodings):
    return _split(bytes(data).decode(_TEXT_ENCODING).strip().rstrip("\x00"))


def _decode_ae(vr, data, little_endian, encodings):
    values = [v.strip() for v in bytes(data).decode(_TEXT_ENCODING).split("\\")]
    return values[0] if len(values) == 1 else values


def _decode_ur(vr, data, little_endian, encodings):
    return bytes(data).decode(_TEXT_ENCODING).rstrip()


def _decode_single_text(vr, data, little_endian, encodings):
    # LT ST UT: one value; backslash is an ordinary character
    return _charset().decode_text(bytes(data), vr, encodings).rstrip("\x00 ")


def _decode_multi_text(vr, data, little_endian, encodings):
    # SH LO UC: padding off each value
    text = _charset().decode_text(bytes(data), vr, encodings)
    values = [v.rstrip("\x00 ") for v in text.split("\\")]
    return values[0] if len(values) == 1 else values


def _decode_pn(vr, data, little_endian, encodings):
    return _split(_charset().decode_text(bytes(data).rstrip(b"\x00 "), vr, encodings))


def _rule(vr: str, info) -> str:
    """How a value of ``vr`` is decoded (see the module docstring): the key of :data:`_RULE_DECODERS`."""
    if info.kind == "number":
        return "numbers"
    if info.kind == "tag":
        return "tags"
    if info.kind in ("binary", "words", "sequence"):
        return "bytes"
    if vr == "PN":
        return "pn"
    if vr in CHARSET_VRS:
        return "multi_text" if info.multi else "single_text"
    if vr == "AE":
        return "ae"
    if vr == "DS":
        return "ds"
    if vr == "UR":
        return "ur"
    return "stripped"


_RULE_DECODERS = {
    "numbers": _decode_numbers, "tags": _decode_tags, "bytes": _decode_bytes, "pn": _decode_pn,
    "multi_text": _decode_multi_text, "single_text": _decode_single_text, "ae": _decode_ae, "ds": _decode_ds,
    "ur": _decode_ur, "stripped": _decode_stripped_split,
}
#: VR -> its decoding rule (a key of _RULE_DECODERS); the object layer's fast readers follow the same rules
DECODING_RULES = {_vr: _rule(_vr, _info) for _vr, _info in VR_INFO.items()}
_DECODERS = {_vr: _RULE_DECODERS[_rule_name] for _vr, _rule_name in DECODING_RULES.items()}


#: Text VR -> the padding byte (as an int) that belongs to the other kind of text (PS3.5 6.2):
#: NUL ends a UI value, a space any other text value.
WRONG_PAD = {
    vr: (b" " if info.pad == b"\x00" else b"\x00")[0] for vr, info in VR_INFO.items() if info.kind == "text"
}


def decode_value(VR: str, data, little_endian: bool = True, encodings=None, *, tag=None, offset=None):
    """The Python primitive(s) of value bytes ``data`` of VR ``VR`` (see the module docstring).

    Unknown and ambiguous VRs (``US or SS`` left unresolved) decode as bytes.
    ``tag`` and ``offset`` (of the value in the source) name the element in
    what is reported: a number or AT value whose length is not a multiple of
    the value size keeps its complete values after a
    :class:`~dicomconstruct.errors.BadLengthError` report, and a text value
    padded with the other kind's byte (NUL for text, space for UI) is decoded
    after a :class:`~dicomconstruct.errors.BadVRError` report (both raised in
    strict mode).
    """
    if not len(data):
        info = VR_INFO.get(VR)
        if info is None or info.kind in ("binary", "words", "sequence"):
            return b""
        return "" if info.kind == "text" else None
    if data[-1] == WRONG_PAD.get(VR):
        config.report(BadVRError(
            f"{VR} value padded with {bytes(data[-1:])!r} instead of {VR_INFO[VR].pad!r} (PS3.5 6.2)",
            tag=tag, offset=offset))
    decoder = _DECODERS.get(VR, _decode_bytes)
    try:
        return decoder(VR, data, little_endian, encodings or _default_encodings())
    except _Ragged as ragged:
        length = len(data)
        extra = length % ragged.size
        config.report(BadLengthError(
            f"{VR} value of {length} bytes is not a multiple of {ragged.size}: last {extra} bytes ignored",
            tag=tag, offset=offset))
        if length < ragged.size:
            return None
        return decoder(VR, data[:length - extra], little_endian, encodings)


# --- encoding -------------------------------------------------------------------------


def _pad(data: bytes, pad: bytes) -> bytes:
    return data + pad if len(data) & 1 else data


def _as_list(value):
    if isinstance(value, (list, tuple)):
        return list(value)
    if hasattr(value, "__iter__") and not isinstance(value, (str, bytes, bytearray, memoryview)):
        return list(value)
    return [value]


def encode_value(VR: str, value, little_endian: bool = True, encodings=None) -> bytes:
    """The value field for ``value`` (primitive or list of primitives), padded to even length.

    Raises ``ValueError`` / ``TypeError`` naming the VR when ``value`` does not fit it.
    """
    info = VR_INFO.get(VR)
    if value is None:
        return b""
    if info is None or info.kind in ("binary", "words", "sequence"):
        if isinstance(value, (str, int, float)):
            # bytes(5) would make five NULs: a number is a mistake for a byte value, not a size
            raise TypeError(f"a {VR} value must be bytes, not {type(value).__name__}")
        if isinstance(value, (list, tuple)) and info is not None and info.kind == "words":
            return _encode_numbers(VR, value, little_endian)
        return _pad(bytes(value), b"\x00")
    if info.kind == "number":
        return _encode_numbers(VR, value, little_endian)
    if info.kind == "tag":
        try:
            tags = [int(t) for t in _as_list(value)]
        except (TypeError, ValueError) as exc:
            raise ValueError(f"AT value {_short(value)} is not a tag: {exc}") from exc
        if any(not 0 <= t <= MAX_TAG for t in tags):
            raise ValueError(f"AT value out of range (0 to 0x{MAX_TAG:08X}): {_short(value)}")
        pairs = []
        for t in tags:
            pairs += [t >> 16, t & 0xFFFF]
        return _unpacker("AT", little_endian, len(tags)).pack(*pairs) if tags else b""
    # text
    if isinstance(value, (bytes, bytearray, memoryview)):
        return _pad(bytes(value), info.pad)
    if info.multi:
        values = ["" if v is None else str(v) for v in _as_list(value)]
        text = "\\".join(values)
    else:
        text = str(value)
    if VR in CHARSET_VRS:
        data = _charset().encode_text(text, VR, encodings or _default_encodings())
    else:
        try:
            data = text.encode(_TEXT_ENCODING)
        except UnicodeEncodeError as exc:
            raise ValueError(f"{VR} value {text!r} has characters outside the default repertoire") from exc
    return _pad(data, info.pad)


def _encode_numbers(VR: str, value, little_endian: bool) -> bytes:
    values = _as_list(value)
    if not values:
        return b""
    try:
        return _unpacker(VR, little_endian, len(values)).pack(*values)
    except (struct.error, OverflowError) as exc:
        raise ValueError(f"cannot encode {_short(value)} as {VR}: {exc}") from exc


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def swap_bytes(VR: str, data) -> bytes:
    """``data`` with the byte order of each number/word reversed (little <-> big endian, PS3.5 7.3).

    VRs without byte order (text, OB, UN) come back unchanged.
    """
    size = SWAP_SIZE.get(VR)
    data = bytes(data)
    if size is None:
        return data
    usable = len(data) - len(data) % size
    if size == 2:
        out = bytearray(data)
        out[0:usable:2], out[1:usable:2] = data[1:usable:2], data[0:usable:2]
        return bytes(out)
    arr = array.array(_ARRAY_CODE[size], data[:usable])
    arr.byteswap()
    return arr.tobytes() + data[usable:]
