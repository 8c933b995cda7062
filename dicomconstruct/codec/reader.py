"""Read a DICOM file (PS3.10 7) into raw elements (:mod:`.raw`), without converting values.

The reader is a thin driver over the declarations in :mod:`dicomconstruct.format`:
element headers are unpacked with the tables ``tools/gen_codec.py`` compiles from
them into :mod:`._layout` (struct formats, header sizes, the VR dispatch), values
are ``memoryview`` slices of the source (nothing is copied until a value is
converted), sequences, items and encapsulated pixel data are framed as PS3.5 7.5
and A.4 say, undefined lengths by the rules of :mod:`..format.framing`.

The elements of a parse are kept compact in :class:`~.raw.ElementStore` objects, one per
level of nesting (the objects are made on first use; no reference cycle, so a data set
dropped is freed at once); a sequence is a :class:`LazySequence` until
its element is first used (a defined-length one is not looked into, an
undefined-length one is walked once to find its end, PS3.5 7.5.2).

Entry point: :func:`read`.  Where an element lives in the file is in its
:class:`~.raw.RawElement`: ``header_offset`` (first header byte), ``value_offset``
(first value byte), ``end_offset`` (just past it); for a deflated data set
these are positions in the inflated stream (``RawDataset.inflated``).

Real-world files handled (each oddity goes through :func:`dicomconstruct.config.report`
with its offset): no preamble (``force=True``), no File Meta, File Meta without
Transfer Syntax UID (encoding detected from the first element, as DCMTK does),
an unknown Transfer Syntax UID (read as Explicit VR Little Endian), data sets
or items whose VR encoding differs from the transfer syntax, odd lengths,
implicit VR with ambiguous dictionary VRs (PS3.5 A.1), private elements in
implicit VR (VR from the private dictionary via the Private Creator of their
block), UN of undefined length holding an Implicit VR Little Endian sequence
(PS3.5 6.2.2), truncated data (what was read is kept).
"""

from __future__ import annotations

import mmap
import sys
import threading
import weakref
import zlib

from .. import config
from ..errors import (
    BadDeflateStreamError,
    BadDelimiterError,
    BadVRError,
    InvalidDicomError,
    LimitExceededError,
    NestingTooDeepError,
    TruncatedDataError,
)
from ..format.ambiguous import resolve_ambiguous
from ..format.framing import actual_encoding, detect_encoding, looks_implicit, undefined_length_kind
from ..format.constants import (
    COMMAND_GROUP,
    DELIMITER_GROUP,
    ITEM_DELIMITER_TAG,
    ITEM_TAG,
    META_GROUP,
    PIXEL_DATA_TAG,
    PIXEL_DATA_TAGS,
    PREAMBLE_LENGTH,
    PREFIX,
    SEQUENCE_DELIMITER_TAG,
    TRANSFER_SYNTAX_TAG,
    UNDEFINED_LENGTH,
    tag_pair,
)
from ..format.vr import VR_INFO, is_valid_vr_bytes
from . import _layout
from .known_tags import PIXEL_REPRESENTATION, SPECIFIC_CHARACTER_SET
from .raw import IMPLICIT_FORM, ElementStore, LazyValue, RawDataset, RawFragments, RawItem, vr_code
from .recursion import levels_available
from .source import defer_size_in_bytes, open_source
from .transfer import (
    EXPLICIT_VR_BE,
    EXPLICIT_VR_LE,
    IMPLICIT_VR_LE,
    Encoding,
    encoding_for,
)

__all__ = ["read", "ParsedFile", "read_dataset", "parse_sequence_value", "parse_sequence_bytes", "parse_fragments"]

#: Header sizes and offsets compiled from the declarations (tools/gen_codec.py).
_MIN_HEADER = _layout.MIN_HEADER_SIZE
_ITEM = _layout.MARKER_SIZE
_ITEM_TAG_PAIR = tag_pair(ITEM_TAG)
#: VR name -> its code in the element store (:func:`.raw.vr_code`), for the VRs of PS3.5 6.2
_VR_CODE_OF = {name: vr_code(name) for name in VR_INFO}
#: Python frames the parser uses per level of sequence nesting (dataset -> undefined_value -> lazy_sequence -> sequence).
_FRAMES_PER_LEVEL = 4
#: Inflate a deflated data set this many bytes at a time (PS3.5 A.5), checking the size limit in between.
_INFLATE_CHUNK = 1 << 20
#: ... feeding it this many compressed bytes at a time (what zlib leaves unconsumed is copied each call).
_INFLATE_INPUT = 1 << 16
#: The tag of the Sequence Delimitation Item as stored, per byte order (PS3.5 7.5).
_DELIMITER_BYTES = _layout.SEQUENCE_DELIMITER_TAG_BYTES


class ParsedFile:
    """What :func:`read` found.

    ``preamble`` (128 bytes or ``None``), ``prefix_found`` (``DICM`` present),
    ``meta`` (:class:`RawDataset` of group 0002), ``dataset`` (the data set),
    ``transfer_syntax`` (the UID from the File Meta, or the one detected),
    ``encoding`` (:class:`~.transfer.Encoding` the data set was read with),
    ``buffer`` (the source's ``memoryview``, kept alive for the value slices),
    ``inflated`` (the inflated data set bytes for a deflated file, else ``None``),
    ``deflated_data`` (the compressed bytes as found, for byte-exact rewriting),
    ``filename``, ``trailing`` (bytes after the last complete element: an
    incomplete header at the end of the file), ``source`` (the :class:`Source`).
    """

    __slots__ = (
        "preamble",
        "prefix_found",
        "meta",
        "dataset",
        "transfer_syntax_text",
        "encoding",
        "buffer",
        "inflated",
        "deflated_data",
        "filename",
        "trailing",
        "source",
        "dataset_offset",
    )

    def __init__(self):
        self.preamble = None
        self.prefix_found = False
        self.meta = self.dataset = None  # (the reader sets both)
        self.transfer_syntax_text = None
        self.encoding = Encoding(False, True)
        self.buffer = None
        self.inflated = None
        self.deflated_data = None
        self.filename = None
        self.trailing = b""
        self.source = None
        self.dataset_offset = 0

    @property
    def transfer_syntax(self):
        """The Transfer Syntax UID (a :class:`~dicomconstruct.uid.UID`), or ``None``."""
        text = self.transfer_syntax_text
        return None if text is None else _make_uid(text)

    def close(self) -> None:
        """Release the source (unmap the file).  Values already taken stay valid only if copied."""
        if self.source is not None:
            self.source.close()

    def __repr__(self) -> str:
        return (
            f"ParsedFile(filename={self.filename!r}, transfer_syntax={self.transfer_syntax!r}, "
            f"meta={len(self.meta)} elements, dataset={len(self.dataset)} elements)"
        )


