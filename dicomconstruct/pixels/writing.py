"""Writing pixel data: decompress, compress and set_pixel_data (pydicom 3 semantics; PS3.5 8, A.4; PS3.3 C.7.6.3).

Each function changes the dataset in place and touches only what the new
pixel data requires (Pixel Data, Transfer Syntax UID, the Image Pixel
attributes that differ, the offset tables, the lossy attributes of PS3.3
C.7.6.1.1.5, and the SOP Instance UID when pydicom would make a new one); every
other element keeps its value, so the writer copies it byte for byte.
"""

from __future__ import annotations

import dataclasses

from .. import uid as _uid
from ..format.constants import DOUBLE_PIXEL_DATA_TAG, FLOAT_PIXEL_DATA_TAG, MAX_BASIC_OFFSET
from ..format.encapsulated import (
    EXTENDED_OFFSET_TABLE_LENGTHS_TAG,
    EXTENDED_OFFSET_TABLE_TAG,
    LOSSY_COMPRESSION_METHODS,
    LOSSY_IMAGE_COMPRESSION_YES,
)
from ..format.element import PIXEL_DATA_TAG
from .color import YBR_PHOTOMETRICS
from .encoders import encode_frames
from .frames import PixelSource
from .image import ImageInfo, numpy

__all__ = ["compress", "decompress", "set_pixel_data"]

#: Photometric Interpretation -> Samples per Pixel accepted by set_pixel_data (pydicom's list, PS3.3 C.7.6.3.1.2).
_SAMPLES_OF = {"MONOCHROME1": 1, "MONOCHROME2": 1, "PALETTE COLOR": 1, "RGB": 3, "YBR_FULL": 3, "YBR_FULL_422": 3}
#: VR of native Pixel Data (PS3.5 A.2: OB for 8 bits or fewer, else OW).
_BYTE_VR, _WORD_VR = "OB", "OW"


def _set_if_changed(ds, keyword: str, value) -> None:
    """Set ``keyword`` only when its value differs, so an unchanged element stays as read."""
    current = ds.get(keyword)
    if current is None or str(current).strip() != str(value):
        setattr(ds, keyword, value)


def _new_instance_uid(ds) -> None:
    value = _uid.generate_uid()
    ds.SOPInstanceUID = value
    ds.ensure_file_meta()
    ds.file_meta.MediaStorageSOPInstanceUID = value


def _transfer_syntax(ds):
    meta = ds.get("file_meta")
    value = meta.get("TransferSyntaxUID") if meta is not None else None
    return _uid.UID(str(value)) if value else None


def _drop_offset_tables(ds) -> None:
    for tag in (EXTENDED_OFFSET_TABLE_TAG, EXTENDED_OFFSET_TABLE_LENGTHS_TAG):
        if tag in ds:
            del ds[tag]


def _set_native_pixel_data(ds, data: bytes, bits_allocated: int) -> None:
    if len(data) % 2:
        data += b"\x00"
    ds.PixelData = data
    element = ds[PIXEL_DATA_TAG]
    element.VR = _BYTE_VR if bits_allocated <= 8 else _WORD_VR
    element.is_undefined_length = False


