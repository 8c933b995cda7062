"""``dcmread``: a DICOM file (PS3.10 7) as a :class:`~dicomconstruct.dataset.FileDataset`.

Parsing is done by :func:`dicomconstruct.codec.reader.read`; this module wraps
its raw elements in datasets that decode values on first access.
"""

from __future__ import annotations

import contextlib
import functools
import os
from typing import Any

from . import config, datadict
from .codec import reader
from .codec.raw import RawFragments
from .dataelem import RawDataElement
from .dataset import Dataset, FileDataset, FileMetaDataset
from .errors import InvalidDicomError
from .format.constants import SPECIFIC_CHARACTER_SET, UNDEFINED_LENGTH
from .format.vr import NUMERIC_TEXT_VRS
from .tag import Tag

__all__ = ["dcmread", "read_file"]

_MISSING_PREFIX = (
    "File is missing DICOM File Meta Information header or the 'DICM' prefix is missing from "
    "the header. Use force=True to force reading."
)


def dcmread(
    fp: Any,
    defer_size: Any = None,
    stop_before_pixels: bool = False,
    force: bool = False,
    specific_tags: Any = None,
    *,
    mmap: bool = False,
) -> FileDataset:
    """Read ``fp`` (a path, bytes-like or binary file object) and return a :class:`FileDataset`.

    A regular file is read into memory and closed: no file descriptor stays open.
    Top-level values longer than ``defer_size`` (bytes, or pydicom's strings such as
    ``"512 KB"``; ``None``: 16 MiB, :data:`~dicomconstruct.codec.source.DEFAULT_DEFER_SIZE`;
    ``float("inf")``: never) are read from the file when first used, after checking
    that the file is still the same (else
    :class:`~dicomconstruct.errors.SourceChangedError`).  ``mmap=True`` memory-maps a
    regular file instead: no copy, but a file truncated while the dataset is used
    kills the process with SIGBUS, and one overwritten in place changes its values.

    ``force=True`` reads data that has no preamble and ``DICM`` prefix (a bare
    data set); if what is found there is not a DICOM data element at all,
    :class:`~dicomconstruct.errors.InvalidDicomError` is raised at once, naming
    the offset and the bytes found.  ``stop_before_pixels`` stops before
    (7FE0,0010); ``specific_tags`` keeps only the listed tags or keywords.
    The result can be used as a context manager.
    """
    if not isinstance(fp, (str, bytes, bytearray, memoryview, os.PathLike)) and not hasattr(fp, "read"):
        raise TypeError(
            f"dcmread: Expected a file path, file-like or readable buffer, but got {type(fp).__name__}"
        )
    if isinstance(fp, os.PathLike):
        fp = os.fspath(fp)
    if isinstance(fp, str):
        fp = os.path.expanduser(fp)
    if specific_tags is not None:
        specific_tags = _specific_tags(specific_tags)
    if force:
        _rewind_without_prefix(fp)
    # With force, the reader's reports wait until the data is known to be DICOM at all: for
    # data that is not, the error alone is said.  They are collected in this context only
    # (config.collect_reports), never through the process-wide warnings state.
    collector = config.collect_reports() if force else contextlib.nullcontext()
    try:
        with collector as caught:
            parsed = reader.read(
                fp,
                force=force,
                stop_before_pixels=stop_before_pixels,
                specific_tags=specific_tags,
                defer_size=defer_size,
                memory_map=mmap,
            )
    except InvalidDicomError as error:
        if not force and "'DICM' prefix is missing" in error.reason:
            replacement = InvalidDicomError(_MISSING_PREFIX)
            replacement.offset = error.offset
            raise replacement from None
        raise
    if force:
        if not parsed.prefix_found and not len(parsed.meta):
            _check_bare_dataset(parsed)
        for message, category in caught or ():
            config.emit(message, category, stacklevel=2)
    if parsed.meta.first_read_implicit():
        _report_vr_encoding(True, stacklevel=3)  # File Meta is Explicit VR Little Endian (PS3.10 7.1)

    file_ref = parsed.source.file_ref  # reads the deferred values
    meta = FileMetaDataset._from_raw(parsed.meta, source=file_ref, buffer=parsed.buffer)
    inflated = parsed.inflated
    encoding = parsed.encoding
    ds = FileDataset._from_read(
        fp,
        parsed.dataset,
        file_ref if inflated is None else None,
        parsed.buffer if inflated is None else memoryview(inflated),
        parsed.preamble,
        meta,
        encoding.implicit_vr,
        encoding.little_endian,
    )
    object.__setattr__(ds, "_parsed", parsed)
    if inflated is not None:
        # as pydicom: a deflated data set's buffer is the inflated stream (PS3.5 A.5)
        from .filebase import DicomBytesIO

        ds.buffer = DicomBytesIO(inflated)
        ds.fileobj_type = DicomBytesIO
    return ds


