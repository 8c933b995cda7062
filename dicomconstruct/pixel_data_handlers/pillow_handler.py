"""Deprecated pixel data handler that decodes JPEG and JPEG 2000 with Pillow (PS3.5 A.4.1, A.4.4).

pydicom 2's ``pillow_handler`` with pydicom 3's behaviour (see :mod:`.numpy_handler`).
Not a dependency of dicomconstruct: available when Pillow (with its JPEG / JPEG 2000
plug-ins) is installed.
"""

from __future__ import annotations

import io

from .. import uid as _uid
from ..encaps import generate_frames
from ..pixels.utils import get_expected_length, get_nr_frames, pixel_dtype
from ._common import (
    have, needs_to_convert_to_RGB, require, should_change_PhotometricInterpretation_to_RGB, transfer_syntax,
)

HAVE_NP = have("numpy")
HAVE_PIL = have("PIL")
HANDLER_NAME = "Pillow"
DEPENDENCIES = {
    "numpy": ("https://numpy.org/", "NumPy"),
    "PIL": ("https://python-pillow.org/", "Pillow"),
}
_JPEG_SYNTAXES = [_uid.JPEGBaseline8Bit, _uid.JPEGExtended12Bit]
_JPEG2000_SYNTAXES = [_uid.JPEG2000Lossless, _uid.JPEG2000]
SUPPORTED_TRANSFER_SYNTAXES = _JPEG_SYNTAXES + _JPEG2000_SYNTAXES


def _have_feature(name: str) -> bool:
    if not HAVE_PIL:
        return False
    from PIL import features

    return bool(features.check_codec(name))


def is_available() -> bool:
    """True when numpy and Pillow can be imported."""
    return HAVE_NP and HAVE_PIL


def supports_transfer_syntax(transfer_syntax) -> bool:
    """True for JPEG Baseline/Extended and JPEG 2000."""
    return transfer_syntax in SUPPORTED_TRANSFER_SYNTAXES


def get_pixeldata(ds):
    """Every frame of ``ds`` decoded by Pillow, as one 1-D array of the dataset's dtype."""
    from ..pixels.image import numpy

    syntax = transfer_syntax(ds)
    if syntax not in SUPPORTED_TRANSFER_SYNTAXES:
        raise NotImplementedError(f"The transfer syntax {syntax.name} is not supported by the Pillow pixel data "
                                  "handler")
    codec = "jpg_2000" if syntax in _JPEG2000_SYNTAXES else "jpg"
    if not _have_feature(codec):
        raise RuntimeError(f"Pillow has no {codec} codec to decode {syntax.name}")
    require(ds, ["PixelData", "BitsAllocated", "Rows", "Columns", "SamplesPerPixel", "PixelRepresentation"])
    from PIL import Image

    np = numpy()
    dtype = pixel_dtype(ds)
    parts = []
    for frame in generate_frames(ds.PixelData, number_of_frames=get_nr_frames(ds, warn=False)):
        with Image.open(io.BytesIO(frame)) as image:
            parts.append(np.asarray(image).astype(dtype, copy=False).reshape(-1))
    arr = np.concatenate(parts)
    if arr.size != get_expected_length(ds, "pixels"):
        raise ValueError(f"Pillow decoded {arr.size} samples but the dataset describes "
                         f"{get_expected_length(ds, 'pixels')}")
    return arr
