"""Sample DICOM files shipped with the package (made by ``tools/make_testdata.py`` with our own writer).

>>> from dicomconstruct.data import get_testdata_file
>>> get_testdata_file("CT_small.dcm")  # doctest: +ELLIPSIS
'.../dicomconstruct/data/files/CT_small.dcm'
"""

from __future__ import annotations

import fnmatch
import os

__all__ = ["DATA_ROOT", "get_testdata_file", "get_testdata_files"]

#: Folder holding the sample files.
DATA_ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files")


def _all_files() -> list[str]:
    if not os.path.isdir(DATA_ROOT):
        return []
    return sorted(
        name for name in os.listdir(DATA_ROOT)
        if not name.startswith(".") and os.path.isfile(os.path.join(DATA_ROOT, name))  # not the fileset/ folder
    )


def get_testdata_file(name: str) -> str | None:
    """The absolute path of sample ``name`` (e.g. ``"CT_small.dcm"``), or ``None`` if there is none."""
    path = os.path.join(DATA_ROOT, os.path.basename(name))
    return path if os.path.isfile(path) and os.path.basename(name) == name else None


def get_testdata_files(pattern: str = "*") -> list[str]:
    """The absolute paths of the samples whose names match the glob ``pattern``, sorted."""
    return [os.path.join(DATA_ROOT, name) for name in _all_files() if fnmatch.fnmatch(name, pattern)]
