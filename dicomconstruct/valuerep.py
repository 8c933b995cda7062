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
import re
from typing import Any, Iterator

from . import config
from .validation import is_valid_ds, validate_value

__all__ = [
    "DS",
    "DSfloat",
    "IS",
    "ISfloat",
    "PersonName",
    "DA",
    "TM",
    "DT",
    "MAX_DS_LENGTH",
    "validate_value",
    "is_valid_ds",
]

#: PS3.5 Table 6.2-1: a DS value is at most 16 bytes.
MAX_DS_LENGTH = 16


def _validate_text(VR: str, text: str, validation_mode: int | None) -> None:
    """Check DS/IS text in ``validation_mode`` (None: ``config.settings.reading_validation_mode``)."""
    if validation_mode is None:
        validation_mode = config.settings.reading_validation_mode
    if validation_mode != config.IGNORE:
        validate_value(VR, text, validation_mode)


class DSfloat(float):
    """A Decimal String value: behaves as ``float``, prints as its original text.

    ``str()`` gives the text the value was made from (stripped of padding), or
    Python's shortest float text when made from a number.  ``repr()`` gives
    that text in double quotes, e.g. ``"100.0"``.
    """

    original_string: str

    def __new__(cls, val: Any, auto_format: bool = False, validation_mode: int | None = None):
        if isinstance(val, bytes):
            val = val.decode("ascii")
        if isinstance(val, str):
            text = val.strip(" \x00")
            _validate_text("DS", text, validation_mode)
            try:
                self = super().__new__(cls, text)
            except ValueError:
                raise ValueError(f"Value {val!r} is not valid for elements with a VR of DS") from None
            self.original_string = text
        else:
            self = super().__new__(cls, val)
            original = getattr(val, "original_string", None)
            if original is not None:
                self.original_string = original
        self.auto_format = bool(auto_format or getattr(val, "auto_format", False))
        if self.auto_format:
            self.original_string = format_number_as_ds(float(self))
        return self

    def __str__(self) -> str:
        text = getattr(self, "original_string", None)
        if text is not None:
            return text
        return float.__repr__(self)

    def __repr__(self) -> str:
        return f'"{self}"'

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, str):
            return str(self) == other
        return float.__eq__(self, other)

    def __ne__(self, other: Any) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = float.__hash__

    def __reduce__(self):
        return (_rebuild_number, (type(self), getattr(self, "original_string", None), float(self)))


def _rebuild_number(cls, text, number):
    return cls(text if text is not None else number)


def format_number_as_ds(value: float) -> str:
    """Return the shortest text of at most 16 characters that represents ``value`` (PS3.5 6.2)."""
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{value!r} cannot be written as a DS value")
    text = repr(float(value))
    if text.endswith(".0"):
        text = text[:-2]
    if len(text) <= MAX_DS_LENGTH:
        return text
    for digits in range(MAX_DS_LENGTH, 0, -1):
        text = f"{value:.{digits}g}"
        if len(text) <= MAX_DS_LENGTH:
            return text
    raise ValueError(f"{value!r} cannot be written as a DS value")  # pragma: no cover


def DS(val: Any, auto_format: bool = False, validation_mode: int | None = None):
    """Return ``val`` as a DS value: :class:`DSfloat`, or ``val`` itself when ``None`` or blank.

    Text is checked against the DS grammar of PS3.5 table 6.2-1 in ``validation_mode``
    (default ``config.settings.reading_validation_mode``, as pydicom); ``auto_format``
    writes a number as the shortest valid DS text.
    """
    if val is None:
        return None
    if isinstance(val, str) and val.strip(" \x00") == "":
        return val
    if isinstance(val, DSfloat) and not auto_format:
        return val
    return DSfloat(val, auto_format, validation_mode)


class ISfloat(float):
    """An IS value that is not a whole number (tolerated on reading, as pydicom does)."""

    def __new__(cls, val: Any):
        self = super().__new__(cls, val)
        if isinstance(val, str):
            self.original_string = val.strip(" \x00")
        return self

    def __str__(self) -> str:
        return getattr(self, "original_string", None) or float.__repr__(self)

    def __repr__(self) -> str:
        return f"'{self}'"


class IS(int):
    """An Integer String value: behaves as ``int``, ``str()`` gives its original text.

    ``None`` and blank text are returned unchanged (empty values).  Text such as
    ``"1.0"`` is accepted when it is a whole number; other fractions give an
    :class:`ISfloat`.
    """

    def __new__(cls, val: Any = 0, validation_mode: int | None = None):
        if val is None:
            return None
        if isinstance(val, bytes):
            val = val.decode("ascii")
        if isinstance(val, str):
            text = val.strip(" \x00")
            if text == "":
                return val
            _validate_text("IS", text, validation_mode)
            try:
                self = super().__new__(cls, text)
            except ValueError:
                try:
                    number = float(text)
                except ValueError:
                    raise ValueError(f"Value {val!r} is not valid for elements with a VR of IS") from None
                if number != int(number):
                    return ISfloat(text)
                self = super().__new__(cls, int(number))
            self.original_string = text
            return self
        if isinstance(val, float) and val != int(val):
            raise TypeError(f"Value {val!r} is not valid for elements with a VR of IS")
        self = super().__new__(cls, val)
        original = getattr(val, "original_string", None)
        if original is not None:
            self.original_string = original
        return self

    def __str__(self) -> str:
        text = getattr(self, "original_string", None)
        return text if text is not None else int.__repr__(self)

    def __repr__(self) -> str:
        return f"'{int.__repr__(self)}'"

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, str):
            return str(self) == other
        return int.__eq__(self, other)

    def __ne__(self, other: Any) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = int.__hash__

    def __reduce__(self):
        return (_rebuild_number, (type(self), getattr(self, "original_string", None), int(self)))


class PersonName:
    """A Person Name value (PS3.5 6.2.1).

    The value holds up to three component groups separated by ``=``
    (alphabetic, ideographic, phonetic), each of up to five components
    separated by ``^`` (family name, given name, middle name, prefix, suffix).
    ``str()`` gives the original text; comparisons with ``str`` compare that text.
    """

    __slots__ = ("original_string", "encodings", "_string")

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

    @property
    def components(self) -> tuple[str, ...]:
        """The component groups present: (alphabetic[, ideographic[, phonetic]]).

        Empty groups at the end are not part of the name (``'A^B='`` has one group).
        """
        groups = self._full.split("=")
        while groups and not groups[-1]:
            groups.pop()
        return tuple(groups)

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


class DA(str):
    """A Date value ``YYYYMMDD`` (PS3.5 6.2, "DA"); ``to_date()`` gives a :class:`datetime.date`.

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


class TM(str):
    """A Time value ``HH[MM[SS[.FFFFFF]]]`` (PS3.5 6.2, "TM"); ``to_time()`` gives a :class:`datetime.time`."""

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


class DT(str):
    """A Date Time value ``YYYY[MM[DD[HH[MM[SS[.F]]]]]][&ZZXX]`` (PS3.5 6.2, "DT").

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
