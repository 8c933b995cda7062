"""A lean streaming reader of a DICOM file's top-level element headers (PS3.10 7.1; PS3.5 7.1), pydicom's
``leanread``: no dataset is built, values are bytes.

``with dicomfile(path) as f: for tag, VR, length, value, value_tell in f: ...``
yields the File Meta Information elements, then the data set's elements in the
File Meta's Transfer Syntax.  ``tag`` is a ``(group, element)`` pair; ``VR`` the
explicit VR bytes (``None`` in implicit VR); an undefined-length sequence is
yielded with ``value=None`` and its items follow as elements.  The headers are
unpacked with the struct formats derived from the declarations
(:mod:`dicomconstruct.format.fast`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import BinaryIO

from ..format import fast
from ..format.constants import ITEM_TAG, META_GROUP, PREAMBLE_LENGTH, PREFIX, TRANSFER_SYNTAX_TAG, UNDEFINED_LENGTH, tag_pair
from ..format.vr import LONG_HEADER_VRS

__all__ = ["data_element_generator", "dicomfile"]

_LONG_VRS = frozenset(vr.encode("ascii") for vr in LONG_HEADER_VRS)
_ElementType = tuple[tuple[int, int], "bytes | None", int, "bytes | None", int]


class dicomfile:
    """A DICOM file opened for :func:`data_element_generator` iteration (a context manager)."""

    def __init__(self, filename: str | bytes | os.PathLike) -> None:
        self.fobj = open(filename, "rb")
        self.preamble: bytes | None = self.fobj.read(PREAMBLE_LENGTH)
        if self.fobj.read(len(PREFIX)) != PREFIX:
            self.preamble = None
            self.fobj.seek(0)

    def __enter__(self) -> "dicomfile":
        return self

    def __exit__(self, *exc_info) -> None:
        self.fobj.close()

    def __iter__(self) -> Iterator[_ElementType]:
        syntax = None
        for elem in data_element_generator(self.fobj, False, True, stop_when=lambda group, _: group != META_GROUP):
            if elem[0] == tag_pair(TRANSFER_SYNTAX_TAG):
                syntax = elem[3].strip(b" \0").decode("ascii")
            yield elem
        if not syntax:
            raise NotImplementedError("No transfer syntax in file meta info")
        from ..uid import UID

        uid = UID(syntax)
        if uid.is_deflated:
            raise NotImplementedError("This reader does not inflate a deflated data set")
        yield from data_element_generator(self.fobj, uid.is_implicit_VR, uid.is_little_endian)


def data_element_generator(
    fp: BinaryIO,
    is_implicit_VR: bool,
    is_little_endian: bool,
    stop_when: Callable[[int, int], bool] | None = None,
    defer_size: str | int | float | None = None,
) -> Iterator[_ElementType]:
    """Yield ``((group, element), VR, length, value, value_tell)`` for each element header of ``fp``.

    Stops at the end of the file, or before the first element for which
    ``stop_when(group, element)`` is true (``fp`` left at its header).  Values longer
    than ``defer_size`` are skipped (``None``).  An undefined length is only read
    for a sequence (``NotImplementedError`` otherwise).
    """
    from ..misc import size_in_bytes

    limit = size_in_bytes(defer_size)
    short = fast.EXPLICIT_SHORT[is_little_endian]
    implicit = fast.IMPLICIT[is_little_endian]
    length32 = fast.LENGTH32[is_little_endian]
    tag_struct = fast.TAG[is_little_endian]
    while True:
        start = fp.tell()
        header = fp.read(short.size)
        if len(header) < short.size:
            return
        if is_implicit_VR:
            group, element, length = implicit.unpack(header)
            vr = None
        else:
            group, element, vr, length = short.unpack(header)
            if vr in _LONG_VRS:
                length = length32.unpack(fp.read(length32.size))[0]
        value_tell = fp.tell()
        if stop_when is not None and stop_when(group, element):
            fp.seek(start)
            return
        if length != UNDEFINED_LENGTH:
            if limit is not None and length > limit:
                fp.seek(value_tell + length)
                value = None
            else:
                value = fp.read(length)
            yield (group, element), vr, length, value, value_tell
            continue
        if vr is None:
            vr = _implicit_undefined_vr(fp, group << 16 | element, tag_struct)
        if vr != b"SQ":
            raise NotImplementedError("This reader does not handle undefined length except for SQ")
        yield (group, element), vr, length, None, value_tell


def _implicit_undefined_vr(fp: BinaryIO, tag: int, tag_struct) -> bytes | None:
    """SQ for an implicit-VR undefined length whose dictionary VR is SQ or whose value starts with an Item."""
    from ..datadict import dictionary_VR

    try:
        return dictionary_VR(tag).encode("ascii")
    except KeyError:
        peek = fp.read(tag_struct.size)
        fp.seek(fp.tell() - len(peek))
        if len(peek) == tag_struct.size:
            group, element = tag_struct.unpack(peek)
            if group << 16 | element == ITEM_TAG:
                return b"SQ"
        return None
