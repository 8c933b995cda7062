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
* Elements are kept compact until asked for: a data set read is a range of an
  :class:`ElementStore` (parallel arrays of tag, header offset, length field, header
  form and VR: one for the top-level data set, one for the items of its sequences, and
  so on down, so that stores form a tree and make no reference cycle); its :class:`RawElement` objects
  (with header bytes and value slice) are made on first access and kept.  A sequence's
  items are a :class:`LazyValue` until then (parsed when first accessed).
* ``RawItem`` keeps the item's framing (defined or undefined length, whether an
  Item Delimitation Item was present) so that the writer can rebuild it exactly.

Offsets are absolute positions in the source as the user gave it (for a
deflated dataset, positions in the inflated stream, flagged by
``RawDataset.inflated``).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from typing import Iterator

from ..format.constants import UNDEFINED_LENGTH

__all__ = ["UNDEFINED_LENGTH", "RawElement", "RawItem", "RawFragments", "RawDataset", "ElementStore", "LazyValue",
           "RawRun"]


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
        The exact header bytes (tag, VR, reserved, length) as they were read (taken from
        ``view``, the source, when first asked for, if not given).
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
        "_header",
        "value",
        "end_offset",
        "little_endian",
        "implicit_vr",
        "trailing",
        "_view",
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
        view: memoryview | None = None,
    ):
        self.tag = tag
        self.VR = VR
        self.length = length
        self.header_offset = header_offset
        self.value_offset = value_offset
        self._header = header
        self.value = value
        self.end_offset = end_offset
        self.little_endian = little_endian
        self.implicit_vr = implicit_vr
        self.trailing = trailing
        self._view = view

    @property
    def header(self) -> bytes:
        header = self._header
        if header is None:
            header = self._header = self._view[self.header_offset:self.value_offset].tobytes()
        return header

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


class _Record:
    """Slots, ``__init__``-set fields, ``==`` and ``repr`` by field, as ``@dataclass(slots=True)`` gives
    (written out: ``dataclasses`` costs a first read ~5 ms of imports)."""

    __slots__ = ()

    def __eq__(self, other: object):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()

    def _fields(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__qualname__}({fields})"


class RawItem(_Record):
    """One item of a sequence (PS3.5 7.5.1): (FFFE,E000), its dataset, and maybe (FFFE,E00D).

    ``header`` is the exact 8-byte item header as read; ``trailing`` the exact
    Item Delimitation Item bytes (``b""`` when the item had a defined length or
    the delimiter was missing).
    """

    __slots__ = ("offset", "length", "dataset", "header", "trailing")

    def __init__(self, offset: int, length: int, dataset: "RawDataset", header: bytes = b"",
                 trailing: bytes = b"") -> None:
        self.offset = offset
        self.length = length
        self.dataset = dataset
        self.header = header
        self.trailing = trailing

    @property
    def is_undefined_length(self) -> bool:
        return self.length == UNDEFINED_LENGTH


class RawFragments(_Record):
    """Encapsulated Pixel Data (PS3.5 A.4): Basic Offset Table and fragments.

    ``offset_table`` is the value of the first item (possibly empty);
    ``fragments`` the values of the following items, as memoryview slices;
    ``item_offsets`` the absolute offsets of every item header (offset table
    first), so that a frame's bytes can be located in the file; ``stream`` the
    whole item stream as stored, up to (not including) the Sequence Delimitation
    Item: the value pydicom gives for encapsulated Pixel Data.
    """

    __slots__ = ("offset_table", "fragments", "item_offsets", "stream")

    def __init__(self, offset_table: memoryview, fragments: list, item_offsets: list | None = None,
                 stream: memoryview | None = None) -> None:
        self.offset_table = offset_table
        self.fragments = fragments
        self.item_offsets = [] if item_offsets is None else item_offsets
        self.stream = memoryview(b"") if stream is None else stream



