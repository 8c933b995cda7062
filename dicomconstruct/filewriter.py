"""``dcmwrite``: a dataset to a file, as read (``write_like_original``) or in the File Format (PS3.10 7).

Bytes are built by :func:`dicomconstruct.codec.writer.write`.  This module
hands it element-likes: the codec's raw element for every element that is
unmodified (copied byte for byte), and for the others the value turned back
into primitives (DS/IS/PN/DA... as ``str``, AT as ``int``, sequences as lists
of items).
"""

from __future__ import annotations

import copy as _copy
import errno
import io
import os
from decimal import Decimal
import warnings
from typing import Any

from . import config
from . import uid as _uid
from .codec import writer as _writer
from .codec.raw import VR_NAMES, RawDataset, RawElement, RawRun
from .dataelem import _CHARSET_DEPENDENT_VR, UNSET, DataElement
from .dataset import FileMetaDataset, _encodings_in_force
from .format.constants import (
    GROUP_LENGTH_ELEMENT,
    IMPLEMENTATION_CLASS_TAG,
    IMPLEMENTATION_VERSION_TAG,
    LUT_DESCRIPTOR_TAGS,
    MEDIA_SOP_CLASS_TAG,
    MEDIA_SOP_INSTANCE_TAG,
    PIXEL_DATA_TAG,
    META_GROUP_LENGTH_TAG,
    META_VERSION,
    META_VERSION_TAG,
    PREAMBLE_LENGTH,
    SOP_CLASS_TAG,
    SOP_INSTANCE_TAG,
    SPECIFIC_CHARACTER_SET,
    TRANSFER_SYNTAX_TAG,
    tag_pair,
    UNDEFINED_LENGTH,
)
from .multival import MultiValue
from .safewrite import write_file_safely
from .tag import Tag
from .errors import format_tag
from .format.vr import INTEGER_VRS, NUMERIC_TEXT_VRS
from .format.vr import TEXT_VRS as _TEXT_VRS
from .validation import validate_element_value
from .valuerep import DA, DT, TM, PersonName

__all__ = [
    "dcmwrite",
    "write_file",
    "validate_file_meta",
    "write_data_element",
    "write_dataset",
    "write_file_meta_info",
]

_GROUP_LENGTH = META_GROUP_LENGTH_TAG
_VERSION = META_VERSION_TAG
_MEDIA_SOP_CLASS = MEDIA_SOP_CLASS_TAG
_MEDIA_SOP_INSTANCE = MEDIA_SOP_INSTANCE_TAG
_TRANSFER_SYNTAX = TRANSFER_SYNTAX_TAG
_IMPLEMENTATION_CLASS = IMPLEMENTATION_CLASS_TAG
_IMPLEMENTATION_VERSION = IMPLEMENTATION_VERSION_TAG
_SOP_CLASS = SOP_CLASS_TAG
_SOP_INSTANCE = SOP_INSTANCE_TAG


class _Element:
    """An element-like for the codec writer: tag, VR, primitive value, no raw bytes."""

    __slots__ = ("tag", "VR", "value", "is_undefined_length")

    raw = None

    def __init__(self, tag: int, VR: str, value: Any, is_undefined_length: bool = False) -> None:
        self.tag = tag
        self.VR = VR
        self.value = value
        self.is_undefined_length = is_undefined_length


class _Item(list):
    """A sequence item for the codec writer: its element-likes, and the framing it was read with."""

    raw_item = None


def _primitive(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, io.BufferedIOBase):  # a buffered value: its bytes, from the start
        from .fileutil import read_buffer, reset_buffer_position

        with reset_buffer_position(value):
            value.seek(0)
            return b"".join(read_buffer(value))
    if isinstance(value, (MultiValue, list, tuple)):
        return [_primitive(v) for v in value]
    if isinstance(value, (str, PersonName)):
        return str(value)  # DS/IS keep their text, PN/DA/TM/DT/UI are str already
    if hasattr(value, "original_string") and not isinstance(value, bytes):
        return str(value)  # DSfloat, DSdecimal, IS, ISfloat, DA/DT/TM dates: their text as read or given
    if isinstance(value, Tag):
        return int(value)
    return value


def _writable_value(elem: DataElement) -> Any:
    value = elem.value
    if elem.VR in NUMERIC_TEXT_VRS and isinstance(value, (int, float, Decimal)):
        return str(value)
    return _primitive(value)


def _element_likes(dataset, parent_encodings=None) -> list:
    """The writer's element-likes for ``dataset``, in tag order.

    Original bytes are handed to the writer only for unmodified elements, and
    for text whose meaning depends on the character set (and sequences, whose
    items inherit it) only while the encodings in force now are the ones the
    bytes were read with: otherwise the value is re-encoded.
    """
    encodings = _encodings_in_force(dataset, parent_encodings)
    if dataset._raw_dataset is not None:
        same_charset = list(dataset._read_character_set) == encodings
    else:
        same_charset = False
    # elements decoded by this dataset were read with its character set: same_charset says it all
    own_decoder = dataset.__dict__.get("_raw_values") if same_charset else None
    out = []
    stored = dataset._dict
    tags = sorted(stored)
    runs = _untouched_runs(dataset, tags) if same_charset else {}
    skip_to = None
    for tag in tags:
        if skip_to is not None:
            if tag != skip_to:
                continue
            skip_to = None
            continue
        run = runs.get(tag)
        if run is not None:
            out.append(run)
            if run.last != run.first:
                skip_to = run.last_tag
            continue
        elem = stored[tag]
        if type(elem) is RawDataset:
            elem = elem.get(tag)
        if type(elem) is RawElement:
            if elem.value is None and dataset._raw_values is not None:
                dataset._raw_values.read_deferred(elem)  # a value left in the file (defer_size)
            if same_charset or dataset._resolve_vr(elem) not in _CHARSET_DEPENDENT_VR:
                out.append(elem)
                continue
            elem = dataset[tag]  # decoded with the encodings it was read with, re-encoded below
        if own_decoder is not None and elem._decoder is own_decoder:
            raw = elem.raw
        else:
            raw = elem._raw_for_encodings(encodings)
        if raw is not None and elem.VR != raw.VR and not dataset._vr_as_read(elem, raw):
            raw = None
        if raw is not None:
            out.append(raw)
            continue
        if elem.VR == "SQ":
            items = []
            for item in elem.value:
                writable = _Item(_element_likes(item, encodings))
                raw_item = getattr(item, "_raw_item", None)
                if raw_item is not None:
                    writable.raw_item = raw_item
                items.append(writable)
            out.append(_Element(int(tag), "SQ", items, bool(getattr(elem.value, "is_undefined_length", False))))
            continue
        _check_writable(elem)
        out.append(_Element(int(tag), elem.VR, _writable_value(elem), elem.is_undefined_length))
    return out


