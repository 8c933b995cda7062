"""Checking values against their VR as pydicom 3 does (``valuerep.validate_value``).

The rules are those of :mod:`dicomconstruct.format.value_rules` (PS3.5 table
6.2-1); this module adds the Python types each VR accepts and the messages.
A check gives ``(valid, message)``; :func:`validate_value` applies a
validation mode (``config.IGNORE``, ``config.WARN``, ``config.RAISE``).
The messages are pydicom's, so that code matching them keeps working;
:func:`validate_element_value` puts the tag and keyword in front.
"""

from __future__ import annotations

import datetime
import decimal
import math
import warnings
from typing import Any, Callable

from . import config
from .errors import format_tag
from .format.value_rules import (
    GRAMMAR,
    INTEGER_RANGES,
    IS_RANGE,
    PN_GROUP_MAX_LENGTH,
    PN_MAX_GROUPS,
    max_length,
)
from .format.vr import SWAP_SIZE

__all__ = ["validate_value", "validate_element_value", "is_valid_ds", "check_value", "VALIDATORS"]

_TABLE_LINK = (
    " Please see <https://dicom.nema.org/medical/dicom/current/output/html/part05.html#table_6.2-1> "
    "for allowed values for each VR."
)


def _type_check(vr: str, value: Any, types: tuple) -> tuple[bool, str]:
    if value is not None and not isinstance(value, types):
        return False, f"A value of type '{type(value).__name__}' cannot be assigned to a tag with VR {vr}."
    return True, ""


def _text(value: Any) -> str:
    return value.decode("latin-1") if isinstance(value, (bytes, bytearray)) else str(value)


def _length_check(vr: str, value: Any) -> tuple[bool, str]:
    limit = max_length(vr)
    if limit is not None and len(value) > limit:
        return False, (
            f"The value length ({len(value)}) exceeds the maximum length of {limit} allowed for VR {vr}."
        )
    return True, ""


def _grammar_check(vr: str, value: Any) -> tuple[bool, str]:
    if value and GRAMMAR[vr].fullmatch(_text(value)) is None:
        return False, f"Invalid value for VR {vr}: {value!r}."
    return True, ""


def _text_length(vr: str, value: Any) -> tuple[bool, str]:
    valid, message = _type_check(vr, value, (str, bytes))
    return _length_check(vr, value) if valid else (valid, message)


def _text_grammar(vr: str, value: Any) -> tuple[bool, str]:
    valid, message = _type_check(vr, value, (str, bytes))
    return _grammar_check(vr, value) if valid else (valid, message)


def _text_length_and_grammar(vr: str, value: Any) -> tuple[bool, str]:
    valid, message = _type_check(vr, value, (str, bytes))
    if not valid:
        return valid, message
    length_ok, length_message = _length_check(vr, value)
    grammar_ok, grammar_message = _grammar_check(vr, value)
    message = " ".join(part for part in (length_message, grammar_message) if part)
    if message:
        message += _TABLE_LINK
    return length_ok and grammar_ok, message


def _number_text(vr: str, value: Any) -> tuple[bool, str]:
    """DS and IS: text is checked as given; a number (``Decimal`` too) as the text it is written as."""
    if isinstance(value, (int, float, decimal.Decimal)):
        text = getattr(value, "original_string", None)
        if text is None:
            if vr == "IS" and isinstance(value, float) and not (math.isfinite(value) and value == int(value)):
                return False, f"Invalid value for VR {vr}: {value!r}."
            text = str(int(value)) if vr == "IS" else str(value)
        value = text
    valid, message = _text_length_and_grammar(vr, value)
    if valid and vr == "IS" and value and value.strip():
        smallest, largest = IS_RANGE
        if not smallest <= int(_text(value)) <= largest:
            return False, f"Invalid value: a value for a tag with VR IS must be between {smallest} and {largest}."
    return valid, message


def _date_time(types: tuple) -> Callable[[str, Any], tuple[bool, str]]:
    def check(vr: str, value: Any) -> tuple[bool, str]:
        if value and isinstance(value, types):
            return True, ""
        return _text_grammar(vr, value)

    return check


