"""Frames of a dataset's pixel data, decoded one at a time (PS3.5 8.1 native, A.4 encapsulated).

The fragments are slices of the bytes the reader holds (or read from the file
on first use when Pixel Data was longer than ``defer_size``), so decoding frame
``k`` decodes only that frame's fragments; the Pixel Data value is not copied.
"""

from __future__ import annotations

from ..codec.raw import RawFragments
from ..dataelem import UNSET
from ..encaps import FrameIndex, _index, file_fragments
from ..errors import BadPixelDataError
from ..format.constants import EXTENDED_OFFSET_TABLE_LENGTHS_TAG, EXTENDED_OFFSET_TABLE_TAG, UNDEFINED_LENGTH
from .color import YBR_PHOTOMETRICS, convert_color_space
from .decoders import codec_converts_ybr, decode_frame
from .image import ImageInfo
from .native import native_frames

__all__ = ["PixelSource"]


def _stored_value(element):
    """The value as read (a memoryview or RawFragments) while unmodified, else the current value."""
    raw = element.raw
    if raw is not None and raw.value is not None:
        return raw.value
    return element.value


def _deferred(element):
    """(source, raw element) of encapsulated Pixel Data the reader left in the file (``defer_size``), else None.

    Its frames are then read from the file one at a time instead of reading the
    whole value (PS3.5 A.4: the item headers say where each fragment is).
    """
    raw = element._raw_element()
    decoder = element._decoder
    source = getattr(decoder, "source", None)
    if raw is None or source is None or raw.value is not None or element._value is not UNSET:
        return None
    if raw.length != UNDEFINED_LENGTH or raw.end_offset is None:
        return None
    return source, raw


class PixelSource:
    """A dataset's pixel data: its :class:`ImageInfo` and a way to any frame."""

    def __init__(self, ds, info: ImageInfo | None = None):
        self.ds = ds
        self.info = info or ImageInfo.of(ds)
        self.element = ds[self.info.tag]
        self._index: FrameIndex | None = None

    @property
    def encapsulated(self) -> bool:
        if not self.info.is_encapsulated and isinstance(_stored_value(self.element), RawFragments):
            syntax = self.info.transfer_syntax
            said = f"{getattr(syntax, 'name', syntax)} ({syntax})" if syntax is not None else "no Transfer Syntax UID"
            raise BadPixelDataError(f"Pixel Data is encapsulated (undefined length, PS3.5 A.4) but the File Meta "
                                    f"Information gives {said}", tag=self.info.tag, offset=self.element.value_offset)
        return self.info.is_encapsulated

    def frame_index(self) -> FrameIndex:
        if self._index is None:
            ds, info = self.ds, self.info
            extended = None
            if EXTENDED_OFFSET_TABLE_TAG in ds and EXTENDED_OFFSET_TABLE_LENGTHS_TAG in ds:
                extended = (ds[EXTENDED_OFFSET_TABLE_TAG].value or b"",
                            ds[EXTENDED_OFFSET_TABLE_LENGTHS_TAG].value or b"")
            deferred = _deferred(self.element)
            value = None if deferred is not None else _stored_value(self.element)
            if deferred is not None:
                source, raw = deferred
                table, fragments, first = file_fragments(source, raw.value_offset, raw.end_offset)
                self._index = FrameIndex(table, fragments, info.frames, extended, first)
            elif isinstance(value, RawFragments):
                base = value.item_offsets[1] if len(value.item_offsets) > 1 else None
                self._index = FrameIndex(value.offset_table, value.fragments, info.frames, extended, base)
            else:
                self._index = _index(value, info.frames, extended)
        return self._index

    def __len__(self) -> int:
        return len(self.frame_index()) if self.encapsulated else self.info.frames

    def frame(self, np, index: int, as_rgb: bool = True):
        """Frame ``index`` as (rows, columns, samples)."""
        info = self.info
        if self.encapsulated:
            frames = self.frame_index()
            data = frames.frame(index)
            arr = decode_frame(np, info, data, index, frames.offset_of(index), as_rgb)
            converted = codec_converts_ybr(info.transfer_syntax)
        else:
            data = _stored_value(self.element) or b""
            arr = native_frames(np, info, data, self.element.value_offset, index)[0]
            converted = False
        if (as_rgb and not converted and info.samples == 3 and info.bits_allocated == 8
                and info.photometric in YBR_PHOTOMETRICS):
            arr = convert_color_space(arr, info.photometric, "RGB")
        return arr

    def all_frames(self, np, as_rgb: bool = True):
        """Every frame as (frames, rows, columns, samples)."""
        info = self.info
        if not self.encapsulated:
            data = _stored_value(self.element) or b""
            arr = native_frames(np, info, data, self.element.value_offset)
            if as_rgb and info.samples == 3 and info.bits_allocated == 8 and info.photometric in YBR_PHOTOMETRICS:
                arr = convert_color_space(arr, info.photometric, "RGB")
            return arr
        count = len(self)
        if count == 0:
            raise BadPixelDataError("encapsulated Pixel Data holds no fragments: no frame to decode",
                                    tag=info.tag, offset=self.element.value_offset)
        out = None
        for k in range(count):
            frame = self.frame(np, k, as_rgb)
            if out is None:
                out = np.empty((count,) + frame.shape, dtype=frame.dtype)
            out[k] = frame
        return out