def _chain(chain):
    """The data sets of a chain ``(data set, parent chain)``, nearest first (None ends it)."""
    while chain is not None:
        if chain[0] is not None:
            yield chain[0]
        chain = chain[1]


def _weak_chain(chain):
    """A chain ``(data set, parent chain)`` as a tuple of weak references, nearest first (``None`` kept)."""
    if chain is None:
        return None
    refs = []
    while chain is not None:
        refs.append(None if chain[0] is None else weakref.ref(chain[0]))
        chain = chain[1]
    return tuple(refs)


def _strong_chain(refs):
    """The chain of :func:`_weak_chain` again (a data set freed meanwhile is ``None``: its values are gone)."""
    if refs is None:
        return None
    chain = None
    for ref in reversed(refs):
        chain = (None if ref is None else ref(), chain)
    return chain


class LazySequence(LazyValue):
    """The items of a sequence, framed but not parsed (PS3.5 7.5): :meth:`resolve` parses them.

    Made by the reader for every sequence: a defined-length one is not looked into at
    all, an undefined-length one was walked only to find its end (its reports are made
    then, not again).  The parse runs with the settings of the read call (``strict``,
    ``max_elements``, counting on from the elements read then, and ``max_nesting_depth``),
    whatever the settings where the element is first used; its errors and reports name
    the tag and absolute offset, as those of the read.
    """

    __slots__ = ("parser", "tag", "pos", "end", "little", "implicit", "depth", "chain", "defined", "exact")

    def __init__(self, parser, tag, pos, end, little, implicit, depth, chain, defined, exact):
        self.parser = parser  # (which holds no store once a parse is over: see _Parser.store)
        self.tag = tag
        self.pos, self.end = pos, end
        self.little, self.implicit = little, implicit
        self.depth = depth
        self.chain = _weak_chain(chain)  # the enclosing data sets hold this (via their store): not them
        self.defined = defined  # defined length (else undefined, walked already: its reports are made)
        self.exact = exact  # its bytes are exactly the sequence as read (not truncated, delimiter found)

    def resolve(self, store) -> list:
        parser = self.parser
        with parser.lock:  # one parse at a time per file: threads may use one data set
            if config.settings.strict != parser.strict:  # the limits were taken at read time already
                with config.limits(strict=parser.strict):
                    return self._parse(parser, store)
            return self._parse(parser, store)

    def _parse(self, parser, store) -> list:
        quiet = parser.quiet
        parser.quiet = not self.defined
        # the items' elements go to the store below the one holding this sequence (no reference cycle)
        outer = parser.store
        parser.store = store.items_store()
        try:
            items, _, _ = parser.sequence(self.pos, self.end, self.little, self.implicit, self.depth,
                                          _strong_chain(self.chain), self.tag, self.defined)
            if parser.pending:
                parser.resolve_pending()
        finally:
            parser.quiet = quiet
            parser.store = outer
        return items

    def __repr__(self) -> str:
        return f"LazySequence(({self.tag >> 16:04X},{self.tag & 0xFFFF:04X}), {self.pos}..{self.end})"


#: Nesting that always fits under Python's recursion limit (the stack is measured only past it)
_SHALLOW_DEPTH = 8


def _lookups():
    """The dictionary functions used for implicit VR (imported late: generated tables are lazy)."""
    from ..datadict import private_vr_for, vr_for_tag

    return vr_for_tag, private_vr_for


