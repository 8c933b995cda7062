"""Python types for the string-encoded Value Representations (PS3.5 6.2).

* :class:`DSfloat` / :func:`DS`: Decimal String, a ``float`` that remembers the
  exact text it was made from, so that an unmodified value is written back
  unchanged (PS3.5 6.2, "DS").
* :class:`IS`: Integer String, an ``int`` that remembers its text.
* :class:`PersonName`: the three component groups (alphabetic, ideographic,
  phonetic) of up to five components each (PS3.5 6.2.1).
* :class:`DA`, :class:`TM`, :class:`DT`: ``str`` subclasses with helpers that
  turn the DICOM text into :mod:`datetime` objects (PS3.5 6.2, "DA", "TM", "DT").

Printing follows the tutorial's conventions: a DS value shows as ``"100.0"``
(double quotes), every other string-like value as Python's ``repr``.
"""

from __future__ import annotations

import datetime
import math
import re
import warnings
from decimal import Decimal
from enum import Enum
from typing import Any, Iterator

from . import config
from .format.vr import AMBIGUOUS_VRS as _AMBIGUOUS_VRS, BUFFERABLE_VRS as _BUFFERABLE_VRS, VR_INFO as _VR_INFO
from .validation import is_valid_ds, validate_value

__all__ = [
    "DS",
    "DSfloat",
    "DSdecimal",
    "format_number_as_ds",
    "IS",
    "ISfloat",
    "PersonName",
    "DA",
    "TM",
    "DT",
    "DAstr",
    "TMstr",
    "DTstr",
    "MAX_DS_LENGTH",
    "VR",
    "STANDARD_VR",
    "AMBIGUOUS_VR",
    "BUFFERABLE_VRS",
    "validate_value",
    "is_valid_ds",
]

class _VRName(str, Enum):
    """A VR as a ``str`` enumeration member (``VR.AE == "AE"``, ``str(VR.US_SS) == "US or SS"``)."""

    def __str__(self) -> str:
        return str.__str__(self)

    def __format__(self, spec: str) -> str:
        return str.__format__(str(self), spec)


#: Every VR of PS3.5 table 6.2-1 and the dictionary's choices of PS3.6 (``US_SS_OW`` is
#: ``"US or SS or OW"``), as pydicom's ``valuerep.VR``; from :mod:`dicomconstruct.format.vr`.
VR = _VRName("VR", {name.replace(" or ", "_"): name for name in [*_VR_INFO, *_AMBIGUOUS_VRS]}, module=__name__)
#: The VRs of PS3.5 table 6.2-1, and the dictionary's choices (PS3.6 6).
STANDARD_VR = frozenset(VR(name) for name in _VR_INFO)
AMBIGUOUS_VR = frozenset(VR(name) for name in _AMBIGUOUS_VRS)
#: The VRs whose value may be a binary stream (pydicom 3's buffered values).
BUFFERABLE_VRS = frozenset(VR(name) for name in _BUFFERABLE_VRS)

#: PS3.5 Table 6.2-1: a DS value is at most 16 bytes.
MAX_DS_LENGTH = 16


def _validate_text(VR: str, text: str, validation_mode: int | None) -> None:
    """Check DS/IS text in ``validation_mode`` (None: ``config.settings.reading_validation_mode``)."""
    if validation_mode is None:
        validation_mode = config.settings.reading_validation_mode
    if validation_mode != config.IGNORE:
        validate_value(VR, text, validation_mode)


def _blank_or_text(val: Any) -> tuple[Any, bool]:
    """``val`` (bytes decoded as ASCII), and True when it is ``None`` or blank (an empty value)."""
    if isinstance(val, (bytes, bytearray)):
        val = bytes(val).decode("ascii")
    return val, val is None or (isinstance(val, str) and val.strip(" \x00") == "")


def _ds_text_origin(self, val: Any, auto_format: bool) -> None:
    """Set ``original_string`` and ``auto_format`` of a new DS value (shared by both DS classes).

    Text keeps its (stripped) form; another DS value passes on its text and its
    ``auto_format``.  With ``auto_format`` a text that is not valid DS, or a number
    without text, is given the shortest valid DS text of the same value (PS3.5 6.2).
    """
    inherited = False
    if isinstance(val, str):
        self.original_string = val.strip(" \x00")
    elif isinstance(val, (DSfloat, DSdecimal)):
        if val.auto_format:
            auto_format = inherited = True
        if "original_string" in val.__dict__:
            self.original_string = val.original_string
    self.auto_format = bool(auto_format)
    if auto_format and not inherited:
        text = self.__dict__.get("original_string")
        if text is None:
            self.original_string = format_number_as_ds(self if isinstance(self, Decimal) else float(self))
        elif not is_valid_ds(text):
            self.original_string = format_number_as_ds(float(text))


