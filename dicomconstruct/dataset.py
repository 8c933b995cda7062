"""Datasets (PS3.5 7): an ordered mapping of tag -> :class:`DataElement`, with keyword access.

* :class:`Dataset`: ``ds[0x00100010]``, ``ds[0x10, 0x10]``, ``ds["PatientName"]``,
  ``ds.PatientName``; ``in``, ``del``, ``get``, ``setdefault``, ``keys/values/items``,
  ``iterall``, ``walk``, copies and pickling.
* :class:`FileMetaDataset`: the File Meta Information (PS3.10 7.1), group 0002 only.
* :class:`FileDataset`: a dataset read from (or to be written to) a file, with
  ``preamble``, ``file_meta`` and ``filename``.

A dataset read from a file holds the codec's raw elements and turns each into
a :class:`DataElement` the first time it is accessed; values are decoded with
the dataset's Specific Character Set (0008,0005), which sequence items inherit
unless they declare their own (PS3.5 6.1.2.3).
"""

from __future__ import annotations

import copy as _copy
import io
import os
import re
import warnings
from typing import Any, Callable, Iterator

from . import config, datadict
from .codec.raw import VR_NAMES, RawDataset, RawElement, RawFragments
from .dataelem import (
    _READ_TYPES,
    _TAGS,
    CHARSET_VR,
    UNSET,
    DataElement,
    RawDataElement,
    _identity,
    _new_tag,
    convert_primitive,
    convert_raw_data_element,
    empty_value_for_VR,
)
from .errors import BadLengthError, BadVRError, InvalidDicomError, format_tag
from .format.constants import MAX_SHORT_LENGTH, MAX_TAG, SPECIFIC_CHARACTER_SET, UNDEFINED_LENGTH
from .format.vr import BYTES_VALUE_VRS, SINGLE_TEXT_VRS
from .multival import ConstrainedList, MultiValue
from .sequence import Sequence
from .tag import Tag
from .value_readers import READERS as _READERS
from .value_readers import SLOW as _SLOW

__all__ = ["Dataset", "FileDataset", "FileMetaDataset", "PrivateBlock"]

_CAMEL_CASE = re.compile(r"^(?:[A-Za-z](?=.*?[A-Z])[A-Za-z0-9]+|[A-Z][A-Za-z0-9]+)$")


def _invalid_keyword(name: str) -> None:
    """A camel case attribute name that is no keyword: as ``config.INVALID_KEYWORD_BEHAVIOR`` says."""
    message = f"Camel case attribute '{name}' used which is not in the element keyword data dictionary"
    if config.INVALID_KEYWORD_BEHAVIOR == "RAISE":  # pydicom's switch (see config.future_behavior)
        raise ValueError(message)
    if config.INVALID_KEYWORD_BEHAVIOR == "WARN":
        warnings.warn(message, UserWarning, stacklevel=3)
_SPECIFIC_CHARACTER_SET = SPECIFIC_CHARACTER_SET
_new_object = object.__new__
#: tag -> VR of the standard dictionary entries (filled on first lookup; what vr_for_tag finds first)
_STANDARD_VR = datadict.STANDARD_VR
_DEFAULT_ENCODINGS = ["iso8859"]
#: VRs whose decoded value is given as ``bytes``
_BYTES_VRS = BYTES_VALUE_VRS
#: codec.values.decode_value, imported on first use
_decode_value = None
#: attributes recording where a dataset read was found: shared by copies, dropped by pickling
_SOURCE_RECORD = frozenset({"_raw_dataset", "_raw_item", "_parsed", "_buffer", "_source", "_raw_values"})
#: What a dataset read holds for an element not used yet: its RawElement, or the RawDataset that makes it.
_UNDECODED = (RawElement, RawDataset)


def _tag_of(key: Any) -> int:
    """The tag as an int for any key form: int, (group, element), [group, element], keyword, Tag."""
    if type(key) is int:
        return key
    if isinstance(key, int):
        return int(key)
    if isinstance(key, str):
        tag = datadict.tag_for_keyword(key)
        if tag is not None:
            return tag
        try:
            return int(Tag(key))  # a tag in hex, "00100010" or "0x00100010", as pydicom accepts
        except (ValueError, OverflowError):
            raise KeyError(f"'{key}' is neither a DICOM keyword nor a tag") from None
    return int(Tag(key))


def _encodings_of(value: Any) -> list[str]:
    """Python codecs for a Specific Character Set value of any type (garbage read with force=True too)."""
    from . import charset

    if isinstance(value, memoryview):
        value = bytes(value)
    elif value is not None and not isinstance(value, (str, bytes, bytearray, list, tuple, MultiValue)):
        value = str(value)
    return charset.python_encodings(value)  # which takes text, bytes or a list of terms


def _invalid_key(key: Any, exc: Exception) -> None:
    """``key in dataset`` with a key that is no tag or keyword: as pydicom's
    ``config.INVALID_KEY_BEHAVIOR`` says (``"WARN"``, the default, ``"RAISE"`` or ``"IGNORE"``)."""
    message = (
        f"Invalid value '{key}' used with the 'in' operator: must be an element tag as a 2-tuple or int, "
        "or an element keyword"
    )
    if isinstance(exc, OverflowError):
        message = (
            "Invalid element tag value used with the 'in' operator: tags have a maximum value of (0xFFFF, 0xFFFF)"
        )
    behaviour = vars(config).get("INVALID_KEY_BEHAVIOR", "WARN")
    if behaviour == "RAISE":
        raise ValueError(message) from exc
    if behaviour == "WARN":
        warnings.warn(message, UserWarning, stacklevel=3)


def _deprecated_encoding_property(name: str, argument: str, doc: str) -> property:
    """pydicom 3's deprecated ``Dataset.is_implicit_VR`` / ``is_little_endian``: set with a
    DeprecationWarning, gone under ``config._use_future``."""
    stored = "_" + name

    def get(self):
        if vars(config).get("_use_future", False):
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
        return self.__dict__.get(stored)

    def set(self, value) -> None:
        self._deprecated_encoding_attribute(name, argument)
        object.__setattr__(self, stored, value)

    return property(get, set, doc=doc)


def _value_1(value: Any) -> Any:
    """Value 1 of a multi-valued value (None when it has none), else the value itself."""
    if isinstance(value, (list, ConstrainedList)):
        return value[0] if len(value) else None
    return value


def _raw_terms(raw: RawElement) -> str | None:
    """The text of a Specific Character Set element as read (any VR: its bytes taken as ASCII text)."""
    data = raw.value
    if not isinstance(data, memoryview):
        return None
    return bytes(data).decode("latin-1").rstrip("\x00 ") or None


def _encodings_in_force(dataset: "Dataset", parent_encodings) -> list[str]:
    """The Python codecs for ``dataset``'s text as it stands now (PS3.5 6.1.2.3).

    Its own Specific Character Set (0008,0005) when present (as read, or as
    set since), else ``parent_encodings``, those of the enclosing dataset.
    """
    elem = dataset._dict.get(_SPECIFIC_CHARACTER_SET)
    if elem is None:
        return list(parent_encodings or _DEFAULT_ENCODINGS)
    if type(elem) is RawDataset:
        elem = elem.get(_SPECIFIC_CHARACTER_SET)
    if type(elem) is RawElement:
        return _encodings_of(_raw_terms(elem))
    return _encodings_of(elem.value)


def _import_decode_value():
    global _decode_value
    from .codec.values import decode_value

    _decode_value = decode_value
    return decode_value


_reads_ascii_as_ascii = None


