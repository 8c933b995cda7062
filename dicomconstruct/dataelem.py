"""One data element (PS3.5 7.1): tag, VR, value, plus where it was found in the source.

A :class:`DataElement` made by reading keeps the codec's
:class:`~dicomconstruct.codec.raw.RawElement`.  The writer asks for it through
:attr:`DataElement.raw`, which returns it only while the value still equals
what the raw bytes say, so an unmodified element is copied byte for byte.
"""

from __future__ import annotations

import copy
import datetime
import io
import warnings
from operator import is_
from typing import Any, NamedTuple

from . import config, datadict
from .multival import ConstrainedList, MultiValue
from .format.constants import LUT_DESCRIPTOR_TAGS as _LUT_DESCRIPTOR_TAGS
from .format.constants import UNDEFINED_LENGTH
from .errors import format_tag
from .format.vr import (
    AMBIGUOUS_VRS,
    BACKSLASH_VRS,
    BUFFERABLE_VRS,
    BYTES_VRS,
    CHARSET_VRS,
    DATE_TIME_VRS,
    DEFAULT_REPERTOIRE_VRS,
    LONG_TEXT_VRS,
    TEXT_VRS,
)
from .tag import Tag
from .uid import UID
from .format.value_rules import GRAMMAR, max_length
from .validation import validate_element_value
from .valuerep import DA, DS, DT, IS, TM, DAstr, DSdecimal, DSfloat, DTstr, ISfloat, PersonName, TMstr

__all__ = ["DataElement", "empty_value_for_VR", "convert_value"]

#: VRs whose values are bytes (PS3.5 Table 6.2-1).
BYTES_VR = BYTES_VRS
#: VRs whose values may be ambiguous until the dataset is written (PS3.5 A.1, PS3.6 6).
AMBIGUOUS_VR = frozenset(AMBIGUOUS_VRS)
#: Text VRs (the value is a str).
TEXT_VR = TEXT_VRS
#: Text VRs restricted to the default repertoire (PS3.5 6.1.2): bytes given for them are ASCII.
DEFAULT_CHARSET_VR = DEFAULT_REPERTOIRE_VRS
#: VRs whose single value may contain a backslash (PS3.5 6.2: LT, ST, UT, UR; binary VRs).
ALLOW_BACKSLASH = BACKSLASH_VRS
#: VRs whose values may be long: shown as "Array of N elements" beyond 16 items.
LONG_VALUE_VR = LONG_TEXT_VRS | BYTES_VR | AMBIGUOUS_VR

#: Text VRs whose bytes depend on the Specific Character Set (PS3.5 6.1.2.3).
CHARSET_VR = CHARSET_VRS
#: ... and SQ, whose items' text inherits the character set
_CHARSET_DEPENDENT_VR = CHARSET_VR | {"SQ"}


def empty_value_for_VR(VR: str | None):
    """The value an empty element of ``VR`` has when read (as pydicom: '' for text, None else)."""
    if VR == "SQ":
        from .sequence import Sequence

        return Sequence()
    if VR == "PN":
        return PersonName("")
    if VR in TEXT_VR and VR not in ("DS", "IS"):
        return ""
    return None


def _to_date_text(value: Any, VR: str):
    if VR == "DA" and isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.strftime("%Y%m%d")
    if VR == "TM" and isinstance(value, datetime.time):
        return value.strftime("%H%M%S.%f" if value.microsecond else "%H%M%S")
    if VR == "DT" and isinstance(value, datetime.datetime):
        text = value.strftime("%Y%m%d%H%M%S")
        if value.microsecond:
            text += f".{value.microsecond:06d}"
        if value.utcoffset() is not None:
            text += value.strftime("%z")
        return text
    return value


