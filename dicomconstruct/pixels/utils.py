"""pydicom 3's ``pydicom.pixels.utils`` helpers: sizes, dtypes and shapes of pixel data (PS3.5 8, PS3.3 C.7.6.3).

``get_expected_length``, ``get_nr_frames``, ``pixel_dtype``, ``reshape_pixel_array``,
``get_image_pixel_ids``, ``expand_ybr422``, ``pack_bits``, ``unpack_bits`` and
``get_j2k_parameters``, with pydicom's arguments and results.  The deprecated
:mod:`dicomconstruct.pixel_data_handlers` use them.
"""

from __future__ import annotations

import sys
from typing import Any

from .. import uid as _uid
from ..misc import warn_and_log
from .image import numpy

__all__ = [
    "expand_ybr422",
    "get_expected_length",
    "get_image_pixel_ids",
    "get_j2k_parameters",
    "get_nr_frames",
    "pack_bits",
    "pixel_dtype",
    "reshape_pixel_array",
    "unpack_bits",
]

#: Planar Configuration of decoded data fixed by the transfer syntax (PS3.5 8.2): the JPEG
#: family decodes colour-by-pixel, RLE Lossless colour-by-plane (one segment per sample).
_PLANAR_OF_SYNTAX = {
    _uid.JPEGBaseline8Bit: 0,
    _uid.JPEGLossless: 0,
    _uid.JPEGLosslessSV1: 0,
    _uid.JPEGLSLossless: 0,
    _uid.JPEGLSNearLossless: 0,
    _uid.JPEG2000Lossless: 0,
    _uid.JPEG2000: 0,
    _uid.RLELossless: 1,
}

#: the keywords whose values shape the pixel data (cache key of Dataset.pixel_array)
_PIXEL_KEYWORDS = (
    "SamplesPerPixel", "PhotometricInterpretation", "PlanarConfiguration", "NumberOfFrames", "Rows", "Columns",
    "BitsAllocated", "BitsStored", "PixelRepresentation", "FloatPixelData", "DoubleFloatPixelData", "PixelData",
)

#: JPEG 2000 (ISO/IEC 15444-1): JP2 signature box, codestream box type, SOC and SIZ markers,
#: offset of the first component's Ssiz byte from SOC (A.5.1)
_JP2_SIGNATURE = b"\x00\x00\x00\x0cjP  "
_JP2C_BOX = b"jp2c"
_SOC_SIZ = b"\xff\x4f\xff\x51"
_SSIZ_OFFSET = 42


def get_nr_frames(ds, warn: bool = True) -> int:
    """Number of Frames, or 1 when absent, empty or 0 (with a warning unless ``warn`` is False)."""
    frames = getattr(ds, "NumberOfFrames", 1)
    if not frames:
        if warn:
            warn_and_log(f"A value of {frames} for (0028,0008) 'Number of Frames' is non-conformant. It's "
                         "recommended that this value be changed to 1")
        return 1
    return int(frames)


def get_expected_length(ds, unit: str = "bytes") -> int:
    """Expected length of Pixel Data in ``"bytes"`` (no trailing padding byte) or ``"pixels"`` (PS3.5 8.1.1)."""
    length = int(ds.Rows) * int(ds.Columns) * int(ds.SamplesPerPixel) * get_nr_frames(ds)
    if unit == "pixels":
        return length
    bits = int(ds.BitsAllocated)
    length = (length + 7) // 8 if bits == 1 else length * (bits // 8)
    if ds.PhotometricInterpretation == "YBR_FULL_422":  # two luminance, one Cb, one Cr per pair (C.7.6.3.1.2)
        length = length // 3 * 2
    return length


def _little_endian(ds) -> bool | None:
    meta = ds.get("file_meta") if hasattr(ds, "get") else None
    syntax = meta.get("TransferSyntaxUID") if meta is not None else None
    if syntax is not None:
        try:
            return bool(_uid.UID(syntax).is_little_endian)
        except (AttributeError, ValueError):
            pass
    return getattr(ds, "is_little_endian", None)


def pixel_dtype(ds, as_float: bool = False):
    """numpy dtype for the pixel data of ``ds``: Bits Allocated, Pixel Representation, byte order."""
    np = numpy()
    little = _little_endian(ds)
    if little is None:
        raise AttributeError(
            "Unable to determine the endianness of the dataset, please set an appropriate Transfer Syntax UID "
            f"in '{type(ds).__name__}.file_meta'")
    if as_float:
        kind = "f"
    else:
        representation = ds.PixelRepresentation
        if representation not in (0, 1):
            raise ValueError(
                "Unable to determine the data type to use to contain the Pixel Data as a value of "
                f"'{representation}' for '(0028,0103) Pixel Representation' is invalid")
        kind = "iu"[representation == 0]
    bits = ds.BitsAllocated
    if bits == 1:
        return np.dtype("u1")
    if not (isinstance(bits, int) and bits > 0 and bits % 8 == 0):
        raise ValueError(
            "Unable to determine the data type to use to contain the Pixel Data as a value of "
            f"'{bits}' for '(0028,0100) Bits Allocated' is invalid")
    try:
        dtype = np.dtype(f"{kind}{bits // 8}")
    except TypeError:
        raise NotImplementedError(
            f"The data type '{kind}{bits // 8}' needed to contain the Pixel Data is not supported by numpy") from None
    if little != (sys.byteorder == "little"):
        dtype = dtype.newbyteorder("S")
    return dtype