def _untouched_runs(dataset, tags: list) -> dict:
    """``first tag -> RawRun`` for the runs of elements of ``dataset`` as read that lie back to back in
    the source, in tag order (within one group if some group has a group length element, PS3.5 7.2):
    the writer copies each run as one slice.

    An element is as read when never used since (still the read data set's placeholder, see
    ``RawDataset.lazy_dict``) or used but unmodified (:func:`_as_read`), and its bytes in the source
    are exactly the element as read (``ElementStore.span``).  Group lengths and the Specific Character
    Set are written on their own.
    """
    raw_dataset = dataset._raw_dataset
    if raw_dataset is None or raw_dataset.store is None or raw_dataset._index is not None:
        return {}
    stored = dataset._dict
    store = raw_dataset.store
    store_tags = store.tags
    made = store.made
    made_count = len(made)  # (all of the store once one element is made)
    with_length = {tag >> 16 for tag in tags if tag & 0xFFFF == GROUP_LENGTH_ELEMENT}  # (PS3.5 7.2)
    span = store.span
    runs = {}
    i = raw_dataset.start
    stop = raw_dataset.stop
    first = last = None
    start = end = None
    for tag in tags:
        place = None
        if tag & 0xFFFF != GROUP_LENGTH_ELEMENT and tag != SPECIFIC_CHARACTER_SET:
            while i < stop and store_tags[i] < tag:
                i += 1
            if i < stop and store_tags[i] == tag:
                elem = stored[tag]
                if elem is raw_dataset or (i < made_count and _as_read(dataset, elem, made[i])) or \
                        _plain_as_read(elem, store, i):
                    place = span(i)
        if place is not None and last is not None and i == last + 1 and place[0] == end and (
                tag >> 16 == store_tags[last] >> 16 or not with_length):  # a group length stays right
            last, end = i, place[1]
            continue
        if last is not None:
            runs[store_tags[first]] = RawRun(raw_dataset, first, last, start, end)
        first = last = None
        if place is not None:
            first = last = i
            start, end = place
    if last is not None:
        runs[store_tags[first]] = RawRun(raw_dataset, first, last, start, end)
    return runs


def _as_read(dataset, elem, raw) -> bool:
    """True if ``elem``, an element of ``dataset`` used since read, is still exactly ``raw``, the element
    read at its place: its value unmodified (:attr:`DataElement.raw`) and its VR the one it was read
    with (PS3.5 7.1.2)."""
    if raw is None:
        return False
    if elem is raw:
        return True
    return isinstance(elem, DataElement) and elem.raw is raw and dataset._vr_as_read(elem, raw)


def _plain_as_read(elem, store, i: int) -> bool:
    """:func:`_as_read` for an element that holds only its index ``i`` in ``store`` (made by
    ``Dataset._make_all``: no raw element made yet), its VR still the one read."""
    return type(elem) is DataElement and type(elem._raw) is int and elem._raw == i and \
        elem.VR == VR_NAMES[store.vrs[i]] and elem._unchanged()


def _check_writable(elem: DataElement) -> None:
    """Refuse a new or changed value the VR cannot hold, before anything is written.

    Text VRs take text only (``add_new(tag, "LO", 512)`` is a ``TypeError``
    here, after the warning at assignment, as pydicom fails to write it);
    under ``config.settings.writing_validation_mode == config.RAISE`` every
    value is also checked against PS3.5 table 6.2-1 (``ValueError``).
    """
    value = elem.value
    if elem.VR in _TEXT_VRS and elem.VR not in ("DS", "IS"):
        for item in value if isinstance(value, (list, MultiValue)) else (value,):
            if item is not None and not isinstance(item, (str, bytes, PersonName, DA, DT, TM)):
                raise TypeError(
                    f"{format_tag(int(elem.tag))} {elem.VR}: a value of type '{type(item).__name__}' cannot be written "
                    f"with VR {elem.VR}: {item!r}"
                )
    if config.settings.writing_validation_mode == config.RAISE:
        values = list(value) if isinstance(value, (list, MultiValue)) else value
        validate_element_value(int(elem.tag), elem.VR, values, config.RAISE)


