"""Tags whose values the reader and writer look at, to pick an encoding or resolve an ambiguous VR.

* (0008,0005) Specific Character Set: text encodings of the data set (PS3.5 6.1.2.3).
* (0028,0103) Pixel Representation: ``US or SS`` is US when 0, SS when 1 (PS3.3 C.7.6.3.1; PS3.5 A.1).
* LUT Data and its descriptor: a one-entry LUT is US, any other OW (PS3.3 C.11.1.1.1).
"""

from __future__ import annotations

SPECIFIC_CHARACTER_SET = 0x00080005
PIXEL_REPRESENTATION = 0x00280103
#: LUT data element -> its descriptor: LUT Data (PS3.3 C.11.1.1.1), Gray Lookup Table Data (retired).
LUT_DESCRIPTOR_OF = {0x00283006: 0x00283002, 0x00281200: 0x00281100}