def _pn(vr: str, value: Any) -> tuple[bool, str]:
    from .valuerep import PersonName

    if not value:
        return True, ""
    if isinstance(value, PersonName):
        # the bytes read, else the text (a name made from str, or read and not yet encoded)
        value = value.original_string if value.original_string is not None else str(value)
    valid, message = _type_check(vr, value, (str, bytes))
    if not valid:
        return valid, message
    groups = value.split(b"=" if isinstance(value, bytes) else "=")
    if len(groups) > PN_MAX_GROUPS:
        return False, (
            f"The number of PN components length ({len(groups)}) exceeds the maximum allowed number "
            f"of {PN_MAX_GROUPS}."
        )
    for group in groups:
        if len(group) > PN_GROUP_MAX_LENGTH:
            return False, (
                f"The PN component length ({len(group)}) exceeds the maximum allowed length of "
                f"{PN_GROUP_MAX_LENGTH}."
            )
    return True, ""


def _integer(vr: str, value: Any) -> tuple[bool, str]:
    valid, message = _type_check(vr, value, (int, bytes))
    if not valid:
        return valid, message
    if isinstance(value, int):
        smallest, largest = INTEGER_RANGES[vr]
        if not smallest <= value <= largest:
            return False, f"Invalid value: a value for a tag with VR {vr} must be between {smallest} and {largest}."
    elif len(value) % SWAP_SIZE[vr]:
        return False, (
            f"Invalid value length {len(value)}: the value length for a tag with VR {vr} must be a "
            f"multiple of {SWAP_SIZE[vr]}."
        )
    return True, ""


def _float(vr: str, value: Any) -> tuple[bool, str]:
    return _type_check(vr, value, (float, int))


def _bytes(vr: str, value: Any) -> tuple[bool, str]:
    return _type_check(vr, value, (bytes, bytearray))


#: VR -> check(vr, value) -> (valid, message); VRs not listed are not checked (as pydicom: AT, SQ, UC, UN, UT).
VALIDATORS: dict[str, Callable[[str, Any], tuple[bool, str]]] = {
    "AE": _text_length_and_grammar,
    "AS": _text_grammar,
    "CS": _text_length_and_grammar,
    "DA": _date_time((datetime.date,)),
    "DS": _number_text,
    "DT": _date_time((datetime.datetime,)),
    "FD": _float,
    "FL": _float,
    "IS": _number_text,
    "LO": _text_length,
    "LT": _text_length,
    "OB": _bytes,
    "OD": _bytes,
    "OF": _bytes,
    "OL": _bytes,
    "OV": _bytes,
    "OW": _bytes,
    "PN": _pn,
    "SH": _text_length,
    "SL": _integer,
    "SS": _integer,
    "ST": _text_length,
    "SV": _integer,
    "TM": _date_time((datetime.time,)),
    "UI": _text_length_and_grammar,
    "UL": _integer,
    "UR": _text_grammar,
    "US": _integer,
    "UV": _integer,
}


def check_value(vr: str, value: Any) -> tuple[bool, str]:
    """``(True, "")`` if one value fits ``vr``, else ``(False, why)``."""
    if value is None:
        return True, ""
    check = VALIDATORS.get(vr)
    return (True, "") if check is None else check(vr, value)


def validate_value(
    vr: str,
    value: Any,
    validation_mode: int,
    validator: Callable[[str, Any], tuple[bool, str]] | None = None,
) -> None:
    """Check one value against ``vr``: nothing (``IGNORE``), a ``UserWarning`` (``WARN``) or ``ValueError`` (``RAISE``).

    ``validator`` replaces the check of the VR, as in pydicom.
    """
    if validation_mode == config.IGNORE or value is None:
        return
    valid, message = (validator(vr, value) if validator is not None else check_value(vr, value))
    if valid:
        return
    if validation_mode == config.RAISE:
        raise ValueError(message)
    warnings.warn(message, UserWarning, stacklevel=2)


def validate_element_value(tag: int, vr: str, value: Any, validation_mode: int, stacklevel: int = 2) -> None:
    """:func:`validate_value` for the value(s) of an element, naming its tag and keyword.

    A list is checked value by value; the message says which value.
    """
    if validation_mode == config.IGNORE or value is None:
        return
    values = value if isinstance(value, (list, tuple)) else (value,)
    for item in values:
        valid, message = check_value(vr, item)
        if valid:
            continue
        if repr(item) not in message:
            message = f"{message} Value: {item!r}."
        from . import datadict

        keyword = datadict.keyword_for_tag(tag)
        message = f"{format_tag(tag)}{' ' + keyword if keyword else ''}: {message}"
        if validation_mode == config.RAISE:
            raise ValueError(message)
        warnings.warn(message, UserWarning, stacklevel=stacklevel + 1)


def is_valid_ds(s: str) -> bool:
    """True if ``s`` is a valid Decimal String: at most 16 characters of the DS grammar (PS3.5 table 6.2-1)."""
    return _text_length_and_grammar("DS", s)[0]
