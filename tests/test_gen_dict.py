"""tools/gen_dict.py: determinism, --check, and clear errors for malformed YAML."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
OUT_NAMES = ["elements.py", "private.py", "uids.py", "transfer_syntaxes.py"]


def _load_tool():
    spec = importlib.util.spec_from_file_location("gen_dict_under_test", REPO / "tools" / "gen_dict.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen_dict = _load_tool()


@pytest.fixture(scope="module")
def rendered():
    return gen_dict.render(REPO / "schema")


def test_committed_tables_are_current(rendered):
    for name, text in rendered.items():
        assert (REPO / "dicomconstruct" / "_dicts" / name).read_bytes() == text.encode("utf-8"), name


def test_same_yaml_gives_byte_identical_output(rendered):
    again = gen_dict.render(REPO / "schema")
    assert list(again) == OUT_NAMES
    assert again == rendered


def test_header_names_source_and_says_do_not_edit(rendered):
    assert "from schema/elements.yaml" in rendered["elements.py"]
    assert "from schema/private.yaml" in rendered["private.py"]
    assert "from schema/uids.yaml" in rendered["uids.py"]
    for text in rendered.values():
        assert "Do not edit" in text.split('"""', 2)[1]


def test_check_cli_passes_on_the_repository():
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "gen_dict.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture
def workspace(tmp_path):
    """A copy of schema/ and of the generated tables."""
    schema = tmp_path / "schema"
    out = tmp_path / "out"
    shutil.copytree(REPO / "schema", schema)
    out.mkdir()
    for name in OUT_NAMES:
        shutil.copy(REPO / "dicomconstruct" / "_dicts" / name, out / name)
    return schema, out


def test_check_detects_stale_tables_and_regeneration_fixes_them(workspace, capsys):
    schema, out = workspace
    args = ["--schema", str(schema), "--out", str(out)]
    text = (schema / "elements.yaml").read_text(encoding="utf-8")
    text = text.replace('name: "Patient\'s Name"', 'name: "Name of the Patient"', 1)
    (schema / "elements.yaml").write_text(text, encoding="utf-8")
    private_before = (out / "private.py").stat().st_mtime_ns

    assert gen_dict.main(args + ["--check"]) == 1
    err = capsys.readouterr().err
    assert "elements.py is stale" in err
    assert "private.py" not in err and "uids.py" not in err

    assert gen_dict.main(args) == 0
    assert "wrote" in capsys.readouterr().out
    assert "00100010|PN|1|Name of the Patient||PatientName" in (out / "elements.py").read_text(encoding="utf-8")
    assert (out / "private.py").stat().st_mtime_ns == private_before  # unchanged files are not rewritten
    assert gen_dict.main(args + ["--check"]) == 0


def test_check_detects_hand_edited_and_missing_tables(workspace, capsys):
    schema, out = workspace
    path = out / "uids.py"
    path.write_text(path.read_text(encoding="utf-8").replace("CT Image Storage", "CT Storage"), encoding="utf-8")
    (out / "transfer_syntaxes.py").unlink()
    assert gen_dict.main(["--schema", str(schema), "--out", str(out), "--check"]) == 1
    err = capsys.readouterr().err
    assert "uids.py is stale" in err and "transfer_syntaxes.py is stale" in err
    assert "elements.py" not in err and "private.py" not in err


# -- malformed YAML: file, line and reason; nothing written ------------------------------

ELEMENTS = """\
# header comment
elements:
- {tag: "(0008,0016)", keyword: "SOPClassUID", vr: "UI", vm: "1", name: "SOP Class UID"}
- {tag: "(0010,0010)", keyword: "PatientName", vr: "PN", vm: "1", name: "Patient's Name"}
- {tag: "(60xx,3000)", keyword: "OverlayData", vr: "OB or OW", vm: "1", name: "Overlay Data"}
"""
PRIVATE = """\
creators:
  "ACME 1.0":
  - {tag: "(0029,xx10)", vr: "LO", vm: "1", name: "Thing"}
"""
UIDS = """\
uids:
- {uid: "1.2.840.10008.1.2", keyword: "ImplicitVRLittleEndian", name: "Implicit VR Little Endian", type: "Transfer Syntax", encoding: {vr: implicit, endian: little, deflated: false, encapsulated: false}}
- {uid: "1.2.840.10008.1.1", keyword: "Verification", name: "Verification SOP Class", type: "SOP Class"}
"""

