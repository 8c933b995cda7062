"""pydicom's lower-level reading and writing API over file-likes (filereader / filewriter), on real bytes."""

from __future__ import annotations

import io
import warnings

import pytest

import dicomconstruct
from dicomconstruct import config
from dicomconstruct.data import get_testdata_file
from dicomconstruct.dataelem import DataElement
from dicomconstruct.dataset import Dataset, FileMetaDataset
from dicomconstruct.errors import InvalidDicomError
from dicomconstruct.filebase import DicomBytesIO
from dicomconstruct.filereader import (
    data_element_generator,
    read_dataset,
    read_file_meta_info,
)
from dicomconstruct.filewriter import (
    _determine_encoding,
    correct_ambiguous_vr,
    dcmwrite,
    write_data_element,
    write_dataset,
    write_file_meta_info,
    write_numbers,
    write_text,
)
from dicomconstruct.uid import UID, CTImageStorage, ExplicitVRBigEndian, ImplicitVRLittleEndian

CT = get_testdata_file("CT_small.dcm")

# (0008,0005) CS "ISO_IR 100", (0008,0020) DA "20000101", explicit then implicit VR little endian
EXPLICIT = b"\x08\x00\x05\x00CS\x0a\x00ISO_IR 100" b"\x08\x00\x20\x00DA\x08\x0020000101"
IMPLICIT = b"\x08\x00\x05\x00\x0a\x00\x00\x00ISO_IR 100" b"\x08\x00\x20\x00\x08\x00\x00\x0020000101"


def _fp(implicit: bool, little: bool = True) -> DicomBytesIO:
    fp = DicomBytesIO()
    fp.is_implicit_VR = implicit
    fp.is_little_endian = little
    return fp


# --- reading -----------------------------------------------------------------------------------


def test_read_dataset_from_the_current_position():
    fp = io.BytesIO(b"\xff" * 6 + EXPLICIT)
    fp.seek(6)
    ds = read_dataset(fp, False, True)
    assert ds.SpecificCharacterSet == "ISO_IR 100" and ds.StudyDate == "20000101"
    assert ds.original_encoding == (False, True)
    assert ds.original_character_set == ["latin_1"]
    assert fp.tell() == 6 + len(EXPLICIT)


def test_read_dataset_reads_the_encoding_found_with_a_warning():
    with pytest.warns(UserWarning, match="Expected implicit VR, but found explicit VR - using explicit VR"):
        ds = read_dataset(io.BytesIO(EXPLICIT), is_implicit_VR=True, is_little_endian=True)
    assert ds.StudyDate == "20000101" and ds.original_encoding == (False, True)
    with pytest.warns(UserWarning, match="Expected explicit VR, but found implicit VR"):
        ds = read_dataset(io.BytesIO(IMPLICIT), is_implicit_VR=False, is_little_endian=True)
    assert ds.StudyDate == "20000101" and ds.original_encoding == (True, True)


def test_read_dataset_encoding_mismatch_raises_when_validation_raises():
    before = config.settings.reading_validation_mode
    config.settings.reading_validation_mode = config.RAISE
    try:
        with pytest.raises(InvalidDicomError, match="Expected implicit VR, but found explicit VR"):
            read_dataset(io.BytesIO(EXPLICIT), is_implicit_VR=True, is_little_endian=True)
    finally:
        config.settings.reading_validation_mode = before


def test_read_dataset_stop_when_and_bytelength():
    fp = io.BytesIO(EXPLICIT)
    ds = read_dataset(fp, False, True, stop_when=lambda tag, vr, length: tag == 0x00080020)
    assert list(ds.keys()) == [0x00080005]
    assert fp.tell() == 18  # left at the element that stopped it
    assert read_dataset(fp, False, True).StudyDate == "20000101"
    ds = read_dataset(io.BytesIO(EXPLICIT), False, True, bytelength=18)
    assert list(ds.keys()) == [0x00080005]


