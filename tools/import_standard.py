#!/usr/bin/env python3
"""Build schema/*.yaml from the DICOM Standard's data.

Usage::

    python tools/import_standard.py                      # JSON of ../shared/dicom-standard
    python tools/import_standard.py --source DIR         # JSON files elsewhere
    python tools/import_standard.py --part06 part06.xml  # elements from NEMA's DocBook PS3.6

Inputs: ``elements.json``, ``private.json`` and ``uids.json`` (see the README of
the dicom-standard directory), or the DocBook XML of PS3.6 that NEMA publishes
(tables 6-1, 7-1, 8-1 and 9-1 hold the data elements).  PS3.6 does not hold the
command group (0000,eeee) of PS3.7, so with ``--part06`` those entries are kept
from the current ``schema/elements.yaml``.

Transfer syntaxes keep the encoding (PS3.5 section 10 and annex A) the
existing ``uids.yaml`` gives them: that file is the one place these facts are
typed by hand.  A transfer syntax new to the Standard stops the import until
its encoding is added there.  A transfer syntax of the existing ``uids.yaml``
that the source lacks is kept (PS3.6 never removes a registered UID; an older
source simply predates it, as uids.json predates JPEG XL).  Afterwards the YAML
files are the source of truth; run ``tools/gen_dict.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "dicom-standard"
SCHEMA = REPO / "schema"

def read_newer_transfer_syntaxes(path: Path, known: set[str]) -> list[dict]:
    """Transfer syntaxes of an existing ``uids.yaml`` whose UID is not in ``known`` (the source's UIDs)."""
    import yaml

    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f) or {}
    return [dict(u) for u in data.get("uids") or () if u.get("type") == "Transfer Syntax" and u["uid"] not in known]


def read_encodings(path: Path) -> dict[str, dict]:
    """uid -> ``encoding`` mapping of the transfer syntaxes of an existing ``uids.yaml``."""
    import yaml

    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f) or {}
    return {u["uid"]: u["encoding"] for u in data.get("uids") or () if u.get("encoding")}


# -- YAML output ---------------------------------------------------------------------

ELEMENTS_HEADER = """\
# DICOM data dictionary: the registered data elements.
# Source: PS3.6 tables 6-1, 7-1, 8-1, 9-1 and the command group of PS3.7 table E.1-1,
# imported by tools/import_standard.py.  This file is the source of truth: edit it,
# then run `python tools/gen_dict.py` to regenerate dicomconstruct/_dicts/.
#
# One element a line, in tag order.  Fields:
#   tag      "(gggg,eeee)" in upper-case hex; an "x" digit marks a repeating group
#            (PS3.5 7.6), e.g. "(60xx,3000)" is any overlay group 6000-601E
#   keyword  the PS3.6 keyword ("" for the few entries the Standard leaves without one)
#   vr       Value Representation (PS3.5 6.2); "US or SS" etc. where the Standard lets
#            the context decide; "NONE" for items and delimiters (PS3.5 7.5)
#   vm       Value Multiplicity: "1", "2", "1-3", "1-n", "2-2n", ...
#   name     the PS3.6 name
#   retired  true when the Standard retired the element (absent means false)
"""

PRIVATE_HEADER = """\
# Private data dictionaries, one per Private Creator string (PS3.5 7.8).
# Source: vendors' conformance statements, imported by tools/import_standard.py.
# This file is the source of truth: edit it, then run `python tools/gen_dict.py`.
# A user's own file in this format can be loaded at run time with
# dicomconstruct.datadict.load_private_dictionary(path).
#
# creators maps each Private Creator value to its elements, one a line.  Fields:
#   tag      "(gggg,xxee)": odd group gggg, "xx" for the block byte the creator
#            reserved, ee the element offset in the block.  "(gggg,eeee)" names one
#            exact tag; "(ggxx,xxee)" also masks the low byte of the group
#   vr       Value Representation (PS3.5 6.2), or "US or SS" etc.
#   vm       Value Multiplicity: "1", "1-n", "2-2n", ...
#   name     the vendor's name for the element
#   retired  true when retired (absent means false)
"""