def decompress(ds, handler_name: str = "", *, as_rgb: bool = True, generate_instance_uid: bool | None = None,
               decoding_plugin: str = "", **kwargs):
    """Decode compressed Pixel Data in place to native Explicit VR Little Endian (PS3.5 A.2, 8.1).

    Frames are decoded one at a time.  YBR data converted to RGB (``as_rgb``)
    sets Photometric Interpretation to RGB; a new SOP Instance UID is made only
    then, or when ``generate_instance_uid`` is True (pydicom 3.1's rule; the
    transfer syntax change alone is lossless, PS3.5 annex B).
    """
    np = numpy()
    syntax = _transfer_syntax(ds)
    if PIXEL_DATA_TAG not in ds:
        raise AttributeError("Unable to decompress: the dataset has no (7FE0,0010) Pixel Data element")
    if syntax is None:
        raise AttributeError("Unable to decompress: the dataset's file_meta has no (0002,0010) Transfer Syntax UID")
    if not syntax.is_encapsulated:
        raise ValueError("The dataset is already uncompressed")
    source = PixelSource(ds)
    info = source.info
    if info.bits_allocated == 1:
        raise NotImplementedError("decompressing encapsulated pixel data of Bits Allocated 1 is not supported")
    count = len(source)
    parts, shape = [], None
    for k in range(count):
        frame = source.frame(np, k, as_rgb)
        shape = frame.shape
        parts.append(np.ascontiguousarray(frame, dtype=frame.dtype.newbyteorder("<")).tobytes())
    data = b"".join(parts)
    del parts
    photometric = info.photometric
    changed_colour = False
    if info.samples == 3 and photometric in YBR_PHOTOMETRICS:
        if as_rgb or syntax == _uid.JPEGXLJPEGRecompression:  # libjxl always gives RGB
            photometric, changed_colour = "RGB", True
        elif photometric == "YBR_FULL_422":  # decoded with one Cb Cr per pixel
            photometric = "YBR_FULL"
    elif info.samples == 3 and photometric in ("YBR_RCT", "YBR_ICT"):
        photometric = "RGB"  # the codec undoes its component transform (PS3.5 A.4.4)
    _set_native_pixel_data(ds, data, info.bits_allocated)
    _drop_offset_tables(ds)
    ds.file_meta.TransferSyntaxUID = _uid.ExplicitVRLittleEndian
    _set_if_changed(ds, "PhotometricInterpretation", photometric)
    if info.samples > 1:
        _set_if_changed(ds, "PlanarConfiguration", 0)
    if "NumberOfFrames" in ds or count > 1:
        _set_if_changed(ds, "NumberOfFrames", count)
    if shape is not None and shape[:2] != (info.rows, info.columns):  # pragma: no cover - decode_frame checks
        raise ValueError(f"decoded frames are {shape[0]} x {shape[1]}, not {info.rows} x {info.columns}")
    if generate_instance_uid or (generate_instance_uid is None and changed_colour):
        _new_instance_uid(ds)
    return ds


def _frames_of_array(np, arr, info: ImageInfo):
    """``arr`` as (frames, rows, columns, samples), checked against the dataset's Image Pixel attributes."""
    arr = np.asarray(arr)
    given = arr.shape
    samples = info.samples
    if samples == 1 and arr.ndim in (2, 3):
        arr = arr[..., None]
    elif arr.ndim == 3 and samples > 1:
        arr = arr[None]
    if arr.ndim == 3:
        arr = arr[None]
    expected = (info.frames, info.rows, info.columns, samples)
    if arr.ndim != 4 or arr.shape != expected:
        raise ValueError(f"the array's shape {given} does not match the dataset: {info.frames} frames of "
                         f"{info.rows} rows x {info.columns} columns x {samples} samples")
    kind = "i" if info.signed else "u"
    if arr.dtype.kind not in "ui" or arr.dtype.itemsize * 8 != info.bits_allocated or arr.dtype.kind != kind:
        raise ValueError(f"the array's dtype {arr.dtype} does not match Bits Allocated {info.bits_allocated} and "
                         f"Pixel Representation {int(info.signed)}")
    return arr