def _ds_number_check(self, validation_mode: int | None, warn_too: bool) -> None:
    """A DS value's text must be at most 16 characters of the DS grammar (PS3.5 table 6.2-1).

    :data:`~dicomconstruct.config.RAISE` raises ``OverflowError`` (too long) or
    ``ValueError`` (not DS, e.g. ``nan``); ``warn_too``: :data:`WARN` warns them.
    A value with ``auto_format`` is always valid.
    """
    if validation_mode is None:
        validation_mode = config.settings.reading_validation_mode
    if validation_mode == config.IGNORE or self.auto_format:
        return
    if not warn_too and validation_mode != config.RAISE:
        return
    text = self.__dict__.get("original_string")
    if text is None or len(text) > MAX_DS_LENGTH and not isinstance(self, Decimal):
        text = str(self)
    if len(text) > MAX_DS_LENGTH:
        what = (
            "values must be <= 16 characters long." if isinstance(self, Decimal)
            else "must be <= 16 characters long, but the float provided requires > 16 characters "
            "to be accurately represented."
        )
        error: Exception = OverflowError(
            f"Values for elements with a VR of 'DS' {what} Use a smaller string, set "
            "'config.settings.reading_validation_mode' to 'WARN' to override the length check, "
            + ("use 'Decimal.quantize()' and give a 'Decimal', " if isinstance(self, Decimal) else "")
            + "or make the DS value with 'auto_format' set to True"
        )
    elif not is_valid_ds(text):
        error = ValueError(f'Value "{text}" is not valid for elements with a VR of DS')
    else:
        return
    if validation_mode == config.RAISE:
        raise error
    warnings.warn(str(error), UserWarning, stacklevel=4)


class _EqualsText:
    """A number that also equals its text: ``DS("1.50") == "1.50"`` (and not ``"1.5"``)."""

    __slots__ = ()

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, str):
            return str(self) == other
        return super().__eq__(other)

    def __ne__(self, other: Any) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result


class DSfloat(_EqualsText, float):
    """A Decimal String value (PS3.5 6.2, "DS") held as ``float``, remembering its text.

    ``str()`` gives the text the value was made from (stripped of padding), or
    Python's shortest float text when made from a number; ``repr()`` gives it in
    single quotes, as pydicom 3 (``str(dataset)`` shows a single DS value in double
    quotes, as the tutorial does).  Blank text gives the text itself, ``None`` gives
    ``None``.  ``auto_format=True`` replaces a text that is not valid DS by the
    shortest valid one; with :data:`~dicomconstruct.config.RAISE` a value whose text
    is not valid DS (too long, ``nan``, ``inf``) raises.
    """

    auto_format: bool

    def __new__(cls, val: Any, auto_format: bool = False, validation_mode: int | None = None):
        val, blank = _blank_or_text(val)
        if blank:
            return val
        if isinstance(val, str):
            try:
                return super().__new__(cls, val.strip(" \x00"))
            except ValueError:
                raise ValueError(f"Value {val!r} is not valid for elements with a VR of DS") from None
        return super().__new__(cls, val)

    def __init__(self, val: Any, auto_format: bool = False, validation_mode: int | None = None) -> None:
        if type(val) is str and not auto_format and validation_mode == config.IGNORE:  # the reader's case
            self.original_string = val.strip(" \x00")
            self.auto_format = False
            return
        _ds_text_origin(self, _blank_or_text(val)[0], auto_format)
        _ds_number_check(self, validation_mode, warn_too=False)

    def __str__(self) -> str:
        text = self.__dict__.get("original_string")
        return text if text is not None else float.__repr__(self)

    def __repr__(self) -> str:
        return f"'{self}'"

    __hash__ = float.__hash__


