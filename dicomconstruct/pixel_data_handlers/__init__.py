"""pydicom 2's pixel data handlers, deprecated in pydicom 3 and kept with its behaviour.

``Dataset.pixel_array`` uses them only after ``ds.pixel_array_options(use_v2_backend=True)``:
the handlers of ``config.pixel_data_handlers`` that support the transfer syntax and
whose dependencies are installed are tried in order (see
:mod:`.numpy_handler`, :mod:`.rle_handler`, :mod:`.pylibjpeg_handler`,
:mod:`.gdcm_handler`, :mod:`.pillow_handler`, :mod:`.jpeg_ls_handler`).  The supported
way is :mod:`dicomconstruct.pixels`.  The processing functions pydicom 2 exported
here (``convert_color_space``, ``apply_modality_lut``, ...) are the ones of
:mod:`dicomconstruct.pixels`, reached with a DeprecationWarning naming that module
(AttributeError when ``config._use_future`` is set).
"""

from __future__ import annotations

import importlib
from typing import Any

from .._deprecation import future, warn

_ROOT = __name__.split(".")[0]
#: deprecated name -> (module it now lives in, relative to the package root; its name there)
_MOVED = {
    "apply_color_lut": ("pixels", "apply_color_lut"),
    "apply_modality_lut": ("pixels", "apply_modality_lut"),
    "apply_rescale": ("pixels", "apply_modality_lut"),
    "apply_voi_lut": ("pixels", "apply_voi_lut"),
    "apply_voi": ("pixels", "apply_voi"),
    "apply_windowing": ("pixels", "apply_windowing"),
    "convert_color_space": ("pixels", "convert_color_space"),
    "pack_bits": ("pixels.utils", "pack_bits"),
    "unpack_bits": ("pixels.utils", "unpack_bits"),
    "expand_ybr422": ("pixels.utils", "expand_ybr422"),
}
#: the names pydicom 3 points to ``pixels`` (others to ``pixels.utils``) in its warning
_FROM_PIXELS = {"apply_color_lut", "apply_modality_lut", "apply_rescale", "apply_voi_lut", "apply_voi",
                "apply_windowing", "convert_color_space", "pack_bits", "unpack_bits"}


def moved(name: str, names: dict) -> Any:
    """The function ``name`` of ``names`` (see ``_MOVED``), with pydicom 3's DeprecationWarning."""
    if name not in names or future():
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = names[name]
    target = importlib.import_module(f"{_ROOT}.{module}")
    if not hasattr(target, attribute):
        raise AttributeError(f"{name} is not available: {_ROOT}.{module} has no {attribute}")
    where = f"{_ROOT}.pixels" if name in _FROM_PIXELS else f"{_ROOT}.pixels.utils"
    warn(f"The '{__name__}' module will be removed in v4.0, please use 'from {where} import {name}' instead",
         stacklevel=3)
    return getattr(target, attribute)


def __getattr__(name: str) -> Any:
    if name.startswith("__"):
        raise AttributeError(name)
    return moved(name, _MOVED)
