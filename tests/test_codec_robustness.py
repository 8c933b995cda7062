"""Robustness of the codec layer (issue 6): reading limits, strict / non-strict oddities on real bytes,
writes that fail before the first byte, ambiguous VRs resolved as the Standard says.

Everything here drives dicomconstruct.codec directly (reader.read, writer.write, values.decode_value).
"""

from __future__ import annotations

import importlib.util
import io
import struct
import sys
import tracemalloc
import warnings
import zlib
from pathlib import Path

import pytest

from dicomconstruct import config
from dicomconstruct.codec import reader, values, writer
from dicomconstruct.errors import (
    BadDeflateStreamError,
    BadDelimiterError,
    BadLengthError,
    BadVRError,
    DicomWarning,
    InvalidDicomError,
    LimitExceededError,
    NestingTooDeepError,
    TruncatedDataError,
)

_spec = importlib.util.spec_from_file_location("fuzz", Path(__file__).parent.parent / "tools" / "fuzz.py")
fuzz = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz)

LONG_VRS = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"}
UNDEFINED = 0xFFFFFFFF
DEFLATED = b"1.2.840.10008.1.2.1.99"
SEQ_END = struct.pack("<HHL", 0xFFFE, 0xE0DD, 0)
ITEM_END = struct.pack("<HHL", 0xFFFE, 0xE00D, 0)


def el(tag: int, vr: str, value: bytes, length: int | None = None) -> bytes:
    """Explicit VR Little Endian element; ``length`` overrides the length field."""
    size = len(value) if length is None else length
    if vr in LONG_VRS:
        return struct.pack("<HH2sHL", tag >> 16, tag & 0xFFFF, vr.encode(), 0, size) + value
    return struct.pack("<HH2sH", tag >> 16, tag & 0xFFFF, vr.encode(), size) + value


def imp(tag: int, value: bytes) -> bytes:
    """Implicit VR Little Endian element."""
    return struct.pack("<HHL", tag >> 16, tag & 0xFFFF, len(value)) + value


def item_start(length: int = UNDEFINED) -> bytes:
    return struct.pack("<HHL", 0xFFFE, 0xE000, length)


def meta(ts: bytes = b"1.2.840.10008.1.2.1") -> bytes:
    ts = ts + b"\0" * (len(ts) & 1)
    body = el(0x00020001, "OB", b"\0\1") + el(0x00020002, "UI", b"1.2.840.10008.5.1.4.1.1.7\0") + el(
        0x00020003, "UI", b"1.2.3.4\0") + el(0x00020010, "UI", ts)
    return b"\0" * 128 + b"DICM" + el(0x00020000, "UL", struct.pack("<L", len(body))) + body


SOP = el(0x00080016, "UI", b"1.2.840.10008.5.1.4.1.1.7\0") + el(0x00080018, "UI", b"1.2.3.4\0")
LEAF = el(0x00100020, "LO", b"LEAF")


def caught_warnings(function):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = function()
    return result, [str(w.message) for w in caught if issubclass(w.category, DicomWarning)]


@pytest.fixture
def strict():
    with config.limits(strict=True):
        yield


# --- value length beyond the end of the data ---------------------------------------------------------

PAST_END = meta() + SOP + el(0x00104000, "LT", b"only these bytes", 100)


def test_value_past_the_end_keeps_what_was_read_after_a_warning_with_tag_and_offset():
    parsed, messages = caught_warnings(lambda: reader.read(PAST_END))
    at = PAST_END.index(b"\x10\x00\x00\x40LT")
    assert f"(0010,4000) at offset {at}: value is 100 bytes long but only 16 remain" in messages
    assert bytes(parsed.dataset[0x00104000].value) == b"only these bytes"


def test_value_past_the_end_is_a_truncated_data_error_in_strict_mode(strict):
    with pytest.raises(TruncatedDataError) as caught:
        reader.read(PAST_END)
    assert caught.value.tag == 0x00104000 and caught.value.offset == PAST_END.index(b"\x10\x00\x00\x40LT")


