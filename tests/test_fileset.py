"""FileSet / DICOMDIR (PS3.10 8, PS3.3 F): written by us, read by us, pydicom and DCMTK."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

import dicomconstruct
from dicomconstruct.dataset import Dataset
from dicomconstruct.fileset import FileSet, RecordNode, generate_filename, is_conformant_file_id
from dicomconstruct.format.constants import ITEM_TAG
from dicomconstruct.uid import MediaStorageDirectoryStorage, generate_uid
from tests.tools_required import require_tool

CT = Path(dicomconstruct.__file__).parent / "data" / "files" / "CT_small.dcm"


def _instances(folder: Path, count: int, patient: str = "1CT1") -> list[Path]:
    """``count`` CT instances (distinct SOP Instance UIDs, one series) written into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    series = generate_uid()
    for number in range(1, count + 1):
        ds = dicomconstruct.dcmread(CT)
        ds.SOPInstanceUID = generate_uid()
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        ds.SeriesInstanceUID = series
        ds.PatientID = patient
        ds.InstanceNumber = number
        path = folder / f"{patient}_{number}.dcm"
        ds.save_as(path, enforce_file_format=True)
        paths.append(path)
    return paths


def _written_fileset(tmp_path: Path) -> tuple[FileSet, Path]:
    fs = FileSet()
    fs.ID = "TESTSET"
    for path in _instances(tmp_path / "in", 2) + _instances(tmp_path / "in", 1, patient="OTHER"):
        fs.add(path)
    fs.write(tmp_path / "out")
    return fs, tmp_path / "out" / "DICOMDIR"


def test_file_id_helpers():
    names = generate_filename(start=9)
    assert [next(names), next(names)] == ["00000009", "00000010"]
    assert next(generate_filename("IM", start=35, alphanumeric=True)) == "IM000010"  # base 35
    with pytest.raises(ValueError):
        next(generate_filename("TOOLONGX"))
    assert is_conformant_file_id(Path("PT000000", "IM_1"))
    assert not is_conformant_file_id(Path("pt000000"))
    assert not is_conformant_file_id(Path("IM0000000"))
    assert not is_conformant_file_id(Path(*["A"] * 9))


def test_write_resolves_record_offsets(tmp_path):
    fs, dicomdir = _written_fileset(tmp_path)
    data = dicomdir.read_bytes()
    ds = dicomconstruct.dcmread(dicomdir)
    assert ds.file_meta.MediaStorageSOPClassUID == MediaStorageDirectoryStorage
    assert ds.FileSetID == "TESTSET"
    records = list(ds.DirectoryRecordSequence)
    assert [r.DirectoryRecordType for r in records] == [
        "PATIENT", "STUDY", "SERIES", "IMAGE", "IMAGE", "PATIENT", "STUDY", "SERIES", "IMAGE"
    ]
    offsets = {r.seq_item_tell: r for r in records}
    for offset in offsets:  # each offset is the first byte of an Item tag (PS3.5 7.5)
        group, element = struct.unpack_from("<HH", data, offset)
        assert group << 16 | element == ITEM_TAG
    first = ds.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity
    last = ds.OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity
    assert offsets[first] is records[0] and offsets[last] is records[5]
    assert records[0].OffsetOfTheNextDirectoryRecord == last
    assert records[0].OffsetOfReferencedLowerLevelDirectoryEntity == records[1].seq_item_tell
    assert records[3].OffsetOfTheNextDirectoryRecord == records[4].seq_item_tell
    assert records[4].OffsetOfTheNextDirectoryRecord == 0
    assert records[4].OffsetOfReferencedLowerLevelDirectoryEntity == 0
    assert records[3].ReferencedFileID == ["PT000000", "ST000000", "SE000000", "IM000000"]
    assert records[8].ReferencedFileID == ["PT000001", "ST000000", "SE000000", "IM000000"]
    # the files are where the records say, and are the instances
    for instance in fs:
        assert Path(instance.path).is_file()
        assert dicomconstruct.dcmread(instance.path).SOPInstanceUID == instance.SOPInstanceUID


def test_read_back_and_modify(tmp_path):
    fs, dicomdir = _written_fileset(tmp_path)
    again = FileSet(dicomdir)
    assert not again.is_staged
    assert len(again) == 3
    assert [i.InstanceNumber for i in again.find(PatientID="1CT1")] == ["1", "2"]
    assert again.find_values("PatientID") == ["1CT1", "OTHER"]
    removed = again.find(PatientID="OTHER")[0]
    again.remove(removed)
    assert "1 removal" in str(again)
    again.write()
    assert not Path(removed.path).exists()
    third = FileSet(dicomdir)
    assert [i.PatientID for i in third] == ["1CT1", "1CT1"]
    assert len(dicomconstruct.dcmread(dicomdir).DirectoryRecordSequence) == 5


