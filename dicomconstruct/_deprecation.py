"""pydicom 3's deprecated names: whether ``config._use_future`` hides them, and their warning.

pydicom 3 keeps names it will remove in v4 (``pixel_data_handlers``, some ``encaps``
functions, ``Dataset.convert_pixel_data``...) and warns with a
:class:`DeprecationWarning` when they are used; with ``config._use_future = True`` they
behave as already removed.
"""

from __future__ import annotations

from . import config
from .misc import warn_and_log


def future() -> bool:
    """True when ``config._use_future`` is set: deprecated names behave as removed."""
    return bool(vars(config).get("_use_future", False))


def warn(message: str, stacklevel: int = 2) -> None:
    """Log ``message`` and issue it as a DeprecationWarning from the caller's caller."""
    warn_and_log(message, DeprecationWarning, stacklevel=stacklevel + 1)