def validate_file_meta(file_meta, dataset=None, enforce_standard: bool = True) -> None:
    """Complete ``file_meta`` in place for the File Format (PS3.10 7.1), or raise ``ValueError``.

    Adds the File Meta Information Version, the Media Storage SOP Class and
    Instance UIDs (from the dataset's SOP Class and Instance UIDs), this
    library's Implementation Class UID and Version Name when missing.  The
    Transfer Syntax UID cannot be guessed: when it (or a SOP UID) is missing,
    the ``ValueError`` lists every missing element.
    """
    if not isinstance(file_meta, FileMetaDataset):
        raise TypeError("file_meta must be a FileMetaDataset")
    if not enforce_standard:
        return
    if _VERSION not in file_meta:
        file_meta.add_new(_VERSION, "OB", META_VERSION)
    if dataset is not None:
        for meta_tag, data_tag in ((_MEDIA_SOP_CLASS, _SOP_CLASS), (_MEDIA_SOP_INSTANCE, _SOP_INSTANCE)):
            if meta_tag not in file_meta and data_tag in dataset and dataset[data_tag].value:
                file_meta.add_new(meta_tag, "UI", str(dataset[data_tag].value))
    if _IMPLEMENTATION_CLASS not in file_meta:
        file_meta.add_new(_IMPLEMENTATION_CLASS, "UI", _uid.IMPLEMENTATION_CLASS_UID)
        if _IMPLEMENTATION_VERSION not in file_meta:
            file_meta.add_new(_IMPLEMENTATION_VERSION, "SH", _uid.IMPLEMENTATION_VERSION_NAME)
    missing = [
        Tag(tag)
        for tag in (_MEDIA_SOP_CLASS, _MEDIA_SOP_INSTANCE, _TRANSFER_SYNTAX)
        if tag not in file_meta or file_meta[tag].is_empty
    ]
    if missing:
        from . import datadict

        lines = "".join(f"\n\t{tag} {datadict.keyword_for_tag(tag)}" for tag in missing)
        raise ValueError(f"Missing required File Meta Information elements from 'file_meta':{lines}")


def _meta_group_length(meta_elements: list) -> int:
    chunks = _writer.encode_dataset(
        [e for e in meta_elements if int(e.tag) != _GROUP_LENGTH], implicit_vr=False, little_endian=True
    )
    return sum(len(chunk) for chunk in chunks)


def dcmwrite(
    filename: Any,
    dataset,
    __write_like_original: bool | None = None,
    *,
    enforce_file_format: bool | None = None,
    implicit_vr: bool | None = None,
    little_endian: bool | None = None,
    force_encoding: bool = False,
    overwrite: bool = True,
    **kwargs: Any,
) -> None:
    """Write ``dataset`` to ``filename`` (a path or a writable binary file object).

    ``write_like_original=True`` (default): write what the dataset holds, with
    its preamble and File Meta if it has them; unmodified elements keep their
    exact bytes.  ``write_like_original=False`` or pydicom 3's
    ``enforce_file_format=True``: write in the DICOM File Format (PS3.10 7.1):
    a 128-byte preamble (zeros unless the dataset has one), ``DICM``, and
    complete File Meta Information (see :func:`validate_file_meta`); nothing
    is written when that fails.  The encoding is the File Meta's Transfer
    Syntax UID, else ``implicit_vr``/``little_endian``, else the one the
    dataset was read with; ``force_encoding=True`` writes in ``implicit_vr`` /
    ``little_endian`` whatever the Transfer Syntax UID says.  The File Meta
    completed for the File Format is a copy: ``dataset.file_meta`` is left as
    it is.  ``overwrite=False``: a ``FileExistsError`` if the path exists.
    """
    write_like_original = _write_like_original_argument(__write_like_original, kwargs)
    if enforce_file_format is None:
        enforce_file_format = write_like_original is False
    if not isinstance(filename, (str, os.PathLike)) and not hasattr(filename, "write"):
        raise TypeError(
            f"dcmwrite: Expected a file path, file-like or writeable buffer, but got {type(filename).__name__}"
        )
    if force_encoding and enforce_file_format:
        raise ValueError("'force_encoding' cannot be used with 'enforce_file_format'")
    if force_encoding and None in (implicit_vr, little_endian):
        raise ValueError("'implicit_vr' and 'little_endian' are required if 'force_encoding' is used")
    if not overwrite and isinstance(filename, (str, os.PathLike)) and os.path.lexists(
            os.path.expanduser(os.fspath(filename))):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), os.fspath(filename))
    file_meta = dataset.__dict__.get("file_meta")
    preamble = dataset.__dict__.get("preamble")
    _check_groups(dataset, enforce_file_format)
    if enforce_file_format:
        file_meta = FileMetaDataset() if file_meta is None else _copy.deepcopy(file_meta)
        _complete_meta_uids(file_meta, dataset, implicit_vr, little_endian)
        validate_file_meta(file_meta, dataset, enforce_standard=True)
        if preamble is None:
            preamble = bytes(PREAMBLE_LENGTH)
    if preamble is not None and len(preamble) != PREAMBLE_LENGTH:
        raise ValueError(f"'{type(dataset).__name__}.preamble' must be {PREAMBLE_LENGTH}-bytes long")

    transfer_syntax = None
    if file_meta is not None and _TRANSFER_SYNTAX in file_meta:
        transfer_syntax = file_meta[_TRANSFER_SYNTAX].value or None
    if not force_encoding:
        _check_encoding_arguments(transfer_syntax, implicit_vr, little_endian)
    original = dataset.__dict__.get("_parsed")
    if force_encoding:
        transfer_syntax = transfer_syntax or (
            _uid.ImplicitVRLittleEndian if implicit_vr else
            _uid.ExplicitVRLittleEndian if little_endian else _uid.ExplicitVRBigEndian)
    elif implicit_vr is None and little_endian is None and transfer_syntax is None:
        if dataset.__dict__.get("_is_implicit_VR") is not None:  # set at reading, or since
            implicit_vr = dataset.__dict__["_is_implicit_VR"]
            little_endian = dataset.__dict__.get("_is_little_endian")
            little_endian = True if little_endian is None else little_endian
        elif original is not None:
            implicit_vr = original.encoding.implicit_vr
            little_endian = original.encoding.little_endian
        else:
            implicit_vr, little_endian = _determine_encoding(dataset, None, None, None, False)
    elif (
        implicit_vr is None
        and little_endian is None
        and original is not None
        and str(transfer_syntax) == str(original.transfer_syntax)
    ):
        # as read, even where the data set's encoding disagreed with its Transfer Syntax UID
        implicit_vr = original.encoding.implicit_vr
        little_endian = original.encoding.little_endian
    elif implicit_vr is None and little_endian is None and original is None:
        syntax = _uid.UID(str(transfer_syntax))
        if not syntax.is_transfer_syntax:
            # a private (or no) transfer syntax: its encoding must be given (pydicom 3)
            implicit_vr, little_endian = _determine_encoding(dataset, syntax, None, None, False)
    _pixel_data_framing(dataset, transfer_syntax)
    if little_endian is not None:
        little = little_endian
    else:
        syntax = _uid.UID(str(transfer_syntax))
        little = syntax.is_little_endian if syntax.is_transfer_syntax else True
    _correct_new_ambiguous(dataset, little)
    if transfer_syntax is None:
        transfer_syntax = _uid.ImplicitVRLittleEndian if implicit_vr else (
            _uid.ExplicitVRLittleEndian if little_endian in (None, True) else _uid.ExplicitVRBigEndian
        )

    meta_elements = None
    if file_meta is not None and len(file_meta):
        meta_elements = _element_likes(file_meta)
        if enforce_file_format or _GROUP_LENGTH in file_meta:
            length = _meta_group_length(meta_elements)
            if _GROUP_LENGTH not in file_meta or file_meta[_GROUP_LENGTH].value != length:
                file_meta.add_new(_GROUP_LENGTH, "UL", length)
                meta_elements = _element_likes(file_meta)
    chunks = _writer.encode_file(
        meta_elements,
        _element_likes(dataset),
        transfer_syntax,
        preamble=preamble,
        original=original,
        trailing=original.trailing if original is not None else b"",
        implicit_vr=implicit_vr,
        little_endian=little_endian,
    )
    _write_chunks(filename, chunks)


