"""DCMTK and GDCM as judges of what we read and write (PS3.5, PS3.10).

* ``dcmconv +ti/+te/+tb/+td`` and ``gdcmconv --implicit/--explicit`` versions of
  corpus files read with the same values as the originals;
* files we write in each uncompressed transfer syntax pass ``dcmdump +E``
  with no ``E:`` or ``W:`` line and read back equal in pydicom.
"""

from __future__ import annotations

import io
import os
import subprocess
import warnings

import pytest

pydicom = pytest.importorskip("pydicom")

from dicomconstruct.codec import reader  # noqa: E402
from dicomconstruct.codec.values import swap_bytes  # noqa: E402
from tests.test_codec_transfer import UNCOMPRESSED, rewrite, values_tree  # noqa: E402
from tests.test_corpus_roundtrip import quiet_read  # noqa: E402
from tests.tools_required import require_tool  # noqa: E402

SAMPLES = [
    "CT_small.dcm",
    "MR_small.dcm",
    "rtplan.dcm",
    "rtstruct.dcm",
    "rtdose.dcm",
    "ExplVR_BigEnd.dcm",
    "MR_small_bigendian.dcm",
    "image_dfl.dcm",
    "waveform_ecg.dcm",
    "liver_1frame.dcm",
    "examples_palette.dcm",
    "MR_small_implicit.dcm",
]

DCMCONV_OPTIONS = {"+ti": "implicit", "+te": "explicit little", "+tb": "explicit big", "+td": "deflated"}
GDCMCONV_OPTIONS = {"--implicit": "implicit", "--explicit": "explicit"}


def sample(name: str) -> str:
    """Path of a pydicom test file that is installed locally (never downloads)."""
    from tests.corpus import pydicom_test_file

    return pydicom_test_file(name)


def values_without_private(dataset):
    """The value tree minus private elements (tools may drop or re-VR them)."""
    return [entry for entry in values_tree(dataset) if not entry[0] >> 16 & 1]


def run(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("option", DCMCONV_OPTIONS)
@pytest.mark.parametrize("name", SAMPLES)
def test_dcmconv_versions_read_equal_to_the_original(name, option, tmp_path):
    dcmconv = require_tool("dcmconv")
    out = tmp_path / "converted.dcm"
    result = run([dcmconv, option, sample(name), str(out)])
    assert result.returncode == 0, result.stderr
    original = quiet_read(sample(name))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        converted = reader.read(str(out))
    assert values_without_private(converted.dataset) == values_without_private(original.dataset)


@pytest.mark.parametrize("option", GDCMCONV_OPTIONS)
@pytest.mark.parametrize("name", [n for n in SAMPLES if "big" not in n.lower() and n != "image_dfl.dcm"])
def test_gdcmconv_versions_read_equal_to_the_original(name, option, tmp_path):
    gdcmconv = require_tool("gdcmconv")
    out = tmp_path / "converted.dcm"
    result = run([gdcmconv, option, sample(name), str(out)])
    assert result.returncode == 0, result.stderr
    original = quiet_read(sample(name))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        converted = reader.read(str(out))
    ours = {entry[0]: entry for entry in values_without_private(converted.dataset)}
    theirs = {entry[0]: entry for entry in values_without_private(original.dataset)}
    # GDCM may add or fix elements (e.g. group lengths removed, Source Application Entity Title);
    # every element present in both must be equal
    common = sorted(set(ours) & set(theirs))
    assert len(common) >= 0.9 * len(theirs)
    assert [ours[t] for t in common] == [theirs[t] for t in common]


@pytest.mark.parametrize("transfer_syntax", UNCOMPRESSED)
@pytest.mark.parametrize("name", SAMPLES)
def test_files_we_write_pass_dcmdump_and_read_in_pydicom(name, transfer_syntax, tmp_path):
    dcmdump = require_tool("dcmdump")
    parsed = quiet_read(sample(name))
    data = rewrite(parsed, transfer_syntax, preamble=bytes(128))
    path = tmp_path / "ours.dcm"
    path.write_bytes(data)
    result = run([dcmdump, "+E", str(path)])
    lines = (result.stdout + result.stderr).splitlines()
    complaints = [line for line in lines if line.startswith(("E:", "W:"))]
    assert result.returncode == 0 and not complaints, "\n".join(complaints[:10])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = pydicom.dcmread(io.BytesIO(data))
        original = pydicom.dcmread(sample(name), force=True)
    assert theirs.file_meta.TransferSyntaxUID == transfer_syntax
    original_big = str(parsed.transfer_syntax) == "1.2.840.10008.1.2.2"
    big_endian = original_big or transfer_syntax == "1.2.840.10008.1.2.2"
    for element in original:
        if element.tag.is_private or element.tag.element == 0:
            continue
        ours = theirs[element.tag]
        if element.VR == "SQ":
            assert len(ours.value) == len(element.value), element.tag
        elif big_endian and element.VR in ("OW", "OF", "OD", "OL", "OV", "US or SS or OW", "OB or OW"):
            # pydicom keeps words as stored: compare them in one byte order
            ours_value = ours.value if transfer_syntax != "1.2.840.10008.1.2.2" else swap_bytes("OW", ours.value)
            theirs_value = swap_bytes("OW", element.value) if original_big else element.value
            if element.VR not in ("OB or OW",) and ours.VR != "OB":
                assert ours_value == theirs_value, element.tag
        else:
            assert ours.value == element.value, element.tag
    assert os.path.getsize(path) == len(data)
