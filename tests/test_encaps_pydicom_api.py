"""encaps with pydicom 3's semantics: file objects, positions, big endian, buffers, deprecated names (PS3.5 A.4)."""

from __future__ import annotations

import io
import warnings

import pytest

import pydicom
import pydicom.encaps as pydicom_encaps

from dicomconstruct import encaps
from dicomconstruct.errors import BadPixelDataError, EncapsulationError
from tests.corpus import pydicom_test_file

ITEM = b"\xfe\xff\x00\xe0"
DELIMITER = b"\xfe\xff\xdd\xe0\x00\x00\x00\x00"


def item(value: bytes) -> bytes:
    return ITEM + len(value).to_bytes(4, "little") + value


# Files with a Basic Offset Table and several frames, without one, and one frame
FILES = ["SC_rgb_rle_2frame.dcm", "examples_ybr_color.dcm", "rtdose_rle.dcm", "JPEG2000.dcm", "SC_rgb_jpeg.dcm"]


def _pixel_data(name):
    ds = pydicom.dcmread(pydicom_test_file(name))
    return ds.PixelData, int(ds.get("NumberOfFrames") or 1)


def test_parse_basic_offsets_reads_the_table_and_leaves_a_file_at_the_first_fragment():
    data = item(b"\x00\x00\x00\x00\x10\x00\x00\x00") + item(b"\x01\x02")
    stream = io.BytesIO(b"junk" + data)
    stream.seek(4)
    assert encaps.parse_basic_offsets(stream) == [0, 16]
    assert stream.tell() == 4 + 16
    assert encaps.parse_basic_offsets(data) == [0, 16]
    big = b"\xff\xfe\xe0\x00\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00\x00\x10"
    assert encaps.parse_basic_offsets(big, endianness=">") == [0, 16]


def test_parse_errors_are_value_errors_naming_tag_and_offset():
    with pytest.raises(EncapsulationError, match=r"unexpected tag \(FFFE,E100\)") as caught:
        encaps.parse_basic_offsets(b"\xfe\xff\x00\xe1\x00\x00\x00\x00")
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, BadPixelDataError)
    with pytest.raises(ValueError, match="not a multiple of 4"):
        encaps.parse_basic_offsets(ITEM + b"\x02\x00\x00\x00\x00\x00")
    with pytest.raises(ValueError, match=r"Unexpected tag '\(0010,0010\)' at offset 12"):
        encaps.parse_fragments(item(b"\x01\x00\x00\x00") + b"\x10\x00\x10\x00\x00\x00\x00\x00")
    with pytest.raises(ValueError, match="Undefined item length at offset 4"):
        list(encaps.generate_fragments(ITEM + b"\xff\xff\xff\xff"))
    with pytest.raises(ValueError, match="item at offset 0 as the end of the data"):
        encaps.parse_fragments(ITEM + b"\x04\x00\x00")


def test_parse_fragments_counts_from_the_position_and_puts_a_file_back():
    data = item(b"\x01\x02") + item(b"\x03\x04\x05\x06") + DELIMITER + item(b"\x07\x08")
    stream = io.BytesIO(b"\x00" * 6 + data)
    stream.seek(6)
    assert encaps.parse_fragments(stream) == (2, [6, 16])
    assert stream.tell() == 6
    assert list(encaps.generate_fragments(data)) == [b"\x01\x02", b"\x03\x04\x05\x06"]


@pytest.mark.parametrize("name", FILES)
def test_frames_and_fragments_equal_pydicoms(name):
    data, frames = _pixel_data(name)
    ours = list(encaps.generate_fragmented_frames(data, number_of_frames=frames))
    theirs = list(pydicom_encaps.generate_fragmented_frames(data, number_of_frames=frames))
    assert ours == theirs and len(ours) == frames
    for k in (0, frames - 1):
        assert encaps.get_frame(data, k, number_of_frames=frames) == pydicom_encaps.get_frame(
            data, k, number_of_frames=frames)
    stream = io.BytesIO(data)
    assert encaps.get_frame(stream, frames - 1, number_of_frames=frames) == b"".join(ours[-1])
    assert stream.tell() == 0


