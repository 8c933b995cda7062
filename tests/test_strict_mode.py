"""Recoverable oddities: a DicomWarning naming tag and offset by default (the data read so far is
kept), the matching InvalidDicomError subclass in strict mode (config.settings.strict)."""

from __future__ import annotations

import io
import struct
import warnings

import pytest

import dicomconstruct
from dicomconstruct import config
from dicomconstruct.data import get_testdata_file
from dicomconstruct.errors import (
    BadDelimiterError,
    BadLengthError,
    BadVRError,
    DicomWarning,
    InvalidDicomError,
    TruncatedDataError,
)

from ._bytes import SOP, element, item, meta

SCS = element(0x00080005, "CS", b"ISO_IR 100")


def read(data: bytes, **kwargs):
    return dicomconstruct.dcmread(io.BytesIO(data), **kwargs)


def offset_of(data: bytes, chunk: bytes) -> int:
    return data.index(chunk)


@pytest.fixture
def strict():
    with config.limits(strict=True):
        yield


# -- odd value length (PS3.5 7.1.1) ------------------------------------------------------------------

ODD = element(0x00100010, "PN", b"Odd^Len")  # 7 bytes
ODD_FILE = meta() + SCS + SOP + ODD


def test_odd_length_warns_with_tag_and_offset_and_keeps_the_value():
    ds = read(ODD_FILE)
    at = offset_of(ODD_FILE, ODD)
    with pytest.warns(DicomWarning, match=rf"\(0010,0010\) at offset {at}: value length 7 is odd"):
        assert ds.PatientName == "Odd^Len"


def test_odd_length_is_an_error_in_strict_mode(strict):
    ds = read(ODD_FILE)
    with pytest.raises(BadLengthError, match=rf"\(0010,0010\) at offset {offset_of(ODD_FILE, ODD)}"):
        ds.PatientName


# -- VR that disagrees with the dictionary ------------------------------------------------------

WRONG_VR = element(0x00280010, "SS", struct.pack("<h", 512))  # Rows is US
WRONG_VR_FILE = meta() + SCS + SOP + WRONG_VR


def test_vr_mismatching_the_dictionary_warns_and_reads_as_written():
    ds = read(WRONG_VR_FILE)
    at = offset_of(WRONG_VR_FILE, WRONG_VR)
    with pytest.warns(DicomWarning, match=rf"\(0028,0010\) at offset {at}: VR SS disagrees with the dictionary's US"):
        elem = ds[0x00280010]
    assert elem.VR == "SS" and elem.value == 512


def test_vr_mismatching_the_dictionary_is_an_error_in_strict_mode(strict):
    ds = read(WRONG_VR_FILE)
    with pytest.raises(BadVRError, match=r"\(0028,0010\)"):
        ds.Rows


def test_ambiguous_and_unknown_vrs_are_not_mismatches(strict):
    data = meta() + SCS + SOP + element(0x00280106, "SS", struct.pack("<h", -3)) + element(
        0x00291010, "OB", b"\x01\x02") + element(0x7FE00010, "OW", b"\x00\x01")
    ds = read(data)
    assert ds.SmallestImagePixelValue == -3  # 'US or SS'
    assert ds[0x00291010].value == b"\x01\x02"  # private
    assert ds.PixelData == b"\x00\x01"  # 'OB or OW'


# -- missing delimiters at the end of the data (PS3.5 7.5) -----------------------------------------

LEAF = element(0x00100020, "LO", b"LEAF")
NO_DELIMITERS = (
    meta() + SCS + SOP
    + element(0x00081115, "SQ", b"", 0xFFFFFFFF)
    + struct.pack("<HHL", 0xFFFE, 0xE000, 0xFFFFFFFF) + LEAF  # item and sequence never delimited
)


def test_missing_delimiters_at_end_warn_with_offset_and_keep_the_items():
    with pytest.warns(DicomWarning, match=rf"offset {len(NO_DELIMITERS)}: data ended before the "):
        ds = read(NO_DELIMITERS)
    assert ds.ReferencedSeriesSequence[0].PatientID == "LEAF"


def test_missing_delimiters_at_end_are_an_error_in_strict_mode(strict):
    with pytest.raises(BadDelimiterError, match=rf"offset {len(NO_DELIMITERS)}"):
        read(NO_DELIMITERS)