class _Parser:
    """One parse of one buffer.  Keeps the buffer, options and pending ambiguous VRs."""

    def __init__(self, data, view: memoryview, *, stop_tags=None, specific_tags=None, offset_base=0):
        self.view = view
        if isinstance(data, (bytes, mmap.mmap)):
            self.data = data
            self.slice_bytes = data.__getitem__
        else:
            self.data = view
            self.slice_bytes = lambda s: view[s].tobytes()
        self.stop_tags = stop_tags
        self.specific_tags = specific_tags
        #: the top-level parse ends at the first tag past this one (the last of ``specific_tags``)
        self.last_tag = max(specific_tags) if specific_tags else None
        self.stopped = False  # the top-level parse stopped early (stop_tags, last_tag)
        self.pending = []  # (data set, store index, chain of data sets) of elements with 'US or SS'
        self.count = 0
        self.max_elements = config.settings.max_elements
        self.max_nesting = config.settings.max_nesting_depth
        #: the deepest nesting accepted: below _SHALLOW_DEPTH until nesting passes it (:meth:`depth_limit`)
        self.max_depth = min(self.max_nesting, _SHALLOW_DEPTH)
        self.depth_by_recursion = False
        self.depth_known = self.max_nesting <= _SHALLOW_DEPTH
        #: strict mode of the read call, in force again when a lazy sequence is parsed later (as are
        #: max_elements and the depth limit above, taken now)
        self.strict = config.settings.strict
        self.quiet = False  # parsing again what a walk has reported already
        self._vr_for_tag = None
        self._private_vr_for = None
        self.reported = set()
        self.store = ElementStore(view, self)
        #: value offset -> (end, delimiter bytes) of each undefined-length sequence walked
        self.ends: dict = {}
        self.lock = threading.RLock()

    def depth_limit(self, depth: int) -> int:
        """The deepest nesting the parser accepts, known once nesting passes :data:`_SHALLOW_DEPTH`.

        The parser recurses once per level; rather than fail with a ``RecursionError``
        when ``config.settings.max_nesting_depth`` (as it was at the read) is past what the
        interpreter's recursion limit allows from here, it stops at the lower of the two
        with a :class:`~dicomconstruct.errors.NestingTooDeepError` (``depth_by_recursion``).
        """
        if not self.depth_known:
            self.depth_known = True
            available = depth + levels_available(_FRAMES_PER_LEVEL)
            self.depth_by_recursion = available < self.max_nesting
            self.max_depth = min(available, self.max_nesting)
        return self.max_depth

    def finish(self) -> None:
        """End of the read: resolve the pending VRs and let go of the store.

        The store belongs to the data sets read (they hold it); the lazy sequences in it
        hold this parser, so the parser keeping the store would make a reference cycle
        (the buffer then freed only by Python's cyclic collector).  A lazy sequence
        parses into a store of its own (:meth:`LazySequence._parse`).
        """
        self.resolve_pending()
        self.store = None

    # --- helpers -------------------------------------------------------------------

    def report(self, error: InvalidDicomError, once: str | None = None) -> None:
        if self.quiet:
            return
        if once is not None:
            if once in self.reported:
                return
            self.reported.add(once)
        config.report(error, stacklevel=3)

    def vr_lookups(self):
        if self._vr_for_tag is None:
            self._vr_for_tag, self._private_vr_for = _lookups()
        return self._vr_for_tag, self._private_vr_for

    def implicit_vr(self, tag: int, creators: dict, length: int, chain) -> str:
        """The VR of an implicit VR element: dictionary, private dictionary, or UN (PS3.5 A.1)."""
        vr_for_tag, private_vr_for = self.vr_lookups()
        group, elem = tag >> 16, tag & 0xFFFF
        if elem == 0:
            return "UL"  # group length (PS3.5 7.2)
        if group & 1:
            if 0x10 <= elem <= 0xFF:
                return "LO"  # private creator (PS3.5 7.8.1)
            creator = creators.get(group << 8 | elem >> 8) if elem >= 0x1000 else None
            vr = private_vr_for(tag, creator) if creator is not None else None
            if vr is None:
                return "UN"
        else:
            vr = vr_for_tag(tag)
            if vr is None:
                return "UN"
        if " or " in vr:
            vr = self.resolve_ambiguous(vr, tag, length, chain)
        return vr

    def resolve_ambiguous(self, vr: str, tag: int, length: int, chain) -> str:
        """Resolve a dictionary VR such as ``OB or OW`` for implicit VR (PS3.5 A.1).

        The rules are :func:`dicomconstruct.format.ambiguous.resolve_ambiguous`; a LUT
        descriptor is looked for in the same data set, already read.
        """
        def number(number_tag: int, nearest_only: bool):
            nearest = chain[0]
            found = nearest.find_read_so_far(number_tag, len(self.store)) if nearest_only and nearest is not None else None
            if found is not None and isinstance(found.value, memoryview) and len(found.value) >= 2:
                return int.from_bytes(found.value[:2], "little" if found.little_endian else "big")
            return None

        # 'US or SS' is settled once the whole data set is known (see resolve_pending)
        return resolve_ambiguous(vr, tag, number, implicit=True, undefined_length=length == UNDEFINED_LENGTH)

    def resolve_pending(self) -> None:
        """Give each ``US or SS`` element US or SS after Pixel Representation (PS3.3 C.7.6.3.1)."""
        for ds, index, chain in self.pending:
            pixel_rep = None
            for parent in _chain(chain):
                raw = parent.get(PIXEL_REPRESENTATION)
                if raw is not None and isinstance(raw.value, memoryview) and len(raw.value) >= 2:
                    pixel_rep = int.from_bytes(raw.value[:2], "little" if raw.little_endian else "big")
                    break
            if pixel_rep is None:
                nearest = chain[0]
                pixel_rep = 0 if PIXEL_REPRESENTATION not in nearest and PIXEL_DATA_TAG not in nearest else 1
            store = ds.store
            store.set_vr(index, resolve_ambiguous(
                "US or SS", store.tags[index], None, implicit=bool(store.forms[index] & IMPLICIT_FORM),
                pixel_representation=lambda: pixel_rep))
        self.pending.clear()

    def looks_implicit(self, pos: int, end: int) -> bool | None:
        """Does the element at ``pos`` look like implicit VR (its bytes 4..5 are not a VR)?"""
        return looks_implicit(self.data, pos, end)

    # --- data sets ------------------------------------------------------------------

    def dataset(self, pos, end, little, implicit, depth=0, parents=None, in_item=False, top=False, only_group=None,
                record=True):
        """Parse elements from ``pos`` up to ``end`` (or the Item Delimitation Item when ``in_item``).

        Returns ``(RawDataset, position after it, item delimiter bytes)``.  The elements go to
        the parse's :class:`~.raw.ElementStore`; a sequence is left unparsed (a
        :class:`LazySequence`, parsed when its element is first asked for), an undefined-length
        one after a walk that finds its end.  ``record=False`` is that walk: nothing is
        kept, the data set returned is ``None``.  ``parents`` is the chain of enclosing
        data sets, ``(data set, its parents)`` (for VRs that depend on them in implicit VR).
        """
        store = self.store
        ds = RawDataset(None, pos, pos, little, implicit, store=store, start=len(store.tags)) if record else None
        chain = None
        creators: dict = {}
        buf = self.data
        view = self.view
        slice_bytes = self.slice_bytes
        short_unpack = _layout.SHORT[little].unpack_from
        implicit_unpack = _layout.IMPLICIT[little].unpack_from
        length_unpack = _layout.LONG_LENGTH[little].unpack_from
        explicit_vr = _layout.EXPLICIT_VR
        short_size = _layout.SHORT_SIZE
        implicit_size = _layout.IMPLICIT_SIZE
        long_length_offset = _layout.LONG_LENGTH_OFFSET
        last_header = end - _MIN_HEADER  # a header starting past this is cut off by the end of the data
        stop_tags = self.stop_tags if top else None
        specific = self.specific_tags if top else None
        delimiter = b""
        max_elements = self.max_elements
        add_tag = store.tags.append
        add_offset = store.offsets.append
        add_length = store.lengths.append
        add_form = store.forms.append
        add_vr = store.vrs.append
        extras = store.extra
        codes = _VR_CODE_OF
        implicit_form = IMPLICIT_FORM
        last_tag = -1
        ordered = True
        while pos < end:
            if pos > last_header:
                if in_item or not top:
                    self.report(TruncatedDataError(
                        f"data ends inside an element header ({end - pos} bytes left)", offset=pos))
                break
            header_offset = pos
            element_implicit = implicit
            if only_group is not None and _layout.TAG[little].unpack_from(buf, pos)[0] != only_group:
                break
            if implicit:
                group, elem, length = implicit_unpack(buf, pos)
                value_offset = pos + implicit_size
                vr = None
            else:
                group, elem, vr_bytes, length = short_unpack(buf, pos)
                form = explicit_vr.get(vr_bytes)
                if form is not None:
                    vr, long_form, header_size = form
                    if long_form:
                        if end - pos < header_size:
                            self.report(TruncatedDataError("data ends inside an element header", offset=pos))
                            break
                        length = length_unpack(buf, pos + long_length_offset)[0]
                    value_offset = pos + header_size
                else:
                    vr = None
                    if group == DELIMITER_GROUP or not is_valid_vr_bytes(vr_bytes):
                        # an item/delimiter, or an element switched to implicit VR
                        group, elem, length = implicit_unpack(buf, pos)
                        value_offset = pos + implicit_size
                        element_implicit = True
                        if group != DELIMITER_GROUP:
                            self.report(BadVRError(
                                "element has no valid VR in explicit VR data: read as implicit VR",
                                tag=group << 16 | elem, offset=pos), once="vr-switch")
                    else:
                        value_offset = pos + short_size
                        vr = vr_bytes.decode("ascii")  # unknown VR: 16-bit length (PS3.5 7.1.2)
            tag = group << 16 | elem
            if group == DELIMITER_GROUP:
                if tag == ITEM_DELIMITER_TAG and in_item:
                    delimiter = slice_bytes(slice(pos, pos + _ITEM))
                    if length != 0:
                        self.report(BadDelimiterError(
                            f"Item Delimitation Item has length {length}, expected 0", tag=tag, offset=pos))
                    pos += _ITEM
                    break
                self.report(BadDelimiterError(
                    "item or delimiter found where a data element was expected: skipped", tag=tag, offset=pos))
                pos += _ITEM
                continue
            if stop_tags is not None and tag in stop_tags:
                self.stopped = True
                break
            if specific is not None and tag not in specific:
                if tag > self.last_tag:
                    self.stopped = True
                    break
                if length != UNDEFINED_LENGTH and not (group & 1 and 0x10 <= elem <= 0xFF):
                    # not kept: skip its value unparsed (private creators are kept for implicit VR)
                    self.count += 1
                    pos = value_offset + length
                    if pos > end:
                        pos = end
                    elif not element_implicit:
                        pos = self.skim(pos, end, little, specific, stop_tags)
                    continue
            if element_implicit:
                if chain is None:
                    chain = (ds, parents)
                vr = self.implicit_vr(tag, creators, length, chain)
            if not self.quiet:  # a sequence walked for its end has had its elements counted then
                self.count += 1
                if self.count > max_elements:
                    raise LimitExceededError(
                        f"more than {max_elements} data elements (config.settings.max_elements)", tag=tag,
                        offset=header_offset)
            extra = None
            if length == UNDEFINED_LENGTH:
                value, pos, trailing, vr = self.undefined_value(
                    tag, vr, value_offset, end, little, element_implicit, depth, chain or (ds, parents), record)
                extra = [value, pos, trailing]
            else:
                value_end = value_offset + length
                if value_end > end:
                    self.report(TruncatedDataError(
                        f"value is {length} bytes long but only {max(end - value_offset, 0)} remain",
                        tag=tag, offset=header_offset))
                    value_end = end
                    extra = [view[value_offset:value_end], value_end, b""]
                if vr == "SQ" and record and (element_implicit or extra is not None):
                    # (the usual sequence, explicit VR and complete, is parsed from the store's arrays
                    # when it is first asked for: defined_sequence)
                    extra = [LazySequence(self, tag, value_offset, value_end, little, element_implicit, depth,
                                          chain or (ds, parents) if element_implicit else None, True,
                                          value_end - value_offset == length), value_end, b""]
                pos = value_end
            if group & 1 and 0x10 <= elem <= 0xFF and (extra is None or type(extra[0]) is memoryview):
                creators[group << 8 | elem] = buf[value_offset:pos].decode("latin-1").strip(" \x00") \
                    if isinstance(buf, (bytes, mmap.mmap)) else view[value_offset:pos].tobytes().decode(
                        "latin-1").strip(" \x00")
            if not record or (specific is not None and tag not in specific):
                continue
            code = codes.get(vr)
            if code is None:
                code = vr_code(vr)
            index = len(store.tags)
            add_tag(tag)
            add_offset(header_offset)
            add_length(length)
            add_form(value_offset - header_offset | implicit_form if element_implicit else
                     value_offset - header_offset)
            add_vr(code)
            if extra is not None:
                extras[index] = extra
            if vr == "US or SS":
                self.pending.append((ds, index, chain))
            if tag <= last_tag:
                ordered = False
            last_tag = tag
        else:
            if in_item and not delimiter:
                self.report(BadDelimiterError("data ended before the Item Delimitation Item", offset=pos),
                            once="item-delimiter")
        if record:
            ds.end_offset = pos
            ds.close_range(len(store.tags), ordered)
        return ds, pos, delimiter

    def skim(self, pos, end, little, specific, stop_tags):
        """Skip from ``pos`` the explicit VR elements that ``specific_tags`` leaves out (PS3.5 7.1.2):
        the plain ones only (a valid VR, defined length, before the last tag asked for; private
        creators too, which only implicit VR needs); returns where the next element that needs
        the full loop of :meth:`dataset` starts."""
        buf = self.data
        short_unpack = _layout.SHORT[little].unpack_from
        length_unpack = _layout.LONG_LENGTH[little].unpack_from
        explicit_vr = _layout.EXPLICIT_VR
        long_length_offset = _layout.LONG_LENGTH_OFFSET
        last_header = end - _layout.LONG_SIZE  # whatever its form, a whole header fits before the end
        last = self.last_tag
        count = 0
        while pos <= last_header:
            group, elem, vr_bytes, length = short_unpack(buf, pos)
            form = explicit_vr.get(vr_bytes)
            if form is None:
                break
            if form[1]:
                length = length_unpack(buf, pos + long_length_offset)[0]
            value_offset = pos + form[2]
            tag = group << 16 | elem
            if tag in specific or tag > last or length == UNDEFINED_LENGTH or group == DELIMITER_GROUP or (
                    stop_tags is not None and tag in stop_tags) or value_offset + length > end:
                break
            pos = value_offset + length
            count += 1
        self.count += count
        return pos

    # --- sequences and undefined lengths ------------------------------------------------

    def undefined_value(self, tag, vr, value_offset, end, little, implicit, depth, chain, record=True):
        """Value of undefined length: sequence, encapsulated fragments, or bytes up to a delimiter.

        A sequence is walked for its end only (PS3.5 7.5.2) and given as a :class:`LazySequence`.
        """
        if vr == "SQ":
            return (*self.lazy_sequence(tag, value_offset, end, little, implicit, depth, chain, record), vr)
        next_is_item = end - value_offset >= _layout.TAG_SIZE and _layout.TAG[little].unpack_from(
            self.data, value_offset) == _ITEM_TAG_PAIR
        kind = undefined_length_kind(tag, vr, next_is_item)  # the grammar's rules (format/framing.py)
        if kind == "fragments":
            fragments, pos, trailing = self.fragments(value_offset, end, little, tag)
            return fragments, pos, trailing, vr
        if kind == "un_sequence":
            # PS3.5 6.2.2: UN of undefined length is an Implicit VR Little Endian sequence
            items, pos, trailing = self.lazy_sequence(tag, value_offset, end, True, True, depth, chain, record)
            return items, pos, trailing, ("SQ" if implicit and next_is_item else vr)
        if kind == "sequence":
            return (*self.lazy_sequence(tag, value_offset, end, little, implicit, depth, chain, record), vr)
        # bytes up to the Sequence Delimitation Item
        found = self.find(_DELIMITER_BYTES[little], value_offset, end)
        if found < 0:
            self.report(BadDelimiterError(
                "undefined length value without Sequence Delimitation Item", tag=tag, offset=value_offset))
            return self.view[value_offset:end], end, b"", vr
        trailing = self.slice_bytes(slice(found, min(found + _ITEM, end)))
        return self.view[value_offset:found], min(found + _ITEM, end), trailing, vr

    def lazy_sequence(self, tag, pos, end, little, implicit, depth, chain, record):
        """An undefined-length sequence walked for its end: ``(LazySequence or None, end, delimiter bytes)``."""
        known = self.ends.get(pos)
        if known is None:
            _, stop, trailing = self.sequence(pos, end, little, implicit, depth, chain, tag, record=False)
            self.ends[pos] = stop, trailing  # met again when the enclosing sequence is parsed: not walked again
        else:
            stop, trailing = known
        if not record:
            return None, stop, trailing
        lazy = LazySequence(self, tag, pos, stop, little, implicit, depth, chain if implicit else None, False,
                            bool(trailing))
        return lazy, stop, trailing

    def defined_sequence(self, store: ElementStore, i: int, value_offset: int, end: int, little: bool) -> list:
        """Items of the sequence at index ``i`` of ``store`` (its value ``value_offset:end``) that
        :meth:`dataset` left with no ``extra`` (explicit VR, defined length, complete: PS3.5 7.5.2),
        parsed now as a :class:`LazySequence` would be."""
        return LazySequence(self, store.tags[i], value_offset, end, little, False, store.depth, None, True,
                            True).resolve(store)

    def find(self, needle: bytes, start: int, end: int) -> int:
        """Position of ``needle`` in the data between ``start`` and ``end``, or -1."""
        data = self.data
        if hasattr(data, "find"):
            return data.find(needle, start, end)
        found = self.view[start:end].tobytes().find(needle)
        return found + start if found >= 0 else -1

    def sequence(self, pos, end, little, implicit, depth, chain, tag, defined=False, record=True):
        """Items of a sequence (PS3.5 7.5): up to ``end`` (defined length) or the Sequence Delimitation Item.

        Returns ``(items, position after the sequence, sequence delimiter bytes)``; with
        ``record=False`` only walks to the end (``items`` is ``None``).
        """
        depth += 1
        if depth > self.max_depth and depth > self.depth_limit(depth):
            if self.depth_by_recursion:
                raise NestingTooDeepError(
                    f"sequences nested deeper than {self.max_depth}: Python's recursion limit "
                    f"({sys.getrecursionlimit()}) allows no deeper, although config.settings.max_nesting_depth "
                    f"is {self.max_nesting} (raise sys.setrecursionlimit to read deeper)",
                    tag=tag, offset=pos)
            raise NestingTooDeepError(
                f"sequences nested deeper than {self.max_depth} (config.settings.max_nesting_depth)",
                tag=tag, offset=pos)
        item_unpack = _layout.MARKER[little].unpack_from
        tag_unpack = _layout.TAG[little].unpack_from
        data = self.data
        slice_bytes = self.slice_bytes
        items = [] if record else None
        if record:
            self.store.depth = depth  # the items' data sets go there (see ElementStore)
        trailing = b""
        while pos < end:
            if end - pos < _ITEM:
                self.report(TruncatedDataError("data ends inside an item header", tag=tag, offset=pos))
                pos = end
                break
            group, elem, length = item_unpack(data, pos)
            item_tag = group << 16 | elem
            if item_tag == SEQUENCE_DELIMITER_TAG:
                trailing = slice_bytes(slice(pos, pos + _ITEM))
                if defined:
                    self.report(BadDelimiterError(
                        "Sequence Delimitation Item in a sequence of defined length", tag=tag, offset=pos))
                pos += _ITEM
                return items, pos, trailing
            if item_tag != ITEM_TAG:
                self.report(BadDelimiterError(
                    f"expected an Item (FFFE,E000), found ({group:04X},{elem:04X})", tag=tag, offset=pos))
                if item_tag == ITEM_DELIMITER_TAG:
                    pos += _ITEM
                    continue
                if not defined:
                    raise BadDelimiterError(
                        f"expected an Item (FFFE,E000), found ({group:04X},{elem:04X})", tag=tag, offset=pos)
            item_offset = pos
            item_implicit = implicit
            if length == UNDEFINED_LENGTH:
                item_end = end
            else:
                item_end = pos + _ITEM + length
                if item_end > end:
                    self.report(TruncatedDataError(
                        f"item is {length} bytes long but only {end - pos - _ITEM} remain", tag=tag, offset=pos))
                    item_end = end
            if not implicit and self.looks_implicit(pos + _ITEM, item_end) and tag_unpack(
                    data, pos + _ITEM)[0] != DELIMITER_GROUP:
                item_implicit = True  # explicit VR data set whose items are implicit VR
            if length == UNDEFINED_LENGTH:
                dataset, pos, delimiter = self.dataset(pos + _ITEM, end, little, item_implicit, depth, chain,
                                                       in_item=True, record=record)
            else:
                dataset, pos, delimiter = self.dataset(pos + _ITEM, item_end, little, item_implicit, depth, chain,
                                                       record=record)
                pos = max(pos, item_end)
            if record:
                items.append(RawItem(item_offset, length, dataset, slice_bytes(slice(item_offset, item_offset + _ITEM)),
                                     delimiter))
        if not defined:
            self.report(BadDelimiterError(
                "data ended before the Sequence Delimitation Item", tag=tag, offset=pos), once="seq-delimiter")
        return items, pos, trailing

    def fragments(self, pos, end, little, tag):
        """Basic Offset Table and fragments of encapsulated pixel data (PS3.5 A.4)."""
        item_unpack = _layout.MARKER[little].unpack_from
        view = self.view
        values = []
        offsets = []
        trailing = b""
        start = pos
        while True:
            if end - pos < _ITEM:
                self.report(TruncatedDataError(
                    "data ended before the Sequence Delimitation Item of encapsulated data", tag=tag, offset=pos))
                pos = stream_end = end
                break
            group, elem, length = item_unpack(self.data, pos)
            item_tag = group << 16 | elem
            if item_tag == SEQUENCE_DELIMITER_TAG:
                trailing = self.slice_bytes(slice(pos, pos + _ITEM))
                stream_end = pos
                pos += _ITEM
                break
            if item_tag != ITEM_TAG or length == UNDEFINED_LENGTH:
                raise BadDelimiterError(
                    f"expected a fragment Item (FFFE,E000) of defined length, found ({group:04X},{elem:04X})"
                    f" length 0x{length:X}", tag=tag, offset=pos)
            value_end = pos + _ITEM + length
            if value_end > end:
                self.report(TruncatedDataError(
                    f"fragment is {length} bytes long but only {end - pos - _ITEM} remain", tag=tag, offset=pos))
                value_end = end
            offsets.append(pos)
            values.append(view[pos + _ITEM:value_end])
            pos = value_end
        offset_table = values[0] if values else view[0:0]
        return RawFragments(offset_table, values[1:], offsets, view[start:stream_end]), pos, trailing