class DSdecimal(_EqualsText, Decimal):
    """A Decimal String value (PS3.5 6.2, "DS") held as :class:`decimal.Decimal`, remembering its text.

    As :class:`DSfloat`, exact: ``"1.23e2"`` stays ``"1.23e2"`` when written.
    A ``float`` is refused (``TypeError``) unless ``config.allow_DS_float`` is True
    (its binary value is rarely the decimal meant).  With :data:`WARN` (the
    default reading mode) a text that is not valid DS warns; :data:`RAISE`
    raises ``OverflowError`` (longer than 16) or ``ValueError``.
    """

    auto_format: bool

    def __new__(cls, val: Any, auto_format: bool = False, validation_mode: int | None = None):
        val, blank = _blank_or_text(val)
        if blank:
            return val
        if isinstance(val, str):
            val = val.strip(" \x00")
        if isinstance(val, float) and not isinstance(val, DSfloat) and not config.allow_DS_float:
            raise TypeError(
                "'DS' cannot be instantiated with a float value unless 'config.allow_DS_float' is "
                "set to True: give the value as text with the digits meant, or as a Decimal"
            )
        try:
            return super().__new__(cls, val)
        except (ArithmeticError, ValueError):
            raise ValueError(f"Value {val!r} is not valid for elements with a VR of DS") from None

    def __init__(self, val: Any, auto_format: bool = False, validation_mode: int | None = None) -> None:
        _ds_text_origin(self, _blank_or_text(val)[0], auto_format)
        _ds_number_check(self, validation_mode, warn_too=True)

    def __str__(self) -> str:
        text = self.__dict__.get("original_string")
        if text is not None and len(text) <= MAX_DS_LENGTH:
            return text
        return Decimal.__str__(self)

    def __repr__(self) -> str:
        text = self.__dict__.get("original_string")
        return f"'{text if text is not None else self}'"

    __hash__ = Decimal.__hash__

    def __reduce__(self):
        return (_rebuild_decimal, (type(self), Decimal.__str__(self), dict(self.__dict__)))


def _rebuild_decimal(cls, number: str, state: dict):
    made = cls(number, validation_mode=config.IGNORE)
    made.__dict__.update(state)
    return made


def format_number_as_ds(val: float | Decimal) -> str:
    """The text of at most 16 characters closest to ``val``: a valid DS (PS3.5 6.2, table 6.2-1).

    Python's own text when short enough; otherwise fixed-point digits, or scientific
    notation below 1e-4 and from 1e14 (1e13 when negative) on, as many as fit.
    Infinite and NaN values raise ``ValueError``; other types ``TypeError``.
    """
    if not isinstance(val, (float, Decimal)):
        raise TypeError("'val' must be of type float or decimal.Decimal")
    if not math.isfinite(val):
        raise ValueError(f"Cannot encode non-finite floats as DICOM decimal strings. Got '{val}'")
    text = str(val)
    if len(text) <= MAX_DS_LENGTH:
        return text
    magnitude = math.log10(abs(val))
    sign = 1 if val < 0 else 0
    if magnitude < -4 or magnitude >= 14 - sign:
        digits = 10 - sign
        text = f"{val:.{digits}e}"
        if len(text) > MAX_DS_LENGTH:  # a three-digit exponent
            text = f"{val:.{digits - 1}e}"
        return text
    whole = int(math.floor(magnitude)) if magnitude >= 1.0 else 0
    return f"{val:.{MAX_DS_LENGTH - 2 - sign - whole}f}"


#: The DS class in use: :class:`DSdecimal` after ``config.DS_decimal(True)``, else :class:`DSfloat`.
DSclass: type = DSfloat


def DS(val: Any, auto_format: bool = False, validation_mode: int | None = None):
    """Return ``val`` as a DS value (PS3.5 6.2): ``None`` and blank text unchanged, else a DS number.

    The class is :class:`DSdecimal` when ``config.use_DS_decimal`` is True, else
    :class:`DSfloat`.  Text is checked against the DS grammar of PS3.5 table 6.2-1
    in ``validation_mode`` (default ``config.settings.reading_validation_mode``, as
    pydicom); ``auto_format`` writes a number as the shortest valid DS text.
    """
    if val is None:
        return None
    if isinstance(val, str):
        if val.strip(" \x00") == "":
            return val
        _validate_text("DS", val.strip(" \x00"), validation_mode)
    if config.use_DS_decimal:
        return DSdecimal(val, auto_format, validation_mode)
    if type(val) is DSfloat and not auto_format:
        return val
    return DSfloat(val, auto_format, validation_mode)


