"""External judges (DCMTK, GDCM, dicom3tools): skipped where absent, but a failure under CI=true."""

from __future__ import annotations

import os
import shutil

import pytest

#: Debian package that provides each command, for the failure message.
PACKAGE_OF = {
    "dcmdump": "dcmtk",
    "dcmconv": "dcmtk",
    "dcmmkdir": "dcmtk",
    "dump2dcm": "dcmtk",
    "dciodvfy": "dicom3tools",
    "dcdump": "dicom3tools",
    "gdcmdump": "libgdcm-tools",
    "gdcmconv": "libgdcm-tools",
    "dcmdrle": "dcmtk",
    "dcmdjpls": "dcmtk",
}


def require_tool(name: str) -> str:
    """Return the path of command ``name``; skip the test if missing, or fail when ``CI=true``."""
    path = shutil.which(name)
    if path:
        return path
    package = PACKAGE_OF.get(name, name)
    message = f"command {name!r} not found (Debian package {package})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " and CI=true: .ci/run must install it")
    pytest.skip(message)


def require_module(name: str, extra: str):
    """Import and return module ``name``; skip the test if missing, or fail when ``CI=true``.

    ``extra`` names what provides it (``dicomconstruct[index]``, ``duckdb``) for the message.
    Called at module level, it skips (or fails) the whole module.
    """
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError as error:
        message = f"module {name!r} not importable ({error}; install {extra})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " and CI=true: .ci/run must install it", pytrace=False)
    pytest.skip(message, allow_module_level=True)
