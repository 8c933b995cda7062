"""DS, IS, PersonName, DA/TM/DT and MultiValue behave as numbers/strings and keep their text."""

import copy
import datetime
import math
import pickle

import pytest

from dicomconstruct.multival import MultiValue
from dicomconstruct.valuerep import DS, DSfloat, IS, ISfloat, PersonName, format_number_as_ds
from dicomconstruct.valuerep import DAstr as DA, DTstr as DT, TMstr as TM


class TestDS:
    def test_keeps_original_text(self):
        value = DS("0.000000")
        assert value == 0.0
        assert str(value) == "0.000000"
        assert repr(value) == "'0.000000'"  # pydicom 3's repr

    def test_float_behaviour(self):
        value = DS("1.5")
        assert value * 2 == 3.0
        assert isinstance(value, float)
        assert value > 1

    def test_from_number_prints_as_tutorial(self):
        from dicomconstruct.dataelem import DataElement

        assert repr(DS(500)) == "'500.0'"
        assert str(DataElement(0x00281050, "DS", DS(500))).endswith('DS: "500.0"')  # the tutorial's form
        assert str(DataElement(0x00281050, "DS", "100.0")).endswith('DS: "100.0"')

    def test_string_equality(self):
        assert DS("1.50") == "1.50"
        assert DS("1.50") != "1.5"
        assert DS("1.50") == 1.5

    def test_empty_and_none(self):
        assert DS("") == ""
        assert DS("  ") == "  "
        assert DS(None) is None

    def test_padding_stripped(self):
        assert str(DS(" 12.5 ")) == "12.5"

    def test_invalid(self):
        with pytest.raises(ValueError, match="DS"):
            DS("abc")

    def test_auto_format(self):
        value = DS(1 / 3, auto_format=True)
        assert len(str(value)) <= 16
        assert abs(value - 1 / 3) < 1e-12
        assert format_number_as_ds(100.0) == "100.0"
        assert format_number_as_ds(math.pi * 1e20) == "3.1415926536e+20"
        assert format_number_as_ds(-math.pi) == "-3.1415926535898"
        with pytest.raises(TypeError):
            format_number_as_ds("1.0")
        with pytest.raises(ValueError):
            format_number_as_ds(float("nan"))

    def test_pickle_and_copy(self):
        value = DS("3.140")
        for clone in (pickle.loads(pickle.dumps(value)), copy.deepcopy(value)):
            assert str(clone) == "3.140" and isinstance(clone, DSfloat)

    def test_hashable(self):
        assert hash(DS("2.0")) == hash(2.0)


class TestIS:
    def test_int_behaviour_and_text(self):
        value = IS("0042")
        assert value == 42
        assert str(value) == "0042"
        assert repr(value) == "'42'"
        assert value + 1 == 43

    def test_whole_float_text(self):
        assert IS("1.0") == 1

    def test_fraction_gives_isfloat(self):
        assert isinstance(IS("1.5"), ISfloat)

    def test_empty(self):
        assert IS("") == ""
        assert IS(None) is None

    def test_invalid(self):
        from dicomconstruct import config

        with pytest.warns(UserWarning, match="Invalid value for VR IS"), pytest.raises(ValueError, match="x1"):
            IS("x1")  # pydicom 3: reading mode WARN warns, then the text is not a number
        with pytest.raises(ValueError, match="Invalid value for VR IS"):
            IS("x1", validation_mode=config.RAISE)
        with pytest.raises(OverflowError):
            IS(2**32, validation_mode=config.RAISE)  # text out of range is a ValueError, as above

    def test_pickle(self):
        value = pickle.loads(pickle.dumps(IS("007")))
        assert str(value) == "007" and value == 7