def _convert_one(VR: str, value: Any):
    """Give one value the Python type of ``VR`` (DS -> DSfloat, PN -> PersonName, UI -> UID ...)."""
    if value is None:
        return None
    if isinstance(value, bytes) and VR in DEFAULT_CHARSET_VR:
        value = value.decode("utf-8")  # as pydicom: ASCII, and a non-ASCII text is reported by validation
    if VR == "IS":
        return IS(value, validation_mode=config.IGNORE)  # checked by DataElement.value
    if VR == "DS":
        return DS(value, validation_mode=config.IGNORE)
    if VR == "PN":
        return PersonName(value)
    if VR == "UI":
        return value if isinstance(value, UID) else UID(value)
    if VR in DATE_TIME_VRS:
        if isinstance(value, (DA, DT, TM)):
            return value
        if config.datetime_conversion and isinstance(value, (str, datetime.date, datetime.time)):
            return _DATETIME_TYPES[VR](value)
        value = _to_date_text(value, VR)
        return _TEXT_TYPES[VR](value) if type(value) is str else value
    if VR == "AT":
        return value if isinstance(value, Tag) else Tag(value)
    return value


def convert_value(VR: str, value: Any, tag: int = 0):
    """Give ``value`` the Python type(s) of ``VR``: lists become :class:`MultiValue`, SQ a :class:`Sequence`."""
    if VR == "SQ":
        from .sequence import Sequence

        if isinstance(value, Sequence):
            return value
        return Sequence(value)
    if isinstance(value, (str, bytes, bytearray, memoryview, PersonName)) or not hasattr(value, "__iter__"):
        return _convert_one(VR, value)
    if VR == "AT" and type(value) is tuple and len(value) == 2 and all(isinstance(v, int) for v in value):
        return _convert_one(VR, value)  # (group, element): one tag, as pydicom
    if not isinstance(value, (list, tuple, MultiValue)):
        try:
            value = list(value)
        except TypeError:  # pragma: no cover - defensive
            return _convert_one(VR, value)
    if len(value) == 1:
        return _convert_one(VR, value[0])
    if tag in _LUT_DESCRIPTOR_TAGS:
        return MultiValue(_identity, value)
    return MultiValue(_converter(VR), value)


def _read_mode() -> int:
    """How a DS or IS text read is checked: RAISE (turned into a report by the dataset), or IGNORE."""
    settings = config.settings
    if settings.reading_validation_mode == config.IGNORE and not settings.strict:
        return config.IGNORE
    return config.RAISE


_DS_GRAMMAR = GRAMMAR["DS"].fullmatch
_IS_GRAMMAR = GRAMMAR["IS"].fullmatch
_DS_MAX = max_length("DS")
_IS_MAX = max_length("IS")


def _read_ds(text: str):
    """A DS text read: checked against PS3.5 table 6.2-1 (``1_0``, ``nan``, ``inf`` are not DS)."""
    if len(text) <= _DS_MAX and _DS_GRAMMAR(text) is not None:  # the usual case: no settings looked up
        return DS(text, validation_mode=config.IGNORE)
    return DS(text, validation_mode=_read_mode())


def _read_is(text: str):
    """An IS text read: checked against PS3.5 table 6.2-1."""
    if len(text) <= _IS_MAX and _IS_GRAMMAR(text) is not None and len(text.strip()) < 10:  # surely in range
        return IS(text, validation_mode=config.IGNORE)
    return IS(text, validation_mode=_read_mode())


#: DA, DT, TM values while ``config.datetime_conversion`` is False (text) and when True (datetime).
_TEXT_TYPES = {"DA": DAstr, "TM": TMstr, "DT": DTstr}
_DATETIME_TYPES = {"DA": DA, "TM": TM, "DT": DT}


class _DateTimeRead:
    """The type of a DA/DT/TM text read: text, or (``config.datetime_conversion``) a datetime.

    A text that is not a valid date or time stays text (pydicom raises).
    """

    __slots__ = ("text_type", "datetime_type")

    def __init__(self, VR: str) -> None:
        self.text_type, self.datetime_type = _TEXT_TYPES[VR], _DATETIME_TYPES[VR]

    def __call__(self, text: str):
        if not config.datetime_conversion:
            return self.text_type(text)
        try:
            return self.datetime_type(text)
        except ValueError:
            return self.text_type(text)