BAD_ELEMENT = '- {tag: "(0010,0020)", keyword: "PatientID", vr: "LO", vm: "1", name: "Patient ID"}\n'


def _bad(text: str, line: str) -> str:
    return text + line


@pytest.mark.parametrize(
    "file, content, line, reason",
    [
        ("elements.yaml", _bad(ELEMENTS, BAD_ELEMENT.replace("(0010,0020)", "(0010,002G)")), 6, "bad tag '(0010,002G)'"),
        ("elements.yaml", _bad(ELEMENTS, BAD_ELEMENT.replace("(0010,0020)", "(10,20)")), 6, "bad tag '(10,20)'"),
        ("elements.yaml", _bad(ELEMENTS, BAD_ELEMENT.replace("(0010,0020)", "(0011,0020)")), 6, "is private"),
        ("elements.yaml", _bad(ELEMENTS, BAD_ELEMENT.replace('"LO"', '"XY"')), 6, "unknown VR 'XY'"),
        ("elements.yaml", _bad(ELEMENTS, BAD_ELEMENT.replace('"LO"', '"LO or XY"')), 6, "unknown VR 'LO or XY'"),
        ("elements.yaml", _bad(ELEMENTS, BAD_ELEMENT.replace('"PatientID"', '"PatientName"')), 6,
         "duplicate keyword 'PatientName' (first on line 4)"),
        ("elements.yaml", _bad(ELEMENTS, BAD_ELEMENT.replace("(0010,0020)", "(0010,0010)")), 6,
         "duplicate tag (0010,0010) (first on line 4)"),
        ("elements.yaml", _bad(ELEMENTS, BAD_ELEMENT.replace('vm: "1"', 'vm: "0"')), 6, "bad VM '0'"),
        ("elements.yaml", _bad(ELEMENTS, BAD_ELEMENT.replace('vm: "1"', 'vm: "n-1"')), 6, "bad VM 'n-1'"),
        ("elements.yaml", _bad(ELEMENTS, BAD_ELEMENT.replace('vm: "1"', 'vm: "3-2"')), 6, "bad VM '3-2'"),
        ("elements.yaml", _bad(ELEMENTS, BAD_ELEMENT.replace('vm: "1"', "vm: 1")), 6, "vm must be a string"),
        ("elements.yaml", _bad(ELEMENTS, BAD_ELEMENT.replace('keyword: "PatientID"', 'keyword: "Patient ID"')), 6,
         "bad keyword 'Patient ID'"),
        ("elements.yaml", _bad(ELEMENTS, BAD_ELEMENT.replace("name:", "nmae:")), 6, "unknown field 'nmae'"),
        ("elements.yaml", _bad(ELEMENTS, BAD_ELEMENT.replace(', vm: "1"', "")), 6, "lacks field(s) vm"),
        ("elements.yaml", _bad(ELEMENTS, BAD_ELEMENT.replace('"Patient ID"', '"Patient|ID"')), 6, "holds '|'"),
        ("elements.yaml", _bad(ELEMENTS, BAD_ELEMENT.replace("}", ", retired: maybe}")), 6, "retired must be true or false"),
        ("elements.yaml", _bad(ELEMENTS, BAD_ELEMENT.replace("}", "")), 7, "not valid YAML"),
        ("elements.yaml", ELEMENTS.replace("elements:", "elements_:"), 2, "missing top-level key 'elements'"),
        ("private.yaml", _bad(PRIVATE, '  - {tag: "(0029,xx10)", vr: "SH", vm: "1", name: "Again"}\n'), 4,
         "duplicate tag (0029,xx10) for creator 'ACME 1.0'"),
        ("private.yaml", _bad(PRIVATE, '  - {tag: "(0029,xx11)", vr: "LOL", vm: "1", name: "x"}\n'), 4, "unknown VR 'LOL'"),
        ("private.yaml", _bad(PRIVATE, '  - {tag: "(0029,xx11)", vr: "LO", vm: "1-", name: "x"}\n'), 4, "bad VM '1-'"),
        ("private.yaml", _bad(PRIVATE, '  - {tag: "(0029,xxx11)", vr: "LO", vm: "1", name: "x"}\n'), 4, "bad tag"),
        ("private.yaml", _bad(PRIVATE, '  "ACME 1.0":\n  - {tag: "(0029,xx11)", vr: "LO", vm: "1", name: "x"}\n'), 4,
         "duplicate key 'ACME 1.0' (first on line 2)"),
        ("uids.yaml", _bad(UIDS, '- {uid: "1.2.840.10008.1.2.1", keyword: "ExplicitVRLittleEndian", name: "E", type: "Transfer Syntax"}\n'),
         4, "lacks its encoding"),
        ("uids.yaml", _bad(UIDS, '- {uid: "1.2.840.10008.1.2.1", keyword: "X", name: "E", type: "Transfer Syntax", '
                           'encoding: {vr: explicit, endian: middle, deflated: false, encapsulated: false}}\n'),
         4, "endian must be little or big"),
        ("uids.yaml", _bad(UIDS, '- {uid: "1.2.840.10008.1.1", keyword: "Verification2", name: "V", type: "SOP Class"}\n'),
         4, "duplicate UID 1.2.840.10008.1.1 (first on line 3)"),
        ("uids.yaml", _bad(UIDS, '- {uid: "1.2.840.10008.1.4", keyword: "Verification", name: "V", type: "SOP Class"}\n'),
         4, "duplicate keyword 'Verification'"),
        ("uids.yaml", _bad(UIDS, '- {uid: "1.2.840.010008", keyword: "Odd", name: "V", type: "SOP Class"}\n'),
         4, "bad UID '1.2.840.010008'"),
    ],
)
def test_malformed_entry_stops_with_file_line_reason(tmp_path, capsys, file, content, line, reason):
    schema = tmp_path / "schema"
    out = tmp_path / "out"
    schema.mkdir()
    out.mkdir()
    for name, text in (("elements.yaml", ELEMENTS), ("private.yaml", PRIVATE), ("uids.yaml", UIDS)):
        (schema / name).write_text(content if name == file else text, encoding="utf-8")
    # the valid starting point generates fine
    sentinel = {name: b"old contents\n" for name in OUT_NAMES}
    for name, data in sentinel.items():
        (out / name).write_bytes(data)

    status = gen_dict.main(["--schema", str(schema), "--out", str(out)])

    err = capsys.readouterr().err
    assert status == 2
    assert f"{schema / file}:{line}: " in err
    assert reason in err
    assert "nothing written" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == sentinel


