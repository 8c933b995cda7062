"""Deprecated pixel data handler that decodes JPEG-LS with CharPyLS (``jpeg_ls``), PS3.5 A.4.3.

pydicom 2's ``jpeg_ls_handler`` with pydicom 3's behaviour (see :mod:`.numpy_handler`).
Not a dependency of dicomconstruct: available when ``jpeg_ls`` is installed.
"""

from __future__ import annotations

from .. import uid as _uid
from ..encaps import generate_frames
from ..pixels.utils import get_nr_frames, pixel_dtype
from ._common import (
    have, needs_to_convert_to_RGB, require, should_change_PhotometricInterpretation_to_RGB, transfer_syntax,
)

HAVE_NP = have("numpy")
HAVE_JPEGLS = have("jpeg_ls")
HANDLER_NAME = "JPEG-LS"
DEPENDENCIES = {
    "numpy": ("https://numpy.org/", "NumPy"),
    "jpeg_ls": ("https://github.com/Who8MyLunch/CharPyLS", "CharPyLS"),
}
SUPPORTED_TRANSFER_SYNTAXES = [_uid.JPEGLSLossless, _uid.JPEGLSNearLossless]


def is_available() -> bool:
    """True when numpy and jpeg_ls can be imported."""
    return HAVE_NP and HAVE_JPEGLS


def supports_transfer_syntax(transfer_syntax) -> bool:
    """True for the two JPEG-LS syntaxes."""
    return transfer_syntax in SUPPORTED_TRANSFER_SYNTAXES


def get_pixeldata(ds):
    """Every frame of ``ds`` decoded by CharPyLS, as one 1-D array of the dataset's dtype."""
    from ..pixels.image import numpy

    syntax = transfer_syntax(ds)
    if syntax not in SUPPORTED_TRANSFER_SYNTAXES:
        raise NotImplementedError("Unable to convert the pixel data as the transfer syntax is not supported by "
                                  "the JPEG-LS pixel data handler.")
    require(ds, ["PixelData", "BitsAllocated", "Rows", "Columns", "SamplesPerPixel", "PixelRepresentation"])
    import jpeg_ls

    np = numpy()
    dtype = pixel_dtype(ds)
    parts = [jpeg_ls.decode(np.frombuffer(frame, dtype="u1")).astype(dtype, copy=False).reshape(-1)
             for frame in generate_frames(ds.PixelData, number_of_frames=get_nr_frames(ds, warn=False))]
    return np.concatenate(parts)