#: Item types of the VRs whose read primitives (str, int ...) need a type of their own.
_READ_TYPES = {
    "IS": _read_is, "DS": _read_ds, "PN": PersonName, "UI": UID, "AT": Tag,
    "DA": _DateTimeRead("DA"), "TM": _DateTimeRead("TM"), "DT": _DateTimeRead("DT"),
}


def convert_primitive(VR: str, primitive: Any, tag: int = 0):
    """:func:`convert_value` for what :func:`~dicomconstruct.codec.values.decode_value` gives.

    The same result, without the type tests that values set by users need:
    a primitive is ``None``, a ``str``, ``int``, ``float``, ``bytes`` or a
    list of these.
    """
    if type(primitive) is not list:
        if primitive is None:
            return None
        make = _READ_TYPES.get(VR)
        return primitive if make is None else make(primitive)
    if len(primitive) == 1:
        make = _READ_TYPES.get(VR)
        item = primitive[0]
        return item if make is None or item is None else make(item)
    values = MultiValue.__new__(MultiValue)
    if tag in _LUT_DESCRIPTOR_TAGS:
        values._constructor = _identity
        values._list = list(primitive)
        return values
    values._constructor = _converter(VR)
    make = _READ_TYPES.get(VR)
    values._list = list(primitive) if make is None else [make(item) for item in primitive]
    return values


def _identity(item: Any) -> Any:
    return item


class _Converter:
    """Picklable callable giving one value the type of its VR (the MultiValue item constructor)."""

    __slots__ = ("VR",)

    def __init__(self, VR: str) -> None:
        self.VR = VR

    def __call__(self, item: Any) -> Any:
        return _convert_one(self.VR, item)

    def __reduce__(self):
        return (_converter, (self.VR,))


_CONVERTERS: dict = {}


def _converter(VR: str) -> _Converter:
    found = _CONVERTERS.get(VR)
    if found is None:
        found = _CONVERTERS[VR] = _Converter(VR)
    return found


#: Types of decoded values that cannot change in place (the usual ones; others are tested).
_IMMUTABLE = frozenset(
    {str, bytes, int, float, type(None), UID, DSfloat, DSdecimal, IS, ISfloat, PersonName, DA, TM, DT, Tag,
     DAstr, TMstr, DTstr}
)

#: Tag objects made for raw elements, shared (tags are immutable); bounded in size.
_TAGS: dict = {}


def _new_tag(tag: int) -> Tag:
    made = Tag(tag)
    if len(_TAGS) < 100_000:
        _TAGS[tag] = made
    return made


class _Unset:
    """Marker: the value has not been decoded from the raw element yet."""

    __slots__ = ()

    def __repr__(self) -> str:  # pragma: no cover
        return "<not decoded>"


UNSET = _Unset()


