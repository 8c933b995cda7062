"""pydicom's overlay handler API (PS3.3 C.9.2) over :mod:`dicomconstruct.pixels.overlay_waveform`.

``get_overlay_array(ds, group)`` is ``Dataset.overlay_array(group)``;
``get_expected_length`` and ``reshape_overlay_array`` take pydicom's dict of
element keyword -> value (OverlayRows, OverlayColumns, NumberOfFramesInOverlay).
"""

from __future__ import annotations

from ..pixels.overlay_waveform import overlay_array as get_overlay_array
from ..pixels.overlay_waveform import overlay_length as get_expected_length
from ..pixels.overlay_waveform import reshape_overlay as reshape_overlay_array

__all__ = ["HANDLER_NAME", "DEPENDENCIES", "is_available", "get_expected_length", "reshape_overlay_array",
           "get_overlay_array"]

HANDLER_NAME = "Numpy Overlay"
DEPENDENCIES = {"numpy": ("https://numpy.org/", "NumPy")}


def is_available() -> bool:
    """Whether numpy, which the overlay arrays need, can be imported."""
    from .. import config

    return bool(config.have_numpy)
