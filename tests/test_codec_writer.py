"""codec.writer: unmodified data byte for byte, modified data re-encoded, group lengths, padding (PS3.5, PS3.10)."""

from __future__ import annotations

import io
import struct
import zlib

import pytest

from dicomconstruct.codec import reader, writer
from dicomconstruct.codec.raw import RawItem
from dicomconstruct.errors import DicomWarning
from tests.test_codec_reader import UNDEF, explicit, file_with, implicit, item, marker


class E:
    def __init__(self, tag, VR, value, raw=None):
        self.tag, self.VR, self.value, self.raw = tag, VR, value, raw


class Item(list):
    def __init__(self, elements, raw_item=None):
        super().__init__(elements)
        self.raw_item = raw_item


def as_likes(dataset, changes=None):
    """Element-likes over a RawDataset: raw unless ``changes`` gives a new value for the tag."""
    changes = changes or {}
    out = []
    for raw in dataset:
        if raw.tag in changes:
            out.append(E(raw.tag, raw.VR, changes[raw.tag]))
        elif isinstance(raw.value, list):
            out.append(E(raw.tag, raw.VR, [Item(as_likes(i.dataset, changes), i) for i in raw.value], raw))
        else:
            out.append(E(raw.tag, raw.VR, None, raw))
    return out


def rewrite(data, changes=None, ts=None, **kwargs) -> bytes:
    parsed = reader.read(data, force=True)
    out = io.BytesIO()
    meta_changes = {0x00020010: str(ts)} if ts else {}
    writer.write(out, as_likes(parsed.meta, meta_changes), as_likes(parsed.dataset, changes),
                 ts or parsed.transfer_syntax,
                 preamble=parsed.preamble, original=parsed, trailing=parsed.trailing, **kwargs)
    return out.getvalue()


SQ_BODY = (explicit(0x00100000, "UL", struct.pack("<L", 26)) + explicit(0x00100010, "PN", b"Doe^John")
           + explicit(0x00100020, "LO", b"12")
           + explicit(0x00081120, "SQ", item(explicit(0x00100020, "LO", b"ID"), undefined=True)
                      + marker(0xFFFEE0DD), length=UNDEF))


def test_unmodified_is_byte_identical_including_undefined_lengths():
    data = file_with(SQ_BODY)
    assert rewrite(data) == data


def test_changed_element_re_encoded_and_group_length_recomputed():
    data = file_with(SQ_BODY)
    out = rewrite(data, {0x00100010: "Doe^Jo"})
    parsed = reader.read(out)
    assert bytes(parsed.dataset[0x00100010].value) == b"Doe^Jo"
    assert struct.unpack("<L", parsed.dataset[0x00100000].value)[0] == 24
    # the sequence keeps its undefined length and delimiters
    assert parsed.dataset[0x00081120].is_undefined_length
    assert parsed.dataset[0x00081120].value[0].is_undefined_length


def test_wrong_group_length_of_an_unchanged_group_is_kept():
    body = explicit(0x00100000, "UL", struct.pack("<L", 999)) + explicit(0x00100010, "PN", b"Doe^John")
    data = file_with(body)
    assert rewrite(data) == data
    changed = reader.read(rewrite(data, {0x00100010: "X"}))
    assert struct.unpack("<L", changed.dataset[0x00100000].value)[0] == 10


def test_odd_length_values_are_padded():
    data = file_with(explicit(0x00100010, "PN", b"Doe^John") + explicit(0x00080018, "UI", b"1.2\0"))
    out = reader.read(rewrite(data, {0x00100010: "Doe", 0x00080018: "1.23"}))
    assert bytes(out.dataset[0x00100010].value) == b"Doe "
    assert bytes(out.dataset[0x00080018].value) == b"1.23"
    out = reader.read(rewrite(data, {0x00080018: "1.234"}))
    assert bytes(out.dataset[0x00080018].value) == b"1.234\0"


def test_modified_item_in_defined_length_sequence_gets_new_lengths():
    body = explicit(0x00081110, "SQ", item(explicit(0x00100020, "LO", b"ID")))
    data = file_with(body)
    out = reader.read(rewrite(data, {0x00100020: "LONGER"}))
    sequence = out.dataset[0x00081110]
    assert sequence.length == 8 + 8 + 6 and sequence.value[0].length == 14


def test_implicit_to_explicit_big_endian_and_back():
    body = implicit(0x00280010, b"\x00\x02") + implicit(0x00283010, item(implicit(0x00283002, b"\x01\x00\x00\x00\x10\x00")))
    data = file_with(body, ts="1.2.840.10008.1.2")
    big = rewrite(data, ts="1.2.840.10008.1.2.2")
    parsed = reader.read(big)
    assert not parsed.encoding.little_endian and not parsed.encoding.implicit_vr
    assert parsed.dataset[0x00280010].header == b"\x00\x28\x00\x10US\x00\x02"
    assert bytes(parsed.dataset[0x00280010].value) == b"\x02\x00"
    lut = parsed.dataset[0x00283010].value[0].dataset[0x00283002]
    assert lut.VR == "US" and bytes(lut.value) == b"\x00\x01\x00\x00\x00\x10"  # swapped word by word
    back = reader.read(rewrite(big, ts="1.2.840.10008.1.2"))
    assert bytes(back.dataset[0x00283010].value[0].dataset[0x00283002].value) == b"\x01\x00\x00\x00\x10\x00"


