"""Encapsulated Pixel Data: fragments, frames and offset tables (PS3.5 A.4, PS3.3 C.7.6.3.1.8).

The functions take pydicom 3's names, arguments and semantics.  ``buffer`` is
bytes or a binary file object read from its current position: the value of
encapsulated Pixel Data as :class:`~dicomconstruct.dataset.Dataset` gives it
(Basic Offset Table item, then fragment items, optionally the Sequence
Delimitation Item) for :func:`parse_basic_offsets`, :func:`generate_frames`,
:func:`generate_fragmented_frames` and :func:`get_frame`; the fragment items
after the table for :func:`parse_fragments` and :func:`generate_fragments`.
Unparsable items raise :class:`~dicomconstruct.errors.EncapsulationError`
(a ValueError).  Item headers are read and written with the declarations of
:mod:`dicomconstruct.format.encapsulated`.

A frame is found from, in this order: the Extended Offset Table (one fragment
per frame), the Basic Offset Table, one fragment per frame when the counts
agree, or by the JPEG End Of Image marker that ends a frame's last fragment.
:class:`FrameIndex` (used by :mod:`dicomconstruct.pixels`) does that once and
then gives any frame by reading only its own fragments.  Buffers encapsulated
on demand are in :mod:`.encaps_buffer`; the names pydicom 3 deprecates, with
their warnings, in :mod:`.encaps_deprecated`.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Iterable, Iterator, Sequence

from .errors import BadPixelDataError, TruncatedDataError
from .codec import _layout
from .format.constants import MAX_BASIC_OFFSET, tag_pair
from .format.element import ITEM_TAG, PIXEL_DATA_TAG, SEQUENCE_DELIMITER_TAG, UNDEFINED_LENGTH
from .errors import EncapsulationError, format_tag
from .codec.values import number_format
from .misc import warn_and_log
from .format.encapsulated import (
    EXTENDED_OFFSET_TABLE_LENGTHS_TAG,
    END_OF_IMAGE,
    EXTENDED_OFFSET_TABLE_TAG,
    BasicOffsetTable,
    ExtendedOffsetTable,
    Fragment,
)

__all__ = [
    "FileFragment",
    "FrameIndex",
    "file_fragments",
    "encapsulate",
    "encapsulate_extended",
    "fragment_frame",
    "generate_fragmented_frames",
    "generate_fragments",
    "generate_frames",
    "get_frame",
    "itemize_fragment",
    "itemize_frame",
    "parse_basic_offsets",
    "parse_fragments",
    "EncapsulatedBuffer",
    "encapsulate_buffer",
    "encapsulate_extended_buffer",
]

_ITEM = _layout.MARKER[True]
_TAG = _layout.TAG
_LENGTH = _layout.LONG_LENGTH
_ITEM_HEADER_SIZE = _ITEM.size


def _as_bytes(buffer) -> memoryview:
    """The item stream of ``buffer`` (bytes-like or a binary file object, read from its position)."""
    if hasattr(buffer, "read"):
        buffer = buffer.read()
    return memoryview(buffer).cast("B")


def _item_headers(header_at, pos: int, end: int) -> Iterator[tuple[int, int, int]]:
    """(item offset, value offset, value length) of each item from ``pos`` up to the Sequence Delimitation Item.

    ``header_at(offset)`` gives the (group, element, length) of the item header
    there (PS3.5 A.4: always little endian, no VR).
    """
    while pos < end:
        if end - pos < _ITEM_HEADER_SIZE:
            raise TruncatedDataError(
                f"encapsulated Pixel Data ends inside an item header ({end - pos} of {_ITEM_HEADER_SIZE} bytes)",
                tag=PIXEL_DATA_TAG, offset=pos)
        group, element, length = header_at(pos)
        tag = group << 16 | element
        if tag == SEQUENCE_DELIMITER_TAG:
            return
        if tag != ITEM_TAG or length == UNDEFINED_LENGTH:
            raise BadPixelDataError(
                f"expected an Item (FFFE,E000) of defined length in encapsulated Pixel Data, found "
                f"({group:04X},{element:04X}) length 0x{length:X}", tag=PIXEL_DATA_TAG, offset=pos)
        start = pos + _ITEM_HEADER_SIZE
        if start + length > end:
            raise TruncatedDataError(
                f"fragment item is {length} bytes long but only {end - start} remain",
                tag=PIXEL_DATA_TAG, offset=pos)
        yield pos, start, length
        pos = start + length


def _items(view: memoryview) -> Iterator[tuple[int, memoryview]]:
    """(offset, value) of each item up to the Sequence Delimitation Item or the end of ``view``."""
    for pos, start, length in _item_headers(lambda at: _ITEM.unpack_from(view, at), 0, len(view)):
        yield pos, view[start:start + length]


def _offsets(value, name: str) -> list[int]:
    data = bytes(value)
    if len(data) % 4:
        raise BadPixelDataError(f"{name} is {len(data)} bytes long, not a multiple of 4", tag=PIXEL_DATA_TAG)
    return list(BasicOffsetTable.parse(data))


def _eot_values(values) -> list[int]:
    if isinstance(values, (bytes, bytearray, memoryview)):
        data = bytes(values)
        if len(data) % 8:
            raise BadPixelDataError(
                f"Extended Offset Table value is {len(data)} bytes long, not a multiple of 8", tag=EXTENDED_OFFSET_TABLE_TAG)
        return list(ExtendedOffsetTable.parse(data))
    return [int(v) for v in values]


class FrameIndex:
    """Where each frame of encapsulated Pixel Data lies (PS3.5 A.4).

    ``offset_table``: the Basic Offset Table value (may be empty); ``fragments``:
    the fragment values in order (bytes-like); ``number_of_frames``: Number of
    Frames, if known; ``extended_offsets``: (offsets, lengths) of the Extended
    Offset Table (bytes or integer sequences); ``base_offset``: the absolute
    offset of the first fragment's item header, used in error messages.
    """

    def __init__(self, offset_table, fragments: Sequence, number_of_frames: int | None = None,
                 extended_offsets=None, base_offset: int | None = None):
        self.fragments = fragments
        self.base_offset = base_offset
        starts, position = [], 0
        for fragment in fragments:
            starts.append(position)
            position += _ITEM_HEADER_SIZE + len(fragment)
        self._starts = starts
        self._end = position
        self.frames: list[range] = self._locate(offset_table, number_of_frames, extended_offsets)

    def _where(self, relative: int) -> str:
        if self.base_offset is None:
            return f"offset {relative} from the first fragment"
        return f"offset {self.base_offset + relative}"

    def _fragment_at(self, offset: int, frame: int, table: str) -> int:
        import bisect

        i = bisect.bisect_left(self._starts, offset)
        if i == len(self._starts) or self._starts[i] != offset:
            raise BadPixelDataError(
                f"frame {frame}: the {table} points at {self._where(offset)}, where no fragment item starts",
                tag=PIXEL_DATA_TAG)
        return i

    def _locate(self, offset_table, number_of_frames, extended_offsets) -> list[range]:
        count = len(self.fragments)
        if extended_offsets is not None and len(extended_offsets[0]):
            offsets, lengths = (_eot_values(v) for v in extended_offsets)
            if len(offsets) != len(lengths):
                raise BadPixelDataError(
                    f"the Extended Offset Table has {len(offsets)} offsets but {len(lengths)} lengths",
                    tag=EXTENDED_OFFSET_TABLE_LENGTHS_TAG)
            frames = []
            for k, (offset, length) in enumerate(zip(offsets, lengths)):
                i = self._fragment_at(offset, k, "Extended Offset Table")
                if len(self.fragments[i]) < length:
                    raise BadPixelDataError(
                        f"frame {k}: the Extended Offset Table gives {length} bytes but the fragment at "
                        f"{self._where(offset)} holds {len(self.fragments[i])}", tag=PIXEL_DATA_TAG)
                frames.append(range(i, i + 1))
            self._lengths = lengths
            return self._check_count(frames, number_of_frames, "Extended Offset Table")
        self._lengths = None
        offsets = _offsets(offset_table, "the Basic Offset Table") if offset_table is not None else []
        if offsets:
            firsts = [self._fragment_at(offset, k, "Basic Offset Table") for k, offset in enumerate(offsets)]
            for k in range(1, len(firsts)):
                if firsts[k] <= firsts[k - 1]:
                    raise BadPixelDataError(
                        f"frame {k}: the Basic Offset Table offset {offsets[k]} does not follow "
                        f"{offsets[k - 1]}", tag=PIXEL_DATA_TAG)
            bounds = firsts + [count]
            frames = [range(bounds[k], bounds[k + 1]) for k in range(len(firsts))]
            return self._check_count(frames, number_of_frames, "Basic Offset Table")
        if not number_of_frames or number_of_frames == 1:
            return [range(0, count)] if count else []
        if number_of_frames == count:
            return [range(k, k + 1) for k in range(count)]
        if count < number_of_frames:
            raise BadPixelDataError(
                f"Number of Frames is {number_of_frames} but encapsulated Pixel Data holds only {count} fragments",
                tag=PIXEL_DATA_TAG)
        frames, first = [], 0
        for i, fragment in enumerate(self.fragments):
            if bytes(fragment[-4:]).rstrip(b"\x00").endswith(END_OF_IMAGE):
                frames.append(range(first, i + 1))
                first = i + 1
        if first != count or len(frames) != number_of_frames:
            raise BadPixelDataError(
                f"cannot split {count} fragments into {number_of_frames} frames: no offset table, and "
                f"{len(frames)} fragments end with an End Of Image marker", tag=PIXEL_DATA_TAG)
        return frames

    @staticmethod
    def _check_count(frames, number_of_frames, table):
        if number_of_frames is not None and len(frames) != number_of_frames:
            raise BadPixelDataError(
                f"the {table} lists {len(frames)} frames but Number of Frames is {number_of_frames}",
                tag=PIXEL_DATA_TAG)
        return frames

    def __len__(self) -> int:
        return len(self.frames)

    def fragments_of(self, index: int) -> list:
        """The fragment values of frame ``index`` (0-based)."""
        if not -len(self.frames) <= index < len(self.frames):
            raise ValueError(f"frame index {index} is out of range: the pixel data holds {len(self.frames)} frames")
        return [self.fragments[i] for i in self.frames[index]]

    def frame(self, index: int) -> bytes:
        """The bytes of frame ``index``: its fragments joined (trimmed to the Extended Offset Table length)."""
        parts = self.fragments_of(index)
        if len(parts) == 1:
            data = parts[0].tobytes() if isinstance(parts[0], memoryview) else bytes(parts[0])
        else:
            data = b"".join(p if isinstance(p, (bytes, bytearray, memoryview)) else bytes(p) for p in parts)
        if self._lengths is not None:
            data = data[:self._lengths[index]]
        return data

    def offset_of(self, index: int) -> int | None:
        """Absolute offset of frame ``index``'s first item header, when ``base_offset`` is known."""
        if self.base_offset is None:
            return None
        return self.base_offset + self._starts[self.frames[index][0]]


