"""Deprecated pixel data handler that decodes with GDCM's Python binding (PS3.5 A.4.1-A.4.4).

pydicom 2's ``gdcm_handler`` with pydicom 3's behaviour (see :mod:`.numpy_handler`).
With a GDCM whose ``DataElement`` takes byte strings the fragments are handed to a
``gdcm.Image`` in memory (:func:`create_data_element`, :func:`create_image`); otherwise
the file the dataset was read from is given to ``gdcm.ImageReader``, or the Image
Pixel module and Pixel Data are written to a temporary file for it.  Not a dependency
of dicomconstruct: available when ``python-gdcm`` is installed.
"""

from __future__ import annotations

import os
import tempfile

from .. import config
from .. import uid as _uid
from ..encaps import generate_fragmented_frames, generate_frames
from ..format.constants import PIXEL_DATA_TAG, tag_pair
from ..pixels.utils import get_expected_length, get_j2k_parameters, get_nr_frames, pixel_dtype
from ._common import (
    have, needs_to_convert_to_RGB, should_change_PhotometricInterpretation_to_RGB, transfer_syntax,
)

HAVE_NP = have("numpy")
HAVE_GDCM = have("gdcm")
HAVE_GDCM_IN_MEMORY_SUPPORT = False
if HAVE_GDCM:
    import gdcm

    HAVE_GDCM_IN_MEMORY_SUPPORT = hasattr(gdcm.DataElement, "SetByteStringValue")

HANDLER_NAME = "GDCM"
DEPENDENCIES = {
    "numpy": ("https://numpy.org/", "NumPy"),
    "gdcm": ("https://sourceforge.net/projects/gdcm/", "GDCM"),
}
SUPPORTED_TRANSFER_SYNTAXES = [
    _uid.JPEGBaseline8Bit,
    _uid.JPEGExtended12Bit,
    _uid.JPEGLossless,
    _uid.JPEGLosslessSV1,
    _uid.JPEGLSLossless,
    _uid.JPEGLSNearLossless,
    _uid.JPEG2000Lossless,
    _uid.JPEG2000,
]
_IMAGE_PIXEL_GROUP = 0x0028


def is_available() -> bool:
    """True when numpy and gdcm can be imported."""
    return HAVE_NP and HAVE_GDCM


def supports_transfer_syntax(transfer_syntax) -> bool:
    """True for the JPEG, JPEG-LS and JPEG 2000 syntaxes GDCM decodes here."""
    return transfer_syntax in SUPPORTED_TRANSFER_SYNTAXES


def create_data_element(ds):
    """A ``gdcm.DataElement`` (7FE0,0010) holding ``ds``'s Pixel Data (its fragments when encapsulated)."""
    element = gdcm.DataElement(gdcm.Tag(*tag_pair(PIXEL_DATA_TAG)))
    if _uid.UID(transfer_syntax(ds)).is_compressed:
        fragments = gdcm.SequenceOfFragments.New()
        for frame in generate_fragmented_frames(ds.PixelData, number_of_frames=get_nr_frames(ds, warn=False)):
            for data in frame:
                fragment = gdcm.Fragment()
                fragment.SetByteStringValue(data)
                fragments.AddFragment(fragment)
        element.SetValue(fragments.__ref__())
    else:
        element.SetByteStringValue(bytes(ds.PixelData))
    return element


