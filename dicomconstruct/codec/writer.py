"""Write DICOM files (PS3.10 7) from element-likes, building bytes with the format declarations.

Element-likes are duck typed: ``.tag`` (int), ``.VR`` (str), ``.value``
(primitives as in :mod:`.values`; for sequences a list of items, each an
iterable of element-likes in tag order, optionally with ``.raw_item``, the
:class:`~.raw.RawItem` it was read from; for encapsulated pixel data the bytes
of the items, or a :class:`~.raw.RawFragments`) and ``.raw`` (the
:class:`~.raw.RawElement` when the element is unmodified, else ``None``).
:class:`~.raw.RawElement` and :class:`~.raw.RawItem` themselves are accepted too.

Rules
-----
* Unmodified elements (``.raw`` set) are copied byte for byte when the
  target encoding is the one they were read in; when only the byte order
  differs, numbers and words are byte-swapped (PS3.5 7.3) without being
  converted; otherwise their header is rebuilt for the target encoding.
* Writing in the encoding the data was read in (``original_encoding``)
  reproduces mixed encodings (implicit VR items in explicit VR data) and
  undefined lengths; sequences and items keep their undefined length and
  delimiters whenever the raw framing says they had them.
* Group lengths (gggg,0000) are recomputed, unless the group is unchanged
  (every element raw and contiguous as read), in which case their original
  bytes are kept.  (0002,0000) is always right.
* Odd-length values are padded (PS3.5 6.2): space for text, NUL for UI and binary.
* Deflated Explicit VR Little Endian: the data set is deflated (raw deflate,
  PS3.5 A.5); when it is unchanged, the original compressed bytes are reused.
"""

from __future__ import annotations

import os
import sys
import zlib

from ..format.constants import (
    GROUP_LENGTH_ELEMENT,
    ITEM_DELIMITER_TAG,
    ITEM_TAG,
    META_GROUP,
    PIXEL_DATA_TAG,
    PREAMBLE_LENGTH,
    PREFIX,
    SEQUENCE_DELIMITER_TAG,
    UNDEFINED_LENGTH,
)
from ..format.ambiguous import resolve_ambiguous
from ..format.vr import ENCAPSULATED_VRS, VR_INFO
from . import _layout
from .known_tags import PIXEL_REPRESENTATION, SPECIFIC_CHARACTER_SET
from .raw import RawElement, RawFragments, RawItem, RawRun
from .recursion import levels_available
from .transfer import EXPLICIT_VR_LE, Encoding, encoding_for
from .values import decode_value, encode_value, swap_bytes

__all__ = ["write", "write_parsed", "encode_dataset", "encode_file"]

#: Python frames the encoder uses per level of sequence nesting (dataset, element, sequence, item ...).
_FRAMES_PER_LEVEL = 6


def _tag_text(tag: int) -> str:
    return f"({tag >> 16:04X},{tag & 0xFFFF:04X})"


#: Header layouts compiled from the declarations (tools/gen_codec.py).
_ITEM = _layout.MARKER_SIZE
_RESERVED = _layout.RESERVED
_LONG_FORM_VRS = _layout.LONG_FORM_VRS
_SHORT_LENGTH_MAX = _layout.SHORT_LENGTH_MAX


def _item_marker(little: bool, tag: int, length: int) -> bytes:
    return _layout.MARKER[little].pack(tag >> 16, tag & 0xFFFF, length)


