"""One reader per VR for the values of elements read: the usual value decoded and typed in one call.

A value read is decoded by :func:`dicomconstruct.codec.values.decode_value`, after the
rule :data:`~dicomconstruct.codec.values.DECODING_RULES` gives its VR (PS3.5 6.2: the
padding stripped, backslash-separated values split, numbers unpacked in the byte order
of the transfer syntax, PS3.5 7.3), then given the Python type of its VR by
:func:`dicomconstruct.dataelem.convert_primitive` (DS, IS, UID, PersonName ...).

The reader of a VR does both for the values most files hold, in one call and
with no settings looked up: text of the default repertoire (or of any character
set when it is ASCII, PS3.5 6.1.2.3), one number, bytes.  Whatever it cannot
settle at once (an empty value, padding of the other kind, a length that is not a
multiple of the number size, several numbers, text outside ASCII in a character
set VR, DS or IS text that does not match its grammar of PS3.5 table 6.2-1, a
setting that changes the type) it leaves to that general path by returning
:data:`SLOW`, so that what is reported and how is decided in one place.

``READERS[little_endian][VR]`` is ``reader(data, values)``: ``data`` the
value bytes (a non-empty memoryview), ``values`` the dataset's ``_RawValues``
(for :meth:`plain_text`: whether its character set reads ASCII as ASCII).
"""

from __future__ import annotations

from . import config
from .codec.values import DECODING_RULES, WRONG_PAD, _unpacker, number_format
from .dataelem import _DS_GRAMMAR, _DS_MAX, _IS_GRAMMAR, _IS_MAX, _converter
from .multival import MultiValue
from .uid import UID
from .valuerep import DAstr, DSfloat, DTstr, IS, PersonName, TMstr

__all__ = ["READERS", "SLOW"]

_new = object.__new__
_new_str = str.__new__
_new_float = float.__new__
_new_int = int.__new__
_ESCAPE = "\x1b"


class _Slow:
    """Marker: the reader leaves this value to the general path."""

    __slots__ = ()

    def __repr__(self) -> str:  # pragma: no cover
        return "SLOW"


SLOW = _Slow()


# --- one value of text, typed (None: not settled here) --------------------------------------


def _ds_item(text: str):
    """A DS value as ``_read_ds`` makes it from text that matches the grammar (PS3.5 table 6.2-1)."""
    if len(text) > _DS_MAX or _DS_GRAMMAR(text) is None or config.use_DS_decimal:
        return None
    text = text.strip(" \x00")
    value = _new_float(DSfloat, text)
    value.original_string = text
    value.auto_format = False
    return value


def _is_item(text: str):
    """An IS value as ``_read_is`` makes it from text that matches the grammar and is surely in range."""
    if len(text) > _IS_MAX or _IS_GRAMMAR(text) is None:
        return None
    text = text.strip(" \x00")
    if len(text) >= 10:
        return None
    value = _new_int(IS, text)
    value.original_string = text
    return value


def _uid_item(text: str):
    return _new_str(UID, text.strip(" \x00"))


def _pn_item(text: str):
    name = _new(PersonName)
    name.original_string = None
    name.encodings = None
    name._string = text
    name._groups = None
    return name


def _date_time_item(text_type):
    def item(text: str):
        if config.datetime_conversion:
            return None  # datetime objects: the general path
        return _new_str(text_type, text)

    return item


#: VR -> the item maker of its type (None for a plain str); a maker returning None leaves the value
_ITEMS = {"DS": _ds_item, "IS": _is_item, "UI": _uid_item, "PN": _pn_item,
          "DA": _date_time_item(DAstr), "TM": _date_time_item(TMstr), "DT": _date_time_item(DTstr)}


def _values(VR: str, parts: list, item):
    """Several values: a MultiValue as ``convert_primitive`` makes it, or SLOW if one is not settled."""
    if item is not None:
        made = []
        for part in parts:
            value = item(part)
            if value is None:
                return SLOW
            made.append(value)
        parts = made
    values = _new(MultiValue)
    values._constructor = _converter(VR)
    values._list = parts
    return values


def _one_or_values(VR: str, text: str, item):
    """``text`` (padding stripped) as one value or, split at backslashes, several."""
    if "\\" in text:
        return _values(VR, text.split("\\"), item)
    if item is None:
        return text
    value = item(text)
    return SLOW if value is None else value


def _plain_text(data, values, wrong_pad: int):
    """The text of a character set VR's value when it is ASCII (no ESC) in a character set that reads
    ASCII as ASCII, and ends with the right padding (PS3.5 6.1.2.3, 6.2); else None."""
    if data[-1] == wrong_pad:
        return None
    text = str(data, "latin-1")
    if not text.isascii() or _ESCAPE in text or not values.plain_text():
        return None
    return text


def _text_reader(VR: str, rule: str, item):
    """The reader of a text VR of ``rule`` (``stripped``, ``ds``, ``multi_text``, ``single_text``, ``pn``)."""
    wrong_pad = WRONG_PAD[VR]

    if rule == "stripped":  # AS CS DA DT TM IS UI: padding off the whole value
        def read(data, values):
            if data[-1] == wrong_pad:
                return SLOW  # reported there
            return _one_or_values(VR, str(data, "latin-1").rstrip(" \x00"), item)

    elif rule == "ds":  # spaces off both ends
        def read(data, values):
            if data[-1] == wrong_pad:
                return SLOW
            text = str(data, "latin-1").strip()
            if "\x00" in text:
                return SLOW
            return _one_or_values(VR, text, item)

    elif rule == "pn":
        def read(data, values):
            text = _plain_text(data, values, wrong_pad)
            if text is None:
                return SLOW
            return _one_or_values(VR, text.rstrip(" \x00"), item)

    elif rule == "single_text":  # LT ST UT: one value, backslash an ordinary character
        def read(data, values):
            text = _plain_text(data, values, wrong_pad)
            if text is None:
                return SLOW
            return text.rstrip("\x00 ")

    else:  # multi_text, SH LO UC: padding off each value
        def read(data, values):
            text = _plain_text(data, values, wrong_pad)
            if text is None:
                return SLOW
            if "\\" in text:
                return _values(VR, [part.rstrip("\x00 ") for part in text.split("\\")], item)
            return text.rstrip("\x00 ")

    return read


def _number_reader(VR: str, little_endian: bool):
    """The reader of one number of VR ``VR`` (PS3.5 7.3); several go the general way."""
    size = number_format(VR, little_endian)[2]
    unpack = _unpacker(VR, little_endian, 1).unpack

    def read(data, values):
        if len(data) != size:
            return SLOW
        return unpack(data)[0]

    return read


def _bytes_read(data, values):
    return data.tobytes()


def _readers(little_endian: bool) -> dict:
    readers = {}
    for VR, rule in DECODING_RULES.items():
        if rule == "numbers":
            readers[VR] = _number_reader(VR, little_endian)
        elif rule == "bytes" and VR != "SQ":
            readers[VR] = _bytes_read
        elif rule in ("stripped", "ds", "multi_text", "single_text", "pn"):
            readers[VR] = _text_reader(VR, rule, _ITEMS.get(VR))
    return readers


#: ``READERS[little_endian][VR]``: the VRs that have a reader (AT, AE, UR and unknown VRs do not)
READERS = (_readers(False), _readers(True))