def _import_reads_ascii():
    global _reads_ascii_as_ascii
    from .charset import reads_ascii_as_ascii

    _reads_ascii_as_ascii = reads_ascii_as_ascii
    return reads_ascii_as_ascii


def _decoded_text(value: Any, VR: str, encodings: list[str]) -> Any:
    """``value`` with bytes (and PN made from bytes) decoded with ``encodings``; itself if none were."""
    from .charset import decode_text
    from .valuerep import PersonName

    if isinstance(value, MultiValue):
        items = [_decoded_text(item, VR, encodings) for item in value]
        return value if all(a is b for a, b in zip(items, value)) else items
    if isinstance(value, PersonName):
        return value.decode(encodings) if value._string is None or value.encodings else value
    if isinstance(value, (bytes, bytearray)):
        text = decode_text(value, VR, encodings)
        return text.split("\\") if "\\" in text and VR not in SINGLE_TEXT_VRS else text
    return value


def _check_header(raw: RawElement) -> None:
    """Report an odd value length (PS3.5 7.1.1) or an explicit VR the dictionary disagrees with."""
    length = raw.length
    tag = raw.tag
    if length & 1 and length != UNDEFINED_LENGTH:
        config.report(BadLengthError(f"value length {length} is odd (PS3.5 7.1.1)", tag=tag,
                                     offset=raw.header_offset))
    VR = raw.VR
    if raw.implicit_vr or VR == "UN" or tag >> 16 & 1 or not tag & 0xFFFF:
        return
    expected = datadict.vr_for_tag(tag)
    if expected is None or VR == expected or VR in expected.split(" or "):
        return
    config.report(BadVRError(f"VR {VR} disagrees with the dictionary's {expected}", tag=tag,
                             offset=raw.header_offset))


class _RawValues:
    """Decodes the raw elements of one dataset read: values on first access (PS3.5 6.2, 7.5).

    It knows what decoding needs, the character set the values were encoded
    with (PS3.5 6.1.2.3) and where the bytes are, but not the dataset itself:
    the elements that call it make no reference cycle with their dataset,
    which is freed as soon as it is no longer used.
    """

    __slots__ = ("raw_dataset", "parent_encoding", "source", "buffer", "_encodings", "_plain")

    def __init__(self, raw_dataset, parent_encoding, source, buffer) -> None:
        self.raw_dataset = raw_dataset
        self.parent_encoding = parent_encoding
        self.source = source
        self.buffer = buffer
        self._encodings = None
        self._plain = None

    @property
    def read_character_set(self) -> list[str]:
        """The Python codecs the raw elements were encoded with (see :attr:`Dataset._read_character_set`)."""
        encodings = self._encodings
        if encodings is None:
            raw = self.raw_dataset.get(_SPECIFIC_CHARACTER_SET)
            encodings = self.parent_encoding if raw is None else _encodings_of(_raw_terms(raw))
            self._encodings = encodings
        return encodings

    def plain_text(self) -> bool:
        """True if the character set the values were encoded with reads ASCII bytes as ASCII text."""
        plain = self._plain
        if plain is None:
            plain = self._plain = (_reads_ascii_as_ascii or _import_reads_ascii())(self.read_character_set)
        return plain

    def element_at(self, index: int) -> RawElement:
        """The raw element at ``index`` of the store of the data set read (made once)."""
        raw_dataset = self.raw_dataset
        return raw_dataset.store.element(index, raw_dataset.little_endian)

    def decode(self, raw, VR: str):
        """Decode the value of ``raw`` (a :class:`RawElement`, or the store index of a plain one: its value
        the bytes after its header) as ``VR`` into Python types (also by calling the object)."""
        if type(raw) is int:
            raw_dataset = self.raw_dataset
            data = raw_dataset.store.value_view(raw)
            if data:
                reader = _READERS[raw_dataset.little_endian].get(VR)
                if reader is not None:
                    value = reader(data, self)
                    if value is not _SLOW:
                        return value
            raw = self.element_at(raw)
        data = raw.value
        if type(data) is memoryview and data:
            reader = _READERS[raw.little_endian].get(VR)
            if reader is not None:
                value = reader(data, self)
                if value is not _SLOW:
                    return value
        if type(data) is not memoryview or VR == "SQ":
            return self.decode_other(raw, VR, data)
        return self.decode_bytes(raw, VR, data)

    __call__ = decode

    def decode_other(self, raw: RawElement, VR: str, data):
        """Decode a sequence, encapsulated fragments, or a value that was not kept in memory."""
        if data is None:
            data = self.read_deferred(raw)
        if VR == "SQ" and isinstance(data, memoryview):
            # UN holding an Implicit VR Little Endian sequence (PS3.5 6.2.2)
            from .codec.reader import parse_sequence_value

            data = parse_sequence_value(raw)
        if isinstance(data, list):
            encodings, source, buffer = self.read_character_set, self.source, self.buffer
            make = Dataset._from_raw
            items = [make(raw_item.dataset, encodings, source, raw_item, buffer) for raw_item in data]
            return Sequence._read(items, data, raw.length == UNDEFINED_LENGTH)
        if isinstance(data, RawFragments):
            # Encapsulated Pixel Data (PS3.5 A.4): the item stream as stored, as pydicom gives it.
            return bytes(data.stream)
        return self.decode_bytes(raw, VR, data)

    def decode_bytes(self, raw: RawElement, VR: str, data):
        """Decode the value bytes ``data`` of ``raw`` as ``VR`` (not a sequence nor fragments)."""
        if len(data) == 0:
            return empty_value_for_VR(VR)
        if VR in CHARSET_VR and raw.tag != _SPECIFIC_CHARACTER_SET:
            encodings = self.read_character_set
        else:
            encodings = _DEFAULT_ENCODINGS
        decode = _decode_value or _import_decode_value()
        try:
            primitive = decode(VR, data, raw.little_endian, encodings, tag=raw.tag, offset=raw.value_offset)
        except InvalidDicomError as error:
            self._locate(error, raw)
        if type(primitive) is not list:  # convert_primitive's first case, inline: it is the common one
            make = _READ_TYPES.get(VR)
            if make is None:
                if VR in _BYTES_VRS and isinstance(primitive, (memoryview, bytearray)):
                    return bytes(primitive)
                return primitive
            if primitive is None:
                return None
        try:
            return convert_primitive(VR, primitive, raw.tag)
        except (ValueError, TypeError, OverflowError) as error:
            return self._keep_invalid(raw, VR, primitive, error)

    @staticmethod
    def _locate(error: InvalidDicomError, raw: RawElement):
        """Raise ``error`` (strict mode) naming the element's tag and offset when it does not."""
        if error.tag is None and error.offset is None:
            raise type(error)(error.reason, tag=raw.tag, offset=raw.value_offset) from None
        raise error

    @staticmethod
    def _keep_invalid(raw: RawElement, VR: str, primitive: Any, error: Exception):
        """After a report (``config.report_value``), an invalid DS/IS text still converted when it can be
        (``1_0`` as 10.0, as pydicom does), else kept as read."""
        config.report_value(BadVRError(f"invalid {VR} value {primitive!r}: {error}", tag=raw.tag,
                                       offset=raw.value_offset))
        with config.disable_value_validation():
            try:
                return convert_primitive(VR, primitive, raw.tag)
            except (ValueError, TypeError, OverflowError):
                pass
        if isinstance(primitive, list):
            return MultiValue(_identity, primitive)
        return primitive

    def read_deferred(self, raw: RawElement):
        """The value the reader left in the file (longer than ``defer_size``): bytes, or fragments.

        Read through the source's :class:`~dicomconstruct.codec.source.FileRef`, which
        raises :class:`~dicomconstruct.errors.SourceChangedError` if the file is no
        longer the one read; kept in ``raw`` so that it is read once and written back
        as read.  Encapsulated Pixel Data (undefined length, PS3.5 A.4) is read up to
        the end of its Sequence Delimitation Item and framed again into fragments.
        """
        source = self.source
        if source is None:
            return b""
        if raw.length == UNDEFINED_LENGTH:
            from .codec.reader import parse_fragments

            data = source.read(raw.value_offset, raw.end_offset - raw.value_offset, tag=raw.tag)
            raw.value = parse_fragments(raw, data)
            return raw.value
        data = source.read(raw.value_offset, raw.length, tag=raw.tag)
        raw.value = memoryview(data)
        return data


