"""Dataset access, modification, traversal, copies, private blocks, File Meta and writing rules."""

import copy
import io
import os
import pickle
import warnings

import pytest

import dicomconstruct
from dicomconstruct import Dataset, DataElement, FileDataset, FileMetaDataset, Sequence, dcmread, dcmwrite
from dicomconstruct.data import get_testdata_file
from dicomconstruct.tag import Tag
from dicomconstruct.valuerep import DSfloat, IS, PersonName


@pytest.fixture
def ct():
    return dcmread(get_testdata_file("CT_small.dcm"))


def test_access_forms(ct):
    elem = ct[0x00100010]
    assert ct[0x0010, 0x0010] is elem
    assert ct[(0x0010, 0x0010)] is elem
    assert ct["PatientName"] is elem
    assert ct[Tag(0x00100010)] is elem
    assert ct.PatientName == "CompressedSamples^CT1"
    assert isinstance(ct.PatientName, PersonName)


def test_hex_string_keys_as_pydicom(ct):
    """pydicom's Dataset takes a tag written in hex wherever it takes a keyword."""
    elem = ct[0x00100010]
    assert ct["00100010"] is elem
    assert ct["0x00100010"] is elem
    assert "00100010" in ct and "0x00280010" in ct
    with pytest.raises(KeyError, match="neither a DICOM keyword nor a tag"):
        ct["NotAKeyword"]
    with pytest.raises(KeyError):
        ct["123456789"]  # too large for a tag
    del ct["00100010"]
    assert 0x00100010 not in ct


def test_contains_forms(ct):
    for key in (0x00100010, (0x0010, 0x0010), [0x0010, 0x0010], "PatientName", Tag(0x00100010)):
        assert key in ct
    for key in ("NotAKeyword", "WindowCenter", 0x00280010 + 0x1000, None, 3.5):
        assert key not in ct


def test_missing_raises_keyerror_and_attributeerror(ct):
    with pytest.raises(KeyError):
        ct[0x00281050]
    with pytest.raises(AttributeError, match="WindowCenter"):
        ct.WindowCenter
    with pytest.raises(KeyError):
        del ct[0x00281050]


def test_types_of_values(ct):
    assert isinstance(ct.SliceThickness, DSfloat) and str(ct.SliceThickness) == "5.000000"
    assert isinstance(ct.SeriesNumber, IS) and ct.SeriesNumber == 1
    assert ct.Rows == 128
    assert ct.SOPClassUID.name == "CT Image Storage"
    assert ct.StudyDate.to_date().year == 2004
    assert ct.ImagePositionPatient[0] == -158.135803


def test_keyword_sets_dictionary_vr():
    ds = Dataset()
    ds.PatientName = "A^B"
    ds.Rows = 5
    ds.PixelSpacing = [0.5, "0.25"]
    assert ds["PatientName"].VR == "PN"
    assert ds["Rows"].VR == "US"
    assert ds["PixelSpacing"].VR == "DS" and ds["PixelSpacing"].VM == 2
    assert ds.PixelSpacing == [0.5, 0.25]


def test_backslash_text_is_split():
    ds = Dataset()
    ds.ImageType = "ORIGINAL\\PRIMARY"
    assert ds.ImageType == ["ORIGINAL", "PRIMARY"]
    ds.ImageComments = "a\\b"  # LT keeps backslashes
    assert ds.ImageComments == "a\\b"


def test_empty_values():
    ds = Dataset()
    ds.PatientName = None
    ds.PatientID = ""
    ds.add_new(0x00091010, "OB", b"")
    ds.ImageType = []
    ds.OtherPatientIDsSequence = None
    assert ds["PatientName"].VM == 0 and ds["PatientID"].VM == 0
    assert ds[0x00091010].VM == 0 and ds["ImageType"].VM == 0
    assert isinstance(ds.OtherPatientIDsSequence, Sequence) and len(ds.OtherPatientIDsSequence) == 0
    out = io.BytesIO()
    dcmwrite(out, ds, implicit_vr=False, little_endian=True)
    back = dcmread(io.BytesIO(out.getvalue()), force=True)
    assert back.PatientName == "" and back.PatientID == "" and back[0x00091010].value in (b"", None)


