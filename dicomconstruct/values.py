"""Value bytes -> Python values of their VR, with pydicom's names (``pydicom.values``).

Each ``convert_*`` function decodes the value field of one element (PS3.5 6.2,
6.4: ``\\`` separates values; PS3.5 7.1 byte orders) into the types the
element would hold: ``str`` (``DAstr``... or ``DA`` when
``config.datetime_conversion``), :class:`~dicomconstruct.valuerep.DSfloat`,
:class:`~dicomconstruct.valuerep.IS`, :class:`~dicomconstruct.valuerep.PersonName`,
:class:`~dicomconstruct.uid.UID`, :class:`~dicomconstruct.tag.Tag`, numbers,
``bytes``, or a :class:`~dicomconstruct.multival.MultiValue` of these.  The
bytes are decoded by :func:`dicomconstruct.codec.values.decode_value` (the layouts
of :mod:`dicomconstruct.format.vr`) and typed by
:func:`dicomconstruct.dataelem.convert_primitive`, as when a file is read.
:data:`converters` maps every VR (and dictionary choice such as ``"US or SS"``)
to its function; :func:`convert_value` applies it to a raw element.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, MutableSequence

from . import config
from .charset import _known_codecs
from .codec.values import decode_value
from .dataelem import convert_primitive, empty_value_for_VR
from .errors import BytesLengthException
from .codec.values import number_format
from .format.vr import AMBIGUOUS_VRS, CHARSET_VRS, NUMBER_VRS, RETRY_VR_ORDER
from .multival import MultiValue
from .tag import Tag

__all__ = [
    "converters",
    "convert_value",
    "convert_tag",
    "convert_AE_string",
    "convert_ATvalue",
    "convert_DA_string",
    "convert_DS_string",
    "convert_DT_string",
    "convert_IS_string",
    "convert_numbers",
    "convert_OBvalue",
    "convert_OWvalue",
    "convert_OVvalue",
    "convert_PN",
    "convert_string",
    "convert_text",
    "convert_single_string",
    "convert_SQ",
    "convert_TM_string",
    "convert_UI",
    "convert_UN",
    "convert_UR_string",
    "multi_string",
    "convert_retry_VR_order",
]

logger = logging.getLogger("dicomconstruct")

#: struct code of a number VR -> the VR (the ``struct_format`` pydicom's number converters take)
_VR_OF_CODE = {number_format(vr, True)[1]: vr for vr in NUMBER_VRS}
_TAG_SIZE = 4  # PS3.5 6.2, AT: two 16-bit unsigned numbers


def _typed(VR: str, byte_string: bytes, is_little_endian: bool = True, encodings=None) -> Any:
    primitive = decode_value(VR, byte_string, is_little_endian, encodings)
    return convert_primitive(VR, primitive)


def multi_string(val: str, valtype: Callable[[str], Any] | None = None) -> Any:
    """Split ``val`` at ``\\`` (PS3.5 6.4) into one value of ``valtype`` (default ``str``) or a MultiValue.

    Trailing spaces and NULs of the whole text are removed first.
    """
    valtype = str if valtype is None else valtype
    parts = val.rstrip(" \x00").split("\\")
    if len(parts) == 1:
        return valtype(parts[0])
    return MultiValue(valtype, parts)


def convert_tag(byte_string: bytes, is_little_endian: bool, offset: int = 0) -> Tag:
    """The tag (group, element) at ``offset`` of ``byte_string`` (PS3.5 7.1.1)."""
    if len(byte_string) - offset < _TAG_SIZE:
        raise ValueError(f"byte string too short - must be at least {_TAG_SIZE} bytes long.")
    return Tag(decode_value("AT", byte_string[offset:offset + _TAG_SIZE], is_little_endian))


def convert_ATvalue(byte_string: bytes, is_little_endian: bool, struct_format: str | None = None) -> Any:
    """An AT value: one :class:`Tag` or a MultiValue of them; a ragged end is logged and ignored."""
    length = len(byte_string)
    if length == 0:
        return []
    if length % _TAG_SIZE:
        logger.warning(f"Expected length to be multiple of {_TAG_SIZE} for VR 'AT', got length {length}")
        byte_string = byte_string[: length - length % _TAG_SIZE]
    return _typed("AT", byte_string, is_little_endian)


def convert_AE_string(byte_string: bytes, is_little_endian: bool, struct_format: str | None = None) -> Any:
    """An AE value (leading and trailing spaces of each value are not significant, PS3.5 6.2)."""
    return _typed("AE", byte_string)


def convert_string(byte_string: bytes, is_little_endian: bool, struct_format: str | None = None) -> Any:
    """A default-repertoire text value (AS, CS): ``str`` or a MultiValue of ``str``."""
    return multi_string(byte_string.decode("latin_1"))


def _text_converter(VR: str, doc: str) -> Callable[..., Any]:
    def convert(byte_string: bytes, is_little_endian: bool, struct_format: str | None = None) -> Any:
        return _typed(VR, byte_string)

    convert.__name__ = convert.__qualname__ = f"convert_{VR}_string"
    convert.__doc__ = doc
    return convert


convert_DA_string = _text_converter("DA", "A DA value: text, or :class:`~dicomconstruct.valuerep.DA` when ``config.datetime_conversion``.")
convert_DT_string = _text_converter("DT", "A DT value: text, or :class:`~dicomconstruct.valuerep.DT` when ``config.datetime_conversion``.")
convert_TM_string = _text_converter("TM", "A TM value: text, or :class:`~dicomconstruct.valuerep.TM` when ``config.datetime_conversion``.")
convert_DS_string = _text_converter("DS", "A DS value: DSfloat (DSdecimal with ``config.use_DS_decimal``), checked in the reading mode.")
convert_IS_string = _text_converter("IS", "An IS value: :class:`~dicomconstruct.valuerep.IS`, checked in the reading mode.")
convert_UI = _text_converter("UI", "A UI value: :class:`~dicomconstruct.uid.UID` (NUL padding removed, PS3.5 9.1).")
convert_UI.__name__ = convert_UI.__qualname__ = "convert_UI"
convert_UR_string = _text_converter("UR", "A UR value: one ``str``, trailing spaces removed (PS3.5 6.2).")


def convert_numbers(byte_string: bytes, is_little_endian: bool, struct_format: str) -> Any:
    """Binary numbers of ``struct_format`` (``'H'`` US, ``'f'`` FL ...): one number, or a MultiValue."""
    VR = _VR_OF_CODE.get(struct_format)
    if VR is None:
        raise ValueError(f"{struct_format!r} is not the struct code of a number VR")
    if not byte_string:
        return ""
    size = number_format(VR, True)[2]
    if len(byte_string) % size:
        raise BytesLengthException(
            "Expected total bytes to be an even multiple of bytes per value. Instead received "
            f"{bytes(byte_string)!r} with length {len(byte_string)} and struct format '{struct_format}' "
            f"which corresponds to bytes per value of {size}."
        )
    return _typed(VR, byte_string, is_little_endian)


def convert_OBvalue(byte_string: bytes, is_little_endian: bool, struct_format: str | None = None) -> bytes:
    """OB, OD, OL and other byte values: the bytes as stored (not copied)."""
    return byte_string


convert_OWvalue = convert_OVvalue = convert_OBvalue


def convert_UN(byte_string: bytes, is_little_endian: bool, struct_format: str | None = None) -> bytes:
    """A UN value: the bytes as stored (PS3.5 6.2.2)."""
    return bytes(byte_string)


def convert_PN(byte_string: bytes, encodings: list[str] | None = None) -> Any:
    """A PN value: :class:`~dicomconstruct.valuerep.PersonName` or a MultiValue of them (PS3.5 6.2.1)."""
    return _typed("PN", byte_string, True, _known_codecs(encodings) if encodings else None)


def convert_text(byte_string: bytes, encodings: list[str] | None = None, vr: str | None = None) -> Any:
    """A multi-valued text value (SH, LO, UC): ``str`` or a list, decoded with ``encodings`` (PS3.5 6.1)."""
    return _typed(vr or "LO", byte_string, True, _known_codecs(encodings) if encodings else None)


def convert_single_string(byte_string: bytes, encodings: list[str] | None = None, vr: str | None = None) -> str:
    """A single text value (ST, LT, UT; ``\\`` is a character), decoded with ``encodings`` (PS3.5 6.1)."""
    return _typed(vr or "LT", byte_string, True, _known_codecs(encodings) if encodings else None)


def convert_SQ(
    byte_string: bytes,
    is_implicit_VR: bool,
    is_little_endian: bool,
    encoding: list[str] | None = None,
    offset: int = 0,
) -> Any:
    """The items of a sequence value (PS3.5 7.5) as a :class:`~dicomconstruct.sequence.Sequence` of datasets."""
    from .codec.reader import parse_sequence_bytes
    from .dataset import Dataset
    from .sequence import Sequence

    if not byte_string:
        return Sequence()
    raw_items = parse_sequence_bytes(byte_string, implicit_vr=is_implicit_VR, little_endian=is_little_endian)
    items = [Dataset._from_raw(raw_item.dataset, encoding, None, raw_item) for raw_item in raw_items]
    return Sequence._read(items, raw_items, False)


#: VR -> converter: the function, or (function, struct code) for binary numbers.
converters: dict[str, Any] = {
    "AE": convert_AE_string,
    "AS": convert_string,
    "AT": convert_ATvalue,
    "CS": convert_string,
    "DA": convert_DA_string,
    "DS": convert_DS_string,
    "DT": convert_DT_string,
    "IS": convert_IS_string,
    "LO": convert_text,
    "LT": convert_single_string,
    "OB": convert_OBvalue,
    "OD": convert_OBvalue,
    "OF": convert_OWvalue,
    "OL": convert_OBvalue,
    "OW": convert_OWvalue,
    "OV": convert_OVvalue,
    "PN": convert_PN,
    "SH": convert_text,
    "SQ": convert_SQ,
    "ST": convert_single_string,
    "TM": convert_TM_string,
    "UC": convert_text,
    "UI": convert_UI,
    "UN": convert_UN,
    "UR": convert_UR_string,
    "UT": convert_single_string,
}
converters.update({vr: (convert_numbers, number_format(vr, True)[1]) for vr in sorted(NUMBER_VRS)})
converters.update({vr: convert_OWvalue if vr != "OB or OW" else convert_OBvalue for vr in AMBIGUOUS_VRS})

#: The VRs tried, in order, when a value does not decode with its own (pydicom's order).
convert_retry_VR_order = list(RETRY_VR_ORDER)

_CHARSET_CONVERTERS = CHARSET_VRS  # PN is converted (with its encodings) before these


def convert_value(VR: str, raw_data_element: Any, encodings: str | MutableSequence[str] | None = None) -> Any:
    """The value of a raw element (``.value`` bytes, ``.is_little_endian`` ...) decoded as ``VR``.

    ``NotImplementedError`` for a VR no converter knows.  A value that does not
    decode is tried with the VRs of :data:`convert_retry_VR_order` (unless
    ``reading_validation_mode`` is RAISE, which raises), then kept as bytes.
    """
    if VR not in converters:
        if len(VR) != 2 or not VR.isalpha() or not VR.isascii():
            VR = " ".join(f"0x{ord(ch):02x}" for ch in VR)
        raise NotImplementedError(f"Unknown Value Representation '{VR}'")
    if raw_data_element.length == 0:
        return empty_value_for_VR(VR)
    converter, code = converters[VR] if isinstance(converters[VR], tuple) else (converters[VR], None)
    encodings = [encodings] if isinstance(encodings, str) else (encodings or None)
    data = raw_data_element.value
    little = raw_data_element.is_little_endian
    try:
        if VR == "PN":
            return converter(data, encodings)
        if VR in _CHARSET_CONVERTERS:
            return converter(data, encodings, VR)
        if VR != "SQ":
            return converter(data, little, code)
        return converter(data, raw_data_element.is_implicit_VR, little, encodings, raw_data_element.value_tell)
    except ValueError:
        if config.settings.reading_validation_mode == config.RAISE:
            raise
    logger.debug(f"Unable to convert tag {Tag(raw_data_element.tag)} with VR {VR} using the standard value converter")
    for other in convert_retry_VR_order:
        if other == VR:
            continue
        try:
            return convert_value(other, raw_data_element, encodings)
        except Exception:  # noqa: BLE001 - any VR that fails is skipped, as in pydicom
            continue
    return raw_data_element.value
