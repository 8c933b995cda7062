"""Study a DICOM file through the declarations: :func:`parse_file` (PS3.10 7.1; PS3.5 7.1, 7.5, A.4, A.5).

``parse_file(path_or_bytes)`` parses a file with the reference grammar of this
package (:class:`~.header.FileHeader`, :func:`.element.element_struct`), one
top-level element at a time, and returns a :class:`FileTree`: the preamble and
prefix, the File Meta group, the data set, each a :class:`Node` with its byte
offset, tag, VR, length, header form, named header fields and value bytes;
sequences hold items, items hold elements and their delimiters, encapsulated
Pixel Data holds its Basic Offset Table and fragments.  The encoding of the data
set comes from the Transfer Syntax UID (``schema/uids.yaml``), or from the data
when there is none or it disagrees (:mod:`.framing`); a deflated data set
(PS3.5 A.5) is inflated first, within ``config.settings.max_inflated_size``, and
its offsets are positions in the inflated stream.  Implicit VR needs the VR of each tag to find sequences: the standard
dictionary is used unless ``vr_lookup`` is given.

Where the data ends inside an element, or an element does not parse (damaged, or
nested deeper than the interpreter's recursion limit allows the grammar), the rest
of the data is one node of form ``"truncated"`` (the grammar declares well-formed
data only; the codec, in lenient mode, keeps the partial element and reports
it, and in strict mode raises at the same offset).

>>> tree = parse_file(path)                                   # doctest: +SKIP
>>> for node in tree.walk():                                  # doctest: +SKIP
...     print(node.offset, node.depth, node.tag_hex, node.VR, node.form, node.length)
"""

from __future__ import annotations

import io
import os
import zlib
from dataclasses import dataclass, field
from typing import Callable, Iterator, Optional

from construct import ConstructError

from .constants import (
    COMMAND_GROUP,
    ITEM_DELIMITER_TAG,
    ITEM_TAG,
    META_GROUP,
    PREAMBLE_LENGTH,
    PREFIX,
    SEQUENCE_DELIMITER_TAG,
    TRANSFER_SYNTAX_TAG,
    UNDEFINED_LENGTH,
)
from .element import element_struct, header_declaration, tag_struct
from .fast import field_names
from .framing import actual_encoding, detect_encoding, looks_implicit
from .header import FileHeader

__all__ = ["Node", "FileTree", "parse_file", "TABLES"]

#: The Standard's table (or section) each form of node implements.
TABLES = {
    "preamble": "PS3.10 7.1 File Preamble",
    "prefix": "PS3.10 7.1 DICOM Prefix",
    "explicit long": "PS3.5 table 7.1-1",
    "explicit short": "PS3.5 table 7.1-2",
    "implicit": "PS3.5 table 7.1-3",
    "item": "PS3.5 table 7.5-1",
    "item delimiter": "PS3.5 table 7.5-2",
    "sequence delimiter": "PS3.5 table 7.5-3",
    "fragment": "PS3.5 A.4 (table A.4-1)",
    "truncated": "PS3.5 7.1 (data ends inside this element)",
}
#: Header form of the declarations (:data:`.element.HEADER_FORMS`) -> form of the node.
_ELEMENT_FORMS = {"short": "explicit short", "long": "explicit long", "implicit": "implicit"}
_MARKER_FORMS = {ITEM_TAG: "item", ITEM_DELIMITER_TAG: "item delimiter", SEQUENCE_DELIMITER_TAG: "sequence delimiter"}
#: Deflate stream formats tried (PS3.5 A.5: raw deflate; some writers add a zlib or gzip header).
_DEFLATE_WBITS = (-15, 47)