def _correct_new_ambiguous(dataset, little_endian: bool, ancestors=None) -> None:
    """As pydicom 3 when writing: new or changed elements with an ambiguous VR get the VR they stand
    for (:func:`correct_ambiguous_vr_element`), in nested items too.  Elements as read keep theirs; an
    element whose deciding elements are missing is left to the writer's rules."""
    ancestors = [dataset] if ancestors is None else [dataset, *ancestors]
    for elem in list(dataset._dict.values()):
        if type(elem) in (RawElement, RawDataset):  # as read, never used
            continue
        vr = elem.VR or ""
        if vr == "SQ":
            if elem._value is not UNSET:  # (a sequence never decoded is as read)
                for item in elem.value or ():
                    _correct_new_ambiguous(item, little_endian, ancestors)
        elif " or " in vr and elem.raw is None:  # (raw: unmodified, as read)
            try:
                correct_ambiguous_vr_element(elem, dataset, little_endian, ancestors)
            except AttributeError:
                pass


def _pixel_data_framing(dataset, transfer_syntax) -> None:
    """As pydicom 3: a new or changed Pixel Data is of undefined length exactly when the transfer
    syntax is encapsulated, and must then hold items (PS3.5 A.4)."""
    elem = dataset._dict.get(PIXEL_DATA_TAG)
    if elem is None or transfer_syntax is None or type(elem) in (RawElement, RawDataset) or elem.raw is not None:
        return
    syntax = _uid.UID(str(transfer_syntax))
    if not syntax.is_transfer_syntax:
        return
    elem.is_undefined_length = syntax.is_compressed
    value = elem.value
    if syntax.is_compressed and isinstance(value, (bytes, bytearray, memoryview)):
        _check_encapsulated(value, syntax.is_little_endian)


def _check_encapsulated(value, little_endian: bool) -> None:
    """Refuse Pixel Data of undefined length whose value does not start with an Item (PS3.5 A.4)."""
    from .codec import _layout

    head = bytes(value[:4]) if isinstance(value, (bytes, bytearray, memoryview)) else b""
    if head != _layout.ITEM_TAG_BYTES[little_endian]:
        raise ValueError(
            "The (7FE0,0010) 'Pixel Data' element value hasn't been encapsulated as required for a "
            "compressed transfer syntax - see dicomconstruct.encaps.encapsulate() for more information"
        )


def _write_like_original_argument(positional, kwargs: dict):
    """``write_like_original`` as given positionally or by keyword (pydicom 3's rules); other keywords refused."""
    keyword = kwargs.pop("write_like_original", None)
    if positional is not None and keyword is not None:
        if vars(config).get("_use_future", False):
            raise TypeError(
                "'write_like_original' is no longer accepted as a positional or keyword argument, "
                "use 'enforce_file_format' instead"
            )
        raise TypeError("'write_like_original' cannot be used as both a positional and keyword argument")
    value = keyword if positional is None else positional
    if value is not None:
        if vars(config).get("_use_future", False):
            raise TypeError(
                "'write_like_original' is no longer accepted as a positional or keyword argument, "
                "use 'enforce_file_format' instead"
            )
        warnings.warn(
            "'write_like_original' is deprecated and will be removed in v4.0, please use "
            "'enforce_file_format' instead",
            DeprecationWarning,
            stacklevel=3,
        )
    if kwargs:
        raise TypeError(f"Invalid keyword argument(s) for dcmwrite(): {', '.join(kwargs)}")
    return value


