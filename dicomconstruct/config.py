"""Reading limits and strictness, shared by every layer.

Change them globally (``dicomconstruct.config.settings.max_nesting_depth = 16``)
or for a block of code::

    with dicomconstruct.config.limits(strict=True):
        ds = dicomconstruct.dcmread(path)

``strict``
    False (default): recoverable oddities (odd lengths, wrong padding, a VR
    that disagrees with the dictionary, a missing delimiter at end of data)
    are reported as :class:`~dicomconstruct.errors.DicomWarning` and the data
    read so far is kept.  True: they raise the matching
    :class:`~dicomconstruct.errors.InvalidDicomError` subclass.
``max_nesting_depth``
    deepest sequence nesting accepted (items within sequences within items).
``max_inflated_size``
    largest size, in bytes, a deflated dataset may inflate to (deflate bombs).
``max_elements``
    largest number of data elements, at all levels, in one file.
"""

from __future__ import annotations

import contextlib
import warnings
from dataclasses import dataclass, fields

from .errors import DicomWarning, InvalidDicomError

__all__ = ["Settings", "settings", "limits", "report"]


@dataclass
class Settings:
    strict: bool = False
    max_nesting_depth: int = 64
    max_inflated_size: int = 4 * 1024**3
    max_elements: int = 10_000_000


settings = Settings()


@contextlib.contextmanager
def limits(**changes):
    """Temporarily change fields of :data:`settings`; restores them on exit."""
    names = {f.name for f in fields(Settings)}
    unknown = set(changes) - names
    if unknown:
        raise TypeError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    saved = {name: getattr(settings, name) for name in changes}
    for name, value in changes.items():
        setattr(settings, name, value)
    try:
        yield settings
    finally:
        for name, value in saved.items():
            setattr(settings, name, value)


def report(error: InvalidDicomError, stacklevel: int = 2) -> None:
    """Raise ``error`` in strict mode, otherwise emit it as a :class:`DicomWarning`."""
    if settings.strict:
        raise error
    warnings.warn(str(error), DicomWarning, stacklevel=stacklevel + 1)


# -- pydicom's other module-level settings (names and meaning as in pydicom 3) -----------------

#: whether numpy can be imported (``pixel_array`` needs it)
have_numpy: bool = __import__("importlib.util").util.find_spec("numpy") is not None

#: True (default): an element read with VR UN whose tag the dictionary knows is decoded with the
#: dictionary's VR (PS3.5 6.2.2); False: it stays UN (bytes).
replace_un_with_known_vr: bool = True