class _Encoder:
    """One encoding of a file or data set: ``preserve`` keeps each element's encoding as read."""

    def __init__(self, preserve: bool):
        self.preserve = preserve
        self.ancestors: list = []  # element lists of the data sets being written, nearest last
        self.max_depth = levels_available(_FRAMES_PER_LEVEL)
        self.truncated: list = []  # (header written, original header) of elements the data ended inside

    # --- headers -----------------------------------------------------------------------

    def header(self, tag: int, vr: str, length: int, implicit: bool, little: bool) -> bytes:
        """Element header (PS3.5 7.1.2 / 7.1.3), built with the declared layouts."""
        group, elem = tag >> 16, tag & 0xFFFF
        if implicit:
            return _layout.IMPLICIT[little].pack(group, elem, length)
        if vr in _LONG_FORM_VRS:
            return _layout.LONG[little].pack(group, elem, vr.encode("ascii"), _RESERVED, length)
        if length > _SHORT_LENGTH_MAX:
            # too long for a 16-bit length: PS3.5 6.2.2 says such values are written as UN
            return _layout.LONG[little].pack(group, elem, b"UN", _RESERVED, length)
        return _layout.SHORT[little].pack(group, elem, _vr_bytes(vr), length)

    def truncated_header(self, raw, length: int) -> bytes:
        """The header of an element the data ended inside of, with the length of what was read.

        Written anywhere but last, the original header would claim the bytes of the
        elements that follow it.  :meth:`restore_truncated_tail` puts the original
        header back when the element does end the output, so that such a file is
        still written back byte for byte.
        """
        if raw.implicit_vr:
            layout = _layout.IMPLICIT[raw.little_endian]
        elif len(raw.header) == _layout.LONG_SIZE:
            layout = _layout.LONG[raw.little_endian]
        else:
            layout = _layout.SHORT[raw.little_endian]
        fields = layout.unpack(raw.header)
        header = layout.pack(*fields[:-1], length)
        self.truncated.append((header, raw.header))
        return header

    def restore_truncated_tail(self, out: list) -> None:
        """Give a truncated element that ends ``out`` its original header back."""
        if self.truncated and len(out) >= 2 and out[-2] is self.truncated[-1][0]:
            out[-2] = self.truncated[-1][1]

    # --- data sets -----------------------------------------------------------------------

    def dataset(self, elements, implicit: bool, little: bool, encodings, out: list) -> int:
        """Append the encoding of ``elements`` to ``out``; return the number of bytes appended."""
        elements = list(elements)
        self.ancestors.append(elements)
        try:
            return self._dataset(elements, implicit, little, encodings, out)
        finally:
            self.ancestors.pop()

    def _dataset(self, elements: list, implicit: bool, little: bool, encodings, out: list) -> int:
        for element in elements:
            tag = int(element.tag)
            if type(element) is RawRun and element.last_tag >= SPECIFIC_CHARACTER_SET:
                element = element.find(SPECIFIC_CHARACTER_SET)
                if element is not None:
                    encodings = self.charset_of(element)
                break
            if tag >= SPECIFIC_CHARACTER_SET:
                if tag == SPECIFIC_CHARACTER_SET:
                    encodings = self.charset_of(element)
                break
        total = 0
        index = 0
        count = len(elements)
        while index < count:
            element = elements[index]
            tag = int(element.tag)
            if tag & 0xFFFF == GROUP_LENGTH_ELEMENT and tag != 0 and _is_group_length(element):
                # group length: encode the rest of the group first
                group = tag >> 16
                stop = index + 1
                while stop < count and int(elements[stop].tag) >> 16 == group:
                    stop += 1
                members = elements[index + 1:stop]
                body: list = []
                size = self.dataset(members, implicit, little, encodings, body)
                total += self.group_length(element, members, elements[stop] if stop < count else None,
                                           size, implicit, little, out)
                out.extend(body)
                total += size
                index = stop
                continue
            if type(element) is RawRun:
                total += self.run(element, implicit, little, encodings, out)
            else:
                total += self.element(element, implicit, little, encodings, out)
            index += 1
        return total

    def run(self, run: RawRun, implicit: bool, little: bool, encodings, out: list) -> int:
        """Append a run of unmodified elements: one slice of the source when the encoding is kept."""
        if self.preserve or (run.little_endian == little and run.implicit_vr == implicit and run.uniform()):
            value = run.value
            out.append(value)
            return len(value)
        return sum(self.element(element, implicit, little, encodings, out) for element in run.expand())

    def charset_of(self, element):
        """Python codecs of a (0008,0005) Specific Character Set element-like (PS3.5 6.1.2.3)."""
        from .. import charset

        value = element.value
        raw = _raw_of(element)
        if raw is not None and isinstance(raw.value, memoryview):
            value = raw.value
        if isinstance(value, (bytes, bytearray, memoryview)):
            value = decode_value("CS", value)
        return charset.python_encodings(value or None)

    def group_length(self, element, members, following, size, implicit, little, out) -> int:
        """Append (gggg,0000): the original bytes if the group is unchanged, else ``size`` (PS3.5 7.2)."""
        raw = _raw_of(element)
        if raw is not None and self.unchanged_group(raw, members, following, implicit, little):
            out.append(raw.header)
            out.append(raw.value)
            return len(raw.header) + len(raw.value)
        value = _layout.LONG_LENGTH[little].pack(size)
        header = self.header(int(element.tag), "UL", 4, implicit, little)
        out.append(header)
        out.append(value)
        return len(header) + 4

    def unchanged_group(self, raw, members, following, implicit, little) -> bool:
        """True if a group's members are raw, contiguous and framed as read, so its length still holds."""
        if not self.preserve and (raw.implicit_vr != implicit or raw.little_endian != little):
            return False
        position = raw.end_offset
        for member in members:
            member_raw = _raw_of(member)
            if member_raw is None or member_raw.header_offset != position:
                return False
            if member_raw.is_sequence and not _sequence_unchanged(member):
                return False
            position = member_raw.end_offset
        if following is not None:
            following_raw = _raw_of(following)
            if following_raw is not None and following_raw.header_offset != position:
                return False
        elif not members:
            return isinstance(raw.value, memoryview) and not any(raw.value)
        return True

    # --- elements ------------------------------------------------------------------------

    def element(self, element, implicit: bool, little: bool, encodings, out: list) -> int:
        """Append one data element (PS3.5 7.1); return the number of bytes appended."""
        raw = _raw_of(element)
        vr = element.VR
        value = element.value
        if raw is not None and self.preserve:
            implicit, little = raw.implicit_vr, raw.little_endian
        if isinstance(value, list) and (vr in ("SQ", "UN") or (raw is not None and raw.is_sequence)):
            return self.sequence(element, raw, vr, value, implicit, little, encodings, out)
        if isinstance(value, RawFragments) or (raw is not None and isinstance(raw.value, RawFragments)):
            return self.fragments(element, raw, vr, value, implicit, little, out)
        tag = int(element.tag)
        if raw is not None and isinstance(raw.value, memoryview) and raw.length != UNDEFINED_LENGTH:
            data = raw.value
            if raw.implicit_vr == implicit and raw.little_endian == little:
                header = raw.header
                if len(data) < raw.length:
                    header = self.truncated_header(raw, len(data))
                out.append(header)
                out.append(data)
                return len(header) + len(data)
            if raw.little_endian != little:
                data = swap_bytes(raw.VR, data)
            vr = raw.VR
            if not implicit and vr not in VR_INFO:
                vr = "UN"
            header = self.header(tag, vr, len(data), implicit, little)
            out.append(header)
            out.append(data)
            return len(header) + len(data)
        if raw is not None and raw.length == UNDEFINED_LENGTH and isinstance(raw.value, memoryview):
            # undefined length value kept up to its delimiter (rare, non-standard)
            header = raw.header if raw.implicit_vr == implicit and raw.little_endian == little else \
                self.header(tag, raw.VR, UNDEFINED_LENGTH, implicit, little)
            trailing = _delimiter(raw.trailing, raw.little_endian, little, SEQUENCE_DELIMITER_TAG)
            out += [header, raw.value, trailing]
            return len(header) + len(raw.value) + len(trailing)
        if tag == PIXEL_DATA_TAG and isinstance(value, (bytes, bytearray, memoryview)) and _is_encapsulated_value(
                element, value):
            header = self.header(tag, _encapsulated_vr(vr), UNDEFINED_LENGTH, implicit, little)
            trailing = _item_marker(little, SEQUENCE_DELIMITER_TAG, 0)
            out += [header, value, trailing]
            return len(header) + len(value) + len(trailing)
        vr = _resolve_vr(vr, tag, self.ancestors, implicit)
        try:
            if isinstance(value, (bytes, bytearray, memoryview)) and vr in ("US", "SS") and " or " in element.VR:
                data = bytes(value) + (VR_INFO[vr].pad if len(value) & 1 else b"")  # words as given
            else:
                data = encode_value(vr, value, little, encodings)
        except (ValueError, TypeError, OverflowError) as exc:
            raise ValueError(f"{_tag_text(tag)} {vr}: {exc}") from exc
        if not implicit and len(data) > _SHORT_LENGTH_MAX and vr not in _LONG_FORM_VRS:
            raise ValueError(
                f"{_tag_text(tag)} {vr}: value of {len(data)} bytes is too long for the 16-bit length field "
                f"of explicit VR {vr} (PS3.5 7.1.2, at most 65534 bytes): shorten it, or give the element "
                f"a VR with a 32-bit length (e.g. UN, UT, UC, OB)")
        header = self.header(tag, vr, len(data), implicit, little)
        out.append(header)
        out.append(data)
        return len(header) + len(data)

    def sequence(self, element, raw, vr, items, implicit, little, encodings, out) -> int:
        """Append a sequence element, of defined or undefined length as read (PS3.5 7.5, 6.2.2 for UN)."""
        tag = int(element.tag)
        if len(self.ancestors) > self.max_depth:
            raise ValueError(
                f"{_tag_text(tag)}: sequences nested {len(self.ancestors)} deep cannot be written within "
                f"Python's recursion limit ({sys.getrecursionlimit()}); raise sys.setrecursionlimit")
        item_implicit, item_little = implicit, little
        if vr == "UN" and not implicit and (raw is None or raw.VR == "UN"):
            item_implicit, item_little = True, True  # PS3.5 6.2.2
        body: list = []
        size = 0
        for item in items:
            size += self.item(item, item_implicit, item_little, encodings, body)
        undefined = raw is not None and raw.length == UNDEFINED_LENGTH
        if undefined or (vr == "UN" and not implicit):
            header = self.sequence_header(raw, tag, vr, UNDEFINED_LENGTH, implicit, little)
            trailing = _delimiter(raw.trailing if raw is not None else b"", raw is None or raw.little_endian,
                                  little, SEQUENCE_DELIMITER_TAG)
            out.append(header)
            out.extend(body)
            out.append(trailing)
            return len(header) + size + len(trailing)
        header = self.sequence_header(raw, tag, vr, size, implicit, little, element)
        out.append(header)
        out.extend(body)
        return len(header) + size

    def sequence_header(self, raw, tag, vr, length, implicit, little, element=None) -> bytes:
        """The header of a sequence element: the one read when it still holds (PS3.5 7.5.2)."""
        if raw is not None and raw.implicit_vr == implicit and raw.little_endian == little and (
                raw.length == length or (self.preserve and _sequence_unchanged(element))):
            return raw.header
        if vr not in ("SQ", "UN"):
            vr = "SQ"
        return self.header(tag, vr, length, implicit, little)

    def item(self, item, implicit, little, encodings, out) -> int:
        """Append one item with its framing, defined or undefined length as read (PS3.5 7.5.1)."""
        raw_item = item if isinstance(item, RawItem) else getattr(item, "raw_item", None)
        elements = item.dataset if isinstance(item, RawItem) else item
        if raw_item is not None and self.preserve:
            implicit = raw_item.dataset.implicit_vr
        body: list = []
        size = self.dataset(elements, implicit, little, encodings, body)
        if raw_item is not None and raw_item.is_undefined_length:
            header = raw_item.header if raw_item.header and self.preserve else _item_marker(
                little, ITEM_TAG, UNDEFINED_LENGTH)
            trailing = _delimiter(raw_item.trailing, raw_item.dataset.little_endian, little, ITEM_DELIMITER_TAG)
            out.append(header)
            out.extend(body)
            out.append(trailing)
            return len(header) + size + len(trailing)
        if raw_item is not None and self.preserve and len(raw_item.header) == _ITEM and (
                raw_item.length == size or _item_unchanged(item)):
            header = raw_item.header
        else:
            header = _item_marker(little, ITEM_TAG, size)
        out.append(header)
        out.extend(body)
        return len(header) + size

    def fragments(self, element, raw, vr, value, implicit, little, out) -> int:
        """Append encapsulated Pixel Data: offset table and fragment items, then the delimiter (PS3.5 A.4)."""
        tag = int(element.tag)
        fragments = value if isinstance(value, RawFragments) else raw.value
        if raw is not None and raw.implicit_vr == implicit and raw.little_endian == little:
            header = raw.header
        else:
            header = self.header(tag, _encapsulated_vr(vr), UNDEFINED_LENGTH, implicit, little)
        out.append(header)
        size = len(header)
        for data in [fragments.offset_table, *fragments.fragments]:
            marker = _item_marker(little, ITEM_TAG, len(data))
            out.append(marker)
            out.append(data)
            size += _ITEM + len(data)
        trailing = _delimiter(raw.trailing if raw is not None else b"", raw is None or raw.little_endian,
                              little, SEQUENCE_DELIMITER_TAG)
        out.append(trailing)
        return size + len(trailing)