def test_unknown_camel_case_warns_and_lowercase_does_not():
    ds = Dataset()
    with pytest.warns(UserWarning, match="Camel case attribute 'PatientNam'"):
        ds.PatientNam = "x"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ds.my_attribute = 1
    assert "PatientNam" not in ds and len(ds) == 0


def test_repeater_keyword_refused():
    ds = Dataset()
    with pytest.raises(ValueError, match="repeating group"):
        ds.OverlayData = b"\x00\x00"


def test_repeating_groups_names_and_vr():
    ds = Dataset()
    ds.add_new(0x60020010, "US", 512)
    ds.add_new(0x50000005, "US", 3)
    assert ds[0x60020010].name == "Overlay Rows"
    assert ds[0x50000005].name == "Curve Dimensions"
    assert dicomconstruct.datadict.dictionary_VR(0x60023000) in ("OB or OW", "OW")


def test_delete_by_tag_keyword_and_slice(ct):
    del ct[0x0043, 0x104E]
    del ct.PatientName
    del ct["Rows"]
    assert 0x0043104E not in ct and "PatientName" not in ct and "Rows" not in ct
    del ct[0x00090000:0x000A0000]
    assert not [t for t in ct.keys() if t.group == 0x0009]


def test_get_setdefault_keys_values_items(ct):
    assert ct.get("PatientID") == "1CT1"
    assert ct.get("WindowCenter", "none") == "none"
    assert ct.get(0x00100020).value == "1CT1"
    assert ct.get(0x00281050) is None
    elem = ct.setdefault("WindowCenter", "40")
    assert elem.VR == "DS" and ct.WindowCenter == 40
    assert ct.setdefault(0x00100020, "other").value == "1CT1"
    keys = ct.keys()
    assert keys == sorted(keys) and all(isinstance(k, Tag) for k in keys)
    assert [e.tag for e in ct.values()] == keys
    assert [k for k, _ in ct.items()] == keys
    assert len(ct) == len(keys)


def test_iterall_and_walk(ct):
    tags = [e.tag for e in ct.iterall()]
    assert tags.count(0x00100020) == 3  # top level + two items
    seen = []
    ct.walk(lambda ds, elem: seen.append(elem.tag))
    assert seen == tags
    ct.walk(lambda ds, elem: ds.__delitem__(elem.tag) if elem.tag == 0x00100022 else None)
    assert all(0x00100022 not in item for item in ct.OtherPatientIDsSequence)
    top = []
    ct.walk(lambda ds, elem: top.append(elem.tag), recursive=False)
    assert top == ct.keys()


def test_equality_copy_deepcopy(ct):
    other = dcmread(get_testdata_file("CT_small.dcm"))
    assert ct == other
    other.PatientID = "changed"
    assert ct != other
    shallow = ct.copy()
    del shallow.PatientID
    assert "PatientID" in ct
    deep = copy.deepcopy(ct)
    assert deep == ct
    deep.OtherPatientIDsSequence[0].PatientID = "X"
    assert ct.OtherPatientIDsSequence[0].PatientID == "ABCD1234"


def test_deepcopy_keeps_raw_bytes_for_writing(ct):
    deep = copy.deepcopy(ct)
    a, b = io.BytesIO(), io.BytesIO()
    ct.save_as(a)
    deep.save_as(b)
    assert a.getvalue() == b.getvalue() == open(get_testdata_file("CT_small.dcm"), "rb").read()


def test_pickle(ct):
    back = pickle.loads(pickle.dumps(ct))
    assert back == ct
    assert back.file_meta == ct.file_meta
    assert str(back) == str(ct)
    assert back.ImageType == ["ORIGINAL", "PRIMARY", "AXIAL"]
    back.ImageType.append("X")  # the MultiValue still converts
    out = io.BytesIO()
    back.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    back.save_as(out)
    assert dcmread(io.BytesIO(out.getvalue())) == ct


def test_unmodified_write_is_byte_identical_even_after_reading_every_value(ct):
    original = open(get_testdata_file("CT_small.dcm"), "rb").read()
    for elem in ct.iterall():
        elem.value
    out = io.BytesIO()
    ct.save_as(out)
    assert out.getvalue() == original