def create_image(ds, data_element):
    """A ``gdcm.Image`` of ``data_element`` described by ``ds``'s Image Pixel module (PS3.3 C.7.6.3)."""
    image = gdcm.Image()
    frames = get_nr_frames(ds, warn=False)
    image.SetNumberOfDimensions(2 if frames == 1 else 3)
    image.SetDimensions((ds.Columns, ds.Rows, frames))
    image.SetDataElement(data_element)
    kind = gdcm.PhotometricInterpretation.GetPIType(str(ds.PhotometricInterpretation))
    image.SetPhotometricInterpretation(gdcm.PhotometricInterpretation(kind))
    image.SetTransferSyntax(gdcm.TransferSyntax(gdcm.TransferSyntax.GetTSType(str(transfer_syntax(ds)))))
    high_bit = ds.get("HighBit")
    if high_bit is None:
        high_bit = ds.BitsStored - 1
    image.SetPixelFormat(gdcm.PixelFormat(ds.SamplesPerPixel, ds.BitsAllocated, ds.BitsStored, high_bit,
                                          ds.PixelRepresentation))
    if "PlanarConfiguration" in ds:
        image.SetPlanarConfiguration(ds.PlanarConfiguration)
    return image


def _read_buffer(path: str) -> str:
    reader = gdcm.ImageReader()
    reader.SetFileName(path)
    if not reader.Read():
        raise TypeError("GDCM could not read DICOM image")
    return reader.GetImage().GetBuffer()


def _buffer_through_file(ds) -> str:
    """The decoded buffer from a file given to ``gdcm.ImageReader`` (GDCM without in-memory support)."""
    name = getattr(ds, "filename", None)
    if isinstance(name, str) and os.path.isfile(name):
        return _read_buffer(name)
    from ..dataset import Dataset

    pixels = Dataset()
    for element in ds:
        if element.tag >> 16 == _IMAGE_PIXEL_GROUP:
            pixels[element.tag] = element
    pixels[PIXEL_DATA_TAG] = ds[PIXEL_DATA_TAG]
    pixels.file_meta = ds.file_meta
    handle, path = tempfile.mkstemp(suffix=".dcm")
    os.close(handle)
    try:
        pixels.save_as(path, write_like_original=False)
        return _read_buffer(path)
    finally:
        os.remove(path)


def get_pixeldata(ds):
    """Every frame of ``ds`` decoded by GDCM, as one 1-D array of the dataset's dtype."""
    from ..pixels.image import numpy

    if not HAVE_GDCM:
        raise ImportError("The GDCM handler requires both gdcm and numpy")
    np = numpy()
    if HAVE_GDCM_IN_MEMORY_SUPPORT:
        decoded = create_image(ds, create_data_element(ds)).GetBuffer()
    else:
        decoded = _buffer_through_file(ds)
    data = decoded.encode("utf-8", "surrogateescape")  # the binding returns bytes as a str
    expected = get_expected_length(ds)
    if ds.PhotometricInterpretation == "YBR_FULL_422":
        expected = expected // 2 * 3  # GDCM upsamples (PS3.3 C.7.6.3.1.2)
    if len(data) > expected and np.any(np.frombuffer(data[expected:], "u1")):
        data = data[:expected]
    dtype = pixel_dtype(ds)
    arr = np.frombuffer(data, dtype=dtype)
    pixels = get_expected_length(ds, "pixels")
    if arr.size != pixels:
        raise AttributeError(f"Amount of pixel data {arr.size} does not match the expected data {pixels}")
    syntax = transfer_syntax(ds)
    if vars(config).get("APPLY_J2K_CORRECTIONS", True) and syntax in (_uid.JPEG2000, _uid.JPEG2000Lossless):
        codestream = next(generate_frames(ds.PixelData, number_of_frames=get_nr_frames(ds)))
        parameters = get_j2k_parameters(codestream)
        precision = parameters.get("precision", ds.BitsStored)
        if not parameters.get("is_signed") and ds.PixelRepresentation == 1:
            # unsigned codestream for signed pixels (ISO/IEC 15444-1 A.5.1): sign-extend from its precision
            shift = ds.BitsAllocated - precision
            arr = (arr.astype(dtype.str.replace("i", "u")) << shift).astype(dtype) >> shift
    if should_change_PhotometricInterpretation_to_RGB(ds):
        ds.PhotometricInterpretation = "RGB"
    return arr.copy()
