"""pydicom 2's ``pixel_data_handlers.util``, deprecated: its functions are those of :mod:`dicomconstruct.pixels`.

Each name (``get_expected_length``, ``pixel_dtype``, ``reshape_pixel_array``,
``convert_color_space``, ``apply_modality_lut``, ...) gives the function of
:mod:`dicomconstruct.pixels` or :mod:`dicomconstruct.pixels.utils` with a
DeprecationWarning, as pydicom 3 does; ``dtype_corrected_for_endianness`` is kept here.
"""

from __future__ import annotations

import sys
from typing import Any

from .._deprecation import future, warn
from . import _MOVED, moved

_UTIL = {
    **_MOVED,
    **{name: ("pixels.utils", name) for name in (
        "get_expected_length", "get_image_pixel_ids", "get_j2k_parameters", "get_nr_frames", "pixel_dtype",
        "reshape_pixel_array")},
}


def _dtype_corrected_for_endianness(is_little_endian: bool, numpy_dtype):
    """``numpy_dtype`` byte-swapped when the dataset's byte order is not the machine's."""
    if is_little_endian is None:
        raise ValueError("Dataset attribute 'is_little_endian' has to be set before writing the dataset")
    if is_little_endian != (sys.byteorder == "little"):
        return numpy_dtype.newbyteorder("S")
    return numpy_dtype


def __getattr__(name: str) -> Any:
    if name == "dtype_corrected_for_endianness" and not future():
        warn("'dtype_corrected_for_endianness' is deprecated and will be removed in v4.0")
        return _dtype_corrected_for_endianness
    if name.startswith("__"):
        raise AttributeError(name)
    return moved(name, _UTIL)