class LazyValue:
    """A value framed by the reader but not parsed yet (a sequence's items, PS3.5 7.5).

    :meth:`resolve` parses it (once: the element made from it keeps the result), into
    ``store.items_store()`` (``store`` the store that holds it);
    ``exact`` is true when its bytes in the source are exactly the value as read,
    framing complete, so that the untouched element can be written as one slice.
    """

    __slots__ = ()
    exact = False

    def resolve(self, store: "ElementStore"):
        raise NotImplementedError


#: VR code -> VR name, and back: the VRs met so far (shared by every store; only ever grows).
_VR_NAMES: list = []
VR_NAMES = _VR_NAMES  # (read-only for the object layer: ``VR_NAMES[store.vrs[i]]``)
_VR_CODES: dict = {}


def vr_code(vr: str) -> int:
    """The code of ``vr`` in :attr:`ElementStore.vrs` (a new one the first time a VR is met)."""
    code = _VR_CODES.get(vr)
    if code is None:
        code = _VR_CODES.setdefault(vr, len(_VR_NAMES))
        if code == len(_VR_NAMES):
            _VR_NAMES.append(vr)
    return code


#: The ``forms`` bit that says the element was read in implicit VR (the rest is the header length).
IMPLICIT_FORM = 0x80
_HEADER_LENGTH_MASK = 0x7F
#: The code of VR SQ: an element of it with no ``extra`` is a sequence left unparsed (see ElementStore)
_SEQUENCE_CODE = vr_code("SQ")


