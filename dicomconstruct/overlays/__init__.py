"""Overlay planes (PS3.3 C.9.2) under pydicom's module names; see :mod:`dicomconstruct.pixels`."""

from .numpy_handler import get_overlay_array

__all__ = ["get_overlay_array"]