def test_frames_from_the_extended_offset_table():
    frames = [b"\x01\x02\x03", b"\x04\x05", b"\x06" * 7]
    value, offsets, lengths = encaps.encapsulate_extended(frames)
    assert list(encaps.generate_frames(value, extended_offsets=(offsets, lengths))) == [
        f + b"\x00" * (len(f) % 2) for f in frames]
    assert encaps.get_frame(value, 2, extended_offsets=(offsets, lengths)) == frames[2] + b"\x00"
    with pytest.raises(ValueError, match="enough offsets in the Extended Offset Table for 4 frames"):
        encaps.get_frame(value, 3, extended_offsets=(offsets, lengths))


def test_no_offset_table_and_no_frame_count_is_an_error_and_a_missing_marker_warns():
    data = item(b"") + item(b"\x01\x02") + item(b"\x03\x04")
    with pytest.raises(ValueError, match="number of frames has not been supplied"):
        list(encaps.generate_frames(data))
    marked = item(b"") + item(b"\x01\xff\xd9\x00") + item(b"\x05\x06") + item(b"\x07\x08")
    with pytest.warns(UserWarning, match="fewer frames than expected"):
        frames = list(encaps.generate_frames(marked, number_of_frames=2))
    assert frames == [b"\x01\xff\xd9\x00", b"\x05\x06\x07\x08"]


def test_fragment_frame_sizes_and_limit():
    assert list(encaps.fragment_frame(b"\x01\x02\x03", 2)) == [b"\x01\x02", b"\x03\x00"]
    assert len(list(encaps.fragment_frame(b"\x00" * 93, 47))) == 47
    with pytest.raises(ValueError, match="Too many fragments"):
        list(encaps.fragment_frame(b"\x00" * 93, 48))


@pytest.mark.parametrize("use_bot", [True, False])
def test_encapsulated_buffer_reads_what_encapsulate_builds(use_bot):
    frames = [b"\x01", b"\x02\x03" * 50, b"\x04" * 1025]
    buffer = encaps.encapsulate_buffer([io.BytesIO(f) for f in frames], has_bot=use_bot)
    expected = encaps.encapsulate(frames, has_bot=use_bot)
    assert buffer.encapsulated_length == len(expected)
    assert buffer.read(None) == expected
    assert buffer.read() == b""
    buffer.seek(-7, io.SEEK_END)
    assert buffer.read(3) == expected[-7:-4] and buffer.tell() == len(expected) - 4
    buffer.seek(5)
    assert b"".join(iter(lambda: buffer.read(11), b"")) == expected[5:]
    assert encaps.parse_basic_offsets(expected) == (buffer.offsets if use_bot else [])


def test_extended_buffer_tables_equal_encapsulate_extended():
    frames = [b"\x01\x02\x03", b"\x04\x05", b"\x06" * 7]
    buffer, offsets, lengths = encaps.encapsulate_extended_buffer([io.BytesIO(f) for f in frames])
    value, expected_offsets, expected_lengths = encaps.encapsulate_extended(frames)
    assert (buffer.read(None), offsets, lengths) == (value, expected_offsets, expected_lengths)
    assert (offsets, lengths) == pydicom_encaps.encapsulate_extended(frames)[1:]


def test_buffer_validation():
    with pytest.raises(TypeError, match="must be a list"):
        encaps.EncapsulatedBuffer(io.BytesIO(b"\x00\x01"))
    empty = encaps._BufferedItem(io.BytesIO())
    assert empty.length == 8 and empty.read(4, 100) == b"\x00\x00\x00\x00"
    with pytest.raises(ValueError, match=r"closed interval \[0, 7\]"):
        empty.read(8, 1)


@pytest.mark.parametrize("name, replacement", [
    ("get_nr_fragments", None), ("generate_pixel_data_frame", "generate_frames"),
    ("defragment_data", None), ("itemise_frame", "itemize_frame"),
])
def test_deprecated_names_warn_and_still_work(name, replacement):
    with pytest.warns(DeprecationWarning, match=f"{name} is deprecated"):
        function = getattr(encaps, name)
    if replacement:
        assert function.__name__ in (replacement, name)
    data, frames = _pixel_data("SC_rgb_rle_2frame.dcm")
    if name == "generate_pixel_data_frame":
        assert list(function(data, frames)) == list(encaps.generate_frames(data, number_of_frames=frames))
    elif name == "defragment_data":
        assert function(data) == b"".join(encaps.generate_fragments(data[8 + len(
            encaps.parse_basic_offsets(data)) * 4:]))
    elif name == "get_nr_fragments":
        assert function(data) == 2


def test_unknown_names_raise_attribute_error_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(AttributeError):
            encaps.no_such_function  # noqa: B018