@pytest.mark.parametrize("length", [0xFFFFFFF0, 0x7FFFFFFF, 0xFFFFFFFE])
def test_huge_length_fields_allocate_nothing(length):
    data = meta() + SOP + el(0x00091010, "OB", b"ten bytes!", length)
    tracemalloc.start()
    try:
        parsed, _ = caught_warnings(lambda: reader.read(data))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert bytes(parsed.dataset[0x00091010].value) == b"ten bytes!"
    assert peak < 1_000_000


def test_incomplete_header_at_the_end_is_kept_as_trailing_or_refused_in_strict_mode():
    data = meta() + SOP + b"\x10\x00\x10"
    parsed, messages = caught_warnings(lambda: reader.read(data))
    assert parsed.trailing == b"\x10\x00\x10"
    assert any(f"at offset {len(data) - 3}: 3 bytes after the last data element" in m for m in messages)
    out = io.BytesIO()
    writer.write_parsed(out, parsed)
    assert out.getvalue() == data
    with config.limits(strict=True), pytest.raises(TruncatedDataError, match=f"offset {len(data) - 3}"):
        reader.read(data)


# --- undefined length without its delimiter -------------------------------------------------------------

NO_DELIMITERS = meta() + SOP + el(0x00081115, "SQ", b"", UNDEFINED) + item_start() + LEAF


def test_missing_delimiters_at_the_end_keep_the_items_after_warnings():
    parsed, messages = caught_warnings(lambda: reader.read(NO_DELIMITERS))
    items = parsed.dataset[0x00081115].value
    assert bytes(items[0].dataset[0x00100020].value) == b"LEAF"
    assert any(f"offset {len(NO_DELIMITERS)}: data ended before the Item Delimitation Item" in m for m in messages)
    assert any(f"(0008,1115) at offset {len(NO_DELIMITERS)}: data ended before the Sequence Delimitation Item" in m
               for m in messages)


def test_missing_delimiters_at_the_end_are_bad_delimiter_errors_in_strict_mode(strict):
    with pytest.raises(BadDelimiterError, match=f"offset {len(NO_DELIMITERS)}"):
        reader.read(NO_DELIMITERS)


def test_undefined_length_bytes_without_sequence_delimiter():
    data = meta() + SOP + el(0x00091010, "OB", b"no delimiter here", UNDEFINED)
    parsed, messages = caught_warnings(lambda: reader.read(data))
    assert bytes(parsed.dataset[0x00091010].value) == b"no delimiter here"
    at = len(data) - len(b"no delimiter here")
    assert f"(0009,1010) at offset {at}: undefined length value without Sequence Delimitation Item" in messages
    with config.limits(strict=True), pytest.raises(BadDelimiterError):
        reader.read(data)


def test_delimiter_with_a_length_and_stray_items_are_reported():
    bad_delimiter = struct.pack("<HHL", 0xFFFE, 0xE00D, 4)
    data = meta() + SOP + el(0x00081115, "SQ", b"", UNDEFINED) + item_start() + LEAF + bad_delimiter + SEQ_END
    parsed, messages = caught_warnings(lambda: reader.read(data))
    assert any("Item Delimitation Item has length 4, expected 0" in m for m in messages)
    assert len(parsed.dataset[0x00081115].value) == 1
    with config.limits(strict=True), pytest.raises(BadDelimiterError, match=f"offset {data.index(bad_delimiter)}"):
        reader.read(data)
    stray = meta() + SOP + item_start(0) + LEAF
    parsed, messages = caught_warnings(lambda: reader.read(stray))
    assert 0x00100020 in parsed.dataset
    with config.limits(strict=True), pytest.raises(BadDelimiterError, match=r"\(FFFE,E000\)"):
        reader.read(stray)


# --- nesting depth ------------------------------------------------------------------------------------


@pytest.mark.parametrize("defined", [False, True], ids=["undefined", "defined"])
def test_2000_deep_sequences_are_nesting_too_deep(defined):
    data = fuzz.deep_sequences(2000, defined)
    with pytest.raises(NestingTooDeepError) as caught:
        _read_to_the_bottom(data)
    assert caught.value.tag == 0x00081115 and 0 < caught.value.offset < len(data)
    assert "(0008,1115) at offset" in str(caught.value) and "max_nesting_depth" in str(caught.value)


