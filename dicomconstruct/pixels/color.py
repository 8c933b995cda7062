"""Colour spaces of pixel data: YBR_FULL, YBR_FULL_422 and RGB (PS3.3 C.7.6.3.1.2)."""

from __future__ import annotations

from .image import numpy

__all__ = ["convert_color_space", "upsample_ybr_422", "YBR_PHOTOMETRICS"]

#: Photometric Interpretations whose 8-bit samples pydicom converts to RGB.
YBR_PHOTOMETRICS = ("YBR_FULL", "YBR_FULL_422")

# YCbCr <-> RGB of PS3.3 C.7.6.3.1.2 (ITU-R BT.601, full range)
_TO_RGB = [[1.0, 1.0, 1.0],
           [0.0, -0.114 * 1.772 / 0.587, 1.772],
           [1.402, -0.299 * 1.402 / 0.587, 0.0]]
_TO_YBR = [[0.299, -0.299 / 1.772, 0.5],
           [0.587, -0.587 / 1.772, -0.587 / 1.402],
           [0.114, 0.5, -0.114 / 1.402]]


def upsample_ybr_422(np, data, count: int):
    """YBR_FULL_422 stores Y1 Y2 Cb Cr for each pair of pixels (PS3.3 C.7.6.3.1.2); one Cb Cr per pixel out."""
    pairs = np.frombuffer(data, dtype="u1", count=count * 2 // 3).reshape(-1, 4)
    full = np.empty((pairs.shape[0], 2, 3), dtype="u1")
    full[:, 0, 0] = pairs[:, 0]
    full[:, 1, 0] = pairs[:, 1]
    full[:, :, 1] = pairs[:, 2:3]
    full[:, :, 2] = pairs[:, 3:4]
    return full.reshape(-1)


def _full_scale(np, arr) -> float:
    return float(np.iinfo(arr.dtype).max) if arr.dtype.kind in "ui" else 255.0


def convert_color_space(arr, current: str, desired: str, per_frame: bool = False):
    """``arr`` (..., 3 samples) converted from ``current`` to ``desired`` colour space (pydicom's function).

    YBR_FULL and YBR_FULL_422 (already upsampled) are the same space here; the
    result is rounded and clipped to the range of ``arr``'s integer type.
    """
    np = numpy()
    spaces = {"RGB", "YBR_FULL", "YBR_FULL_422"}
    current, desired = current.strip().upper(), desired.strip().upper()
    for name in (current, desired):
        if name not in spaces:
            raise NotImplementedError(f"conversion from or to the {name!r} colour space is not supported")
    if (current == "RGB") == (desired == "RGB"):
        return arr
    if arr.shape[-1] != 3:
        raise ValueError(f"colour conversion needs 3 samples per pixel, the array's last axis has {arr.shape[-1]}")
    offset = (_full_scale(np, arr) + 1) / 2
    offsets = np.asarray([0, offset, offset], dtype=np.float32)
    if desired == "RGB":
        out = (arr.astype(np.float32) - offsets) @ np.asarray(_TO_RGB, dtype=np.float32)
    else:
        out = arr.astype(np.float32) @ np.asarray(_TO_YBR, dtype=np.float32) + offsets
    out = np.floor(out + np.float32(0.5))
    if arr.dtype.kind in "ui":
        info = np.iinfo(arr.dtype)
        out = np.clip(out, info.min, info.max)
    return out.astype(arr.dtype)
