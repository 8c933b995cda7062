"""Deprecated pixel data handler for native (uncompressed) Pixel Data (PS3.5 8.1, PS3.3 C.7.6.3).

pydicom 2's ``numpy_handler`` with pydicom 3's behaviour: used by ``Dataset.pixel_array``
only after ``ds.pixel_array_options(use_v2_backend=True)``; the supported way is
:mod:`dicomconstruct.pixels`.  :func:`get_pixeldata` gives Pixel Data, Float Pixel Data
or Double Float Pixel Data as a 1-D array: bit-packed data unpacked, YBR_FULL_422
upsampled (PS3.3 C.7.6.3.1.2), trailing padding removed (PS3.5 8.1.1).
"""

from __future__ import annotations

from .. import uid as _uid
from ..misc import warn_and_log
from ..pixels.utils import get_expected_length, pixel_dtype, unpack_bits
from ._common import (
    have, needs_to_convert_to_RGB, require, should_change_PhotometricInterpretation_to_RGB, transfer_syntax,
)

HAVE_NP = have("numpy")
HANDLER_NAME = "Numpy"
DEPENDENCIES = {"numpy": ("https://numpy.org/", "NumPy")}
SUPPORTED_TRANSFER_SYNTAXES = [
    _uid.ExplicitVRLittleEndian,
    _uid.ImplicitVRLittleEndian,
    _uid.DeflatedExplicitVRLittleEndian,
    _uid.ExplicitVRBigEndian,
]
_PIXEL_KEYWORDS = ("PixelData", "FloatPixelData", "DoubleFloatPixelData")


def is_available() -> bool:
    """True when numpy can be imported."""
    return HAVE_NP


def supports_transfer_syntax(transfer_syntax) -> bool:
    """True for the native transfer syntaxes."""
    return transfer_syntax in SUPPORTED_TRANSFER_SYNTAXES


def _upsample_422(np, arr, expected: int, dtype):
    """Y1 Y2 Cb Cr per pair of pixels to Y Cb Cr per pixel (PS3.3 C.7.6.3.1.2)."""
    pairs = arr[:expected // arr.itemsize].reshape(-1, 4)
    out = np.empty((pairs.shape[0], 2, 3), dtype=dtype)
    out[:, 0, 0], out[:, 1, 0] = pairs[:, 0], pairs[:, 1]
    out[:, :, 1] = pairs[:, 2:3]
    out[:, :, 2] = pairs[:, 3:4]
    return out.reshape(-1)


def _check_length(ds, actual: int, expected: int) -> None:
    padded = expected + expected % 2
    if actual < padded:
        if actual == expected:
            warn_and_log("The odd length pixel data is missing a trailing padding byte")
            return
        raise ValueError(
            f"The length of the pixel data in the dataset ({actual} bytes) doesn't match the expected length "
            f"({padded} bytes). The dataset may be corrupted or there may be an issue with the pixel data handler.")
    if actual > padded:
        message = (f"The length of the pixel data in the dataset ({actual} bytes) indicates it contains excess "
                   f"padding. {actual - expected} bytes will be removed from the end of the data")
        if ds.PhotometricInterpretation == "YBR_FULL_422" and actual >= expected // 2 * 3:
            message = (f"The Photometric Interpretation of the dataset is YBR_FULL_422, however the length of the "
                       f"pixel data ({actual} bytes) is a third larger than expected ({expected} bytes) which "
                       "indicates that this may be incorrect. You may need to change the Photometric "
                       "Interpretation to the correct value.")
        warn_and_log(message)


def get_pixeldata(ds, read_only: bool = False):
    """The native pixel data of ``ds`` as a 1-D numpy array.

    ``read_only``: return a view of the element's bytes (not for Bits Allocated 1).
    """
    from ..pixels.image import numpy

    if transfer_syntax(ds) not in SUPPORTED_TRANSFER_SYNTAXES:
        raise NotImplementedError("Unable to convert the pixel data as the transfer syntax is not supported by "
                                  "the numpy pixel data handler.")
    present = [keyword for keyword in _PIXEL_KEYWORDS if keyword in ds]
    if len(present) != 1:
        raise AttributeError("Unable to convert the pixel data: one of Pixel Data, Float Pixel Data or Double "
                             "Float Pixel Data must be present in the dataset")
    keyword = present[0]
    required = ["BitsAllocated", "Rows", "Columns", "SamplesPerPixel", "PhotometricInterpretation"]
    if keyword == "PixelData":
        required += ["PixelRepresentation", "BitsStored"]
    require(ds, required)
    if ds.SamplesPerPixel > 1 and "PlanarConfiguration" not in ds:
        raise AttributeError("Unable to convert the pixel data as the following conditionally required element "
                             "is missing from the dataset: PlanarConfiguration")
    np = numpy()
    data = getattr(ds, keyword)
    expected = get_expected_length(ds)
    _check_length(ds, len(data), expected)
    if ds.BitsAllocated == 1:
        arr = unpack_bits(data, as_array=True)[:get_expected_length(ds, unit="pixels")]
    else:
        dtype = pixel_dtype(ds, as_float=keyword != "PixelData")
        read_little = getattr(ds, "is_little_endian", None)  # the byte order the value was read in
        if read_little is None:
            read_little = _uid.UID(transfer_syntax(ds)).is_little_endian
        if dtype.itemsize == 1 and keyword == "PixelData" and ds[keyword].VR == "OW" and not read_little:
            # 8-bit samples in an OW value of a big endian syntax: swapped in 16-bit words (PS3.5 8.1.1)
            data = np.frombuffer(data, dtype=">u2", count=len(data) // 2).astype("<u2").tobytes()
        arr = np.frombuffer(data, dtype=dtype, count=expected // dtype.itemsize)
        if ds.PhotometricInterpretation == "YBR_FULL_422":
            arr = _upsample_422(np, arr, expected, dtype)
    if should_change_PhotometricInterpretation_to_RGB(ds):
        ds.PhotometricInterpretation = "RGB"
    if not read_only and ds.BitsAllocated > 1:
        return arr.copy()
    return arr
