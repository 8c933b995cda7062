"""An annotated listing of a DICOM file's bytes, for studying the format (PS3.10 7.1; PS3.5 7.1, 7.5, A.4).

The structures come from :func:`dicomconstruct.format.parse_file`, which parses
the file with the declarations of :mod:`dicomconstruct.format`.  :func:`explain`
prints one line per structure, in file order: offset, header bytes in hex, the
named header fields, the PS3.5 table the structure implements, and a short view
of the value (decoded by the codec, for reading; the listing itself never
depends on the codec's reader).

Offsets of a deflated data set (PS3.5 A.5) are positions in the inflated stream.
"""

from __future__ import annotations

from .codec.values import decode_value
from .errors import InvalidDicomError, format_tag
from .format.constants import UNDEFINED_LENGTH
from .format.study import FileTree, Node, parse_file

__all__ = ["Node", "parse_file", "explain", "listing"]

_VALUE_PREVIEW = 48


def _dictionary_vr(tag: int):
    from .datadict import vr_for_tag

    vr = vr_for_tag(tag)
    return vr if vr is not None and " or " not in vr else None


def _preview(node: Node, little: bool) -> str:
    """A short view of the node's value."""
    if node.form == "fragment":
        return node.note
    if node.form == "preamble":
        return f"{len(node.value)} bytes"
    if node.form == "prefix":
        return node.header.decode("ascii")
    if node.form == "truncated":
        return f"{len(node.value)} bytes the declarations cannot parse (data ends inside an element)"
    if node.value is None or node.kind != "bytes":
        return ""
    vr = node.VR or (_dictionary_vr(node.tag) if node.tag is not None else None) or "UN"
    value = node.value
    try:
        decoded = decode_value(vr, value[: _VALUE_PREVIEW * 4], little)
    except (InvalidDicomError, ValueError, TypeError):
        decoded = bytes(value[:_VALUE_PREVIEW])
    text = repr(decoded)
    return text if len(text) <= _VALUE_PREVIEW else text[: _VALUE_PREVIEW - 3] + "..."


def _field_text(name: str, value) -> str:
    if isinstance(value, bytes):
        return f"{name}={value!r}"
    if name in ("group", "element"):
        return f"{name}={value:#x}"
    if name == "length" and value == UNDEFINED_LENGTH:
        return f"{name}=undefined"
    return f"{name}={value}"


def _line(node: Node, little: bool) -> str:
    fields = " ".join(_field_text(name, value) for name, value in node.fields)
    tag = format_tag(node.tag) + " " if node.tag is not None else ""
    return (f"{node.offset:08d}  {'  ' * node.depth}{tag}{node.VR or node.form:<3} {node.header.hex(' '):<35}"
            f"  {fields}  [{node.table}]  {_preview(node, little)}").rstrip()


def _in_order(tree: FileTree):
    """(node, little endian) in file order."""
    for part, little in (((tree.preamble, tree.prefix, *tree.meta), True), (tree.dataset, tree.little_endian)):
        for top in part:
            if top is not None:
                for node in top.walk():
                    yield node, little


def listing(source) -> list[tuple[Node, str]]:
    """(node, line) for every structure of ``source``, in file order."""
    return [(node, _line(node, little)) for node, little in _in_order(parse_file(source))]


def explain(source, *, start: int | None = None, stop: int | None = None, tags=None) -> list[str]:
    """The listing as lines; only structures starting at offsets ``start:stop``, only ``tags`` (and what they hold)."""
    wanted = None if tags is None else {int(t) for t in tags}
    lines = []
    keep_depth = None
    for node, line in listing(source):
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
        lines.append(line)
    return lines
