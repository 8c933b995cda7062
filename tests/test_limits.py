"""Reading limits (dicomconstruct.config.settings): nesting depth, element count, inflated size;
no allocation is sized from an unchecked length field."""

from __future__ import annotations

import io
import random
import struct
import zlib

import pytest

import dicomconstruct
from dicomconstruct import config
from dicomconstruct.data import get_testdata_file
from dicomconstruct.errors import (
    BadDeflateStreamError,
    DicomWarning,
    LimitExceededError,
    NestingTooDeepError,
    TruncatedDataError,
)

from ._bytes import SOP, element, item, meta

DEFLATED_TS = b"1.2.840.10008.1.2.1.99"


def nested(depth: int) -> bytes:
    """``depth`` nested undefined-length sequences (0008,1115) around (0010,0020) 'LEAF'."""
    start = element(0x00081115, "SQ", b"", 0xFFFFFFFF) + struct.pack("<HHL", 0xFFFE, 0xE000, 0xFFFFFFFF)
    end = struct.pack("<HHL", 0xFFFE, 0xE00D, 0) + struct.pack("<HHL", 0xFFFE, 0xE0DD, 0)
    return meta() + SOP + start * depth + element(0x00100020, "LO", b"LEAF") + end * depth


def noise(size: int) -> bytes:
    """Incompressible text, so that cutting the deflated stream's end only cuts into it."""
    return bytes(random.Random(size).choice(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(size))


def deflated_file(dataset: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = compressor.compress(dataset) + compressor.flush()
    return meta(DEFLATED_TS) + body + b"\0" * (len(body) & 1)


def test_defaults():
    assert config.settings.strict is False
    assert config.settings.max_nesting_depth == 64
    assert config.settings.max_inflated_size == 4 * 1024**3
    assert config.settings.max_elements == 10_000_000


def test_limits_restores_settings_and_refuses_unknown_names():
    with config.limits(max_nesting_depth=3, strict=True) as current:
        assert current.max_nesting_depth == 3 and config.settings.strict
    assert config.settings.max_nesting_depth == 64 and not config.settings.strict
    with pytest.raises(TypeError, match="max_depth"):
        with config.limits(max_depth=3):
            pass


@pytest.mark.parametrize("depth, limit", [(5, 5), (64, 64)])
def test_nesting_up_to_the_limit_is_read(depth, limit):
    with config.limits(max_nesting_depth=limit):
        ds = dicomconstruct.dcmread(io.BytesIO(nested(depth)))
    for _ in range(depth):
        ds = ds.ReferencedSeriesSequence[0]
    assert ds.PatientID == "LEAF"


def test_nesting_beyond_the_limit_is_refused_with_tag_and_offset():
    data = nested(6)
    with config.limits(max_nesting_depth=5), pytest.raises(NestingTooDeepError) as caught:
        dicomconstruct.dcmread(io.BytesIO(data))
    assert caught.value.tag == 0x00081115
    assert caught.value.offset is not None and 0 < caught.value.offset < len(data)
    assert "max_nesting_depth" in str(caught.value)


def test_nesting_beyond_the_limit_is_refused_in_defined_length_sequences_too():
    body = element(0x00100020, "LO", b"LEAF")
    for _ in range(10):
        body = element(0x00081115, "SQ", item(body))
    with config.limits(max_nesting_depth=9):
        ds = dicomconstruct.dcmread(io.BytesIO(meta() + SOP + body))  # sequences parsed when first used
    with pytest.raises(NestingTooDeepError, match="than 9"):
        for _ in range(10):  # the read call's limit holds, whatever the settings here
            ds = ds[0x00081115].value[0]


def test_element_count_limit():
    path = get_testdata_file("CT_small.dcm")
    with config.limits(max_elements=20), pytest.raises(LimitExceededError, match="max_elements"):
        dicomconstruct.dcmread(path)
    assert len(dicomconstruct.dcmread(path)) > 20


def test_inflated_size_limit_on_a_real_file():
    path = get_testdata_file("CT_small_deflated.dcm")
    with config.limits(max_inflated_size=1000), pytest.raises(LimitExceededError, match="max_inflated_size"):
        dicomconstruct.dcmread(path)
    assert dicomconstruct.dcmread(path).PatientName


def test_deflate_bomb_stops_at_the_limit():
    # 64 MiB of zeros deflate to about 64 KiB; the reader never inflates more than the limit.
    bomb = deflated_file(SOP + element(0x00091010, "OB", b"", 64 * 1024 * 1024) + b"\0" * (64 * 1024 * 1024))
    assert len(bomb) < 200_000
    with config.limits(max_inflated_size=1024 * 1024), pytest.raises(LimitExceededError) as caught:
        dicomconstruct.dcmread(io.BytesIO(bomb))
    assert caught.value.offset == len(meta(DEFLATED_TS))


def test_garbage_deflate_stream_is_a_bad_deflate_stream_error():
    with pytest.raises(BadDeflateStreamError, match="offset"):
        dicomconstruct.dcmread(io.BytesIO(meta(DEFLATED_TS) + b"\xff\xfe garbage, not deflate \x07"))


def test_truncated_deflate_stream_keeps_what_inflated():
    whole = deflated_file(SOP + element(0x00100010, "PN", b"Deflated^Name ") + element(0x00104000, "LT", noise(4000)))
    with pytest.warns(DicomWarning, match="deflate stream is incomplete"):
        ds = dicomconstruct.dcmread(io.BytesIO(whole[:-20]))
    assert ds.SOPClassUID == "1.2.840.10008.5.1.4.1.1.7"  # what zlib could inflate is kept


@pytest.mark.parametrize("length", [0xFFFFFFF0, 0x7FFFFFFF, 0x80000000])
def test_huge_length_fields_allocate_nothing(length):
    data = meta() + SOP + element(0x00091010, "OB", b"ten bytes!", length)
    with pytest.warns(DicomWarning, match=r"\(0009,1010\).*bytes long but only 10 remain"):
        ds = dicomconstruct.dcmread(io.BytesIO(data))
    assert ds[0x00091010].value == b"ten bytes!"
    with config.limits(strict=True), pytest.raises(TruncatedDataError):
        dicomconstruct.dcmread(io.BytesIO(data))


def test_huge_item_length_allocates_nothing():
    data = meta() + SOP + element(0x00081115, "SQ", b"", 0xFFFFFFFF) + struct.pack("<HHL", 0xFFFE, 0xE000, 0xFFFFFFF0) \
        + element(0x00100020, "LO", b"LEAF")
    with pytest.warns(DicomWarning, match="item is 4294967280 bytes long"):
        ds = dicomconstruct.dcmread(io.BytesIO(data))
    assert ds.ReferencedSeriesSequence[0].PatientID == "LEAF"