def test_deflated_unchanged_reuses_the_original_stream_and_changed_is_re_deflated():
    body = explicit(0x00100010, "PN", b"Doe^John")
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = compressor.compress(body) + compressor.flush()
    deflated += b"\0" * (len(deflated) % 2)
    data = file_with(deflated, ts="1.2.840.10008.1.2.1.99")
    assert rewrite(data) == data
    out = reader.read(rewrite(data, {0x00100010: "Roe^Jane"}))
    assert bytes(out.dataset[0x00100010].value) == b"Roe^Jane"


def test_deflated_trailing_bytes_stay_inside_the_deflate_stream():
    # the data set ends inside an element header; those bytes belong to the inflated stream (PS3.5 A.5)
    body = explicit(0x00100010, "PN", b"Doe^John") + b"\x10\x00\x20"
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = compressor.compress(body) + compressor.flush()
    deflated += b"\0" * (len(deflated) % 2)
    data = file_with(deflated, ts="1.2.840.10008.1.2.1.99")
    with pytest.warns(DicomWarning, match="not a complete element"):
        parsed = reader.read(data)
    assert parsed.trailing == b"\x10\x00\x20"
    out = io.BytesIO()
    writer.write_parsed(out, parsed)
    assert out.getvalue() == data  # original compressed bytes reused: nothing left outside the stream
    with pytest.warns(DicomWarning, match="not a complete element"):
        assert reader.read(out.getvalue()).trailing == b"\x10\x00\x20"
    re_deflated = rewrite(data, {0x00100010: "Roe^Jane"})
    with pytest.warns(DicomWarning, match="not a complete element"):
        again = reader.read(re_deflated)
    assert again.trailing == b"\x10\x00\x20"
    assert bytes(again.dataset[0x00100010].value) == b"Roe^Jane"


def test_encapsulated_fragments_written_as_they_are():
    items = marker(0xFFFEE000, 0) + marker(0xFFFEE000, 4) + b"abcd" + marker(0xFFFEE0DD)
    data = file_with(explicit(0x7FE00010, "OB", items, length=UNDEF), ts="1.2.840.10008.1.2.4.50")
    assert rewrite(data) == data
    parsed = reader.read(data)
    out = io.BytesIO()
    writer.write(out, as_likes(parsed.meta), [E(0x7FE00010, "OB", parsed.dataset[0x7FE00010].value)],
                 parsed.transfer_syntax, preamble=parsed.preamble)
    assert out.getvalue() == data


def test_raw_items_accepted_directly():
    body = explicit(0x00081110, "SQ", item(explicit(0x00100020, "LO", b"ID"), undefined=True))
    data = file_with(body)
    parsed = reader.read(data)
    assert isinstance(parsed.dataset[0x00081110].value[0], RawItem)
    assert writer.write_parsed(io.BytesIO(), parsed) == len(data)


def test_no_preamble_and_meta_check():
    out = io.BytesIO()
    writer.write(out, None, [E(0x00100010, "PN", "A")], "1.2.840.10008.1.2", preamble=None)
    assert out.getvalue() == implicit(0x00100010, b"A ")
    with pytest.raises(ValueError, match="group 0002"):
        writer.write(io.BytesIO(), [E(0x00100010, "PN", "A")], [], "1.2.840.10008.1.2")
    with pytest.raises(ValueError, match=r"\(0028,0010\) US"):
        writer.write(io.BytesIO(), None, [E(0x00280010, "US", -1)], "1.2.840.10008.1.2.1")


def test_native_pixel_data_starting_like_an_item_tag_stays_native():
    """Native pixels 0xFFFE, 0xE000 are the bytes of an Item tag: still a defined-length value (PS3.5 A.4
    applies to encapsulated transfer syntaxes only)."""
    import dicomconstruct
    from dicomconstruct import uid
    from dicomconstruct.dataset import Dataset, FileMetaDataset

    ds = Dataset()
    ds.Rows, ds.Columns, ds.BitsAllocated, ds.BitsStored, ds.HighBit = 1, 4, 16, 16, 15
    ds.SamplesPerPixel, ds.PixelRepresentation, ds.PhotometricInterpretation = 1, 0, "MONOCHROME2"
    pixels = struct.pack("<4H", 0xFFFE, 0xE000, 8, 0)
    ds.PixelData = pixels
    ds["PixelData"].VR = "OW"
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = uid.ExplicitVRLittleEndian
    out = io.BytesIO()
    ds.save_as(out)
    data = out.getvalue()
    assert data.endswith(b"\xe0\x7f\x10\x00OW\x00\x00" + struct.pack("<L", 8) + pixels)
    read = dicomconstruct.dcmread(io.BytesIO(data), force=True)
    assert read.PixelData == pixels and not read["PixelData"].is_undefined_length