class ISfloat(float):
    """An IS value that is not a whole number (tolerated on reading, as pydicom does).

    :data:`~dicomconstruct.config.WARN` warns and :data:`RAISE` raises ``TypeError``
    (PS3.5 table 6.2-1: IS is an integer).
    """

    def __new__(cls, val: Any, validation_mode: int | None = None):
        if isinstance(val, str) and val.strip(" \x00") == "":
            return ""
        return super().__new__(cls, val.strip(" \x00") if isinstance(val, str) else val)

    def __init__(self, val: Any, validation_mode: int | None = None) -> None:
        if isinstance(val, str):
            self.original_string = val.strip(" \x00")
        elif isinstance(val, (IS, ISfloat)) and "original_string" in val.__dict__:
            self.original_string = val.original_string
        if validation_mode:
            message = f'Value "{self}" is not valid for elements with a VR of IS'
            if validation_mode == config.RAISE:
                raise TypeError(message + "\nSet reading_validation_mode to WARN or IGNORE to bypass")
            if validation_mode == config.WARN:
                warnings.warn(message, UserWarning, stacklevel=3)

    def __str__(self) -> str:
        return self.__dict__.get("original_string") or float.__repr__(self)

    def __repr__(self) -> str:
        return f"'{self}'"


class IS(_EqualsText, int):
    """An Integer String value (PS3.5 6.2, "IS"): behaves as ``int``, ``str()`` gives its original text.

    ``None`` and blank text are returned unchanged (empty values).  Text such as
    ``"1.0"`` is accepted when it is a whole number; another fraction gives an
    :class:`ISfloat` (warned or refused as the validation mode says).  Text is
    checked against table 6.2-1 in ``validation_mode``; with :data:`RAISE` a value
    outside -2**31 .. 2**31-1 raises ``OverflowError``.
    """

    def __new__(cls, val: Any = 0, validation_mode: int | None = None):
        val, blank = _blank_or_text(val)
        if blank:
            return val
        if validation_mode is None:
            validation_mode = config.settings.reading_validation_mode
        if isinstance(val, str):
            text = val.strip(" \x00")
            if validation_mode != config.IGNORE:
                validate_value("IS", text, validation_mode)  # the range too (PS3.5 table 6.2-1)
            try:
                return super().__new__(cls, text)
            except ValueError:
                number = float(text)  # ValueError "could not convert string to float", as pydicom
            if number != int(number):
                return ISfloat(val, validation_mode)
            return super().__new__(cls, int(number))
        made = super().__new__(cls, val)
        if isinstance(val, (float, Decimal)) and made != val:
            return ISfloat(val, validation_mode)
        if validation_mode == config.RAISE and not -(2**31) <= made < 2**31:
            raise OverflowError(
                "Elements with a VR of IS must have a value between -2**31 and (2**31 - 1). "
                "Set 'config.settings.reading_validation_mode' to 'WARN' to override the value check"
            )
        return made

    def __init__(self, val: Any = 0, validation_mode: int | None = None) -> None:
        if isinstance(val, (bytes, bytearray)):
            val = bytes(val).decode("ascii")
        if isinstance(val, str):
            self.original_string = val.strip(" \x00")
        elif isinstance(val, IS) and "original_string" in val.__dict__:
            self.original_string = val.original_string

    def __str__(self) -> str:
        text = self.__dict__.get("original_string")
        return text if text is not None else int.__repr__(self)

    def __repr__(self) -> str:
        return f"'{int.__repr__(self)}'"

    __hash__ = int.__hash__


