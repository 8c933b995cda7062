"""Deprecated pixel data handler for RLE Lossless (PS3.5 annex G), decoded by :mod:`dicomconstruct.pixels.rle`.

pydicom 2's ``rle_handler`` with pydicom 3's behaviour (see :mod:`.numpy_handler`).
:func:`get_pixeldata` gives the frames as one 1-D array, each frame's samples plane
after plane (colour-by-plane, as the segments hold them, PS3.5 G.2).
"""

from __future__ import annotations

import sys

from .. import uid as _uid
from ..encaps import generate_frames
from ..format.rle import HEADER_SIZE, MAX_SEGMENTS, RLEHeader
from ..misc import warn_and_log
from ..pixels.rle import unpack_segment
from ..pixels.utils import get_nr_frames, pixel_dtype
from ._common import (
    have, needs_to_convert_to_RGB, require, should_change_PhotometricInterpretation_to_RGB, transfer_syntax,
)

HAVE_RLE = have("numpy")
HANDLER_NAME = "RLE Lossless"
DEPENDENCIES = {"numpy": ("https://numpy.org/", "NumPy")}
SUPPORTED_TRANSFER_SYNTAXES = [_uid.RLELossless]


def is_available() -> bool:
    """True when numpy can be imported."""
    return HAVE_RLE


def supports_transfer_syntax(transfer_syntax) -> bool:
    """True for RLE Lossless."""
    return transfer_syntax in SUPPORTED_TRANSFER_SYNTAXES


def get_pixeldata(ds, rle_segment_order: str = ">"):
    """The RLE Lossless Pixel Data of ``ds`` decoded, as a 1-D array of the dataset's dtype.

    ``rle_segment_order``: ``">"`` (the Standard's, most significant byte's segment
    first, G.2) or ``"<"`` for non-conformant data with the order reversed.
    """
    from ..pixels.image import numpy

    if transfer_syntax(ds) not in SUPPORTED_TRANSFER_SYNTAXES:
        raise NotImplementedError("Unable to convert the pixel data as the transfer syntax is not supported by "
                                  "the RLE pixel data handler.")
    require(ds, ["PixelData", "BitsAllocated", "Rows", "Columns", "PixelRepresentation", "SamplesPerPixel"])
    np = numpy()
    rows, columns = int(ds.Rows), int(ds.Columns)
    samples, bits = int(ds.SamplesPerPixel), int(ds.BitsAllocated)
    out = bytearray()
    for frame in generate_frames(ds.PixelData, number_of_frames=get_nr_frames(ds, warn=False)):
        out += _rle_decode_frame(frame, rows, columns, samples, bits, rle_segment_order)
    dtype = pixel_dtype(ds).newbyteorder("<")  # the decoded words are little endian
    arr = np.frombuffer(out, dtype=dtype)
    if should_change_PhotometricInterpretation_to_RGB(ds):
        ds.PhotometricInterpretation = "RGB"
    return arr


def _parse_rle_header(header: bytes) -> list[int]:
    """The segment offsets of an RLE header (PS3.5 G.5: segment count, then 15 offsets, 32-bit LE)."""
    if len(header) != HEADER_SIZE:
        raise ValueError(f"The RLE header can only be {HEADER_SIZE} bytes long")
    parsed = RLEHeader.parse(bytes(header))
    count = parsed.number_of_segments
    if count > MAX_SEGMENTS:
        raise ValueError(f"The RLE header specifies an invalid number of segments ({count})")
    return list(parsed.offsets[:count])


def _rle_decode_segment(data: bytes) -> bytearray:
    """One PackBits segment decoded in full (PS3.5 G.3.2)."""
    return unpack_segment(bytes(data), sys.maxsize)


def _rle_decode_frame(data: bytes, rows: int, columns: int, nr_samples: int, nr_bits: int,
                      segment_order: str = ">") -> bytearray:
    """One RLE frame decoded: samples plane after plane, each sample's bytes little endian (PS3.5 G.2)."""
    if nr_bits % 8:
        raise NotImplementedError(
            f"Unable to decode RLE encoded pixel data with a (0028,0100) 'Bits Allocated' value of {nr_bits}")
    offsets = _parse_rle_header(data[:HEADER_SIZE])
    size = nr_bits // 8
    if len(offsets) != nr_samples * size:
        raise ValueError("The number of RLE segments in the pixel data doesn't match the expected amount "
                         f"({len(offsets)} vs. {nr_samples * size} segments)")
    bounds = offsets + [len(data)]
    pixels = rows * columns
    out = bytearray(pixels * nr_samples * size)
    for segment in range(len(offsets)):
        sample, byte = divmod(segment, size)
        decoded = _rle_decode_segment(data[bounds[segment]:bounds[segment + 1]])
        if len(decoded) < pixels:
            raise ValueError("The amount of decoded RLE segment data doesn't match the expected amount "
                             f"({len(decoded)} vs. {pixels} bytes)")
        if len(decoded) != pixels:
            warn_and_log("The decoded RLE segment contains non-conformant padding - "
                         f"{len(decoded)} vs. {pixels} bytes expected")
        # segment 0 of a sample holds its most significant byte (">"), or its least ("<")
        position = size - 1 - byte if segment_order == ">" else byte
        start = sample * pixels * size + position
        out[start:start + pixels * size:size] = decoded[:pixels]
    return out