def test_data_element_generator_yields_raw_elements():
    fp = io.BytesIO(b"\x00" * 4 + IMPLICIT)
    fp.seek(4)
    first, second = data_element_generator(fp, True, True)
    assert tuple(first) == ((0x0008, 0x0005), None, 10, b"ISO_IR 100", 12, True, True, True, False)
    assert second.tag == 0x00080020 and second.value == b"20000101" and second.value_tell == 30
    explicit = list(data_element_generator(io.BytesIO(b"\x00\x10\x00\x10PN\x00\x06ABCDEF"), False, False))
    assert tuple(explicit[0])[:7] == ((0x0010, 0x0010), "PN", 6, b"ABCDEF", 8, False, False)


def test_data_element_generator_undefined_lengths():
    # implicit VR value of undefined length: the dictionary's VR, the bytes up to the delimiter
    data = b"\x42\x00\x11\x00\xff\xff\xff\xff" + b"ABCDEFGHIJ" + b"\xfe\xff\xdd\xe0\x00\x00\x00\x00"
    (elem,) = data_element_generator(io.BytesIO(data), True, True)
    assert (elem.VR, elem.length, elem.value, elem.value_tell) == ("OB", 0xFFFFFFFF, b"ABCDEFGHIJ", 8)
    # a sequence of undefined length is a DataElement holding its items
    seq = (b"\x08\x00\x06\x00SQ\x00\x00\xff\xff\xff\xff" b"\xfe\xff\x00\xe0\x0e\x00\x00\x00"
           b"\x10\x00\x10\x00PN\x06\x00ABCDEF" b"\xfe\xff\xdd\xe0\x00\x00\x00\x00")
    (elem,) = data_element_generator(io.BytesIO(seq), False, True)
    assert elem.VR == "SQ" and elem.is_undefined_length and elem.value[0].PatientName == "ABCDEF"


def test_read_file_meta_info():
    meta = read_file_meta_info(CT)
    assert isinstance(meta, FileMetaDataset)
    assert meta.TransferSyntaxUID == "1.2.840.10008.1.2.1"
    assert all(tag >> 16 == 2 for tag in meta.keys())


def test_force_reads_a_buffer_just_written_from_its_start():
    ds = Dataset()
    ds.PatientName = "Citizen^Jan"
    fp = io.BytesIO()
    ds.save_as(fp, implicit_vr=True)
    assert fp.tell() > 0
    assert dicomconstruct.dcmread(fp, force=True).PatientName == "Citizen^Jan"


# --- writing -----------------------------------------------------------------------------------


def test_write_data_element_in_each_encoding():
    elem = DataElement(0x00080060, "CS", "REG")
    fp = _fp(True)
    write_data_element(fp, elem)
    assert fp.getvalue() == b"\x08\x00\x60\x00\x04\x00\x00\x00REG "
    fp = _fp(False, False)
    write_data_element(fp, elem)
    assert fp.getvalue() == b"\x00\x08\x00\x60CS\x00\x04REG "
    fp = _fp(False)
    write_data_element(fp, DataElement(0x0070150D, "OD", b"\x00" * 8))
    assert fp.getvalue() == b"\x70\x00\x0d\x15OD\x00\x00\x08\x00\x00\x00" + b"\x00" * 8


def test_write_data_element_refusals():
    with pytest.raises(ValueError, match="Cannot write ambiguous VR of 'US or SS'"):
        write_data_element(_fp(False), DataElement(0x00280106, "US or SS", 1))
    with pytest.raises(ValueError, match=r"hasn't been encapsulated .* see dicomconstruct\.encaps\.encapsulate\(\)"):
        write_data_element(_fp(False), DataElement(0x7FE00010, "OB", b"\x00" * 8, is_undefined_length=True))
    fp = _fp(False)
    write_data_element(fp, DataElement(0x7FE00010, "OB", b"\xfe\xff\x00\xe0\x00\x00\x00\x00",
                                       is_undefined_length=True))
    assert fp.getvalue() == (b"\xe0\x7f\x10\x00OB\x00\x00\xff\xff\xff\xff" b"\xfe\xff\x00\xe0\x00\x00\x00\x00"
                             b"\xfe\xff\xdd\xe0\x00\x00\x00\x00")