def _delimiter(original: bytes, original_little: bool, little: bool, tag: int) -> bytes:
    """The delimiter as read when it can be kept (same byte order), else a new one (PS3.5 7.5)."""
    if original and original_little == little:
        return original
    return _item_marker(little, tag, 0)


def _encapsulated_vr(vr: str) -> str:
    """VR of an encapsulated Pixel Data header: OB unless it was OW or UN (PS3.5 A.4)."""
    return vr if vr in ENCAPSULATED_VRS else "OB"


def _vr_bytes(vr: str) -> bytes:
    data = vr.encode("ascii")
    if len(data) != 2:
        raise ValueError(f"cannot write VR {vr!r} in explicit VR: resolve it first")
    return data


#: Waveform elements whose 'OB or OW' follows Waveform Bits Allocated (PS3.3 C.10.9.1).


def _find(elements, tag: int):
    for element in elements:
        if type(element) is RawRun:
            found = element.find(tag)
            if found is not None:
                return found
        elif int(element.tag) == tag:
            return element
    return None


def _first_number(element, default=None):
    """First value of a US/SS-like element-like (Python value, or its raw bytes), or ``default``."""
    if element is None:
        return default
    value = element.value
    raw = _raw_of(element)
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    if isinstance(value, int):
        return value
    data = value if isinstance(value, (bytes, bytearray, memoryview)) else (
        raw.value if raw is not None and isinstance(raw.value, memoryview) else None)
    if data is None or len(data) < 2:
        return default
    little = raw.little_endian if raw is not None else True
    return int.from_bytes(bytes(data[:2]), "little" if little else "big")


