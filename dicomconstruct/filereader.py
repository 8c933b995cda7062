"""``dcmread``: a DICOM file (PS3.10 7) as a :class:`~dicomconstruct.dataset.FileDataset`.

Parsing is done by :func:`dicomconstruct.codec.reader.read`; this module wraps
its raw elements in datasets that decode values on first access.
"""

from __future__ import annotations

import contextlib
import functools
import os
import warnings
from typing import Any

from . import config, datadict
from .codec import reader
from .dataset import Dataset, FileDataset, FileMetaDataset
from .errors import InvalidDicomError
from .format.constants import UNDEFINED_LENGTH
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
    if isinstance(fp, os.PathLike):
        fp = os.fspath(fp)
    if isinstance(fp, str):
        fp = os.path.expanduser(fp)
    if specific_tags is not None:
        specific_tags = _specific_tags(specific_tags)
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
            warnings.warn(message, category, stacklevel=2)

    file_ref = parsed.source.file_ref  # reads the deferred values
    meta = FileMetaDataset._from_raw(parsed.meta, source=file_ref, buffer=parsed.buffer)
    inflated = parsed.inflated
    dataset = Dataset._from_raw(
        parsed.dataset,
        source=file_ref if inflated is None else None,
        buffer=parsed.buffer if inflated is None else memoryview(inflated),
    )
    encoding = parsed.encoding
    ds = FileDataset(
        fp,
        dataset,
        preamble=parsed.preamble,
        file_meta=meta,
        is_implicit_VR=encoding.implicit_vr,
        is_little_endian=encoding.little_endian,
    )
    object.__setattr__(ds, "_parsed", parsed)
    return ds


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