class FileFragment:
    """A fragment left in the file (deferred Pixel Data): its offset and length; read when sliced or joined."""

    __slots__ = ("source", "offset", "length", "tag")

    def __init__(self, source, offset: int, length: int, tag: int = PIXEL_DATA_TAG):
        self.source, self.offset, self.length, self.tag = source, offset, length, tag

    def __len__(self) -> int:
        return self.length

    def __bytes__(self) -> bytes:
        return self.source.read(self.offset, self.length, tag=self.tag)

    def __getitem__(self, key: slice) -> bytes:
        start, stop, step = key.indices(self.length)
        if step != 1 or stop <= start:
            return bytes(self)[key]
        return self.source.read(self.offset + start, stop - start, tag=self.tag)


def file_fragments(source, value_offset: int, end_offset: int) -> tuple[bytes, list[FileFragment], int]:
    """(Basic Offset Table value, fragments, offset of the first fragment item) of Pixel Data left in a file.

    Only the 8-byte item headers are read (PS3.5 A.4), with the file opened once;
    each fragment's bytes are read when its frame is decoded.
    """
    path = getattr(source, "path", None)
    if path is None:
        return _file_fragments(source, source.read, value_offset, end_offset)
    source.read(value_offset, 0, tag=PIXEL_DATA_TAG)  # the file is still the one read, or SourceChangedError
    import os

    with open(path, "rb", buffering=0) as f:
        descriptor = f.fileno()

        def read(offset: int, length: int, tag: int = PIXEL_DATA_TAG) -> bytes:
            data = os.pread(descriptor, length, offset)
            if len(data) != length:
                raise TruncatedDataError(f"the file ends {length - len(data)} bytes into an item of encapsulated "
                                         f"Pixel Data", tag=tag, offset=offset)
            return data

        return _file_fragments(source, read, value_offset, end_offset)


