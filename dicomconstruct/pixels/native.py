"""Native (uncompressed) pixel data to arrays, one frame or all (PS3.5 8.1, PS3.3 C.7.6.3).

Frames are cut from the Pixel Data value as stored: frame ``k`` starts at
``k`` times the frame size (for Bits Allocated 1, at bit ``k * rows * columns
* samples``, PS3.5 8.1.1).  Planar Configuration 1 is rearranged to one pixel
per row of samples, and YBR_FULL_422 is upsampled (PS3.3 C.7.6.3.1.2).
"""

from __future__ import annotations

from ..errors import InvalidDicomError
from .color import upsample_ybr_422
from .image import ImageInfo

__all__ = ["native_frames", "native_frame_size"]


def _subsampled(info: ImageInfo) -> bool:
    return info.photometric == "YBR_FULL_422" and info.samples == 3 and info.bits_allocated == 8


def native_frame_size(info: ImageInfo) -> int:
    """Bytes of one frame as stored (for Bits Allocated 1: bits / 8, possibly fractional frames)."""
    count = info.rows * info.columns * info.samples
    if _subsampled(info):
        return count * 2 // 3
    return count * info.bits_allocated // 8


def native_frames(np, info: ImageInfo, data, value_offset: int | None, index: int | None = None):
    """Frames of native Pixel Data ``data`` as an array (frames, rows, columns, samples).

    ``index`` selects one frame (the result still has a frame axis of 1); the
    value holds every frame in order.
    """
    order = "<" if info.little_endian else ">"
    dtype = info.dtype(np, order)
    per_frame = info.rows * info.columns * info.samples
    first, count = (0, info.frames) if index is None else (index, 1)
    if index is not None and not -info.frames <= index < info.frames:
        raise ValueError(f"frame index {index} is out of range: the pixel data holds {info.frames} frames")
    if first < 0:
        first += info.frames
    total = per_frame * info.frames
    if info.bits_allocated == 1:
        needed = (total + 7) // 8
    elif _subsampled(info):
        needed = total * 2 // 3
    else:
        needed = total * dtype.itemsize
    if len(data) < needed:
        raise InvalidDicomError(
            f"Pixel Data holds {len(data)} bytes but {info.rows} rows x {info.columns} columns x {info.samples} "
            f"samples x {info.frames} frames at {info.bits_allocated} bits need {needed}",
            tag=info.tag, offset=value_offset)
    if info.bits_allocated == 1:
        start_bit = first * per_frame
        lo, hi = start_bit // 8, (start_bit + count * per_frame + 7) // 8
        bits = np.unpackbits(np.frombuffer(data, dtype="u1", count=hi - lo, offset=lo), bitorder="little")
        flat = bits[start_bit - lo * 8:start_bit - lo * 8 + count * per_frame]
    elif _subsampled(info):
        size = per_frame * 2 // 3
        flat = upsample_ybr_422(np, memoryview(data)[first * size:(first + count) * size], count * per_frame)
    else:
        if info.bits_allocated == 8 and order == ">" and info.vr == "OW":
            data = np.frombuffer(data, dtype=">u2", count=len(data) // 2).astype("<u2").tobytes()
        flat = np.frombuffer(data, dtype=dtype, count=count * per_frame, offset=first * per_frame * dtype.itemsize)
    if info.samples > 1 and info.planar == 1:
        return flat.reshape(count, info.samples, info.rows, info.columns).transpose(0, 2, 3, 1)
    return flat.reshape(count, info.rows, info.columns, info.samples)
