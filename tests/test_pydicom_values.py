"""pydicom 3's value API: DSdecimal, datetime DA/DT/TM, values.convert_*, hooks, charset helpers, VR."""

import copy
import datetime
import io
import logging
import math
import pickle
from decimal import Decimal

import pytest

import dicomconstruct
from dicomconstruct import charset, config, hooks, values
from dicomconstruct.data import get_testdata_file
from dicomconstruct.dataelem import DataElement, RawDataElement, convert_raw_data_element
from dicomconstruct.dataset import Dataset
from dicomconstruct.errors import BytesLengthException
from dicomconstruct.multival import MultiValue
from dicomconstruct.tag import Tag, tag_in_exception
from dicomconstruct.valuerep import DA, DS, DT, TM, VR, DAstr, DSdecimal, DSfloat, PersonName, TMstr


# -- DS ---------------------------------------------------------------------------------------


def test_dsdecimal_keeps_text_and_value():
    value = DSdecimal("1.23e2")
    assert value == Decimal("123") and str(value) == "1.23e2" and repr(value) == "'1.23e2'"
    assert pickle.loads(pickle.dumps(value)).original_string == "1.23e2"
    with pytest.raises(TypeError, match="allow_DS_float"):
        DSdecimal(1.5)
    assert DSdecimal("") == "" and DSdecimal(None) is None


def test_dsdecimal_length_checked_by_mode():
    with pytest.warns(UserWarning, match="must be <= 16 characters"):
        DSdecimal(Decimal(math.pi))
    with pytest.raises(OverflowError):
        DSdecimal(Decimal(math.pi), validation_mode=config.RAISE)
    assert str(DSdecimal(Decimal(math.pi), auto_format=True)) == "3.14159265358979"


def test_dsfloat_raise_mode_refuses_non_ds_text():
    for bad in (math.nan, math.inf):
        with pytest.raises(ValueError):
            DSfloat(bad, validation_mode=config.RAISE)
    assert str(DSfloat(math.pi, auto_format=True)) == "3.14159265358979"
    assert DSfloat("") == ""


def test_ds_decimal_switch_reads_and_writes_exact_text(monkeypatch, tmp_path):
    monkeypatch.setattr(config, "use_DS_decimal", False)
    config.DS_decimal(True)
    try:
        assert type(DS("0.1")) is DSdecimal
        ds = dicomconstruct.dcmread(get_testdata_file("CT_small.dcm"))
        assert isinstance(ds.SliceThickness, DSdecimal) and str(ds.SliceThickness) == "5.000000"
        ds.SliceLocation = DSdecimal("-1.25e1")
        out = tmp_path / "dec.dcm"
        ds.save_as(out)
        assert b"-1.25e1 " in out.read_bytes() or b"-1.25e1" in out.read_bytes()
        assert str(dicomconstruct.dcmread(out).SliceLocation) == "-1.25e1"
    finally:
        config.DS_decimal(False)
    assert type(DS("0.1")) is DSfloat
    monkeypatch.setattr(config, "use_DS_numpy", True)
    try:
        with pytest.raises(ValueError):
            config.DS_decimal(True)
    finally:
        monkeypatch.setattr(config, "use_DS_numpy", False)
        config.DS_decimal(False)
    assert dicomconstruct.valuerep.DSclass is DSfloat


def test_single_ds_value_printed_in_double_quotes():
    elem = DataElement(0x00281050, "DS", "100.0")
    assert repr(elem.value) == "'100.0'"
    assert str(elem).endswith('DS: "100.0"')


# -- DA / DT / TM --------------------------------------------------------------------------


def test_datetime_classes_keep_text():
    date = DA("20040119")
    assert date == datetime.date(2004, 1, 19) and str(date) == "20040119" and repr(date) == '"20040119"'
    assert DA("2004.01.19") == datetime.date(2004, 1, 19)
    assert DA("") is None and DA(None) is None
    with pytest.raises(ValueError, match="non-conformant"):
        DA("2004011")
    moment = DT("20221231235959.000042-0630")
    assert moment.utcoffset() == -datetime.timedelta(hours=6, minutes=30) and moment.microsecond == 42
    assert DT("1961") == datetime.datetime(1961, 1, 1)
    assert str(DT(datetime.datetime(2001, 2, 3, 4, 5, 6, 7))) == "20010203040506.000007"
    assert TM("0727") == datetime.time(7, 27) and TM(datetime.time(1, 2, 3)).original_string == "010203"
    with pytest.warns(UserWarning, match="'60'"):
        assert TM("235960").second == 59
    for value in (date, moment, TM("101010.5")):
        clone = pickle.loads(pickle.dumps(value))
        assert clone == value and str(clone) == str(value) and type(clone) is type(value)