def _pixel_representation(ancestors) -> int:
    """Pixel Representation for a 'US or SS' element (PS3.3 C.7.6.3.1): nearest data set that has it.

    Without one, as pydicom does: 0 (US) when the nearest data set has neither
    Pixel Representation nor Pixel Data, else 1 (SS).
    """
    for elements in reversed(ancestors):
        found = _first_number(_find(elements, PIXEL_REPRESENTATION))
        if found is not None:
            return found
    nearest = ancestors[-1] if ancestors else []
    return 1 if _find(nearest, PIXEL_DATA_TAG) is not None else 0


def _resolve_vr(vr: str, tag: int = 0, ancestors=(), implicit: bool = False) -> str:
    """A writable VR for an ambiguous dictionary VR left unresolved (PS3.5 A.1, 7.1; as pydicom 3 does).

    * ``US or SS``: US when Pixel Representation is 0, else SS (PS3.3 C.7.6.3.1).
    * ``US or OW`` (LUT Data) and ``US or SS or OW`` (Gray Lookup Table Data):
      a single-entry LUT (first descriptor value 1) is US (SS for the latter when
      Pixel Representation is 1); any other LUT is OW (PS3.3 C.11.1.1.1).
    * ``OB or OW``: Pixel Data and Waveform data are OW when more than 8 bits are
      allocated, else OB, and always OW in implicit VR (PS3.5 A.1, A.2; PS3.3
      C.10.9.1); Overlay Data and everything else OW (PS3.5 8.1.2).
    """
    ancestors = list(ancestors)
    nearest = ancestors[-1] if ancestors else []

    def number(tag: int, nearest_only: bool):
        for elements in ([nearest] if nearest_only else reversed(ancestors)):
            found = _first_number(_find(elements, tag))
            if found is not None:
                return found
        return None

    return resolve_ambiguous(vr, tag, number, implicit=implicit,
                             pixel_representation=lambda: _pixel_representation(ancestors))


