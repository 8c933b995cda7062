"""Deprecated pixel data handler that decodes with pylibjpeg and its plug-ins (PS3.5 A.4.1-A.4.4, annex G).

pydicom 2's ``pylibjpeg_handler`` with pydicom 3's behaviour (see :mod:`.numpy_handler`):
JPEG and JPEG-LS by pylibjpeg-libjpeg, JPEG 2000 by pylibjpeg-openjpeg, RLE Lossless
by pylibjpeg-rle, each frame cut from the encapsulated value by
:func:`dicomconstruct.encaps.generate_frames`.  Not a dependency of dicomconstruct:
available when pylibjpeg is installed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from .. import config
from .. import uid as _uid
from ..encaps import generate_frames as _frames
from ..pixels.utils import get_expected_length, get_j2k_parameters, get_nr_frames, pixel_dtype, reshape_pixel_array
from ._common import (
    have, needs_to_convert_to_RGB, require, should_change_PhotometricInterpretation_to_RGB, transfer_syntax,
)

LOGGER = logging.getLogger("dicomconstruct")

HAVE_NP = have("numpy")
HAVE_PYLIBJPEG = have("pylibjpeg")
HAVE_LIBJPEG = have("libjpeg")
HAVE_OPENJPEG = have("openjpeg")
HAVE_RLE = have("rle")
HANDLER_NAME = "pylibjpeg"
DEPENDENCIES = {"numpy": ("https://numpy.org/", "NumPy")}

_LIBJPEG_SYNTAXES = [_uid.JPEGBaseline8Bit, _uid.JPEGExtended12Bit, _uid.JPEGLossless, _uid.JPEGLosslessSV1,
                     _uid.JPEGLSLossless, _uid.JPEGLSNearLossless]
_OPENJPEG_SYNTAXES = [_uid.JPEG2000Lossless, _uid.JPEG2000]
_RLE_SYNTAXES = [_uid.RLELossless]
SUPPORTED_TRANSFER_SYNTAXES = _LIBJPEG_SYNTAXES + _OPENJPEG_SYNTAXES + _RLE_SYNTAXES
_PLUGIN = {**{s: "pylibjpeg-libjpeg" for s in _LIBJPEG_SYNTAXES},
           **{s: "pylibjpeg-openjpeg" for s in _OPENJPEG_SYNTAXES}, _uid.RLELossless: "pylibjpeg-rle"}
_PIXEL_MODULE = ("Rows", "Columns", "SamplesPerPixel", "BitsAllocated", "BitsStored", "PixelRepresentation",
                 "PhotometricInterpretation", "PlanarConfiguration", "NumberOfFrames")


def is_available() -> bool:
    """True when numpy and pylibjpeg can be imported."""
    return HAVE_NP and HAVE_PYLIBJPEG


def supports_transfer_syntax(tsyntax) -> bool:
    """True for the JPEG, JPEG-LS, JPEG 2000 and RLE Lossless syntaxes pylibjpeg's plug-ins decode."""
    return tsyntax in SUPPORTED_TRANSFER_SYNTAXES


def _decoders() -> dict:
    if not HAVE_PYLIBJPEG:
        return {}
    from pylibjpeg.utils import get_pixel_data_decoders

    return get_pixel_data_decoders()


def generate_frames(ds, reshape: bool = True) -> Iterator:
    """Each frame of ``ds`` decoded by pylibjpeg: (rows, columns[, samples]), or 1-D if not ``reshape``."""
    syntax = transfer_syntax(ds)
    decoders = _decoders()
    if syntax not in decoders:
        plugin = _PLUGIN.get(syntax, "pylibjpeg-rle")
        raise RuntimeError(f"Unable to convert the Pixel Data as the '{plugin}' plugin is not installed")
    require(ds, ["BitsAllocated", "Rows", "Columns", "PixelRepresentation", "SamplesPerPixel",
                 "PhotometricInterpretation", "PixelData"])
    decoder = decoders[syntax]
    LOGGER.debug("Decoding %s encoded Pixel Data using %s", getattr(syntax, "name", syntax), decoder)
    module = {keyword: ds.get(keyword) for keyword in _PIXEL_MODULE if keyword in ds}
    dtype = pixel_dtype(ds)
    bits_stored, bits_allocated = int(ds.BitsStored), int(ds.BitsAllocated)
    rows, columns, samples = int(ds.Rows), int(ds.Columns), int(ds.SamplesPerPixel)
    corrections = vars(config).get("APPLY_J2K_CORRECTIONS", True)
    for frame in _frames(ds.PixelData, number_of_frames=get_nr_frames(ds, warn=False)):
        arr = decoder(frame, ds=module)
        if syntax in _OPENJPEG_SYNTAXES and corrections:
            # the codestream's own signedness and precision (ISO/IEC 15444-1 A.5.1) may disagree
            # with Pixel Representation: sign-extend unsigned samples from the codestream's precision
            parameters = get_j2k_parameters(frame)
            signed = parameters.get("is_signed", True)
            shift = bits_allocated - parameters.get("precision", bits_stored)
            if shift and not signed and signed != ds.PixelRepresentation:
                arr = arr.view(dtype.str.replace("i", "u"))
                arr = (arr << shift).astype(dtype) >> shift
        if arr.dtype != dtype:
            arr = arr.view(dtype)
        if not reshape:
            yield arr
        elif samples == 1:
            yield arr.reshape(rows, columns)
        elif syntax == _uid.RLELossless:
            yield arr.reshape(samples, rows, columns).transpose(1, 2, 0)
        else:
            yield arr.reshape(rows, columns, samples)


def get_pixeldata(ds):
    """Every frame of ``ds`` decoded by pylibjpeg, as one 1-D array."""
    from ..pixels.image import numpy

    np = numpy()
    total = get_expected_length(ds, "pixels")
    per_frame = total // get_nr_frames(ds)
    arr = np.empty(total, pixel_dtype(ds))
    for k, frame in enumerate(generate_frames(ds, False)):
        arr[k * per_frame:(k + 1) * per_frame] = frame
    return arr


def as_array(ds):
    """Every frame of ``ds`` decoded by pylibjpeg, shaped as ``Dataset.pixel_array`` shapes it."""
    return reshape_pixel_array(ds, get_pixeldata(ds))
