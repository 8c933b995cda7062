"""codec.values: value bytes <-> Python primitives per VR (PS3.5 6.2, 6.4, 7.3)."""

from __future__ import annotations

import math
import struct
import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dicomconstruct.codec.values import decode_value, encode_value, swap_bytes
from dicomconstruct.errors import DicomWarning


@pytest.mark.parametrize("vr, data, expected", [
    ("CS", b"ORIGINAL\\PRIMARY ", ["ORIGINAL", "PRIMARY"]),
    ("CS", b"", ""),
    ("UI", b"1.2.840\x00", "1.2.840"),
    ("AE", b" STORESCP  ", "STORESCP"),
    ("DS", b" 1.5\\2 ", ["1.5", "2"]),
    ("IS", b"12\\-3 ", ["12", "-3"]),
    ("DA", b"20240101", "20240101"),
    ("LO", b"one \\two ", ["one", "two"]),
    ("LT", b"a\\b  ", "a\\b"),
    ("UT", b"text\x00", "text"),
    ("UR", b"http://x ", "http://x"),
    ("PN", b"Doe^John\\Roe^Jane ", ["Doe^John", "Roe^Jane"]),
    ("US", b"\x01\x00\x02\x00", [1, 2]),
    ("US", b"", None),
    ("SS", b"\xff\xff", -1),
    ("UL", b"\x10\x00\x00\x00", 16),
    ("SV", struct.pack("<q", -5), -5),
    ("UV", struct.pack("<Q", 2**63), 2**63),
    ("FD", struct.pack("<d", 1.25), 1.25),
    ("FL", struct.pack("<2f", 0.5, 2.0), [0.5, 2.0]),
    ("AT", b"\x10\x00\x10\x00", 0x00100010),
    ("AT", b"\x08\x00\x16\x00\x10\x00\x20\x00", [0x00080016, 0x00100020]),
    ("OB", b"\x01\x02", b"\x01\x02"),
    ("OW", b"\x01\x02", b"\x01\x02"),
    ("UN", b"", b""),
])
def test_decode(vr, data, expected):
    assert decode_value(vr, data, True, None) == expected


def test_decode_big_endian_and_memoryview():
    assert decode_value("US", memoryview(b"\x01\x00"), False) == 256
    assert decode_value("AT", b"\x00\x10\x00\x20", False) == 0x00100020
    assert decode_value("FD", struct.pack(">d", -2.5), False) == -2.5


def test_decode_with_character_set():
    assert decode_value("PN", "Müller".encode("latin-1"), True, ["latin_1"]) == "Müller"
    assert decode_value("LO", "Ωmega".encode("utf-8"), True, ["utf_8"]) == "Ωmega"


def test_bad_number_length_is_reported_not_an_exception():
    with pytest.warns(DicomWarning, match="not a multiple"):
        assert decode_value("UL", b"\x01\x00\x00\x00\x02", True) == 1


@pytest.mark.parametrize("vr, value, expected", [
    ("UI", "1.2.3", b"1.2.3\x00"),
    ("CS", ["A", "B"], b"A\\B "),
    ("LO", "ab", b"ab"),
    ("DS", ["1.5", "2"], b"1.5\\2 "),
    ("US", [1, 2], b"\x01\x00\x02\x00"),
    ("US", 1, b"\x01\x00"),
    ("SS", -1, b"\xff\xff"),
    ("AT", [0x00100010], b"\x10\x00\x10\x00"),
    ("OB", b"\x01", b"\x01\x00"),
    ("OW", b"\x01\x02", b"\x01\x02"),
    ("PN", "Doe", b"Doe "),
    ("LO", None, b""),
    ("US", [], b""),
])
def test_encode_pads_to_even_length(vr, value, expected):
    assert encode_value(vr, value, True, None) == expected


def test_encode_errors_name_the_vr():
    with pytest.raises(ValueError, match="US"):
        encode_value("US", 70000, True)
    with pytest.raises(TypeError):
        encode_value("OB", "text", True)
    with pytest.raises(ValueError):
        encode_value("CS", "Ω", True)


def test_swap_bytes():
    assert swap_bytes("OW", b"\x01\x02\x03\x04") == b"\x02\x01\x04\x03"
    assert swap_bytes("FD", struct.pack("<d", 1.5)) == struct.pack(">d", 1.5)
    assert swap_bytes("OL", b"\x01\x02\x03\x04") == b"\x04\x03\x02\x01"
    assert swap_bytes("AT", b"\x10\x00\x20\x00") == b"\x00\x10\x00\x20"
    assert swap_bytes("LO", b"abcd") == b"abcd"
    assert swap_bytes("OB", b"abcd") == b"abcd"


@given(st.lists(st.integers(0, 0xFFFF), min_size=1, max_size=20), st.booleans())
def test_us_round_trip(values, little):
    data = encode_value("US", values, little)
    decoded = decode_value("US", data, little)
    assert (decoded if isinstance(decoded, list) else [decoded]) == values
    assert swap_bytes("US", data) == encode_value("US", values, not little)


@given(st.lists(st.floats(allow_nan=False, width=64), min_size=1, max_size=8), st.booleans())
def test_fd_round_trip(values, little):
    decoded = decode_value("FD", encode_value("FD", values, little), little)
    decoded = decoded if isinstance(decoded, list) else [decoded]
    assert all(a == b or (math.isnan(a) and math.isnan(b)) for a, b in zip(decoded, values))


@given(st.lists(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_ ", max_size=16)
                .map(str.strip).filter(bool), min_size=1, max_size=5))
def test_cs_round_trip(values):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        decoded = decode_value("CS", encode_value("CS", values, True), True)
    assert (decoded if isinstance(decoded, list) else [decoded]) == values