def test_minimal_schema_generates(tmp_path):
    schema = tmp_path / "schema"
    schema.mkdir()
    for name, text in (("elements.yaml", ELEMENTS), ("private.yaml", PRIVATE), ("uids.yaml", UIDS)):
        (schema / name).write_text(text, encoding="utf-8")
    out = gen_dict.render(schema)
    namespace: dict = {}
    exec(compile(out["elements.py"], "elements.py", "exec"), namespace)
    assert namespace["ELEMENTS"].splitlines() == [
        "00080016|UI|1|SOP Class UID||SOPClassUID",
        "00100010|PN|1|Patient's Name||PatientName",
    ]
    assert namespace["REPEATERS"].splitlines() == ["60xx3000|OB or OW|1|Overlay Data||OverlayData"]
    exec(compile(out["transfer_syntaxes.py"], "ts.py", "exec"), namespace)
    assert namespace["TRANSFER_SYNTAXES"] == {
        "1.2.840.10008.1.2": ("ImplicitVRLittleEndian", True, True, False, False)
    }


def test_backslash_and_quotes_survive(tmp_path):
    schema = tmp_path / "schema"
    schema.mkdir()
    (schema / "elements.yaml").write_text(ELEMENTS, encoding="utf-8")
    (schema / "uids.yaml").write_text(UIDS, encoding="utf-8")
    (schema / "private.yaml").write_text(
        'creators:\n  "A\\\\B \\"q\\"":\n  - {tag: "(0029,xx10)", vr: "LO", vm: "1", name: "back\\\\slash \\"x\\" \\"\\"\\""}\n',
        encoding="utf-8",
    )
    namespace: dict = {}
    exec(compile(gen_dict.render(schema)["private.py"], "private.py", "exec"), namespace)
    assert namespace["PRIVATE"] == {'A\\B "q"': '0029xx10|LO|1|back\\slash "x" """|\n'}
