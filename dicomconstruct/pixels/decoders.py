"""Compressed frames to arrays: which library decodes each transfer syntax (PS3.5 A.4.1-A.4.13).

RLE Lossless is decoded by :mod:`.rle`; every other compressed syntax by
imagecodecs (the ``pixels`` extra), imported on first use.  The codec's output
is brought to pydicom's conventions: dtype from Bits Allocated and Pixel
Representation, sign extension from Bits Stored, (rows, columns, samples).
"""

from __future__ import annotations

from .. import uid as _uid
from ..errors import BadPixelDataError
from ..format.encapsulated import END_OF_IMAGE, FRAME_TRAILING_PAD
from .image import ImageInfo
from .rle import rle_decode_frame

__all__ = ["DECODERS", "EXTRA_HINT", "can_decode", "decode_frame", "codec_library"]

#: How the extra is installed, for error messages.
EXTRA_HINT = 'pip install "dicomconstruct[pixels]"'

_JPEG = ("jpeg8_decode", "ljpeg_decode", "jpegsof3_decode")
_J2K = ("jpeg2k_decode",)
#: transfer syntax -> imagecodecs functions tried in order (None: decoded here).
DECODERS: dict[str, tuple[str, ...] | None] = {
    _uid.RLELossless: None,
    _uid.JPEGBaseline8Bit: _JPEG,
    _uid.JPEGExtended12Bit: _JPEG,
    _uid.JPEGLossless: ("jpeg8_decode", "ljpeg_decode", "jpegsof3_decode"),
    _uid.JPEGLosslessSV1: ("jpeg8_decode", "ljpeg_decode", "jpegsof3_decode"),
    _uid.JPEGLSLossless: ("jpegls_decode",),
    _uid.JPEGLSNearLossless: ("jpegls_decode",),
    _uid.JPEG2000Lossless: _J2K,
    _uid.JPEG2000: _J2K,
    _uid.JPEG2000MCLossless: _J2K,
    _uid.JPEG2000MC: _J2K,
    _uid.HTJ2KLossless: _J2K + ("htj2k_decode",),
    _uid.HTJ2KLosslessRPCL: _J2K + ("htj2k_decode",),
    _uid.HTJ2K: _J2K + ("htj2k_decode",),
}
for _keyword in ("JPEGXLLossless", "JPEGXLJPEGRecompression", "JPEGXL"):  # ISO/IEC 18181-1 (libjxl)
    DECODERS[getattr(_uid, _keyword)] = ("jpegxl_decode",)
#: Syntaxes whose frames end with the End Of Image / End Of Codestream marker (T.81 B.1.1.3, T.87, T.800 A.4.4).
_ENDS_WITH_EOI = {uid for uid, names in DECODERS.items() if names and names[0] != "jpegxl_decode"}
#: Syntaxes whose codec turns YCbCr into RGB itself (libjpeg-turbo, ITU-T T.81 with JFIF/Adobe rules).
_CODEC_CONVERTS_YBR = {_uid.JPEGBaseline8Bit, _uid.JPEGExtended12Bit,
                       _uid.JPEGXLJPEGRecompression}  # libjxl reconstructs the JPEG's pixels as RGB


def codec_library(transfer_syntax) -> str:
    """'dicomconstruct' or 'imagecodecs': who decodes ``transfer_syntax`` (KeyError when nobody does)."""
    return "dicomconstruct" if DECODERS[transfer_syntax] is None else "imagecodecs"


def can_decode(transfer_syntax) -> bool:
    return transfer_syntax in DECODERS


def codec_converts_ybr(transfer_syntax) -> bool:
    return transfer_syntax in _CODEC_CONVERTS_YBR


def _imagecodecs(transfer_syntax):
    try:
        import imagecodecs
    except ImportError:
        raise RuntimeError(
            f"pixel data in {transfer_syntax.name} ({transfer_syntax}) is compressed and decoding it needs "
            f"imagecodecs: {EXTRA_HINT}") from None
    return imagecodecs


def _codec_decode(transfer_syntax, data: bytes, frame: int, offset: int | None, as_rgb: bool, info: ImageInfo):
    codecs = _imagecodecs(transfer_syntax)
    errors = []
    for name in DECODERS[transfer_syntax]:
        function = getattr(codecs, name, None)
        if function is None:
            continue
        kwargs = {}
        if name == "jpeg8_decode" and info.samples == 3:
            if info.photometric == "RGB":  # components stored as RGB, whatever markers say (as pydicom)
                kwargs["colorspace"] = "RGB"
            elif not as_rgb and info.photometric.startswith("YBR"):
                kwargs["outcolorspace"] = "YCbCr"
        try:
            return function(data, **kwargs)
        except Exception as exc:  # every codec raises its own type; reported below with the frame
            errors.append(f"{name}: {exc}")
    where = f" (fragment item at offset {offset})" if offset is not None else ""
    raise BadPixelDataError(
        f"frame {frame}{where}: {transfer_syntax.name} data could not be decoded: " + "; ".join(errors or
                                                                                                 ["no decoder"]),
        tag=info.tag, offset=offset)


def decode_frame(np, info: ImageInfo, data, frame: int, offset: int | None, as_rgb: bool = True):
    """Frame ``frame`` (compressed bytes ``data``) as an array (rows, columns, samples), pydicom's dtype."""
    syntax = info.transfer_syntax
    if syntax not in DECODERS:
        raise NotImplementedError(
            f"pixel data in {syntax.name} ({syntax}) cannot be decoded: no decoder for this transfer syntax")
    if DECODERS[syntax] is None:
        return rle_decode_frame(np, info, data, frame, offset)
    where = f" (fragment item at offset {offset})" if offset is not None else ""
    if syntax in _ENDS_WITH_EOI and not bytes(data[-64:]).rstrip(FRAME_TRAILING_PAD).endswith(END_OF_IMAGE):
        raise BadPixelDataError(
            f"frame {frame}{where}: the {syntax.name} data of {len(data)} bytes does not end with the End Of Image "
            f"marker (FFD9): the frame is truncated or its fragments are incomplete", tag=info.tag, offset=offset)
    arr = np.asarray(_codec_decode(syntax, data, frame, offset, as_rgb, info))
    if arr.ndim == 2:
        arr = arr[..., None]
    if arr.shape != info.frame_shape:
        raise BadPixelDataError(
            f"frame {frame}{where}: the codec decoded {arr.shape[0]} rows x {arr.shape[1]} columns x "
            f"{arr.shape[2]} samples but the dataset says {info.rows} x {info.columns} x {info.samples}",
            tag=info.tag, offset=offset)
    target = info.dtype(np)
    if arr.dtype.kind in "ui" and arr.dtype.itemsize > target.itemsize and arr.size:
        limits = np.iinfo(target.str.replace("i", "u") if target.kind == "i" else target)
        if int(arr.max()) > limits.max:
            raise BadPixelDataError(
                f"frame {frame}{where}: the codec decoded {arr.dtype.itemsize * 8}-bit samples up to {int(arr.max())} "
                f"but Bits Allocated is {info.bits_allocated}", tag=info.tag, offset=offset)
    if arr.dtype != target:
        if arr.dtype.itemsize == target.itemsize and arr.dtype.kind in "ui":
            arr = arr.view(target)
        else:
            arr = arr.astype(target)
    if info.signed and info.bits_stored < info.bits_allocated and target.kind == "i":
        shift = info.bits_allocated - info.bits_stored
        arr = (arr << shift) >> shift
    return arr