def _rewind_without_prefix(fp: Any) -> None:
    """As pydicom with ``force=True``: a file object whose data at its position has no preamble and
    ``DICM`` prefix (PS3.10 7.1) is read from its start (e.g. a buffer just written to)."""
    from .format.constants import PREAMBLE_LENGTH, PREFIX

    tell = getattr(fp, "tell", None)
    if isinstance(fp, (str, bytes, bytearray, memoryview)) or tell is None or not hasattr(fp, "seek"):
        return
    try:
        position = tell()
        if position == 0:
            return
        head = fp.read(PREAMBLE_LENGTH + len(PREFIX))
        fp.seek(position)
    except (OSError, ValueError):  # not seekable: read from where it is
        return
    if head[PREAMBLE_LENGTH:] != PREFIX:
        fp.seek(0)


@functools.lru_cache(maxsize=64)
def _tags_of(tags: tuple) -> tuple:
    return tuple(Tag(t) for t in tags)


def _specific_tags(tags) -> tuple:
    """``specific_tags`` as tags: keywords, ints, (group, element), hex strings (the same list, once)."""
    tags = tuple(tags)
    try:
        return _tags_of(tags)
    except TypeError:  # unhashable entries, or entries that are not tags: said by Tag()
        return tuple(Tag(t) for t in tags)


def read_file(*args: Any, **kwargs: Any) -> FileDataset:
    """Old name of :func:`dcmread`."""
    return dcmread(*args, **kwargs)


def _check_bare_dataset(parsed) -> None:
    """Refuse data read with ``force=True`` whose first element is not a DICOM data element."""
    dataset = parsed.dataset
    total = len(parsed.inflated) if parsed.inflated is not None else len(parsed.buffer)
    offset = parsed.dataset_offset
    if not len(dataset):
        if total - offset > 0:
            found = bytes(parsed.buffer[offset : offset + 16])
            raise InvalidDicomError(f"no DICOM data element found: the data starts with {found!r}", offset=offset)
        return
    first = dataset.get(next(dataset.tags()))  # made alone: the others stay unmade
    tag = first.tag
    known = (
        datadict.dictionary_has_tag(tag)
        or datadict.repeater_has_tag(tag)
        or (tag >> 16) & 1
        or tag & 0xFFFF == 0
    )
    fits = first.length == UNDEFINED_LENGTH or first.value_offset + first.length <= total
    if known and fits:
        return
    start = first.header_offset
    found = bytes(parsed.buffer[start : start + 16]) if parsed.inflated is None else b""
    problems = []
    if not known:
        problems.append(f"tag ({tag >> 16:04X},{tag & 0xFFFF:04X}) is not a DICOM tag")
    if not fits:
        problems.append(
            f"its value length {first.length} runs past the end of the data "
            f"({total - first.value_offset} bytes remain)"
        )
    raise InvalidDicomError(
        f"not DICOM data: found {found!r} where a data element was expected; " + " and ".join(problems),
        offset=start,
    )


# --- pydicom's lower-level reading API over file-likes: thin layers over codec.reader --------------
#
# pydicom reads a data set from the current position of a file-like (``read_dataset``) and
# yields its raw elements one by one (``data_element_generator``).  Here the bytes from that
# position are parsed by the codec (one grammar), and the file-like is left where pydicom
# leaves it: after the data set, or at the element that ``stop_when`` stopped at.