@dataclass
class Node:
    """One structure of the file.

    ``offset``: first byte of the structure; ``form``: ``"explicit short"``,
    ``"explicit long"``, ``"implicit"`` (data elements), ``"item"``, ``"item
    delimiter"``, ``"sequence delimiter"``, ``"fragment"``, ``"preamble"``,
    ``"prefix"`` or ``"truncated"``; ``header``: the header bytes; ``fields``:
    ``(name, value)`` of the header as its declaration names them; ``tag``,
    ``VR`` (``None`` when implicit or for items), ``length`` (the length field,
    :data:`~.constants.UNDEFINED_LENGTH` included); ``kind``: the layout of the
    value (``bytes``, ``sequence``, ``un_sequence``, ``fragments``,
    ``delimited``, ``marker``); ``value``: the value bytes (``memoryview``) of an
    element of bytes, a fragment, the preamble, or the bytes left of a
    truncated element, else ``None``; ``children``: items of a sequence,
    elements of an item, fragments; ``depth``: 0 for top-level elements.
    """

    offset: int
    form: str
    header: bytes = b""
    fields: list = field(default_factory=list)
    tag: Optional[int] = None
    VR: Optional[str] = None
    length: Optional[int] = None
    kind: Optional[str] = None
    value: Optional[memoryview] = None
    children: list = field(default_factory=list)
    depth: int = 0
    #: offset just past the structure: its value, items, fragments and delimiters included
    end: int = 0
    #: what a fragment is: "Basic Offset Table" (the first item, PS3.5 A.4) or "fragment N"
    note: str = ""

    @property
    def tag_hex(self) -> str:
        """The tag as ``(gggg,eeee)``, or ``""``."""
        return "" if self.tag is None else f"({self.tag >> 16:04X},{self.tag & 0xFFFF:04X})"

    @property
    def table(self) -> str:
        """The PS3.5 / PS3.10 table the structure implements."""
        return TABLES[self.form]

    def walk(self) -> Iterator["Node"]:
        """This node and every node inside it, in file order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class FileTree:
    """What :func:`parse_file` found.

    ``preamble`` / ``prefix`` (nodes, or ``None`` for a bare data set), ``meta``
    (File Meta elements), ``dataset`` (the data set's elements, group 0000
    Command elements first if any), ``transfer_syntax`` (UID text or ``None``),
    ``implicit_vr`` / ``little_endian`` (the data set's encoding as read),
    ``deflated`` (offsets in ``dataset`` are in the inflated stream),
    ``dataset_offset`` (where the data set starts in the file).
    """

    preamble: Optional[Node] = None
    prefix: Optional[Node] = None
    meta: list = field(default_factory=list)
    dataset: list = field(default_factory=list)
    transfer_syntax: Optional[str] = None
    implicit_vr: bool = False
    little_endian: bool = True
    deflated: bool = False
    dataset_offset: int = 0

    def walk(self) -> Iterator[Node]:
        """Every node in file order (a deflated data set's after the File Meta, in inflated offsets)."""
        for node in (self.preamble, self.prefix):
            if node is not None:
                yield node
        for node in self.meta + self.dataset:
            yield from node.walk()

    def __iter__(self) -> Iterator[Node]:
        return self.walk()


def _read_bytes(source) -> bytes:
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as f:
            return f.read()
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    if hasattr(source, "read"):
        return bytes(source.read())
    raise TypeError(f"parse_file needs a path, bytes or a binary file object, not {type(source).__name__}")


def _standard_vr(tag: int):
    """The dictionary VR of a public tag (private tags: unknown), for implicit VR."""
    if tag >> 16 & 1:
        return None
    from ..datadict import vr_for_tag  # the object layer's dictionary, imported only to study implicit VR

    return vr_for_tag(tag)


class _Walker:
    """Turns the grammar's parse of one element into :class:`Node` objects with offsets."""

    def __init__(self, view: memoryview, vr_lookup):
        self.view = view
        self.vr_lookup = vr_lookup

    def element(self, parsed, pos: int, little: bool, depth: int) -> Node:
        """The node of an element parsed by :func:`.element.element_struct` at ``pos``."""
        form = parsed.form
        declaration = header_declaration(form, little)
        size = declaration.sizeof()
        tag = parsed.group << 16 | parsed.element
        fields = [(name, parsed[name]) for name in field_names(declaration)]
        node = Node(pos, _ELEMENT_FORMS.get(form) or _MARKER_FORMS.get(tag, "item"),
                    bytes(self.view[pos:pos + size]), fields, tag,
                    parsed.VR.decode("latin-1") if parsed.get("VR") is not None else None,
                    parsed.length, parsed.kind, depth=depth)
        start = node.end = pos + size
        kind, value = parsed.kind, parsed.value
        if kind == "bytes":
            node.value = self.view[start:start + len(value)]
            node.end = start + len(value)
        elif kind in ("sequence", "un_sequence"):
            item_little = little if kind == "sequence" else True
            for item in value:
                node.children.append(self.item(item, node.end, item_little, depth + 1))
                node.end = node.children[-1].end
            if parsed.length != UNDEFINED_LENGTH:
                node.end = start + parsed.length
        elif kind == "fragments":
            for number, fragment in enumerate(value):
                child = self.marker(fragment, node.end, little, depth + 1)
                if child.tag == ITEM_TAG:
                    child.form = "fragment"
                    child.note = f"fragment {number}" if number else "Basic Offset Table"
                    child.value = self.view[child.end:child.end + len(fragment.value)]
                    child.end += len(fragment.value)
                node.children.append(child)
                node.end = child.end
        elif kind == "delimited":
            node.value = self.view[start:start + len(value.data)]
            node.children.append(self.marker(value.delimiter, start + len(value.data), little, depth + 1))
            node.end = node.children[-1].end
        return node

    def marker(self, parsed, pos: int, little: bool, depth: int) -> Node:
        """An item, fragment or delimiter header (PS3.5 7.5)."""
        declaration = header_declaration("marker", little)
        size = declaration.sizeof()
        tag = parsed.group << 16 | parsed.element
        fields = [(name, parsed[name]) for name in field_names(declaration)]
        return Node(pos, _MARKER_FORMS.get(tag, "item"), bytes(self.view[pos:pos + size]), fields, tag,
                    None, parsed.length, depth=depth, end=pos + size)

    def item(self, parsed, pos: int, little: bool, depth: int) -> Node:
        """An item and its elements (PS3.5 7.5.1); an item of undefined length ends with its delimiter."""
        node = self.marker(parsed, pos, little, depth)
        start = node.end
        for element in parsed.get("elements") or ():
            node.children.append(self.element(element, node.end, little, depth + 1))
            node.end = node.children[-1].end
        if node.tag == ITEM_TAG and parsed.length != UNDEFINED_LENGTH:
            node.end = start + parsed.length
        return node


def _elements(walker: _Walker, data: bytes, pos: int, end: int, little: bool, implicit: bool, out: list,
              only_group=None) -> int:
    """Parse top-level elements from ``pos`` into ``out``; return where parsing stopped."""
    grammar = element_struct(little, implicit)
    tag = tag_struct(little)
    stream = io.BytesIO(data)
    while pos < end:
        if only_group is not None:
            if end - pos < tag.sizeof() or tag.parse(data[pos:pos + tag.sizeof()]).group != only_group:
                break
        stream.seek(pos)
        try:
            parsed = grammar.parse_stream(stream, vr_lookup=walker.vr_lookup)
        except (ConstructError, RecursionError):  # ends inside the element, or nested past the interpreter's limit
            out.append(Node(pos, "truncated", value=walker.view[pos:end], end=end))
            return end
        out.append(walker.element(parsed, pos, little, 0))
        pos = stream.tell()
    return pos


def _transfer_syntax(meta: list) -> Optional[str]:
    for node in meta:
        if node.tag == TRANSFER_SYNTAX_TAG and node.value is not None:
            return bytes(node.value).decode("ascii", "replace").strip(" \x00") or None
    return None


def _encoding(uid: str) -> tuple[bool, bool, bool]:
    """(implicit VR, little endian, deflated) of a Transfer Syntax (``schema/uids.yaml``); unknown: explicit LE."""
    from .._dicts.transfer_syntaxes import TRANSFER_SYNTAXES

    facts = TRANSFER_SYNTAXES.get(uid)
    if facts is None:
        return False, True, False  # PS3.5 10: read an unknown syntax as Explicit VR Little Endian
    _, implicit, little, deflated, _ = facts
    return implicit, little, deflated


def _inflate(data: bytes) -> bytes:
    """The inflated data set (PS3.5 A.5), at most ``config.settings.max_inflated_size`` bytes."""
    from .. import config
    from ..errors import BadDeflateStreamError, LimitExceededError

    limit = config.settings.max_inflated_size
    error = None
    for wbits in _DEFLATE_WBITS:
        try:
            inflater = zlib.decompressobj(wbits)
            inflated = inflater.decompress(data, limit + 1)
        except zlib.error as exc:
            error = exc
            continue
        if len(inflated) > limit:
            raise LimitExceededError(
                f"deflated data set inflates to more than {limit} bytes (config.settings.max_inflated_size)")
        return inflated
    raise BadDeflateStreamError(f"cannot inflate the deflated data set: {error}")


def parse_file(source, *, vr_lookup: Optional[Callable[[int], Optional[str]]] = None) -> FileTree:
    """Parse ``source`` (a path, bytes-like or binary file object) with the declarations; see the module docstring.

    ``vr_lookup(tag) -> VR or None``: the VR of a tag in implicit VR data (default:
    the standard dictionary for public tags).  A file without preamble and
    prefix is read as a bare data set.
    """
    data = _read_bytes(source)
    view = memoryview(data)
    walker = _Walker(view, vr_lookup or _standard_vr)
    tree = FileTree()
    end = len(data)
    pos = 0
    header_size = FileHeader.sizeof()
    if end >= header_size and data[PREAMBLE_LENGTH:header_size] == PREFIX:
        FileHeader.parse(data[:header_size])
        tree.preamble = Node(0, "preamble", value=view[:PREAMBLE_LENGTH], end=PREAMBLE_LENGTH)
        tree.prefix = Node(PREAMBLE_LENGTH, "prefix", PREFIX, end=header_size)
        pos = header_size
    # File Meta Information: group 0002, Explicit VR Little Endian (PS3.10 7.1)
    meta_implicit = bool(looks_implicit(data, pos, end))
    pos = _elements(walker, data, pos, end, True, meta_implicit, tree.meta, only_group=META_GROUP)
    # Command elements (group 0000) are Implicit VR Little Endian (PS3.7 6.3)
    command: list = []
    pos = _elements(walker, data, pos, end, True, True, command, only_group=COMMAND_GROUP)
    tree.dataset_offset = pos
    tree.transfer_syntax = _transfer_syntax(tree.meta)
    if tree.transfer_syntax is None:
        implicit, little = detect_encoding(data, pos, end)
        deflated = False
    else:
        implicit, little, deflated = _encoding(tree.transfer_syntax)
    if deflated:
        data = _inflate(data[pos:])
        view = memoryview(data)
        walker.view = view
        pos, end = 0, len(data)
    implicit = actual_encoding(data, pos, end, implicit, little)
    tree.implicit_vr, tree.little_endian, tree.deflated = implicit, little, deflated
    tree.dataset = command
    _elements(walker, data, pos, end, little, implicit, tree.dataset)
    return tree