class TestPersonName:
    def test_components(self):
        name = PersonName("Yamada^Tarou=山田^太郎=やまだ^たろう")
        assert name.family_name == "Yamada"
        assert name.given_name == "Tarou"
        assert name.alphabetic == "Yamada^Tarou"
        assert name.ideographic == "山田^太郎"
        assert name.phonetic == "やまだ^たろう"
        assert len(name.components) == 3

    def test_parts(self):
        name = PersonName("Adams^John Robert Quincy^^Rev.^B.A. M.Div.")
        assert name.given_name == "John Robert Quincy"
        assert name.middle_name == ""
        assert name.name_prefix == "Rev."
        assert name.name_suffix == "B.A. M.Div."
        assert name.family_comma_given() == "Adams, John Robert Quincy"
        assert name.formatted("%(family_name)s/%(given_name)s") == "Adams/John Robert Quincy"

    def test_missing_parts_are_empty(self):
        name = PersonName("Citizen")
        assert name.given_name == "" and name.ideographic == "" and name.phonetic == ""

    def test_str_repr_eq(self):
        name = PersonName("Citizen^Jan")
        assert str(name) == "Citizen^Jan"
        assert repr(name) == "'Citizen^Jan'"
        assert name == "Citizen^Jan"
        assert name == PersonName("Citizen^Jan")
        assert name != "Citizen^Joan"
        assert hash(name) == hash("Citizen^Jan")

    def test_empty_and_none(self):
        assert not PersonName("")
        assert PersonName(None) is None

    def test_from_named_components(self):
        name = PersonName.from_named_components(family_name="Citizen", given_name="Jan", family_name_ideographic="市民")
        assert str(name) == "Citizen^Jan=市民"

    def test_rejects_other_types(self):
        with pytest.raises(TypeError):
            PersonName(12)

    def test_pickle(self):
        assert pickle.loads(pickle.dumps(PersonName("A^B"))) == "A^B"


class TestDates:
    def test_da(self):
        value = DA("20040119")
        assert value == "20040119"
        assert repr(value) == "'20040119'"
        assert value.to_date() == datetime.date(2004, 1, 19)
        assert DA("2004.01.19").to_date() == datetime.date(2004, 1, 19)
        assert DA("").to_date() is None
        with pytest.raises(ValueError, match="DA"):
            DA("2004011").to_date()

    def test_tm(self):
        assert TM("072731").to_time() == datetime.time(7, 27, 31)
        assert TM("0727").to_time() == datetime.time(7, 27)
        assert TM("072731.5").to_time() == datetime.time(7, 27, 31, 500000)
        with pytest.raises(ValueError, match="TM"):
            TM("7:27").to_time()

    def test_dt(self):
        value = DT("20040119072731.123456+0100").to_datetime()
        assert value == datetime.datetime(
            2004, 1, 19, 7, 27, 31, 123456, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
        )
        assert DT("2004").to_datetime() == datetime.datetime(2004, 1, 1)
        with pytest.raises(ValueError, match="DT"):
            DT("20x4").to_datetime()


class TestMultiValue:
    def test_converts_on_every_way_in(self):
        values = MultiValue(DS, ["1.0", "2.50"])
        assert all(isinstance(v, DSfloat) for v in values)
        values[0] = "3"
        values.append(4)
        values.insert(0, "0.5")
        values.extend(["7"])
        values[1:2] = ["8.0"]
        assert all(isinstance(v, DSfloat) for v in values)
        assert [str(v) for v in values] == ["0.5", "8.0", "2.50", "4.0", "7"]

    def test_list_behaviour(self):
        values = MultiValue(str, ["ORIGINAL", "PRIMARY", "AXIAL"])
        assert values == ["ORIGINAL", "PRIMARY", "AXIAL"]
        assert values[1] == "PRIMARY"
        del values[2]
        assert len(values) == 2
        assert str(values) == "['ORIGINAL', 'PRIMARY']"
        values += ["X"]
        assert values[-1] == "X"
        values.sort()
        assert list(values) == ["ORIGINAL", "PRIMARY", "X"]

    def test_numbers_shown_by_str(self):
        assert str(MultiValue(DS, ["0.661468", "0.661468"])) == "[0.661468, 0.661468]"
        assert str(MultiValue(int, [1, 2])) == "[1, 2]"
        assert str(MultiValue(int, [])) == ""

    def test_bad_value_raises_from_constructor(self):
        values = MultiValue(IS, ["1"])
        with pytest.raises(ValueError):
            values.append("one")

    def test_pickle_and_deepcopy(self):
        values = MultiValue(IS, ["1", "2"])
        for clone in (pickle.loads(pickle.dumps(values)), copy.deepcopy(values)):
            assert clone == [1, 2]
            clone.append("3")
            assert isinstance(clone[-1], IS)