def _default_parent_encoding():
    from .dataset import _DEFAULT_ENCODINGS

    return list(_DEFAULT_ENCODINGS)


def _vr_encoding_found(data: bytes, implicit_vr: bool, little_endian: bool, stop_when, in_sequence: bool) -> bool:
    """Implicit VR or not, as the first element of ``data`` shows (PS3.5 7.1.2 / 7.1.3).

    As pydicom: bytes 4-5 of the first element are a VR or they are not; when
    that contradicts ``implicit_vr`` the data is read as found, with a warning
    (:data:`config.RAISE` for ``reading_validation_mode``: an
    :class:`InvalidDicomError`).  Items of a sequence may be implicit VR in
    explicit VR data (PS3.5 6.2.2) without a word.
    """
    from .format.vr import is_valid_vr_bytes

    if (in_sequence and implicit_vr) or len(data) < 6:
        return implicit_vr
    found_implicit = not is_valid_vr_bytes(data[4:6])
    if found_implicit == implicit_vr:
        return implicit_vr
    if stop_when is not None:
        group, element = int.from_bytes(data[0:2], "little" if little_endian else "big"), int.from_bytes(
            data[2:4], "little" if little_endian else "big")
        if stop_when(Tag(group, element), data[4:6].decode("latin-1"), 0):
            return found_implicit
    if found_implicit and in_sequence:
        return True
    _report_vr_encoding(found_implicit, stacklevel=4)
    return found_implicit


def _report_vr_encoding(found_implicit: bool, stacklevel: int) -> None:
    """pydicom's report of a VR encoding other than expected: a warning, or under
    ``reading_validation_mode == RAISE`` an :class:`InvalidDicomError`."""
    found = "implicit" if found_implicit else "explicit"
    expected = "explicit" if found_implicit else "implicit"
    message = f"Expected {expected} VR, but found {found} VR"
    if config.settings.reading_validation_mode == config.RAISE:
        raise InvalidDicomError(message)
    config.emit(f"{message} - using {found} VR for reading", UserWarning, stacklevel=stacklevel)


def _parse_from(fp, implicit_vr: bool, little_endian: bool, bytelength, stop_when, in_sequence: bool):
    """(raw data set, the bytes parsed, start position): the data set at ``fp``'s position, by the codec.

    ``fp`` is left after the data set, or at the first element for which
    ``stop_when(tag, VR, length)`` is true.
    """
    start = fp.tell()
    data = fp.read() if bytelength is None else fp.read(bytelength)
    data = bytes(data)
    implicit_vr = _vr_encoding_found(data, implicit_vr, little_endian, stop_when, in_sequence)
    if stop_when is not None:
        # where the data set ends is known only once its elements are: parse quietly first,
        # then parse (and report on) the part that belongs to the data set
        with config.collect_reports():
            whole = reader.read_dataset(data, implicit_vr=implicit_vr, little_endian=little_endian)
        for raw in whole:
            if stop_when(Tag(raw.tag), None if raw.implicit_vr else raw.VR, raw.length):
                data = data[: raw.header_offset]
                fp.seek(start + len(data))
                break
    parsed = reader.read_dataset(data, implicit_vr=implicit_vr, little_endian=little_endian)
    return parsed, data, start, implicit_vr


