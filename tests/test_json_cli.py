"""``dicomconstruct show --json``: the DICOM JSON model (PS3.18 F.2) of a file."""

from __future__ import annotations

import json

import pydicom

from dicomconstruct.cli import main
from dicomconstruct.data import get_testdata_file


def test_show_json_equals_pydicom_to_json_dict(capsys):
    path = get_testdata_file("CT_small.dcm")
    assert main(["show", "--json", path]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == json.loads(json.dumps(pydicom.dcmread(path).to_json_dict()))
    assert out["00100010"] == {"vr": "PN", "Value": [{"Alphabetic": "CompressedSamples^CT1"}]}
