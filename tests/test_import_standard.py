"""tools/import_standard.py: JSON and NEMA DocBook XML to schema/*.yaml."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
STANDARD = REPO.parent / "shared" / "dicom-standard"
PART06_2013 = STANDARD / "xml-2013" / "part06.xml"

# ../shared/ sits beside a clone in CI, where its absence must fail the run rather than skip.
pytestmark = pytest.mark.skipif(
    not STANDARD.is_dir() and os.environ.get("CI", "").lower() != "true", reason=f"{STANDARD} not present"
)


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


importer = _load("import_standard_under_test", REPO / "tools" / "import_standard.py")
schema = _load("schema_under_test", REPO / "dicomconstruct" / "_dicts" / "schema.py")


@pytest.fixture(scope="module")
def json_elements() -> dict[str, dict]:
    with open(STANDARD / "elements.json", encoding="utf-8") as f:
        return {e["tag"].upper().replace("X", "x"): e for e in json.load(f)}


@pytest.fixture(scope="module")
def imported_json(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("schema_json")
    assert importer.main(["--source", str(STANDARD), "--out", str(out)]) == 0
    return out


def test_committed_schema_holds_what_the_importer_makes(imported_json):
    # schema/ is the source of truth and may gain hand-written entries (a private dictionary
    # added for shipping), but every entry the importer makes from the Standard must stand in
    # it unchanged, so that a re-import shows only what the Standard itself changed.
    def freeze(entries):
        return {tuple(sorted((k, str(v)) for k, v in e.items() if k != "line")) for e in entries}

    committed_elements = schema.read_elements(REPO / "schema" / "elements.yaml")
    imported_elements = schema.read_elements(imported_json / "elements.yaml")
    for committed, imported in zip(committed_elements, imported_elements):
        assert freeze(imported) <= freeze(committed)
    committed_private = schema.read_private(REPO / "schema" / "private.yaml")
    for creator, entries in schema.read_private(imported_json / "private.yaml").items():
        assert freeze(entries) <= freeze(committed_private.get(creator, [])), creator
    committed_uids = freeze(schema.read_uids(REPO / "schema" / "uids.yaml"))
    assert freeze(schema.read_uids(imported_json / "uids.yaml")) <= committed_uids


def test_json_import_holds_every_entry(imported_json, json_elements):
    elements, repeaters = schema.read_elements(imported_json / "elements.yaml")
    assert len(elements) + len(repeaters) == len(json_elements) == 5179
    assert len(repeaters) == 88
    by_tag = {f"({e['tag']:08X}"[:5] + "," + f"{e['tag']:08X}"[4:] + ")": e for e in elements}
    by_tag.update({f"({e['tag'][:4]},{e['tag'][4:]})": e for e in repeaters})
    for tag, j in json_elements.items():
        e = by_tag[tag]
        assert (e["vr"], e["vm"], e["name"], e["keyword"], e["retired"]) == (
            j["vr"], j["vm"], j["name"], j["keyword"], j["retired"]
        ), tag

    private = schema.read_private(imported_json / "private.yaml")
    with open(STANDARD / "private.json", encoding="utf-8") as f:
        private_json = json.load(f)
    assert set(private) == set(private_json)
    for creator, entries in private_json.items():
        got = {e["key"]: (e["vr"], e["vm"], e["name"], e["retired"]) for e in private[creator]}
        want = {
            e["tag"][1:5].upper().replace("X", "x") + e["tag"][6:10].upper().replace("X", "x"):
            (e["vr"], e["vm"], e["name"], e["retired"])
            for e in entries
        }
        assert got == want, creator

    uids = schema.read_uids(imported_json / "uids.yaml")
    with open(STANDARD / "uids.json", encoding="utf-8") as f:
        uids_json = {u["uid"]: u for u in json.load(f)}
    assert len(uids_json) == 482
    newer = sorted(u["uid"] for u in uids if u["uid"] not in uids_json)  # kept from schema/uids.yaml
    assert newer == ["1.2.840.10008.1.2.4.110", "1.2.840.10008.1.2.4.111", "1.2.840.10008.1.2.4.112"]
    uids = [u for u in uids if u["uid"] in uids_json]
    assert len(uids) == 482
    for u in uids:
        j = uids_json[u["uid"]]
        assert (u["name"], u["keyword"], u["type"], u["info"], u["retired"]) == (
            j["name"], j["keyword"], j["type"], j["info"], j["retired"]
        )
        assert (u["encoding"] is not None) == (j["type"] == "Transfer Syntax")


def test_every_transfer_syntax_has_an_encoding_in_the_table():
    with open(STANDARD / "uids.json", encoding="utf-8") as f:
        syntaxes = [u["uid"] for u in json.load(f) if u["type"] == "Transfer Syntax"]
    assert len(syntaxes) == 59
    assert set(syntaxes) <= set(importer.read_encodings(REPO / "schema" / "uids.yaml"))


def test_unknown_transfer_syntax_stops_the_importer():
    with pytest.raises(SystemExit, match="1.2.3.4.5 .*schema/uids.yaml"):
        importer.uid_line({"uid": "1.2.3.4.5", "keyword": "X", "name": "New", "type": "Transfer Syntax"}, {})


# -- NEMA DocBook XML ---------------------------------------------------------------

#: Elements whose VR or VM the Standard changed between 2013 and the edition of
#: elements.json: tag -> ((VR, VM) in 2013 as imported, (VR, VM) now, reason).
CHANGED_SINCE_2013 = {
    "(0008,1190)": (("UT", "1"), ("UR", "1"), "URL elements moved to the UR VR, added after 2013"),
    "(0028,7FE0)": (("UT", "1"), ("UR", "1"), "URL elements moved to the UR VR, added after 2013"),
    "(0040,E010)": (("UT", "1"), ("UR", "1"), "URI elements moved to the UR VR, added after 2013"),
    "(0074,100A)": (("ST", "1"), ("UR", "1"), "URI elements moved to the UR VR, added after 2013"),
    "(0008,9007)": (("CS", "4"), ("CS", "4-5"), "Frame Type gained an optional fifth value"),
    "(0014,0023)": (("ST", "1-n"), ("ST", "1"), "ST is single-valued: DICONDE VMs corrected"),
    "(0014,0024)": (("ST", "1-n"), ("ST", "1"), "ST is single-valued: DICONDE VMs corrected"),
    "(0014,0025)": (("ST", "1-n"), ("ST", "1"), "ST is single-valued: DICONDE VMs corrected"),
    "(0014,0028)": (("ST", "1-n"), ("ST", "1"), "ST is single-valued: DICONDE VMs corrected"),
    "(0014,0042)": (("ST", "1-n"), ("ST", "1"), "ST is single-valued: DICONDE VMs corrected"),
    "(0014,0044)": (("ST", "1-n"), ("ST", "1"), "ST is single-valued: DICONDE VMs corrected"),
    "(0014,0045)": (("ST", "1-n"), ("ST", "1"), "ST is single-valued: DICONDE VMs corrected (now retired)"),
    "(0014,40A0)": (("LO", "1"), ("LO", "1-n"), "image quality indicator attributes made multi-valued"),
    "(0014,40A1)": (("LO", "1"), ("LO", "1-n"), "image quality indicator attributes made multi-valued"),
    "(0014,40A2)": (("LO", "1"), ("LO", "1-n"), "image quality indicator attributes made multi-valued"),
    "(0018,9323)": (("CS", "1"), ("CS", "1-n"), "Exposure Modulation Type made multi-valued"),
    "(0062,0009)": (("LO", "1"), ("LO", "1-n"), "Segment Algorithm Name made multi-valued"),
    "(0068,62F0)": (("FD", "9"), ("SQ", "1"), "now View Orientation Modifier Code Sequence"),
    "(0076,0034)": (("CS", "1"), ("SQ", "1"), "a Code Sequence: the 2013 VR was an error"),
    "(0080,0010)": (("OF", "1-n"), ("OF", "1"), "OF values are single-valued (VM 1)"),
    "(0080,0011)": (("OF", "1-n"), ("OF", "1"), "OF values are single-valued (VM 1)"),
    "(0018,9445)": (("UN", "1"), ("OB", "1"), "2013 reserves the retired tag with no VR; now 'Retired-blank' OB"),
    "(0028,0020)": (("UN", "1"), ("OB", "1"), "2013 reserves the retired tag with no VR; now 'Retired-blank' OB"),
}


@pytest.fixture(scope="module")
def imported_2013(tmp_path_factory) -> Path:
    if not PART06_2013.exists():
        pytest.skip(f"{PART06_2013} not present")
    out = tmp_path_factory.mktemp("schema_2013")
    assert importer.main(["--part06", str(PART06_2013), "--out", str(out)]) == 0
    return out / "elements.yaml"


def test_part06_2013_every_element_as_elements_json_says(imported_2013, json_elements):
    # the output is a valid schema file (gen_dict's checks)
    elements, repeaters = schema.read_elements(imported_2013)
    assert len(elements) + len(repeaters) == 3751
    assert len(repeaters) >= 80
    seen_changes = set()
    for e in elements + repeaters:
        key = f"{e['tag']:08X}" if isinstance(e["tag"], int) else e["tag"]
        tag = f"({key[:4]},{key[4:]})"
        assert tag in json_elements, f"{tag} of 2013 missing from elements.json"
        now = json_elements[tag]
        if tag in CHANGED_SINCE_2013:
            then_expected, now_expected, reason = CHANGED_SINCE_2013[tag]
            assert (e["vr"], e["vm"]) == then_expected, reason
            assert (now["vr"], now["vm"]) == now_expected, reason
            seen_changes.add(tag)
            continue
        assert (e["vr"], e["vm"]) == (now["vr"], now["vm"]), tag
    assert seen_changes == set(CHANGED_SINCE_2013)


def test_part06_2013_details(imported_2013):
    text = imported_2013.read_text(encoding="utf-8")
    # zero-width spaces (and the edition's literal "<200b>") are gone from keywords
    assert '"SpecificCharacterSet"' in text and "\u200b" not in text and "<200b>" not in text
    assert '- {tag: "(60xx,3000)", keyword: "OverlayData", vr: "OB or OW", vm: "1", name: "Overlay Data"}' in text
    assert '- {tag: "(FFFE,E000)", keyword: "Item", vr: "NONE", vm: "1", name: "Item"}' in text
    assert '- {tag: "(0008,0001)", keyword: "LengthToEnd", vr: "UL", vm: "1", name: "Length to End", retired: true}' in text
    # "1-n or 1" keeps its first alternative
    assert 'tag: "(0028,3006)", keyword: "LUTData", vr: "US or OW", vm: "1-n"' in text
    # File Meta (table 7-1) and directory (table 8-1) elements are imported too
    assert '"(0002,0010)", keyword: "TransferSyntaxUID"' in text
    assert '"(0004,1130)", keyword: "FileSetID"' in text


def test_part06_keeps_command_group_of_existing_schema(tmp_path):
    out = tmp_path / "schema"
    out.mkdir()
    (out / "elements.yaml").write_text(
        'elements:\n- {tag: "(0000,0100)", keyword: "CommandField", vr: "US", vm: "1", name: "Command Field"}\n'
        '- {tag: "(0008,0016)", keyword: "Old", vr: "UI", vm: "1", name: "Old"}\n',
        encoding="utf-8",
    )
    small = tmp_path / "part06.xml"
    small.write_text(
        '<book xmlns="http://docbook.org/ns/docbook"><table label="6-1"><tbody>'
        "<tr><td><para>(0008,0016)</para></td><td><para>SOP Class UID</para></td>"
        "<td><para>SOP\u200bClass\u200bUID</para></td><td><para>UI</para></td><td><para>1</para></td><td/></tr>"
        "</tbody></table></book>",
        encoding="utf-8",
    )
    assert importer.main(["--part06", str(small), "--out", str(out)]) == 0
    elements, _ = schema.read_elements(out / "elements.yaml")
    assert [(e["tag"], e["keyword"]) for e in elements] == [(0x00000100, "CommandField"), (0x00080016, "SOPClassUID")]


def test_part06_not_xml(tmp_path):
    bad = tmp_path / "part06.xml"
    bad.write_text("<book><table>", encoding="utf-8")
    with pytest.raises(SystemExit, match="not well-formed XML"):
        importer.main(["--part06", str(bad), "--out", str(tmp_path)])