@pytest.mark.parametrize("defined", [False, True], ids=["undefined", "defined"])
def test_a_limit_above_the_recursion_limit_still_ends_in_nesting_too_deep(defined):
    data = fuzz.deep_sequences(2000, defined)
    with config.limits(max_nesting_depth=100_000), pytest.raises(NestingTooDeepError) as caught:
        _read_to_the_bottom(data)
    assert caught.value.tag == 0x00081115
    assert "recursion limit" in str(caught.value)


def _read_to_the_bottom(data):
    """Read ``data`` and parse its nested (0008,1115) sequences down to the last (defined-length ones
    are parsed only when used: an error in them is raised then)."""
    dataset = reader.read(data, force=True).dataset
    while 0x00081115 in dataset:
        dataset = dataset[0x00081115].value[0].dataset
    return dataset


def test_every_depth_ends_in_a_value_or_nesting_too_deep_near_a_low_recursion_limit():
    # implicit VR: the deepest level looks the VR up in the dictionary; a warning is raised at each level
    saved = sys.getrecursionlimit()
    sys.setrecursionlimit(len_stack() + 260)
    outcomes = set()
    try:
        with config.limits(max_nesting_depth=10_000), warnings.catch_warnings():
            warnings.simplefilter("always")
            for depth in range(1, 80, 3):
                start = imp(0x00081115, b"")[:4] + struct.pack("<L", UNDEFINED) + item_start()
                leaf = imp(0x00100010, b"Name^Deep") + b"\x10\x00"  # odd tail: a report at the bottom
                data = start * depth + leaf
                try:
                    reader.read(data, force=True)
                    outcomes.add("value")
                except NestingTooDeepError as error:
                    assert error.tag == 0x00081115
                    outcomes.add("too deep")
    finally:
        sys.setrecursionlimit(saved)
    assert outcomes == {"value", "too deep"}


def len_stack() -> int:
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


def test_nesting_at_the_configured_limit_is_read():
    with config.limits(max_nesting_depth=10):
        parsed = reader.read(fuzz.deep_sequences(10), force=True)
        with pytest.raises(NestingTooDeepError, match="deeper than 10"):
            reader.read(fuzz.deep_sequences(11), force=True)
    level = parsed.dataset
    for _ in range(10):
        level = level[0x00081115].value[0].dataset
    assert bytes(level[0x00100020].value) == b"LEAF"


# --- deflated data sets ------------------------------------------------------------------------------


def deflate(dataset: bytes, wbits: int = -15) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    body = compressor.compress(dataset) + compressor.flush()
    return meta(DEFLATED) + body + b"\0" * (len(body) & 1)


