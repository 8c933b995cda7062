"""What the deprecated pixel data handlers share: dependency checks and frames from our decoders.

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


def require(ds, keywords, extra: str = "") -> None:
    """AttributeError naming the keywords of ``keywords`` that ``ds`` lacks."""
    missing = [keyword for keyword in keywords if keyword not in ds]
    if missing:
        raise AttributeError("Unable to convert the pixel data as the following required elements are missing "
                             f"from the dataset: {', '.join(missing)}{extra}")


def transfer_syntax(ds):
    meta = ds.get("file_meta")
    syntax = meta.get("TransferSyntaxUID") if meta is not None else None
    if syntax is None:
        raise AttributeError("Unable to convert the pixel data: the dataset has no (0002,0010) Transfer Syntax UID "
                             "in its file_meta")
    return syntax


def decoded_frames(ds):
    """Each frame of ``ds``'s encapsulated Pixel Data as (rows, columns, samples), by :mod:`dicomconstruct.pixels`.

    The codec's own colour conversion applies (a JPEG decoder gives RGB where the JPEG
    stream says YCbCr, as libjpeg and GDCM do); no other conversion is made.
    """
    from ..pixels.decoders import decode_frame
    from ..pixels.frames import PixelSource
    from ..pixels.image import numpy

    np = numpy()
    source = PixelSource(ds)
    index = source.frame_index()
    for k in range(len(index)):
        yield decode_frame(np, source.info, index.frame(k), k, index.offset_of(k), as_rgb=True)


def flat_frames(ds, planar: int, frames=None):
    """The frames of ``ds`` (decoded by :func:`decoded_frames` unless given) joined as one 1-D array.

    ``planar``: 1 puts each frame's samples plane after plane, as
    :func:`~dicomconstruct.pixels.utils.reshape_pixel_array` expects for RLE Lossless.
    """
    from ..pixels.image import numpy

    np = numpy()
    parts = []
    for arr in decoded_frames(ds) if frames is None else frames:
        if arr.ndim == 2:
            arr = arr[..., None]
        parts.append((arr.transpose(2, 0, 1) if planar else arr).reshape(-1))
    return np.concatenate(parts) if parts else np.empty(0)