def test_modified_value_is_reencoded(ct):
    ct.PatientID = "NEW"
    ct.OtherPatientIDsSequence[1].PatientID = "ITEM"
    out = io.BytesIO()
    ct.save_as(out)
    back = dcmread(io.BytesIO(out.getvalue()))
    assert back.PatientID == "NEW"
    assert back.OtherPatientIDsSequence[1].PatientID == "ITEM"
    assert back.OtherPatientIDsSequence[0].PatientID == "ABCD1234"


def test_in_place_multivalue_change_is_written(ct):
    ct.ImageType[2] = "LOCALIZER"
    out = io.BytesIO()
    ct.save_as(out)
    assert dcmread(io.BytesIO(out.getvalue())).ImageType == ["ORIGINAL", "PRIMARY", "LOCALIZER"]


def test_private_elements_and_blocks(ct):
    elem = ct[0x0043, 0x104E]
    assert elem.is_private and elem.private_creator == "GEMS_PARM_01"
    assert elem.name == "[Duration of X-ray on]"
    block = ct.private_block(0x0043, "GEMS_PARM_01")
    assert block[0x4E].value == elem.value
    assert 0x4E in block
    with pytest.raises(KeyError, match="GEMS_NOPE"):
        ct.private_block(0x0043, "GEMS_NOPE")
    new = ct.private_block(0x0043, "MY_CREATOR", create=True)
    new.add_new(0x01, "LO", "hello")
    assert ct[new.get_tag(0x01)].value == "hello"
    assert ct[0x00430011].value == "MY_CREATOR"
    assert "MY_CREATOR" in ct.private_creators(0x0043)
    with pytest.raises(ValueError):
        ct.private_block(0x0042, "X", create=True)


def test_unknown_private_creator_name():
    ds = Dataset()
    ds.add_new(0x00990010, "LO", "SOMEONE_UNKNOWN")
    ds.add_new(0x00991001, "UN", b"\x01\x02")
    ds.add_new(0x00991101, "UN", b"\x01\x02")
    assert ds[0x00990010].name == "Private Creator"
    assert ds[0x00991001].name == "Private tag data"
    assert ds[0x00991001].private_creator == "SOMEONE_UNKNOWN"
    assert ds[0x00991101].private_creator is None


def test_implicit_private_vr_from_private_dictionary():
    ds = dcmread(get_testdata_file("CT_small_implicit.dcm"))
    elem = ds[0x0043, 0x104E]
    assert elem.VR == "FL" and elem.value == 10.60060977935791


def test_character_set_inherited_by_items():
    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 192"
    item = Dataset()
    item.PatientName = "Ä^É"
    ds.OtherPatientIDsSequence = [item]
    ds.PatientName = "Ünïcode"
    out = io.BytesIO()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
    ds.save_as(out)
    data = out.getvalue()
    assert "Ünïcode".encode("utf-8") in data and "Ä^É".encode("utf-8") in data
    back = dcmread(io.BytesIO(data), force=True)
    assert back.PatientName == "Ünïcode"
    assert back.OtherPatientIDsSequence[0].PatientName == "Ä^É"


def test_file_meta_refuses_other_groups():
    meta = FileMetaDataset()
    with pytest.raises(ValueError, match=r"group 0x0002.*\(0008, 0016\) SOPClassUID"):
        meta.SOPClassUID = "1.2.3"
    with pytest.raises(ValueError, match=r"group 2 elements but the following elements are present: \(0010,0010\)"):
        FileMetaDataset(Dataset({0x00100010: DataElement(0x00100010, "PN", "A")}))
    with pytest.raises(TypeError):
        FileMetaDataset(["1", "2"])
    assert len(FileMetaDataset(None)) == 0
    meta.TransferSyntaxUID = "1.2.840.10008.1.2"
    assert len(meta) == 1


def test_plain_dataset_as_file_meta_is_converted():
    ds = Dataset()
    meta = Dataset()
    meta.TransferSyntaxUID = "1.2.840.10008.1.2"
    ds.file_meta = meta
    assert isinstance(ds.file_meta, FileMetaDataset)


