"""RLE Lossless compressed frames (PS3.5 annex G).

A frame is a 64-byte header followed by up to 15 segments (PS3.5 G.5): the
header holds the number of segments and the offset of each segment from the
first header byte (unused offsets are 0).  Each segment holds one byte of
every sample of one component, most significant byte first (G.2), and is
PackBits-encoded row by row (G.3): a control byte ``n`` in 0..127 is followed
by ``n + 1`` literal bytes, ``n`` in -127..-1 by one byte repeated ``1 - n``
times, and -128 is never written (a decoder skips it).
"""

from __future__ import annotations

import struct

from construct import Array, Int32ul, Struct

__all__ = ["RLEHeader", "HEADER_SIZE", "HEADER_WORDS", "MAX_SEGMENTS", "MAX_RUN", "NO_OP"]

#: Most segments a frame may hold (G.5).
MAX_SEGMENTS = 15
#: The frame header (PS3.5 G.5, table G-1): segment count, then 15 offsets.
RLEHeader = Struct("number_of_segments" / Int32ul, "offsets" / Array(MAX_SEGMENTS, Int32ul))
HEADER_SIZE = RLEHeader.sizeof()
#: The same header as 16 little-endian 32-bit words, for reading it at speed (checked against the declaration).
HEADER_WORDS = struct.Struct("<%dI" % (1 + MAX_SEGMENTS))
assert HEADER_WORDS.size == HEADER_SIZE
#: Longest literal or replicate run one control byte describes (G.3.1).
MAX_RUN = 128
#: The control byte a decoder skips (-128 as a signed byte, G.3.2).
NO_OP = 0x80