def test_write_dataset_encoding_priority():
    ds = Dataset()
    ds.PatientName = "Foo"
    with pytest.raises(AttributeError, match="'fp.is_implicit_VR' and 'fp.is_little_endian'"):
        write_dataset(DicomBytesIO(), ds)
    ds.set_original_encoding(True, True)
    fp = DicomBytesIO()
    assert write_dataset(fp, ds) == 12
    assert fp.getvalue() == b"\x10\x00\x10\x00\x04\x00\x00\x00Foo "
    fp = _fp(False)
    write_dataset(fp, ds)  # the file-like's encoding first
    assert fp.getvalue() == b"\x10\x00\x10\x00PN\x04\x00Foo "


def test_write_dataset_round_trips_through_read_dataset():
    ds = dicomconstruct.dcmread(CT)
    fp = _fp(True)
    write_dataset(fp, ds)
    fp.seek(0)
    again = read_dataset(fp, True, True)
    assert [e.tag for e in again] == [e.tag for e in ds]
    assert again.PatientName == ds.PatientName and again.PixelData == ds.PixelData


def test_write_file_meta_info_to_the_standard():
    meta = Dataset()
    with pytest.raises(AttributeError, match=r"missing or have an empty value: \(0002, ?0002\)"):
        write_file_meta_info(DicomBytesIO(), meta)
    meta.MediaStorageSOPClassUID = "1.1"
    meta.MediaStorageSOPInstanceUID = "1.2"
    meta.TransferSyntaxUID = "1.2.840.10008.1.2"
    fp = DicomBytesIO()
    write_file_meta_info(fp, meta, enforce_standard=True)
    data = fp.getvalue()
    assert data[:8] == b"\x02\x00\x00\x00UL\x04\x00"
    assert int.from_bytes(data[8:12], "little") == len(data) - 12 == meta.FileMetaInformationGroupLength
    assert meta.FileMetaInformationVersion == b"\x00\x01"
    read = dicomconstruct.dcmread(io.BytesIO(bytes(128) + b"DICM" + data))
    assert read.file_meta.TransferSyntaxUID == ImplicitVRLittleEndian
    bad = Dataset()
    bad.PatientID = "1"
    with pytest.raises(ValueError, match=r"Only File Meta Information group \(0002,eeee\)"):
        write_file_meta_info(DicomBytesIO(), bad)


def test_determine_encoding():
    ds = Dataset()
    assert _determine_encoding(ds, ImplicitVRLittleEndian, None, None, False) == (True, True)
    assert _determine_encoding(ds, None, True, None, False) == (True, True)
    assert _determine_encoding(ds, ImplicitVRLittleEndian, False, False, True) == (False, False)
    ds.set_original_encoding(False, False)
    assert _determine_encoding(ds, None, None, None, False) == (False, False)
    with pytest.raises(ValueError, match="not consistent with the required endianness"):
        _determine_encoding(ds, ImplicitVRLittleEndian, True, False, False)
    with pytest.raises(ValueError, match="'CT Image Storage' is not a valid transfer syntax"):
        _determine_encoding(ds, CTImageStorage, False, True, False)
    with pytest.raises(ValueError, match="required when using a private transfer syntax"):
        _determine_encoding(Dataset(), UID("1.2.3"), None, None, False)


def test_correct_ambiguous_vr():
    ds = Dataset()
    ds.PixelRepresentation = 1
    ds.add_new(0x00280106, "US or SS", b"\x00\x01")  # Smallest Image Pixel Value, big endian 1
    correct_ambiguous_vr(ds, False)
    assert ds[0x00280106].VR == "SS" and ds[0x00280106].value == 1
    ds = Dataset()
    ds.add_new(0x7FE00010, "OB or OW", b"\x00\x01")
    with pytest.raises(AttributeError, match=r"\(7FE0,0010\).*'BitsAllocated'"):
        correct_ambiguous_vr(ds, True)
    ds.BitsAllocated = 8
    assert correct_ambiguous_vr(ds, True)[0x7FE00010].VR == "OB"


def test_value_writers():
    fp = _fp(True, False)
    write_numbers(fp, DataElement(0x00280010, "US", [1, 2]), "H")
    assert fp.getvalue() == b"\x00\x01\x00\x02"
    fp = _fp(True)
    write_text(fp, DataElement(0x00081030, "LO", "Étude"), ["latin_1"])
    assert fp.getvalue() == "Étude ".encode("latin-1")