def _check_groups(dataset, enforce_file_format: bool) -> None:
    """Refuse Command Set (0000,eeee) and File Meta (0002,eeee) elements in the data set (PS3.10 7.1).

    As read (unmodified, not writing the File Format) they are kept: damaged
    data read with ``force=True`` is written back as it was.
    """
    refused = sorted(
        int(tag)
        for tag, elem in dataset._dict.items()
        if int(tag) >> 16 in (0x0000, 0x0002)
        and (enforce_file_format or (type(elem) not in (RawElement, RawDataset) and elem.raw is None))
    )
    if refused and refused[0] >> 16 == 0x0000:
        raise ValueError(
            "Command Set elements (0000,eeee) are not allowed when using dcmwrite(), use write_dataset() "
            f"instead: {', '.join(format_tag(tag) for tag in refused if tag >> 16 == 0)}"
        )
    if refused:
        raise ValueError(
            "File Meta Information Group elements (0002,eeee) must be in a FileMetaDataset instance in the "
            f"'{type(dataset).__name__}.file_meta' attribute (PS3.10 7.1): "
            + ", ".join(format_tag(tag) for tag in refused)
        )


def _complete_meta_uids(file_meta, dataset, implicit_vr, little_endian) -> None:
    """For the File Format (PS3.10 7.1), as pydicom 3: the Transfer Syntax UID of an encoding that has
    only one (implicit VR little endian, explicit VR big endian), and Media Storage SOP Class and
    Instance UIDs equal to the data set's SOP Class and Instance UIDs."""
    if _TRANSFER_SYNTAX not in file_meta:
        try:
            encoding = _determine_encoding(dataset, None, implicit_vr, little_endian, False)
        except ValueError:
            encoding = None
        syntax = {(True, True): _uid.ImplicitVRLittleEndian, (False, False): _uid.ExplicitVRBigEndian}.get(
            encoding if encoding is None else (bool(encoding[0]), bool(encoding[1])))
        if syntax is not None:
            file_meta.add_new(_TRANSFER_SYNTAX, "UI", syntax)
    for meta_tag, data_tag in ((_MEDIA_SOP_CLASS, _SOP_CLASS), (_MEDIA_SOP_INSTANCE, _SOP_INSTANCE)):
        found = dataset[data_tag].value if data_tag in dataset else None
        current = file_meta[meta_tag].value if meta_tag in file_meta else None
        if found and found != current:
            file_meta.add_new(meta_tag, "UI", str(found))


def _check_encoding_arguments(transfer_syntax: Any, implicit_vr: bool | None, little_endian: bool | None) -> None:
    """Refuse ``implicit_vr``/``little_endian`` that contradict the Transfer Syntax UID (PS3.5 10).

    Writing one encoding under another's UID makes a file no reader decodes
    correctly; as pydicom, the arguments must agree with the File Meta.
    """
    if transfer_syntax is None or (implicit_vr is None and little_endian is None):
        if implicit_vr and little_endian is False:
            raise ValueError("Implicit VR and big endian is not a valid encoding combination")
        return
    syntax = transfer_syntax if isinstance(transfer_syntax, _uid.UID) else _uid.UID(str(transfer_syntax))
    if not syntax.is_transfer_syntax:
        if implicit_vr and little_endian is False:
            raise ValueError("Implicit VR and big endian is not a valid encoding combination")
        return
    if implicit_vr is not None and bool(implicit_vr) != syntax.is_implicit_VR:
        raise ValueError(
            f"The 'implicit_vr' value is not consistent with the required VR encoding for the "
            f"'{syntax.name}' transfer syntax"
        )
    if little_endian is not None and bool(little_endian) != syntax.is_little_endian:
        raise ValueError(
            f"The 'little_endian' value is not consistent with the required endianness for the "
            f"'{syntax.name}' transfer syntax"
        )


def _write_chunks(target: Any, chunks: list) -> None:
    """Write the encoded file: to a path by the rules of :mod:`~dicomconstruct.safewrite`, else to the file object."""
    if isinstance(target, (str, os.PathLike)):
        write_file_safely(target, chunks)
    elif isinstance(target, io.BytesIO):
        target.write(b"".join(chunks))
    else:
        for chunk in chunks:
            target.write(chunk)


def write_file(filename: Any, dataset, write_like_original: bool = True) -> None:
    """Old name of :func:`dcmwrite`."""
    dcmwrite(filename, dataset, write_like_original)




# --- pydicom's lower-level writing API over file-likes: thin layers over codec.writer ---------------
#
# pydicom encodes elements and data sets into a DicomIO-like ``fp`` whose ``is_implicit_VR`` and
# ``is_little_endian`` say the encoding.  Here each call builds the writer's element-likes (as
# dcmwrite does) and hands them to the codec: one grammar for every byte written.


def _codec_names(encodings) -> list | None:
    """Python codec names for ``encodings`` (codec names or Specific Character Set terms, PS3.3 C.12.1.1.2)."""
    import codecs

    if encodings is None:
        return None
    if isinstance(encodings, str):
        encodings = [encodings]
    encodings = list(encodings)
    try:
        for name in encodings:
            codecs.lookup(name)
    except LookupError:
        from .charset import python_encodings

        return python_encodings(encodings)
    return encodings


def _fp_encoding(fp) -> tuple[bool, bool]:
    return fp.is_implicit_VR, fp.is_little_endian


