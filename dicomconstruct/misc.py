"""pydicom's small helpers: ``is_dicom``, ``size_in_bytes``, ``warn_and_log``."""

from __future__ import annotations

import logging
import os
import warnings

from .codec.source import size_with_unit
from .format.constants import PREAMBLE_LENGTH, PREFIX

__all__ = ["LOGGER", "is_dicom", "size_in_bytes", "warn_and_log"]

LOGGER = logging.getLogger("dicomconstruct")


def size_in_bytes(expr: int | float | str | None) -> int | float | None:
    """A ``defer_size`` as a number of bytes: ``None`` (or infinity) stays ``None``.

    Numbers are returned unchanged; text is a number with an optional unit of kB, MB, GB
    (powers of 1000) or KiB, MiB, GiB (powers of 1024), in any case: ``"4 kib" -> 4096``.
    Other text raises ``ValueError``.
    """
    if expr is None or expr == float("inf"):
        return None
    if isinstance(expr, (int, float)):
        return expr
    try:
        return int(expr)
    except ValueError:
        return size_with_unit(expr)


def is_dicom(file_path: str | os.PathLike) -> bool:
    """Whether the file starts with a 128-byte preamble and ``DICM`` (PS3.10 7.1).

    A bare data set (no preamble) gives ``False``; a missing file raises ``OSError``.
    """
    with open(file_path, "rb") as fp:
        fp.seek(PREAMBLE_LENGTH)
        return fp.read(len(PREFIX)) == PREFIX


def warn_and_log(msg: str, category: type[Warning] | None = None, stacklevel: int = 1) -> None:
    """Log ``msg`` as a warning on the ``dicomconstruct`` logger and issue it as a warning."""
    LOGGER.warning(msg)
    warnings.warn(msg, category or UserWarning, stacklevel=stacklevel + 1)
