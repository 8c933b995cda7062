"""pydicom's bundled files, found on disk, never through pydicom's downloader.

``pydicom.data.get_testdata_files()`` also asks the network for its optional
external files (and retries for minutes where there is none); tests must not
touch the network, so they list the installed package's folders instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pydicom.data

PYDICOM_DATA = Path(pydicom.data.__file__).resolve().parent


def _listing(folder: str, pattern: str) -> list[str]:
    return sorted(os.fspath(p) for p in (PYDICOM_DATA / folder).glob(pattern) if p.is_file())


def pydicom_test_files(pattern: str = "**/*") -> list[str]:
    """Paths of pydicom's ``test_files`` matching ``pattern`` (a pathlib glob), sorted."""
    return _listing("test_files", pattern)


def pydicom_charset_files(pattern: str = "**/*") -> list[str]:
    """Paths of pydicom's ``charset_files`` matching ``pattern``, sorted."""
    return _listing("charset_files", pattern)


def pydicom_test_file(name: str) -> str:
    """The path of one of pydicom's test files, by file name."""
    path = PYDICOM_DATA / "test_files" / name
    if not path.is_file():
        raise FileNotFoundError(path)
    return os.fspath(path)


def pixel_files_by_pydicom(pattern: str, wanted) -> tuple[list[str], list[str]]:
    """(files pydicom decodes, files it refuses to decode) among the test files matching
    ``pattern`` that pydicom reads and for which ``wanted(ds)`` is true (``ds`` a pydicom dataset
    with Pixel Data)."""
    import warnings

    decoded, refused = [], []
    for path in pydicom_test_files(pattern):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                ds = pydicom.dcmread(path)
                chosen = "PixelData" in ds and wanted(ds)
            except Exception:
                continue
            if not chosen:
                continue
            try:
                ds.pixel_array
            except Exception:
                refused.append(path)
            else:
                decoded.append(path)
    return decoded, refused
