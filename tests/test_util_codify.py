"""util: codify (exec the code, dataset equal), dump, hexutil, leanread; fileutil; examples."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

import dicomconstruct
from dicomconstruct import examples, fileutil
from dicomconstruct.data import get_testdata_file
from dicomconstruct.dataelem import DataElement
from dicomconstruct.dataset import Dataset
from dicomconstruct.sequence import Sequence
from dicomconstruct.util import codify, dump, hexutil, leanread

#: the package as the tests import it, for the subprocesses
ENV = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(Path(dicomconstruct.__file__).parent.parent),
                                                                 os.environ.get("PYTHONPATH")])))
SAMPLES = ["CT_small.dcm", "CT_nested_sequences.dcm", "MF_grayscale_word.dcm", "CT_small_big_endian.dcm"]


@pytest.mark.parametrize("name", SAMPLES)
def test_codify_cli_code_rebuilds_the_file(name, tmp_path):
    source = get_testdata_file(name)
    target = tmp_path / "rebuilt.dcm"
    script = tmp_path / "rebuild.py"
    result = subprocess.run(
        [sys.executable, "-m", "dicomconstruct.cli", "codify", "-p", "-e", "100000000", "-s", str(target), source],
        capture_output=True, text=True, check=False, env=ENV,
    )
    assert result.returncode == 0, result.stderr
    script.write_text(result.stdout)
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=False, env=ENV)
    assert run.returncode == 0, run.stderr
    original, rebuilt = dicomconstruct.dcmread(source), dicomconstruct.dcmread(target)
    assert rebuilt == original
    assert rebuilt.file_meta.TransferSyntaxUID == original.file_meta.TransferSyntaxUID


def test_codify_pieces():
    assert codify.camel_to_underscore("Some12Variable_Name") == "some12_variable__name"
    assert codify.default_name_filter("ControlPointSet") == "cp_set"
    assert codify.tag_repr(0x7FE00010) == "(0x7FE0, 0x0010)"
    assert codify.code_dataelem(DataElement(0x00100010, "PN", "CITIZEN")) == "ds.PatientName = 'CITIZEN'"
    assert codify.code_dataelem(DataElement(0x11110301, "US", 1200)) == "ds.add_new((0x1111, 0x0301), 'US', 1200)"
    assert codify.code_dataelem(DataElement(0x00100010, "OB", b"CITIZEN"), exclude_size=4) == (
        "ds.PatientName = # XXX Array of 7 bytes excluded"
    )
    ds = Dataset()
    ds.ContentSequence = Sequence([Dataset()])
    ds.ContentSequence[0].ValueType = "CODE"
    ds.ContentSequence[0].ContentSequence = Sequence([Dataset()])
    ds.ContentSequence[0].ContentSequence[0].ValueType = "TEXT"
    code = codify.code_dataset(ds)
    assert "content1.ValueType = 'CODE'" in code and "content1_1.ValueType = 'TEXT'" in code
    namespace = {"Dataset": Dataset, "Sequence": Sequence}
    exec(code, namespace)
    assert namespace["ds"] == ds


def test_codify_refuses_an_element_that_is_not_a_dataset(tmp_path, capsys):
    with pytest.raises(NotImplementedError, match="only code a Dataset"):
        codify.main(100, [get_testdata_file("CT_small.dcm") + "::PatientName"])
    with pytest.raises(SystemExit):
        codify.main(100, [str(tmp_path / "missing.dcm")])


def test_dump_and_hexutil():
    data = bytes(range(0x30, 0x50)) + b"\\\x00"
    text = dump.datadump(data)
    assert text.splitlines()[0] == "00  30 31 32 33 34 35 36 37 38 39 3A 3B 3C 3D 3E 3F  0123456789:;<=>?"
    assert text.splitlines()[2] == "20  " + "5C 00".ljust(49) + ".."
    assert hexutil.hex2bytes("08 00 32 10") == b"\x08\x00\x32\x10" == hexutil.hex2bytes(b"08003210")
    assert hexutil.bytes2hex(b"\x0a\xff") == "0a ff"
    with pytest.raises(TypeError):
        hexutil.hex2bytes(1234)


def test_leanread_headers_match_the_reader():
    path = get_testdata_file("CT_small_big_endian.dcm")
    ds = dicomconstruct.dcmread(path)
    with leanread.dicomfile(path) as f:
        assert f.preamble is not None
        seen = {(g << 16 | e): (length, value) for (g, e), vr, length, value, tell in f}
    assert seen[0x7FE00010][0] == len(ds.PixelData)
    assert seen[0x00100020][1].rstrip(b" ") == ds.PatientID.encode()
    with leanread.dicomfile(get_testdata_file("no_meta.dcm")) as f:
        assert f.preamble is None
        with pytest.raises(NotImplementedError, match="No transfer syntax"):
            list(f)


def test_fileutil_buffers():
    b = io.BytesIO(b"\x01\x02" * 6)
    b.seek(3)
    assert fileutil.buffer_length(b) == 12 and fileutil.buffer_remaining(b) == 9 and b.tell() == 3
    with fileutil.reset_buffer_position(b) as start:
        b.seek(0)
    assert start == 3 and b.tell() == 3
    assert [len(c) for c in fileutil.read_buffer(b, chunk_size=4)] == [4, 4, 1]
    assert fileutil.buffer_equality(b, b"\x01\x02" * 6) and not fileutil.buffer_equality(b, b"\x01")
    assert fileutil.buffer_equality(b, io.BytesIO(b"\x01\x02" * 6))
    assert fileutil.path_from_pathlike(Path("a")) == "a"
    with pytest.raises(TypeError):
        fileutil.check_buffer(b"not a buffer")
    b.close()
    with pytest.raises(ValueError, match="closed"):
        fileutil.buffer_length(b)


def test_examples():
    ct = examples.ct
    assert ct.PatientName == "CompressedSamples^CT1"
    assert examples.ct is not examples.ct and examples.ct == ct
    assert examples.get_path("ct").name == "CT_small.dcm"
    assert "PatientName" not in examples.no_meta.file_meta
    with pytest.raises(ValueError, match="No example dataset"):
        examples.get_path("foo")
    with pytest.raises(AttributeError):
        examples.foo


def test_sr_code_equality_ignores_meaning():
    from dicomconstruct.sr.coding import Code

    mean = Code("373098007", "SCT", "Mean Value of population")
    assert mean == Code("373098007", "SCT", "another label") and mean.scheme_version is None
    assert mean != Code("373099004", "SCT", "Median Value of population")
    assert mean != Code("373098007", "SCT", "Mean", "v1.0")
    assert {mean: 1}[Code("373098007", "SCT", "")] == 1


def test_examples_mr_and_rgb_color():
    assert examples.mr.Modality == "MR" and examples.mr.Rows == 64
    rgb = examples.rgb_color
    assert rgb.PhotometricInterpretation == "RGB" and rgb.SamplesPerPixel == 3
    assert bytes(rgb.PixelData[:3]) == b"\xff\xff\xff"  # the white bar, first row
    assert examples.get_path("mr").name == "MR_small.dcm"


def test_env_info_table(capsys):
    from dicomconstruct import env_info

    env_info.main()
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["module       | version", "------       | -------"]
    assert [line.split("|")[0].strip() for line in lines[2:5]] == ["platform", "Python", "dicomconstruct"]
    assert lines[4].split("|")[1].strip() == dicomconstruct.__version__