def _likes_of(elements, encodings) -> list:
    """The codec's element-likes for ``elements`` (DataElement, codec RawElement or pydicom RawDataElement)."""
    from .dataset import Dataset

    holder = Dataset()
    plain = []
    for elem in elements:
        if getattr(elem, "is_raw", False) and not isinstance(elem, RawElement):
            # pydicom's RawDataElement: its value bytes are written as they are
            value = b"" if elem.value is None else bytes(elem.value)
            plain.append(_Element(int(elem.tag), elem.VR or "UN", value, elem.length == UNDEFINED_LENGTH))
        else:
            holder._dict[int(elem.tag)] = elem
    return sorted(_element_likes(holder, encodings) + plain, key=lambda e: int(e.tag))


def write_data_element(fp, elem, encodings=None) -> None:
    """Encode one element (PS3.5 7.1) into ``fp`` in ``fp.is_implicit_VR`` / ``fp.is_little_endian``.

    ``encodings``: the character set of text values (Python codec names or
    Specific Character Set terms; default ISO IR 6).  As pydicom: an ambiguous
    VR (``US or SS``) cannot be written in explicit VR (``ValueError``), an
    unknown VR is a ``NotImplementedError``, and Pixel Data of undefined
    length must hold encapsulated items (PS3.5 A.4).
    """
    from .format.vr import VR_INFO

    implicit, little = _fp_encoding(fp)
    vr = elem.VR
    if not implicit and vr and len(vr) != 2:
        raise ValueError(
            f"Cannot write ambiguous VR of '{vr}' for data element with tag {Tag(elem.tag)!r}.\n"
            "Set the correct VR before writing, or use an implicit VR transfer syntax"
        )
    raw = getattr(elem, "is_raw", False)
    if not raw and vr not in VR_INFO and " or " not in (vr or ""):
        raise NotImplementedError(f"write_data_element: unknown Value Representation '{vr}'")
    if int(elem.tag) == PIXEL_DATA_TAG and getattr(elem, "is_undefined_length", False) and not raw:
        _check_encapsulated(elem.value, little)
    likes = _likes_of([elem], _codec_names(encodings))
    if not implicit and len(likes) == 1 and type(likes[0]) is _Element and likes[0].VR in VR_INFO:
        likes = [_as_un_if_too_long(likes[0], little, _codec_names(encodings))]
    chunks = _writer.encode_dataset(likes, implicit_vr=implicit, little_endian=little,
                                    encodings=_codec_names(encodings))
    fp.write(b"".join(bytes(chunk) for chunk in chunks))


def _as_un_if_too_long(like: "_Element", little_endian: bool, encodings) -> "_Element":
    """As pydicom: a value too long for the 16-bit length of its explicit VR is written as UN
    (PS3.5 6.2.2), with a warning."""
    from .codec.values import encode_value
    from .format.constants import MAX_SHORT_LENGTH
    from .format.vr import LONG_HEADER_VRS

    if like.VR in LONG_HEADER_VRS or like.VR == "SQ" or like.is_undefined_length:
        return like
    data = encode_value(like.VR, like.value, little_endian, encodings)
    if len(data) <= MAX_SHORT_LENGTH:
        return like
    warnings.warn(
        f"The value for the data element {format_tag(like.tag)} exceeds the size of 64 kByte and cannot be "
        f"written in an explicit transfer syntax. The data element VR is changed from '{like.VR}' to 'UN' "
        "to allow saving the data.",
        UserWarning,
        stacklevel=3,
    )
    return _Element(like.tag, "UN", data)


def write_dataset(fp, dataset, parent_encoding=None) -> int:
    """Encode ``dataset`` (PS3.5 7) into ``fp``; return the number of bytes written.

    The encoding is ``fp``'s (``is_implicit_VR``, ``is_little_endian``), else
    the dataset's ``is_implicit_VR``/``is_little_endian``, else its
    :attr:`~dicomconstruct.dataset.Dataset.original_encoding` (pydicom's order);
    ``AttributeError`` when none is set.  Unmodified elements keep their bytes
    when the encoding is the one they were read with.
    """
    fp_encoding = (getattr(fp, "_implicit_vr", None), getattr(fp, "_little_endian", None))
    ds_encoding = (None, None)
    if not vars(config).get("_use_future", False):
        ds_encoding = (dataset.__dict__.get("_is_implicit_VR"), dataset.__dict__.get("_is_little_endian"))
    original = dataset.original_encoding
    if None in fp_encoding:
        if None not in ds_encoding:
            fp_encoding = ds_encoding
        elif None not in original:
            fp_encoding = original
        else:
            raise AttributeError("'fp.is_implicit_VR' and 'fp.is_little_endian' attributes are required ")
    fp.is_implicit_VR, fp.is_little_endian = bool(fp_encoding[0]), bool(fp_encoding[1])
    encodings = _codec_names(parent_encoding)
    likes = [e for e in _element_likes(dataset, encodings)
             # retired group lengths (PS3.5 7.2) are not written, as pydicom
             if not (tag_pair(int(e.tag))[1] == GROUP_LENGTH_ELEMENT and tag_pair(int(e.tag))[0] > 6)]
    chunks = _writer.encode_dataset(likes, implicit_vr=fp.is_implicit_VR, little_endian=fp.is_little_endian,
                                    encodings=encodings, preserve=fp_encoding == original)
    data = b"".join(bytes(chunk) for chunk in chunks)
    fp.write(data)
    return len(data)


