"""Example datasets, pydicom's ``examples``: ``from dicomconstruct import examples; examples.ct``.

Each attribute reads its sample afresh (a new :class:`~dicomconstruct.dataset.FileDataset`
on every access, so examples can be changed freely).  The samples are the files of
``dicomconstruct/data/files``, made by ``tools/make_testdata.py`` with this library's
own writer from synthetic values; they are not pydicom's files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .data import DATA_ROOT

__all__ = ["get_path"]

#: Attribute name -> sample file name (in ``dicomconstruct/data/files``).
_DATASETS = {
    "ct": "CT_small.dcm",
    "dicomdir": "fileset/DICOMDIR",
    "jpeg2k": "examples_jpeg2k.dcm",
    "mr": "MR_small.dcm",
    "no_meta": "no_meta.dcm",
    "overlay": "examples_overlay.dcm",
    "palette_color": "examples_palette.dcm",
    "rgb_color": "examples_rgb_color.dcm",
    "rt_dose": "rtdose.dcm",
    "rt_plan": "rtplan.dcm",
    "rt_ss": "rtstruct.dcm",
    "waveform": "waveform_ecg.dcm",
}


def _available() -> dict[str, Path]:
    root = Path(DATA_ROOT)
    return {name: root / file for name, file in _DATASETS.items() if (root / file).is_file()}


def get_path(name: str) -> Path:
    """The path of the example dataset ``name`` (``"ct"``, ``"mr"``...)."""
    path = _available().get(name)
    if path is None:
        raise ValueError(f"No example dataset exists with the name '{name}'")
    return path


def __getattr__(name: str) -> Any:
    path = _available().get(name)
    if path is None:
        raise AttributeError(f"module '{__name__}' has no attribute '{name}'")
    from .filereader import dcmread

    return dcmread(path, force=True)


def __dir__() -> list[str]:
    return sorted(set(__all__) | set(_available()))
