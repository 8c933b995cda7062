"""``dicomconstruct show``: output as print(ds), bundled samples, options, errors."""

import subprocess
import sys

import pytest

import dicomconstruct
from dicomconstruct.cli import main
from dicomconstruct.data import get_testdata_file


def run(capsys, *argv):
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_show_prints_like_print_ds(capsys):
    status, out, err = run(capsys, "show", "dicomconstruct::CT_small.dcm")
    assert status == 0 and err == ""
    assert out == str(dicomconstruct.dcmread(get_testdata_file("CT_small.dcm"))) + "\n"
    assert "(0043, 104e) [Duration of X-ray on]              FL: 10.60060977935791" in out


def test_show_a_path(capsys):
    status, out, _ = run(capsys, "show", get_testdata_file("CT_small_implicit.dcm"))
    assert status == 0 and "Implicit VR Little Endian" in out


def test_header_only(capsys):
    status, out, _ = run(capsys, "show", "--header", "dicomconstruct::CT_small.dcm")
    lines = out.splitlines()
    assert status == 0 and len(lines) == 8
    assert lines[0] == "(0002, 0000) File Meta Information Group Length  UL: 192"
    assert all(line.startswith("(0002, ") for line in lines)


def test_one_element_by_keyword(capsys):
    status, out, _ = run(capsys, "show", "-k", "PatientName", "--keyword", "TransferSyntaxUID",
                         "dicomconstruct::CT_small.dcm")
    assert status == 0
    assert out.splitlines() == [
        "(0010, 0010) Patient's Name                      PN: 'CompressedSamples^CT1'",
        "(0002, 0010) Transfer Syntax UID                 UI: Explicit VR Little Endian",
    ]


def test_absent_keyword_is_an_error(capsys):
    status, out, err = run(capsys, "show", "-k", "WindowCenter", "dicomconstruct::CT_small.dcm")
    assert status == 1 and out == "" and len(err.strip().splitlines()) == 1 and "WindowCenter" in err


@pytest.mark.parametrize("key", ["123456789", "NotAKeyword", "(zzzz,0010)"])
def test_a_key_that_is_neither_keyword_nor_tag_is_a_one_line_error(capsys, key):
    status, out, err = run(capsys, "show", "-k", key, "dicomconstruct::CT_small.dcm")
    assert status == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("dicomconstruct: error:")


@pytest.mark.parametrize("target", ["dicomconstruct::nope.dcm", "/nonexistent/file.dcm"])
def test_missing_input_one_line_error(capsys, target):
    status, out, err = run(capsys, "show", target)
    assert status == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("dicomconstruct: error:")


def test_not_dicom_one_line_error(capsys, tmp_path):
    path = tmp_path / "not_dicom.txt"
    path.write_text("This is not a DICOM file!")
    status, _, err = run(capsys, "show", str(path))
    assert status == 1 and "DICM" in err and len(err.strip().splitlines()) == 1
    status, _, err = run(capsys, "show", "--force", str(path))
    assert status == 1 and "offset 0" in err and len(err.strip().splitlines()) == 1


def test_version_and_module_entry_point():
    result = subprocess.run([sys.executable, "-m", "dicomconstruct.cli", "--version"], capture_output=True,
                            text=True)
    assert result.returncode == 0 and result.stdout.strip() == f"dicomconstruct {dicomconstruct.__version__}"
    result = subprocess.run([sys.executable, "-m", "dicomconstruct.cli", "show", "/nonexistent"],
                            capture_output=True, text=True)
    assert result.returncode == 1 and result.stderr.count("\n") == 1


def test_import_is_lazy():
    code = ("import sys, dicomconstruct; assert 'dicomconstruct.dataset' not in sys.modules; "
            "dicomconstruct.datadict; dicomconstruct.uid; dicomconstruct.tag; dicomconstruct.errors; "
            "dicomconstruct.data; dicomconstruct.config; assert dicomconstruct.Dataset.__name__ == 'Dataset'")
    subprocess.run([sys.executable, "-c", code], check=True)