UIDS_HEADER = """\
# Registered DICOM UIDs (PS3.6 annex A), imported by tools/import_standard.py.
# This file is the source of truth: edit it, then run `python tools/gen_dict.py`.
#
# One UID a line.  Fields:
#   uid       the UID
#   keyword   the PS3.6 keyword (a Python name: transfer syntaxes become constants
#             of dicomconstruct.uid)
#   name      the PS3.6 name
#   type      "Transfer Syntax", "SOP Class", "Well-known SOP Instance", ...
#   info      remarks, e.g. "Default Transfer Syntax for DICOM" (absent means "")
#   retired   true when retired (absent means false)
#   encoding  transfer syntaxes only (PS3.5 section 10 and annex A):
#             vr: implicit | explicit       endian: little | big
#             deflated: the data set is deflated (RFC 1951) after the File Meta group
#             encapsulated: Pixel Data is a sequence of fragments (PS3.5 A.4)
#             note: where the Standard says so, or what is special
"""


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def element_line(e: dict) -> str:
    parts = [
        f"tag: {_q(e['tag'])}",
        f"keyword: {_q(e['keyword'])}",
        f"vr: {_q(e['vr'])}",
        f"vm: {_q(e['vm'])}",
        f"name: {_q(e['name'])}",
    ]
    if e.get("retired"):
        parts.append("retired: true")
    return "- {" + ", ".join(parts) + "}"


def private_line(e: dict) -> str:
    parts = [f"tag: {_q(e['tag'])}", f"vr: {_q(e['vr'])}", f"vm: {_q(e['vm'])}", f"name: {_q(e['name'])}"]
    if e.get("retired"):
        parts.append("retired: true")
    return "  - {" + ", ".join(parts) + "}"


def uid_line(u: dict, encodings: dict[str, dict]) -> str:
    parts = [
        f"uid: {_q(u['uid'])}",
        f"keyword: {_q(u['keyword'])}",
        f"name: {_q(u['name'])}",
        f"type: {_q(u['type'])}",
    ]
    if u.get("info"):
        parts.append(f"info: {_q(u['info'])}")
    if u.get("retired"):
        parts.append("retired: true")
    if u["type"] == "Transfer Syntax":
        try:
            encoding = encodings[u["uid"]]
        except KeyError:
            raise SystemExit(
                f"transfer syntax {u['uid']} ({u['name']}) has no encoding: "
                "add it to its entry in schema/uids.yaml (PS3.5 section 10)"
            ) from None
        enc = f"vr: {encoding['vr']}, endian: {encoding['endian']}, deflated: {str(encoding['deflated']).lower()}"
        enc += f", encapsulated: {str(encoding['encapsulated']).lower()}"
        if encoding.get("note"):
            enc += f", note: {_q(encoding['note'])}"
        parts.append("encoding: {" + enc + "}")
    return "- {" + ", ".join(parts) + "}"


def _tag_sort_key(tag: str) -> tuple:
    """Order tags numerically, a masked digit counting as 0."""
    return (int(tag[1:5].replace("x", "0"), 16), int(tag[6:10].replace("x", "0"), 16), tag)


def render_elements(elements: list[dict]) -> str:
    rows = sorted(elements, key=lambda e: _tag_sort_key(e["tag"]))
    return ELEMENTS_HEADER + "elements:\n" + "".join(element_line(e) + "\n" for e in rows)


def render_private(private: dict[str, list[dict]]) -> str:
    out = [PRIVATE_HEADER, "creators:\n"]
    for creator in sorted(private):
        out.append(f"  {_q(creator)}:\n")
        for e in sorted(private[creator], key=lambda e: _tag_sort_key(e["tag"])):
            out.append(private_line(e) + "\n")
    return "".join(out)


def render_uids(uids: list[dict], encodings: dict[str, dict]) -> str:
    def key(u):
        return [int(p) for p in u["uid"].split(".")]

    return UIDS_HEADER + "uids:\n" + "".join(uid_line(u, encodings) + "\n" for u in sorted(uids, key=key))


# -- readers ------------------------------------------------------------------------


def _normalise_tag(tag: str) -> str:
    """``"(60XX,3000)"`` / ``"(0008,0016)"`` -> upper-case hex with lower-case ``x``."""
    tag = tag.strip().upper().replace("X", "x")
    if not re.fullmatch(r"\([0-9A-Fx]{4},[0-9A-Fx]{4}\)", tag):
        raise ValueError(f"not a tag: {tag!r}")
    return tag


