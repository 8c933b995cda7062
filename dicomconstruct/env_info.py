"""The environment of a bug report, pydicom's ``env_info``: ``python -m dicomconstruct.env_info``.

Prints a Markdown table of the platform, Python, this library and the optional
packages it uses (the pixel decoders), with their versions.
"""

from __future__ import annotations

import importlib
import platform
import sys

__all__ = ["main"]

#: (shown name, import name) of the packages reported after platform and Python.
_PACKAGES = (
    ("dicomconstruct", "dicomconstruct"),
    ("construct", "construct"),
    ("yaml", "yaml"),
    ("numpy", "numpy"),
    ("imagecodecs", "imagecodecs"),
    ("gdcm", "gdcm"),
    ("pylibjpeg", "pylibjpeg"),
    ("openjpeg", "openjpeg"),
    ("libjpeg", "libjpeg"),
    ("rle", "rle"),
)


def _version(module_name: str) -> str:
    try:
        module = importlib.import_module(module_name)
    except Exception:  # an absent or broken optional package is reported, never raised
        return "_module not found_"
    for attribute in ("__version__", "version", "VERSION"):
        value = getattr(module, attribute, None)
        if callable(value):  # gdcm.Version.GetVersion style
            continue
        if value is not None:
            return str(value)
    gdcm_version = getattr(getattr(module, "Version", None), "GetVersion", None)
    if callable(gdcm_version):
        return str(gdcm_version())
    return "**cannot determine version**"


def rows() -> list[tuple[str, str]]:
    """(name, version) of the platform, Python and each package."""
    out = [("platform", platform.platform()), ("Python", sys.version.replace("\n", " "))]
    out.extend((shown, _version(name)) for shown, name in _PACKAGES)
    return out


def main() -> None:
    """Print the table: ``module | version``, the names in a 12-character column (pydicom's layout)."""
    for name, version in [("module", "version"), ("------", "-------"), *rows()]:
        print(f"{name:12} | {version}")


if __name__ == "__main__":
    main()