def reshape_pixel_array(ds, arr):
    """The 1-D ``arr`` as (frames,) rows, columns(, samples) (PS3.3 C.7.6.3.1, PS3.5 8.2)."""
    numpy()
    frames = get_nr_frames(ds)
    samples = int(ds.SamplesPerPixel)
    if samples < 1:
        raise ValueError(f"Unable to reshape the pixel array as a value of {samples} for (0028,0002) 'Samples "
                         "per Pixel' is invalid.")
    planar = 0
    if samples > 1:
        meta = ds.get("file_meta")
        syntax = meta.get("TransferSyntaxUID") if meta is not None else None
        planar = _PLANAR_OF_SYNTAX.get(syntax, None)
        if planar is None:
            planar = ds.PlanarConfiguration
        if planar not in (0, 1):
            raise ValueError(f"Unable to reshape the pixel array as a value of {planar} for (0028,0006) 'Planar "
                             "Configuration' is invalid.")
    rows, columns = int(ds.Rows), int(ds.Columns)
    if samples == 1:
        shape = (frames, rows, columns)
    elif planar == 0:
        shape = (frames, rows, columns, samples)
    else:
        arr = arr.reshape(frames, samples, rows, columns).transpose(0, 2, 3, 1)
        shape = arr.shape
    arr = arr.reshape(shape)
    return arr if frames > 1 else arr[0]


def get_image_pixel_ids(ds) -> dict[str, int]:
    """``id()`` of the value of each element that shapes the pixel data (a change means a new array)."""
    return {keyword: id(getattr(ds, keyword, None)) for keyword in _PIXEL_KEYWORDS}


def expand_ybr422(src: bytes, bits_allocated: int) -> bytes:
    """YBR_FULL_422 samples (Y1 Y2 Cb Cr per pair) as YBR_FULL (Y Cb Cr per pixel), PS3.3 C.7.6.3.1.2."""
    size = bits_allocated // 8
    out = bytearray(len(src) // 2 * 3)
    step_in, step_out = 4 * size, 6 * size
    for k in range(size):
        y1, y2 = src[k::step_in], src[size + k::step_in]
        cb, cr = src[2 * size + k::step_in], src[3 * size + k::step_in]
        for position, part in enumerate((y1, cb, cr, y2, cb, cr)):
            out[position * size + k::step_out] = part
    return bytes(out)


def unpack_bits(src: bytes, as_array: bool = True):
    """Bit-packed data (Bits Allocated 1, least significant bit first, PS3.5 8.1.1) as one byte per bit."""
    try:
        np = numpy()
    except ImportError:
        if as_array:
            raise ValueError("unpack_bits() requires NumPy if 'as_array = True'") from None
        return bytes(byte >> bit & 1 for byte in bytes(src) for bit in range(8))
    arr = np.unpackbits(np.frombuffer(src, dtype="u1"), bitorder="little")
    return arr if as_array else arr.tobytes()


def pack_bits(arr, pad: bool = True) -> bytes:
    """An array of 0 and 1 packed 8 to a byte, least significant bit first (PS3.5 8.1.1); even length if ``pad``."""
    np = numpy()
    if arr.shape == (0,):
        return b""
    if not np.array_equal(arr, arr.astype(bool)):
        raise ValueError("Only binary arrays (containing ones or zeroes) can be packed.")
    packed = np.packbits(np.ravel(arr).astype("u1"), bitorder="little").tobytes()
    return packed + b"\x00" if pad and len(packed) % 2 else packed


def get_j2k_parameters(codestream: bytes) -> dict[str, Any]:
    """Precision and signedness of the first component of a JPEG 2000 codestream (ISO/IEC 15444-1 A.5.1).

    ``{"jp2": bool, "precision": int, "is_signed": bool}``, or ``{}`` when the data is not
    a codestream (or a JP2 file holding one).
    """
    info: dict[str, Any] = {"jp2": False}
    offset = 0
    data = bytes(codestream)
    if data.startswith(_JP2_SIGNATURE):
        info["jp2"] = True
        offset = len(_JP2_SIGNATURE) + 4
        while offset < len(data):
            length = int.from_bytes(data[offset:offset + 4], "big")
            if data[offset + 4:offset + 8] == _JP2C_BOX:
                offset += 8
                break
            if length <= 0:
                return {}
            offset += length
    if data[offset:offset + 4] != _SOC_SIZ or len(data) <= offset + _SSIZ_OFFSET:
        return {}
    ssiz = data[offset + _SSIZ_OFFSET]
    info["precision"] = (ssiz & 0x7F) + 1
    info["is_signed"] = bool(ssiz & 0x80)
    return info
