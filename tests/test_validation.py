"""Values checked against their VR as pydicom 3 checks them (PS3.5 table 6.2-1): config.IGNORE, WARN,
RAISE, reading/writing_validation_mode, per element validation_mode, DS/IS grammar when read."""

from __future__ import annotations

import io
import warnings

import pytest

import dicomconstruct
from dicomconstruct import config, valuerep
from dicomconstruct.data import get_testdata_file
from dicomconstruct.dataelem import DataElement
from dicomconstruct.errors import BadVRError, DicomWarning

from ._bytes import SOP, element, meta
from ._settings import process_defaults  # noqa: F401 (autouse fixture)

CT_SMALL = get_testdata_file("CT_small.dcm")


def test_defaults_are_pydicoms():
    assert (config.IGNORE, config.WARN, config.RAISE) == (0, 1, 2)
    assert config.settings.reading_validation_mode == config.WARN
    assert config.settings.writing_validation_mode == config.WARN


BAD_VALUES = [
    ("Rows", "abc", r"\(0028,0010\) Rows: A value of type 'str' cannot be assigned to a tag with VR US\..*'abc'"),
    ("PatientID", "x" * 100, r"\(0010,0020\) PatientID: The value length \(100\) exceeds the maximum length of 64"),
    ("StudyDate", "2020-01-02", r"\(0008,0020\) StudyDate: Invalid value for VR DA: '2020-01-02'"),
    ("SOPInstanceUID", "1.2.abc", r"\(0008,0018\) SOPInstanceUID: Invalid value for VR UI: '1.2.abc'"),
    ("Modality", "ct", r"\(0008,0060\) Modality: Invalid value for VR CS: 'ct'"),
    ("Rows", 70000, r"Rows: Invalid value: a value for a tag with VR US must be between 0 and 65535"),
    ("SliceThickness", "1_0", r"Invalid value for VR DS: '1_0'"),
    ("InstanceNumber", "12345678901", r"a value for a tag with VR IS must be between"),
    ("PatientAge", "45", r"Invalid value for VR AS: '45'"),
    ("StudyTime", "25", r"Invalid value for VR TM: '25'"),
]


@pytest.mark.parametrize("keyword, value, message", BAD_VALUES)
def test_assignment_that_does_not_fit_warns_by_default(keyword, value, message):
    ds = dicomconstruct.dcmread(CT_SMALL)
    with pytest.warns(UserWarning, match=message):
        setattr(ds, keyword, value)


@pytest.mark.parametrize("keyword, value, message", BAD_VALUES)
def test_assignment_that_does_not_fit_raises_under_raise(keyword, value, message):
    config.settings.reading_validation_mode = config.RAISE
    ds = dicomconstruct.Dataset()
    with pytest.raises(ValueError, match=message):
        setattr(ds, keyword, value)
    assert keyword not in ds


@pytest.mark.parametrize("keyword, value, message", BAD_VALUES)
def test_ignore_says_nothing(keyword, value, message):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with config.disable_value_validation():
            ds = dicomconstruct.Dataset()
            setattr(ds, keyword, value)


@pytest.mark.parametrize("keyword, value", [
    ("Rows", 512), ("PatientID", "x" * 64), ("StudyDate", "20200102"), ("StudyDate", "20200101-20200131"),
    ("SOPInstanceUID", "1.2.840.10008.1.2"), ("Modality", "CT"), ("SliceThickness", " -1.5e3 "),
    ("SliceThickness", 0.5), ("InstanceNumber", "-12"), ("PatientAge", "045Y"), ("StudyTime", "235960.123"),
    ("AcquisitionDateTime", "20200102123000.5+0100"), ("ImageType", ["ORIGINAL", "PRIMARY"]),
    ("PatientName", "A" * 64 + "=" + "B" * 64),
])
def test_values_that_fit_are_silent(keyword, value):
    config.settings.reading_validation_mode = config.RAISE
    ds = dicomconstruct.Dataset()
    setattr(ds, keyword, value)


def test_each_value_of_a_multi_value_is_checked():
    config.settings.reading_validation_mode = config.RAISE
    ds = dicomconstruct.Dataset()
    with pytest.raises(ValueError, match=r"ImageType: Invalid value for VR CS: 'primary'"):
        ds.ImageType = ["ORIGINAL", "primary"]
    with pytest.raises(ValueError, match="CS: 'derived'"):
        ds.ImageType = "ORIGINAL\\derived"


def test_per_element_validation_mode():
    elem = DataElement(0x00080060, "CS", "CT", validation_mode=config.RAISE)
    with pytest.raises(ValueError, match="Invalid value for VR CS"):
        elem.value = "ct"
    quiet = DataElement(0x00080060, "CS", "ct", validation_mode=config.IGNORE)
    assert quiet.value == "ct" and quiet.validation_mode == config.IGNORE
    with pytest.raises(ValueError):
        DataElement(0x00080060, "CS", "ct", validation_mode=config.RAISE)


def test_element_keeps_the_mode_in_force_when_it_was_made():
    with config.limits(reading_validation_mode=config.RAISE):
        elem = DataElement(0x00080060, "CS", "CT")
    assert elem.validation_mode == config.RAISE
    with pytest.raises(ValueError):
        elem.value = "ct"