def write_file_meta_info(fp, file_meta, enforce_standard: bool = True) -> None:
    """Write the File Meta Information (PS3.10 7.1), Explicit VR Little Endian, into ``fp``.

    ``enforce_standard``: add (0002,0001) and this library's (0002,0012) and
    (0002,0013) when missing, (re)compute (0002,0000), and raise
    ``AttributeError`` when (0002,0002), (0002,0003) or (0002,0010) is missing
    or empty (pydicom 3's rules; ``file_meta`` is updated in place).  Elements
    outside group 0002 are a ``ValueError``.
    """
    from . import datadict

    for tag in file_meta._dict:
        if int(tag) >> 16 != 0x0002:
            raise ValueError(
                "Only File Meta Information group (0002,eeee) elements may be present in 'file_meta'."
            )
    if enforce_standard:
        if _VERSION not in file_meta or file_meta[_VERSION].is_empty:
            file_meta.add_new(_VERSION, "OB", META_VERSION)
        if _IMPLEMENTATION_CLASS not in file_meta or file_meta[_IMPLEMENTATION_CLASS].is_empty:
            file_meta.add_new(_IMPLEMENTATION_CLASS, "UI", _uid.IMPLEMENTATION_CLASS_UID)
        if _IMPLEMENTATION_VERSION not in file_meta:
            file_meta.add_new(_IMPLEMENTATION_VERSION, "SH", _uid.IMPLEMENTATION_VERSION_NAME)
        missing = [
            f"{Tag(tag)} {datadict.dictionary_description(tag)}"
            for tag in (_MEDIA_SOP_CLASS, _MEDIA_SOP_INSTANCE, _TRANSFER_SYNTAX)
            if tag not in file_meta or file_meta[tag].is_empty
        ]
        if missing:
            raise AttributeError(
                "Required File Meta Information elements are either missing or have an empty value: "
                + ", ".join(missing)
            )
        if _GROUP_LENGTH not in file_meta:
            file_meta.add_new(_GROUP_LENGTH, "UL", 0)
    if _GROUP_LENGTH in file_meta:
        length = _meta_group_length(_element_likes(file_meta))
        if file_meta[_GROUP_LENGTH].value != length:
            file_meta.add_new(_GROUP_LENGTH, "UL", length)
    chunks = _writer.encode_dataset(_element_likes(file_meta), implicit_vr=False, little_endian=True)
    fp.write(b"".join(bytes(chunk) for chunk in chunks))


def _determine_encoding(ds, tsyntax, implicit_vr, little_endian, force_encoding: bool) -> tuple[bool, bool]:
    """The ``(implicit VR, little endian)`` to write ``ds`` with, by pydicom 3's priorities (PS3.5 10).

    ``force_encoding``: the arguments, both required.  Otherwise the Transfer
    Syntax UID (the arguments must agree with it; a private syntax needs them),
    else the arguments, else the dataset's ``is_implicit_VR``/``is_little_endian``,
    else its :attr:`~dicomconstruct.dataset.Dataset.original_encoding`.
    """
    arguments = (implicit_vr, little_endian)
    if force_encoding:
        if None in arguments:
            raise ValueError("'implicit_vr' and 'little_endian' are required if 'force_encoding' is used")
        return arguments
    if implicit_vr is not None and little_endian is None:
        arguments = (implicit_vr, True)
    ds_encoding = (None, None)
    if not vars(config).get("_use_future", False):
        ds_encoding = (ds.__dict__.get("_is_implicit_VR"), ds.__dict__.get("_is_little_endian"))
    fallback = (None, None)
    for candidate in (arguments, ds_encoding, ds.original_encoding):
        if None not in candidate:
            fallback = candidate
            break
    if tsyntax is None:
        if None not in fallback:
            return fallback
        raise ValueError(
            "Unable to determine the encoding to use for writing the dataset, please set the file meta's "
            "Transfer Syntax UID or use the 'implicit_vr' and 'little_endian' arguments"
        )
    syntax = tsyntax if isinstance(tsyntax, _uid.UID) else _uid.UID(str(tsyntax))
    if syntax.is_private and not syntax.is_transfer_syntax:
        if None in fallback:
            raise ValueError(
                "The 'implicit_vr' and 'little_endian' arguments are required when using a private "
                "transfer syntax"
            )
        return fallback
    if not syntax.is_transfer_syntax:
        raise ValueError(f"The Transfer Syntax UID '{syntax.name}' is not a valid transfer syntax")
    _check_encoding_arguments(syntax, implicit_vr, little_endian)
    return syntax.is_implicit_VR, syntax.is_little_endian


def _first_value(ds, tag: int):
    """First value of element ``tag`` of ``ds`` as a number (bytes read little endian as pydicom's
    tests give them), or ``None`` when absent or empty."""
    if tag not in ds:
        return None
    value = ds[tag].value
    if isinstance(value, (bytes, bytearray)):
        return int.from_bytes(value[:2], "little") if len(value) >= 2 else None
    if isinstance(value, (list, tuple, MultiValue)):
        return value[0] if len(value) else None
    return value


