"""Encapsulated Pixel Data: fragments, frames and offset tables (PS3.5 A.4, PS3.3 C.7.6.3.1.8).

The functions take pydicom's names and arguments.  ``buffer`` is the value of
encapsulated Pixel Data as :class:`~dicomconstruct.dataset.Dataset` gives it
(the item stream: Basic Offset Table item, then fragment items, optionally the
Sequence Delimitation Item) or a binary file object positioned at its start.
Item headers are read and written with the declarations of
:mod:`dicomconstruct.format.encapsulated`.

A frame is found from, in this order: the Extended Offset Table (one fragment
per frame), the Basic Offset Table, one fragment per frame when the counts
agree, or by scanning for the JPEG End Of Image marker that ends a frame's last
fragment.  :class:`FrameIndex` does that once and then gives any frame by
reading only its own fragments.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from .errors import BadPixelDataError, TruncatedDataError
from .codec import _layout
from .format.constants import MAX_BASIC_OFFSET, tag_pair
from .format.element import ITEM_TAG, PIXEL_DATA_TAG, SEQUENCE_DELIMITER_TAG, UNDEFINED_LENGTH
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
    "get_nr_fragments",
    "itemize_fragment",
    "itemize_frame",
    "parse_basic_offsets",
    "parse_fragments",
]

_ITEM = _layout.MARKER[True]
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


def get_nr_fragments(buffer) -> int:
    """Number of fragments after the Basic Offset Table."""
    return len(_split(buffer)[1])


def parse_basic_offsets(buffer, *, endianness: str = "<") -> list[int]:
    """The Basic Offset Table's offsets (empty when the table is empty)."""
    return _offsets(_split(buffer)[0], "the Basic Offset Table")


def parse_fragments(buffer, *, endianness: str = "<") -> tuple[int, list[int]]:
    """(number of fragments, offset of each fragment's item header in ``buffer``)."""
    items = list(_items(_as_bytes(buffer)))[1:]
    return len(items), [offset for offset, _ in items]


def generate_fragments(buffer, *, endianness: str = "<") -> Iterator[bytes]:
    """Each fragment's value, in order (the Basic Offset Table excluded)."""
    for value in _split(buffer)[1]:
        yield value.tobytes()


def generate_fragmented_frames(buffer, *, number_of_frames: int | None = None, extended_offsets=None,
                               endianness: str = "<") -> Iterator[tuple[bytes, ...]]:
    """Each frame as the tuple of its fragments' values."""
    index = _index(buffer, number_of_frames, extended_offsets)
    for k in range(len(index)):
        yield tuple(f.tobytes() for f in index.fragments_of(k))


def generate_frames(buffer, *, number_of_frames: int | None = None, extended_offsets=None,
                    endianness: str = "<") -> Iterator[bytes]:
    """Each frame's bytes, in order."""
    index = _index(buffer, number_of_frames, extended_offsets)
    for k in range(len(index)):
        yield index.frame(k)


def get_frame(buffer, index: int, *, extended_offsets=None, number_of_frames: int | None = None,
              endianness: str = "<") -> bytes:
    """The bytes of frame ``index`` (0-based)."""
    return _index(buffer, number_of_frames, extended_offsets).frame(index)


# --- writing -----------------------------------------------------------------------


def itemize_fragment(fragment: bytes) -> bytes:
    """One fragment as an Item (PS3.5 A.4, table A.4-1); its value must have even length."""
    if len(fragment) % 2:
        raise ValueError(f"a fragment must have an even length, not {len(fragment)} bytes (PS3.5 A.4)")
    group, element = tag_pair(ITEM_TAG)
    return Fragment.build({"group": group, "element": element, "length": len(fragment), "value": bytes(fragment)})


def fragment_frame(frame: bytes, nr_fragments: int = 1) -> Iterator[bytes]:
    """``frame`` cut into ``nr_fragments`` pieces of even length (the last padded with a NUL if odd)."""
    frame = bytes(frame)
    if nr_fragments < 1 or nr_fragments > max(1, len(frame) // 2):
        raise ValueError(f"cannot cut a frame of {len(frame)} bytes into {nr_fragments} fragments")
    size = -(-len(frame) // nr_fragments)
    size += size % 2
    for start in range(0, len(frame), size):
        piece = frame[start:start + size]
        yield piece + b"\x00" if len(piece) % 2 else piece


def itemize_frame(frame: bytes, nr_fragments: int = 1) -> Iterator[bytes]:
    """The items of ``frame`` cut into ``nr_fragments`` fragments."""
    for piece in fragment_frame(frame, nr_fragments):
        yield itemize_fragment(piece)


def _offset_table_item(offsets: Iterable[int]) -> bytes:
    return itemize_fragment(BasicOffsetTable.build(list(offsets)))


def encapsulate(frames: Sequence[bytes], fragments_per_frame: int = 1, has_bot: bool = True) -> bytes:
    """The Pixel Data value for ``frames``: Basic Offset Table item (filled when ``has_bot``), then fragments.

    The Sequence Delimitation Item is not included; the writer adds it.
    """
    body, offsets, position = [], [], 0
    for frame in frames:
        offsets.append(position)
        for item in itemize_frame(frame, fragments_per_frame):
            body.append(item)
            position += len(item)
    if has_bot and position > MAX_BASIC_OFFSET:
        raise ValueError("the frames are too large for a Basic Offset Table (4 GiB); use encapsulate_extended()")
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