def _file_fragments(source, read, value_offset: int, end_offset: int) -> tuple[bytes, list[FileFragment], int]:
    fragments, table, first = [], None, None
    headers = _item_headers(lambda at: _ITEM.unpack(read(at, _ITEM_HEADER_SIZE)), value_offset, end_offset)
    for position, start, length in headers:
        if table is None:
            table = read(start, length) if length else b""
        else:
            if first is None:
                first = position
            fragments.append(FileFragment(source, start, length))
    if table is None:
        raise BadPixelDataError("encapsulated Pixel Data holds no items (no Basic Offset Table)", tag=PIXEL_DATA_TAG,
                                offset=value_offset)
    return table, fragments, first if first is not None else end_offset


def _split(buffer) -> tuple[memoryview, list[memoryview]]:
    items = list(_items(_as_bytes(buffer)))
    if not items:
        raise BadPixelDataError("encapsulated Pixel Data holds no items (no Basic Offset Table)", tag=PIXEL_DATA_TAG,
                                offset=0)
    return items[0][1], [value for _, value in items[1:]]


def _index(buffer, number_of_frames=None, extended_offsets=None) -> FrameIndex:
    offset_table, fragments = _split(buffer)
    return FrameIndex(offset_table, fragments, number_of_frames, extended_offsets,
                      base_offset=_ITEM_HEADER_SIZE + len(offset_table))