def test_add_new_lo_with_an_int_warns_then_cannot_be_written():
    ds = dicomconstruct.dcmread(CT_SMALL)
    with pytest.warns(UserWarning, match="A value of type 'int' cannot be assigned to a tag with VR LO"):
        ds.add_new(0x00111010, "LO", 512)
    with pytest.raises(TypeError, match=r"\(0011,1010\) LO: a value of type 'int' cannot be written"):
        ds.save_as(io.BytesIO())


def test_writing_validation_mode_raise_refuses_invalid_values_at_write():
    ds = dicomconstruct.dcmread(CT_SMALL)
    with config.disable_value_validation():
        ds.Modality = "ct"
    ds.save_as(io.BytesIO())  # WARN (default): written as given
    with config.limits(writing_validation_mode=config.RAISE):
        with pytest.raises(ValueError, match=r"\(0008,0060\) Modality: Invalid value for VR CS: 'ct'"):
            ds.save_as(io.BytesIO())
        ds.Modality = "CT"
        ds.save_as(io.BytesIO())


def test_validate_value_and_is_valid_ds():
    valuerep.validate_value("CS", "ct", config.IGNORE)
    with pytest.warns(UserWarning, match="Invalid value for VR CS"):
        valuerep.validate_value("CS", "ct", config.WARN)
    with pytest.raises(ValueError, match="Invalid value for VR CS"):
        valuerep.validate_value("CS", "ct", config.RAISE)
    with pytest.raises(ValueError, match="custom"):
        valuerep.validate_value("LO", "x", config.RAISE, lambda vr, value: (False, "custom"))
    for good in ("1", "-1.5", "+.5", "1.", "1e5", " 1.5E-3 ", "0123456789012345"):
        assert valuerep.is_valid_ds(good), good
    for bad in ("1_0", "nan", "inf", "-inf", " 1e5x", "1 0", "0x10", "١٢", "1.5\n", "01234567890123456", ""):
        assert valuerep.is_valid_ds(bad) is (bad == ""), bad


def test_ds_and_is_constructors_take_a_validation_mode():
    with pytest.raises(ValueError):
        valuerep.DS("1_0", validation_mode=config.RAISE)
    with pytest.raises(ValueError):
        valuerep.IS("1_0", validation_mode=config.RAISE)
    assert valuerep.DS("1_0", validation_mode=config.IGNORE) == 10.0


# -- DS/IS read from a file: the grammar of PS3.5 table 6.2-1 -----------------------------------------

def _read_ds(text: bytes):
    return dicomconstruct.dcmread(io.BytesIO(meta() + SOP + element(0x00180050, "DS", text)))


@pytest.mark.parametrize("text", [b"1_0 ", b"nan ", b"inf ", b"1e5x", b"- 1 "])
def test_ds_read_that_is_not_ds_is_refused_in_strict_mode(text):
    with config.limits(strict=True):
        ds = _read_ds(text)
        with pytest.raises(BadVRError, match=r"\(0018,0050\) at offset \d+: invalid DS value") as caught:
            ds.SliceThickness
    assert caught.value.tag == 0x00180050


@pytest.mark.parametrize("text", [b"1_0 ", b"nan "])
def test_ds_read_that_is_not_ds_is_refused_under_raise(text):
    with config.limits(reading_validation_mode=config.RAISE):
        with pytest.raises(BadVRError):
            _read_ds(text).SliceThickness


def test_ds_read_that_is_not_ds_warns_and_keeps_the_number_by_default():
    with pytest.warns(DicomWarning, match=r"\(0018,0050\) at offset \d+: invalid DS value '1_0'"):
        value = _read_ds(b"1_0 ").SliceThickness
    assert value == 10.0 and str(value) == "1_0"


def test_ds_read_is_not_checked_under_ignore():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with config.limits(reading_validation_mode=config.IGNORE):
            assert _read_ds(b"1_0 ").SliceThickness == 10.0


def test_is_read_that_is_not_is_is_refused_in_strict_mode():
    data = meta() + SOP + element(0x00200013, "IS", b"1_0 ")
    with config.limits(strict=True):
        with pytest.raises(BadVRError, match="invalid IS value"):
            dicomconstruct.dcmread(io.BytesIO(data)).InstanceNumber


# -- offsets of elements modified in memory -----------------------------------------------------------

def test_modified_or_replaced_elements_have_no_offsets():
    ds = dicomconstruct.dcmread(CT_SMALL)
    name, rows = ds["PatientName"], ds["Rows"]
    assert name.file_offset is not None and name.value_offset is not None and name.value_length is not None
    ds.PatientName = "Someone^Else"
    assert (name.file_offset, name.value_offset, name.value_length, name.header_length) == (None,) * 4
    ds["Rows"] = DataElement(0x00280010, "US", 64)
    assert (ds["Rows"].file_offset, ds["Rows"].value_offset, ds["Rows"].value_length) == (None,) * 3
    assert rows.file_offset is not None  # the element that was replaced still says where it was
