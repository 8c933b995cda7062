"""Encapsulation of frames held in binary buffers, read on demand (PS3.5 A.4, PS3.3 C.7.6.3.1.8).

pydicom 3's :class:`EncapsulatedBuffer`: a read-only, seekable file object whose
content is the encapsulated Pixel Data value of one or more compressed frames
(Basic Offset Table item, then one fragment item per frame), produced from the
frames' own buffers while it is read, so the frames are never joined in memory.
Item headers are built from the declarations of :mod:`dicomconstruct.format.encapsulated`.

Re-exported by :mod:`dicomconstruct.encaps`.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator

from .format import fast
from .format.constants import MAX_BASIC_OFFSET, tag_pair
from .format.element import ITEM_TAG
from .format.encapsulated import BasicOffsetTable, ExtendedOffsetTable

__all__ = ["EncapsulatedBuffer", "encapsulate_buffer", "encapsulate_extended_buffer"]


_ITEM = fast.ITEM[True]  # encapsulated items are little endian (PS3.5 A.4)
_HEADER_SIZE = _ITEM.size


def _item_header(length: int) -> bytes:
    return _ITEM.pack(*tag_pair(ITEM_TAG), length)

#: largest value a buffer may hold: an item length is 32-bit, and the value is padded to even length
_MAX_VALUE = MAX_BASIC_OFFSET - 1


def _buffer_length(buffer) -> int:
    """Bytes from the start of ``buffer`` to its end; the position is kept."""
    position = buffer.tell()
    try:
        return buffer.seek(0, os.SEEK_END)
    finally:
        buffer.seek(position, os.SEEK_SET)


class _BufferedItem:
    """One fragment item whose value is the whole content of ``buffer`` (padded to even length)."""

    def __init__(self, buffer) -> None:
        self.buffer = buffer
        self._blen = _buffer_length(buffer)
        if self._blen > _MAX_VALUE:
            raise ValueError(f"Buffers containing more than {_MAX_VALUE} bytes are not supported")
        self._padding = bool(self._blen % 2)
        #: the item's length: header, value and padding
        self.length = _HEADER_SIZE + self._blen + self._padding
        self._item = _item_header(self.length - _HEADER_SIZE)

    def read(self, start: int, size: int) -> bytes:
        """Up to ``size`` bytes of the item from ``start`` (0 is the first byte of the item tag)."""
        if not 0 <= start < self.length:
            raise ValueError(f"Invalid 'start' value '{start}', must be in the closed interval [0, {self.length - 1}]")
        out = bytearray()
        end = min(self.length, start + size)
        position = start
        if position < _HEADER_SIZE:
            out += self._item[position:min(end, _HEADER_SIZE)]
            position = _HEADER_SIZE
        value_end = min(end, _HEADER_SIZE + self._blen)
        if position < value_end:
            kept = self.buffer.tell()
            try:
                self.buffer.seek(position - _HEADER_SIZE, os.SEEK_SET)
                while position < value_end:
                    chunk = self.buffer.read(value_end - position)
                    if not chunk:
                        break
                    out += chunk
                    position += len(chunk)
            finally:
                self.buffer.seek(kept, os.SEEK_SET)
        if self._padding and position == self.length - 1 and position < end:
            out += b"\x00"
        return bytes(out)


class EncapsulatedBuffer(io.BufferedIOBase):
    """The encapsulated Pixel Data value of ``buffers`` (one compressed frame each), read on demand.

    ``use_bot``: fill the Basic Offset Table with each frame's offset; otherwise it is
    empty and :attr:`extended_offsets` / :attr:`extended_lengths` give the Extended
    Offset Table values.  The buffers must be readable and seekable; they stay open.
    """

    def __init__(self, buffers: list, use_bot: bool = False) -> None:
        if not isinstance(buffers, list):
            raise TypeError("'buffers' must be a list of objects that inherit from 'io.BufferedIOBase'")
        self._items = [_BufferedItem(b) for b in buffers]
        self._use_bot = use_bot
        self._offset = 0
        table = self.basic_offset_table
        starts = [len(table) + offset for offset in self.offsets]
        # (start, item) of every item: Basic Offset Table first, then each frame
        self._parts = [(0, _BufferedItem(io.BytesIO(table[_HEADER_SIZE:])))] + list(zip(starts, self._items))

    @property
    def basic_offset_table(self) -> bytes:
        """The Basic Offset Table item (empty unless ``use_bot``)."""
        value = BasicOffsetTable.build(self.offsets if self._use_bot else [])
        return _item_header(len(value)) + value

    @property
    def closed(self) -> bool:
        """True if any of the buffers is closed."""
        return any(item.buffer.closed for item in self._items)

    @property
    def lengths(self) -> list[int]:
        """Length of each frame's item (header, value, padding)."""
        return [item.length for item in self._items]

    @property
    def offsets(self) -> list[int]:
        """Offset of each frame's item from the first item after the Basic Offset Table."""
        offsets, position = [], 0
        for length in self.lengths:
            offsets.append(position)
            position += length
        return offsets

    @property
    def extended_offsets(self) -> bytes:
        """The Extended Offset Table value (7FE0,0001): :attr:`offsets` as 64-bit integers."""
        return ExtendedOffsetTable.build(self.offsets)

    @property
    def extended_lengths(self) -> bytes:
        """The Extended Offset Table Lengths value (7FE0,0002): each frame item's value length."""
        return ExtendedOffsetTable.build([length - _HEADER_SIZE for length in self.lengths])

    @property
    def encapsulated_length(self) -> int:
        """Length of the whole encapsulated value (without the Sequence Delimitation Item)."""
        return len(self.basic_offset_table) + sum(self.lengths)

    def _chunks(self, size: int) -> Iterator[bytes]:
        end = min(self.encapsulated_length, self._offset + size)
        for start, item in self._parts:
            if self._offset >= end:
                return
            if start <= self._offset < start + item.length:
                data = item.read(self._offset - start, end - self._offset)
                if not data:
                    return
                self._offset += len(data)
                yield data

    def read(self, size: int | None = 8192, /) -> bytes:
        """Up to ``size`` bytes from the current position (all that remains when ``size`` is None or negative)."""
        if size is None or size < 0:
            size = self.encapsulated_length
        return b"".join(self._chunks(size))

    def readable(self) -> bool:
        return all(item.buffer.readable() for item in self._items)

    def seekable(self) -> bool:
        return all(item.buffer.seekable() for item in self._items)

    def seek(self, offset: int, whence: int = os.SEEK_SET, /) -> int:
        """Move to ``offset`` from the start, the current position or the end (as :class:`io.BytesIO`)."""
        if whence == os.SEEK_SET:
            if offset < 0:
                raise ValueError(f"Negative seek 'offset' value {offset}")
            self._offset = offset
        elif whence == os.SEEK_CUR:
            self._offset = max(0, self._offset + offset)
        elif whence == os.SEEK_END:
            self._offset = max(0, self.encapsulated_length + offset)
        else:
            raise ValueError("Invalid 'whence' value, should be 0, 1 or 2")
        return self._offset

    def tell(self) -> int:
        return self._offset


def encapsulate_buffer(buffers: list, has_bot: bool = True) -> EncapsulatedBuffer:
    """An :class:`EncapsulatedBuffer` of ``buffers`` (one frame each), usable as a Pixel Data value."""
    return EncapsulatedBuffer(buffers, use_bot=has_bot)


def encapsulate_extended_buffer(buffers: list) -> tuple[EncapsulatedBuffer, bytes, bytes]:
    """(EncapsulatedBuffer with an empty Basic Offset Table, Extended Offset Table, its Lengths) (PS3.3 C.7.6.3)."""
    buffer = EncapsulatedBuffer(buffers)
    return buffer, buffer.extended_offsets, buffer.extended_lengths