def _is_group_length(element) -> bool:
    """A (gggg,0000) element that holds a length (not, in damaged data, a sequence or fragments)."""
    raw = _raw_of(element)
    if raw is not None:
        return isinstance(raw.value, memoryview)
    return not isinstance(element.value, (list, RawFragments))


def _raw_of(element):
    if isinstance(element, RawElement):
        return element
    return getattr(element, "raw", None)


def _sequence_unchanged(element) -> bool:
    """True if every item and element of a sequence element is raw (unmodified)."""
    if isinstance(element, RawElement):
        return True
    for item in element.value or ():
        if not isinstance(item, RawItem) and getattr(item, "raw_item", None) is None:
            return False
        if not _item_unchanged(item):
            return False
    return True


def _item_unchanged(item) -> bool:
    """True if every element of an item, nested sequences included, is raw (unmodified)."""
    if isinstance(item, RawItem):
        return True
    for member in item:
        if _raw_of(member) is None:
            return False
        if isinstance(member.value, list) and not _sequence_unchanged(member):
            return False
    return True


def _is_encapsulated_value(element, value) -> bool:
    return bool(getattr(element, "is_undefined_length", False))


def _deflated(body: list, original) -> list:
    """The chunks of a deflated data set (PS3.5 A.5: raw deflate, even length), chunk by chunk.

    When the data set is byte for byte what was inflated on reading, the
    original compressed bytes are reused.
    """
    inflated = original.inflated if original is not None and original.deflated_data is not None else None
    if inflated is not None and sum(len(chunk) for chunk in body) == len(inflated):
        position = 0
        for chunk in body:
            size = len(chunk)
            if inflated[position:position + size] != chunk:
                break
            position += size
        else:
            return [original.deflated_data]
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    out = [compressor.compress(chunk) for chunk in body]
    out.append(compressor.flush())
    if sum(len(chunk) for chunk in out) & 1:
        out.append(b"\x00")  # PS3.5 A.5: pad the deflated stream to even length
    return out