def compress(ds, transfer_syntax_uid, arr=None, encoding_plugin: str = "", encapsulate_ext: bool = False, *,
             generate_instance_uid: bool | None = None, jls_error: int | None = None, j2k_cr=None, j2k_psnr=None,
             **kwargs):
    """Compress native pixel data (or ``arr``) in place, one fragment per frame (PS3.5 A.4).

    The Basic Offset Table is filled; the Extended Offset Table (PS3.3
    C.7.6.3.1.8) is added when ``encapsulate_ext`` or when the frames exceed
    what 32-bit offsets reach.  Photometric Interpretation becomes what the
    codec writes (YBR_FULL_422 for JPEG baseline colour, YBR_RCT / YBR_ICT for
    JPEG 2000 colour); lossy encoding sets Lossy Image Compression, its Ratio and
    Method (PS3.3 C.7.6.1.1.5) and, unless ``generate_instance_uid`` is False,
    a new SOP Instance UID.  Extra keywords: ``quality`` (JPEG baseline),
    ``jxl_distance``, ``jxl_effort`` (JPEG XL).
    """
    from ..encaps import encapsulate, encapsulate_extended

    np = numpy()
    target = _uid.UID(str(transfer_syntax_uid))
    if not target.is_encapsulated:
        raise ValueError(f"{target.name} ({target}) is not a compressed transfer syntax")
    current = _transfer_syntax(ds)
    if PIXEL_DATA_TAG not in ds and arr is None:
        raise AttributeError("Unable to compress: the dataset has no (7FE0,0010) Pixel Data element")
    if arr is None:
        if current is None:
            raise AttributeError("Unable to determine the compression state of the dataset: its file_meta has no "
                                 "(0002,0010) Transfer Syntax UID")
        if current.is_encapsulated:
            raise ValueError("Only uncompressed datasets may be compressed")
        source = PixelSource(ds)
        info = source.info
        frames = (source.frame(np, k, as_rgb=False) for k in range(info.frames))
    else:
        if current is not None and not current.is_little_endian:
            raise NotImplementedError(f"the dataset's transfer syntax {current.name} is big endian")
        info = _image_info(ds)
        frames = iter(_frames_of_array(np, arr, info))
    photometric = info.photometric
    if photometric == "YBR_FULL_422" and arr is None:
        photometric = "YBR_FULL"  # native 4:2:2 is upsampled on reading; the codec gets one Cb Cr per pixel
    params = dict(kwargs, jls_error=jls_error, j2k_cr=j2k_cr, j2k_psnr=j2k_psnr)
    encoded = encode_frames(np, dataclasses.replace(info, transfer_syntax=target), frames, photometric, params)
    total = sum(len(f) + len(f) % 2 + 8 for f in encoded.frames[:-1])
    if encapsulate_ext or total > MAX_BASIC_OFFSET:
        value, offsets, lengths = encapsulate_extended(encoded.frames)
        ds.add_new(EXTENDED_OFFSET_TABLE_TAG, "OV", offsets)
        ds.add_new(EXTENDED_OFFSET_TABLE_LENGTHS_TAG, "OV", lengths)
    else:
        value = encapsulate(encoded.frames)
        _drop_offset_tables(ds)
    uncompressed = info.rows * info.columns * info.samples * info.bits_allocated // 8 * len(encoded.frames)
    ds.PixelData = value
    element = ds[PIXEL_DATA_TAG]
    element.VR = _BYTE_VR
    element.is_undefined_length = True
    ds.ensure_file_meta()
    ds.file_meta.TransferSyntaxUID = target
    new_photometric = encoded.photometric or photometric
    _set_if_changed(ds, "PhotometricInterpretation", new_photometric)
    if info.samples > 1:
        _set_if_changed(ds, "PlanarConfiguration", 0)
    if encoded.lossy:
        _record_lossy(ds, target, uncompressed, len(value))
    if generate_instance_uid or (generate_instance_uid is None and encoded.lossy):
        _new_instance_uid(ds)
    return ds


def _record_lossy(ds, target, uncompressed: int, compressed: int) -> None:
    """Lossy Image Compression (0028,2110), Ratio (0028,2112) and Method (0028,2114) (PS3.3 C.7.6.1.1.5)."""
    method = LOSSY_COMPRESSION_METHODS.get(target.keyword)
    ratio = f"{uncompressed / max(compressed, 1):.2f}"
    ratios = [str(v) for v in _as_list(ds.get("LossyImageCompressionRatio"))] + [ratio]
    methods = [str(v) for v in _as_list(ds.get("LossyImageCompressionMethod"))] + ([method] if method else [])
    ds.LossyImageCompression = LOSSY_IMAGE_COMPRESSION_YES
    ds.LossyImageCompressionRatio = ratios if len(ratios) > 1 else ratios[0]
    if methods:
        ds.LossyImageCompressionMethod = methods if len(methods) > 1 else methods[0]


def _as_list(value) -> list:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)) or type(value).__name__ == "MultiValue":
        return list(value)
    return [value]


def _image_info(ds) -> ImageInfo:
    """The Image Pixel attributes of ``ds`` alone (no Pixel Data needed), for encoding a given array."""
    from .image import attribute

    bits = attribute(ds, "BitsAllocated", purpose="compress")
    return ImageInfo(
        tag=PIXEL_DATA_TAG, rows=attribute(ds, "Rows", purpose="compress"),
        columns=attribute(ds, "Columns", purpose="compress"),
        samples=attribute(ds, "SamplesPerPixel", 1, purpose="compress"),
        frames=attribute(ds, "NumberOfFrames", 1, purpose="compress"), bits_allocated=bits,
        bits_stored=attribute(ds, "BitsStored", bits, purpose="compress"),
        signed=attribute(ds, "PixelRepresentation", 0, purpose="compress") == 1,
        planar=attribute(ds, "PlanarConfiguration", 0, purpose="compress"),
        photometric=str(ds.get("PhotometricInterpretation", "") or "").strip(), float_type=None,
        little_endian=True, transfer_syntax=_transfer_syntax(ds))


