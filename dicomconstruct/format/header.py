"""The DICOM File header (PS3.10 7.1): preamble, ``DICM`` prefix, File Meta Information.

* 128-byte File Preamble, then the 4-byte prefix ``DICM``.
* The File Meta Information group (0002,eeee), always Explicit VR Little Endian
  (PS3.10 7.1), starting with (0002,0000) File Meta Information Group Length
  (UL), whose value counts the bytes of the group after that element.
"""

from __future__ import annotations

from construct import Bytes, Check, Const, FocusedSeq, GreedyRange, Int16ul, Peek, Struct

from .constants import GROUP_LENGTH_ELEMENT, META_GROUP, PREAMBLE_LENGTH, PREFIX
from .element import element_struct

__all__ = [
    "PREAMBLE_LENGTH",
    "PREFIX",
    "FileHeader",
    "FileMetaElement",
    "FileMetaGroup",
    "DicomFile",
    "META_GROUP",
    "GROUP_LENGTH_ELEMENT",
]


#: File Preamble and DICOM Prefix (PS3.10 7.1).
FileHeader = Struct("preamble" / Bytes(PREAMBLE_LENGTH), "prefix" / Const(PREFIX))

#: One element of group 0002; parsing stops (fails) at the first element of another group.
FileMetaElement = FocusedSeq(
    "element",
    "group" / Peek(Int16ul),
    Check(lambda ctx: not ctx._parsing or ctx.group == META_GROUP),
    "element" / element_struct(True, False),
)

#: The whole File Meta Information group (PS3.10 7.1, Explicit VR Little Endian).
FileMetaGroup = GreedyRange(FileMetaElement)

#: A DICOM file's header: preamble, prefix and meta group; the data set follows.
DicomFile = Struct("header" / FileHeader, "meta" / FileMetaGroup)