def read_json(source: Path) -> tuple[list[dict], dict[str, list[dict]], list[dict]]:
    with open(source / "elements.json", encoding="utf-8") as f:
        elements = json.load(f)
    with open(source / "private.json", encoding="utf-8") as f:
        private = json.load(f)
    with open(source / "uids.json", encoding="utf-8") as f:
        uids = json.load(f)
    for e in elements:
        e["tag"] = _normalise_tag(e["tag"])
    for entries in private.values():
        for e in entries:
            e["tag"] = _normalise_tag(e["tag"])
    return elements, private, uids


_DOCBOOK = "{http://docbook.org/ns/docbook}"
#: PS3.6 tables that register data elements: 6-1 (data elements), 7-1 (File Meta),
#: 8-1 (directory structuring), 9-1 (dynamic RTV meta, later editions).
ELEMENT_TABLES = ("6-1", "7-1", "8-1", "9-1")


def _cell_text(cell) -> str:
    text = "".join(cell.itertext())
    return " ".join(text.replace("\u200b", "").split())


def read_part06(path) -> list[dict]:
    """The data elements of a PS3.6 DocBook file (tables 6-1, 7-1, 8-1, 9-1).

    Zero-width spaces (which NEMA puts inside keywords and UIDs, and which
    the 2013 edition once wrote as a literal ``<200b>``) are removed.
    A VR of "See Note" (items and delimiters, PS3.5 7.5) becomes ``NONE``;
    rows that only reserve a retired tag (no name, VR or VM) get VR ``UN`` and
    VM ``1``; a VM offered as alternatives ("1-n or 1") keeps the first.
    """
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = text.replace("<200b>", "").replace("\u200b", "")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise SystemExit(f"{path}: not well-formed XML: {exc}") from None
    elements = []
    for table in root.iter(_DOCBOOK + "table"):
        if table.get("label") not in ELEMENT_TABLES:
            continue
        for row in table.iter(_DOCBOOK + "tr"):
            cells = [_cell_text(td) for td in row.findall(_DOCBOOK + "td")]
            if len(cells) < 5 or not cells[0].startswith("("):
                continue
            tag, name, keyword, vr, vm = cells[:5]
            remark = cells[5] if len(cells) > 5 else ""
            if vr.lower().startswith("see note"):
                vr = "NONE"
            vr = vr or "UN"
            vm = vm.split(" or ")[0].replace(" ", "") or "1"
            elements.append(
                {
                    "tag": _normalise_tag(tag),
                    "name": name,
                    "keyword": keyword,
                    "vr": vr,
                    "vm": vm,
                    "retired": remark.upper().startswith("RET"),
                }
            )
    if not elements:
        raise SystemExit(f"{path}: no data element tables ({', '.join(ELEMENT_TABLES)}) found")
    return elements


def read_command_group(path: Path) -> list[dict]:
    """The (0000,eeee) entries of an existing elements.yaml (PS3.7 is not in PS3.6)."""
    if not path.exists():
        return []
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, encoding="utf-8") as f:
        data = yaml.load(f, Loader=loader)
    return [dict(e) for e in data["elements"] if e["tag"].startswith("(0000,")]


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--source", type=Path, default=DEFAULT_SOURCE,
                   help="directory holding elements.json, private.json, uids.json")
    p.add_argument("--part06", type=Path, help="NEMA DocBook part06.xml: import data elements from it")
    p.add_argument("--out", type=Path, default=SCHEMA, help="schema directory to write (default: schema/)")
    args = p.parse_args(argv)

    if args.part06:
        elements = read_part06(args.part06)
        elements = read_command_group(args.out / "elements.yaml") + elements
        _write(args.out / "elements.yaml", render_elements(elements))
        print(f"{args.out / 'elements.yaml'}: {len(elements)} elements from {args.part06}")
        return 0

    elements, private, uids = read_json(args.source)
    _write(args.out / "elements.yaml", render_elements(elements))
    _write(args.out / "private.yaml", render_private(private))
    existing = args.out / "uids.yaml"
    existing = existing if existing.is_file() else SCHEMA / "uids.yaml"
    encodings = read_encodings(existing)
    uids = uids + read_newer_transfer_syntaxes(existing, {u["uid"] for u in uids})
    _write(args.out / "uids.yaml", render_uids(uids, encodings))
    n_private = sum(len(v) for v in private.values())
    print(
        f"{args.out}: {len(elements)} elements, {len(private)} private creators "
        f"({n_private} elements), {len(uids)} UIDs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