def test_printing_formats():
    ds = Dataset()
    ds.PatientName = "A^B"
    ds.WindowCenter = "100.0"
    ds.add_new(0x00091010, "OB", b"\x00" * 17)
    item = Dataset()
    item.PatientID = "1"
    ds.OtherPatientIDsSequence = [item, Dataset()]
    text = str(ds)
    assert "(0010, 0010) Patient's Name                      PN: 'A^B'" in text
    assert '(0028, 1050) Window Center                       DS: "100.0"' in text
    assert "(0009, 1010) Private tag data                    OB: Array of 17 elements" in text
    assert "(0010, 1002)  Other Patient IDs Sequence   2 item(s) ---- \n    (0010, 0020) Patient ID" in text
    assert "    ---------" in text
    assert ds.top().count("Patient ID ") == 0
    lines = list(ds.formatted_lines())
    assert lines[0].startswith("(0009, 1010) Private tag data")


def test_file_dataset_context_manager_and_attributes(tmp_path):
    path = get_testdata_file("CT_small.dcm")
    with dcmread(path) as ds:
        assert isinstance(ds, FileDataset)
        assert ds.filename == path
        assert ds.timestamp == os.stat(path).st_mtime  # (pydicom's attribute)
        assert ds.is_little_endian and not ds.is_implicit_VR
    with open(path, "rb") as f:
        ds = dcmread(f)
    assert ds.filename == path
    assert ds.timestamp == os.stat(path).st_mtime
    with open(path, "rb") as f:
        assert dcmread(io.BytesIO(f.read())).timestamp is None


def test_stop_before_pixels_and_specific_tags():
    path = get_testdata_file("CT_small.dcm")
    ds = dcmread(path, stop_before_pixels=True)
    assert "PixelData" not in ds and "Rows" in ds
    ds = dcmread(path, specific_tags=["PatientName", 0x00280010])
    assert set(ds.keys()) == {0x00080005, 0x00100010, 0x00280010}


def test_element_file_locations():
    ds = dcmread(get_testdata_file("CT_small.dcm"))
    elem = ds["PatientID"]
    data = open(get_testdata_file("CT_small.dcm"), "rb").read()
    assert data[elem.file_offset : elem.file_offset + 4] == b"\x10\x00\x20\x00"
    assert data[elem.value_offset : elem.value_offset + elem.value_length] == b"1CT1"
    assert elem.file_tell == elem.value_offset
    assert DataElement(0x00100020, "LO", "x").file_offset is None


def test_force_on_non_dicom_raises_at_read_time(tmp_path):
    path = tmp_path / "not_dicom.txt"
    path.write_text("This is not a DICOM file!")
    with pytest.raises(dicomconstruct.errors.InvalidDicomError, match=r"at offset 0.*This is not a DI"):
        dcmread(str(path), force=True)


def test_write_without_encoding_information_raises():
    ds = Dataset()
    ds.PatientName = "A"
    with pytest.raises(ValueError, match="Transfer Syntax UID"):
        dcmwrite(io.BytesIO(), ds)


def test_group_2_in_dataset_refused():
    ds = Dataset()
    ds.add_new(0x00020010, "UI", "1.2.840.10008.1.2")
    with pytest.raises(ValueError, match="file_meta"):
        dcmwrite(io.BytesIO(), ds, implicit_vr=True, little_endian=True)


def test_enforce_file_format_lists_every_missing_element():
    ds = Dataset()
    ds.PatientName = "A"
    with pytest.raises(ValueError) as caught:
        dcmwrite(io.BytesIO(), ds, enforce_file_format=True)
    text = str(caught.value)
    for tag in ("(0002, 0002) MediaStorageSOPClassUID", "(0002, 0003) MediaStorageSOPInstanceUID",
                "(0002, 0010) TransferSyntaxUID"):
        assert tag in text