# --- public API ---------------------------------------------------------------------------


def encode_dataset(elements, *, implicit_vr: bool, little_endian: bool, encodings=None,
                   preserve: bool = False) -> list:
    """The chunks (bytes / memoryview) encoding ``elements`` in one encoding (PS3.5 7)."""
    out: list = []
    _Encoder(preserve).dataset(elements, implicit_vr, little_endian, encodings, out)
    return out


def encode_file(meta_elements, dataset_elements, transfer_syntax=EXPLICIT_VR_LE, *,
                preamble: bytes | None = b"\x00" * PREAMBLE_LENGTH, original=None,
                original_encoding: Encoding | None = None, trailing: bytes = b"",
                implicit_vr: bool | None = None, little_endian: bool | None = None) -> list:
    """The chunks of a whole file; see :func:`write`."""
    encoding = encoding_for(transfer_syntax) if transfer_syntax is not None else Encoding(False, True)
    if implicit_vr is not None or little_endian is not None:
        encoding = encoding._replace(
            implicit_vr=encoding.implicit_vr if implicit_vr is None else implicit_vr,
            little_endian=encoding.little_endian if little_endian is None else little_endian)
    if original is not None and original_encoding is None:
        original_encoding = original.encoding
    preserve = original_encoding is not None and (
        original_encoding.implicit_vr, original_encoding.little_endian) == (
        encoding.implicit_vr, encoding.little_endian)
    encoder = _Encoder(preserve)
    out: list = []
    if preamble is not None:
        if len(preamble) != PREAMBLE_LENGTH:
            raise ValueError(f"the preamble must be {PREAMBLE_LENGTH} bytes long, not {len(preamble)}")
        out += [bytes(preamble), PREFIX]
    if meta_elements is not None:
        meta = list(meta_elements)
        if meta:
            if any(int(e.tag) >> 16 != META_GROUP for e in meta):
                raise ValueError("File Meta Information may only hold group 0002 elements (PS3.10 7.1)")
            encoder.dataset(meta, False, True, None, out)
    body: list = []
    encoder.dataset(dataset_elements, encoding.implicit_vr, encoding.little_endian, None, body)
    encoder.restore_truncated_tail(body)
    if trailing:
        body.append(trailing)  # part of the data set's stream: deflated with it (PS3.5 A.5)
    if encoding.deflated:
        out += _deflated(body, original)
    else:
        out.extend(body)
    return out