class PrivateBlock:
    """The elements of one private creator's block: (gggg,xx00)-(gggg,xxFF) for creator (gggg,00xx) (PS3.5 7.8.1)."""

    def __init__(self, key: tuple[int, str], dataset: "Dataset", private_creator_element: int) -> None:
        self.group, self.private_creator = key
        self.dataset = dataset
        self.block_start = private_creator_element << 8

    def get_tag(self, element_offset: int) -> Tag:
        if not 0 <= element_offset <= 0xFF:
            raise ValueError("Element offset must be less than 256")
        return Tag(self.group, self.block_start + element_offset)

    def __contains__(self, element_offset: int) -> bool:
        return self.get_tag(element_offset) in self.dataset

    def __getitem__(self, element_offset: int) -> DataElement:
        return self.dataset[self.get_tag(element_offset)]

    def __delitem__(self, element_offset: int) -> None:
        del self.dataset[self.get_tag(element_offset)]

    def add_new(self, element_offset: int, VR: str, value: Any) -> None:
        """Add (or replace) the element at ``element_offset`` in this block."""
        tag = self.get_tag(element_offset)
        self.dataset.add_new(tag, VR, value)
        self.dataset[tag].private_creator = self.private_creator


class Dataset:
    """A collection of data elements, keyed by tag, iterated in tag order.

    >>> ds = Dataset()
    >>> ds.PatientName = "Citizen^Jan"
    >>> ds
    (0010, 0010) Patient's Name                      PN: 'Citizen^Jan'
    """

    indent_chars = "    "
    #: the array :attr:`pixel_array` last decoded, and the ids of the values it was decoded from
    _pixel_array = None
    _pixel_id: dict = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        object.__setattr__(self, "_dict", {})
        object.__setattr__(self, "_raw_dataset", None)
        object.__setattr__(self, "_raw_item", None)
        object.__setattr__(self, "_parent_encoding", kwargs.get("parent_encoding", _DEFAULT_ENCODINGS))
        object.__setattr__(self, "_private_blocks", {})
        object.__setattr__(self, "_source", None)
        object.__setattr__(self, "_buffer", None)
        object.__setattr__(self, "_raw_values", None)
        if args:
            source = args[0]
            if isinstance(source, Dataset):
                for tag in source._dict:
                    self._dict[tag] = source[tag]
            else:
                for tag, elem in dict(source).items():
                    self[tag] = elem

    @classmethod
    def _from_raw(cls, raw_dataset, parent_encoding=None, source=None, raw_item=None, buffer=None) -> "Dataset":
        """A dataset over a :class:`~dicomconstruct.codec.raw.RawDataset`; elements decode on access."""
        ds = cls.__new__(cls)
        parent_encoding = parent_encoding or _DEFAULT_ENCODINGS
        # what Dataset.__init__ sets, in one update (elements made on first use)
        ds.__dict__.update({
            "_dict": raw_dataset.lazy_dict(), "_raw_dataset": raw_dataset, "_raw_item": raw_item,
            "_parent_encoding": parent_encoding, "_private_blocks": {}, "_source": source, "_buffer": buffer,
            "_raw_values": _RawValues(raw_dataset, parent_encoding, source, buffer)})
        return ds

    @property
    def seq_item_tell(self) -> int | None:
        """Where this sequence item's Item tag (FFFE,E000) starts in the file it was read from (PS3.5 7.5).

        An absolute byte offset, as a DICOMDIR's record offsets count them (PS3.3 F.3.2.2);
        ``None`` for a dataset not read as an item.  pydicom's name; it can be set.
        """
        told = self.__dict__.get("_seq_item_tell")
        if told is not None:
            return told
        raw_item = self.__dict__.get("_raw_item")
        return None if raw_item is None else raw_item.offset

    @seq_item_tell.setter
    def seq_item_tell(self, offset: int | None) -> None:
        object.__setattr__(self, "_seq_item_tell", offset)

    # -- character set ---------------------------------------------------------
    @property
    def _character_set(self) -> list[str]:
        """The Python codecs for this dataset's text as it stands now (see :func:`_encodings_in_force`)."""
        return _encodings_in_force(self, self._parent_encoding)

    @property
    def _read_character_set(self) -> list[str]:
        """The Python codecs the raw elements were encoded with when read.

        From the Specific Character Set as it was read (whatever has been done
        to the element since), else the parent's as read.  Raw values are always
        decoded with these, and written back as they are only while they still
        equal the encodings in force at write time.
        """
        raw_values = self.__dict__.get("_raw_values")
        return self._parent_encoding if raw_values is None else raw_values.read_character_set

    # -- encoding as read (pydicom 3) ---------------------------------------------
    @property
    def original_encoding(self) -> tuple:
        """``(implicit VR, little endian)`` the dataset was decoded with; ``(None, None)`` if made in memory."""
        return self.__dict__.get("_read_implicit"), self.__dict__.get("_read_little")

    def set_original_encoding(self, is_implicit_vr, is_little_endian, character_encoding=None) -> None:
        """Set :attr:`original_encoding` (``None``: unknown) and, unless ``None``, :attr:`original_character_set`."""
        object.__setattr__(self, "_read_implicit", is_implicit_vr)
        object.__setattr__(self, "_read_little", is_little_endian)
        if character_encoding is not None:
            object.__setattr__(self, "_read_charset", character_encoding)

    @property
    def original_character_set(self):
        """The Python codecs of the Specific Character Set (PS3.3 C.12.1.1.2) as read; ``""`` if made in memory."""
        found = self.__dict__.get("_read_charset")
        if found is None and self.__dict__.get("_raw_values") is not None:
            return self._read_character_set  # decoded when first asked for
        return "" if found is None else found

    def _deprecated_read_attribute(self, name: str, replacement: str) -> None:
        cls = type(self).__name__
        if vars(config).get("_use_future", False):
            raise AttributeError(f"'{cls}' object has no attribute '{name}'")
        warnings.warn(f"'{cls}.{name}' will be removed in v4.0, use '{cls}.{replacement}' instead",
                      DeprecationWarning, stacklevel=3)

    @property
    def read_encoding(self):
        """pydicom 3's deprecated name of :attr:`original_character_set`."""
        self._deprecated_read_attribute("read_encoding", "original_character_set")
        return self.original_character_set

    @read_encoding.setter
    def read_encoding(self, value) -> None:
        self._deprecated_read_attribute("read_encoding", "original_character_set")
        object.__setattr__(self, "_read_charset", value)

    @property
    def read_implicit_vr(self):
        """pydicom 3's deprecated ``original_encoding[0]``."""
        self._deprecated_read_attribute("read_implicit_vr", "original_encoding[0]")
        return self.original_encoding[0]

    @property
    def read_little_endian(self):
        """pydicom 3's deprecated ``original_encoding[1]``."""
        self._deprecated_read_attribute("read_little_endian", "original_encoding[1]")
        return self.original_encoding[1]

    @property
    def is_original_encoding(self) -> bool:
        """True if the encoding set for writing (and the character set) is the one the dataset was read with."""
        if vars(config).get("_use_future", False):
            return self.original_character_set == self._character_set
        current = (self.__dict__.get("_is_implicit_VR"), self.__dict__.get("_is_little_endian"))
        return None not in current and self.original_encoding == current and (
            self.original_character_set == self._character_set)

    def _deprecated_encoding_attribute(self, name: str, replacement: str) -> None:
        cls = type(self).__name__
        if vars(config).get("_use_future", False):
            raise AttributeError(f"'{cls}' object has no attribute '{name}'")
        warnings.warn(
            f"'{cls}.{name}' will be removed in v4.0, set the Transfer Syntax UID or use the "
            f"'{replacement}' argument with {cls}.save_as() or dcmwrite() instead",
            DeprecationWarning,
            stacklevel=3,
        )

    is_implicit_VR = _deprecated_encoding_property(
        "is_implicit_VR", "implicit_vr",
        "The VR encoding to write with (pydicom 3 deprecates it: set the Transfer Syntax UID instead).")
    is_little_endian = _deprecated_encoding_property(
        "is_little_endian", "little_endian",
        "The byte order to write with (pydicom 3 deprecates it: set the Transfer Syntax UID instead).")

    # -- raw element conversion ------------------------------------------------
    def _private_creator_of(self, tag: int) -> str | None:
        element = tag & 0xFFFF
        if element >> 8 == 0:
            return None
        creator_tag = (tag & 0xFFFF0000) | (element >> 8)
        creator = self._dict.get(creator_tag)
        if creator is None:
            return None
        if type(creator) is not DataElement:
            creator = self[creator_tag]
        value = creator.value
        if type(value) is str:
            return value.strip() or None
        value = _value_1(value)
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        return str(value).strip() if value else None

    def _resolve_vr(self, raw: RawElement) -> str:
        """The VR to decode ``raw`` with (PS3.5 6.2.2 for UN; private dictionary for private tags)."""
        VR = raw.VR
        if isinstance(raw.value, list):
            return "SQ"
        if VR == "UN" and config.replace_un_with_known_vr:
            tag = raw.tag
            if (tag >> 16) & 1:  # private
                element = tag & 0xFFFF
                if 0x10 <= element <= 0xFF:
                    return "LO"
                creator = self._private_creator_of(tag)
                if creator:
                    found = datadict.private_vr_for(tag, creator)
                    if found and " or " not in found and found != "SQ":
                        return found
            elif raw.length == UNDEFINED_LENGTH or raw.length < MAX_SHORT_LENGTH:
                found = datadict.vr_for_tag(tag)
                if found and " or " not in found:
                    return found
        return VR

    def _vr_as_read(self, elem: DataElement, raw: RawElement) -> bool:
        """True if ``elem`` has the VR it was given when made from ``raw`` (:meth:`_make`): the VR read,
        SQ for a sequence, or the known VR of an element read as UN (PS3.5 6.2.2).  A VR set since means
        the value must be encoded again (PS3.5 7.1.2: the header holds the VR)."""
        if elem.VR == raw.VR:
            return True
        if raw.is_sequence:
            return elem.VR == "SQ"
        return raw.VR == "UN" and elem.VR == self._resolve_vr(raw)

    def _element(self, tag: int, elem) -> DataElement:
        """Turn the raw element stored under ``tag`` into a :class:`DataElement` (once): see :meth:`_make`
        and :meth:`_make_from_store`."""
        if type(elem) is RawDataset:
            if elem.store is not None:
                i = elem._find(tag)
                if i is not None:
                    self._make_from_store(elem, ((tag, i),))
                    return self._dict[tag]
            elem = elem.get(tag)
        self._make(((tag, elem),))
        return self._dict[tag]

    def _make(self, raw_elements) -> None:
        """Turn each ``(tag, RawElement)`` of ``raw_elements`` into the :class:`DataElement` stored under ``tag``.

        Oddities of the element's header are reported here, when it is first
        used (a warning, or an error in strict mode): an odd value length
        (PS3.5 7.1.1) and an explicit VR that disagrees with the dictionary.
        One loop for one element (:meth:`_element`) or many (those :meth:`_make_all` does not make from
        the store's arrays).
        """
        stored, decoder, standard_vr, tags = self._dict, self._raw_values, _STANDARD_VR, _TAGS
        for tag, elem in raw_elements:
            VR = elem.VR
            length = elem.length
            if (length & 1 and length != UNDEFINED_LENGTH) or standard_vr.get(tag) != VR:
                _check_header(elem)  # the usual element, of even length and its dictionary VR, skips the call
            if VR == "UN" or isinstance(elem.value, list):
                VR = self._resolve_vr(elem)
            # an element whose value decoder.decode(elem, VR) gives on first access (hot: no __init__)
            new = _new_object(DataElement)
            new.tag = tags.get(tag) or _new_tag(tag)
            new.VR = VR
            new._raw = elem
            new._decoder = decoder
            new._value = new._decoded = UNSET
            new.is_undefined_length = length == UNDEFINED_LENGTH
            if tag >> 16 & 1:
                new.private_creator = self._private_creator_of(tag)
            stored[tag] = new

    def _make_all(self, raw_dataset: RawDataset) -> None:
        """:meth:`_make` of every element not used yet (``raw_dataset`` is the store-backed data set read)."""
        self._make_from_store(raw_dataset, raw_dataset.indexes())
        self.__dict__["_raw_made"] = True

    def _make_from_store(self, raw_dataset: RawDataset, indexes) -> None:
        """:meth:`_make` of the elements ``(tag, store index)`` of ``indexes`` not used yet, read into
        ``raw_dataset`` (store-backed).

        A plain element (its value the bytes after its header, not a sequence, of even length, with its
        dictionary VR, or a private one with a VR other than UN; not made into a raw element yet) keeps only
        its store index until its raw element is asked for (``DataElement._raw_element``): the
        usual one costs one object, not three.
        """
        stored, decoder, standard_vr, tags = self._dict, self._raw_values, datadict.standard_vr_table(), _TAGS
        store = raw_dataset.store
        lengths, vrs, extra, names, made = store.lengths, store.vrs, store.extra, VR_NAMES, store.made
        made_count = len(made)
        little = raw_dataset.little_endian
        others = []
        for tag, i in indexes:
            if stored.get(tag) is not raw_dataset:
                continue
            VR = names[vrs[i]]
            length = lengths[i]
            private = tag >> 16 & 1
            if length & 1 or i in extra or VR == "SQ" or (i < made_count and made[i] is not None) or (
                    standard_vr.get(tag) != VR and (VR == "UN" or not private)):
                others.append((tag, store.element(i, little)))  # reported, resolved or made already
                continue
            new = _new_object(DataElement)
            new.tag = tags.get(tag) or _new_tag(tag)
            new.VR = VR
            new._raw = i
            new._decoder = decoder
            new._value = new._decoded = UNSET
            new.is_undefined_length = False
            if private:
                new.private_creator = self._private_creator_of(tag)
            stored[tag] = new
        if others:
            self._make(others)

    def _is_unmodified(self) -> bool:
        """True if this dataset holds exactly the raw elements read, none modified."""
        raw_dataset = self._raw_dataset
        if raw_dataset is None or len(self._dict) != len(raw_dataset):
            return False
        for tag, elem in self._dict.items():
            if elem is raw_dataset:
                continue  # never used
            if type(elem) is DataElement and type(elem._raw) is int:  # made from the store (_make_all)
                if elem._decoder is not self._raw_values or raw_dataset._find(tag) != elem._raw or \
                        elem.VR != VR_NAMES[raw_dataset.store.vrs[elem._raw]] or not elem._unchanged():
                    return False
                continue
            original = raw_dataset.get(tag)
            if original is None:
                return False
            if elem is original:
                continue
            if not isinstance(elem, DataElement) or elem.raw is not original or not self._vr_as_read(elem, original):
                return False
        return True

    # -- mapping access ----------------------------------------------------------
    def __getitem__(self, key: Any):
        if isinstance(key, slice):
            return self._dataset_slice(key)
        tag = _tag_of(key)
        try:
            elem = self._dict[tag]
        except KeyError:
            raise KeyError(Tag(tag)) from None
        if type(elem) in _UNDECODED:
            elem = self._element(tag, elem)
        return elem

    def __setitem__(self, key: Any, elem: DataElement) -> None:
        if isinstance(key, slice):
            raise NotImplementedError("Slicing is not supported when setting Dataset items")
        if isinstance(elem, RawDataElement):  # pydicom's raw form: decoded now, with this dataset's charset
            elem = convert_raw_data_element(elem, encoding=self._character_set, ds=self)
        if not isinstance(elem, (DataElement, RawElement)):
            raise TypeError("Dataset items must be 'DataElement' instances")
        try:
            tag = _tag_of(key)
        except (KeyError, ValueError, TypeError, OverflowError) as exc:
            raise ValueError(f"Unable to convert the key '{key}' to an element tag") from exc
        if tag != elem.tag:
            raise ValueError(
                f"The key '{Tag(tag)}' doesn't match the 'DataElement' tag '{Tag(elem.tag)}'"
            )
        self._check_element(tag)
        if isinstance(elem, DataElement) and tag >> 16 & 1 and elem.private_creator is None:
            elem.private_creator = self._private_creator_of(tag)
        self._dict[tag] = elem

    def _check_element(self, tag: int) -> None:
        """Hook for subclasses that accept only some tags."""

    def __delitem__(self, key: Any) -> None:
        if isinstance(key, slice):
            for tag in self._slice_tags(key):
                del self._dict[tag]
            return
        tag = _tag_of(key)
        try:
            del self._dict[tag]
        except KeyError:
            raise KeyError(Tag(tag)) from None
        self._private_blocks.clear()

    def __contains__(self, key: Any) -> bool:
        try:
            tag = _tag_of(key)
            if not 0 <= tag <= MAX_TAG:
                raise OverflowError(tag)
        except (KeyError, ValueError, TypeError, OverflowError) as exc:
            _invalid_key(key, exc)
            return False
        return tag in self._dict

    def __len__(self) -> int:
        return len(self._dict)

    def __bool__(self) -> bool:
        return bool(self._dict)

    def __iter__(self) -> Iterator[DataElement]:
        stored = self._dict
        raw_dataset = self._raw_dataset
        if raw_dataset is not None and raw_dataset.store is not None and "_raw_made" not in self.__dict__:
            self._make_all(raw_dataset)  # every element is used: made in one loop rather than one by one
        for tag in sorted(stored):
            elem = stored.get(tag)
            if type(elem) in _UNDECODED:
                elem = self._element(tag, elem)
            elif elem is None:  # removed meanwhile
                elem = self[tag]
            yield elem

    def __reversed__(self) -> Iterator[DataElement]:
        for tag in sorted(self._dict, reverse=True):
            yield self[tag]

    def elements(self) -> Iterator[DataElement]:
        """The top-level elements in tag order (decoded)."""
        return iter(self)

    def keys(self) -> list[Tag]:
        """The tags, in tag order."""
        return [Tag(tag) for tag in sorted(self._dict)]

    def values(self) -> list[DataElement]:
        return list(self)

    def items(self) -> list[tuple[Tag, DataElement]]:
        return [(Tag(tag), self[tag]) for tag in sorted(self._dict)]

    def get(self, key: Any, default: Any = None) -> Any:
        """The value for a keyword, the element for a tag; ``default`` when absent."""
        if isinstance(key, str):
            try:
                return getattr(self, key)
            except AttributeError:
                return default
        try:
            tag = _tag_of(key) if type(key) is not int else int(Tag(key))
        except (KeyError, ValueError, TypeError, OverflowError):
            raise TypeError("Dataset.get key must be a string or tag") from None
        return self[tag] if tag in self._dict else default

    def get_item(self, key: Any, *, keep_deferred: bool = False) -> Any:
        """The stored element or raw element for ``key`` without decoding it.

        A value left in the file (``defer_size``) is read first, unless ``keep_deferred``
        (pydicom 3's argument): then the raw element comes back with its value still ``None``.
        """
        if isinstance(key, slice):
            return self._dataset_slice(key)
        tag = _tag_of(key)
        elem = self._dict.get(tag)
        if type(elem) is RawDataset:  # not used yet: its raw element is made now
            elem = self._dict[tag] = elem.get(tag)
        if type(elem) is RawElement and elem.value is None and not keep_deferred and self._raw_values is not None:
            self._raw_values.read_deferred(elem)
        return elem

    def setdefault(self, key: Any, default: Any = None) -> DataElement:
        """The element for ``key``; added first (dictionary VR, value ``default``) when absent."""
        tag = int(Tag(key))  # ValueError for an unknown keyword, as pydicom
        if tag in self._dict:
            return self[tag]
        if isinstance(default, DataElement):
            elem = default
        else:
            VR = datadict.vr_for_tag(tag) if not (tag >> 16 & 1) else "UN"
            if VR is None:
                # pydicom 3: an unknown public tag is UN, with a warning (a KeyError when writing raises)
                if config.settings.writing_validation_mode == config.RAISE:
                    raise KeyError(f"Unknown DICOM tag {format_tag(tag)}")
                warnings.warn(f"Unknown DICOM tag {format_tag(tag)} - setting VR to 'UN'", UserWarning, stacklevel=2)
                VR = "UN"
            elem = DataElement(tag, VR, default)
        self[tag] = elem
        return elem

    def pop(self, key: Any, *args: Any) -> Any:
        try:
            tag = _tag_of(key)
            elem = self[tag]
        except (KeyError, ValueError, OverflowError):
            if args:
                return args[0]
            raise KeyError(key) from None
        del self._dict[tag]
        return elem

    def popitem(self) -> tuple[Tag, DataElement]:
        if not self._dict:
            raise KeyError("popitem(): dataset is empty")
        tag = sorted(self._dict)[-1]
        return Tag(tag), self.pop(tag)

    def clear(self) -> None:
        self._dict.clear()

    def update(self, other: Any) -> None:
        """Add elements from a Dataset or a mapping of keyword/tag -> value or element."""
        pairs = other.items() if hasattr(other, "items") else other
        for key, value in pairs:
            if isinstance(key, str):
                setattr(self, key, value)
            else:
                self[key] = value

    def add(self, data_element: DataElement) -> None:
        """Add (or replace) ``data_element``."""
        self[data_element.tag] = data_element

    def add_new(self, tag: Any, VR: str, value: Any) -> None:
        """Create an element from ``tag``, ``VR`` and ``value`` and add it (replacing any)."""
        self.add(DataElement(_tag_of(tag), VR, value))

    def data_element(self, name: str) -> DataElement | None:
        tag = datadict.tag_for_keyword(name)
        if tag is not None and tag in self._dict:
            return self[tag]
        return None

    def dir(self, *filters: str) -> list[str]:
        """Keywords present, sorted; only those containing one of ``filters`` (case-insensitive)."""
        keywords = [datadict.dictionary_keyword(t) for t in self._dict if datadict.dictionary_has_tag(t)]
        keywords = [k for k in keywords if k]
        if filters:
            keywords = [k for k in keywords if any(f.lower() in k.lower() for f in filters)]
        return sorted(keywords)

    def group_dataset(self, group: int) -> "Dataset":
        return self[(group << 16) : ((group + 1) << 16)]

    def _slice_tags(self, key: slice) -> list[int]:
        tags = sorted(self._dict)
        start = 0 if key.start is None else int(Tag(key.start))  # Tag(): negative tags refused
        stop = None if key.stop is None else int(Tag(key.stop))
        chosen = [t for t in tags if t >= start and (stop is None or t < stop)]
        return chosen[:: key.step or 1]

    def _dataset_slice(self, key: slice) -> "Dataset":
        new = Dataset()
        for tag in self._slice_tags(key):
            new._dict[tag] = self[tag]
        return new

    # -- keyword access ------------------------------------------------------------
    def __getattr__(self, name: str) -> Any:
        if name[:1].isupper():
            tag = datadict.tag_for_keyword(name)
            if tag is not None:
                elem = self._dict.get(tag)
                if elem is not None:
                    if type(self).__getitem__ is not _DATASET_GETITEM:
                        return self[tag].value  # a subclass's own item access, as pydicom's keyword access
                    if type(elem) in _UNDECODED:
                        elem = self._element(tag, elem)
                    return elem.value
        elif isinstance(getattr(type(self), name, None), property):
            return object.__getattribute__(self, name)  # the property's own AttributeError, not this one
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __setattr__(self, name: str, value: Any) -> None:
        if name[:1].isupper():
            tag = datadict.tag_for_keyword(name)
            if tag is not None:
                if tag in self._dict:
                    self[tag].value = value
                else:
                    VR = datadict.dictionary_VR(tag)
                    self[tag] = DataElement(tag, VR, value)
                return
            if datadict.repeater_has_keyword(name):
                raise ValueError(
                    f"'{name}' is a DICOM repeating group element and must be added "
                    "using the add() or add_new() methods."
                )
            if _CAMEL_CASE.match(name):
                _invalid_keyword(name)
        elif name == "file_meta":
            self._set_file_meta(value)
            return
        elif _CAMEL_CASE.match(name):  # e.g. "bitsStored": a keyword misspelt, as pydicom warns
            _invalid_keyword(name)
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        if name[:1].isupper():
            tag = datadict.tag_for_keyword(name)
            if tag is not None and tag in self._dict:
                del self[tag]
                return
        try:
            object.__delattr__(self, name)
        except AttributeError:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'") from None

    def trait_names(self) -> list[str]:
        """Names for IPython's completion: attributes, methods and element keywords (as :func:`dir`)."""
        return dir(self)

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self.dir()))

    def _set_file_meta(self, value: Any) -> None:
        if value is not None and not isinstance(value, FileMetaDataset):
            if not isinstance(value, Dataset):
                raise TypeError(
                    f"'{type(self).__name__}.file_meta' must be a 'FileMetaDataset' instance, "
                    f"not {type(value).__name__}"
                )
            value = FileMetaDataset(value)
        object.__setattr__(self, "file_meta", value)

    def ensure_file_meta(self) -> None:
        """Give the dataset an empty :class:`FileMetaDataset` if it has none."""
        if self.__dict__.get("file_meta") is None:
            self.file_meta = FileMetaDataset()

    # -- private elements ------------------------------------------------------
    def private_creators(self, group: int) -> list[str]:
        """The private creator names reserved in ``group`` (an odd group number)."""
        if not group % 2:
            raise ValueError("Group must be an odd number")
        names = []
        for element in range(0x10, 0x100):
            tag = (group << 16) | element
            if tag in self._dict:
                value = self[tag].value
                if value:
                    names.append(str(_value_1(value)))
        return names

    def private_block(self, group: int, private_creator: str, create: bool = False) -> PrivateBlock:
        """The block of ``private_creator`` in ``group``; reserved (in the first free slot) if ``create``."""
        def new_block(element: int) -> PrivateBlock:
            block = PrivateBlock((group, private_creator), self, element)
            self._private_blocks[(group, private_creator)] = block
            return block

        key = (group, private_creator)
        if key in self._private_blocks:
            block = self._private_blocks[key]
            creator_tag = (group << 16) | (block.block_start >> 8)
            if creator_tag in self._dict and self[creator_tag].value == private_creator:
                return block
        if not private_creator:
            raise ValueError("Private creator must have a value")
        if group % 2 == 0:
            raise ValueError("Tag must be private if private creator is given")
        first_free = None
        for element in range(0x10, 0x100):
            tag = (group << 16) | element
            if tag in self._dict:
                if _value_1(self[tag].value) == private_creator:
                    return new_block(element)
            elif first_free is None:
                first_free = element
        if not create:
            raise KeyError(f"Private creator '{private_creator}' not found")
        if first_free is None:
            raise ValueError(f"Group {group:04x} has no free private creator slot")
        self.add_new((group << 16) | first_free, "LO", private_creator)
        return new_block(first_free)

    def get_private_item(self, group: int, element_offset: int, private_creator: str) -> DataElement:
        """The element at ``element_offset`` of ``private_creator``'s block in ``group`` (PS3.5 7.8.1).

        ``ValueError`` for a group that is not private or an empty creator, ``KeyError`` when
        the creator or the element is missing.
        """
        return self[self.private_block(group, private_creator).get_tag(element_offset)]

    def add_new_private(
        self, private_creator: str, group: int, element_offset: int, value: Any, VR: str | None = None
    ) -> None:
        """Add an element in ``private_creator``'s block, VR from the private dictionary if not given."""
        block = self.private_block(group, private_creator, create=True)
        if VR is None:
            tag = block.get_tag(element_offset)
            VR = datadict.private_vr_for(int(tag), private_creator)
            if VR is None:
                raise KeyError(f"Tag {tag} not in the private dictionary for '{private_creator}'")
        block.add_new(element_offset, VR, value)

    def remove_private_tags(self) -> None:
        """Delete every private element, at every level."""
        def remove(ds: "Dataset", elem: DataElement) -> None:
            if elem.tag.is_private:
                del ds[elem.tag]

        self.walk(remove)

    # -- traversal -------------------------------------------------------------
    def iterall(self) -> Iterator[DataElement]:
        """Every element, depth first, sequence items included."""
        for elem in self:
            yield elem
            if elem.VR == "SQ":
                for item in elem.value:
                    yield from item.iterall()

    def walk(self, callback: Callable[["Dataset", DataElement], None], recursive: bool = True) -> None:
        """Call ``callback(dataset, element)`` for every element (into sequences when ``recursive``)."""
        for tag in sorted(self._dict):
            if tag not in self._dict:  # removed by an earlier callback
                continue
            elem = self[tag]
            callback(self, elem)
            if recursive and tag in self._dict and elem.VR == "SQ":
                for item in elem.value:
                    item.walk(callback, recursive)

    def decode(self) -> None:
        """Decode every text value now, with the Specific Character Set in force (PS3.5 6.1.1).

        Values read from a file are decoded on first access anyway; this decodes them all
        at once (so that decoding warnings come here), and turns bytes given for SH, LO, ST,
        LT, UC, UT and PN elements into text.  Sequence items use their own Specific
        Character Set, else this dataset's.
        """
        encodings = self._character_set
        for elem in self:
            value = elem.value
            if elem.VR == "SQ":
                for item in value:
                    object.__setattr__(item, "_parent_encoding", encodings)
                    item.decode()
            elif elem.VR in CHARSET_VR:
                decoded = _decoded_text(value, elem.VR, encodings)
                if decoded is not value:
                    elem.value = decoded

    def pixel_array_options(self, *, index: int | None = None, raw: bool = False, decoding_plugin: str = "",
                            use_v2_backend: bool = False, **kwargs: Any) -> None:
        """Options of :attr:`pixel_array` (pydicom 3): one frame (``index``), ``raw`` (no YCbCr to RGB),
        ``decoding_plugin``, or pydicom 2's deprecated handlers (``use_v2_backend=True``)."""
        from ._pixel_backend import pixel_array_options

        pixel_array_options(self, index=index, raw=raw, decoding_plugin=decoding_plugin,
                            use_v2_backend=use_v2_backend, **kwargs)

    def convert_pixel_data(self, handler_name: str = "") -> None:
        """Decode the pixel data for :attr:`pixel_array` now, with the named handler if given (deprecated)."""
        from ._deprecation import future
        from ._pixel_backend import convert_pixel_data

        if future():
            raise AttributeError(f"'{type(self).__name__}' object has no attribute 'convert_pixel_data'")
        convert_pixel_data(self, handler_name)

    @property
    def pixel_array(self):
        """The pixel data as a numpy array, shaped as pydicom shapes it; see :mod:`dicomconstruct.pixels`.

        Needs numpy (``pip install "dicomconstruct[numpy]"``); compressed data also
        the ``pixels`` extra (``pip install "dicomconstruct[pixels]"``).
        """
        from ._pixel_backend import pixel_array

        return pixel_array(self)

    def decompress(self, handler_name: str = "", **kwargs: Any) -> None:
        """Decode compressed Pixel Data in place to Explicit VR Little Endian; see :func:`.pixels.decompress`."""
        from .pixels.writing import decompress

        decompress(self, handler_name, **kwargs)

    def compress(self, transfer_syntax_uid: str, arr: Any = None, encoding_plugin: str = "",
                 encapsulate_ext: bool = False, **kwargs: Any) -> None:
        """Compress the pixel data (or ``arr``) in place; see :func:`.pixels.compress`."""
        from .pixels.writing import compress

        compress(self, transfer_syntax_uid, arr, encoding_plugin, encapsulate_ext, **kwargs)

    def overlay_array(self, group: int):
        """Overlay Data of 60xx group ``group`` as a uint8 array; see :func:`.pixels.overlay_array`."""
        from .pixels.overlay_waveform import overlay_array

        return overlay_array(self, group)

    def waveform_array(self, index: int):
        """Multiplex group ``index`` of the Waveform Sequence, scaled; see :func:`.pixels.waveform_array`."""
        from .pixels.overlay_waveform import waveform_array

        return waveform_array(self, index)

    def set_pixel_data(self, arr: Any, photometric_interpretation: str, bits_stored: int, **kwargs: Any) -> None:
        """Native Pixel Data and Image Pixel attributes from ``arr``; see :func:`.pixels.set_pixel_data`."""
        from .pixels.writing import set_pixel_data

        set_pixel_data(self, arr, photometric_interpretation, bits_stored, **kwargs)

    # -- comparison, copies, pickling ----------------------------------------------
    def __eq__(self, other: Any) -> bool:
        if other is self:
            return True
        if isinstance(other, Dataset):
            if self._dict.keys() != other._dict.keys():
                return False
            return all(self[tag] == other[tag] for tag in self._dict)
        return NotImplemented

    def __ne__(self, other: Any) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = None

    def copy(self) -> "Dataset":
        """A shallow copy: a new mapping sharing the elements."""
        return _copy.copy(self)

    def __copy__(self) -> "Dataset":
        new = type(self).__new__(type(self))
        new.__dict__.update(self.__dict__)
        object.__setattr__(new, "_dict", dict(self._dict))
        object.__setattr__(new, "_private_blocks", {})
        return new

    def __deepcopy__(self, memo) -> "Dataset":
        new = type(self).__new__(type(self))
        memo[id(self)] = new
        for name, value in list(self.__dict__.items()):
            if name == "_dict":
                value = {tag: _copy.deepcopy(self[tag], memo) for tag in self._dict}
            elif name in _SOURCE_RECORD:
                pass  # immutable record of the source: shared
            elif name == "_private_blocks":
                value = {}
            elif name == "buffer" and isinstance(self, FileDataset):
                try:
                    value = _copy.deepcopy(value, memo)
                except Exception as exc:
                    warnings.warn(
                        f"The {type(exc).__name__} exception '{exc}' occurred trying to deepcopy the "
                        "buffer-like the dataset was read from, the 'buffer' attribute will be set to "
                        "'None' in the copied object",
                        UserWarning,
                        stacklevel=2,
                    )
                    value = None
            else:
                value = _copy.deepcopy(value, memo)
            object.__setattr__(new, name, value)
        return new

    def __getstate__(self) -> dict:
        state = {}
        for name, value in list(self.__dict__.items()):
            if name == "_dict":
                value = {tag: self[tag] for tag in self._dict}
            elif name in ("_parsed", "buffer"):
                continue
            elif name in _SOURCE_RECORD:
                value = None
            elif name == "_private_blocks":
                value = {}
            state[name] = value
        return state

    def __setstate__(self, state: dict) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)

    # -- display -------------------------------------------------------------------
    def _pretty_str(self, indent: int = 0, top_level_only: bool = False) -> str:
        lines = []
        indent_str = self.indent_chars * indent
        next_indent = self.indent_chars * (indent + 1)
        file_meta = self.__dict__.get("file_meta")
        if file_meta:
            lines.append(f"{'Dataset.file_meta ':-<49}")
            for elem in file_meta:
                lines.append(indent_str + repr(elem))
            lines.append("-" * 49)
        for elem in self:
            if elem.VR == "SQ":
                lines.append(f"{indent_str}{elem.tag}  {elem.name}   {len(elem.value)} item(s) ---- ")
                if not top_level_only:
                    for item in elem.value:
                        lines.append(item._pretty_str(indent + 1))
                        lines.append(next_indent + "---------")
            else:
                lines.append(indent_str + repr(elem))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._pretty_str()

    __repr__ = __str__

    def top(self) -> str:
        """The top-level elements only (sequences shown by their item count)."""
        return self._pretty_str(top_level_only=True)

    def formatted_lines(
        self,
        element_format: str = "%(tag)s %(name)-35.35s %(VR)s: %(repval)s",
        sequence_element_format: str = "%(tag)s %(name)-35.35s %(VR)s: %(repval)s",
        indent_format: str | None = None,
    ) -> Iterator[str]:
        """Each element (at all levels) formatted with ``%``-style keys tag, name, VR, repval, keyword, VM, value.

        ``indent_format`` is accepted as pydicom accepts it (a placeholder there: unused).
        """
        for elem in self.iterall():
            fields = {
                "tag": elem.tag,
                "name": elem.name,
                "VR": elem.VR,
                "repval": elem.repval,
                "keyword": elem.keyword,
                "VM": elem.VM,
                "value": elem.value,
            }
            yield (sequence_element_format if elem.VR == "SQ" else element_format) % fields

    # -- DICOM JSON model (PS3.18 F.2), in jsonrep.py ------------------------------
    @classmethod
    def from_json(cls, json_dataset, bulk_data_uri_handler=None) -> "Dataset":
        """A dataset from a DICOM JSON object (dict, or its text as str/bytes) (PS3.18 F.2)."""
        from .jsonrep import dataset_from_json

        return dataset_from_json(cls, json_dataset, bulk_data_uri_handler)

    def to_json_dict(self, bulk_data_threshold=1024, bulk_data_element_handler=None, suppress_invalid_tags=False):
        """The DICOM JSON object of the dataset, File Meta excluded (PS3.18 F.2)."""
        from .jsonrep import dataset_to_json_dict

        return dataset_to_json_dict(self, bulk_data_threshold, bulk_data_element_handler, suppress_invalid_tags)

    def to_json(
        self, bulk_data_threshold=1024, bulk_data_element_handler=None, dump_handler=None, suppress_invalid_tags=False
    ):
        """:meth:`to_json_dict` as JSON text (``dump_handler``, default ``json.dumps`` with sorted keys)."""
        from .jsonrep import dataset_to_json

        return dataset_to_json(
            self, bulk_data_threshold, bulk_data_element_handler, dump_handler, suppress_invalid_tags
        )

    # -- writing -----------------------------------------------------------------
    def save_as(self, filename: Any, write_like_original: bool | None = None, **kwargs: Any) -> None:
        """Write the dataset to ``filename`` (path or binary file object); see :func:`dcmwrite`."""
        from .filewriter import dcmwrite

        if write_like_original is not None:
            kwargs["write_like_original"] = write_like_original
        dcmwrite(filename, self, **kwargs)