def test_pydicom_reads_our_fileset(tmp_path):
    pydicom_fileset = pytest.importorskip("pydicom.fileset")
    fs, dicomdir = _written_fileset(tmp_path)
    theirs = pydicom_fileset.FileSet(dicomdir)
    assert [i.SOPInstanceUID for i in theirs] == [i.SOPInstanceUID for i in fs]
    assert [i.FileID for i in theirs] == [i.FileID for i in fs]
    assert not theirs.is_staged  # pydicom's structure: nothing to move


def test_dcmdump_reads_our_dicomdir(tmp_path):
    dcmdump = require_tool("dcmdump")
    _, dicomdir = _written_fileset(tmp_path)
    result = subprocess.run([dcmdump, "+E", str(dicomdir)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "E:" not in result.stderr and "W:" not in result.stderr
    # DCMTK names the records by the offsets it found; they are the ones the records point at
    found = [int(n) for n in re.findall(r"#\s+offset=\$(\d+)", result.stdout)]
    ours = [r.seq_item_tell for r in dicomconstruct.dcmread(dicomdir).DirectoryRecordSequence]
    assert found == ours
    pointed = {int(n) for n in re.findall(r"\(0004,14[02]0\) up (\d+)", result.stdout)} - {0}
    assert pointed and pointed <= set(found)


def test_we_read_a_dcmmkdir_dicomdir(tmp_path):
    dcmmkdir = require_tool("dcmmkdir")
    folder = tmp_path / "set"
    (folder / "IMAGES").mkdir(parents=True)
    for number, path in enumerate(_instances(tmp_path / "in", 3), start=1):
        shutil.copyfile(path, folder / "IMAGES" / f"IM{number}")
    result = subprocess.run(
        [dcmmkdir, "--recurse", "+I", "IMAGES"], cwd=folder, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    fs = FileSet(folder / "DICOMDIR")
    assert len(fs) == 3
    assert sorted(i.InstanceNumber for i in fs) == ["1", "2", "3"]
    assert all(Path(i.path).is_file() for i in fs)
    # not our structure: writing moves the files to PT.../ST.../SE.../IM...
    assert fs.is_staged
    fs.write()
    assert sorted(i.FileID for i in fs)[0] == str(Path("PT000000", "ST000000", "SE000000", "IM000000"))


def test_records_and_errors(tmp_path):
    fs = FileSet()
    ds = dicomconstruct.dcmread(CT)
    del ds.PatientID
    with pytest.raises(ValueError, match=r"'PATIENT' record creator: The instance's \(0010,0020\)"):
        fs.add(ds)
    with pytest.raises(ValueError, match="required for a new File-set"):
        fs.write()
    record = Dataset()
    record.PatientID = "1"
    with pytest.raises(ValueError, match="DirectoryRecordType"):
        RecordNode(record)
    with pytest.raises(ValueError, match="maximum length"):
        fs.ID = "X" * 17
    not_a_dicomdir = dicomconstruct.dcmread(CT)
    with pytest.raises(ValueError, match="'Media Storage Directory'"):
        FileSet(not_a_dicomdir)


def test_bad_record_offsets_are_invalid_dicom(tmp_path):
    from dicomconstruct.errors import BadDirectoryError

    _, dicomdir = _written_fileset(tmp_path)
    ds = dicomconstruct.dcmread(dicomdir)
    image = ds.DirectoryRecordSequence[3]
    image.OffsetOfTheNextDirectoryRecord = 12345
    with pytest.raises(BadDirectoryError, match="12345, which is not the offset") as info:
        FileSet(ds)
    assert info.value.offset == image.seq_item_tell
    image.OffsetOfTheNextDirectoryRecord = image.seq_item_tell  # a record that is its own next: a loop
    with pytest.raises(BadDirectoryError, match="a loop"):
        FileSet(ds)


def test_dciodvfy_accepts_our_dicomdir(tmp_path):
    dciodvfy = require_tool("dciodvfy")
    _, dicomdir = _written_fileset(tmp_path)
    result = subprocess.run([dciodvfy, str(dicomdir)], capture_output=True, text=True, check=False)
    output = result.stdout + result.stderr
    assert "BasicDirectory" in output, output
    assert "Error" not in output, output


def test_fileset_sample(tmp_path):
    from dicomconstruct import examples

    fs = FileSet(examples.get_path("dicomdir"))
    assert fs.ID == "DICOMCONSTRUCT" and not fs.is_staged
    assert [i.Modality for i in fs] == ["CT", "MR", "OT", "OT"]
    pydicom_fileset = pytest.importorskip("pydicom.fileset")
    assert len(pydicom_fileset.FileSet(examples.get_path("dicomdir"))) == 4
    assert examples.dicomdir.DirectoryRecordSequence[0].PatientID == "1CT1"
    shipped = examples.get_path("dicomdir").parent
    subprocess.run([sys.executable, str(Path(__file__).parent.parent / "tools" / "make_testdata.py"), str(tmp_path)],
                   check=True, capture_output=True)
    for path in sorted(p for p in shipped.rglob("*") if p.is_file()):
        assert (tmp_path / "fileset" / path.relative_to(shipped)).read_bytes() == path.read_bytes(), path