# --- reading, pydicom 3's functions --------------------------------------------------
#
# These read from a bytes-like value or a binary file object at its current position and
# leave the position where pydicom leaves it; ``endianness`` is "<" (the Standard's only
# encoding, PS3.5 A.4) or ">" (as found in old files).

#: bytes at the end of a fragment searched for the End Of Image marker, which padding may follow
_EOI_WINDOW = 10


def _stream(buffer):
    if isinstance(buffer, (bytes, bytearray, memoryview)):
        return io.BytesIO(buffer)
    return buffer


def _is_little(endianness: str) -> bool:
    if endianness not in ("<", ">"):
        raise ValueError(f"'endianness' must be '<' or '>', not {endianness!r}")
    return endianness == "<"


def _unpack_numbers(vr: str, little: bool, data: bytes) -> list[int]:
    order, code, size = number_format(vr, little)
    return list(struct.unpack(f"{order}{len(data) // size}{code}", data))


def _next_fragment(stream, little: bool) -> int | None:
    """Read the header of the next fragment item; its value length, or None at the end of the items."""
    start = stream.tell()
    raw = stream.read(_TAG[little].size)
    if len(raw) < _TAG[little].size:
        return None
    group, element = _TAG[little].unpack(raw)
    tag = group << 16 | element
    if tag == SEQUENCE_DELIMITER_TAG:
        return None
    if tag != ITEM_TAG:
        raise EncapsulationError(
            f"Unexpected tag '{format_tag(tag)}' at offset {start} when parsing the encapsulated pixel data "
            "fragment items", tag=PIXEL_DATA_TAG)
    raw = stream.read(_LENGTH[little].size)
    if len(raw) != _LENGTH[little].size:
        raise EncapsulationError(
            f"Unable to determine the length of the item at offset {start} as the end of the data has been "
            "reached - the encapsulated pixel data may be invalid", tag=PIXEL_DATA_TAG)
    (length,) = _LENGTH[little].unpack(raw)
    if length == UNDEFINED_LENGTH:
        raise EncapsulationError(
            f"Undefined item length at offset {start + _TAG[little].size} when parsing the encapsulated pixel "
            "data fragments", tag=PIXEL_DATA_TAG)
    return length