class PersonName:
    """A Person Name value (PS3.5 6.2.1).

    The value holds up to three component groups separated by ``=``
    (alphabetic, ideographic, phonetic), each of up to five components
    separated by ``^`` (family name, given name, middle name, prefix, suffix).
    ``str()`` gives the original text; comparisons with ``str`` compare that text.
    """

    __slots__ = ("original_string", "encodings", "_string", "_groups")

    _NAMES = ("family_name", "given_name", "middle_name", "name_prefix", "name_suffix")

    def __new__(cls, val: Any = "", *args: Any, **kwargs: Any):
        if val is None:
            return None
        return super().__new__(cls)

    def __init__(
        self,
        val: Any = "",
        encodings: str | list[str] | tuple[str, ...] | None = None,
        original_string: bytes | None = None,
        validation_mode: int | None = None,
    ) -> None:
        # As in pydicom: bytes are kept as ``original_string`` and decoded with ``encodings``
        # (Python codec names, see charset.python_encodings; ISO 8859-1 when None) when the text
        # is first needed; text is kept as given, with the bytes it came from if known.
        self.encodings = _verify_encodings(encodings)
        self._groups = None  # the component groups, once asked for
        if isinstance(val, PersonName):
            self.original_string = val.original_string
            self._string = val._string
            if encodings is None:
                self.encodings = val.encodings
            elif self.encodings != val.encodings and val.original_string is not None:
                self._string = None  # the bytes say the name in the new encodings
        elif isinstance(val, (bytes, bytearray, memoryview)):
            self.original_string = bytes(val)
            self._string = None
        elif isinstance(val, str):
            self.original_string = original_string
            self._string = val
        else:
            raise TypeError(f"A PersonName is made from str or bytes, not {type(val).__name__}")

    @property
    def _full(self) -> str:
        """The whole decoded value, trailing empty groups included."""
        if self._string is None:
            from .charset import decode_text

            self._string = decode_text(self.original_string, "PN", self.encodings or _PN_DEFAULT_ENCODINGS)
        return self._string

    def decode(self, encodings: str | list[str] | tuple[str, ...] | None = None) -> "PersonName":
        """This name decoded with ``encodings`` (itself when they are None or its own)."""
        wanted = _verify_encodings(encodings)
        if wanted is None or wanted == self.encodings:
            return self
        if self.original_string is None:
            self.original_string = self.encode()
        return PersonName(self.original_string, wanted)

    def encode(self, encodings: str | list[str] | tuple[str, ...] | None = None) -> bytes:
        """The name as bytes in ``encodings`` (default: its own; the bytes it was made from if known)."""
        from .charset import encode_text

        wanted = _verify_encodings(encodings) or self.encodings
        if wanted != self.encodings and self.encodings is not None:
            return encode_text(self._full, "PN", wanted)
        if self.original_string is None:
            self.original_string = encode_text(self._full, "PN", wanted or _PN_DEFAULT_ENCODINGS)
        return self.original_string

    @classmethod
    def from_named_components(
        cls,
        family_name: str | bytes = "",
        given_name: str | bytes = "",
        middle_name: str | bytes = "",
        name_prefix: str | bytes = "",
        name_suffix: str | bytes = "",
        family_name_ideographic: str | bytes = "",
        given_name_ideographic: str | bytes = "",
        middle_name_ideographic: str | bytes = "",
        name_prefix_ideographic: str | bytes = "",
        name_suffix_ideographic: str | bytes = "",
        family_name_phonetic: str | bytes = "",
        given_name_phonetic: str | bytes = "",
        middle_name_phonetic: str | bytes = "",
        name_prefix_phonetic: str | bytes = "",
        name_suffix_phonetic: str | bytes = "",
        encodings: list[str] | None = None,
    ) -> "PersonName":
        """Build a name from its parts (PS3.5 6.2.1); trailing empty components and groups are dropped.

        A part may be text or bytes already encoded in ``encodings``; a part containing
        ``^``, ``=`` or ``\\`` raises ``ValueError``.
        """
        groups = [
            (family_name, given_name, middle_name, name_prefix, name_suffix),
            (family_name_ideographic, given_name_ideographic, middle_name_ideographic,
             name_prefix_ideographic, name_suffix_ideographic),
            (family_name_phonetic, given_name_phonetic, middle_name_phonetic,
             name_prefix_phonetic, name_suffix_phonetic),
        ]
        if not any(isinstance(part, bytes) for group in groups for part in group) and encodings is None:
            for group in groups:
                for part in group:
                    _check_name_part(part)
            texts = ["^".join(parts).rstrip("^") for parts in groups]
            return cls("=".join(texts).rstrip("="))
        from .charset import decode_text, encode_text

        codecs = _verify_encodings(encodings) or _PN_DEFAULT_ENCODINGS
        encoded = []
        for group in groups:
            parts = []
            for part in group:
                _check_name_part(decode_text(part, "PN", codecs) if isinstance(part, bytes) else part)
                parts.append(part if isinstance(part, bytes) else encode_text(part, "PN", codecs))
            encoded.append(b"^".join(parts).rstrip(b"^"))
        return cls(b"=".join(encoded).rstrip(b"="), encodings)

    @classmethod
    def from_named_components_veterinary(
        cls,
        responsible_party_name: str | bytes = "",
        patient_name: str | bytes = "",
        responsible_party_name_ideographic: str | bytes = "",
        patient_name_ideographic: str | bytes = "",
        responsible_party_name_phonetic: str | bytes = "",
        patient_name_phonetic: str | bytes = "",
        encodings: list[str] | None = None,
    ) -> "PersonName":
        """A name in the veterinary convention (PS3.5 6.2.1.1): responsible party (family name or
        organization) as the first component, the patient's name as the second."""
        return cls.from_named_components(
            family_name=responsible_party_name,
            given_name=patient_name,
            family_name_ideographic=responsible_party_name_ideographic,
            given_name_ideographic=patient_name_ideographic,
            family_name_phonetic=responsible_party_name_phonetic,
            given_name_phonetic=patient_name_phonetic,
            encodings=encodings,
        )

    @property
    def components(self) -> tuple[str, ...]:
        """The component groups present: (alphabetic[, ideographic[, phonetic]]).

        Empty groups at the end are not part of the name (``'A^B='`` has one group).
        """
        if self._groups is None:
            groups = self._full.split("=")
            while groups and not groups[-1]:
                groups.pop()
            self._groups = tuple(groups)
        return self._groups

    @property
    def _text(self) -> str:
        """The name without empty trailing groups: what ``str()`` shows and comparisons use."""
        text = self._full
        return text.rstrip("=") if text.endswith("=") else text

    def _group(self, index: int) -> str:
        groups = self.components
        return groups[index] if index < len(groups) else ""

    def _part(self, index: int) -> str:
        parts = self._group(0).split("^")
        return parts[index] if index < len(parts) else ""

    @property
    def family_name(self) -> str:
        return self._part(0)

    @property
    def given_name(self) -> str:
        return self._part(1)

    @property
    def middle_name(self) -> str:
        return self._part(2)

    @property
    def name_prefix(self) -> str:
        return self._part(3)

    @property
    def name_suffix(self) -> str:
        return self._part(4)

    @property
    def alphabetic(self) -> str:
        return self._group(0)

    @property
    def ideographic(self) -> str:
        return self._group(1)

    @property
    def phonetic(self) -> str:
        return self._group(2)

    def family_comma_given(self) -> str:
        return f"{self.family_name}, {self.given_name}"

    def formatted(self, format_str: str) -> str:
        """``format_str % {'family_name': ..., 'given_name': ..., ...}``."""
        return format_str % {name: getattr(self, name) for name in self._NAMES}

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return repr(self._text)

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, PersonName):
            return self._text == other._text
        if isinstance(other, str):
            return self._text == other
        return NotImplemented

    def __ne__(self, other: Any) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        return hash(self._text)

    def __bool__(self) -> bool:
        return bool(self._text)

    def __len__(self) -> int:
        return len(self._text)

    def __iter__(self) -> Iterator[str]:
        return iter(self._text)

    def __contains__(self, item: Any) -> bool:
        return item in self._text

    def __copy__(self) -> "PersonName":
        self.components  # decoded once, shared by the copy (as pydicom)
        made = PersonName.__new__(type(self))
        for name in PersonName.__slots__:
            setattr(made, name, getattr(self, name))
        return made

    def __reduce__(self):
        if self._string is None:
            return (PersonName, (self.original_string, self.encodings))
        return (PersonName, (self._string, self.encodings, self.original_string))