def read_dataset(
    fp: Any,
    is_implicit_VR: bool,
    is_little_endian: bool,
    bytelength: int | None = None,
    stop_when: Any = None,
    defer_size: Any = None,
    parent_encoding: Any = None,
    specific_tags: Any = None,
    at_top_level: bool = True,
) -> Dataset:
    """The data set (PS3.5 7) that starts at ``fp``'s position, as a :class:`Dataset` (pydicom's signature).

    ``bytelength``: read that many bytes (``None``: to the end); ``stop_when(tag,
    VR, length)``: the data set ends before the first element for which it is
    true (``fp`` is left there); ``parent_encoding``: the character set (Python
    codec names) when the data set has no (0008,0005); ``specific_tags``: keep
    only these (and (0008,0005)).  The values stay undecoded until used.
    ``defer_size`` is accepted for pydicom's signature: the data is in memory already.
    """
    parsed, data, _, implicit_vr = _parse_from(
        fp, is_implicit_VR, is_little_endian, bytelength, stop_when, not at_top_level)
    if specific_tags is not None:
        keep = set(_specific_tags(specific_tags)) | {SPECIFIC_CHARACTER_SET}
        parsed.elements = {tag: raw for tag, raw in parsed.elements.items() if tag in keep}
    given_encoding = parent_encoding or "iso8859"
    if isinstance(parent_encoding, str):
        parent_encoding = [parent_encoding]
    ds = Dataset._from_raw(parsed, parent_encoding=list(parent_encoding or _default_parent_encoding()),
                           buffer=memoryview(data))
    # the character set as read: from (0008,0005) when first asked for, else the parent's as given
    ds.set_original_encoding(implicit_vr, is_little_endian,
                             None if SPECIFIC_CHARACTER_SET in parsed.elements else given_encoding)
    return ds


def data_element_generator(
    fp: Any,
    is_implicit_VR: bool,
    is_little_endian: bool,
    stop_when: Any = None,
    defer_size: Any = None,
    encoding: Any = None,
    specific_tags: Any = None,
):
    """Yield the elements of the data set at ``fp``'s position as pydicom does (PS3.5 7.1).

    Each element is a :class:`RawDataElement` (tag, VR, length, value bytes,
    ``value_tell``, encoding), the VR ``None`` for implicit VR (except undefined
    lengths, which get the dictionary's VR); a sequence of undefined length is
    a :class:`~dicomconstruct.dataelem.DataElement` holding its items.
    ``stop_when`` and ``specific_tags`` as for :func:`read_dataset`.
    """
    from .format.vr import TEXT_VRS

    from .codec.source import defer_size_in_bytes

    limit = None if defer_size is None else defer_size_in_bytes(defer_size)
    parsed, data, start, _ = _parse_from(fp, is_implicit_VR, is_little_endian, None, stop_when, False)
    keep = None if specific_tags is None else set(_specific_tags(specific_tags)) | {SPECIFIC_CHARACTER_SET}
    items = None
    for raw in parsed:
        if keep is not None and raw.tag not in keep:
            continue
        undefined = raw.length == UNDEFINED_LENGTH
        if raw.is_sequence and undefined:
            if items is None:
                if isinstance(encoding, str):
                    encoding = [encoding]
                items = Dataset._from_raw(parsed, parent_encoding=list(encoding or _default_parent_encoding()),
                                          buffer=memoryview(data))
            yield items[raw.tag]
            continue
        if raw.implicit_vr and not undefined:
            vr = None
        elif raw.implicit_vr:
            vr = datadict.dictionary_VR(raw.tag) if datadict.dictionary_has_tag(raw.tag) else raw.VR
        else:
            vr = raw.VR
        if raw.length == 0:
            value = b"" if vr == "SQ" or (vr in TEXT_VRS and vr not in NUMERIC_TEXT_VRS) else None
        elif undefined:
            stream = raw.value.stream if isinstance(raw.value, RawFragments) else None
            value = bytes(stream) if stream is not None else bytes(
                data[raw.value_offset : raw.end_offset - len(raw.trailing)])
        else:
            value = bytes(data[raw.value_offset : raw.value_offset + raw.length])
        if limit is not None and value is not None and len(value) > limit and raw.tag != SPECIFIC_CHARACTER_SET:
            value = None  # deferred, as pydicom: read later from value_tell
        yield RawDataElement(Tag(raw.tag), vr, raw.length, value, start + raw.value_offset,
                             raw.implicit_vr, raw.little_endian)


def read_file_meta_info(filename: Any) -> FileMetaDataset:
    """The File Meta Information (PS3.10 7.1) of the file ``filename``, without reading its data set."""
    parsed = reader.read(filename, stop_before_pixels=True, specific_tags=[])
    return FileMetaDataset._from_raw(parsed.meta, source=parsed.source.file_ref, buffer=parsed.buffer)