def test_datetime_conversion_switch_on_read(monkeypatch, tmp_path):
    path = get_testdata_file("CT_small.dcm")
    monkeypatch.setattr(config, "datetime_conversion", False)
    ds = dicomconstruct.dcmread(path)
    assert type(ds.StudyDate) is DAstr and ds.StudyDate.to_date() == datetime.date(2004, 1, 19)
    monkeypatch.setattr(config, "datetime_conversion", True)
    ds = dicomconstruct.dcmread(path)
    assert type(ds.StudyDate) is DA and ds.StudyDate.year == 2004
    assert isinstance(ds.StudyTime, TM) and ds.StudyTime.hour == 7
    ds.ContentDate = datetime.date(2020, 2, 29)
    assert type(ds.ContentDate) is DA
    out = tmp_path / "dates.dcm"
    ds.save_as(out)
    monkeypatch.setattr(config, "datetime_conversion", False)
    back = dicomconstruct.dcmread(out)
    assert back.ContentDate == "20200229" and back.StudyDate == "20040119"


def test_text_date_kept_when_not_a_date(monkeypatch):
    monkeypatch.setattr(config, "datetime_conversion", True)
    elem = convert_raw_data_element(RawDataElement(Tag(0x00080020), "DA", 8, b"2004xx19", 0, False, True))
    assert type(elem.value) is DAstr


# -- values ----------------------------------------------------------------------------------


def test_convert_tag_and_at(caplog):
    assert values.convert_tag(b"\x12\x23\x10\x00\x20\x00", True, 2) == Tag(0x0010, 0x0020)
    assert values.convert_tag(b"\x00\x10\x00\x20", False) == 0x00100020
    with pytest.raises(ValueError, match="too short"):
        values.convert_tag(b"\x10\x00", True)
    with caplog.at_level(logging.WARNING):
        tags = values.convert_ATvalue(b"\x10\x00\x20\x00\x10\x00\x30\x00\x10", True)
    assert list(tags) == [0x00100020, 0x00100030]
    assert "multiple of 4 for VR 'AT', got length 9" in caplog.text


def test_convert_text_and_pn_with_code_extensions():
    data = b"Buc^J\xe9r\xf4me\\\x1b\x2d\x46\xc4\xe9\xef\xed\xf5\xf3\xe9\xef\xf2"
    assert values.convert_text(data, ["latin_1", "iso_ir_126"]) == ["Buc^Jérôme", "Διονυσιος"]
    assert values.convert_single_string(data, ["latin_1", "iso_ir_126"]) == "Buc^Jérôme\\Διονυσιος"
    name = values.convert_PN(b"Yamada^Tarou=\x1b$B;3ED\x1b(B^\x1b$BB@O:\x1b(B", ["latin_1", "iso2022_jp"])
    assert isinstance(name, PersonName) and name.ideographic == "山田^太郎"
    with pytest.warns(UserWarning, match="Unknown encoding 'unknown'"):
        assert values.convert_single_string(b"J\xe9r\xf4me", ["unknown"]) == "Jérôme"


def test_convert_value_numbers_and_retry():
    raw = RawDataElement(Tag(0x00280010), "US", 2, b"\x00\x02", 0, True, False)
    assert values.convert_value("US", raw) == 2  # big endian
    assert values.convert_value("US", raw._replace(is_little_endian=True)) == 512
    with pytest.raises(BytesLengthException, match="bytes per value of 8"):
        values.convert_numbers(b"1", True, "d")
    with pytest.raises(NotImplementedError, match="Unknown Value Representation 'XX'"):
        values.convert_value("XX", raw)
    assert isinstance(values.convert_DS_string(b"1.5\\2.5 ", True), MultiValue)
    assert set(VR) == set(values.converters)


def test_convert_sq_parses_items():
    item = b"\xfe\xff\x00\xe0\x0c\x00\x00\x00" + b"\x10\x00\x10\x00\x04\x00\x00\x00AB^C"
    seq = values.convert_SQ(item, True, True)
    assert len(seq) == 1 and seq[0].PatientName == "AB^C"
    explicit = b"\xfe\xff\x00\xe0\x0c\x00\x00\x00" + b"\x10\x00\x10\x00PN\x04\x00AB^C"
    seq = values.convert_SQ(explicit, False, True)
    assert len(seq) == 1 and seq[0]["PatientName"].VR == "PN" and seq[0].PatientName == "AB^C"


# -- hooks and raw elements ------------------------------------------------------------------