class ElementStore:
    """The elements of one parse (a data set, or the items of a store's sequences), in parallel arrays (about
    20 bytes an element).  It holds nothing that holds it (the buffer, values, items and lazy
    values only), so that a data set dropped is freed at once.

    For element ``i``: ``tags[i]``, ``offsets[i]`` (first header byte), ``lengths[i]``
    (the value length field as read), ``forms[i]`` (header length, plus
    :data:`IMPLICIT_FORM`), ``vrs[i]`` (code of the VR, :func:`vr_code`).  An element
    whose value is not simply the ``lengths[i]`` bytes after its header (sequence,
    encapsulated fragments, undefined length, truncated, deferred) has
    ``extra[i] = [value, end offset, trailing delimiter bytes]``, but for the usual
    sequence (explicit VR, defined length, complete): that one has VR SQ and no
    ``extra``, and ``parser.defined_sequence`` parses its items
    when it is first asked for (no object per sequence until then).  ``depth`` is the
    nesting depth of the data sets in the store (0: the top level).  ``made[i]`` keeps the
    :class:`RawElement` of each element asked for, so that it is one object.
    """

    __slots__ = ("view", "tags", "offsets", "lengths", "forms", "vrs", "extra", "made", "children", "parser",
                 "depth")

    def __init__(self, view: memoryview, parser=None, depth: int = 0):
        self.view = view
        self.parser = parser
        self.depth = depth
        self.tags = array("I")
        self.offsets = array("q")
        self.lengths = array("I")
        self.forms = bytearray()
        self.vrs = array("H")
        self.extra: dict = {}
        self.made: list = []  # index -> RawElement or None; extended as elements are asked for
        self.children = None  # the store of the items of this store's sequences (made when one is parsed)

    def items_store(self) -> "ElementStore":
        """The store the items of this store's sequences are parsed into (one for all of them).

        Not this store: this store holds the items (through their sequence elements), and
        the items hold their store, so items in this store would be a reference cycle.
        The stores form a tree, one level of it per level of nesting.
        """
        if self.children is None:
            self.children = ElementStore(self.view, self.parser, self.depth + 1)
        return self.children

    def __len__(self) -> int:
        return len(self.tags)

    def element(self, i: int, little: bool) -> RawElement:
        """The :class:`RawElement` of element ``i`` (made once; a lazy sequence is parsed here)."""
        made = self.made
        if i < len(made):
            found = made[i]
            if found is not None:
                return found
        else:
            made.extend([None] * (len(self.tags) - len(made)))
        offset = self.offsets[i]
        length = self.lengths[i]
        form = self.forms[i]
        value_offset = offset + (form & _HEADER_LENGTH_MASK)
        extra = self.extra.get(i)
        if extra is None:
            end = value_offset + length
            trailing = b""
            if self.vrs[i] == _SEQUENCE_CODE:
                value = self.parser.defined_sequence(self, i, value_offset, end, little)
            else:
                value = self.view[value_offset:end]
        else:
            value, end, trailing = extra
            if isinstance(value, LazyValue):
                value = extra[0] = value.resolve(self)
        new = RawElement(self.tags[i], _VR_NAMES[self.vrs[i]], length, offset, value_offset, None, value, end,
                         little, form > _HEADER_LENGTH_MASK, trailing, self.view)
        found = made[i]
        if found is None:  # (else another thread made it meanwhile: one object all the same)
            made[i] = found = new
        return found

    def make(self, start: int, stop: int, little: bool) -> None:
        """Make the :class:`RawElement` of every element ``start:stop`` not made yet (one loop, for
        callers that use them all)."""
        made = self.made
        if len(made) < stop:
            made.extend([None] * (len(self.tags) - len(made)))
        tags, offsets, lengths, forms, vrs = self.tags, self.offsets, self.lengths, self.forms, self.vrs
        extra, view, names, element = self.extra, self.view, _VR_NAMES, self.element
        for i in range(start, stop):
            if made[i] is not None:
                continue
            if i in extra or vrs[i] == _SEQUENCE_CODE:
                element(i, little)
                continue
            offset = offsets[i]
            length = lengths[i]
            form = forms[i]
            value_offset = offset + (form & _HEADER_LENGTH_MASK)
            end = value_offset + length
            made[i] = RawElement(tags[i], names[vrs[i]], length, offset, value_offset, None,
                                 view[value_offset:end], end, little, form > _HEADER_LENGTH_MASK, b"", view)

    def value_view(self, i: int) -> memoryview:
        """The value bytes of element ``i`` when it has no ``extra`` and is not a sequence (the ``lengths[i]``
        bytes after its header)."""
        start = self.offsets[i] + (self.forms[i] & _HEADER_LENGTH_MASK)
        return self.view[start:start + self.lengths[i]]

    def is_made(self, i: int) -> bool:
        """True once the :class:`RawElement` of element ``i`` has been made."""
        return i < len(self.made) and self.made[i] is not None

    def span(self, i: int) -> tuple[int, int] | None:
        """(start, end) of element ``i`` in the source when those bytes are exactly the element as read,
        else ``None``: its value complete (PS3.5 7.1) and kept (not deferred), a sequence framed as read
        (not truncated, its Sequence Delimitation Item found: PS3.5 7.5).  Whether the element is still
        unmodified since is for the caller to say."""
        offset = self.offsets[i]
        extra = self.extra.get(i)
        if extra is None:
            end = offset + (self.forms[i] & _HEADER_LENGTH_MASK) + self.lengths[i]
            return (offset, end) if end <= len(self.view) else None
        value, end, trailing = extra
        if isinstance(value, LazyValue):
            return (offset, end) if value.exact else None
        if value is None:
            return None  # deferred
        length = self.lengths[i]
        if length == UNDEFINED_LENGTH:
            # a sequence, encapsulated fragments or bytes, up to the delimiter found
            return (offset, end) if trailing else None
        if isinstance(value, list):  # a defined-length sequence parsed since: exact unless truncated
            return (offset, end) if end == offset + (self.forms[i] & _HEADER_LENGTH_MASK) + length else None
        return None

    def set_vr(self, i: int, vr: str) -> None:
        self.vrs[i] = vr_code(vr)
        if self.is_made(i):
            self.made[i].VR = vr