#: How PN bytes decode when no encodings are given (pydicom's ``default_encoding``).
_PN_DEFAULT_ENCODINGS = ("iso8859",)


def _verify_encodings(encodings: Any) -> tuple[str, ...] | None:
    if encodings is None:
        return None
    if isinstance(encodings, str):
        return (encodings,)
    return tuple(encodings)


def _check_name_part(part: str) -> None:
    for char in ("\\", "=", "^"):
        if char in part:
            raise ValueError(f"Strings may not contain the {char} character")


_TM_RE = re.compile(r"^(\d{2})(?::?(\d{2})(?::?(\d{2})(?:\.(\d{1,6}))?)?)?$")
_DA_RE = re.compile(r"^(\d{4})\.?(\d{2})\.?(\d{2})$")
_DT_RE = re.compile(
    r"^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.(\d{1,6}))?([+-]\d{4})?$"
)


class DAstr(str):
    """A Date value ``YYYYMMDD`` as text (PS3.5 6.2, "DA"); ``to_date()`` gives a :class:`datetime.date`.

    What an element of VR DA holds while ``config.datetime_conversion`` is False (the
    default; pydicom holds a plain ``str`` then).

    The old ``YYYY.MM.DD`` form (ACR-NEMA) is also understood.
    """

    def to_date(self) -> datetime.date | None:
        """The date, or ``None`` when the value is empty; ``ValueError`` when malformed."""
        text = self.strip()
        if not text:
            return None
        match = _DA_RE.match(text)
        if not match:
            raise ValueError(f"{text!r} is not a valid DA value (YYYYMMDD)")
        return datetime.date(*(int(part) for part in match.groups()))


