"""The DICOM JSON Model (PS3.18 F.2): equal to pydicom's on its test files, and back."""

from __future__ import annotations

import base64
import json
import warnings

import pydicom
import pytest

import dicomconstruct
from dicomconstruct import DataElement, Dataset
from dicomconstruct.data import get_testdata_file

from .corpus import pydicom_charset_files, pydicom_test_files


def _pydicom_json(path: str):
    """pydicom's JSON of ``path`` (through a JSON round trip), or None where pydicom cannot read it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return json.loads(json.dumps(pydicom.dcmread(path).to_json_dict()))
        except Exception:
            return None


def _corpus_json() -> list[tuple[str, dict]]:
    """(path, pydicom's JSON) of every pydicom test and charset file pydicom reads."""
    pairs = [(path, _pydicom_json(path)) for path in pydicom_test_files() + pydicom_charset_files()]
    return [(path, expected) for path, expected in pairs if expected is not None]


def test_to_json_dict_equals_pydicom_on_every_file_it_reads():
    corpus = _corpus_json()
    mismatched = []
    for path, expected in corpus:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ours = json.loads(dicomconstruct.dcmread(path).to_json())
        if ours != expected:
            mismatched.append(path)
    assert len(corpus) > 170
    assert mismatched == []


def test_from_json_of_pydicom_json_gives_pydicom_values():
    corpus = _corpus_json()
    for path, expected in corpus:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ours = Dataset.from_json(json.dumps(expected))
            reference = pydicom.Dataset.from_json(expected)
        assert json.loads(ours.to_json()) == expected, path
        for ref in reference.iterall():
            if ref.VR == "SQ":
                continue
            mine = [e for e in ours.iterall() if e.tag == ref.tag]
            assert mine, (path, ref.tag)
            assert any(e.value == ref.value or str(e.value) == str(ref.value) for e in mine), (path, ref.tag)
    assert len(corpus) > 170


def test_attribute_objects_of_each_kind():
    ds = Dataset()
    ds.PatientName = "Yamada^Tarou=山田^太郎=やまだ^たろう"
    ds.add_new(0x00091001, "AT", [0x00100010, 0x7FE00010])
    ds.add_new(0x00280010, "US", 512)
    ds.add_new(0x00181050, "DS", ["1.5", "2"])
    ds.add_new(0x00200013, "IS", "7")
    ds.add_new(0x00100020, "LO", "")
    ds.add_new(0x00091002, "OB", b"\x01\x02\x03")
    ds.add_new(0x00081115, "SQ", [Dataset()])
    ds[0x00081115].value[0].Modality = "CT"
    out = ds.to_json_dict()
    assert out["00100010"] == {
        "vr": "PN",
        "Value": [{"Alphabetic": "Yamada^Tarou", "Ideographic": "山田^太郎", "Phonetic": "やまだ^たろう"}],
    }
    assert out["00091001"] == {"vr": "AT", "Value": ["00100010", "7FE00010"]}
    assert out["00280010"] == {"vr": "US", "Value": [512]}
    assert out["00181050"] == {"vr": "DS", "Value": [1.5, 2.0]}
    assert out["00200013"]["Value"] == [7] and type(out["00200013"]["Value"][0]) is int
    assert out["00100020"] == {"vr": "LO"}
    assert out["00091002"] == {"vr": "OB", "InlineBinary": base64.b64encode(b"\x01\x02\x03").decode()}
    assert out["00081115"] == {"vr": "SQ", "Value": [{"00080060": {"vr": "CS", "Value": ["CT"]}}]}
    back = Dataset.from_json(ds.to_json())
    assert back == ds
    assert json.loads(ds.to_json()) == out
    assert list(json.loads(ds.to_json())) == sorted(out)


def test_bulk_data_handlers_both_ways():
    ds = Dataset()
    ds.add_new(0x7FE00010, "OW", b"\x00\x01" * 600)  # 1200 bytes: base64 > 1024
    ds.add_new(0x00091002, "OB", b"\x05" * 10)
    out = ds.to_json_dict(bulk_data_element_handler=lambda elem: f"http://x/{elem.tag:08X}")
    assert out["7FE00010"] == {"vr": "OW", "BulkDataURI": "http://x/7FE00010"}
    assert "InlineBinary" in out["00091002"]
    assert "InlineBinary" in ds.to_json_dict()["7FE00010"]  # no handler: inline whatever the size
    assert "InlineBinary" in ds.to_json_dict(2000, lambda elem: "u")["7FE00010"]

    calls = []
    back = Dataset.from_json(out, lambda uri: calls.append(uri) or b"\x00\x01" * 600)
    assert calls == ["http://x/7FE00010"] and back[0x7FE00010].value == b"\x00\x01" * 600
    back = Dataset.from_json(out, lambda tag, vr, uri: calls.append((tag, vr, uri)) or b"")
    assert calls[-1] == ("7FE00010", "OW", "http://x/7FE00010")
    with pytest.warns(UserWarning, match="No bulk data URI handler"):
        back = Dataset.from_json(out)
    assert back[0x7FE00010].value is None


def test_json_forms_pydicom_accepts():
    text = json.dumps(
        {
            "00100010": {"vr": "PN", "Value": [{"Ideographic": "山田"}]},
            "00091002": {"vr": "OB", "InlineBinary": ["AQID"]},  # PS3.18 F.4 example: a list
            "00100020": {"vr": "LO"},
            "00280010": {"vr": "US", "Value": []},
        }
    )
    ds = Dataset.from_json(text.encode())
    assert str(ds.PatientName) == "=山田"
    assert ds[0x00091002].value == b"\x01\x02\x03"
    assert ds.PatientID == "" and ds.Rows is None
    with pytest.raises(TypeError, match="must be a list"):
        Dataset.from_json({"00280010": {"vr": "US", "Value": 5}})
    with pytest.raises(KeyError):
        Dataset.from_json({"00280010": {"Value": [5]}})
    with pytest.raises(ValueError, match="00280010.*could not be loaded"):
        Dataset.from_json({"00280010": {"vr": "US", "Value": ["x"]}})


def test_data_element_methods_are_pydicom_s():
    elem = DataElement(0x00280010, "US", 512)
    assert elem.to_json_dict(None, 1024) == {"vr": "US", "Value": [512]}
    again = DataElement.from_json(Dataset, "00280010", "US", [512], "Value")
    assert again == elem


def test_suppress_invalid_tags_drops_the_element(tmp_path):
    ds = Dataset()
    ds.PatientID = "ID1"
    ds.SliceThickness = "1.5"
    path = tmp_path / "bad_ds.dcm"
    ds.save_as(path, implicit_vr=True, little_endian=True)
    path.write_bytes(path.read_bytes().replace(b"1.5 ", b"1.5x"))  # DS text that is not a number
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        read = dicomconstruct.dcmread(path, force=True)
        with pytest.raises(ValueError):
            read.to_json_dict()
        out = read.to_json_dict(suppress_invalid_tags=True)
    assert "00180050" not in out and out["00100020"] == {"vr": "LO", "Value": ["ID1"]}
