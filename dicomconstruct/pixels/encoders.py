"""Frames to compressed bytes: which library encodes each transfer syntax (PS3.5 A.4, annex G).

RLE Lossless is encoded by :mod:`.rle`; the others by imagecodecs (the
``pixels`` extra): JPEG baseline (libjpeg-turbo, ISO/IEC 10918-1), JPEG
lossless first-order prediction (libjpeg-turbo, process 14 selection value 1),
JPEG-LS (CharLS, ISO/IEC 14495-1), JPEG 2000 (OpenJPEG, ISO/IEC 15444-1 J2K
codestream), HTJ2K (OpenJPH, ISO/IEC 15444-15) and JPEG XL (libjxl, ISO/IEC
18181-1).  Signed samples are given to codecs without sign support as their
Bits Stored low bits (two's complement), which the decoder sign-extends back
(PS3.5 8.2.1: the codestream holds the stored bits).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import uid as _uid
from .decoders import EXTRA_HINT
from .rle import rle_encode_frame

__all__ = ["ENCODERS", "Encoded", "encode_frame", "can_encode", "encoder_library"]


@dataclass
class Encoded:
    """What encoding changes in the dataset besides Pixel Data: Photometric Interpretation, lossiness."""

    photometric: str | None = None
    lossy: bool = False
    frames: list = field(default_factory=list)


#: transfer syntax -> imagecodecs function name (None: encoded here).
ENCODERS: dict[str, str | None] = {
    _uid.RLELossless: None,
    _uid.JPEGBaseline8Bit: "jpeg8_encode",
    _uid.JPEGLosslessSV1: "jpeg8_encode",
    _uid.JPEGLSLossless: "jpegls_encode",
    _uid.JPEGLSNearLossless: "jpegls_encode",
    _uid.JPEG2000Lossless: "jpeg2k_encode",
    _uid.JPEG2000: "jpeg2k_encode",
    _uid.HTJ2KLossless: "htj2k_encode",
    _uid.HTJ2KLosslessRPCL: "htj2k_encode",
    _uid.HTJ2K: "htj2k_encode",
    _uid.JPEGXLLossless: "jpegxl_encode",
    _uid.JPEGXL: "jpegxl_encode",
}

_J2K = {_uid.JPEG2000Lossless, _uid.JPEG2000, _uid.HTJ2KLossless, _uid.HTJ2KLosslessRPCL, _uid.HTJ2K}
_UNSIGNED_ONLY = {_uid.JPEGBaseline8Bit, _uid.JPEGLosslessSV1, _uid.JPEGLSLossless, _uid.JPEGLSNearLossless,
                  _uid.JPEGXLLossless, _uid.JPEGXL}


def can_encode(transfer_syntax) -> bool:
    return transfer_syntax in ENCODERS


def encoder_library(transfer_syntax) -> str:
    """'dicomconstruct' or 'imagecodecs': who encodes ``transfer_syntax`` (KeyError when nobody does)."""
    return "dicomconstruct" if ENCODERS[transfer_syntax] is None else "imagecodecs"


def _imagecodecs(transfer_syntax):
    try:
        import imagecodecs
    except ImportError:
        raise RuntimeError(f"encoding pixel data in {transfer_syntax.name} ({transfer_syntax}) needs imagecodecs: "
                           f"{EXTRA_HINT}") from None
    return imagecodecs


def _options(syntax, info, photometric: str, params: dict) -> tuple[dict, str | None, bool]:
    """(keyword arguments of the imagecodecs function, Photometric Interpretation written, lossy)."""
    rgb = info.samples == 3
    if syntax == _uid.JPEGBaseline8Bit:
        if info.bits_stored > 8 or info.bits_allocated != 8:
            raise ValueError(f"JPEG Baseline holds 8-bit samples, not Bits Stored {info.bits_stored}")
        kwargs = {"level": int(params.get("quality", 90))}
        if rgb:
            if photometric != "RGB":
                raise ValueError(f"JPEG Baseline encodes RGB or monochrome data here, not {photometric}")
            kwargs.update(colorspace="RGB", outcolorspace="YCbCr", subsampling="422")
            return kwargs, "YBR_FULL_422", True
        return kwargs, None, True
    if syntax == _uid.JPEGLosslessSV1:
        return {"lossless": True, "predictor": 1, "bitspersample": info.bits_stored,
                **({"colorspace": "RGB", "outcolorspace": "RGB"} if rgb else {})}, None, False
    if syntax in (_uid.JPEGLSLossless, _uid.JPEGLSNearLossless):
        error = int(params.get("jls_error") or 0) if syntax == _uid.JPEGLSNearLossless else 0
        return ({"level": error} if error else {}), None, error > 0
    if syntax in _J2K:
        lossless = syntax != _uid.JPEG2000 and syntax != _uid.HTJ2K
        psnr = params.get("j2k_psnr")
        if params.get("j2k_cr") is not None:
            raise ValueError("j2k_cr is not supported by the imagecodecs encoder; give j2k_psnr (one layer)")
        if psnr is not None:
            if lossless:
                raise ValueError(f"j2k_psnr is for lossy JPEG 2000, not {syntax.name}")
            psnr = list(psnr) if isinstance(psnr, (list, tuple)) else [psnr]
            if len(psnr) != 1:
                raise ValueError("the imagecodecs JPEG 2000 encoder makes one quality layer: give one j2k_psnr")
        lossy = not lossless and psnr is not None
        if syntax in (_uid.HTJ2KLossless, _uid.HTJ2KLosslessRPCL, _uid.HTJ2K):
            kwargs = {"reversible": not lossy}
            if syntax == _uid.HTJ2KLosslessRPCL:  # RPCL progression (OpenJPH default) and TLM markers (PS3.5 A.4, HTJ2K RPCL)
                kwargs["tlm"] = True
            if lossy:
                kwargs["level"] = float(psnr[0])
            if rgb:
                kwargs["rgb"] = True
        else:
            kwargs = {"codecformat": "J2K", "reversible": not lossy, "bitspersample": info.bits_stored}
            if lossy:
                kwargs["level"] = float(psnr[0])
            if rgb:
                kwargs["mct"] = True
        written = ("YBR_ICT" if lossy else "YBR_RCT") if rgb and photometric == "RGB" else None
        return kwargs, written, lossy
    # JPEG XL
    lossless = syntax != _uid.JPEGXL
    distance = params.get("jxl_distance")
    if lossless or distance is None:
        if not lossless:
            raise ValueError("lossy JPEG XL needs jxl_distance (for example 1.0); lossless is JPEGXLLossless")
        return {"lossless": True, "effort": int(params.get("jxl_effort", 3)), "bitspersample": info.bits_stored,
                "usecontainer": False}, None, False
    return {"distance": float(distance), "effort": int(params.get("jxl_effort", 3)), "usecontainer": False}, None, True


def _codec_input(np, syntax, info, frame):
    """``frame`` (rows, columns[, samples]) as the codec takes it: unsigned stored bits where it has no sign."""
    if info.signed and syntax in _UNSIGNED_ONLY:
        unsigned = frame.view(frame.dtype.str.replace("i", "u"))
        mask = (1 << info.bits_stored) - 1
        frame = unsigned & np.asarray(mask, dtype=unsigned.dtype)
    if info.samples == 1 and frame.ndim == 3:
        frame = frame[..., 0]
    return np.ascontiguousarray(frame)


def encode_frames(np, info, frames, photometric: str, params: dict) -> Encoded:
    """Each frame of ``frames`` (an iterable of (rows, columns, samples) arrays) encoded in ``info.transfer_syntax``."""
    syntax = info.transfer_syntax
    if syntax not in ENCODERS:
        raise NotImplementedError(f"encoding pixel data in {syntax.name} ({syntax}) is not supported; "
                                  f"supported: {', '.join(uid.name for uid in ENCODERS)}")
    if info.bits_allocated not in (8, 16) and syntax != _uid.RLELossless:
        raise ValueError(f"{syntax.name} encoding here needs Bits Allocated 8 or 16, not {info.bits_allocated}")
    out = Encoded()
    name = ENCODERS[syntax]
    if name is None:
        if info.bits_allocated == 1:
            raise ValueError("RLE Lossless encoding of Bits Allocated 1 is not supported")
        for frame in frames:
            out.frames.append(rle_encode_frame(np, frame, info.bits_allocated))
        return out
    function = getattr(_imagecodecs(syntax), name)
    kwargs, out.photometric, out.lossy = _options(syntax, info, photometric, params)
    for k, frame in enumerate(frames):
        try:
            data = bytes(function(_codec_input(np, syntax, info, frame), **kwargs))
        except Exception as exc:  # each codec raises its own type
            raise ValueError(f"frame {k}: {syntax.name} encoding failed ({name}): {exc}") from None
        out.frames.append(data)
    return out


def encode_frame(np, info, frame, photometric: str = "MONOCHROME2", **params) -> bytes:
    """One frame (rows, columns[, samples]) encoded in ``info.transfer_syntax``."""
    if frame.ndim == 2:
        frame = frame[..., None]
    return encode_frames(np, info, [frame], photometric, params).frames[0]