# --- file level ---------------------------------------------------------------------------


def _detect_encoding(parser: _Parser, pos: int, end: int) -> tuple[bool, bool]:
    """(implicit VR, little endian) guessed from the first element (PS3.5 7.1; DCMTK's heuristic)."""
    return detect_encoding(parser.data, pos, end)


def _transfer_syntax_of(meta: RawDataset):
    element = meta.get(TRANSFER_SYNTAX_TAG)
    if element is None or not isinstance(element.value, memoryview):
        return None
    text = element.value.tobytes().decode("ascii", "replace").strip(" \x00")
    return text or None


def _inflate(data: memoryview, offset: int) -> bytes:
    """Inflate the deflated data set (PS3.5 A.5: raw deflate, RFC 1951), within the size limit.

    The compressed bytes are fed :data:`_INFLATE_INPUT` at a time and inflated at
    most :data:`_INFLATE_CHUNK` bytes per call, so the unconsumed input zlib hands
    back (and Python copies) is never more than one input piece: time is linear in
    the size.  The total is checked against ``config.settings.max_inflated_size``
    after each chunk, so a deflate bomb costs at most the limit plus one chunk; if
    memory runs out first (an address-space limit), that is a
    :class:`~dicomconstruct.errors.LimitExceededError` too.  A stream that ends
    early or is damaged after some output keeps what was inflated (reported); one
    that yields nothing is a :class:`~dicomconstruct.errors.BadDeflateStreamError`.
    """
    limit = config.settings.max_inflated_size
    error = None
    for wbits in (-15, 47):  # raw deflate; then zlib/gzip headers, which some writers add
        chunks: list = []
        try:
            size, damage, complete = _inflate_pieces(data, wbits, limit, offset, chunks)
            if damage is not None and not size:
                error = damage
                continue
            inflated = b"".join(chunks)
        except MemoryError:
            chunks.clear()
            raise LimitExceededError(
                f"memory ran out while inflating the deflated data set, below config.settings.max_inflated_size "
                f"({limit} bytes): lower it to what the memory available can hold", offset=offset) from None
        if damage is not None:
            config.report(BadDeflateStreamError(
                f"deflate stream is damaged after {size} inflated bytes ({damage}): keeping those",
                offset=offset))
        elif not complete:
            config.report(BadDeflateStreamError(
                f"deflate stream is incomplete: it ends after {size} inflated bytes", offset=offset))
        return inflated
    raise BadDeflateStreamError(f"cannot inflate deflated data set: {error}", offset=offset)


