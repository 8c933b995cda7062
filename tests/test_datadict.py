"""dicomconstruct.datadict against pydicom's dictionaries: every entry, not a sample."""

from __future__ import annotations

import textwrap

import pytest

pydicom = pytest.importorskip("pydicom")
from pydicom import datadict as pd_datadict  # noqa: E402
from pydicom._dicom_dict import DicomDictionary as PD_ELEMENTS  # noqa: E402
from pydicom._dicom_dict import RepeatersDictionary as PD_REPEATERS  # noqa: E402
from pydicom._private_dict import private_dictionaries as PD_PRIVATE  # noqa: E402
from pydicom.dataelem import DataElement as PDDataElement  # noqa: E402

from dicomconstruct import datadict  # noqa: E402
from dicomconstruct._dicts.schema import SchemaError  # noqa: E402
from dicomconstruct.tag import Tag  # noqa: E402


def _expand(mask: str, digit: str) -> int:
    return int(mask.replace("x", digit), 16)


# -- every standard element ---------------------------------------------------------


def test_counts():
    assert len(datadict.DicomDictionary) == 5091
    assert len(datadict.RepeatersDictionary) == 88
    assert len(datadict.private_dictionaries) == 449
    assert sum(len(v) for v in datadict.private_dictionaries.values()) == 10545


def test_every_standard_element_matches_pydicom():
    ours = datadict.DicomDictionary
    assert set(ours) == set(PD_ELEMENTS)
    mismatches = [hex(tag) for tag, entry in PD_ELEMENTS.items() if ours[tag] != entry]
    assert mismatches == []


def test_every_standard_element_lookup_matches_pydicom():
    for tag, (vr, vm, name, retired, keyword) in PD_ELEMENTS.items():
        assert datadict.dictionary_VR(tag) == vr
        assert datadict.vr_for_tag(tag) == vr
        assert datadict.dictionary_VM(tag) == vm
        assert datadict.dictionary_description(tag) == name
        assert datadict.dictionary_keyword(tag) == keyword
        assert datadict.dictionary_is_retired(tag) == pd_datadict.dictionary_is_retired(tag)
        assert datadict.dictionary_has_tag(tag)
        if keyword:
            assert datadict.tag_for_keyword(keyword) == pd_datadict.tag_for_keyword(keyword) == tag
            assert datadict.keyword_for_tag(tag) == keyword


def test_every_repeater_matches_pydicom():
    assert dict(datadict.RepeatersDictionary) == dict(PD_REPEATERS)
    for mask, entry in PD_REPEATERS.items():
        # lowest, a middle and the highest value of the masked digits
        for digit in ("0", "2", "E"):
            tag = _expand(mask, digit)
            if tag in PD_ELEMENTS or (tag >> 16) % 2:
                continue
            assert datadict.get_entry(tag) == pd_datadict.get_entry(tag) == entry
            assert datadict.vr_for_tag(tag) == entry[0]
            assert datadict.repeater_has_tag(tag) and pd_datadict.repeater_has_tag(tag)
            assert datadict.mask_match(tag) == pd_datadict.mask_match(tag) == mask
            assert not datadict.dictionary_has_tag(tag)


@pytest.mark.parametrize(
    "tag, keyword",
    [
        (0x60003000, "OverlayData"),
        (0x60023000, "OverlayData"),
        (0x601E3000, "OverlayData"),
        (0x50100005, "CurveDimensions"),
        (0x7F020010, "VariablePixelData"),
        (0x00280410, "RowsForNthOrderCoefficients"),
        (0x00280481, "ColumnsForNthOrderCoefficients"),
        (0x00203105, "SourceImageIDs"),
        (0x10001230, "EscapeTriplet"),
        (0x10001234, "ShiftTableSize"),
        (0x1010ABCD, "ZonalMap"),
    ],
)
def test_repeating_group_resolution(tag, keyword):
    assert datadict.dictionary_keyword(tag) == keyword
    assert datadict.keyword_for_tag(tag) == keyword
    assert datadict.repeater_has_keyword(keyword)