class TMstr(str):
    """A Time value ``HH[MM[SS[.FFFFFF]]]`` as text (PS3.5 6.2, "TM"); ``to_time()`` gives a :class:`datetime.time`."""

    def to_time(self) -> datetime.time | None:
        text = self.strip()
        if not text:
            return None
        match = _TM_RE.match(text)
        if not match:
            raise ValueError(f"{text!r} is not a valid TM value (HHMMSS.FFFFFF)")
        hour, minute, second, fraction = match.groups()
        second_value = int(second or 0)
        if second_value == 60:  # leap second: datetime cannot hold it
            second_value = 59
        micro = int((fraction or "").ljust(6, "0")) if fraction else 0
        return datetime.time(int(hour), int(minute or 0), second_value, micro)


class DTstr(str):
    """A Date Time value ``YYYY[MM[DD[HH[MM[SS[.F]]]]]][&ZZXX]`` as text (PS3.5 6.2, "DT").

    ``to_datetime()`` gives a :class:`datetime.datetime`, aware when the value
    carries a UTC offset.
    """

    def to_datetime(self) -> datetime.datetime | None:
        text = self.strip()
        if not text:
            return None
        match = _DT_RE.match(text)
        if not match:
            raise ValueError(f"{text!r} is not a valid DT value")
        year, month, day, hour, minute, second, fraction, offset = match.groups()
        tz = None
        if offset:
            sign = -1 if offset[0] == "-" else 1
            delta = datetime.timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5]))
            tz = datetime.timezone(sign * delta)
        second_value = min(int(second or 0), 59)
        micro = int(fraction.ljust(6, "0")) if fraction else 0
        return datetime.datetime(
            int(year),
            int(month or 1),
            int(day or 1),
            int(hour or 0),
            int(minute or 0),
            second_value,
            micro,
            tzinfo=tz,
        )


class _DateTimeValue:
    """What DA, DT and TM share: made from DICOM text, a Python date/time or its arguments,
    the text kept in ``original_string`` and shown by ``str()``.

    A subclass gives ``_python_type``, ``_parse(text)`` (constructor arguments, or a
    ``ValueError``), ``_components(value)`` and ``_format(value)`` (the DICOM text).
    """

    original_string: str
    _python_type: type

    def __new__(cls, *args: Any, **kwargs: Any):
        if not args or args[0] is None:
            return None
        val = args[0]
        base = super(_DateTimeValue, cls)
        if isinstance(val, str):
            if not val.strip():
                return None
            parts = cls._parse(val.strip())
            if parts is None:
                raise ValueError(f"Unable to convert non-conformant value '{val}' to '{cls.__name__}' object")
        elif isinstance(val, cls._python_type):
            parts = cls._components(val)
        else:
            parts = args
        try:
            return base.__new__(cls, *parts, **({} if parts is not args else kwargs))
        except Exception as exc:
            raise ValueError(f"Unable to convert '{val}' to '{cls.__name__}' object") from exc

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        val = args[0]
        if isinstance(val, str):
            self.original_string = val
        elif isinstance(val, type(self)) and "original_string" in val.__dict__:
            self.original_string = val.original_string
        elif isinstance(val, self._python_type):
            self.original_string = self._format(val)

    def __reduce_ex__(self, protocol):
        return super().__reduce_ex__(protocol) + (dict(self.__dict__),)

    def __str__(self) -> str:
        text = self.__dict__.get("original_string")
        return text if text is not None else super().__str__()

    def __repr__(self) -> str:
        return f'"{self}"'


#: PS3.5 table 6.2-1, TM: HH[MM[SS[.F{1,6}]]], hours 00-23, seconds up to 60 (a leap second)
_TM_STRICT = re.compile(r"^([01]\d|2[0-3])(?:([0-5]\d)(?:([0-5]\d|60)(?:\.(\d{0,6}))?)?)?$")
#: PS3.5 table 6.2-1, DT: YYYY[MM[DD[HH[MM[SS[.F{1,6}]]]]]][&ZZXX]
_DT_STRICT = re.compile(r"^(\d{4,14})(?:\.(\d{1,6}))?([+-]\d{4})?$")