def parse_basic_offsets(buffer, *, endianness: str = "<") -> list[int]:
    """The Basic Offset Table's frame offsets (PS3.5 A.4, table A.4-1); empty when the table is empty.

    ``buffer`` starts at the Basic Offset Table item; a file object is left at the first fragment.
    """
    little = _is_little(endianness)
    stream = _stream(buffer)
    raw = stream.read(_ITEM_HEADER_SIZE)
    group, element = _TAG[little].unpack(raw[:_TAG[little].size].ljust(_TAG[little].size, b"\0"))
    (length,) = _LENGTH[little].unpack(raw[_TAG[little].size:].ljust(_LENGTH[little].size, b"\0"))
    if group << 16 | element != ITEM_TAG:
        raise EncapsulationError(
            f"Found unexpected tag {format_tag(group << 16 | element)} instead of {format_tag(ITEM_TAG)} when "
            "parsing the Basic Offset Table item", tag=PIXEL_DATA_TAG)
    if length % 4:
        raise EncapsulationError("The length of the Basic Offset Table item is not a multiple of 4",
                                 tag=PIXEL_DATA_TAG)
    return _unpack_numbers("UL", little, stream.read(length)) if length else []


def parse_fragments(buffer, *, endianness: str = "<") -> tuple[int, list[int]]:
    """(number of fragments, offset of each fragment's item tag) of the items in ``buffer``.

    ``buffer`` starts at a fragment item (after the Basic Offset Table); offsets are
    positions in ``buffer``; a file object is put back where it was.
    """
    little = _is_little(endianness)
    stream = _stream(buffer)
    start = stream.tell()
    offsets = []
    while True:
        position = stream.tell()
        length = _next_fragment(stream, little)
        if length is None:
            break
        offsets.append(position)
        stream.seek(length, io.SEEK_CUR)
    stream.seek(start, io.SEEK_SET)
    return len(offsets), offsets


def generate_fragments(buffer, *, endianness: str = "<") -> Iterator[bytes]:
    """Each fragment's value, in order, from a fragment item up to the Sequence Delimitation Item or the end."""
    little = _is_little(endianness)
    stream = _stream(buffer)
    while (length := _next_fragment(stream, little)) is not None:
        yield stream.read(length)


def _extended(extended_offsets, little: bool) -> tuple[list[int], list[int]]:
    return tuple(_unpack_numbers("UV", little, bytes(v)) if isinstance(v, (bytes, bytearray, memoryview))
                 else list(v) for v in extended_offsets[:2])


def _ends_frame(fragment: bytes) -> bool:
    return END_OF_IMAGE in fragment[-_EOI_WINDOW:]


def generate_fragmented_frames(buffer, *, number_of_frames: int | None = None, extended_offsets=None,
                               endianness: str = "<") -> Iterator[tuple[bytes, ...]]:
    """Each frame as the tuple of its fragments' values (PS3.5 A.4, PS3.3 C.7.6.3.1.8).

    Frames are found from the Extended Offset Table, else the Basic Offset Table, else
    one fragment per frame when the counts agree, else by the End Of Image marker at a
    fragment's end (then more frames than ``number_of_frames`` may be given).
    """
    little = _is_little(endianness)
    stream = _stream(buffer)
    basic = parse_basic_offsets(stream, endianness=endianness)
    if extended_offsets:
        offsets, lengths = _extended(extended_offsets, little)
        first = stream.tell()
        for offset, length in zip(offsets, lengths):
            stream.seek(first + offset + _ITEM_HEADER_SIZE, io.SEEK_SET)
            yield (stream.read(length),)
        return
    if basic:
        frame, position, following = [], 0, basic[1:]
        for fragment in generate_fragments(stream, endianness=endianness):
            if following and position >= following[0]:
                yield tuple(frame)
                frame, following = [], following[1:]
            frame.append(fragment)
            position += _ITEM_HEADER_SIZE + len(fragment)
        yield tuple(frame)
        return
    count, _ = parse_fragments(stream, endianness=endianness)
    fragments = generate_fragments(stream, endianness=endianness)
    if count == 1:
        yield (next(fragments),)
        return
    if not number_of_frames:
        raise EncapsulationError(
            "Unable to determine the frame boundaries for the encapsulated pixel data as there is no Basic or "
            "Extended Offset Table and the number of frames has not been supplied", tag=PIXEL_DATA_TAG)
    if count == number_of_frames:
        yield from ((fragment,) for fragment in fragments)
        return
    if number_of_frames == 1:
        yield tuple(fragments)
        return
    if count < number_of_frames:
        raise EncapsulationError(
            f"Unable to generate frames from the encapsulated pixel data as there are fewer fragments ({count}) "
            f"than frames ({number_of_frames}); the dataset may be corrupt or the number of frames may be "
            "incorrect", tag=PIXEL_DATA_TAG)
    frame, found = [], 0
    for fragment in fragments:
        frame.append(fragment)
        if _ends_frame(fragment):
            yield tuple(frame)
            frame, found = [], found + 1
    if frame:
        if found >= number_of_frames:
            warn_and_log("The end of the encapsulated pixel data has been reached but no JPEG EOI/EOC marker "
                         "was found, the final frame may be be invalid")
        else:
            warn_and_log("The end of the encapsulated pixel data has been reached but fewer frames than "
                         "expected have been found. Please confirm that the generated frame data is correct")
        yield tuple(frame)
    elif found < number_of_frames:
        warn_and_log("The end of the encapsulated pixel data has been reached but fewer frames than expected "
                     "have been found")


