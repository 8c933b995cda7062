"""An annotated listing of a DICOM file's bytes, for studying the format (PS3.10 7.1; PS3.5 7.1, 7.5, A.4).

:func:`parse_file` returns the file as a flat list of :class:`Node` in file
order: preamble and prefix, every element (File Meta and data set), items and
their delimiters, Basic Offset Table and fragments of encapsulated Pixel Data.
``depth`` gives the nesting.  Each header is split into the named fields of its
declaration in :mod:`dicomconstruct.format.element`.  :func:`explain` prints
the list, one line per node: offset, header bytes in hex, fields, the PS3.5
table the structure implements, and a short view of the value.

Offsets of a deflated data set (PS3.5 A.5) are positions in the inflated stream.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .codec import reader
from .codec.raw import RawFragments
from .codec.values import decode_value
from .errors import InvalidDicomError, format_tag
from .format import element as _declared
from .format import fast
from .format.constants import PREAMBLE_LENGTH, PREFIX, UNDEFINED_LENGTH
from .format.vr import LONG_HEADER_VRS

__all__ = ["Node", "parse_file", "explain"]

#: The Standard's table for each kind of structure.
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
}
_VALUE_PREVIEW = 48


@dataclass
class Node:
    """One structure of the file: where it starts, its header bytes and fields, its value."""

    offset: int
    depth: int
    form: str
    header: bytes
    fields: list = field(default_factory=list)
    tag: int | None = None
    VR: str | None = None
    length: int | None = None
    value: str = ""

    @property
    def table(self) -> str:
        return TABLES[self.form]


def _fields(declaration, header: bytes, compiled) -> list:
    return list(zip(fast.field_names(declaration), compiled.unpack(header)))


def _header_form(raw) -> tuple[str, object, object]:
    little = raw.little_endian
    if raw.implicit_vr:
        return "implicit", _declared.implicit_header(little), fast.IMPLICIT[little]
    if raw.VR in LONG_HEADER_VRS or len(raw.header) == fast.EXPLICIT_LONG[little].size:
        return "explicit long", _declared.explicit_long_header(little), fast.EXPLICIT_LONG[little]
    return "explicit short", _declared.explicit_short_header(little), fast.EXPLICIT_SHORT[little]


def _preview(raw) -> str:
    value = raw.value
    if not isinstance(value, memoryview):
        return ""
    try:
        decoded = decode_value(raw.VR, value[: _VALUE_PREVIEW * 4], raw.little_endian)
    except (InvalidDicomError, ValueError, TypeError):
        decoded = bytes(value[:_VALUE_PREVIEW])
    text = repr(decoded)
    return text if len(text) <= _VALUE_PREVIEW else text[: _VALUE_PREVIEW - 3] + "..."


def _marker(offset: int, depth: int, form: str, header: bytes, little: bool) -> Node:
    declaration = _declared.item_header(little)
    fields = _fields(declaration, header, fast.ITEM[little])
    tag = fields[0][1] << 16 | fields[1][1]
    return Node(offset, depth, form, header, fields, tag, None, fields[2][1])


def _dataset(raw_dataset, depth: int, buffer, nodes: list) -> None:
    for raw in raw_dataset:
        form, declaration, compiled = _header_form(raw)
        header = bytes(raw.header)
        fields = _fields(declaration, header, compiled) if len(header) == compiled.size else []
        nodes.append(Node(raw.header_offset, depth, form, header, fields, raw.tag, raw.VR, raw.length, _preview(raw)))
        little = raw.little_endian
        if isinstance(raw.value, list):
            for item in raw.value:
                nodes.append(_marker(item.offset, depth + 1, "item", bytes(item.header), little))
                _dataset(item.dataset, depth + 2, buffer, nodes)
                if item.trailing:
                    offset = item.dataset.end_offset - len(item.trailing)
                    nodes.append(_marker(offset, depth + 1, "item delimiter", bytes(item.trailing), little))
        elif isinstance(raw.value, RawFragments):
            item_size = fast.ITEM[little].size
            for number, offset in enumerate(raw.value.item_offsets):
                head = bytes(buffer[offset : offset + item_size]) if buffer is not None else b""
                node = _marker(offset, depth + 1, "fragment", head, little) if len(head) == item_size else Node(
                    offset, depth + 1, "fragment", head)
                node.value = "Basic Offset Table" if number == 0 else f"fragment {number}"
                nodes.append(node)
        trailing = bytes(getattr(raw, "trailing", b"") or b"")
        if raw.is_undefined_length and len(trailing) == fast.ITEM[little].size:
            nodes.append(_marker(raw.end_offset - len(trailing), depth, "sequence delimiter", trailing, little))


def parse_file(source, *, force: bool = True) -> list[Node]:
    """Every structure of the DICOM file ``source`` (path, bytes or file object), in file order."""
    parsed = reader.read(source, force=force)
    nodes = []
    if parsed.preamble is not None:
        nodes.append(Node(0, 0, "preamble", b"", value=f"{PREAMBLE_LENGTH} bytes"))
    if parsed.prefix_found:
        nodes.append(Node(PREAMBLE_LENGTH, 0, "prefix", PREFIX, value=PREFIX.decode()))
    _dataset(parsed.meta, 0, parsed.buffer, nodes)
    data_buffer = parsed.inflated if parsed.inflated is not None else parsed.buffer
    _dataset(parsed.dataset, 0, data_buffer, nodes)
    return nodes


def _format(node: Node) -> str:
    fields = " ".join(f"{name}={value!r}" if isinstance(value, bytes) else f"{name}={value:#x}"
                      if name in ("group", "element") else f"{name}=undefined" if name == "length" and value == UNDEFINED_LENGTH
                      else f"{name}={value}" for name, value in node.fields)
    tag = format_tag(node.tag) + " " if node.tag is not None else ""
    return (f"{node.offset:08d}  {'  ' * node.depth}{tag}{node.VR or node.form:<3} {node.header.hex(' '):<35}"
            f"  {fields}  [{node.table}]  {node.value}").rstrip()


def explain(source, *, start: int | None = None, stop: int | None = None, tags=None) -> list[str]:
    """The listing of :func:`parse_file` as lines; only offsets in ``start:stop`` and only ``tags`` if given."""
    wanted = None if tags is None else {int(t) for t in tags}
    lines = []
    keep_depth = None
    for node in parse_file(source):
        if start is not None and node.offset < start or stop is not None and node.offset >= stop:
            continue
        if wanted is not None:
            if keep_depth is not None and node.depth > keep_depth:
                pass
            elif node.tag in wanted and node.form not in ("item", "fragment"):
                keep_depth = node.depth
            else:
                keep_depth = None
                continue
        lines.append(_format(node))
    return lines


