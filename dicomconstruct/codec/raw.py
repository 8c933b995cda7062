"""The parser's output: elements as they stand in the file, before any value conversion.

This module is the contract between the codec layer (``dicomconstruct.codec``,
which reads and writes bytes) and the object layer (``dicomconstruct.dataset``
and friends, which never touch bytes).

* A :class:`RawDataset` is an ordered mapping ``tag -> RawElement`` plus where
  it lies in the source.
* A :class:`RawElement` knows its tag, VR, value length field, the absolute
  offsets of its header and of its value, the exact header bytes, and its value:
  a ``memoryview`` slice of the source (never a copy) for ordinary elements, a
  list of :class:`RawItem` for sequences (VR SQ, or UN holding an implicit-VR
  sequence, PS3.5 6.2.2), or a list of fragments for encapsulated pixel data
  (PS3.5 A.4).
* ``RawItem`` keeps the item's framing (defined or undefined length, whether an
  Item Delimitation Item was present) so that the writer can rebuild it exactly.

Offsets are absolute positions in the source as the user gave it (for a
deflated dataset, positions in the inflated stream, flagged by
``RawDataset.inflated``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from ..format.constants import UNDEFINED_LENGTH

__all__ = ["UNDEFINED_LENGTH", "RawElement", "RawItem", "RawFragments", "RawDataset"]


class RawElement:
    """One data element as found in the source (PS3.5 7.1).

    Attributes
    ----------
    tag : int
        ``group << 16 | element``.
    VR : str
        The VR written in the file (explicit VR), or the one resolved from the
        dictionaries (implicit VR; ``'UN'`` when unknown).  Ambiguous dictionary
        VRs (``US or SS`` ...) are already resolved (PS3.5 A.1).
    length : int
        The value length field as read; ``UNDEFINED_LENGTH`` for undefined.
    header_offset, value_offset : int
        Absolute offsets of the element's first header byte and first value byte.
    header : bytes
        The exact header bytes (tag, VR, reserved, length) as they were read.
    value : memoryview | list[RawItem] | RawFragments | None
        ``memoryview`` of the value bytes; ``list`` of items for sequences;
        :class:`RawFragments` for encapsulated pixel data; ``None`` when the
        value was not kept (``stop_before_pixels``, deferred reads of a source
        that can be re-read: see ``deferred``).
    end_offset : int
        Absolute offset just past the element (past its Sequence Delimitation
        Item when undefined length).
    little_endian, implicit_vr : bool
        The encoding the element was read in.
    trailing : bytes
        For undefined-length sequences: the exact bytes of the Sequence
        Delimitation Item (normally 8 bytes); ``b""`` when it was missing.
    """

    __slots__ = (
        "tag",
        "VR",
        "length",
        "header_offset",
        "value_offset",
        "header",
        "value",
        "end_offset",
        "little_endian",
        "implicit_vr",
        "trailing",
    )

    def __init__(
        self,
        tag: int,
        VR: str,
        length: int,
        header_offset: int,
        value_offset: int,
        header: bytes,
        value,
        end_offset: int,
        little_endian: bool = True,
        implicit_vr: bool = False,
        trailing: bytes = b"",
    ):
        self.tag = tag
        self.VR = VR
        self.length = length
        self.header_offset = header_offset
        self.value_offset = value_offset
        self.header = header
        self.value = value
        self.end_offset = end_offset
        self.little_endian = little_endian
        self.implicit_vr = implicit_vr
        self.trailing = trailing

    @property
    def is_undefined_length(self) -> bool:
        return self.length == UNDEFINED_LENGTH

    @property
    def is_sequence(self) -> bool:
        return isinstance(self.value, list)

    def __repr__(self) -> str:
        length = "undefined" if self.is_undefined_length else self.length
        return (
            f"RawElement(({self.tag >> 16:04X},{self.tag & 0xFFFF:04X}) {self.VR}, "
            f"length={length}, header_offset={self.header_offset}, value_offset={self.value_offset})"
        )


@dataclass
class RawItem:
    """One item of a sequence (PS3.5 7.5.1): (FFFE,E000), its dataset, and maybe (FFFE,E00D).

    ``header`` is the exact 8-byte item header as read; ``trailing`` the exact
    Item Delimitation Item bytes (``b""`` when the item had a defined length or
    the delimiter was missing).
    """

    offset: int
    length: int
    dataset: "RawDataset"
    header: bytes = b""
    trailing: bytes = b""

    @property
    def is_undefined_length(self) -> bool:
        return self.length == UNDEFINED_LENGTH


@dataclass
class RawFragments:
    """Encapsulated Pixel Data (PS3.5 A.4): Basic Offset Table and fragments.

    ``offset_table`` is the value of the first item (possibly empty);
    ``fragments`` the values of the following items, as memoryview slices;
    ``item_offsets`` the absolute offsets of every item header (offset table
    first), so that a frame's bytes can be located in the file; ``stream`` the
    whole item stream as stored, up to (not including) the Sequence Delimitation
    Item: the value pydicom gives for encapsulated Pixel Data.
    """

    offset_table: memoryview
    fragments: list
    item_offsets: list = field(default_factory=list)
    stream: memoryview = field(default_factory=lambda: memoryview(b""))


@dataclass
class RawDataset:
    """An ordered collection of raw elements (file order) and where it lies in the source."""

    elements: dict = field(default_factory=dict)
    offset: int = 0
    end_offset: int = 0
    little_endian: bool = True
    implicit_vr: bool = False
    inflated: bool = False

    def __iter__(self) -> Iterator[RawElement]:
        return iter(self.elements.values())

    def __len__(self) -> int:
        return len(self.elements)

    def __contains__(self, tag: int) -> bool:
        return tag in self.elements

    def __getitem__(self, tag: int) -> RawElement:
        return self.elements[tag]
