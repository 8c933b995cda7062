"""Each format fact is typed once, in dicomconstruct/format/ (issue 9, item 2), and the UR backslash fix."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from dicomconstruct import Dataset, dcmread, dcmwrite
from dicomconstruct import charset, dataelem
from dicomconstruct._dicts import schema
from dicomconstruct.codec import transfer
from dicomconstruct.format import constants
from dicomconstruct.format.vr import BACKSLASH_VRS, VR_INFO

from ._tools import load_tool

REPO = Path(__file__).resolve().parent.parent


def _check_facts():
    return load_tool("check_facts")


def test_no_format_fact_outside_format():
    assert _check_facts().scan(REPO) == []


@pytest.mark.parametrize(
    "source",
    [
        "x = 0xFFFFFFFF",
        "if tag == 0x00080005: pass",
        "ITEM = b'\\xfe\\xff\\x00\\xe0'",
        "PREFIX = b'DICM'",
        "TS = '1.2.840.10008.1.2.1'",
        "TEXT = frozenset({'AE', 'CS', 'DA'})",
        "VRS = 'AE AS AT CS'.split()",
    ],
)
def test_check_facts_finds_a_restated_fact(source):
    assert _check_facts().facts_in(source)


def test_check_facts_ignores_docstrings_and_unrelated_values():
    source = '"""Undefined length is 0xFFFFFFFF, VRs AE AS AT."""\ndef f():\n    """AE CS DA"""\n    return 8\n'
    assert _check_facts().facts_in(source) == []


def test_object_layer_sets_are_the_vr_table():
    assert dataelem.CHARSET_VR == charset.CHARSET_AFFECTED_VRS == {n for n, i in VR_INFO.items() if i.charset}
    assert dataelem.TEXT_VR == {n for n, i in VR_INFO.items() if i.kind == "text"}
    assert dataelem.BYTES_VR == {"OB", "OD", "OF", "OL", "OV", "OW", "UN"}
    assert schema.VRS == set(VR_INFO)
    assert {"LT", "ST", "UT", "UR"} <= BACKSLASH_VRS and not {"LO", "PN", "SH", "UC", "CS"} & BACKSLASH_VRS
    # PS3.5 6.1.2.5.3: PN resets at "^" and "=" too, other multi-valued text only at "\"
    assert VR_INFO["PN"].delimiters == b"\\^=" and VR_INFO["LO"].delimiters == b"\\"
    assert VR_INFO["LT"].delimiters == b"" and VR_INFO["CS"].delimiters == b""


def test_transfer_syntax_uids_come_from_the_schema():
    assert transfer.IMPLICIT_VR_LE == "1.2.840.10008.1.2"
    assert transfer.EXPLICIT_VR_BE == "1.2.840.10008.1.2.2"
    assert transfer.encoding_for(transfer.DEFLATED_EXPLICIT_VR_LE).deflated


def test_item_tags_pack_to_the_bytes_of_ps3_5_7_5():
    assert constants.tag_pair(constants.ITEM_TAG) == (0xFFFE, 0xE000)
    assert constants.META_GROUP_LENGTH_TAG == 0x00020000


@pytest.mark.parametrize("little_endian", [True, False])
def test_ur_value_with_backslash_is_one_value(little_endian):
    ds = Dataset()
    ds.add_new(0x00081190, "UR", "http://host/a\\b")
    assert ds[0x00081190].value == "http://host/a\\b" and ds[0x00081190].VM == 1
    out = io.BytesIO()
    dcmwrite(out, ds, implicit_vr=False, little_endian=little_endian)
    data = out.getvalue()
    assert b"http://host/a\\b" in data and b"[" not in data
    back = dcmread(io.BytesIO(data), force=True)
    assert back[0x00081190].value == "http://host/a\\b"


def test_ambiguous_vr_rules_are_declared_once():
    from dicomconstruct.format.ambiguous import PENDING, resolve_ambiguous

    values = {0x00283002: 1, 0x00280100: 8, 0x54001004: 16}

    def number(tag, nearest_only):
        return values.get(tag)

    def resolve(vr, tag, **kw):
        kw.setdefault("implicit", False)
        return resolve_ambiguous(vr, tag, number, **kw)

    assert resolve("US or SS", 0x00280106) == PENDING
    assert resolve("US or SS", 0x00280106, pixel_representation=lambda: 1) == "SS"
    assert resolve("US or OW", 0x00283006) == "US"  # one-entry LUT (PS3.3 C.11.1.1.1)
    assert resolve("US or SS or OW", 0x00281200) == "OW"  # its descriptor (0028,1100) is absent
    assert resolve("OB or OW", 0x7FE00010) == "OB"  # 8 bits allocated
    assert resolve("OB or OW", 0x7FE00010, implicit=True) == "OW"
    assert resolve("OB or OW", 0x7FE00010, implicit=True, undefined_length=True) == "OB"
    assert resolve("OB or OW", 0x54001010) == "OW"  # 16 waveform bits
    assert resolve("OB or OW", 0x60003000) == "OW"  # overlay data (PS3.5 8.1.2)
    assert resolve("LO", 0x00100020) == "LO"


@pytest.mark.parametrize("source", ["value_offset = pos + 8", "if end - pos < 12: pass", "pos += 8",
                                    "x = 8 + length"])
def test_check_facts_finds_a_header_size_typed_in_the_codec(source):
    assert _check_facts().header_sizes_in(source)


def test_check_facts_header_sizes_leave_shifts_and_other_numbers():
    assert _check_facts().header_sizes_in("key = group << 8 | elem >> 8\nn = pos + 2\nm = x * 12\n") == []
