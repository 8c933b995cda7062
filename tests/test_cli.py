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


# -- pydicom's show syntax: element paths, -x -t -q, several files and directories -------------


def test_element_path_in_filespec(capsys):
    status, out, _ = run(capsys, "show", "dicomconstruct::CT_small.dcm::OtherPatientIDsSequence[0].PatientID")
    assert status == 0 and out == "ABCD1234\n"
    status, out, _ = run(capsys, "show", "dicomconstruct::CT_small.dcm::PatientName")
    assert status == 0 and out == "CompressedSamples^CT1\n"


@pytest.mark.parametrize("path", ["OtherPatientIDsSequence[5].PatientID", "WindowCenter", "Patient Name"])
def test_bad_element_path_is_a_one_line_error(capsys, path):
    status, out, err = run(capsys, "show", f"dicomconstruct::CT_small.dcm::{path}")
    assert status == 1 and out == "" and len(err.strip().splitlines()) == 1


def test_filespec_parts_and_eval_element():
    from dicomconstruct.cli import eval_element, filespec_parts

    assert filespec_parts(r"c:\test.dcm") == ("", r"c:\test.dcm", "")
    assert filespec_parts("dicomconstruct::CT_small.dcm::StudyDate") == ("dicomconstruct::", "CT_small.dcm", "StudyDate")
    ds = dicomconstruct.dcmread(get_testdata_file("CT_nested_sequences.dcm"))
    assert eval_element(ds, "PatientName") == ds.PatientName


def test_exclude_private_top_and_quiet(capsys):
    _, full, _ = run(capsys, "show", "dicomconstruct::CT_small.dcm")
    _, public, _ = run(capsys, "show", "-x", "dicomconstruct::CT_small.dcm")
    assert "(0043, 104e)" in full and "(0043, 104e)" not in public and "(0010, 0010)" in public
    _, top, _ = run(capsys, "show", "-t", "dicomconstruct::CT_small.dcm")
    assert any(line.startswith("  ") for line in full.splitlines()) and "(0010, 0020) Patient ID" in top
    assert not any(line.startswith("  ") for line in top.splitlines())
    assert len(top.splitlines()) < len(full.splitlines())
    status, quiet, _ = run(capsys, "show", "-q", "dicomconstruct::CT_small.dcm")
    assert status == 0
    assert quiet.splitlines()[:2] == ["SOPClassUID: CT Image Storage", "PatientName: CompressedSamples^CT1"]
    assert "Rows: 128" in quiet


def test_several_files_and_a_directory(capsys, tmp_path):
    import shutil

    shutil.copy(get_testdata_file("CT_small.dcm"), tmp_path / "a.dcm")
    (tmp_path / "sub").mkdir()
    shutil.copy(get_testdata_file("CT_small_implicit.dcm"), tmp_path / "sub" / "b.dcm")
    (tmp_path / "sub" / "notes.txt").write_text("not DICOM")
    status, out, err = run(capsys, "show", "-q", str(tmp_path), "dicomconstruct::CT_small.dcm")
    headers = [line for line in out.splitlines() if line.startswith("==> ")]
    assert len(headers) == 4 and headers[0] == f"==> {tmp_path / 'a.dcm'} <=="
    assert status == 1 and "notes.txt" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("key", ["(0043,104e)", "(0043, 104e)", "0043104e"])
def test_printed_tag_forms_as_keys(capsys, key):
    status, out, _ = run(capsys, "show", "-k", key, "dicomconstruct::CT_small.dcm")
    assert status == 0 and out.startswith("(0043, 104e) [Duration of X-ray on]")


def test_file_name_with_newline_keeps_error_on_one_line(capsys, tmp_path):
    status, _, err = run(capsys, "show", str(tmp_path / "a\nb.dcm"))
    assert status == 1 and err.count("\n") == 1 and "a\\nb.dcm" in err


def _ct_small_bytes() -> bytes:
    with open(get_testdata_file("CT_small.dcm"), "rb") as f:
        return f.read()


def test_a_damaged_file_is_shown_as_far_as_it_reads_and_ends_with_status_1(capsys, tmp_path):
    damaged = tmp_path / "truncated.dcm"
    damaged.write_bytes(_ct_small_bytes()[:-1001])  # ends inside the pixel data
    status, out, err = run(capsys, "show", str(damaged))
    assert status == 1
    assert "(0010, 0010) Patient's Name" in out and "(7fe0, 0010) Pixel Data" in out
    assert err.splitlines() == [
        f"dicomconstruct: warning: {damaged}: (7FE0,0010) at offset 1974: value is 32768 bytes long but only 31905 remain"
    ]


def test_a_damaged_file_among_others_makes_the_status_1_and_the_others_are_still_shown(capsys, tmp_path):
    data = _ct_small_bytes()
    (tmp_path / "a_whole.dcm").write_bytes(data)
    (tmp_path / "b_cut.dcm").write_bytes(data[:1500])  # ends inside Image Position (Patient)
    status, out, err = run(capsys, "show", str(tmp_path))
    assert status == 1
    assert out.count("(0010, 0010) Patient's Name") == 2 and "==> " + str(tmp_path / "b_cut.dcm") in out
    assert len(err.splitlines()) == 1 and "b_cut.dcm: (0020,0032) at offset 1486" in err


def test_a_value_that_does_not_fit_its_vr_is_said_but_the_file_is_not_damaged(capsys, tmp_path):
    data = _ct_small_bytes()
    at = data.index(b"\x18\x00\x50\x00DS\x08\x005.000000")  # Slice Thickness
    odd = tmp_path / "odd_value.dcm"
    odd.write_bytes(data[:at + 8] + b"5.0_0000" + data[at + 16:])
    status, out, err = run(capsys, "show", str(odd))
    assert status == 0 and "Slice Thickness" in out
    assert len(err.splitlines()) == 1 and err.startswith(f"dicomconstruct: warning: {odd}: ") and "5.0_0000" in err


def test_a_reader_that_goes_away_ends_the_command_quietly():
    """``show | head``: the command stops with a shell's SIGPIPE status and no error message."""
    folder = str(__import__("pathlib").Path(get_testdata_file("CT_small.dcm")).parent)
    process = subprocess.Popen([sys.executable, "-m", "dicomconstruct.cli", "show", *[folder] * 5],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = process.stdout.readline()
    process.stdout.close()  # the reader goes away while the command still has pages to print
    err = process.stderr.read()
    assert process.wait(timeout=120) == 141
    assert first.startswith(b"==> ") and err == b""