def test_dcmwrite_pydicom3_arguments(tmp_path):
    ds = dicomconstruct.dcmread(CT)
    path = tmp_path / "x.dcm"
    ds.save_as(path)
    with pytest.raises(FileExistsError):
        dcmwrite(path, ds, overwrite=False)
    with pytest.raises(TypeError, match="Invalid keyword argument"):
        dcmwrite(io.BytesIO(), ds, bogus=1)
    with pytest.raises(TypeError, match="both a positional and keyword"):
        dcmwrite(io.BytesIO(), ds, False, write_like_original=False)
    with pytest.raises(TypeError, match="Expected a file path, file-like or writeable buffer"):
        dcmwrite(None, ds)
    with pytest.raises(ValueError, match="Implicit VR and big endian is not a valid encoding"):
        dcmwrite(io.BytesIO(), Dataset(), implicit_vr=True, little_endian=False)
    private = Dataset()
    private.file_meta = FileMetaDataset()
    private.file_meta.TransferSyntaxUID = "1.2.3.4.5.6"
    with pytest.raises(ValueError, match="required when using a private transfer syntax"):
        dcmwrite(io.BytesIO(), private)
    compressed = Dataset()
    compressed.file_meta = FileMetaDataset()
    compressed.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.4.50"
    compressed.PixelData = b"\x00\x01\x02\x03"
    with pytest.raises(ValueError, match="hasn't been encapsulated"):
        dcmwrite(io.BytesIO(), compressed)
    out = io.BytesIO()
    dcmwrite(out, ds, implicit_vr=True, little_endian=False, force_encoding=True)
    data = out.getvalue()
    start = data.index(b"\x00\x08\x00\x05")  # (0008,0005) implicit VR big endian after the meta
    assert data[start + 4:start + 8] == b"\x00\x00\x00\x0a"


def test_dcmwrite_file_format_leaves_file_meta_alone():
    ds = Dataset()
    ds.SOPClassUID = "1.2"
    ds.SOPInstanceUID = "1.2.3"
    ds.file_meta = FileMetaDataset()
    fp = io.BytesIO()
    dcmwrite(fp, ds, implicit_vr=True, enforce_file_format=True)
    assert len(ds.file_meta) == 0
    out = dicomconstruct.dcmread(io.BytesIO(fp.getvalue()))
    assert out.file_meta.TransferSyntaxUID == ImplicitVRLittleEndian
    assert out.file_meta.MediaStorageSOPInstanceUID == "1.2.3"
    fp = io.BytesIO()
    dcmwrite(fp, ds, implicit_vr=False, little_endian=False, enforce_file_format=True)
    assert dicomconstruct.dcmread(io.BytesIO(fp.getvalue())).file_meta.TransferSyntaxUID == ExplicitVRBigEndian


def test_original_encoding_and_deprecated_attributes():
    ds = dicomconstruct.dcmread(CT)
    assert ds.original_encoding == (False, True)
    assert ds.is_original_encoding
    with pytest.warns(DeprecationWarning, match="is_implicit_VR' will be removed"):
        ds.is_implicit_VR = True
    assert ds.is_implicit_VR is True and not ds.is_original_encoding
    fresh = Dataset()
    assert fresh.original_encoding == (None, None) and not fresh.is_original_encoding
    fresh.set_original_encoding(True, True, ["latin_1"])
    fresh.set_original_encoding(True, False)
    assert fresh.original_encoding == (True, False) and fresh.original_character_set == ["latin_1"]


def test_get_private_item():
    ds = dicomconstruct.dcmread(CT)
    elem = ds.get_private_item(0x0043, 0x4E, "GEMS_PARM_01")
    assert elem.tag == 0x0043104E
    with pytest.raises(KeyError):
        ds.get_private_item(0x0043, 0x4E, "NOT A CREATOR")
    with pytest.raises(ValueError):
        ds.get_private_item(0x0010, 0x4E, "GEMS_PARM_01")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ds.get_private_item(0x0043, 0x4E, "GEMS_PARM_01").value == elem.value