_DATASET_GETITEM = Dataset.__getitem__


class FileMetaDataset(Dataset):
    """The File Meta Information (PS3.10 7.1): only group 0002 elements are accepted."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if args and args[0] is None:
            args = args[1:]
        if args and not isinstance(args[0], (dict, Dataset)):
            raise TypeError(
                f"Argument must be a dict or Dataset, not {type(args[0]).__name__}"
            )
        super().__init__(*args, **kwargs)
        bad = sorted(t for t in self._dict if t >> 16 != 0x0002)
        if bad:
            raise ValueError(
                "File meta datasets may only contain group 2 elements but the following elements are "
                f"present: {', '.join(format_tag(t) for t in bad)} (PS3.10 7.1)"
            )

    @property
    def _tsyntax_encoding(self) -> tuple:
        """``(implicit VR, little endian)`` of the Transfer Syntax UID (PS3.5 10); ``(None, None)``
        when it is absent or not a known transfer syntax."""
        from .uid import UID

        syntax = self.get("TransferSyntaxUID")
        if not syntax or not isinstance(syntax, UID) or not syntax.is_transfer_syntax:
            return None, None
        return syntax.is_implicit_VR, syntax.is_little_endian

    def _check_element(self, tag: int) -> None:
        if tag >> 16 != 0x0002:
            keyword = datadict.keyword_for_tag(tag) if datadict.dictionary_has_tag(tag) else ""
            raise ValueError(
                "Only group 0x0002 elements may be added to a FileMetaDataset (PS3.10 7.1), "
                f"not {Tag(tag)} {keyword}".rstrip()
            )


#: setting a plain attribute (a name that is no keyword): what Dataset.__setattr__ does for it, without its checks
_set = object.__setattr__


class FileDataset(Dataset):
    """A dataset with the File Format parts (PS3.10 7.1): ``preamble``, ``file_meta``, ``filename``.

    Usable as a context manager (``with dcmread(path) as ds: ...``).
    """

    def __init__(
        self,
        filename_or_obj: Any,
        dataset: Any,
        preamble: bytes | None = None,
        file_meta: FileMetaDataset | None = None,
        is_implicit_VR: bool = True,
        is_little_endian: bool = True,
    ) -> None:
        if isinstance(dataset, Dataset) and dataset._raw_dataset is not None:
            Dataset.__init__(self, parent_encoding=dataset._parent_encoding)
            object.__setattr__(self, "_dict", dataset._dict.copy())  # one allocation, not a dict grown
            object.__setattr__(self, "_raw_dataset", dataset._raw_dataset)
            object.__setattr__(self, "_source", dataset._source)
            object.__setattr__(self, "_buffer", dataset._buffer)
            object.__setattr__(self, "_raw_values", dataset._raw_values)
        else:
            Dataset.__init__(self, dataset)
        self._set_file_parts(filename_or_obj, preamble, file_meta, is_implicit_VR, is_little_endian)

    @classmethod
    def _from_read(cls, filename_or_obj: Any, raw_dataset, source, buffer, preamble: bytes | None,
                   file_meta: FileMetaDataset, is_implicit_VR: bool, is_little_endian: bool) -> "FileDataset":
        """What ``FileDataset(filename_or_obj, Dataset._from_raw(raw_dataset, ...), ...)`` gives, made at once."""
        ds = cls._from_raw(raw_dataset, source=source, buffer=buffer)
        ds._set_file_parts(filename_or_obj, preamble, file_meta, is_implicit_VR, is_little_endian,
                           None if source is None else source.mtime)
        return ds

    def _set_file_parts(self, filename_or_obj: Any, preamble: bytes | None, file_meta: FileMetaDataset | None,
                        is_implicit_VR: bool, is_little_endian: bool, mtime: float | None = None) -> None:
        """The attributes of a dataset read from a file; ``mtime``: the file's modification time, when
        the reader knows it (else the named file is asked)."""
        _set(self, "preamble", preamble)
        self.file_meta = file_meta if file_meta is not None else FileMetaDataset()
        object.__setattr__(self, "_is_implicit_VR", is_implicit_VR)
        object.__setattr__(self, "_is_little_endian", is_little_endian)
        self.set_original_encoding(is_implicit_VR, is_little_endian)
        filename = None
        #: the buffer-like object read from (not a path, not a file opened by name), as pydicom
        _set(self, "buffer", None)
        if isinstance(filename_or_obj, str):
            filename = filename_or_obj
        elif hasattr(filename_or_obj, "__fspath__"):
            filename = str(filename_or_obj.__fspath__())
        elif getattr(filename_or_obj, "name", None) and isinstance(filename_or_obj.name, str):
            filename = filename_or_obj.name
        if filename_or_obj is not None and not isinstance(filename_or_obj, (str, io.BufferedReader)) \
                and not hasattr(filename_or_obj, "__fspath__"):
            _set(self, "buffer", filename_or_obj)
            if filename is None and isinstance(getattr(filename_or_obj, "filename", None), str):
                filename = filename_or_obj.filename
        _set(self, "filename", filename)
        _set(self, "fileobj_type", type(filename_or_obj))
        _set(self, "timestamp", None)
        if mtime is not None:
            _set(self, "timestamp", mtime)
        elif filename is not None:
            try:
                _set(self, "timestamp", os.stat(filename).st_mtime)
            except OSError:
                pass

    def close(self) -> None:
        """Release what reading holds: a file still open or memory-mapped (``mmap=True``).

        A file read without ``mmap`` holds no file descriptor in any case; its
        deferred values can still be read after ``close()``.
        """
        parsed = self.__dict__.get("_parsed")
        if parsed is not None:
            parsed.close()

    def __enter__(self) -> "FileDataset":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
