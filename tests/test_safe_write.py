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
