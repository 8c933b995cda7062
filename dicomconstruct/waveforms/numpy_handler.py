"""pydicom's waveform handler API (PS3.3 C.10.9) over :mod:`dicomconstruct.pixels.overlay_waveform`.

``multiplex_array(ds, index, as_raw=True)`` gives multiplex group ``index`` of the
Waveform Sequence as (samples, channels); ``as_raw=False`` scales each channel
(PS3.3 C.10.9.1.4), as ``Dataset.waveform_array(index)`` does.
"""

from __future__ import annotations

from typing import Iterator

from ..format.overlay_waveform import WAVEFORM_SAMPLE_TYPES
from ..pixels.overlay_waveform import waveform_array

__all__ = ["HANDLER_NAME", "DEPENDENCIES", "WAVEFORM_DTYPES", "is_available", "generate_multiplex",
           "multiplex_array"]

HANDLER_NAME = "Numpy Waveform"
DEPENDENCIES = {"numpy": ("https://numpy.org/", "NumPy")}
#: (Waveform Bits Allocated, Waveform Sample Interpretation) -> numpy dtype name (PS3.3 C.10.9.1.5)
WAVEFORM_DTYPES = {key: f"{'int' if code[0] == 'i' else 'uint'}{int(code[1:]) * 8}"
                   for key, code in WAVEFORM_SAMPLE_TYPES.items()}


def is_available() -> bool:
    """Whether numpy, which the waveform arrays need, can be imported."""
    from .. import config

    return bool(config.have_numpy)


def multiplex_array(ds, index: int, as_raw: bool = True):
    """Multiplex group ``index`` of ``ds``'s Waveform Sequence as a (samples, channels) array."""
    return waveform_array(ds, index, as_raw=as_raw)


def generate_multiplex(ds, as_raw: bool = True) -> Iterator:
    """Each multiplex group of ``ds``'s Waveform Sequence in turn, as :func:`multiplex_array` gives it."""
    sequence = ds.get("WaveformSequence")
    if sequence is None:
        waveform_array(ds, 0)  # raises the error naming the missing sequence
    for index in range(len(sequence)):
        yield waveform_array(ds, index, as_raw=as_raw)
