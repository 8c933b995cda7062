"""Read and check the YAML data dictionary (``schema/*.yaml``).

Hand-written, unlike the table modules beside it.  Used by ``tools/gen_dict.py``
(which loads this file on its own, so that it runs even when the package does
not import) and by :func:`dicomconstruct.datadict.load_private_dictionary`.
It imports nothing from the package on purpose.

Every problem is a :class:`SchemaError` naming the file, the line and the
reason.  The rules follow PS3.6 section 5 (tags, keywords, VM notation) and
PS3.5 6.2 (the VRs); ``x`` digits mark repeating groups (PS3.5 7.6) in
standard tags and the private block byte (PS3.5 7.8.1) in private tags.
"""

from __future__ import annotations

import re

if __package__:
    from ..format.vr import VR_INFO
else:  # loaded on its own by tools/gen_dict.py, which cannot import the package yet
    import importlib.util as _util
    from pathlib import Path as _Path

    _spec = _util.spec_from_file_location("_vr", _Path(__file__).parent.parent / "format" / "vr.py")
    _vr = _util.module_from_spec(_spec)
    _spec.loader.exec_module(_vr)
    VR_INFO = _vr.VR_INFO

__all__ = [
    "SchemaError",
    "VRS",
    "read_elements",
    "read_private",
    "read_uids",
    "parse_element_tag",
    "parse_private_tag",
]

#: The Value Representations of PS3.5 table 6.2-1.
VRS = frozenset(VR_INFO)
#: Spellings allowed besides ``VR`` and ``VR or VR ...``: items and delimiters
#: have no VR (PS3.5 7.5); one vendor list spells "OB or OW" as ``OB_OW``.
EXTRA_VRS = {"elements": frozenset({"NONE"}), "private": frozenset({"OB_OW"})}

_RE_TAG = re.compile(r"\(([0-9A-Fx]{4}),([0-9A-Fx]{4})\)\Z")
_RE_VM = re.compile(r"(?:[1-9][0-9]*)(?:-(?:[1-9][0-9]*n?|n))?\Z")
_RE_KEYWORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_RE_UID = re.compile(r"(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))+\Z")

_ELEMENT_FIELDS = {"tag": True, "keyword": True, "vr": True, "vm": True, "name": True, "retired": False}
_PRIVATE_FIELDS = {"tag": True, "vr": True, "vm": True, "name": True, "retired": False}
_UID_FIELDS = {
    "uid": True, "keyword": True, "name": True, "type": True, "info": False,
    "retired": False, "encoding": False,
}
_ENCODING_FIELDS = {"vr": True, "endian": True, "deflated": True, "encapsulated": True, "note": False}


class SchemaError(ValueError):
    """A malformed entry in a schema YAML file: ``file:line: reason``."""

    def __init__(self, file: str, line: int | None, reason: str):
        self.file = str(file)
        self.line = line
        self.reason = reason
        where = f"{self.file}:{line}" if line is not None else self.file
        super().__init__(f"{where}: {reason}")


# -- YAML nodes to Python values, keeping line numbers ------------------------------