def test_delimited_sequence_reads_silently_in_strict_mode(strict):
    data = meta() + SCS + SOP + element(0x00081115, "SQ", b"", 0xFFFFFFFF) + item(LEAF, undefined=True) + struct.pack(
        "<HHL", 0xFFFE, 0xE0DD, 0)
    assert read(data).ReferencedSeriesSequence[0].PatientID == "LEAF"


# -- value longer than the data ---------------------------------------------------------------------

TRUNCATED = meta() + SCS + SOP + element(0x00104000, "LT", b"only these bytes", 100)


def test_value_past_the_end_warns_and_keeps_what_is_there():
    at = TRUNCATED.index(b"\x10\x00\x00\x40LT")
    with pytest.warns(DicomWarning, match=rf"\(0010,4000\) at offset {at}: value is 100 bytes long but only 16 remain"):
        ds = read(TRUNCATED)
    assert ds.PatientComments == "only these bytes"


def test_value_past_the_end_is_an_error_in_strict_mode(strict):
    with pytest.raises(TruncatedDataError, match=r"\(0010,4000\)"):
        read(TRUNCATED)


def test_incomplete_element_at_the_end_warns_and_is_written_back():
    data = meta() + SCS + SOP + b"\x10\x00\x10"
    with pytest.warns(DicomWarning, match=rf"offset {len(data) - 3}: 3 bytes after the last data element"):
        ds = read(data)
    out = io.BytesIO()
    ds.save_as(out)
    assert out.getvalue() == data


# -- values that do not fit their VR ------------------------------------------------------------------

BAD_IS = meta() + SCS + SOP + element(0x00200013, "IS", b"1A")


def test_invalid_number_text_is_kept_as_read_after_a_warning():
    ds = read(BAD_IS)
    with pytest.warns(DicomWarning, match=r"\(0020,0013\) at offset \d+: invalid IS value '1A'"):
        assert ds.InstanceNumber == "1A"
    out = io.BytesIO()
    ds.save_as(out)
    assert out.getvalue() == BAD_IS


def test_invalid_number_text_is_an_error_in_strict_mode(strict):
    with pytest.raises(BadVRError, match=r"\(0020,0013\)"):
        read(BAD_IS).InstanceNumber


SHORT_UL = element(0x00081161, "UL", struct.pack("<L", 7) + b"\x01\x00")  # 6 bytes of UL (4 per value)
SHORT_UL_FILE = meta() + SCS + SOP + SHORT_UL


def test_binary_value_length_not_a_multiple_is_an_error_naming_tag_and_offset_in_strict_mode(strict):
    ds = read(SHORT_UL_FILE)
    at = SHORT_UL_FILE.index(SHORT_UL) + 8
    with pytest.raises(BadLengthError, match=rf"\(0008,1161\) at offset {at}: UL value of 6 bytes"):
        ds[0x00081161].value


def test_binary_value_length_not_a_multiple_warns_naming_tag_and_offset():
    # Codec-layer gap: dicomconstruct.codec.values._decode_numbers reports without tag/offset.
    ds = read(SHORT_UL_FILE)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert ds[0x00081161].value == 7
    messages = [str(w.message) for w in caught if issubclass(w.category, DicomWarning)]
    assert any("multiple of 4" in m and "(0008,1161)" in m and "offset" in m for m in messages), messages


# -- strict mode does not touch valid data ------------------------------------------------------------

@pytest.mark.parametrize("name", ["CT_small.dcm", "CT_small_deflated.dcm", "CT_nested_sequences.dcm",
                                  "CT_small_big_endian.dcm", "MF_grayscale_word.dcm"])
def test_valid_files_read_and_write_silently_in_strict_mode(name, strict):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ds = dicomconstruct.dcmread(get_testdata_file(name))
        for elem in ds.iterall():
            elem.value
        str(ds)
        out = io.BytesIO()
        ds.save_as(out)
    assert out.getvalue() == open(get_testdata_file(name), "rb").read()


def test_strict_errors_are_invalid_dicom_errors_and_warnings_are_dicom_warnings():
    assert issubclass(BadLengthError, InvalidDicomError)
    with pytest.warns(DicomWarning):
        config.report(BadLengthError("odd", tag=0x00100010, offset=4))
    with config.limits(strict=True), pytest.raises(BadLengthError, match=r"^\(0010,0010\) at offset 4: odd$"):
        config.report(BadLengthError("odd", tag=0x00100010, offset=4))
    assert config.settings.strict is False