def test_convert_raw_data_element_vr_lookup():
    elem = convert_raw_data_element(RawDataElement(Tag(0x00100010), None, 4, b"AB^C", 0, True, True))
    assert elem.VR == "PN" and elem.value == "AB^C"
    elem = convert_raw_data_element(RawDataElement(Tag(0x00090010), None, 4, b"ACME", 0, True, True))
    assert elem.VR == "LO"  # a private creator (PS3.5 7.8.1)
    assert convert_raw_data_element(RawDataElement(Tag(0x00080000), None, 4, b"\x02\0\0\0", 0, True, True)).VR == "UL"
    unknown = RawDataElement(Tag(0x88880002), None, 4, b"abcd", 0, True, True)
    with pytest.warns(UserWarning, match=r"\(8888,0002\) - setting VR to 'UN'"):
        assert convert_raw_data_element(unknown).VR == "UN"
    with config.limits(reading_validation_mode=config.RAISE), pytest.raises(KeyError):
        convert_raw_data_element(unknown)


def test_wrong_length_raises_or_becomes_un(monkeypatch):
    raw = RawDataElement(Tag(0x00190000), "FD", 1, b"1", 0, False, True)
    with pytest.raises(BytesLengthException, match=r"parse \(0019,0000\)"):
        convert_raw_data_element(raw)
    monkeypatch.setattr(config, "convert_wrong_length_to_UN", True)
    with pytest.warns(UserWarning, match="Setting VR to 'UN'"):
        elem = convert_raw_data_element(raw)
    assert elem.VR == "UN" and elem.value == b"1"


def test_hooks_registration_and_fix_separator(monkeypatch):
    with pytest.raises(TypeError):
        hooks.hooks.register_callback("raw_element_vr", None)
    with pytest.raises(ValueError, match="Unknown hook 'foo'"):
        hooks.hooks.register_kwargs("foo", {})
    monkeypatch.setattr(hooks.hooks, "raw_element_value", hooks.hooks.raw_element_value)
    monkeypatch.setattr(hooks.hooks, "raw_element_kwargs", {})
    raw = RawDataElement(Tag(0x00100020), None, 8, b"AB:CD:EF", 0, True, True)
    hooks.hooks.register_callback("raw_element_value", hooks.raw_element_value_fix_separator)
    hooks.hooks.register_kwargs("raw_element_kwargs", {"target_VRs": ("LO",), "separator": ":"})
    assert convert_raw_data_element(raw).value == ["AB", "CD", "EF"]


# -- charset helpers -------------------------------------------------------------------------


def test_convert_encodings_and_decode_element():
    assert charset.convert_encodings(None) == ["iso8859"]
    assert charset.convert_encodings(["iso_ir_126", "iso_ir_144"]) == ["iso_ir_126", "iso_ir_144"]
    with pytest.warns(UserWarning, match="'GBK' cannot be used as code extension"):
        assert charset.convert_encodings(["ISO_IR 126", "GBK"]) == ["iso_ir_126"]
    elem = DataElement(0x00100010, "PN", b"\xc4\xe9\xef\xed\xf5\xf3\xe9\xef\xf2")
    charset.decode_element(elem, ["ISO_IR 126"])
    assert elem.value == "Διονυσιος" and elem.value.encodings == ("iso_ir_126",)
    text = DataElement(0x00081030, "LO", b"Buc^J\xc3\xa9r\xc3\xb4me")
    charset.decode_element(text, "ISO_IR 192")
    assert text.value == "Buc^Jérôme"


def test_decode_bytes_raise_mode():
    with pytest.warns(UserWarning, match="Failed to decode byte string with encoding 'UTF8'"):
        assert charset.decode_bytes(b"\xc4\xe9", ["UTF8"]) == "\ufffd\ufffd"
    with config.limits(reading_validation_mode=config.RAISE):
        with pytest.raises(UnicodeDecodeError):
            charset.decode_bytes(b"\xc4\xe9", ["UTF8"])
        with pytest.raises(LookupError):
            charset.convert_encodings(["NOT A CHARSET"])
    assert charset.encode_string("Διονυσιος", ["iso_ir_126"]) == "Διονυσιος".encode("iso_ir_126")


# -- small helpers ---------------------------------------------------------------------------


def test_vr_enum_and_tag_in_exception():
    assert VR.US_SS_OW == "US or SS or OW" and f"{VR.AE}" == "AE" and str(VR.OB) == "OB"
    with pytest.raises(ValueError, match=r"With tag \(0010,0010\) got exception: boom"):
        with tag_in_exception(Tag(0x00100010)):
            raise ValueError("boom")


def test_person_name_copy_shares_components_and_veterinary():
    name = PersonName("Hong^Gildong=洪^吉洞")
    assert copy.copy(name).components is name.components
    vet = PersonName.from_named_components_veterinary(responsible_party_name="ABC Farms", patient_name="Running")
    assert vet == "ABC Farms^Running" and vet.family_name == "ABC Farms"