def set_pixel_data(ds, arr, photometric_interpretation: str, bits_stored: int, *,
                   generate_instance_uid: bool = True) -> None:
    """Native Pixel Data and the Image Pixel attributes (PS3.3 C.7.6.3) from ``arr``, in place (pydicom 3).

    ``arr``: (rows, columns), (frames, rows, columns), (rows, columns, 3) or
    (frames, rows, columns, 3) of bool, (u)int8 or (u)int16.  Transfer Syntax
    UID becomes Explicit VR Little Endian when absent or compressed.
    """
    np = numpy()
    for tag in (FLOAT_PIXEL_DATA_TAG, DOUBLE_PIXEL_DATA_TAG):
        if tag in ds:
            raise AttributeError(f"The dataset has {ds[tag].name} ({tag >> 16:04X},{tag & 0xFFFF:04X}), which is "
                                 "not for a dataset with Pixel Data: delete it and change the SOP Class UID")
    syntax = _transfer_syntax(ds)
    if syntax is not None and syntax.is_transfer_syntax and not syntax.is_little_endian:
        raise NotImplementedError(f"The dataset's transfer syntax {syntax.name} is big endian, which is not supported")
    arr = np.asarray(arr)
    if arr.dtype.kind not in "uib" or arr.dtype.itemsize not in (1, 2):
        raise ValueError(f"Unsupported ndarray dtype '{arr.dtype}', must be bool, int8, int16, uint8, or uint16")
    try:
        samples = _SAMPLES_OF[photometric_interpretation]
    except KeyError:
        raise ValueError(f"Unsupported 'photometric_interpretation' value '{photometric_interpretation}'") from None
    shape = arr.shape
    if samples == 1:
        if arr.ndim not in (2, 3):
            raise ValueError(f"An ndarray with '{photometric_interpretation}' data must have 2 or 3 dimensions, "
                             f"not {arr.ndim}")
        frames = shape[0] if arr.ndim == 3 else None
        rows, columns = shape[-2:]
    else:
        if arr.ndim not in (3, 4) or shape[-1] != samples:
            raise ValueError(f"An ndarray with '{photometric_interpretation}' data must have shape (rows, columns, 3) "
                             f"or (frames, rows, columns, 3), not {shape}")
        frames = shape[0] if arr.ndim == 4 else None
        rows, columns = shape[-3:-1]
    bits_allocated = 1 if arr.dtype.kind == "b" else arr.dtype.itemsize * 8
    if not 0 < bits_stored <= bits_allocated:
        raise ValueError(f"Invalid 'bits_stored' value '{bits_stored}', must be greater than 0 and less than or "
                         f"equal to the number of bits for the ndarray's itemsize '{bits_allocated}'")
    if arr.dtype.kind != "b" and arr.size:
        low, high = int(arr.min()), int(arr.max())
        lowest = 0 if arr.dtype.kind == "u" else -(1 << (bits_stored - 1))
        highest = (1 << bits_stored) - 1 if arr.dtype.kind == "u" else (1 << (bits_stored - 1)) - 1
        if low < lowest or high > highest:
            raise ValueError(f"The range of values in the ndarray [{low}, {high}] is greater than that allowed by "
                             f"the 'bits_stored' value [{lowest}, {highest}]")
    if arr.dtype.kind == "b":
        data = np.packbits(arr.reshape(-1), bitorder="little").tobytes()  # PS3.5 8.1.1: first pixel in bit 0
    elif photometric_interpretation == "YBR_FULL_422":  # Y1 Y2 Cb Cr per pair of pixels (PS3.3 C.7.6.3.1.2)
        flat = arr.reshape(-1)
        out = np.empty(flat.size // 3 * 2, dtype=arr.dtype)
        out[0::4], out[1::4], out[2::4], out[3::4] = flat[0::6], flat[3::6], flat[1::6], flat[2::6]
        data = out.astype(out.dtype.newbyteorder("<"), copy=False).tobytes()
    else:
        data = np.ascontiguousarray(arr).astype(arr.dtype.newbyteorder("<"), copy=False).tobytes()
    if frames is None:
        if "NumberOfFrames" in ds:
            del ds.NumberOfFrames
    else:
        ds.NumberOfFrames = frames
    ds.Rows, ds.Columns = rows, columns
    ds.SamplesPerPixel = samples
    if samples > 1:
        ds.PlanarConfiguration = 0
    elif "PlanarConfiguration" in ds:
        del ds.PlanarConfiguration
    ds.PhotometricInterpretation = photometric_interpretation
    ds.BitsAllocated = bits_allocated
    ds.BitsStored = bits_stored
    ds.HighBit = bits_stored - 1
    ds.PixelRepresentation = 1 if arr.dtype.kind == "i" else 0
    _set_native_pixel_data(ds, data, bits_allocated)
    _drop_offset_tables(ds)
    ds.ensure_file_meta()
    if syntax is None or syntax.is_encapsulated:
        ds.file_meta.TransferSyntaxUID = _uid.ExplicitVRLittleEndian
    if generate_instance_uid:
        _new_instance_uid(ds)