def _compose(path):
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with open(path, "rb") as f:
            return yaml.compose(f, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise SchemaError(path, line, f"not valid YAML: {exc.problem or exc}") from None
    except OSError as exc:
        raise SchemaError(path, None, f"cannot read: {exc.strerror or exc}") from None


def _line(node) -> int:
    return node.start_mark.line + 1


def _scalar(path, node):
    from yaml import ScalarNode

    if not isinstance(node, ScalarNode):
        raise SchemaError(path, _line(node), "expected a single value, found a list or mapping")
    kind = node.tag.rsplit(":", 1)[-1]
    if kind == "bool":
        return node.value.lower() in ("true", "yes", "on", "y")
    if kind == "null":
        return None
    if kind == "int":
        return int(node.value, 0)
    return node.value


def _mapping(path, node, what: str) -> list[tuple[str, object, int]]:
    """``[(key, value node, line)]`` of a mapping node; duplicate keys are errors."""
    from yaml import MappingNode

    if not isinstance(node, MappingNode):
        raise SchemaError(path, _line(node), f"expected {what} (a mapping)")
    seen = {}
    out = []
    for key_node, value_node in node.value:
        key = _scalar(path, key_node)
        if not isinstance(key, str):
            raise SchemaError(path, _line(key_node), f"key {key!r} is not a string")
        if key in seen:
            raise SchemaError(
                path, _line(key_node), f"duplicate key {key!r} (first on line {seen[key]})"
            )
        seen[key] = _line(key_node)
        out.append((key, value_node, _line(key_node)))
    return out


def _sequence(path, node, what: str):
    from yaml import SequenceNode

    if not isinstance(node, SequenceNode):
        raise SchemaError(path, _line(node), f"expected {what} (a list)")
    return node.value


def _fields(path, node, spec: dict[str, bool], what: str) -> dict:
    """Check an entry's fields against ``spec`` (name -> required)."""
    fields = {}
    for key, value_node, line in _mapping(path, node, what):
        if key not in spec:
            raise SchemaError(
                path, line, f"unknown field {key!r} in {what} (allowed: {', '.join(spec)})"
            )
        fields[key] = value_node
    missing = [k for k, required in spec.items() if required and k not in fields]
    if missing:
        raise SchemaError(path, _line(node), f"{what} lacks field(s) {', '.join(missing)}")
    return fields


#: Characters a text field may not hold: "|" separates the fields of the generated tables.
_RESERVED = re.compile(r"[|\t\n\r]")


def _unique_keyword(path, line: int, node, keywords: dict) -> str:
    """A keyword field: letters and digits, or empty; a keyword already seen (in ``keywords``) is refused."""
    keyword = _text(path, node, "keyword")
    if keyword and not _RE_KEYWORD.match(keyword):
        raise SchemaError(path, line, f"bad keyword {keyword!r} (letters and digits only)")
    if keyword:
        if keyword in keywords:
            raise SchemaError(path, line, f"duplicate keyword {keyword!r} (first on line {keywords[keyword]})")
        keywords[keyword] = line
    return keyword


def _text(path, node, field: str) -> str:
    value = _scalar(path, node)
    if not isinstance(value, str):
        raise SchemaError(path, _line(node), f"{field} must be a string, got {value!r}")
    if _RESERVED.search(value):
        raise SchemaError(path, _line(node), f"{field} {value!r} holds '|', a tab or a line break")
    return value


def _flag(path, node, field: str) -> bool:
    value = _scalar(path, node)
    if not isinstance(value, bool):
        raise SchemaError(path, _line(node), f"{field} must be true or false, got {value!r}")
    return value


def _root(path, key: str):
    doc = _compose(path)
    if doc is None:
        raise SchemaError(path, 1, f"empty file: expected a mapping with key {key!r}")
    entries = dict((k, v) for k, v, _ in _mapping(path, doc, "the document"))
    if key not in entries:
        raise SchemaError(path, _line(doc), f"missing top-level key {key!r}")
    extra = sorted(set(entries) - {key})
    if extra:
        raise SchemaError(path, _line(doc), f"unknown top-level key(s): {', '.join(extra)}")
    return entries[key]


# -- field checks --------------------------------------------------------------------


def _check_vr(path, line, vr: str, kind: str) -> str:
    if vr in EXTRA_VRS[kind]:
        return vr
    parts = vr.split(" or ")
    bad = [p for p in parts if p not in VRS]
    if bad or len(set(parts)) != len(parts):
        raise SchemaError(
            path, line, f"unknown VR {vr!r} (expected one of PS3.5 table 6.2-1, or 'A or B')"
        )
    return vr


def _check_vm(path, line, vm: str) -> str:
    if not _RE_VM.match(vm):
        raise SchemaError(path, line, f"bad VM {vm!r} (expected e.g. '1', '2', '1-3', '1-n', '2-2n')")
    low, _, high = vm.partition("-")
    if high and high[:-1 if high.endswith("n") else None].isdigit():
        bound = int(high.rstrip("n"))
        if not high.endswith("n") and bound < int(low):
            raise SchemaError(path, line, f"bad VM {vm!r}: upper bound below lower bound")
    return vm


def parse_element_tag(text: str) -> tuple[str, int | None]:
    """``"(0008,0016)"`` -> ``("00080016", 0x00080016)``; ``"(60xx,3000)"`` -> ``("60xx3000", None)``.

    Raises ``ValueError`` when ``text`` is not a tag in PS3.6 notation.
    """
    m = _RE_TAG.match(text)
    if not m:
        raise ValueError(f"bad tag {text!r} (expected '(gggg,eeee)' in upper-case hex, 'x' for masked digits)")
    key = m.group(1) + m.group(2)
    return key, (None if "x" in key else int(key, 16))


def parse_private_tag(text: str) -> str:
    """``"(0019,xx10)"`` -> ``"0019xx10"``: a key of the private dictionaries.

    Private groups are odd (PS3.5 7.8.1), but vendors' lists hold a few entries
    in even groups; they are accepted as found.
    """
    return parse_element_tag(text)[0]


# -- the three files -------------------------------------------------------------------


def read_elements(path) -> tuple[list[dict], list[dict]]:
    """Return ``(elements, repeaters)`` from an elements YAML file.

    Each entry is a dict with ``tag`` (int, or the ``60xx3000`` mask string
    for repeaters), ``keyword``, ``vr``, ``vm``, ``name``, ``retired`` and
    ``line``.
    """
    elements, repeaters = [], []
    tags: dict[str, int] = {}
    keywords: dict[str, int] = {}
    for node in _sequence(path, _root(path, "elements"), "a list of elements"):
        line = _line(node)
        f = _fields(path, node, _ELEMENT_FIELDS, "an element")
        text = _text(path, f["tag"], "tag")
        try:
            key, tag = parse_element_tag(text)
        except ValueError as exc:
            raise SchemaError(path, line, str(exc)) from None
        if tag is not None and (tag >> 16) % 2 == 1:
            raise SchemaError(path, line, f"tag {text} is private (odd group): put it in private.yaml")
        if key in tags:
            raise SchemaError(path, line, f"duplicate tag {text} (first on line {tags[key]})")
        tags[key] = line
        keyword = _unique_keyword(path, line, f["keyword"], keywords)
        entry = {
            "tag": tag if tag is not None else key,
            "keyword": keyword,
            "vr": _check_vr(path, line, _text(path, f["vr"], "vr"), "elements"),
            "vm": _check_vm(path, line, _text(path, f["vm"], "vm")),
            "name": _text(path, f["name"], "name"),
            "retired": _flag(path, f["retired"], "retired") if "retired" in f else False,
            "line": line,
        }
        (repeaters if tag is None else elements).append(entry)
    return elements, repeaters


def read_private(path) -> dict[str, list[dict]]:
    """Return ``{creator: [entry, ...]}`` from a private dictionary YAML file.

    Each entry has ``key`` (``"0019xx10"``), ``vr``, ``vm``, ``name``,
    ``retired`` and ``line``.
    """
    out: dict[str, list[dict]] = {}
    for creator, value_node, cline in _mapping(
        path, _root(path, "creators"), "a mapping of private creators"
    ):
        if not creator.strip() or _RESERVED.search(creator):
            raise SchemaError(path, cline, f"bad private creator {creator!r}: empty, or holds '|', a tab or a line break")
        keys: dict[str, int] = {}
        entries = []
        for node in _sequence(path, value_node, f"the elements of creator {creator!r}"):
            line = _line(node)
            f = _fields(path, node, _PRIVATE_FIELDS, "a private element")
            text = _text(path, f["tag"], "tag")
            try:
                key = parse_private_tag(text)
            except ValueError as exc:
                raise SchemaError(path, line, str(exc)) from None
            if key in keys:
                raise SchemaError(
                    path, line, f"duplicate tag {text} for creator {creator!r} (first on line {keys[key]})"
                )
            keys[key] = line
            entries.append(
                {
                    "key": key,
                    "vr": _check_vr(path, line, _text(path, f["vr"], "vr"), "private"),
                    "vm": _check_vm(path, line, _text(path, f["vm"], "vm")),
                    "name": _text(path, f["name"], "name"),
                    "retired": _flag(path, f["retired"], "retired") if "retired" in f else False,
                    "line": line,
                }
            )
        out[creator] = entries
    return out


def read_uids(path) -> list[dict]:
    """Return the UID entries of a uids YAML file.

    Each has ``uid``, ``keyword``, ``name``, ``type``, ``info``, ``retired``,
    ``line`` and, for transfer syntaxes, ``encoding``: a dict with
    ``implicit_vr``, ``little_endian``, ``deflated``, ``encapsulated``.
    """
    out = []
    uids: dict[str, int] = {}
    keywords: dict[str, int] = {}
    for node in _sequence(path, _root(path, "uids"), "a list of UIDs"):
        line = _line(node)
        f = _fields(path, node, _UID_FIELDS, "a UID")
        uid = _text(path, f["uid"], "uid")
        if not _RE_UID.match(uid) or len(uid) > 64:
            raise SchemaError(path, line, f"bad UID {uid!r} (PS3.5 9.1: digits and dots, at most 64)")
        if uid in uids:
            raise SchemaError(path, line, f"duplicate UID {uid} (first on line {uids[uid]})")
        uids[uid] = line
        keyword = _unique_keyword(path, line, f["keyword"], keywords)
        kind = _text(path, f["type"], "type")
        entry = {
            "uid": uid,
            "keyword": keyword,
            "name": _text(path, f["name"], "name"),
            "type": kind,
            "info": _text(path, f["info"], "info") if "info" in f else "",
            "retired": _flag(path, f["retired"], "retired") if "retired" in f else False,
            "line": line,
            "encoding": None,
        }
        if kind == "Transfer Syntax":
            if "encoding" not in f:
                raise SchemaError(path, line, f"transfer syntax {uid} lacks its encoding (PS3.5 10)")
            entry["encoding"] = _encoding(path, f["encoding"])
        elif "encoding" in f:
            raise SchemaError(path, line, f"{uid} is a {kind}, not a transfer syntax: no encoding")
        out.append(entry)
    return out


def _encoding(path, node) -> dict:
    f = _fields(path, node, _ENCODING_FIELDS, "an encoding")
    vr = _text(path, f["vr"], "encoding vr")
    endian = _text(path, f["endian"], "encoding endian")
    if vr not in ("implicit", "explicit"):
        raise SchemaError(path, _line(f["vr"]), f"encoding vr must be implicit or explicit, not {vr!r}")
    if endian not in ("little", "big"):
        raise SchemaError(path, _line(f["endian"]), f"encoding endian must be little or big, not {endian!r}")
    return {
        "implicit_vr": vr == "implicit",
        "little_endian": endian == "little",
        "deflated": _flag(path, f["deflated"], "deflated"),
        "encapsulated": _flag(path, f["encapsulated"], "encapsulated"),
    }
