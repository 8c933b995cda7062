"""What the Image Pixel module says about the pixel data (PS3.3 C.7.6.3), read once from a dataset."""

from __future__ import annotations

from dataclasses import dataclass

from ..format.constants import DOUBLE_PIXEL_DATA_TAG, FLOAT_PIXEL_DATA_TAG, PIXEL_DATA_TAG

__all__ = ["ImageInfo", "PIXEL_DATA_TAGS", "numpy", "attribute", "little_endian"]

#: Pixel Data, Float Pixel Data, Double Float Pixel Data (PS3.3 C.7.6.3) -> numpy type of float data.
PIXEL_DATA_TAGS = {PIXEL_DATA_TAG: None, FLOAT_PIXEL_DATA_TAG: "f4", DOUBLE_PIXEL_DATA_TAG: "f8"}


def numpy():
    """numpy, or an ImportError naming the extra that installs it."""
    try:
        import numpy as np
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError('pixel arrays need numpy: pip install "dicomconstruct[numpy]"') from exc
    return np


def little_endian(ds) -> bool:
    """Whether ``ds``'s values (OW lookup tables, overlay and waveform data) are little endian (PS3.5 7.3)."""
    meta = ds.get("file_meta")
    syntax = meta.get("TransferSyntaxUID") if meta is not None else None
    if syntax is not None and getattr(syntax, "is_transfer_syntax", False):
        return syntax.is_little_endian
    return getattr(ds, "is_little_endian", True) in (True, None)


def attribute(ds, keyword: str, default=None, purpose: str = "pixel_array") -> int:
    """Integer attribute ``keyword`` of ``ds``; ``default`` when absent (a ValueError when no default)."""
    value = ds.get(keyword, default)
    if value is None or value == "":
        if default is None:
            raise ValueError(f"{purpose} needs {keyword}, which the dataset lacks or leaves empty")
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{purpose} needs an integer {keyword}, found {value!r}") from None


@dataclass
class ImageInfo:
    """The attributes that shape decoded pixels (PS3.3 C.7.6.3.1)."""

    tag: int
    rows: int
    columns: int
    samples: int
    frames: int
    bits_allocated: int
    bits_stored: int
    signed: bool
    planar: int
    photometric: str
    float_type: str | None
    little_endian: bool
    transfer_syntax: object  # a UID, or None when the dataset has no File Meta
    vr: str = ""

    @classmethod
    def of(cls, ds) -> "ImageInfo":
        tag = next((t for t in PIXEL_DATA_TAGS if t in ds), None)
        if tag is None:
            raise ValueError("the dataset has no Pixel Data, Float Pixel Data or Double Float Pixel Data")
        float_type = PIXEL_DATA_TAGS[tag]
        if float_type is not None:
            bits = 32 if float_type == "f4" else 64
            bits_stored, signed = bits, True
        else:
            bits = attribute(ds, "BitsAllocated")
            bits_stored = attribute(ds, "BitsStored", bits)
            signed = attribute(ds, "PixelRepresentation", 0) == 1
            if bits not in (1, 8, 16, 32, 64):
                raise ValueError(f"Bits Allocated {bits} is not one of 1, 8, 16, 32, 64 (PS3.5 8.1.1)")
            if not 1 <= bits_stored <= bits:
                bits_stored = bits
        meta = ds.get("file_meta")
        uid = meta.get("TransferSyntaxUID") if meta is not None else None
        if uid is not None and not isinstance(uid, str):  # a damaged element (several values, bytes)
            raise ValueError(f"pixel_array needs one Transfer Syntax UID, found {uid!r}")
        if uid is not None and not getattr(uid, "is_transfer_syntax", True):
            raise ValueError(f"pixel_array needs the encoding of the pixel data, but (0002,0010) Transfer Syntax UID "
                             f"{str(uid)!r} is not a transfer syntax")
        return cls(
            tag=tag,
            rows=attribute(ds, "Rows"),
            columns=attribute(ds, "Columns"),
            samples=attribute(ds, "SamplesPerPixel", 1),
            frames=attribute(ds, "NumberOfFrames", 1),
            bits_allocated=bits,
            bits_stored=bits_stored,
            signed=signed,
            planar=attribute(ds, "PlanarConfiguration", 0),
            photometric=str(ds.get("PhotometricInterpretation", "") or "").strip(),
            float_type=float_type,
            little_endian=getattr(ds, "is_little_endian", True) in (True, None),
            transfer_syntax=uid,
            vr=ds[tag].VR,
        )

    @property
    def is_encapsulated(self) -> bool:
        return bool(self.transfer_syntax is not None and getattr(self.transfer_syntax, "is_encapsulated", False))

    def dtype(self, np, order: str = "<"):
        """numpy dtype of one sample, from Bits Allocated and Pixel Representation (pydicom's choice)."""
        if self.float_type is not None:
            return np.dtype(order + self.float_type)
        if self.bits_allocated == 1:
            return np.dtype("u1")
        return np.dtype(f"{order}{'i' if self.signed else 'u'}{self.bits_allocated // 8}")

    @property
    def frame_shape(self) -> tuple[int, int, int]:
        return (self.rows, self.columns, self.samples)