class RawDataset:
    """An ordered collection of raw elements (file order) and where it lies in the source.

    Either a range ``start:stop`` of an :class:`ElementStore` (what the reader makes), or
    an explicit ``elements`` dict ``tag -> RawElement``.  With repeated tags the last
    one counts, at the place of the first (as a dict filled in file order would keep them).
    ``elements`` (a dict made on first use) is for callers that want every element as
    an object; the object layer uses :meth:`lazy_dict` and :meth:`get`.
    """

    __slots__ = ("store", "start", "stop", "offset", "end_offset", "little_endian", "implicit_vr", "inflated",
                 "_index", "_elements", "__weakref__")

    def __init__(self, elements=None, offset: int = 0, end_offset: int = 0, little_endian: bool = True,
                 implicit_vr: bool = False, inflated: bool = False, *, store: ElementStore | None = None,
                 start: int = 0):
        self.store = store
        self.start = self.stop = start
        self.offset = offset
        self.end_offset = end_offset
        self.little_endian = little_endian
        self.implicit_vr = implicit_vr
        self.inflated = inflated
        self._index = None  # tag -> store index, when the range's tags are not strictly increasing
        self._elements = None if store is not None else dict(elements or {})

    def close_range(self, stop: int, ordered: bool) -> None:
        """Set the end of the store range (the reader, when the data set is parsed)."""
        self.stop = stop
        if not ordered:
            tags = self.store.tags
            self._index = {tags[i]: i for i in range(self.start, stop)}

    def _find(self, tag: int):
        index = self._index
        if index is not None:
            return index.get(tag)
        i = bisect_left(self.store.tags, tag, self.start, self.stop)
        if i < self.stop and self.store.tags[i] == tag:
            return i
        return None

    def get(self, tag: int, default=None):
        """The :class:`RawElement` of ``tag`` (made now if it was not), or ``default``."""
        if self.store is None:
            return self._elements.get(tag, default)
        i = self._find(tag)
        return default if i is None else self.store.element(i, self.little_endian)

    def first_read_implicit(self) -> bool:
        """True if the first element was read in implicit VR (none: False)."""
        if self.store is None:
            first = next(iter(self._elements.values()), None)
            return first is not None and first.implicit_vr
        return self.stop > self.start and self.store.forms[self.start] > _HEADER_LENGTH_MASK

    def find_read_so_far(self, tag: int, upto: int):
        """:meth:`get` while the data set is still being parsed (store indexes below ``upto``)."""
        if self.store is None:
            return self._elements.get(tag)
        tags = self.store.tags
        for i in range(upto - 1, self.start - 1, -1):
            if tags[i] == tag:
                return self.store.element(i, self.little_endian)
        return None

    def tags(self):
        """The tags, in file order (each once)."""
        if self.store is None:
            return iter(self._elements)
        if self._index is not None:
            return iter(self._index)
        return iter(self.store.tags[self.start:self.stop])

    def indexes(self):
        """``(tag, store index)`` of each element, in file order (store-backed data sets only)."""
        if self._index is not None:
            return iter(self._index.items())
        return zip(self.store.tags[self.start:self.stop], range(self.start, self.stop))

    def lazy_dict(self) -> dict:
        """``tag -> self`` for every element (what a Dataset holds until an element is asked for: :meth:`get`)."""
        if self.store is None:
            return dict(self._elements)
        return dict.fromkeys(self.tags(), self)

    def make_all(self) -> None:
        """Make the :class:`RawElement` of every element (for callers that use them all)."""
        if self.store is not None:
            self.store.make(self.start, self.stop, self.little_endian)

    @property
    def elements(self) -> dict:
        """``tag -> RawElement``, every element made (and kept)."""
        if self._elements is None:
            self.make_all()
            made = self.store.made
            self._elements = {tag: made[i] for tag, i in self.indexes()}
        return self._elements

    @elements.setter
    def elements(self, value: dict) -> None:
        self.store = None
        self._index = None
        self._elements = dict(value)

    def defer(self, holes: dict, streams: dict) -> list:
        """Mark as deferred (value ``None``) the elements whose value is exactly a hole or stream left
        unread (``value offset -> length`` / ``-> end``, see :meth:`.source.Source.finish`); their indexes."""
        if self.store is None:
            matched = []
            for raw in self._elements.values():
                if type(raw.value) is memoryview:
                    if holes.get(raw.value_offset) == raw.length:
                        matched.append(raw)
                elif streams.get(raw.value_offset) == raw.end_offset and raw.length == UNDEFINED_LENGTH:
                    matched.append(raw)
            for raw in matched:
                raw.value = None
            return matched
        store = self.store
        matched = []
        for _, i in self.indexes():
            value_offset = store.offsets[i] + (store.forms[i] & _HEADER_LENGTH_MASK)
            length = store.lengths[i]
            extra = store.extra.get(i)
            if extra is None:
                if holes.get(value_offset) == length:
                    matched.append(i)
            elif length == UNDEFINED_LENGTH and isinstance(extra[0], RawFragments) and streams.get(
                    value_offset) == extra[1]:
                matched.append(i)
        for i in matched:
            value_offset = store.offsets[i] + (store.forms[i] & _HEADER_LENGTH_MASK)
            extra = store.extra.get(i)
            store.extra[i] = [None, value_offset + store.lengths[i], b""] if extra is None else [None, *extra[1:]]
        return matched

    def __iter__(self) -> Iterator[RawElement]:
        return iter(self.elements.values())

    def __len__(self) -> int:
        if self.store is None:
            return len(self._elements)
        if self._index is not None:
            return len(self._index)
        return self.stop - self.start

    def __contains__(self, tag: int) -> bool:
        if self.store is None:
            return tag in self._elements
        return self._find(tag) is not None

    def __getitem__(self, tag: int) -> RawElement:
        found = self.get(tag)
        if found is None:
            raise KeyError(tag)
        return found

    def __repr__(self) -> str:
        return f"RawDataset({len(self)} elements, offset={self.offset}, end_offset={self.end_offset})"


