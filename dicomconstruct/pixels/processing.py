"""pydicom 3's ``pydicom.pixels.processing`` names: processing of decoded pixel arrays (PS3.3 C.7.6.3.1.2).

``convert_color_space`` (from :mod:`.color`) and ``_convert_YBR_FULL_to_RGB``, the
8-bit YBR_FULL to RGB conversion pydicom's tests and handlers use.
"""

from __future__ import annotations

from .color import convert_color_space

__all__ = ["convert_color_space"]


def _convert_YBR_FULL_to_RGB(arr):
    """``arr`` (..., 3) of 8-bit YBR_FULL samples converted to RGB (PS3.3 C.7.6.3.1.2)."""
    return convert_color_space(arr, "YBR_FULL", "RGB")
