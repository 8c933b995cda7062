"""filebase (pydicom's buffer wrappers) and misc helpers, on real bytes."""

from __future__ import annotations

import io
import logging

import pytest

import dicomconstruct
from dicomconstruct.data import get_testdata_file
from dicomconstruct.filebase import DicomBytesIO, DicomFile, DicomFileLike, DicomIO
from dicomconstruct.misc import is_dicom, size_in_bytes, warn_and_log

CT = get_testdata_file("CT_small.dcm")
NO_META = get_testdata_file("no_meta.dcm")


def test_tags_and_numbers_in_both_byte_orders():
    fp = DicomBytesIO()
    fp.is_little_endian = True
    fp.write_tag(0x00100020)
    fp.write_US(0x0102)
    fp.write_UL(0x01020304)
    fp.is_little_endian = False
    fp.write_tag(0x00100020)
    fp.write_US(0x0102)
    fp.write_UL(0x01020304)
    assert fp.getvalue() == (b"\x10\x00\x20\x00\x02\x01\x04\x03\x02\x01"
                             b"\x00\x10\x00\x20\x01\x02\x01\x02\x03\x04")
    fp.seek(0)
    fp.is_little_endian = True
    assert (fp.read_tag(), fp.read_US(), fp.read_UL()) == ((0x0010, 0x0020), 0x0102, 0x01020304)
    fp.is_little_endian = False
    assert (fp.read_tag(), fp.read_US(), fp.read_UL()) == ((0x0010, 0x0020), 0x0102, 0x01020304)


def test_encoding_flags_must_be_set_and_bool():
    fp = DicomBytesIO(b"")
    with pytest.raises(AttributeError, match="is_little_endian"):
        fp.is_little_endian
    with pytest.raises(AttributeError, match="is_implicit_VR"):
        fp.is_implicit_VR
    with pytest.raises(TypeError, match="must be bool"):
        fp.is_little_endian = 1
    with pytest.raises(TypeError, match="must be bool"):
        fp.is_implicit_VR = "yes"
    fp.is_implicit_VR = True
    assert fp.is_implicit_VR is True


def test_read_exact_raises_eof_with_position():
    fp = DicomBytesIO(b"\x01\x02\x03")
    assert fp.read_exact(2) == b"\x01\x02"
    with pytest.raises(EOFError, match="Read 1 bytes of 4 expected starting at position 0x2"):
        fp.read_exact(4)


def test_wrapper_without_read_or_write():
    class WriteOnly:
        def __init__(self):
            self.data = io.BytesIO()
            self.write, self.seek, self.tell = self.data.write, self.data.seek, self.data.tell

    fp = DicomIO(WriteOnly())
    fp.write(b"ab")
    assert fp.parent.data.getvalue() == b"ab"
    with pytest.raises(TypeError, match="object has no read"):
        fp.read(1)
    assert fp.name is None
    fp.name = "x"
    assert fp.name == "x"


def test_dcmread_and_dcmwrite_through_wrappers(tmp_path):
    with open(CT, "rb") as f:
        original = f.read()
    ds = dicomconstruct.dcmread(DicomBytesIO(original))
    assert str(ds.PatientName) == "CompressedSamples^CT1"
    out = DicomBytesIO()
    ds.save_as(out)
    assert out.getvalue() == original
    with DicomFile(CT, "rb") as fp:
        assert isinstance(fp, DicomFileLike)
        assert fp.name == CT
        assert dicomconstruct.dcmread(fp).PatientName == ds.PatientName
    assert fp.parent.closed


def test_is_dicom(tmp_path):
    assert is_dicom(CT)
    assert not is_dicom(NO_META)
    short = tmp_path / "short"
    short.write_bytes(b"DICM")
    assert not is_dicom(short)
    with pytest.raises(OSError):
        is_dicom(tmp_path / "absent.dcm")


@pytest.mark.parametrize("expr, expected", [
    (None, None), (float("inf"), None), (1234, 1234), (2.5, 2.5), ("1234", 1234), ("4 kb", 4000),
    ("4 kib", 4096), ("0.8 kb", 800), ("16 KiB", 0x4000), ("3  MB", 3e6), ("2giB", 2**31),
])
def test_size_in_bytes(expr, expected):
    assert size_in_bytes(expr) == expected


@pytest.mark.parametrize("expr", ["2 TB", "KB 2", "4 KB asdf", "1.2.3 kb"])
def test_size_in_bytes_refuses(expr):
    with pytest.raises(ValueError):
        size_in_bytes(expr)


def test_warn_and_log(caplog):
    with caplog.at_level(logging.WARNING, logger="dicomconstruct"):
        with pytest.warns(UserWarning, match="Foo"):
            warn_and_log("Foo!")
    assert "Foo!" in caplog.text