class DataElement:
    """A data element: :attr:`tag`, :attr:`VR`, :attr:`value` and the names the dictionary gives.

    >>> DataElement(0x00100010, "PN", "Citizen^Jan")
    (0010, 0010) Patient's Name                      PN: 'Citizen^Jan'

    Elements read from a file also tell where they were found: :attr:`file_offset`
    (first byte of the header), :attr:`value_offset`, :attr:`value_length`.
    """

    #: the attributes every element has (others, rarer, are in its __dict__, made when first set)
    __slots__ = ("tag", "VR", "_raw", "_decoder", "_value", "is_undefined_length", "_decoded", "__dict__",
                 "__weakref__")

    descripWidth = 35
    private_creator: str | None = None
    _file_value_tell: int | None = None  # where the value was, for elements made without a raw element
    maxBytesToDisplay = 16
    showVR = True

    def __init__(
        self,
        tag: Any,
        VR: str,
        value: Any,
        file_value_tell: int | None = None,
        is_undefined_length: bool = False,
        already_converted: bool = False,
        validation_mode: int | None = None,
    ) -> None:
        self.tag = tag if isinstance(tag, Tag) else Tag(tag)
        self.VR = VR
        # as pydicom: the reading mode in force when the element is made, unless given
        self._validation_mode = config.settings.reading_validation_mode if validation_mode is None else validation_mode
        self._raw = None
        self._decoder = None
        self._decoded = UNSET
        self.private_creator: str | None = None
        self.is_undefined_length = is_undefined_length
        self._file_value_tell = file_value_tell
        if already_converted:
            self._value = value
        else:
            self.value = value

    # -- value -----------------------------------------------------------------
    # ``_decoded``: UNSET, or as first decoded from the raw element ``(value object, the VR it was
    # decoded with, for a MultiValue its items)``.  While the value is still that object (and a
    # MultiValue still holds those very items) the raw bytes say it exactly.

    @property
    def value(self) -> Any:
        """The element's value, in the Python type of its VR."""
        value = self._value
        if value is UNSET:
            VR = self.VR
            value = self._value = self._decoder.decode(self._raw, VR)
            self._decoded = (value, VR, tuple(value._list) if type(value) is MultiValue else None)
        return value

    @value.setter
    def value(self, val: Any) -> None:
        if isinstance(val, io.BufferedIOBase):
            self._set_buffer(val)
            return
        if self.VR not in ALLOW_BACKSLASH:
            if isinstance(val, str) and "\\" in val:
                val = val.split("\\")
            elif isinstance(val, bytes) and b"\\" in val and self.VR in TEXT_VR:
                val = val.split(b"\\")
        if isinstance(val, (bytearray, memoryview)) and self.VR not in TEXT_VR:
            val = bytes(val)
        mode = self.validation_mode
        if mode != config.IGNORE and self.VR != "SQ":
            self.validate(val, stacklevel=4)
        self._value = convert_value(self.VR, val, int(self.tag))

    #: See :attr:`validation_mode`; None for elements read (the reading mode in force is used).
    _validation_mode = None

    @property
    def validation_mode(self) -> int:
        """How a value assigned is checked against its VR: ``config.IGNORE``, ``WARN`` or ``RAISE``.

        Elements made in code take ``config.settings.reading_validation_mode``
        as it is when they are made (as pydicom); elements read use the mode
        in force when a value is assigned.
        """
        mode = self._validation_mode
        return config.settings.reading_validation_mode if mode is None else mode

    @validation_mode.setter
    def validation_mode(self, mode: int) -> None:
        self._validation_mode = mode

    def validate(self, value: Any, stacklevel: int = 2) -> None:
        """Check ``value`` against the VR (PS3.5 table 6.2-1) in :attr:`validation_mode`.

        A warning or ``ValueError`` names the tag, the keyword and the value.
        """
        if isinstance(value, (list, tuple, MultiValue)):
            value = list(value)
        validate_element_value(int(self.tag), self.VR, value, self.validation_mode, stacklevel=stacklevel + 1)

    def _raw_element(self):
        """The :class:`~dicomconstruct.codec.raw.RawElement` read (made now when ``_raw`` is still only its index
        in the reading data set's store, see ``Dataset._make_all``), or ``None``."""
        raw = self._raw
        if type(raw) is int:
            raw = self._raw = self._decoder.element_at(raw)
        return raw

    @property
    def raw(self):
        """The :class:`~dicomconstruct.codec.raw.RawElement` read, while the value is unmodified; else ``None``.

        "Unmodified" means never decoded, or decoded and still equal to a fresh
        decoding of the raw bytes (for sequences: the same items, each unmodified).
        """
        if self._raw is None or not self._unchanged():
            return None
        return self._raw_element()

    def _unchanged(self) -> bool:
        """True if the element was read and its value is still what its raw bytes say (see :attr:`raw`)."""
        if self._value is UNSET:
            return True
        raw = self._raw
        if self.VR == "SQ":
            return _sequence_unmodified(self._value, self._raw_element())
        if type(raw) is not int and raw.value is None:  # not kept by the reader: decoded now, written from the value
            return False
        current = self._value
        decoded = self._decoded
        if decoded is not UNSET and decoded[0] is current and decoded[1] == self.VR:
            items = decoded[2]
            if items is None:
                if type(current) in _IMMUTABLE or not isinstance(current, (ConstrainedList, list, bytearray)):
                    return True
            elif len(items) == len(current._list) and all(map(is_, items, current._list)):
                return True
        if isinstance(current, bytes) and self.VR in BYTES_VR:
            raw = self._raw_element()
            if isinstance(raw.value, memoryview):
                return current == raw.value
        try:
            fresh = self._decoder(raw, self.VR)
        except Exception:
            return False
        if type(fresh) is not type(current) and not (fresh is None or current is None):
            return False
        return fresh == current and str(fresh) == str(current)

    def _raw_for_encodings(self, encodings) -> Any:
        """:attr:`raw`, if its bytes still mean the value when text is encoded with ``encodings``.

        Text of SH LO ST LT UC UT PN, and sequences (whose items inherit the
        character set), keep their original bytes only when ``encodings`` (in
        force at write time) equal those the element was read with.
        """
        raw = self.raw
        if raw is None or self.VR not in _CHARSET_DEPENDENT_VR:
            return raw
        read = getattr(self._decoder, "read_character_set", None)  # the reading dataset's _RawValues
        return raw if read is not None and list(read) == list(encodings) else None

    @property
    def VM(self) -> int:
        """The value multiplicity: 0 when empty, 1 for a sequence, else the number of values."""
        if self.VR == "SQ":
            return 1
        value = self.value
        if value is None:
            return 0
        if isinstance(value, (str, bytes, PersonName)):
            return 1 if value else 0
        if self.is_buffered:
            from .fileutil import buffer_length

            return 1 if buffer_length(value) else 0
        try:
            return len(value)
        except TypeError:
            return 1

    @property
    def is_empty(self) -> bool:
        if self.VR == "SQ":
            return not self.value
        return self.VM == 0

    @property
    def empty_value(self):
        return empty_value_for_VR(self.VR)

    def clear(self) -> None:
        """Set the value to the empty value of the VR."""
        self._value = self.empty_value

    # -- where it was found ----------------------------------------------------
    @property
    def file_offset(self) -> int | None:
        """Offset of the element's first header byte in the source; ``None`` if not read, or modified."""
        raw = self.raw
        return None if raw is None else raw.header_offset

    @property
    def value_offset(self) -> int | None:
        """Offset of the element's first value byte in the source; ``None`` if not read, or modified."""
        if self._raw is None:
            return self._file_value_tell
        raw = self.raw
        return None if raw is None else raw.value_offset

    @property
    def file_tell(self) -> int | None:
        """pydicom's name for :attr:`value_offset`."""
        return self.value_offset

    @property
    def value_length(self) -> int | None:
        """The value length field as read (0xFFFFFFFF when undefined); ``None`` if not read, or modified."""
        raw = self.raw
        return None if raw is None else raw.length

    @property
    def header_length(self) -> int | None:
        raw = self.raw
        return None if raw is None else len(raw.header)

    @property
    def is_buffered(self) -> bool:
        """True if the value is a binary stream, read when the element is written (pydicom 3)."""
        return isinstance(getattr(self, "_value", None), io.BufferedIOBase)

    def _set_buffer(self, buffer: io.BufferedIOBase) -> None:
        """Keep ``buffer`` as the value of a bytes VR (PS3.5 6.2): open, readable and seekable."""
        if self.VR not in BUFFERABLE_VRS:
            supported = ", ".join(sorted(vr for vr in BUFFERABLE_VRS if vr not in AMBIGUOUS_VR))
            raise ValueError(
                f"Elements with a VR of '{self.VR}' cannot be used with buffered values, "
                f"supported VRs are: {supported}"
            )
        self._check_buffer(buffer)
        self._value = buffer

    def _check_buffer(self, buffer: io.BufferedIOBase) -> None:
        from .fileutil import check_buffer

        try:
            check_buffer(buffer)
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"Invalid buffer for {format_tag(int(self.tag))} '{self.name}': {exc}") from None

    # -- dictionary facts ------------------------------------------------------
    @property
    def is_private(self) -> bool:
        return self.tag.is_private

    @property
    def name(self) -> str:
        """The dictionary name; ``[name]`` for known private elements; 'Private tag data' else."""
        return datadict.element_name(self.tag, self.private_creator)

    def description(self) -> str:
        return self.name

    @property
    def keyword(self) -> str:
        """The dictionary keyword; '' for private and unknown elements."""
        if datadict.dictionary_has_tag(self.tag):
            return datadict.dictionary_keyword(self.tag)
        return ""

    @property
    def is_retired(self) -> bool:
        if datadict.dictionary_has_tag(self.tag):
            return bool(datadict.dictionary_is_retired(self.tag))
        return False

    # -- display ---------------------------------------------------------------
    @property
    def repval(self) -> str:
        """The value as shown by ``str()``: summaries for long values, UID names."""
        value = self.value
        if self.is_buffered:
            return repr(value)  # not read: the stream may be long
        if self.VR in LONG_VALUE_VR:
            try:
                length = len(value)
            except TypeError:
                pass
            else:
                if length > self.maxBytesToDisplay:
                    return f"Array of {length} elements"
        VM = self.VM
        if VM > self.maxBytesToDisplay:
            return f"Array of {VM} elements"
        if isinstance(value, UID):
            return value.name
        if isinstance(value, (DSfloat, DSdecimal)):
            return f'"{value}"'  # the tutorial's form of one DS value; repr() is pydicom 3's '100.0'
        return repr(value)

    def __str__(self) -> str:
        value = self.repval or ""
        name = f"{self.name[: self.descripWidth]:<{self.descripWidth}}"
        if self.showVR:
            return f"{self.tag} {name} {self.VR}: {value}"
        return f"{self.tag} {name} {value}"

    __repr__ = __str__

    def __getitem__(self, key):
        try:
            return self.value[key]
        except TypeError:
            raise TypeError("DataElement value is unscriptable (not a Sequence)") from None

    # -- DICOM JSON model (PS3.18 F.2), in jsonrep.py ------------------------------
    @classmethod
    def from_json(cls, dataset_class, tag, vr, value, value_key, bulk_data_uri_handler=None) -> "DataElement":
        """An element from one DICOM JSON attribute object (PS3.18 F.2); pydicom's signature."""
        from .jsonrep import element_from_json

        return element_from_json(cls, dataset_class, tag, vr, value, value_key, bulk_data_uri_handler)

    def to_json_dict(self, bulk_data_element_handler, bulk_data_threshold) -> dict:
        """The DICOM JSON attribute object of this element (PS3.18 F.2.2)."""
        from .jsonrep import element_to_json_dict

        return element_to_json_dict(self, bulk_data_element_handler, bulk_data_threshold)

    def to_json(self, bulk_data_threshold: int = 1024, bulk_data_element_handler=None, dump_handler=None) -> Any:
        """:meth:`to_json_dict` as JSON text (``dump_handler``, default ``json.dumps`` with sorted keys)."""
        import json

        data = self.to_json_dict(bulk_data_element_handler, bulk_data_threshold)
        return json.dumps(data, sort_keys=True) if dump_handler is None else dump_handler(data)

    # -- comparison and copying ------------------------------------------------
    def __eq__(self, other: Any) -> bool:
        if other is self:
            return True
        if isinstance(other, DataElement):
            if self.tag != other.tag or self.VR != other.VR:
                return False
            if self.is_buffered or other.is_buffered:
                from .fileutil import buffer_equality

                for elem in (self, other):
                    if elem.is_buffered:
                        elem._check_buffer(elem.value)
                first, second = (self, other) if self.is_buffered else (other, self)
                return buffer_equality(first.value, second.value)
            return self.value == other.value
        return NotImplemented

    def __ne__(self, other: Any) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = None

    def __getstate__(self):
        value = self.value
        return {
            "tag": int(self.tag),
            "VR": self.VR,
            "value": value,
            "private_creator": self.private_creator,
            "is_undefined_length": self.is_undefined_length,
            "file_value_tell": self.value_offset,
            "validation_mode": self._validation_mode,
        }

    def __setstate__(self, state) -> None:
        self.tag = Tag(state["tag"])
        self.VR = state["VR"]
        self._value = state["value"]
        self._raw = None
        self._decoder = None
        self._decoded = UNSET
        self.private_creator = state["private_creator"]
        self.is_undefined_length = state["is_undefined_length"]
        self._file_value_tell = state["file_value_tell"]
        self._validation_mode = state.get("validation_mode")

    def __copy__(self) -> "DataElement":
        new = DataElement.__new__(type(self))
        for name in DataElement.__slots__[:-2]:
            setattr(new, name, getattr(self, name))
        new.__dict__.update(self.__dict__)
        return new

    def __deepcopy__(self, memo) -> "DataElement":
        new = DataElement.__new__(type(self))
        memo[id(self)] = new
        value = self.value
        new.tag = self.tag
        new.VR = self.VR
        try:
            new._value = copy.deepcopy(value, memo)
        except Exception as exc:
            if not self.is_buffered:
                raise
            raise ValueError(
                f"Error deepcopying the buffered element {format_tag(int(self.tag))} '{self.name}': {exc}"
            ) from None
        new._raw = self._raw  # immutable record of the source: shared, not copied
        new._decoder = self._decoder
        new._decoded = UNSET
        new.private_creator = self.private_creator
        new.is_undefined_length = self.is_undefined_length
        new._file_value_tell = self._file_value_tell
        new._validation_mode = self._validation_mode
        return new


