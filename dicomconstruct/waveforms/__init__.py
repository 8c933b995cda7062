"""Waveforms (PS3.3 C.10.9) under pydicom's module names; see :mod:`dicomconstruct.pixels`."""

from .numpy_handler import generate_multiplex, multiplex_array

__all__ = ["generate_multiplex", "multiplex_array"]