def test_deflate_bomb_stops_at_the_limit_without_inflating_it():
    bomb = deflate(SOP + el(0x00091010, "OB", b"", 32 * 1024 * 1024) + bytes(32 * 1024 * 1024))
    assert len(bomb) < 100_000
    tracemalloc.start()
    try:
        with config.limits(max_inflated_size=2 * 1024 * 1024), pytest.raises(LimitExceededError) as caught:
            reader.read(bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.offset == len(meta(DEFLATED)) and "max_inflated_size" in str(caught.value)
    assert peak < 8 * 1024 * 1024  # the limit plus one chunk, not the 32 MiB the stream holds


def test_inflated_size_at_the_limit_is_read():
    dataset = SOP + LEAF
    with config.limits(max_inflated_size=len(dataset)):
        assert bytes(reader.read(deflate(dataset)).dataset[0x00100020].value) == b"LEAF"
    with config.limits(max_inflated_size=len(dataset) - 1), pytest.raises(LimitExceededError):
        reader.read(deflate(dataset))


def test_deflate_stream_with_zlib_header_is_read():
    assert bytes(reader.read(deflate(SOP + LEAF, wbits=15)).dataset[0x00100020].value) == b"LEAF"


def test_truncated_deflate_stream_keeps_what_inflated(strict=False):
    noise = bytes((i * 7919 + i // 3) % 251 for i in range(6000))
    whole = deflate(SOP + LEAF + el(0x00104000, "LT", noise))
    parsed, messages = caught_warnings(lambda: reader.read(whole[:-40]))
    assert any("deflate stream is incomplete" in m for m in messages)
    assert bytes(parsed.dataset[0x00100020].value) == b"LEAF"
    with config.limits(strict=True), pytest.raises(BadDeflateStreamError, match=f"offset {len(meta(DEFLATED))}"):
        reader.read(whole[:-40])


def test_garbage_deflate_stream_is_a_bad_deflate_stream_error():
    with pytest.raises(BadDeflateStreamError, match=f"offset {len(meta(DEFLATED))}: cannot inflate"):
        reader.read(meta(DEFLATED) + b"\xff\xfe not a deflate stream \x07\x00")


# --- element count ---------------------------------------------------------------------------------------


def test_element_count_limit_counts_every_level():
    data = meta() + SOP + el(0x00081115, "SQ", b"", UNDEFINED) + (item_start() + LEAF + ITEM_END) * 5 + SEQ_END
    assert reader.read(data)
    # 2 + 1 sequence + 5 leaves = 8 data set elements (the 5 of the File Meta do not count)
    with config.limits(max_elements=8):
        reader.read(data)
    with config.limits(max_elements=7), pytest.raises(LimitExceededError, match="max_elements") as caught:
        reader.read(data)
    assert caught.value.tag == 0x00100020


# --- other oddities in both modes -----------------------------------------------------------------------


def test_implicit_element_in_explicit_data_is_read_after_a_bad_vr_report():
    odd = imp(0x00100010, b"Implicit^Name ")
    data = meta() + SOP + odd + LEAF
    parsed, messages = caught_warnings(lambda: reader.read(data))
    assert bytes(parsed.dataset[0x00100010].value) == b"Implicit^Name "
    assert bytes(parsed.dataset[0x00100020].value) == b"LEAF"
    assert any(f"(0010,0010) at offset {data.index(odd)}: element has no valid VR" in m for m in messages)
    with config.limits(strict=True), pytest.raises(BadVRError, match=r"\(0010,0010\)"):
        reader.read(data)


@pytest.mark.parametrize("vr, data, expected", [
    ("UL", struct.pack("<L", 7) + b"\x01\x00", 7),
    ("US", struct.pack("<HH", 3, 4) + b"\x05", [3, 4]),
    ("FD", b"\x00" * 9, 0.0),
    ("AT", struct.pack("<HH", 0x10, 0x10) + b"\x01\x02", 0x00100010),
    ("SS", b"\x01", None),
])
def test_number_value_of_ragged_length_keeps_whole_values_and_names_tag_and_offset(vr, data, expected):
    result, messages = caught_warnings(lambda: values.decode_value(vr, data, True, tag=0x00081161, offset=320))
    assert result == expected
    assert any(m.startswith(f"(0008,1161) at offset 320: {vr} value of {len(data)} bytes is not a multiple")
               for m in messages)
    with config.limits(strict=True), pytest.raises(BadLengthError) as caught:
        values.decode_value(vr, data, True, tag=0x00081161, offset=320)
    assert caught.value.tag == 0x00081161 and caught.value.offset == 320


# --- writer: every check runs before the first byte -----------------------------------------------------


class E:
    """A minimal element-like for the writer (tag, VR, value, raw)."""

    def __init__(self, tag, VR, value, raw=None):
        self.tag, self.VR, self.value, self.raw = tag, VR, value, raw


class Recorder(io.RawIOBase):
    """A file object that records what it is given and refuses nothing."""

    def __init__(self):
        self.chunks = []

    def writable(self):
        return True

    def write(self, data):
        self.chunks.append(data)
        return len(data)


META = [E(0x00020001, "OB", b"\0\1"), E(0x00020002, "UI", "1.2.840.10008.5.1.4.1.1.7"),
        E(0x00020003, "UI", "1.2.3.4"), E(0x00020010, "UI", "1.2.840.10008.1.2.1")]
PIXELS = bytes(range(256)) * 64


@pytest.mark.parametrize("bad, message", [
    (E(0x00100010, "LO", "x" * 70000), r"\(0010,0010\) LO: value of 70000 bytes is too long for the 16-bit length"),
    (E(0x00041500, "AT", 0x1_0000_0000), r"\(0004,1500\) AT: AT value out of range"),
    (E(0x00041500, "AT", "not a tag"), r"\(0004,1500\) AT: AT value 'not a tag' is not a tag"),
    (E(0x00100010, "PN", "Ωmega"), r"\(0010,0010\) PN: Cannot encode character 'Ω'"),
    (E(0x00280010, "US", "512"), r"\(0028,0010\) US: cannot encode '512' as US"),
    (E(0x00280010, "US", 70000), r"\(0028,0010\) US: cannot encode 70000 as US"),
    (E(0x00189087, "FD", "big"), r"\(0018,9087\) FD: cannot encode 'big' as FD"),
    (E(0x00209158, "FL", 1e300), r"\(0020,9158\) FL: cannot encode 1e\+300 as FL"),
    (E(0x00091010, "OB", 10**12), r"\(0009,1010\) OB: a OB value must be bytes, not int"),
])
def test_write_fails_before_the_first_byte_naming_the_tag(bad, message, tmp_path):
    # the failing element comes last, after the pixel data: nothing at all reaches the file object
    elements = [E(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.7"), E(0x00280010, "US", 64)]
    elements.append(bad)
    elements.sort(key=lambda e: e.tag)
    elements.append(E(0x7FE00010, "OB", PIXELS))
    if bad.tag > 0x7FE00010:
        elements.sort(key=lambda e: e.tag)
    target = Recorder()
    with pytest.raises(ValueError, match=message):
        writer.write(target, META, elements)
    assert target.chunks == []
    path = tmp_path / "existing.dcm"
    path.write_bytes(b"original bytes")
    with pytest.raises(ValueError, match=message):
        writer.write(path, META, elements)
    assert path.read_bytes() == b"original bytes"
    assert [p.name for p in tmp_path.iterdir()] == ["existing.dcm"]


def test_long_value_read_in_implicit_vr_is_written_as_un_in_explicit_vr():
    # PS3.5 6.2.2: a value too long for a 16-bit length keeps its bytes as UN when converted
    long_text = b"A" * 70000
    parsed = reader.read(imp(0x00081150, b"1.2\0") + imp(0x00104000, long_text), force=True)
    out = io.BytesIO()
    writer.write(out, None, list(parsed.dataset), "1.2.840.10008.1.2.1", preamble=None)
    again = reader.read(out.getvalue(), force=True)
    assert again.dataset[0x00104000].VR == "UN" and bytes(again.dataset[0x00104000].value) == long_text


def test_pixel_data_reaches_the_file_as_the_source_slice_not_a_copy():
    data = meta() + SOP + el(0x7FE00010, "OW", PIXELS)
    parsed = reader.read(data)
    target = Recorder()
    writer.write_parsed(target, parsed)
    assert b"".join(bytes(c) for c in target.chunks) == data
    pixel_chunks = [c for c in target.chunks if len(c) == len(PIXELS)]
    assert len(pixel_chunks) == 1 and isinstance(pixel_chunks[0], memoryview)
    assert pixel_chunks[0].obj is parsed.buffer.obj  # the source's own buffer


def test_deflated_write_reuses_the_stream_or_deflates_chunk_by_chunk():
    data = deflate(SOP + LEAF + el(0x7FE00010, "OB", PIXELS))
    parsed = reader.read(data)
    out = io.BytesIO()
    writer.write_parsed(out, parsed)
    assert out.getvalue() == data
    changed = [e if e.tag != 0x00100020 else E(0x00100020, "LO", "CHANGED") for e in parsed.dataset]
    out = io.BytesIO()
    writer.write(out, list(parsed.meta), changed, DEFLATED.decode(), original=parsed)
    assert len(out.getvalue()) % 2 == 0
    again = reader.read(out.getvalue())
    assert bytes(again.dataset[0x00100020].value) == b"CHANGED "
    assert bytes(again.dataset[0x7FE00010].value) == PIXELS


def test_writing_nesting_deeper_than_recursion_allows_is_a_value_error():
    leaf = [E(0x00100020, "LO", "LEAF")]
    body = leaf
    for _ in range(2000):
        body = [E(0x00081115, "SQ", [body])]
    with pytest.raises(ValueError, match=r"\(0008,1115\): sequences nested \d+ deep"):
        writer.write(io.BytesIO(), None, body, preamble=None)


# --- ambiguous VRs (PS3.5 A.1, PS3.3 C.7.6.3.1, C.11.1.1.1; as pydicom 3.0.2) -----------------------------


def written_vr(elements, tag, transfer_syntax="1.2.840.10008.1.2.1"):
    # a first element in group 0008, so that the reader detects the encoding of a bare data set
    elements = [E(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.7"), *elements]
    out = io.BytesIO()
    writer.write(out, None, elements, transfer_syntax, preamble=None)
    return reader.read(out.getvalue(), force=True).dataset[tag].VR


@pytest.mark.parametrize("entries, expected", [(1, "US"), (256, "OW"), (0, "OW")])
def test_lut_data_us_or_ow_follows_the_first_descriptor_value(entries, expected):
    lut = [E(0x00283002, "US or SS", [entries, 0, 16]), E(0x00283006, "US or OW", [7] * max(entries, 1))]
    assert written_vr(lut, 0x00283006) == expected
    # the same rule when reading implicit VR
    implicit = imp(0x00283002, struct.pack("<3H", entries, 0, 16)) + imp(
        0x00283006, struct.pack(f"<{max(entries, 1)}H", *[7] * max(entries, 1)))
    assert reader.read(implicit, force=True).dataset[0x00283006].VR == expected


def test_lut_data_vr_agrees_with_pydicom():
    from pydicom.dataset import Dataset
    from pydicom.filewriter import correct_ambiguous_vr

    for entries in (1, 2, 4096):
        ds = Dataset()
        ds.LUTDescriptor = [entries, 0, 16]
        ds.LUTData = [1] * entries
        correct_ambiguous_vr(ds, True)
        lut = [E(0x00283002, "US or SS", [entries, 0, 16]), E(0x00283006, "US or OW", [1] * entries)]
        assert written_vr(lut, 0x00283006) == ds["LUTData"].VR


@pytest.mark.parametrize("pixel_rep, entries, expected", [(0, 1, "US"), (1, 1, "SS"), (0, 256, "OW"), (1, 256, "OW")])
def test_gray_lookup_table_data_us_or_ss_or_ow(pixel_rep, entries, expected):
    elements = [E(0x00280103, "US", pixel_rep), E(0x00281100, "US or SS", [entries, 0, 16]),
                E(0x00281200, "US or SS or OW", [1] * entries)]
    assert written_vr(elements, 0x00281200) == expected
    implicit = imp(0x00280103, struct.pack("<H", pixel_rep)) + imp(0x00281100, struct.pack("<3H", entries, 0, 16)) \
        + imp(0x00281200, struct.pack(f"<{entries}H", *[1] * entries))
    assert reader.read(implicit, force=True).dataset[0x00281200].VR == expected


@pytest.mark.parametrize("pixel_rep, pixel_data, expected", [(0, False, "US"), (1, False, "SS"), (None, False, "US"),
                                                             (None, True, "SS")])
def test_us_or_ss_follows_pixel_representation(pixel_rep, pixel_data, expected):
    elements = [E(0x00280103, "US", pixel_rep)] if pixel_rep is not None else []
    elements.append(E(0x00280106, "US or SS", 3))
    if pixel_data:
        elements.append(E(0x7FE00010, "OW", b"\0\0"))
    assert written_vr(elements, 0x00280106) == expected


def test_us_or_ss_in_an_item_uses_the_pixel_representation_of_the_top_data_set():
    elements = [E(0x00280103, "US", 1), E(0x00283010, "SQ", [[E(0x00283002, "US or SS", [1, 0, 16])]])]
    out = io.BytesIO()
    writer.write(out, None, elements, preamble=None)
    item = reader.read(out.getvalue(), force=True).dataset[0x00283010].value[0]
    assert item.dataset[0x00283002].VR == "SS"


@pytest.mark.parametrize("bits, expected", [(8, "OB"), (1, "OB"), (16, "OW"), (None, "OW")])
def test_pixel_data_ob_or_ow_follows_bits_allocated(bits, expected):
    elements = [E(0x00280100, "US", bits)] if bits is not None else []
    elements.append(E(0x7FE00010, "OB or OW", b"\x01\x02\x03\x04"))
    assert written_vr(elements, 0x7FE00010) == expected


def test_waveform_data_ob_or_ow_follows_waveform_bits_allocated():
    for bits, expected in ((8, "OB"), (16, "OW")):
        item = [E(0x54001004, "US", bits), E(0x54001010, "OB or OW", b"\x01\x02")]
        out = io.BytesIO()
        writer.write(out, None, [E(0x00080016, "UI", "1.2.3"), E(0x54000100, "SQ", [item])], preamble=None)
        got = reader.read(out.getvalue(), force=True).dataset[0x54000100].value[0].dataset[0x54001010]
        assert got.VR == expected


def test_every_error_the_codec_raises_on_garbage_is_an_invalid_dicom_error():
    # a quick sweep over single-byte damage of a small file with sequences, read and re-written
    base = meta() + SOP + el(0x00081115, "SQ", b"", UNDEFINED) + item_start() + LEAF + ITEM_END + SEQ_END + el(
        0x7FE00010, "OB", b"", UNDEFINED) + item_start(0) + item_start(4) + b"\1\2\3\4" + SEQ_END
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for position in range(132, len(base)):
            for byte in (0x00, 0xFF, 0x41):
                damaged = base[:position] + bytes([byte]) + base[position + 1:]
                try:
                    parsed = reader.read(damaged, force=True)
                    for element in parsed.dataset:
                        if isinstance(element.value, memoryview):
                            values.decode_value(element.VR, element.value, element.little_endian)
                    writer.write_parsed(io.BytesIO(), parsed)
                except InvalidDicomError:
                    pass


def test_group_length_element_read_as_a_sequence_is_written_back_as_read():
    # fuzz seed 3 (wrong_vr on ExplVR_BigEnd.dcm): a (gggg,0000) whose VR was damaged into SQ
    damaged = meta() + SOP + el(0x00100000, "SQ", item_start(10) + el(0x00100010, "PN", b"AB")) + LEAF
    parsed, _ = caught_warnings(lambda: reader.read(damaged))
    assert parsed.dataset[0x00100000].is_sequence
    out = io.BytesIO()
    writer.write_parsed(out, parsed)
    assert out.getvalue() == damaged


# --- padding with the wrong byte (PS3.5 6.2: NUL ends UI values, a space other text) ------------------

WRONG_PADDING = meta() + SOP + el(0x00100010, "PN", b"Doe^John\0\0") + el(0x0020000D, "UI", b"1.2.3.45 ")


def test_wrong_padding_is_decoded_after_a_warning_naming_tag_and_offset():
    parsed = reader.read(WRONG_PADDING)
    name = parsed.dataset[0x00100010]
    uid = parsed.dataset[0x0020000D]
    decoded, messages = caught_warnings(lambda: [
        values.decode_value("PN", name.value, tag=name.tag, offset=name.value_offset),
        values.decode_value("UI", uid.value, tag=uid.tag, offset=uid.value_offset),
    ])
    assert decoded == ["Doe^John", "1.2.3.45"]
    assert len(messages) == 2
    assert "(0010,0010)" in messages[0] and f"offset {name.value_offset}" in messages[0]
    assert "padded with b'\\x00' instead of b' '" in messages[0]
    assert "(0020,000D)" in messages[1] and "padded with b' ' instead of b'\\x00'" in messages[1]


def test_right_padding_says_nothing():
    _, messages = caught_warnings(lambda: [
        values.decode_value("PN", b"Doe^John ", tag=0x00100010, offset=0),
        values.decode_value("UI", b"1.2.3.45\0", tag=0x0020000D, offset=0),
    ])
    assert messages == []


def test_wrong_padding_is_a_bad_vr_error_in_strict_mode(strict):
    uid = reader.read(WRONG_PADDING).dataset[0x0020000D]
    with pytest.raises(BadVRError, match=r"\(0020,000D\) at offset \d+: UI value padded with b' '"):
        values.decode_value("UI", uid.value, tag=uid.tag, offset=uid.value_offset)