def test_pixel_data_is_not_variable_pixel_data():
    # (7FE0,0010) also matches the (7Fxx,0010) mask; the exact entry wins
    assert datadict.dictionary_keyword(0x7FE00010) == "PixelData"
    assert datadict.vr_for_tag(0x7FE00010) == "OB or OW"


def test_private_groups_do_not_resolve_to_repeaters():
    assert datadict.vr_for_tag(0x60013000) is None
    with pytest.raises(KeyError):
        datadict.dictionary_VR(0x60013000)
    with pytest.raises(KeyError):
        pd_datadict.dictionary_VR(0x60013000)


# -- every private element of every creator -------------------------------------------


def test_every_private_dictionary_matches_pydicom():
    ours = datadict.private_dictionaries
    assert set(ours) == set(PD_PRIVATE)
    bad = [
        (creator, key)
        for creator, entries in PD_PRIVATE.items()
        for key, entry in entries.items()
        if ours[creator].get(key) != entry
    ]
    assert bad == []
    assert sum(len(v) for v in ours.values()) == sum(len(v) for v in PD_PRIVATE.values())


def _concrete(key: str) -> int:
    """A real tag for a private dictionary key: block 0x10 and, for ggxx groups, the group 0x..09."""
    group, elem = key[:4], key[4:]
    group = group.replace("xx", "09")
    elem = elem.replace("xx", "10")
    return int(group + elem, 16)


def test_every_private_lookup_matches_pydicom():
    checked = unreachable = 0
    for creator, entries in PD_PRIVATE.items():
        for key in entries:
            tag = _concrete(key)
            try:
                expected = pd_datadict.get_private_entry(tag, creator)
            except KeyError:
                # keys like '0019 10xx' are never found by pydicom's lookup; nor by ours
                assert key[6:] == "xx"
                with pytest.raises(KeyError):
                    datadict.get_private_entry(tag, creator)
                assert datadict.private_vr_for(tag, creator) is None
                unreachable += 1
                continue
            assert datadict.get_private_entry(tag, creator) == expected
            assert datadict.private_dictionary_VR(tag, creator) == expected[0]
            assert datadict.private_dictionary_VM(tag, creator) == expected[1]
            assert datadict.private_dictionary_description(tag, creator) == expected[2]
            assert datadict.private_vr_for(tag, creator) == expected[0]
            checked += 1
    assert checked + unreachable == 10545
    assert unreachable <= 11  # the '(gggg,10xx)' entries


def test_private_block_byte_is_ignored():
    for block in (0x10, 0x11, 0xFF):
        tag = 0x00430000 | block << 8 | 0x4E
        assert datadict.private_dictionary_description(tag, "GEMS_PARM_01") == "Duration of X-ray on"
        assert datadict.private_vr_for(tag, "GEMS_PARM_01") == "FL"


def test_private_unknown_creator_and_tag():
    with pytest.raises(KeyError, match="Private creator 'NOBODY' not in the private dictionary"):
        datadict.private_dictionary_VR(0x00431010, "NOBODY")
    with pytest.raises(KeyError, match="not in private dictionary for private creator 'GEMS_PARM_01'"):
        datadict.private_dictionary_VR(0x004310FE, "GEMS_PARM_01")
    assert datadict.private_vr_for(0x00431010, "NOBODY") is None
    assert datadict.private_vr_for(0x00431010, None) is None


# -- tags in every accepted form; errors -------------------------------------------------


@pytest.mark.parametrize(
    "tag", [0x00100010, (0x0010, 0x0010), [0x0010, 0x0010], "PatientName", "0x00100010", "00100010", Tag(0x00100010)]
)
def test_tag_forms(tag):
    assert datadict.dictionary_VR(tag) == pd_datadict.dictionary_VR(tag) == "PN"
    assert datadict.dictionary_description(tag) == "Patient's Name"
    assert datadict.dictionary_has_tag(tag)