def _sequence_unmodified(sequence, raw) -> bool:
    """True if ``sequence`` still holds exactly the items read from ``raw``, each unmodified."""
    raw_items = getattr(sequence, "_raw_items", None)
    if not isinstance(raw_items, list) or len(sequence) != len(raw_items):
        return False
    for item, raw_item in zip(sequence, raw_items):
        if getattr(item, "_raw_item", None) is not raw_item or not item._is_unmodified():
            return False
    return True


class RawDataElement(NamedTuple):
    """An element as read, value not decoded: pydicom's public form of a raw element (PS3.5 7.1).

    ``VR`` is ``None`` for Implicit VR; ``value`` the value bytes; ``value_tell``
    their offset in the source.  :func:`convert_raw_data_element` decodes it.
    """

    tag: Tag
    VR: str | None
    length: int
    value: bytes | None
    value_tell: int
    is_implicit_VR: bool
    is_little_endian: bool
    is_raw: bool = True
    is_buffered: bool = False


def convert_raw_data_element(raw: RawDataElement, *, encoding: Any = None, ds: Any = None) -> "DataElement":
    """The :class:`DataElement` of ``raw``: VR and value found by the callbacks of :mod:`dicomconstruct.hooks`.

    ``encoding`` is the Python encodings of the Specific Character Set in force;
    ``ds`` the dataset the element belongs to (for private creators).  A
    ``config.data_element_callback`` may first replace ``raw`` (deprecated in pydicom 3).
    """
    from .hooks import hooks

    data: dict[str, Any] = {}
    if config.data_element_callback:
        raw = config.data_element_callback(raw, **config.data_element_callback_kwargs)
    extra = hooks.raw_element_kwargs
    hooks.raw_element_vr(raw, data, encoding=encoding, ds=ds, **extra)
    hooks.raw_element_value(raw, data, encoding=encoding, ds=ds, **extra)
    return DataElement(
        raw.tag, data["VR"], data["value"], raw.value_tell, raw.length == UNDEFINED_LENGTH, already_converted=True
    )


def _DataElement_from_raw(raw_data_element: RawDataElement, encoding: Any = None, dataset: Any = None) -> "DataElement":
    """:func:`convert_raw_data_element` under its pydicom 2 name (deprecated)."""
    warnings.warn(
        "'dicomconstruct.dataelem.DataElement_from_raw' is deprecated and will be removed in v4.0, "
        "please use 'dicomconstruct.dataelem.convert_raw_data_element' instead",
        DeprecationWarning,
        stacklevel=2,
    )
    return convert_raw_data_element(raw_data_element, encoding=encoding, ds=dataset)


#: pydicom 2 names still given (with a DeprecationWarning) unless ``config._use_future``.
_DEPRECATED = {"DataElement_from_raw": _DataElement_from_raw}


def __getattr__(name: str) -> Any:
    if name in _DEPRECATED and not config._use_future:
        return _DEPRECATED[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
