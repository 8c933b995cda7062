"""Native (uncompressed) pixel data as a numpy array (PS3.5 8.1, PS3.3 C.7.6.3).

numpy is an optional dependency (``pip install "dicomconstruct[numpy]"``); it is
imported only when an array is asked for.  Compressed (encapsulated) pixel data
is not decoded here: its frames are available as bytes from the codec layer.

The array has pydicom's shape: ``(rows, columns)``, with a leading ``frames``
axis when Number of Frames > 1 and a trailing ``samples`` axis when Samples per
Pixel > 1 (Planar Configuration 1 is rearranged to that shape).  Values are as
stored (no rescale, no windowing, no sign extension of unused high bits), except
that, as in pydicom, YBR_FULL_422 is upsampled to one Cb/Cr pair per pixel and
8-bit YBR_FULL(_422) is converted to RGB unless ``as_rgb=False``.
"""

from __future__ import annotations

from .errors import InvalidDicomError
from .format.constants import DOUBLE_PIXEL_DATA_TAG, FLOAT_PIXEL_DATA_TAG, PIXEL_DATA_TAG

__all__ = ["pixel_array", "PIXEL_DATA_TAGS"]

#: Pixel Data, Float Pixel Data, Double Float Pixel Data (PS3.3 C.7.6.3).
PIXEL_DATA_TAGS = {PIXEL_DATA_TAG: None, FLOAT_PIXEL_DATA_TAG: "f4", DOUBLE_PIXEL_DATA_TAG: "f8"}


def _numpy():
    try:
        import numpy
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError('pixel_array needs numpy: pip install "dicomconstruct[numpy]"') from exc
    return numpy


def _attribute(ds, keyword: str, default=None):
    value = ds.get(keyword, default)
    if value is None or value == "":
        if default is None:
            raise ValueError(f"pixel_array needs {keyword}, which the dataset lacks or leaves empty")
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError(f"pixel_array needs an integer {keyword}, found {value!r}") from None


def _upsample_ybr_422(np, data, count: int):
    """YBR_FULL_422 stores Y1 Y2 Cb Cr for each pair of pixels (PS3.3 C.7.6.3.1.2)."""
    pairs = np.frombuffer(data, dtype="u1", count=count * 2 // 3).reshape(-1, 4)
    full = np.empty((pairs.shape[0], 2, 3), dtype="u1")
    full[:, 0, 0] = pairs[:, 0]
    full[:, 1, 0] = pairs[:, 1]
    full[:, :, 1] = pairs[:, 2:3]
    full[:, :, 2] = pairs[:, 3:4]
    return full.reshape(-1)


def _ybr_full_to_rgb(np, array):
    """YBR_FULL to RGB with the equations of PS3.3 C.7.6.3.1.2, rounded and clipped to 8 bits."""
    ybr = array.astype(np.float32) - np.asarray([0, 128, 128], dtype=np.float32)
    matrix = np.asarray(
        [[1.0, 1.0, 1.0],
         [0.0, -0.114 * 1.772 / 0.587, 1.772],
         [1.402, -0.299 * 1.402 / 0.587, 0.0]], dtype=np.float32)
    rgb = np.floor(ybr @ matrix + np.float32(0.5))
    return np.clip(rgb, 0, 255).astype(array.dtype)


def pixel_array(ds, as_rgb: bool = True):
    """The dataset's native pixel data as a numpy array (a read-only view of the bytes where possible)."""
    np = _numpy()
    tag = next((t for t in PIXEL_DATA_TAGS if t in ds), None)
    if tag is None:
        raise ValueError("the dataset has no Pixel Data, Float Pixel Data or Double Float Pixel Data")
    element = ds[tag]
    if ds.get("file_meta") is not None:
        uid = ds.file_meta.get("TransferSyntaxUID")
        if uid is not None and getattr(uid, "is_encapsulated", False):
            raise NotImplementedError(
                f"pixel data in {uid.name} is compressed; decoding it is not supported (frames are available "
                "from dicomconstruct.codec as fragment bytes)")
    rows = _attribute(ds, "Rows")
    columns = _attribute(ds, "Columns")
    samples = _attribute(ds, "SamplesPerPixel", 1)
    frames = _attribute(ds, "NumberOfFrames", 1)
    planar = _attribute(ds, "PlanarConfiguration", 0)
    order = "<" if getattr(ds, "is_little_endian", True) in (True, None) else ">"
    data = element.value or b""

    if PIXEL_DATA_TAGS[tag] is not None:
        dtype = np.dtype(order + PIXEL_DATA_TAGS[tag])
        bits = dtype.itemsize * 8
    else:
        bits = _attribute(ds, "BitsAllocated")
        signed = _attribute(ds, "PixelRepresentation", 0) == 1
        if bits not in (1, 8, 16, 32, 64):
            raise ValueError(f"Bits Allocated {bits} is not one of 1, 8, 16, 32, 64 (PS3.5 8.1.1)")
        dtype = np.dtype("u1") if bits == 1 else np.dtype(f"{order}{'i' if signed else 'u'}{bits // 8}")

    photometric = str(ds.get("PhotometricInterpretation", "") or "").strip()
    subsampled = photometric == "YBR_FULL_422" and samples == 3 and bits == 8
    count = rows * columns * samples * frames
    needed = (count + 7) // 8 if bits == 1 else count * dtype.itemsize
    if subsampled:
        needed = count * 2 // 3
    if len(data) < needed:
        raise InvalidDicomError(
            f"Pixel Data holds {len(data)} bytes but {rows} rows x {columns} columns x {samples} samples x "
            f"{frames} frames at {bits} bits need {needed}", tag=tag, offset=element.value_offset)
    if bits == 8 and order == ">" and element.VR == "OW":
        data = np.frombuffer(data, dtype=">u2", count=len(data) // 2).astype("<u2").tobytes()
    if bits == 1:
        flat = np.unpackbits(np.frombuffer(data, dtype="u1", count=needed), bitorder="little")[:count]
    elif subsampled:
        flat = _upsample_ybr_422(np, data, count)
    else:
        flat = np.frombuffer(data, dtype=dtype, count=count)

    if samples > 1 and planar == 1:
        array = flat.reshape(frames, samples, rows, columns).transpose(0, 2, 3, 1)
    else:
        array = flat.reshape(frames, rows, columns, samples)
    if as_rgb and samples == 3 and bits == 8 and photometric in ("YBR_FULL", "YBR_FULL_422"):
        array = _ybr_full_to_rgb(np, array)
    if samples == 1:
        array = array[..., 0]
    if frames == 1:
        array = array[0]
    return array