def test_invalid_dicom_error_default_message():
    with pytest.raises(dicomconstruct.errors.InvalidDicomError, match="not a valid DICOM file"):
        raise dicomconstruct.errors.InvalidDicomError


def test_pydicom_switches(monkeypatch):
    monkeypatch.setattr(config, "enforce_valid_values", True)
    assert config.settings.reading_validation_mode == config.RAISE
    monkeypatch.setattr(config, "enforce_valid_values", False)
    assert DataElement("OffendingElement", "AT", (0x0010, 0x0010)).value == Tag(0x00100010)  # one (group, element)
    before = config.settings.writing_validation_mode
    config.future_behavior()
    try:
        assert config._use_future and config.settings.writing_validation_mode == config.RAISE
        with pytest.raises(ValueError, match="Camel case attribute 'bitsStored'"):
            Dataset().bitsStored = 42
        with pytest.raises(AttributeError):
            dicomconstruct.dataelem.DataElement_from_raw
    finally:
        config.future_behavior(False)
        config.settings.writing_validation_mode = before
    with pytest.warns(UserWarning, match="Camel case"):
        Dataset().bitsStored = 42
    with pytest.warns(DeprecationWarning, match="convert_raw_data_element"):
        dicomconstruct.dataelem.DataElement_from_raw(RawDataElement(Tag(0x00100010), None, 2, b"AB", 0, True, True))


def test_encode_string_replaces_or_raises():
    with pytest.warns(UserWarning, match="Failed to encode value with encodings: latin_1"):
        assert charset.encode_string("aあ", ["latin_1"]) == b"a?"
    with config.limits(writing_validation_mode=config.RAISE), pytest.raises(ValueError, match="U\\+3042"):
        charset.encode_string("aあ", ["latin_1"])


def test_default_repertoire_bytes_decoded_as_pydicom():
    with pytest.warns(UserWarning, match="Invalid value for VR CS"):
        assert DataElement(0x00410001, "CS", "ÄÖÜ".encode(), validation_mode=config.WARN).value == "ÄÖÜ"
    with pytest.raises(ValueError, match="Invalid value for VR CS"):
        DataElement(0x00410001, "CS", "ÄÖÜ".encode(), validation_mode=config.RAISE)
    assert DataElement(0x00080060, "CS", b"CT").value == "CT"


def test_buffered_read_size_setting():
    assert config.settings.buffered_read_size == 8192
    with config.limits(buffered_read_size=2):
        assert config.settings.buffered_read_size == 2
    with pytest.raises(ValueError, match="greater than 0"):
        config.settings.buffered_read_size = 0
    assert config.settings.buffered_read_size == 8192


def test_dataset_accepts_raw_data_elements():
    ds = Dataset()
    ds[0x00410010] = RawDataElement(Tag(0x00410010), None, 8, b"ACME 3.2", 0, True, True)
    ds[0x00100010] = RawDataElement(Tag(0x00100010), None, 4, b"AB^C", 0, True, True)
    assert ds[0x00410010].VR == "LO" and ds[0x00410010].value == "ACME 3.2"
    assert ds.PatientName == "AB^C"


def test_buffered_values(tmp_path):
    data = b"\x00\x01\x02\x03"
    buffer = io.BytesIO(data)
    elem = DataElement(0x7FE00010, "OB", buffer)
    assert elem.is_buffered and elem.VM == 1 and elem.repval.startswith("<_io.BytesIO object")
    assert elem == DataElement(0x7FE00010, "OB", data) and DataElement(0x7FE00010, "OB", data) == elem
    assert elem != DataElement(0x7FE00010, "OB", data + b"\x00\x00")
    clone = copy.deepcopy(elem)
    assert clone.value is not buffer and clone == elem
    with pytest.raises(ValueError, match="cannot be used with buffered values"):
        DataElement(0x00100010, "PN", io.BytesIO())
    ds = dicomconstruct.dcmread(get_testdata_file("CT_small.dcm"))
    ds.PixelData = io.BytesIO(bytes(ds.PixelData))
    buffer_of = ds["PixelData"].value
    buffer_of.seek(7)
    out = tmp_path / "buffered.dcm"
    ds.save_as(out)
    assert buffer_of.tell() == 7  # the position is kept
    assert dicomconstruct.dcmread(out).PixelData == dicomconstruct.dcmread(get_testdata_file("CT_small.dcm")).PixelData
    buffer.close()
    with pytest.raises(ValueError, match=r"Invalid buffer for \(7FE0,0010\) 'Pixel Data': the buffer has been closed"):
        elem == DataElement(0x7FE00010, "OB", data)
    with pytest.raises(ValueError, match="Error deepcopying the buffered element"):
        copy.deepcopy(elem)