def _inflate_pieces(data: memoryview, wbits: int, limit: int, offset: int, chunks: list):
    """Inflate ``data`` into ``chunks``; (bytes inflated, the zlib error that stopped it or None, end reached)."""
    inflater = zlib.decompressobj(wbits)
    size = 0
    try:
        for start in range(0, len(data), _INFLATE_INPUT):
            pending = data[start:start + _INFLATE_INPUT]
            while True:
                out = inflater.decompress(pending, _INFLATE_CHUNK)
                size += len(out)
                if size > limit:
                    raise LimitExceededError(
                        f"deflated data set inflates to more than {limit} bytes (config.settings.max_inflated_size)",
                        offset=offset)
                chunks.append(out)
                pending = inflater.unconsumed_tail
                if inflater.eof or (not pending and len(out) < _INFLATE_CHUNK):
                    break
            if inflater.eof:
                break
    except zlib.error as exc:
        return size, exc, False
    return size, None, inflater.eof


def read(source, *, force: bool = False, stop_before_pixels: bool = False, specific_tags=None,
         defer_size=None, memory_map: bool = False) -> ParsedFile:
    """Parse a DICOM file (PS3.10 7.1) into raw elements.

    ``source``: a path, bytes-like, or binary file object (see :mod:`.source`).
    ``force``: read data without preamble and ``DICM`` prefix (a bare data set).
    ``stop_before_pixels``: stop at (7FE0,0008), (7FE0,0009) or (7FE0,0010) of the top data set.
    ``specific_tags``: keep only these top-level tags (and (0008,0005)); parsing stops
    at the first top-level tag past the last of them.
    ``defer_size``: a top-level value longer than this (bytes, or pydicom's strings such
    as ``"512 KB"``; ``None``: :data:`.source.DEFAULT_DEFER_SIZE`; ``float("inf")``: never)
    in a regular file is not read, if of defined length or encapsulated Pixel Data: its
    ``RawElement.value`` is ``None`` and ``ParsedFile.source.file_ref`` reads it when needed.
    ``memory_map``: map a regular file instead of reading it (its values are slices
    of the map: if the file is truncated while they are in use, SIGBUS kills the process).

    Raises :class:`~dicomconstruct.errors.InvalidDicomError` (or a subclass) when
    the data is not DICOM; recoverable oddities are reported with their offset.
    """
    return _read(source, force, stop_before_pixels, specific_tags, defer_size_in_bytes(defer_size), memory_map,
                 partial=stop_before_pixels or specific_tags is not None)


