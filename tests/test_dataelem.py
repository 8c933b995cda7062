"""DataElement: conversion by VR, VM, names, repval, equality, raw tracking."""

import copy
import pickle

import pytest

from dicomconstruct import DataElement, dcmread
from dicomconstruct.data import get_testdata_file
from dicomconstruct.multival import MultiValue
from dicomconstruct.sequence import Sequence
from dicomconstruct.tag import Tag
from dicomconstruct.uid import UID
from dicomconstruct.valuerep import DAstr as DA, DSfloat, IS, PersonName
from tests.corpus import pydicom_test_file


@pytest.mark.parametrize(
    "VR, value, kind",
    [
        ("DS", "1.5", DSfloat),
        ("IS", "12", IS),
        ("PN", "A^B", PersonName),
        ("UI", "1.2.3", UID),
        ("DA", "20240101", DA),
        ("AT", 0x00100010, Tag),
        ("US", 3, int),
    ],
)
def test_values_take_the_vr_type(VR, value, kind):
    elem = DataElement(0x00091001, VR, value)
    assert isinstance(elem.value, kind)


def test_lists_become_multivalue_and_single_item_lists_a_value():
    elem = DataElement(0x00280030, "DS", ["0.5", 1])
    assert isinstance(elem.value, MultiValue) and elem.VM == 2
    elem.value.append("2.5")
    assert isinstance(elem.value[-1], DSfloat)
    assert isinstance(DataElement(0x00280030, "DS", ["0.5"]).value, DSfloat)


def test_vm():
    assert DataElement(0x00100010, "PN", "").VM == 0
    assert DataElement(0x00100010, "PN", None).VM == 0
    assert DataElement(0x00280010, "US", 5).VM == 1
    assert DataElement(0x00080008, "CS", ["A", "B", "C"]).VM == 3
    assert DataElement(0x00101002, "SQ", []).VM == 1
    assert DataElement(0x00101002, "SQ", []).is_empty


def test_sequence_value():
    elem = DataElement(0x00101002, "SQ", None)
    assert isinstance(elem.value, Sequence) and len(elem.value) == 0
    assert repr(elem).endswith("SQ: <Sequence, length 0>")


def test_dates_from_datetime_objects():
    import datetime

    assert DataElement(0x00080020, "DA", datetime.date(2024, 2, 3)).value == "20240203"
    assert DataElement(0x00080030, "TM", datetime.time(7, 8, 9)).value == "070809"


def test_names_and_keywords():
    assert DataElement(0x00100010, "PN", "").name == "Patient's Name"
    assert DataElement(0x00100010, "PN", "").keyword == "PatientName"
    assert DataElement(0x00110000, "UL", 0).name == "Private Creator"  # as pydicom 3.0.2
    assert DataElement(0x00080000, "UL", 0).name == "Group Length"
    assert DataElement(0x00990010, "LO", "X").name == "Private Creator"
    elem = DataElement(0x00431010, "US", 1)
    elem.private_creator = "GEMS_PARM_01"
    assert elem.name == "[Window value]" and elem.keyword == "" and elem.is_private
    assert DataElement(0x60003000, "OW", b"").name == "Overlay Data"


def test_repval_long_values_and_uids():
    assert DataElement(0x7FE00010, "OW", b"\x00" * 18).repval == "Array of 18 elements"
    assert DataElement(0x7FE00010, "OW", b"\x00\x01").repval == "b'\\x00\\x01'"
    assert DataElement(0x00280010, "US", list(range(17))).repval == "Array of 17 elements"
    assert DataElement(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.2").repval == "CT Image Storage"
    assert DataElement(0x00080018, "UI", "1.2.3").repval == "1.2.3"
    assert str(DataElement(0x00280030, "DS", ["1", "2"])) == (
        "(0028, 0030) Pixel Spacing                       DS: [1, 2]"
    )


def test_equality_and_copies():
    a = DataElement(0x00100010, "PN", "A^B")
    assert a == DataElement(0x00100010, "PN", "A^B")
    assert a != DataElement(0x00100010, "PN", "A^C")
    assert a != DataElement(0x00100020, "LO", "A^B")
    assert copy.deepcopy(a) == a and pickle.loads(pickle.dumps(a)) == a


def test_unscriptable():
    with pytest.raises(TypeError, match="unscriptable"):
        DataElement(0x00280010, "US", 5)[0]


def test_raw_is_offered_only_while_unmodified():
    ds = dcmread(get_testdata_file("CT_small.dcm"))
    elem = ds["ImageType"]
    assert elem.raw is not None
    elem.value  # decoding alone changes nothing
    assert elem.raw is not None
    elem.value[0] = "DERIVED"  # an in-place change is noticed
    assert elem.raw is None
    elem.value[0] = "ORIGINAL"
    assert elem.raw is not None
    seq = ds["OtherPatientIDsSequence"]
    assert seq.raw is not None
    seq.value[0].PatientID = "X"
    assert seq.raw is None
    assert DataElement(0x00100010, "PN", "A").raw is None


def test_invalid_is_value_read_is_kept_with_a_warning():
    from dicomconstruct.errors import DicomWarning

    ds = dcmread(pydicom_test_file("badVR.dcm"))
    with pytest.warns(DicomWarning, match="invalid IS value '1A'"):
        assert ds.NumberOfFrames == "1A"


def test_invalid_value_set_by_user_raises():
    with pytest.raises(ValueError):
        DataElement(0x00200013, "IS", "one")