def test_dcmread_refuses_what_cannot_be_read_and_reports_implicit_file_meta():
    with pytest.raises(TypeError, match="Expected a file path, file-like or readable buffer, but got int"):
        dicomconstruct.dcmread(42)
    implicit_meta = b"\x02\x00\x10\x00\x12\x00\x00\x00" b"1.2.840.10008.1.2\x00"
    with pytest.warns(UserWarning, match="Expected explicit VR, but found implicit VR"):
        ds = dicomconstruct.dcmread(io.BytesIO(implicit_meta), force=True)
    assert ds.file_meta.TransferSyntaxUID == ImplicitVRLittleEndian


def test_deferred_value_of_a_removed_file_is_an_os_error(tmp_path):
    path = tmp_path / "ct.dcm"
    path.write_bytes(open(CT, "rb").read())
    ds = dicomconstruct.dcmread(path, defer_size=2000)
    path.unlink()
    with pytest.raises(OSError):
        ds.PixelData  # noqa: B018


def test_dataset_key_handling_as_pydicom():
    ds = Dataset()
    ds.PatientName = "Citizen^Jan"
    with pytest.warns(UserWarning, match="Invalid value 'Dummyname' used with the 'in' operator"):
        assert "Dummyname" not in ds
    with pytest.raises(TypeError, match="Dataset.get key must be a string or tag"):
        ds.get(-0x0010, 0x0010)
    assert ds.get("Dummyname", 5) == 5
    with pytest.raises(ValueError, match="Unable to convert the key 'invalid' to an element tag"):
        ds["invalid"] = ds["PatientName"]
    with pytest.raises(ValueError):
        ds[:-1]  # noqa: B018
    assert "PatientName" in ds.trait_names() and "save_as" in ds.trait_names()


def test_setdefault_pop_and_file_meta_as_pydicom():
    ds = Dataset()
    with pytest.warns(UserWarning, match=r"Unknown DICOM tag \(8888,0002\) - setting VR to 'UN'"):
        assert ds.setdefault(0x88880002, b"foo").VR == "UN"
    assert ds.setdefault(0x00090020, None).VR == "UN"  # private: UN without a word
    with pytest.raises(ValueError, match="unknown DICOM element keyword"):
        ds.setdefault("FooBar", "foo")
    with pytest.raises(KeyError):
        ds.pop(0x300A00B244)
    with pytest.warns(UserWarning, match=r"tags have a maximum value of \(0xFFFF, 0xFFFF\)"):
        assert 0x100100010 not in ds
    with pytest.raises(TypeError, match="'Dataset.file_meta' must be a 'FileMetaDataset' instance"):
        ds.file_meta = []
    meta = FileMetaDataset()
    assert meta._tsyntax_encoding == (None, None)
    meta.TransferSyntaxUID = ImplicitVRLittleEndian
    assert meta._tsyntax_encoding == (True, True)
    meta.TransferSyntaxUID = CTImageStorage
    assert meta._tsyntax_encoding == (None, None)


def test_deprecated_read_attributes():
    ds = dicomconstruct.dcmread(CT)
    with pytest.warns(DeprecationWarning, match="'FileDataset.read_implicit_vr' will be removed in v4.0"):
        assert ds.read_implicit_vr is False
    with pytest.warns(DeprecationWarning, match="read_little_endian"):
        assert ds.read_little_endian is True
    with pytest.warns(DeprecationWarning, match="use 'FileDataset.original_character_set' instead"):
        assert ds.read_encoding == ds.original_character_set
    lines = list(ds.formatted_lines("%(keyword)s", "%(keyword)s", indent_format=">>>"))
    assert lines[0] == "SpecificCharacterSet"


def test_write_data_element_too_long_for_explicit_vr_becomes_un():
    value = b"\\".join([b"123456.789012345"] * 4500)
    elem = DataElement(0x30040058, "DS", value)
    fp = _fp(True)
    write_data_element(fp, elem)
    fp.seek(0)
    assert read_dataset(fp, True, True)[0x30040058].VR == "DS"
    fp = _fp(False)
    with pytest.warns(UserWarning, match=r"VR is changed from 'DS' to 'UN'"):
        write_data_element(fp, elem)
    data = fp.getvalue()
    assert data[4:8] == b"UN\x00\x00" and int.from_bytes(data[8:12], "little") == len(value) + 1