def _read(source, force, stop_before_pixels, specific_tags, defer_size, memory_map, partial) -> ParsedFile:
    src = open_source(source, defer_size=defer_size, partial=partial, memory_map=memory_map,
                      prefix_required=not force)
    try:
        parsed = _read_source(src, force, stop_before_pixels, specific_tags)
    except BaseException:
        src.close()
        raise
    if not src.finish((parsed.meta, parsed.dataset)):
        # the walk that left values unread framed the data otherwise than the parser: read it all
        return _read(source, force, stop_before_pixels, specific_tags, None, memory_map, partial=False)
    return parsed


def _read_source(src, force: bool, stop_before_pixels: bool, specific_tags) -> ParsedFile:
    """:func:`read` of an opened :class:`~.source.Source`."""
    parsed = ParsedFile()
    parsed.source = src
    parsed.filename = src.filename
    parsed.buffer = src.view
    view = src.view
    end = len(view)
    pos = src.start
    data = src.data if isinstance(src.data, (bytes, mmap.mmap)) else view  # slices are bytes

    if end - pos >= PREAMBLE_LENGTH + 4 and data[pos + PREAMBLE_LENGTH:pos + PREAMBLE_LENGTH + 4] == PREFIX:
        parsed.preamble = bytes(data[pos:pos + PREAMBLE_LENGTH])
        parsed.prefix_found = True
        pos += PREAMBLE_LENGTH + 4
    elif not force:
        raise InvalidDicomError(
            "File is missing DICOM File Meta Information header or the 'DICM' prefix is missing "
            "from the header (PS3.10 7.1). Use force=True to read it anyway.", offset=pos + PREAMBLE_LENGTH)

    tags = None
    if specific_tags is not None:
        tags = {int(t) if not isinstance(t, str) else _keyword_tag(t) for t in specific_tags}
        tags.add(SPECIFIC_CHARACTER_SET)
    stop = PIXEL_DATA_TAGS if stop_before_pixels else None
    parser = _Parser(data, view, stop_tags=stop, specific_tags=tags)

    # File Meta Information: group 0002, Explicit VR Little Endian (PS3.10 7.1)
    if end - pos >= _MIN_HEADER and _layout.TAG[True].unpack_from(data, pos)[0] == META_GROUP:
        meta_implicit = bool(parser.looks_implicit(pos, end))
        src.prepare(pos, True, meta_implicit, only_group=META_GROUP)
        parsed.meta, pos, _ = parser.dataset(pos, end, True, meta_implicit, only_group=META_GROUP)
        parsed.meta.end_offset = pos
    else:
        parsed.meta = RawDataset()

    # Command Set elements (group 0000) are always Implicit VR Little Endian (PS3.7 6.3)
    command = None
    if end - pos >= _MIN_HEADER and _layout.TAG[True].unpack_from(data, pos)[0] == COMMAND_GROUP:
        src.prepare(pos, True, True, only_group=COMMAND_GROUP)
        command, pos, _ = parser.dataset(pos, end, True, True, only_group=COMMAND_GROUP)
    parser.count = 0  # max_elements counts data set elements, not File Meta

    ts_text = _transfer_syntax_of(parsed.meta)
    if ts_text is None:
        implicit, little = _detect_encoding(parser, pos, end)
        encoding = Encoding(implicit, little)
        ts_text = IMPLICIT_VR_LE if implicit else (EXPLICIT_VR_LE if little else EXPLICIT_VR_BE)
    else:
        encoding = encoding_for(ts_text)
        if not encoding.known:
            config.report(InvalidDicomError(
                f"unknown Transfer Syntax UID {ts_text!r}: reading as Explicit VR Little Endian",
                tag=TRANSFER_SYNTAX_TAG))
    parsed.transfer_syntax_text = ts_text
    parsed.dataset_offset = pos

    if encoding.deflated:
        src.prepare(pos, True, False, whole=True)
        compressed = view[pos:end]
        parsed.deflated_data = compressed
        inflated = _inflate(compressed, pos)
        parsed.inflated = inflated
        # a parser of its own: the lazy sequences of the File Meta read on in the file's buffer
        parser.finish()
        parser = _Parser(inflated, memoryview(inflated), stop_tags=stop, specific_tags=tags)
        pos, end = 0, len(inflated)

    implicit, little = encoding.implicit_vr, encoding.little_endian
    found = actual_encoding(parser.data, pos, end, implicit, little)
    if found != implicit:
        config.report(BadVRError(
            f"Transfer Syntax says {'implicit' if implicit else 'explicit'} VR but the data set is "
            f"{'implicit' if found else 'explicit'} VR: reading it as found", offset=pos))
        implicit = found
        encoding = encoding._replace(implicit_vr=found)
    parsed.encoding = encoding
    if not encoding.deflated:
        src.prepare(pos, little, implicit, stop_tags=stop, last_tag=parser.last_tag, keep=tags)
    dataset, pos, _ = parser.dataset(pos, end, little, implicit, top=True)
    src.check_sequences(parser.ends)
    if pos < end and not parser.stopped:
        # the data set ended inside an element header (a 12-byte one was reported by dataset())
        parsed.trailing = parser.slice_bytes(slice(pos, end))
        if end - pos < _MIN_HEADER:
            config.report(TruncatedDataError(
                f"{end - pos} bytes after the last data element are not a complete element", offset=pos))
    dataset.inflated = encoding.deflated
    parser.finish()
    if command is not None and len(command):
        merged = dict(command.elements)
        merged.update(dataset.elements)
        dataset.elements = merged
        dataset.offset = command.offset
    parsed.dataset = dataset
    return parsed