def test_unknown_tag_raises_keyerror_naming_the_tag():
    with pytest.raises(KeyError, match=r"Tag \(0009, 0010\) not found in DICOM dictionary"):
        datadict.dictionary_VR(0x00090010)
    with pytest.raises(KeyError, match=r"\(0008, ffff\)"):
        datadict.dictionary_VM((0x0008, 0xFFFF))
    assert datadict.keyword_for_tag(0x0008FFFF) == ""
    assert datadict.keyword_for_tag("NotAKeyword") == ""
    assert datadict.tag_for_keyword("NotAKeyword") is None
    assert not datadict.dictionary_has_tag("NotAKeyword")
    assert not datadict.dictionary_has_tag(0x60003000)  # repeaters are not in the main dictionary
    assert datadict.vr_for_tag(0x0008FFFF) is None
    with pytest.raises(ValueError):
        datadict.dictionary_VR("NotAKeyword")


# -- element_name: what pydicom's DataElement.name shows --------------------------------


def _pd_name(tag: int, creator: str | None) -> str:
    elem = PDDataElement(tag, "UN", b"")
    elem.private_creator = creator
    return elem.name


def test_element_name_standard_and_repeaters_match_pydicom():
    for tag in PD_ELEMENTS:
        assert datadict.element_name(tag) == PD_ELEMENTS[tag][2]
    for mask in PD_REPEATERS:
        tag = _expand(mask, "2")
        if (tag >> 16) % 2 == 0:
            assert datadict.element_name(tag) == _pd_name(tag, None)


@pytest.mark.parametrize(
    "tag, creator, expected",
    [
        (0x0043104E, "GEMS_PARM_01", "[Duration of X-ray on]"),
        (0x0043104E, "NOBODY", "Private tag data"),
        (0x0043104E, None, "Private tag data"),
        (0x00430010, None, "Private Creator"),
        (0x004300FF, None, "Private Creator"),
        (0x00430000, None, "Private Creator"),
        (0x00090010, "GEMS_IDEN_01", "Private tag data"),
        (0x00080016, None, "SOP Class UID"),
        (0x60023000, None, "Overlay Data"),
        (0x00090000 + 0x1000, "", "Private tag data"),
        (0x00080000, None, "Group Length"),
        (0x0008FFFF, None, ""),
    ],
)
def test_element_name_cases(tag, creator, expected):
    assert datadict.element_name(tag, creator) == expected
    assert _pd_name(tag, creator) == expected


def test_element_name_every_private_entry_matches_pydicom():
    for creator, entries in PD_PRIVATE.items():
        for key in entries:
            tag = _concrete(key)
            if (tag >> 16) % 2 == 0:
                continue
            assert datadict.element_name(tag, creator) == _pd_name(tag, creator)


# -- adding entries ----------------------------------------------------------------------


@pytest.fixture
def restore_tables():
    """Undo additions to the live tables after a test."""
    datadict.DicomDictionary  # load
    saved = (
        dict(datadict.DicomDictionary),
        dict(datadict.keyword_dict),
        dict(datadict._VR),
        {c: dict(t) for c, t in datadict.private_dictionaries.items()},
    )
    yield
    for live, old in zip((datadict._ELEMENTS, datadict._KEYWORDS, datadict._VR), saved[:3]):
        live.clear()
        live.update(old)
    datadict._PRIVATE.clear()
    datadict._PRIVATE.update(saved[3])


def test_add_dict_entries(restore_tables):
    datadict.add_dict_entries(
        {0x10021001: ("UL", "1", "Test One", "", "TestOne"), 0x10021002: ("DS", "3", "Test Two", "", "TestTwo")}
    )
    datadict.add_dict_entry(0x10021003, "LO", "TestThree", "Test Three", VM="1-n", is_retired="Retired")
    assert datadict.dictionary_VR(0x10021001) == "UL"
    assert datadict.vr_for_tag(0x10021002) == "DS"
    assert datadict.tag_for_keyword("TestTwo") == 0x10021002
    assert Tag("TestOne") == 0x10021001
    assert datadict.dictionary_is_retired(0x10021003)
    assert datadict.dictionary_VM(0x10021003) == "1-n"
    # replacing an entry updates the keyword index
    datadict.add_dict_entry(0x10021001, "US", "Renamed", "Renamed")
    assert datadict.tag_for_keyword("TestOne") is None
    assert datadict.vr_for_tag(0x10021001) == "US"