def correct_ambiguous_vr_element(elem, ds, is_little_endian: bool, ancestors=None):
    """Give ``elem`` (of ``ds``) the VR its ambiguous dictionary VR stands for (PS3.5 A.1; pydicom 3).

    The rules are :func:`dicomconstruct.format.ambiguous.resolve_ambiguous`; the
    elements that decide them are looked for in ``ds`` (and, for Pixel
    Representation, in ``ancestors``, nearest first).  A US/SS value still in
    bytes is decoded with ``is_little_endian``.  ``AttributeError`` when a
    deciding element is missing.
    """
    from . import datadict
    from .codec.values import decode_value
    from .format.ambiguous import resolve_ambiguous
    from .format.constants import (
        BITS_ALLOCATED,
        LUT_DESCRIPTOR_OF,
        PIXEL_REPRESENTATION,
        WAVEFORM_BITS_ALLOCATED,
        WAVEFORM_OB_OW_TAGS,
    )

    ancestors = [ds] if ancestors is None else ancestors
    if " or " not in (elem.VR or ""):
        return elem
    if getattr(elem, "is_raw", False) and not isinstance(elem, DataElement):
        from . import dataelem

        convert = vars(dataelem).get("convert_raw_data_element")  # pydicom's, where dataelem has it
        elem = convert(elem, ds=ds) if convert else DataElement(elem.tag, elem.VR, elem.value)
        ds[elem.tag] = elem
    tag = int(elem.tag)
    implicit = bool(ds.original_encoding[0])

    def missing(needed: int) -> AttributeError:
        return AttributeError(
            f"Failed to resolve ambiguous VR for tag {format_tag(tag)}: '{type(ds).__name__}' object has "
            f"no attribute '{datadict.keyword_for_tag(needed)}'"
        )

    def number(needed: int, nearest_only: bool):
        found = _first_value(ds, needed)
        if found is None:
            raise missing(needed)
        return found

    def pixel_representation() -> int:
        for dataset in ancestors:
            found = _first_value(dataset, PIXEL_REPRESENTATION)
            if found is not None:
                return found
        for dataset in ancestors:
            if "_pixel_rep" in dataset.__dict__:
                return dataset.__dict__["_pixel_rep"]
        if PIXEL_REPRESENTATION not in ds and PIXEL_DATA_TAG not in ds:
            return 0
        return number(PIXEL_REPRESENTATION, True)

    needs_bits = not implicit and not elem.is_undefined_length and (
        tag == PIXEL_DATA_TAG or tag in WAVEFORM_OB_OW_TAGS)
    if needs_bits:
        number(BITS_ALLOCATED if tag == PIXEL_DATA_TAG else WAVEFORM_BITS_ALLOCATED, True)
    if tag in LUT_DESCRIPTOR_OF:
        number(LUT_DESCRIPTOR_OF[tag], True)
    vr = resolve_ambiguous(elem.VR, tag, number, implicit=implicit, undefined_length=elem.is_undefined_length,
                           pixel_representation=pixel_representation)
    value = elem.value
    elem.VR = vr
    if vr in INTEGER_VRS and isinstance(value, (bytes, bytearray)) and value:  # resolved to US or SS
        elem.value = decode_value(vr, bytes(value), is_little_endian)
    return elem


def correct_ambiguous_vr(ds, is_little_endian: bool, ancestors=None):
    """:func:`correct_ambiguous_vr_element` for every element of ``ds`` and of its sequence items."""
    ancestors = [ds] if ancestors is None else ancestors
    for tag in sorted(ds._dict):
        elem = ds[tag]
        if elem.VR == "SQ":
            for item in elem.value:
                ancestors.insert(0, item)
                correct_ambiguous_vr(item, is_little_endian, ancestors)
        elif " or " in (elem.VR or ""):
            correct_ambiguous_vr_element(elem, ds, is_little_endian, ancestors)
    del ancestors[0]
    return ds


def _write_value(fp, elem, encodings=None, VR=None) -> None:
    """Write the value field of ``elem`` alone (padded to even length, PS3.5 6.2) into ``fp``."""
    from .codec.values import encode_value

    value = elem.value
    if value is None or (isinstance(value, (list, MultiValue, str, bytes)) and not len(value)):
        return
    vr = VR or elem.VR
    primitive = _writable_value(elem)
    fp.write(encode_value(vr, primitive, fp.is_little_endian, _codec_names(encodings)))


def write_numbers(fp, elem, struct_format: str) -> None:
    """Write the binary numbers of ``elem`` (US, SS, UL, SL, FL, FD, SV, UV: PS3.5 6.2) into ``fp``.

    ``struct_format`` is pydicom's ``struct`` code of the VR; the layout used is
    the one :mod:`dicomconstruct.format.vr` declares for ``elem.VR``.
    """
    value = elem.value
    if value is None or value == "" or (isinstance(value, (list, MultiValue)) and not len(value)):
        return
    vr = elem.VR
    if " or " in vr:
        vr = "SS" if struct_format.islower() else "US"
    try:
        if int(elem.tag) in LUT_DESCRIPTOR_TAGS and vr == "SS" and isinstance(value, (list, MultiValue)):
            # the first value of a LUT Descriptor is always unsigned (PS3.3 C.11.1.1)
            from .codec.values import encode_value

            fp.write(encode_value("US", value[0], fp.is_little_endian)
                     + encode_value("SS", list(value[1:]), fp.is_little_endian))
            return
        _write_value(fp, elem, VR=vr)
    except ValueError as exc:
        raise OSError(f"{exc}\nfor data_element:\n{elem}") from exc


def write_OBvalue(fp, elem) -> None:
    """Write an OB value (PS3.5 6.2), padded with a NUL to even length."""
    _write_value(fp, elem, VR="OB")


def write_OWvalue(fp, elem) -> None:
    """Write an OW/OF/OD/OL/OV value (PS3.5 6.2) as the bytes given."""
    _write_value(fp, elem, VR="OB" if isinstance(elem.value, (bytes, bytearray, memoryview)) else elem.VR)


def write_text(fp, elem, encodings=None) -> None:
    """Write a text value (SH, LO, ST, LT, UC, UT: PS3.5 6.2) in ``encodings`` (PS3.5 6.1.2.5)."""
    _write_value(fp, elem, encodings)


def write_PN(fp, elem, encodings=None) -> None:
    """Write a PN value (PS3.5 6.2.1) in ``encodings`` (each component group may use its own)."""
    _write_value(fp, elem, encodings)
