"""pydicom's encapsulation functions deprecated in pydicom 3 (PS3.5 A.4), with their warnings.

``encaps.get_frame_offsets``, ``get_nr_fragments``, ``generate_pixel_data_fragment``,
``generate_pixel_data_frame``, ``generate_pixel_data``, ``decode_data_sequence``,
``defragment_data``, ``read_item``, ``itemise_frame`` and ``itemise_fragment`` are
reached through :mod:`dicomconstruct.encaps` (whose module ``__getattr__`` is
:func:`encaps_getattr`): each access issues a :class:`DeprecationWarning` naming the
replacement, as pydicom 3 does, and raises AttributeError (ImportError for
``from ... import``) when ``config._use_future`` is set.  The functions that take
``fp`` expect a :class:`~dicomconstruct.filebase.DicomIO` positioned at an item.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from ._deprecation import future, warn
from .errors import EncapsulationError, format_tag
from .format.element import ITEM_TAG, PIXEL_DATA_TAG, SEQUENCE_DELIMITER_TAG, UNDEFINED_LENGTH

LOGGER = logging.getLogger("dicomconstruct")


def _tag(fp) -> int:
    group, element = fp.read_tag()
    return group << 16 | element


def _require_little(fp) -> None:
    if not fp.is_little_endian:
        raise ValueError("'fp.is_little_endian' must be True")


def get_frame_offsets(fp) -> tuple[bool, list[int]]:
    """(whether the Basic Offset Table has a value, its offsets or ``[0]`` when empty)."""
    _require_little(fp)
    tag = _tag(fp)
    if tag != ITEM_TAG:
        raise EncapsulationError(f"Unexpected tag '{format_tag(tag)}' when parsing the Basic Offset Table item",
                                 tag=PIXEL_DATA_TAG)
    length = fp.read_UL()
    if length % 4:
        raise EncapsulationError("The length of the Basic Offset Table item is not a multiple of 4",
                                 tag=PIXEL_DATA_TAG)
    offsets = [fp.read_UL() for _ in range(length // 4)]
    return bool(length), offsets or [0]


def get_nr_fragments(fp) -> int:
    """Number of fragment items from ``fp``'s position (a fragment item).

    A bytes-like value (Basic Offset Table item first, as ``Dataset.PixelData`` gives
    it) is also accepted: its fragments after the table are counted.
    """
    from .encaps import parse_basic_offsets, parse_fragments

    if isinstance(fp, (bytes, bytearray, memoryview)):
        import io

        stream = io.BytesIO(fp)
        parse_basic_offsets(stream)
        return parse_fragments(stream)[0]
    _require_little(fp)
    return parse_fragments(fp)[0]


def generate_pixel_data_fragment(fp) -> Iterator[bytes]:
    """Each fragment's value from ``fp``'s position (after the Basic Offset Table)."""
    from .encaps import generate_fragments

    _require_little(fp)
    yield from generate_fragments(fp)


def generate_pixel_data_frame(bytestream: bytes, nr_frames: int | None = None) -> Iterator[bytes]:
    """Each frame's bytes of the encapsulated value ``bytestream``."""
    from .encaps import generate_fragmented_frames

    for fragments in generate_fragmented_frames(bytestream, number_of_frames=nr_frames):
        yield b"".join(fragments)


def generate_pixel_data(bytestream: bytes, nr_frames: int | None = None) -> Iterator[tuple[bytes, ...]]:
    """Each frame of the encapsulated value ``bytestream`` as the tuple of its fragments."""
    from .encaps import generate_fragmented_frames

    yield from generate_fragmented_frames(bytestream, number_of_frames=nr_frames)


def read_item(fp) -> bytes | None:
    """The value of the next item; None at the Sequence Delimitation Item or the end of ``fp``.

    An item with another tag is read as an item, with a logged warning.
    """
    try:
        tag = _tag(fp)
    except EOFError:
        return None
    if tag == SEQUENCE_DELIMITER_TAG:
        length = fp.read_UL()
        if length:
            LOGGER.warning("Expected 0x00000000 after delimiter, found 0x%x, at data position 0x%x",
                           length, fp.tell() - 4)
        return None
    if tag != ITEM_TAG:
        LOGGER.warning("Expected Item with tag %s at data position 0x%x", format_tag(ITEM_TAG), fp.tell() - 4)
    length = fp.read_UL()
    if length == UNDEFINED_LENGTH:
        raise EncapsulationError(
            f"Encapsulated data fragment had Undefined Length at data position 0x{fp.tell() - 4:x}",
            tag=PIXEL_DATA_TAG)
    return fp.read(length)


def decode_data_sequence(data: bytes) -> list[bytes]:
    """Every fragment's value of the encapsulated value ``data`` (the Basic Offset Table skipped)."""
    from .filebase import DicomBytesIO

    fp = DicomBytesIO(bytes(data))
    fp.is_little_endian = True
    read_item(fp)  # the Basic Offset Table
    fragments = []
    while item := read_item(fp):
        fragments.append(item)
    return fragments


def defragment_data(data: bytes) -> bytes:
    """Every fragment's value of the encapsulated value ``data``, joined."""
    return b"".join(decode_data_sequence(data))


def _deprecated() -> dict[str, Any]:  # the names of _NAMES
    from .encaps import itemize_fragment, itemize_frame

    return {
        "get_frame_offsets": get_frame_offsets,
        "get_nr_fragments": get_nr_fragments,
        "generate_pixel_data_fragment": generate_pixel_data_fragment,
        "generate_pixel_data_frame": generate_pixel_data_frame,
        "generate_pixel_data": generate_pixel_data,
        "decode_data_sequence": decode_data_sequence,
        "defragment_data": defragment_data,
        "read_item": read_item,
        "itemise_frame": itemize_frame,
        "itemise_fragment": itemize_fragment,
    }


_NAMES = frozenset({
    "get_frame_offsets", "get_nr_fragments", "generate_pixel_data_fragment", "generate_pixel_data_frame",
    "generate_pixel_data", "decode_data_sequence", "defragment_data", "read_item", "itemise_frame",
    "itemise_fragment",
})


def encaps_getattr(name: str) -> Any:
    """``encaps.<deprecated name>``: the function, with a DeprecationWarning (pydicom 3)."""
    if name not in _NAMES:
        raise AttributeError(f"module 'dicomconstruct.encaps' has no attribute {name!r}")
    functions = _deprecated()
    if not future():
        warn(f"{name} is deprecated and will be removed in v4.0")
        return functions[name]
    raise AttributeError(f"module 'dicomconstruct.encaps' has no attribute {name!r}")