def test_write_numbers_lut_descriptor_first_value_unsigned():
    fp = _fp(True, False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 32768 is out of range for SS: said at assignment
        elem = DataElement(0x00283002, "SS", [32768, 0, 16])
    write_numbers(fp, elem, "h")
    assert fp.getvalue() == b"\x80\x00\x00\x00\x00\x10"


def test_deflated_file_buffer_is_the_inflated_stream():
    path = get_testdata_file("CT_small_deflated.dcm")
    ds = dicomconstruct.dcmread(path)
    assert isinstance(ds.buffer, DicomBytesIO) and ds.filename == path and ds.fileobj_type is DicomBytesIO
    ds.buffer.seek(0)
    again = read_dataset(ds.buffer, False, True)
    assert again.PatientName == ds.PatientName


def test_future_and_keyword_settings_when_set(monkeypatch):
    ds = Dataset()
    monkeypatch.setattr(config, "INVALID_KEYWORD_BEHAVIOR", "RAISE", raising=False)
    with pytest.raises(ValueError, match="Camel case attribute 'PatientsName'"):
        ds.PatientsName = "x"
    monkeypatch.setattr(config, "INVALID_KEY_BEHAVIOR", "RAISE", raising=False)
    with pytest.raises(ValueError, match="used with the 'in' operator"):
        "invalid" in ds  # noqa: B015
    monkeypatch.setattr(config, "_use_future", True, raising=False)
    with pytest.raises(AttributeError, match="no attribute 'is_implicit_VR'"):
        ds.is_implicit_VR = True
    with pytest.raises(TypeError, match="no longer accepted"):
        dcmwrite(io.BytesIO(), ds, write_like_original=False)


def test_writing_resolves_new_ambiguous_vrs_in_the_dataset():
    ds = Dataset()
    ds.SmallestImagePixelValue = 0
    ds.PixelRepresentation = 0
    ds.LUTDescriptor = [1, 0]
    ds.LUTData = 0
    assert ds[0x00280106].VR == "US or SS" and ds[0x00283006].VR == "US or OW"
    out = io.BytesIO()
    ds.save_as(out, implicit_vr=True)
    assert (ds[0x00280106].VR, ds[0x00283002].VR, ds[0x00283006].VR) == ("US", "US", "US")
    assert ds.LUTDescriptor == [1, 0] and ds.LUTData == 0
    out.seek(0)
    assert dicomconstruct.dcmread(out, force=True).SmallestImagePixelValue == 0


def test_read_dataset_keeps_the_parent_encoding_as_given():
    ds = read_dataset(io.BytesIO(b"\x10\x00\x10\x00PN\x04\x00Foo "), False, True, parent_encoding="latin1")
    assert ds.original_character_set == "latin1"
    with pytest.warns(DeprecationWarning, match="'Dataset.read_encoding' will be removed"):
        assert ds.read_encoding == "latin1"


def test_dicomio_entry_point():
    from dicomconstruct import dicomio

    assert dicomio.dcmread is dicomconstruct.dcmread and dicomio.dcmwrite is dicomconstruct.dcmwrite


def test_correct_ambiguous_vr_element_of_a_raw_element():
    from dicomconstruct.filereader import RawDataElement
    from dicomconstruct.filewriter import correct_ambiguous_vr_element

    ds = Dataset()
    ds.PixelRepresentation = 0
    raw = RawDataElement(0x00280106, "US or SS", 2, b"\x00\x01", 0, False, True)
    elem = correct_ambiguous_vr_element(raw, ds, True)
    assert (elem.VR, elem.value) == ("US", 256) and ds[0x00280106] is elem


def test_get_item_reads_a_deferred_value_unless_kept():
    path = get_testdata_file("MF_grayscale_word.dcm")
    whole = dicomconstruct.dcmread(path)
    ds = dicomconstruct.dcmread(path, defer_size="1 KB")
    assert ds.get_item("PixelData", keep_deferred=True).value is None
    assert bytes(ds.get_item("PixelData").value) == whole.PixelData
    assert len(ds.get_item(slice(0x00280000, 0x00290000))) > 0