# -- PersonName from bytes, with encodings (pydicom's behaviour) -------------------------------

KOREAN_PN = (b"Hong^Gildong=\x1b$)C\xfb\xf3^\x1b$)C\xd1\xce\xd4\xd7="
             b"\x1b$)C\xc8\xab^\x1b$)C\xb1\xe6\xb5\xbf")  # PS3.5 I.2


def test_person_name_bytes_decoded_with_encodings():
    from dicomconstruct.valuerep import PersonName

    pn = PersonName(KOREAN_PN, ["iso8859", "euc_kr"])
    assert (pn.family_name, pn.given_name) == ("Hong", "Gildong")
    assert (pn.ideographic, pn.phonetic) == ("洪^吉洞", "홍^길동")
    assert pn.original_string == KOREAN_PN
    assert pn.encodings == ("iso8859", "euc_kr")
    assert pn.encode() == KOREAN_PN
    latin = PersonName(b"Buc^J\xe9r\xf4me")  # no encodings: ISO 8859-1, as pydicom
    assert latin == "Buc^Jérôme"
    assert PersonName(b"Buc^J\xe9r\xf4me").decode(["iso_ir_126"]) != latin


def test_person_name_decode_and_encode_change_encodings():
    from dicomconstruct.valuerep import PersonName

    pn = PersonName("Yamada^Tarou=山田^太郎", ["iso8859", "iso2022_jp"])
    assert pn.decode() is pn
    assert pn.original_string is None
    encoded = pn.encode()
    assert encoded == b"Yamada^Tarou=\x1b$B;3ED\x1b(B^\x1b$BB@O:\x1b(B"
    assert PersonName(encoded, ["iso8859", "iso2022_jp"]) == pn
    assert PersonName("Wang^XiaoDong").encode(["iso8859"]) == b"Wang^XiaoDong"


def test_from_named_components_with_bytes_and_encodings():
    from dicomconstruct.valuerep import PersonName

    pn = PersonName.from_named_components(
        family_name="Hong", given_name="Gildong",
        family_name_ideographic=b"\x1b$)C\xfb\xf3", given_name_ideographic="吉洞",
        family_name_phonetic="홍", given_name_phonetic=b"\x1b$)C\xb1\xe6\xb5\xbf",
        encodings=["iso8859", "euc_kr"],
    )
    assert str(pn) == "Hong^Gildong=洪^吉洞=홍^길동"
    assert len(pn) == 22
    with pytest.raises(ValueError, match="may not contain the = character"):
        PersonName.from_named_components(family_name="A=B")
    with pytest.raises(ValueError, match="may not contain the \\^ character"):
        PersonName.from_named_components(given_name=b"A^B", encodings=["iso8859"])


def test_person_name_from_bytes_pickles_and_copies():
    import copy
    import pickle

    from dicomconstruct.valuerep import PersonName

    pn = PersonName(KOREAN_PN, ["iso8859", "euc_kr"])
    assert pickle.loads(pickle.dumps(pn)) == pn
    assert copy.deepcopy(pn).phonetic == "홍^길동"
    assert PersonName(pn).encodings == pn.encodings