@pytest.mark.parametrize("syntax", ["1.2.840.10008.1.2", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99"])
def test_convert_transfer_syntax(ct, syntax):
    ct.file_meta.TransferSyntaxUID = syntax
    out = io.BytesIO()
    ct.save_as(out)
    back = dcmread(io.BytesIO(out.getvalue()))
    assert back.file_meta.TransferSyntaxUID == syntax
    original = dcmread(get_testdata_file("CT_small.dcm"))
    if syntax == "1.2.840.10008.1.2.2":
        # OW bytes are kept as stored (as pydicom does): big endian words are the little endian ones swapped
        pixels = back.PixelData
        assert pixels[0::2] == original.PixelData[1::2] and pixels[1::2] == original.PixelData[0::2]
        del back.PixelData, original.PixelData
    assert back == original


@pytest.mark.parametrize("key", [(0x0010, 0x0010), "PatientName", 0x00100010, "0x00100010", [0x0010, 0x0010]])
def test_specific_tags_accept_what_tag_accepts(key):
    ds = dcmread(get_testdata_file("CT_small.dcm"), specific_tags=[key])
    assert sorted(ds.keys()) == [0x00080005, 0x00100010]  # Specific Character Set comes along, as in pydicom
    assert ds.PatientName == "CompressedSamples^CT1"


def test_specific_tags_refuse_an_unknown_keyword():
    with pytest.raises(ValueError, match="NotAKeyword"):
        dcmread(get_testdata_file("CT_small.dcm"), specific_tags=["NotAKeyword"])


# -- Dataset.decode(), FileDataset.buffer (pydicom's names) ------------------------------------


def test_decode_turns_bytes_given_by_users_into_text():
    from dicomconstruct.dataelem import DataElement
    from dicomconstruct.valuerep import PersonName

    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 126"
    ds[0x00100010] = DataElement(0x00100010, "PN", "Διονυσιος".encode("iso_ir_126"))
    ds[0x00081030] = DataElement(0x00081030, "LO", "Αα\\Ββ".encode("iso_ir_126"))
    item = Dataset()
    item[0x00100010] = DataElement(0x00100010, "PN", "Ωμέγα".encode("iso_ir_126"))
    ds.OtherPatientIDsSequence = [item]
    ds.decode()
    assert isinstance(ds.PatientName, PersonName)
    assert ds.PatientName == "Διονυσιος"
    assert list(ds.StudyDescription) == ["Αα", "Ββ"]
    assert ds.OtherPatientIDsSequence[0].PatientName == "Ωμέγα"
    out = io.BytesIO()
    ds.save_as(out, implicit_vr=True, little_endian=True)
    assert "Διονυσιος".encode("iso_ir_126") in out.getvalue()


def test_decode_of_a_file_read_keeps_it_byte_identical():
    path = get_testdata_file("CT_small.dcm")
    with open(path, "rb") as f:
        original = f.read()
    ds = dicomconstruct.dcmread(path)
    ds.decode()
    assert str(ds.PatientName) == "CompressedSamples^CT1"
    out = io.BytesIO()
    ds.save_as(out)
    assert out.getvalue() == original


def test_file_dataset_buffer():
    path = get_testdata_file("CT_small.dcm")
    with open(path, "rb") as f:
        data = f.read()
    buff = io.BytesIO(data)
    ds = dicomconstruct.dcmread(buff)
    assert ds.buffer is buff and ds.filename is None
    assert copy.copy(ds).buffer is buff
    deep = copy.deepcopy(ds)
    assert deep.buffer is not buff and deep.buffer.getvalue() == data
    buff.close()
    with pytest.warns(UserWarning, match="the 'buffer' attribute will be set to 'None'"):
        assert copy.deepcopy(ds).buffer is None
    assert dicomconstruct.dcmread(path).buffer is None
    with open(path, "rb") as f:
        assert dicomconstruct.dcmread(f).buffer is None


def test_replace_un_with_known_vr_setting():
    from dicomconstruct import config

    ds = Dataset()
    ds[0x00100010] = DataElement(0x00100010, "UN", b"Doe^John")
    out = io.BytesIO()
    ds.save_as(out, implicit_vr=False, little_endian=True)
    assert config.replace_un_with_known_vr is True
    assert dcmread(io.BytesIO(out.getvalue()), force=True)[0x00100010].VR == "PN"
    config.replace_un_with_known_vr = False
    try:
        elem = dcmread(io.BytesIO(out.getvalue()), force=True)[0x00100010]
        assert elem.VR == "UN" and elem.value == b"Doe^John"
    finally:
        config.replace_un_with_known_vr = True
    assert isinstance(config.have_numpy, bool)
