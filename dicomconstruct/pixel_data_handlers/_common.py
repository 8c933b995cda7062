"""What the deprecated pixel data handlers share: dependency checks, required elements, the interface.

A handler (pydicom 2's plug-in interface, kept by pydicom 3 behind
``Dataset.pixel_array_options(use_v2_backend=True)``) is a module with
``HANDLER_NAME``, ``DEPENDENCIES``, ``SUPPORTED_TRANSFER_SYNTAXES``,
``is_available()``, ``supports_transfer_syntax(uid)``, ``needs_to_convert_to_RGB(ds)``,
``should_change_PhotometricInterpretation_to_RGB(ds)`` and ``get_pixeldata(ds)``,
which returns the pixel data as a 1-D array that
:func:`~dicomconstruct.pixels.utils.reshape_pixel_array` shapes.
"""

from __future__ import annotations

import importlib.util


def have(module: str) -> bool:
    """True if ``module`` can be imported (it is located, not imported)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def require(ds, keywords) -> None:
    """AttributeError naming the keywords of ``keywords`` that ``ds`` lacks."""
    missing = [keyword for keyword in keywords if keyword not in ds]
    if missing:
        raise AttributeError("Unable to convert the pixel data as the following required elements are missing "
                             f"from the dataset: {', '.join(missing)}")


def transfer_syntax(ds):
    meta = ds.get("file_meta")
    syntax = meta.get("TransferSyntaxUID") if meta is not None else None
    if syntax is None:
        raise AttributeError("Unable to convert the pixel data: the dataset has no (0002,0010) Transfer Syntax UID "
                             "in its file_meta")
    return syntax


def needs_to_convert_to_RGB(ds) -> bool:
    """False: the handler gives the colour space its decoder produces (no YCbCr to RGB afterwards)."""
    return False


def should_change_PhotometricInterpretation_to_RGB(ds) -> bool:
    """False: the handler leaves Photometric Interpretation as it is."""
    return False
