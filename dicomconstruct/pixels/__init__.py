"""Pixel data as numpy arrays: native and compressed, one frame or all (PS3.5 8 and A.4, PS3.3 C.7.6.3).

pydicom 3's ``pydicom.pixels`` names.  numpy is needed (the ``numpy`` extra);
compressed syntaxes other than RLE Lossless need imagecodecs (the ``pixels``
extra, ``pip install "dicomconstruct[pixels]"``), imported on first use.

Arrays have pydicom's shape: ``(frames, rows, columns, samples)`` without the
frames axis for one frame (or when ``index`` is given) and without the samples
axis for one sample.  Values are as stored (no rescale or windowing), with
pydicom's conversions: YBR_FULL_422 upsampled, 8-bit YBR_FULL(_422) converted
to RGB unless ``as_rgb=False``, signed samples sign-extended from Bits Stored
for compressed data.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .color import convert_color_space
from .decoders import DECODERS, EXTRA_HINT
from .frames import PixelSource
from .image import PIXEL_DATA_TAGS, ImageInfo, numpy
from .lut import (
    apply_color_lut,
    apply_modality_lut,
    apply_presentation_lut,
    apply_rescale,
    apply_voi,
    apply_voi_lut,
    apply_windowing,
    expand_segmented_lut,
)
from .overlay_waveform import overlay_array, waveform_array
from .writing import compress, decompress, set_pixel_data

__all__ = [
    "pixel_array",
    "iter_pixels",
    "convert_color_space",
    "compress",
    "overlay_array",
    "waveform_array",
    "apply_color_lut",
    "apply_modality_lut",
    "apply_presentation_lut",
    "apply_rescale",
    "apply_voi",
    "apply_voi_lut",
    "apply_windowing",
    "expand_segmented_lut",
    "decompress",
    "set_pixel_data",
    "PIXEL_DATA_TAGS",
    "DECODERS",
    "EXTRA_HINT",
    "ImageInfo",
    "PixelSource",
]


def _dataset(src, specific_tags=None):
    from ..dataset import Dataset

    if isinstance(src, Dataset):
        return src
    from ..filereader import dcmread

    return dcmread(src)


def _squeeze(arr, one_frame: bool):
    if arr.shape[-1] == 1:
        arr = arr[..., 0]
    if one_frame:
        arr = arr[0]
    return arr


def _ds_out(ds, ds_out, info, as_rgb):
    if ds_out is None:
        return
    for elem in ds:
        if elem.tag not in PIXEL_DATA_TAGS:
            ds_out[elem.tag] = elem
    if ds.get("file_meta") is not None:
        ds_out.file_meta = ds.file_meta
    if as_rgb and info.samples == 3 and info.photometric.startswith("YBR"):
        ds_out.PhotometricInterpretation = "RGB"


def pixel_array(src, *, ds_out=None, specific_tags=None, index: int | None = None, raw: bool = False,
                as_rgb: bool = True, **kwargs):
    """The pixel data of ``src`` (a path, a binary file object or a Dataset) as a numpy array.

    ``index``: decode only that frame (0-based).  ``raw`` or ``as_rgb=False``:
    no YBR to RGB conversion.  ``ds_out``: a Dataset that receives the
    non-pixel elements (Photometric Interpretation as returned).
    """
    np = numpy()
    ds = _dataset(src, specific_tags)
    source = PixelSource(ds)
    as_rgb = as_rgb and not raw
    if index is None:
        arr = source.all_frames(np, as_rgb)
        one = source.info.frames == 1 and arr.shape[0] == 1
    else:
        arr = source.frame(np, index, as_rgb)[None]
        one = True
    _ds_out(ds, ds_out, source.info, as_rgb)
    return _squeeze(arr, one)


def iter_pixels(src, *, ds_out=None, specific_tags=None, indices: Iterable[int] | None = None,
                raw: bool = False, as_rgb: bool = True, **kwargs) -> Iterator:
    """Each frame of ``src`` (or those of ``indices``), decoded one at a time, as (rows, columns[, samples])."""
    np = numpy()
    ds = _dataset(src, specific_tags)
    source = PixelSource(ds)
    as_rgb = as_rgb and not raw
    _ds_out(ds, ds_out, source.info, as_rgb)
    for k in (range(len(source)) if indices is None else indices):
        yield _squeeze(source.frame(np, k, as_rgb)[None], True)