def generate_frames(buffer, *, number_of_frames: int | None = None, extended_offsets=None,
                    endianness: str = "<") -> Iterator[bytes]:
    """Each frame's bytes, in order (see :func:`generate_fragmented_frames`)."""
    for fragments in generate_fragmented_frames(buffer, number_of_frames=number_of_frames,
                                                extended_offsets=extended_offsets, endianness=endianness):
        yield b"".join(fragments)


def get_frame(buffer, index: int, *, extended_offsets=None, number_of_frames: int | None = None,
              endianness: str = "<") -> bytes:
    """The bytes of frame ``index`` (0-based), reading only what precedes it and its own fragments.

    A file object is put back at its starting position when the frame is returned.
    """
    little = _is_little(endianness)
    stream = _stream(buffer)
    start = stream.tell()
    basic = parse_basic_offsets(stream, endianness=endianness)
    first = stream.tell()

    def done(frame: bytes) -> bytes:
        stream.seek(start, io.SEEK_SET)
        return frame

    if extended_offsets:
        offsets, lengths = _extended(extended_offsets, little)
        if index >= len(offsets):
            raise EncapsulationError(
                f"There aren't enough offsets in the Extended Offset Table for {index + 1} frames",
                tag=PIXEL_DATA_TAG)
        stream.seek(first + offsets[index] + _ITEM_HEADER_SIZE, io.SEEK_SET)
        return done(stream.read(lengths[index]))
    if basic:
        if index >= len(basic):
            raise EncapsulationError(
                f"There aren't enough offsets in the Basic Offset Table for {index + 1} frames",
                tag=PIXEL_DATA_TAG)
        stream.seek(first + basic[index], io.SEEK_SET)
        if index < len(basic) - 1:
            source = stream.read(basic[index + 1] - basic[index])
        else:
            source = stream
        return done(b"".join(generate_fragments(source, endianness=endianness)))
    count, positions = parse_fragments(stream, endianness=endianness)
    if count == 1:
        if index:
            raise EncapsulationError("Found 1 frame fragment in the encapsulated pixel data, 'index' must be 0",
                                     tag=PIXEL_DATA_TAG)
        return done(next(generate_fragments(stream, endianness=endianness)))
    if not number_of_frames:
        raise EncapsulationError(
            "Unable to determine the frame boundaries for the encapsulated pixel data as there is no basic or "
            "extended offset table data and the number of frames has not been supplied", tag=PIXEL_DATA_TAG)
    if count == number_of_frames:
        if index >= count:
            raise EncapsulationError(
                f"Found {count} frame fragments in the encapsulated pixel data, an 'index' of {index} is invalid",
                tag=PIXEL_DATA_TAG)
        stream.seek(positions[index], io.SEEK_SET)
        return done(next(generate_fragments(stream, endianness=endianness)))
    fragments = generate_fragments(stream, endianness=endianness)
    if number_of_frames == 1:
        if index:
            raise EncapsulationError("The 'index' must be 0 if the number of frames is 1", tag=PIXEL_DATA_TAG)
        return done(b"".join(fragments))
    frame, found = [], 0
    for fragment in fragments:
        frame.append(fragment)
        if _ends_frame(fragment):
            if found == index:
                return done(b"".join(frame))
            frame, found = [], found + 1
    if frame and found == index:
        warn_and_log("The end of the encapsulated pixel data has been reached but no JPEG EOI/EOC marker was "
                     "found, the returned frame data may be invalid")
        return done(b"".join(frame))
    raise EncapsulationError(f"There is insufficient pixel data to contain {index + 1} frames", tag=PIXEL_DATA_TAG)