def write(fp, meta_elements, dataset_elements, transfer_syntax=EXPLICIT_VR_LE, *,
          preamble: bytes | None = b"\x00" * PREAMBLE_LENGTH, original=None,
          original_encoding: Encoding | None = None, trailing: bytes = b"",
          implicit_vr: bool | None = None, little_endian: bool | None = None) -> int:
    """Write a DICOM file to ``fp`` (path or binary file object); return the number of bytes.

    ``meta_elements``: group 0002 element-likes (``None`` or empty: no File
    Meta); ``dataset_elements``: the data set's element-likes in tag order;
    ``transfer_syntax``: the target (four uncompressed syntaxes, deflated, or an
    encapsulated one, whose fragments are written as they are);
    ``preamble``: 128 bytes, or ``None`` for no preamble and no ``DICM`` prefix;
    ``original``: the :class:`~.reader.ParsedFile` the elements were read from
    (gives ``original_encoding`` and the deflated bytes to reuse);
    ``trailing``: bytes to append after the data set, inside the deflated
    stream for a deflated syntax (as read, see ``ParsedFile.trailing``); ``implicit_vr`` / ``little_endian``: override the
    encoding derived from ``transfer_syntax`` (e.g. a data set without meta).

    The whole file is encoded first, as a list of chunks (large values are
    the ``memoryview`` slices they were read as, never joined into a new
    buffer); only then is ``fp`` written.  So a value that cannot be encoded
    (a ``ValueError`` naming its tag) leaves ``fp`` untouched, and a path is
    replaced atomically (:func:`dicomconstruct.safewrite.replace_atomically`).
    """
    chunks = encode_file(meta_elements, dataset_elements, transfer_syntax, preamble=preamble,
                         original=original, original_encoding=original_encoding, trailing=trailing,
                         implicit_vr=implicit_vr, little_endian=little_endian)
    # Everything that can fail has run: only now is the target touched.
    if isinstance(fp, (str, os.PathLike)):
        from ..safewrite import replace_atomically

        with replace_atomically(os.fspath(fp)) as f:
            f.writelines(chunks)
    else:
        fp.writelines(chunks)
    return sum(len(c) for c in chunks)


def write_parsed(fp, parsed, transfer_syntax=None) -> int:
    """Write a :class:`~.reader.ParsedFile` back (byte for byte when ``transfer_syntax`` is unchanged)."""
    return write(fp, list(parsed.meta), list(parsed.dataset),
                 transfer_syntax or parsed.transfer_syntax, preamble=parsed.preamble if parsed.prefix_found else None,
                 original=parsed, trailing=parsed.trailing,
                 implicit_vr=None if transfer_syntax else parsed.encoding.implicit_vr,
                 little_endian=None if transfer_syntax else parsed.encoding.little_endian)