def _leap_second(second: int, what: str) -> int:
    if second == 60:
        warnings.warn(
            f"'{what}' doesn't allow a value of '60' for the seconds component, changing to '59'",
            UserWarning,
            stacklevel=5,
        )
        return 59
    return second


def _micro(fraction: str | None) -> int:
    return int(fraction.ljust(6, "0")) if fraction else 0


def _time_text(value: datetime.time | datetime.datetime) -> str:
    text = f"{value.hour:02}{value.minute:02}{value.second:02}"
    return text + (f".{value.microsecond:06}" if value.microsecond else "")


class DA(_DateTimeValue, datetime.date):
    """A Date value (PS3.5 6.2, "DA") as a :class:`datetime.date` that keeps its text.

    Made from ``YYYYMMDD`` (or the ACR-NEMA ``YYYY.MM.DD``), a ``date``, or
    ``date``'s own arguments; blank text and ``None`` give ``None``.  Elements hold
    one when ``config.datetime_conversion`` is True.
    """

    _python_type = datetime.date

    @staticmethod
    def _parse(text: str):
        match = _DA_RE.match(text)
        if match is None or len(text) not in (8, 10) or (len(text) == 10 and text.count(".") != 2):
            return None
        return tuple(int(part) for part in match.groups())

    @staticmethod
    def _components(value: datetime.date) -> tuple:
        return value.year, value.month, value.day

    @staticmethod
    def _format(value: datetime.date) -> str:
        return f"{value.year:04}{value.month:02}{value.day:02}"


class TM(_DateTimeValue, datetime.time):
    """A Time value (PS3.5 6.2, "TM") as a :class:`datetime.time` that keeps its text.

    Made from ``HH[MM[SS[.FFFFFF]]]``, a ``time``, or ``time``'s own arguments;
    blank text and ``None`` give ``None``; a leap second 60 becomes 59 with a warning.
    """

    _python_type = datetime.time

    @staticmethod
    def _parse(text: str):
        match = _TM_STRICT.match(text)
        if match is None:
            return None
        hour, minute, second, fraction = match.groups()
        return int(hour), int(minute or 0), _leap_second(int(second or 0), "datetime.time"), _micro(fraction)

    @staticmethod
    def _components(value: datetime.time) -> tuple:
        return value.hour, value.minute, value.second, value.microsecond

    _format = staticmethod(_time_text)


class DT(_DateTimeValue, datetime.datetime):
    """A Date Time value (PS3.5 6.2, "DT") as a :class:`datetime.datetime` that keeps its text.

    Made from ``YYYY[MM[DD[HH[MM[SS[.FFFFFF]]]]]][&ZZXX]`` (aware when an offset
    is given), a ``datetime``, or ``datetime``'s own arguments; blank text and
    ``None`` give ``None``; a leap second 60 becomes 59 with a warning.
    """

    _python_type = datetime.datetime

    @staticmethod
    def _utc_offset(value: str) -> datetime.timezone:
        """The ``&ZZXX`` suffix (``'-0630'``) as a :class:`datetime.timezone` named by it."""
        minutes = int(value[1:3]) * 60 + int(value[3:5])
        return datetime.timezone(datetime.timedelta(minutes=-minutes if value[0] == "-" else minutes), name=value)

    @classmethod
    def _parse(cls, text: str):
        match = _DT_STRICT.match(text)
        if match is None or len(text) > 26 or len(match.group(1)) % 2:
            return None
        digits, fraction, offset = match.groups()
        parts = [int(digits[i:i + 2 if i else 4]) for i in (0, 4, 6, 8, 10, 12) if len(digits) > i]
        year, month, day, hour, minute, second = parts + [1, 1, 0, 0, 0][len(parts) - 1:]
        second = _leap_second(second, "datetime.datetime")
        micro = _micro(fraction) if len(digits) == 14 else 0
        return year, month, day, hour, minute, second, micro, cls._utc_offset(offset) if offset else None

    @staticmethod
    def _components(value: datetime.datetime) -> tuple:
        return (*value.timetuple()[:6], value.microsecond, value.tzinfo)

    @staticmethod
    def _format(value: datetime.datetime) -> str:
        text = f"{value.year:04}{value.month:02}{value.day:02}{_time_text(value)}"
        offset = value.utcoffset()
        if offset is not None:
            minutes = offset.days * 24 * 60 + offset.seconds // 60
            text += f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02}{abs(minutes) % 60:02}"
        return text