def test_add_dict_entries_refuses_private(restore_tables):
    with pytest.raises(ValueError, match="add_private_dict_entries"):
        datadict.add_dict_entries({0x10011001: ("UL", "1", "Test", "", "Test")})


def test_add_private_dict_entries(restore_tables):
    datadict.add_private_dict_entries("ACME LTD 1.2", {0x00410001: ("UL", "1", "Test One"), 0x00411002: ("DS", "3", "Test Two", "")})
    datadict.add_private_dict_entry("ACME LTD 1.3", 0x00410001, "US", "Test Three")
    assert datadict.private_dictionaries["ACME LTD 1.2"]["0041xx01"] == ("UL", "1", "Test One", "")
    assert datadict.private_dictionary_VR(0x00411201, "ACME LTD 1.2") == "UL"
    assert datadict.private_dictionary_description(0x00411002, "ACME LTD 1.2") == "Test Two"
    assert datadict.private_vr_for(0x00411001, "ACME LTD 1.3") == "US"
    # an existing creator keeps its other entries
    datadict.add_private_dict_entry("GEMS_PARM_01", 0x004310FE, "LO", "Extra")
    assert datadict.private_dictionary_description(0x004310FE, "GEMS_PARM_01") == "Extra"
    assert datadict.private_dictionary_description(0x0043104E, "GEMS_PARM_01") == "Duration of X-ray on"
    with pytest.raises(ValueError, match="add_dict_entries"):
        datadict.add_private_dict_entries("ACME", {0x00100010: ("PN", "1", "x")})


def test_load_private_dictionary(tmp_path, restore_tables):
    path = tmp_path / "acme.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            # my vendor's elements
            creators:
              "ACME 1.0":
              - {tag: "(0029,xx10)", vr: "LO", vm: "1", name: "Acme Thing"}
              - {tag: "(0029,xx11)", vr: "US or SS", vm: "2-2n", name: "Acme Pairs", retired: true}
              "GEMS_PARM_01":
              - {tag: "(0043,xxFE)", vr: "SH", vm: "1", name: "Acme Override"}
            """
        )
    )
    assert datadict.load_private_dictionary(path) == {"ACME 1.0": 2, "GEMS_PARM_01": 1}
    assert datadict.private_dictionary_VR(0x00291210, "ACME 1.0") == "LO"
    assert datadict.get_private_entry(0x00291011, "ACME 1.0") == ("US or SS", "2-2n", "Acme Pairs", "Retired")
    assert datadict.element_name(0x00291010, "ACME 1.0") == "[Acme Thing]"
    assert datadict.private_vr_for(0x004310FE, "GEMS_PARM_01") == "SH"
    assert datadict.private_vr_for(0x0043104E, "GEMS_PARM_01") == "FL"


def test_load_private_dictionary_rejects_bad_file_and_adds_nothing(tmp_path, restore_tables):
    path = tmp_path / "bad.yaml"
    path.write_text(
        'creators:\n  "ACME 2.0":\n  - {tag: "(0029,xx10)", vr: "LO", vm: "1", name: "Fine"}\n'
        '  - {tag: "(0029,xx11)", vr: "XX", vm: "1", name: "Bad VR"}\n'
    )
    with pytest.raises(SchemaError, match=r"bad\.yaml:4: unknown VR 'XX'") as info:
        datadict.load_private_dictionary(path)
    assert info.value.line == 4
    assert isinstance(info.value, ValueError)
    with pytest.raises(KeyError):
        datadict.private_dictionary_VR(0x00291010, "ACME 2.0")


def test_module_attributes():
    assert datadict.keyword_dict["PatientName"] == 0x00100010
    assert datadict.masks["60xx3000"] == (0x60003000, 0xFF00FFFF)
    assert "OverlayData" in datadict.REPEATER_KEYWORDS
    with pytest.raises(AttributeError):
        datadict.no_such_table  # noqa: B018