def read_dataset(data, *, implicit_vr: bool, little_endian: bool = True) -> RawDataset:
    """Parse a bare data set (no preamble or meta) in the given encoding, e.g. a UN value (PS3.5 6.2.2)."""
    src = open_source(data)
    parser = _Parser(src.data, src.view)
    dataset, _, _ = parser.dataset(src.start, len(src.view), little_endian, implicit_vr, top=True)
    parser.finish()
    return dataset


def parse_sequence_value(element) -> list:
    """Items of a defined-length value holding an Implicit VR Little Endian sequence (UN, PS3.5 6.2.2).

    For a UN element whose dictionary VR is SQ.  Offsets in the items are
    relative to the element's value.
    """
    value = element.value
    if not isinstance(value, memoryview):
        raise ValueError(f"{element!r} has no byte value to parse as a sequence")
    return parse_sequence_bytes(value, element.tag)


def parse_sequence_bytes(value, tag: int | None = None, *, implicit_vr: bool = True,
                         little_endian: bool = True) -> list:
    """Items of the bytes of a defined-length sequence value (PS3.5 7.5) in the encoding given.

    ``tag`` names the sequence in errors; offsets in the items are relative to ``value``.
    """
    data = bytes(value)
    parser = _Parser(data, memoryview(data))
    items, _, _ = parser.sequence(0, len(data), little_endian, implicit_vr, 0, (None, None), tag, defined=True)
    parser.finish()
    return items


def parse_fragments(element, data: bytes) -> RawFragments:
    """The fragments of encapsulated Pixel Data (PS3.5 A.4) whose items and delimiter are ``data``.

    For a value that was left in the file (``defer_size``) and read later from
    ``element.value_offset``: the offsets are made absolute again.
    """
    parser = _Parser(data, memoryview(data))
    fragments, _, _ = parser.fragments(0, len(data), element.little_endian, element.tag)
    fragments.item_offsets = [offset + element.value_offset for offset in fragments.item_offsets]
    return fragments


def _make_uid(text: str):
    from ..uid import UID

    return UID(text)


_tag_for_keyword = None  # datadict.tag_for_keyword, imported on first use (an import statement costs a call)


def _keyword_tag(keyword: str) -> int:
    global _tag_for_keyword
    if _tag_for_keyword is None:
        from ..datadict import tag_for_keyword as _tag_for_keyword
    tag = _tag_for_keyword(keyword)
    if tag is None:
        raise ValueError(f"unknown keyword {keyword!r} in specific_tags")
    return int(tag)