# --- writing -----------------------------------------------------------------------


def itemize_fragment(fragment: bytes) -> bytes:
    """One fragment as an Item (PS3.5 A.4, table A.4-1); its value must have even length."""
    if len(fragment) % 2:
        raise ValueError(f"a fragment must have an even length, not {len(fragment)} bytes (PS3.5 A.4)")
    group, element = tag_pair(ITEM_TAG)
    return Fragment.build({"group": group, "element": element, "length": len(fragment), "value": bytes(fragment)})


def fragment_frame(frame: bytes, nr_fragments: int = 1) -> Iterator[bytes]:
    """``frame`` cut into ``nr_fragments`` fragments of even length (PS3.5 A.4).

    All but the last have the same length, ``len(frame) // nr_fragments`` rounded up to
    even; the last holds the rest, padded with a NUL when odd (PS3.5 6.2, OB).
    """
    length = len(frame)
    if nr_fragments < 1 or nr_fragments > (length + 1) / 2:
        raise ValueError(f"Too many fragments requested (the minimum fragment size is 2 bytes): cannot cut a "
                         f"frame of {length} bytes into {nr_fragments} fragments")
    size = length // nr_fragments
    size += size % 2
    last = size * (nr_fragments - 1)
    for offset in range(0, last, size):
        yield frame[offset:offset + size]
    piece = frame[last:]
    yield piece + b"\x00" if (length - last) % 2 else piece


def itemize_frame(frame: bytes, nr_fragments: int = 1) -> Iterator[bytes]:
    """The items of ``frame`` cut into ``nr_fragments`` fragments."""
    for piece in fragment_frame(frame, nr_fragments):
        yield itemize_fragment(piece)


def _offset_table_item(offsets: Iterable[int]) -> bytes:
    return itemize_fragment(BasicOffsetTable.build(list(offsets)))


def encapsulate(frames: Sequence[bytes], fragments_per_frame: int = 1, has_bot: bool = True) -> bytes:
    """The Pixel Data value for ``frames``: Basic Offset Table item (filled when ``has_bot``), then fragments.

    The Sequence Delimitation Item is not included; the writer adds it.  Offsets of a
    Basic Offset Table are 32-bit (PS3.5 A.4): larger data needs :func:`encapsulate_extended`.
    """
    if has_bot and len(frames) > 1:
        total = sum(len(f) + len(f) % 2 + _ITEM_HEADER_SIZE * fragments_per_frame for f in frames[:-1])
        if total > MAX_BASIC_OFFSET:
            raise ValueError(
                f"The total length of the encapsulated frame data ({total} bytes) will be greater than the "
                f"maximum allowed by the Basic Offset Table ({MAX_BASIC_OFFSET} bytes): use "
                "encapsulate_extended() and the Extended Offset Table instead")
    body, offsets, position = [], [], 0
    for frame in frames:
        offsets.append(position)
        for item in itemize_frame(frame, fragments_per_frame):
            body.append(item)
            position += len(item)
    return _offset_table_item(offsets if has_bot else []) + b"".join(body)


def encapsulate_extended(frames: Sequence[bytes]) -> tuple[bytes, bytes, bytes]:
    """(Pixel Data with an empty Basic Offset Table, Extended Offset Table, Extended Offset Table Lengths)."""
    body, offsets, lengths, position = [], [], [], 0
    for frame in frames:
        item = b"".join(itemize_frame(frame, 1))
        offsets.append(position)
        lengths.append(len(item) - _ITEM_HEADER_SIZE)
        body.append(item)
        position += len(item)
    return (_offset_table_item([]) + b"".join(body), ExtendedOffsetTable.build(offsets),
            ExtendedOffsetTable.build(lengths))


from .encaps_buffer import (  # noqa: E402,F401
    EncapsulatedBuffer, _BufferedItem, encapsulate_buffer, encapsulate_extended_buffer,
)
from .encaps_deprecated import encaps_getattr as __getattr__  # noqa: E402,F401  (pydicom 3's deprecated names)
