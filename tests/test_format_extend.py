"""Extending the format by one entry (issue 9, item 5): a new VR of each kind, a new transfer syntax.

The library is copied to a temporary directory, one line is added to the VR
table of ``format/vr.py`` per VR and one entry to ``schema/uids.yaml``, the
tables are regenerated with ``tools/gen_dict.py`` and ``tools/gen_codec.py``, and a subprocess writes and
reads the new things back with that copy.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
#: One entry each: a 64-bit signed number VR and a character-set text VR (neither exists).
NEW_VRS = (
    '        VRInfo("XV", "number", "q", b"\\x00", True, False, True, None),\n'
    '        _text("XC", None, charset=True, long_header=True),\n'
)
NEW_TS = "1.2.826.0.1.3680043.10.999.1"
NEW_TS_ENTRY = (
    f'- {{uid: "{NEW_TS}", keyword: "TestBigEndianSyntax", name: "Test Big Endian Syntax", '
    'type: "Transfer Syntax", encoding: {vr: explicit, endian: big, deflated: false, encapsulated: false}}\n'
)
ANCHOR = '        VRInfo("UV", "number", "Q", b"\\x00", True, False, True, None),\n'


@pytest.fixture(scope="module")
def extended(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("extended")
    shutil.copytree(REPO / "dicomconstruct", root / "dicomconstruct", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "schema", root / "schema")
    (root / "tools").mkdir()
    shutil.copy(REPO / "tools" / "gen_dict.py", root / "tools")
    shutil.copy(REPO / "tools" / "gen_codec.py", root / "tools")
    vr_py = root / "dicomconstruct" / "format" / "vr.py"
    text = vr_py.read_text(encoding="utf-8")
    assert text.count(ANCHOR) == 1
    vr_py.write_text(text.replace(ANCHOR, ANCHOR + NEW_VRS), encoding="utf-8")
    with open(root / "schema" / "uids.yaml", "a", encoding="utf-8") as f:
        f.write(NEW_TS_ENTRY)
    subprocess.run([sys.executable, str(root / "tools" / "gen_dict.py")], check=True, capture_output=True)
    # the codec's tables are compiled from the declarations: a new VR is one entry, then the generator
    subprocess.run([sys.executable, str(root / "tools" / "gen_codec.py")], check=True, capture_output=True)
    return root


SCRIPT = textwrap.dedent("""
    import io, json, sys
    from dicomconstruct import Dataset, FileMetaDataset, dcmread, dcmwrite
    from dicomconstruct.uid import UID
    results = {}
    for name, little in (("LE", True), ("BE", False)):
        ds = Dataset()
        ds.SpecificCharacterSet = "ISO_IR 192"
        ds.add_new(0x00091010, "XV", [-5, 2 ** 62])
        ds.add_new(0x00091011, "XC", "Grüße\\\\x")
        out = io.BytesIO()
        dcmwrite(out, ds, implicit_vr=False, little_endian=little)
        data = out.getvalue()
        back = dcmread(io.BytesIO(data), force=True)
        results[name] = [data.hex(), back[0x00091010].VR, list(back[0x00091010].value),
                         back[0x00091011].VR, list(back[0x00091011].value)]
    uid = UID(sys.argv[1])
    results["ts"] = [uid.is_transfer_syntax, uid.is_little_endian, uid.is_implicit_VR, uid.keyword]
    ds = Dataset()
    ds.PatientID = "12"
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = uid
    out = io.BytesIO()
    dcmwrite(out, ds)
    back = dcmread(io.BytesIO(out.getvalue()), force=True)
    results["ts_file"] = [out.getvalue().hex(), back.PatientID, back.file_meta.TransferSyntaxUID]
    print(json.dumps(results))
""")


def _run(root: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", SCRIPT, NEW_TS], cwd=root, env={"PYTHONPATH": str(root)},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_new_vrs_are_written_and_read_back_in_explicit_le_and_be(extended):
    results = _run(extended)
    for name, little in (("LE", True), ("BE", False)):
        data, xv_vr, xv, xc_vr, xc = results[name]
        data = bytes.fromhex(data)
        assert (xv_vr, xv, xc_vr, xc) == ("XV", [-5, 2 ** 62], "XC", ["Grüße", "x"])
        order = "little" if little else "big"
        # long-form header as SV: tag, "XV", 2 reserved bytes, 32-bit length 16
        header = (0x0009).to_bytes(2, order) + (0x1010).to_bytes(2, order) + b"XV\x00\x00" + (16).to_bytes(4, order)
        assert header + (-5).to_bytes(8, order, signed=True) + (2 ** 62).to_bytes(8, order) in data
        assert "Grüße\\x ".encode("utf-8") in data  # XC is encoded with the Specific Character Set


def test_new_transfer_syntax_by_one_schema_entry(extended):
    results = _run(extended)
    assert results["ts"] == [True, False, False, "TestBigEndianSyntax"]
    data, patient_id, uid = results["ts_file"]
    data = bytes.fromhex(data)
    assert patient_id == "12" and uid == NEW_TS
    # the data set is big endian: (0010,0020) LO "12"
    assert bytes.fromhex("00100020") + b"LO" + (2).to_bytes(2, "big") + b"12" in data


def test_the_library_does_not_know_them_without_the_entries():
    from dicomconstruct.format.vr import VR_INFO
    from dicomconstruct.uid import UID

    assert "XV" not in VR_INFO and "XC" not in VR_INFO and not UID(NEW_TS).is_transfer_syntax
