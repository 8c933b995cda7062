"""A write that fails midway leaves the original file intact and no partial file behind."""

from __future__ import annotations

import os

import pytest

import dicomconstruct
from dicomconstruct import safewrite
from dicomconstruct.data import get_testdata_file


@pytest.fixture
def original(tmp_path):
    path = tmp_path / "study.dcm"
    path.write_bytes(open(get_testdata_file("CT_small.dcm"), "rb").read())
    return path


def _folder_listing(path):
    return sorted(os.listdir(path.parent))


def test_replace_atomically_replaces_on_success(tmp_path):
    target = tmp_path / "a.bin"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    with safewrite.replace_atomically(target) as fp:
        fp.write(b"new")
    assert target.read_bytes() == b"new"
    assert os.stat(target).st_mode & 0o777 == 0o640
    assert _folder_listing(target) == ["a.bin"]


def test_failing_fsync_midway_keeps_original(original, monkeypatch):
    before = original.read_bytes()
    listing = _folder_listing(original)
    ds = dicomconstruct.dcmread(original)
    ds.PatientName = "Changed^Name"

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(safewrite.os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="No space left"):
        ds.save_as(original)
    assert original.read_bytes() == before
    assert _folder_listing(original) == listing


def test_value_that_fails_to_encode_late_keeps_original(original):
    before = original.read_bytes()
    listing = _folder_listing(original)
    ds = dicomconstruct.dcmread(original)
    # A text element near the end (before Pixel Data) holds a character ISO_IR 100 cannot encode.
    ds.CommentsOnThePerformedProcedureStep = "Иванов"
    with pytest.raises(ValueError, match=r"(?i)0040, ?0280"):
        ds.save_as(original)
    assert original.read_bytes() == before
    assert _folder_listing(original) == listing


def test_file_object_that_raises_midway_propagates(original):
    ds = dicomconstruct.dcmread(original)

    class Exploding:
        def __init__(self):
            self.written = 0

        def write(self, data):
            self.written += len(data)
            if self.written > 1000:
                raise OSError("device unplugged")
            return len(data)

        def tell(self):
            return self.written

        def seek(self, *args):
            return 0

        def flush(self):
            pass

    with pytest.raises(OSError, match="unplugged"):
        ds.save_as(Exploding())


def test_save_as_goes_through_replace_atomically(original, monkeypatch):
    from dicomconstruct import filewriter

    used = []
    real = filewriter.replace_atomically

    def spy(path):
        used.append(os.fspath(path))
        return real(path)

    monkeypatch.setattr(filewriter, "replace_atomically", spy)
    ds = dicomconstruct.dcmread(original)
    ds.PatientName = "Spy^Ed"
    ds.save_as(original)
    assert used == [str(original)]
    assert dicomconstruct.dcmread(original).PatientName == "Spy^Ed"


def test_value_that_does_not_fit_its_vr_keeps_original(original):
    before = original.read_bytes()
    listing = _folder_listing(original)
    ds = dicomconstruct.dcmread(original)
    ds.Rows = "many"  # US
    with pytest.raises((ValueError, TypeError), match=r"(?i)0028, ?0010"):
        ds.save_as(original)
    assert original.read_bytes() == before
    assert _folder_listing(original) == listing


def test_incomplete_file_meta_keeps_original_and_writes_nothing(original):
    before = original.read_bytes()
    listing = _folder_listing(original)
    ds = dicomconstruct.dcmread(original)
    del ds.file_meta.TransferSyntaxUID
    with pytest.raises(ValueError, match="TransferSyntaxUID"):
        ds.save_as(original, enforce_file_format=True)
    assert original.read_bytes() == before
    assert _folder_listing(original) == listing


def test_failed_write_to_a_new_path_leaves_no_file(original):
    ds = dicomconstruct.dcmread(original)
    ds.CommentsOnThePerformedProcedureStep = "Иванов"  # not encodable in ISO_IR 100
    target = original.parent / "new.dcm"
    with pytest.raises(ValueError):
        ds.save_as(target)
    assert not target.exists()
    assert _folder_listing(original) == ["study.dcm"]


def test_failed_deflated_write_keeps_original(tmp_path):
    path = tmp_path / "deflated.dcm"
    path.write_bytes(open(get_testdata_file("CT_small_deflated.dcm"), "rb").read())
    before = path.read_bytes()
    ds = dicomconstruct.dcmread(path)
    ds.PatientName = "Иванов^Иван"  # the data set declares no character set able to hold it
    with pytest.raises(ValueError, match=r"(?i)0010, ?0010"):
        ds.save_as(path)
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["deflated.dcm"]


def test_file_object_receives_nothing_when_a_check_fails(original):
    ds = dicomconstruct.dcmread(original)
    ds.CommentsOnThePerformedProcedureStep = "Иванов"

    class Recorder:
        written = 0

        def write(self, data):
            self.written += len(data)
            return len(data)

    sink = Recorder()
    with pytest.raises(ValueError):
        ds.save_as(sink)
    assert sink.written == 0
