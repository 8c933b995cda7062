"""dicomconstruct: read, edit and write DICOM files (PS3.10), the format declared once with construct.

The public names follow pydicom's, so that switching is a change of import::

    import dicomconstruct
    ds = dicomconstruct.dcmread(dicomconstruct.data.get_testdata_file("CT_small.dcm"))
    ds.PatientName = "Citizen^Jan"
    ds.save_as("out.dcm")

Submodules and classes are imported on first use, to keep ``import dicomconstruct`` cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

from ._version import __version__

__all__ = [
    "__version__",
    "dcmread",
    "dcmwrite",
    "Dataset",
    "FileDataset",
    "FileMetaDataset",
    "DataElement",
    "Sequence",
]

#: public name -> module that defines it
_NAMES = {
    "dcmread": "filereader",
    "read_file": "filereader",
    "dcmwrite": "filewriter",
    "Dataset": "dataset",
    "FileDataset": "dataset",
    "FileMetaDataset": "dataset",
    "DataElement": "dataelem",
    "Sequence": "sequence",
}

#: submodules reachable as attributes after ``import dicomconstruct``
_SUBMODULES = {
    "charset",
    "cli",
    "codec",
    "config",
    "data",
    "datadict",
    "dataelem",
    "dataset",
    "dicomio",
    "errors",
    "filebase",
    "filereader",
    "fileset",
    "fileutil",
    "filewriter",
    "util",
    "format",
    "jsonrep",
    "misc",
    "multival",
    "overlays",
    "pixels",
    "safewrite",
    "sequence",
    "sr",
    "tag",
    "uid",
    "valuerep",
    "values",
    "waveforms",
    "hooks",
}


def __getattr__(name: str) -> Any:
    module = _NAMES.get(name)
    if module is not None:
        value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_NAMES) | _SUBMODULES)