class RawRun:
    """A run of untouched elements of one data set that lie back to back in the source (the writer's
    element-like for them): written as the one slice ``value`` when the encoding is kept.

    ``tag`` is the first element's tag, ``header_offset``/``end_offset`` where the run
    lies; :meth:`find` and :meth:`expand` give its elements as :class:`RawElement`.
    """

    __slots__ = ("dataset", "first", "last", "header_offset", "end_offset")

    VR = None
    is_sequence = False
    length = None

    def __init__(self, dataset: RawDataset, first: int, last: int, header_offset: int, end_offset: int):
        self.dataset = dataset
        self.first, self.last = first, last  # store indexes, inclusive
        self.header_offset, self.end_offset = header_offset, end_offset

    @property
    def tag(self) -> int:
        return self.dataset.store.tags[self.first]

    @property
    def last_tag(self) -> int:
        return self.dataset.store.tags[self.last]

    @property
    def raw(self) -> "RawRun":
        return self

    @property
    def value(self) -> memoryview:
        return self.dataset.store.view[self.header_offset:self.end_offset]

    @property
    def little_endian(self) -> bool:
        return self.dataset.little_endian

    @property
    def implicit_vr(self) -> bool:
        return self.dataset.implicit_vr

    def uniform(self) -> bool:
        """True if every element of the run was read in the data set's VR encoding."""
        forms = self.dataset.store.forms
        implicit = self.dataset.implicit_vr
        return all(bool(forms[i] & IMPLICIT_FORM) == implicit for i in range(self.first, self.last + 1))

    def find(self, tag: int):
        """The run's element of ``tag`` as a :class:`RawElement`, or ``None``."""
        store = self.dataset.store
        if not store.tags[self.first] <= tag <= store.tags[self.last]:
            return None
        i = bisect_left(store.tags, tag, self.first, self.last + 1)
        if i <= self.last and store.tags[i] == tag:
            return store.element(i, self.dataset.little_endian)
        return None

    def expand(self) -> list:
        store = self.dataset.store
        return [store.element(i, self.dataset.little_endian) for i in range(self.first, self.last + 1)]

    def __len__(self) -> int:
        return self.end_offset - self.header_offset
