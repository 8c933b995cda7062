"""The fixed numbers of the DICOM format, declared once (PS3.5 7.1, 7.5, A.4; PS3.10 7.1).

Every other module (the declarations in this package, the codec, the object
layer) imports these names; none types the numbers again.  ``tools/check_facts.py``
lists any that do.  Tags are ``group << 16 | element``.
"""

from __future__ import annotations

__all__ = [
    "UNDEFINED_LENGTH",
    "MAX_BASIC_OFFSET",
    "COMMAND_GROUP",
    "MAX_TAG",
    "DELIMITER_GROUP",
    "ITEM_TAG",
    "ITEM_DELIMITER_TAG",
    "SEQUENCE_DELIMITER_TAG",
    "PREAMBLE_LENGTH",
    "PREFIX",
    "META_GROUP",
    "GROUP_LENGTH_ELEMENT",
    "META_GROUP_LENGTH_TAG",
    "META_VERSION_TAG",
    "META_VERSION",
    "MEDIA_SOP_CLASS_TAG",
    "MEDIA_SOP_INSTANCE_TAG",
    "TRANSFER_SYNTAX_TAG",
    "IMPLEMENTATION_CLASS_TAG",
    "IMPLEMENTATION_VERSION_TAG",
    "SOP_CLASS_TAG",
    "SOP_INSTANCE_TAG",
    "SPECIFIC_CHARACTER_SET",
    "PIXEL_REPRESENTATION",
    "BITS_ALLOCATED",
    "PIXEL_DATA_TAG",
    "FLOAT_PIXEL_DATA_TAG",
    "DOUBLE_PIXEL_DATA_TAG",
    "PIXEL_DATA_TAGS",
    "LUT_DESCRIPTOR_OF",
    "LUT_DESCRIPTOR_TAGS",
    "WAVEFORM_BITS_ALLOCATED",
    "WAVEFORM_OB_OW_TAGS",
    "EXTENDED_OFFSET_TABLE_TAG",
    "EXTENDED_OFFSET_TABLE_LENGTHS_TAG",
    "tag_pair",
]

#: Value Length of an element or item whose end is marked by a delimiter (PS3.5 7.1.1, 7.5).
UNDEFINED_LENGTH = 0xFFFFFFFF
#: Largest value length the 16-bit length field of the explicit VR short form holds (PS3.5 7.1.2).
#: Not in __all__: tools/check_facts.py would take every 16-bit mask ``& 0xFFFF`` for it.
MAX_SHORT_LENGTH = (1 << 16) - 1
#: Largest offset a 32-bit Basic Offset Table entry can hold (PS3.5 A.4); larger needs the Extended Offset Table.
MAX_BASIC_OFFSET = (1 << 32) - 1

#: Largest tag number: a tag is two 16-bit numbers (PS3.5 7.1.1).
MAX_TAG = 0xFFFFFFFF

#: Group of the Item and delimitation tags (PS3.5 7.5).
DELIMITER_GROUP = 0xFFFE
#: Item (PS3.5 table 7.5-1).
ITEM_TAG = 0xFFFEE000
#: Item Delimitation Item (PS3.5 table 7.5-2).
ITEM_DELIMITER_TAG = 0xFFFEE00D
#: Sequence Delimitation Item (PS3.5 table 7.5-3).
SEQUENCE_DELIMITER_TAG = 0xFFFEE0DD

#: File Preamble length and DICOM Prefix (PS3.10 7.1).
PREAMBLE_LENGTH = 128
PREFIX = b"DICM"
#: File Meta Information group and the element number of every group's length (PS3.10 7.1, PS3.5 7.2).
META_GROUP = 0x0002
#: The Command group (PS3.7 6.3), always Implicit VR Little Endian where it precedes a data set.
COMMAND_GROUP = 0x0000
GROUP_LENGTH_ELEMENT = 0x0000

#: File Meta Information elements (PS3.10 table 7.1-1).
META_GROUP_LENGTH_TAG = META_GROUP << 16 | GROUP_LENGTH_ELEMENT
META_VERSION_TAG = 0x00020001
#: The value of File Meta Information Version this version of the Standard defines (PS3.10 7.1).
META_VERSION = b"\x00\x01"
MEDIA_SOP_CLASS_TAG = 0x00020002
MEDIA_SOP_INSTANCE_TAG = 0x00020003
TRANSFER_SYNTAX_TAG = 0x00020010
IMPLEMENTATION_CLASS_TAG = 0x00020012
IMPLEMENTATION_VERSION_TAG = 0x00020013
#: SOP Common elements the File Meta Information repeats (PS3.10 7.1).
SOP_CLASS_TAG = 0x00080016
SOP_INSTANCE_TAG = 0x00080018

#: (0008,0005) Specific Character Set: text encodings of the data set (PS3.5 6.1.2.3).
SPECIFIC_CHARACTER_SET = 0x00080005
#: (0028,0103) Pixel Representation: ``US or SS`` is US when 0, SS when 1 (PS3.5 A.1).
PIXEL_REPRESENTATION = 0x00280103
#: (0028,0100) Bits Allocated: ``OB or OW`` Pixel Data is OW above 8 bits (PS3.5 A.1).
BITS_ALLOCATED = 0x00280100

#: Pixel Data, Float Pixel Data, Double Float Pixel Data (PS3.5 A.4; PS3.3 C.7.6.3).
PIXEL_DATA_TAG = 0x7FE00010
FLOAT_PIXEL_DATA_TAG = 0x7FE00008
DOUBLE_PIXEL_DATA_TAG = 0x7FE00009
PIXEL_DATA_TAGS = frozenset({PIXEL_DATA_TAG, FLOAT_PIXEL_DATA_TAG, DOUBLE_PIXEL_DATA_TAG})
#: (7FE0,0001) Extended Offset Table and (7FE0,0002) its Lengths, 64-bit per frame (PS3.3 C.7.6.3).
EXTENDED_OFFSET_TABLE_TAG = 0x7FE00001
EXTENDED_OFFSET_TABLE_LENGTHS_TAG = 0x7FE00002

#: LUT data element -> its descriptor: a one-entry LUT is US, any other OW (PS3.3 C.11.1.1.1).
LUT_DESCRIPTOR_OF = {0x00283006: 0x00283002, 0x00281200: 0x00281100}
#: LUT Descriptors whose first value is ``US or SS`` (PS3.3 C.11.1.1.1, C.7.6.3.1.5).
LUT_DESCRIPTOR_TAGS = frozenset({0x00281101, 0x00281102, 0x00281103, 0x00283002})

#: Waveform: ``OB or OW`` data follows Waveform Bits Allocated (PS3.3 C.10.9.1).
WAVEFORM_BITS_ALLOCATED = 0x54001004
WAVEFORM_OB_OW_TAGS = frozenset({0x54000110, 0x54000112, 0x5400100A, 0x54001010})


def tag_pair(tag: int) -> tuple[int, int]:
    """(group, element) of a tag number."""
    return tag >> 16, tag & 0xFFFF
