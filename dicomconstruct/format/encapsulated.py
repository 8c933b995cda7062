"""Encapsulated Pixel Data (PS3.5 A.4) and the Extended Offset Table (PS3.3 C.7.6.3).

In an encapsulated transfer syntax, (7FE0,0010) Pixel Data has undefined
length; its value is a sequence of items (tag FFFE,E000, 32-bit length, no VR,
always little endian) ending with a Sequence Delimitation Item:

* the first item is the Basic Offset Table: zero or more 32-bit offsets (one
  per frame, from the first byte of the first fragment's item header);
* the following items are fragments of the compressed frames.

(7FE0,0001) Extended Offset Table (OV) holds 64-bit offsets and (7FE0,0002)
Extended Offset Table Lengths (OV) the 64-bit length of each frame.
"""

from __future__ import annotations

from construct import GreedyRange, Int32ul, Int64ul

from .constants import EXTENDED_OFFSET_TABLE_LENGTHS_TAG, EXTENDED_OFFSET_TABLE_TAG
from .element import fragment_items

__all__ = [
    "Fragment",
    "FragmentItems",
    "BasicOffsetTable",
    "ExtendedOffsetTable",
    "ExtendedOffsetTableLengths",
    "EXTENDED_OFFSET_TABLE_TAG",
    "EXTENDED_OFFSET_TABLE_LENGTHS_TAG",
    "END_OF_IMAGE",
    "FRAME_TRAILING_PAD",
    "frame_fragments",
    "LOSSY_COMPRESSION_METHODS",
    "LOSSY_IMAGE_COMPRESSION_YES",
]

#: JPEG End Of Image / JPEG 2000 End Of Codestream marker that ends a frame's last fragment
#: (ITU-T T.81 B.1.1.3, T.800 A.4.4); frames are found by it when no offset table says (PS3.5 A.4).
END_OF_IMAGE = b"\xff\xd9"
#: Bytes a frame may carry after that marker: 00 padding to even length (PS3.5 A.4), or FF fill bytes (T.81 B.1.1.2).
FRAME_TRAILING_PAD = b"\x00\xff"

#: All the items up to and including the Sequence Delimitation Item (always little endian: PS3.5 A.4).
FragmentItems = fragment_items(True)
#: One item of encapsulated pixel data: Basic Offset Table or fragment (PS3.5 A.4, table A.4-1).
Fragment = FragmentItems.subcon

#: Value of the Basic Offset Table item: 32-bit offsets.
BasicOffsetTable = GreedyRange(Int32ul)
#: Values of (7FE0,0001) and (7FE0,0002).
ExtendedOffsetTable = GreedyRange(Int64ul)
ExtendedOffsetTableLengths = GreedyRange(Int64ul)

_ITEM_HEADER_SIZE = 8

#: (0028,2110) Lossy Image Compression once the pixel data has been lossy compressed (PS3.3 C.7.6.1.1.5).
LOSSY_IMAGE_COMPRESSION_YES = "01"
#: (0028,2114) Lossy Image Compression Method defined terms (PS3.3 C.7.6.1.1.5.1), by transfer syntax keyword.
LOSSY_COMPRESSION_METHODS = {
    "JPEGBaseline8Bit": "ISO_10918_1",
    "JPEGExtended12Bit": "ISO_10918_1",
    "JPEGLSNearLossless": "ISO_14495_1",
    "JPEG2000": "ISO_15444_1",
    "HTJ2K": "ISO_15444_15",
    "JPEGXL": "ISO_18181_1",
}


def frame_fragments(fragments, offset_table, number_of_frames: int | None = None,
                    extended_offsets=None) -> list[list]:
    """Group fragments into frames (PS3.5 A.4).

    ``fragments``: the fragment values (bytes-like), in order; ``offset_table``:
    the Basic Offset Table value (bytes-like, may be empty);
    ``extended_offsets``: parsed Extended Offset Table, if any.  Returns a list
    of frames, each a list of fragment values.  Without any offset table, one
    fragment per frame when ``number_of_frames`` equals the fragment count,
    else a single frame holding every fragment.
    """
    offsets = list(extended_offsets) if extended_offsets else list(BasicOffsetTable.parse(bytes(offset_table)))
    if not offsets:
        if number_of_frames and number_of_frames == len(fragments):
            return [[f] for f in fragments]
        if number_of_frames and number_of_frames > 1:
            raise ValueError(
                f"cannot split {len(fragments)} fragments into {number_of_frames} frames without an offset table"
            )
        return [list(fragments)]
    # position of each fragment's item header, relative to the first fragment
    starts, position = [], 0
    for fragment in fragments:
        starts.append(position)
        position += _ITEM_HEADER_SIZE + len(fragment)
    frames: list[list] = []
    bounds = offsets + [position]
    for i in range(len(offsets)):
        frames.append([f for f, s in zip(fragments, starts) if bounds[i] <= s < bounds[i + 1]])
    return frames


