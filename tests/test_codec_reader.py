"""codec.reader on hand-made bytes: each real-world oddity the reader must handle (PS3.5, PS3.10)."""

from __future__ import annotations

import io
import struct
import warnings
import zlib

import pytest

from dicomconstruct import config
from dicomconstruct.codec import reader
from dicomconstruct.codec.raw import RawFragments
from dicomconstruct.codec.values import decode_value
from dicomconstruct.errors import (
    BadDelimiterError,
    DicomWarning,
    InvalidDicomError,
    LimitExceededError,
    NestingTooDeepError,
    TruncatedDataError,
)

LONG = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"}
UNDEF = 0xFFFFFFFF


def explicit(tag, vr, value=b"", little=True, length=None):
    e = "<" if little else ">"
    length = len(value) if length is None else length
    if vr in LONG:
        return struct.pack(f"{e}HH2s2sL", tag >> 16, tag & 0xFFFF, vr.encode(), b"\0\0", length) + value
    return struct.pack(f"{e}HH2sH", tag >> 16, tag & 0xFFFF, vr.encode(), length) + value


def implicit(tag, value=b"", length=None):
    return struct.pack("<HHL", tag >> 16, tag & 0xFFFF, len(value) if length is None else length) + value


def marker(tag, length=0, little=True):
    return struct.pack("<HHL" if little else ">HHL", tag >> 16, tag & 0xFFFF, length)


def item(body, undefined=False, little=True):
    if undefined:
        return marker(0xFFFEE000, UNDEF, little) + body + marker(0xFFFEE00D, 0, little)
    return marker(0xFFFEE000, len(body), little) + body


def file_with(dataset: bytes, ts="1.2.840.10008.1.2.1", preamble=True, meta_length=True) -> bytes:
    uid = ts.encode() + (b"\0" if len(ts) % 2 else b"")
    meta = explicit(0x00020010, "UI", uid)
    if meta_length:
        meta = explicit(0x00020000, "UL", struct.pack("<L", len(meta))) + meta
    head = (bytes(128) + b"DICM") if preamble else b""
    return head + meta + dataset


def read_quietly(data, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return reader.read(data, **kwargs)


# --- sources ------------------------------------------------------------------------------------

DATA = file_with(explicit(0x00100010, "PN", b"Doe^John") + explicit(0x00280010, "US", b"\x00\x02"))


@pytest.mark.parametrize("kind", ["bytes", "bytearray", "memoryview", "BytesIO", "path", "file", "stream"])
def test_every_kind_of_source(kind, tmp_path):
    path = tmp_path / "f.dcm"
    path.write_bytes(DATA)

    class Stream:  # not seekable, no fileno
        def __init__(self, data):
            self._data = data

        def read(self, n=-1):
            data, self._data = self._data, b""
            return data

    sources = {
        "bytes": lambda: DATA,
        "bytearray": lambda: bytearray(DATA),
        "memoryview": lambda: memoryview(DATA),
        "BytesIO": lambda: io.BytesIO(DATA),
        "path": lambda: str(path),
        "file": lambda: open(path, "rb"),
        "stream": lambda: Stream(DATA),
    }
    parsed = reader.read(sources[kind]())
    assert parsed.preamble == bytes(128) and parsed.prefix_found
    assert str(parsed.transfer_syntax) == "1.2.840.10008.1.2.1"
    element = parsed.dataset[0x00100010]
    assert bytes(element.value) == b"Doe^John"
    assert isinstance(element.value, memoryview)
    assert (element.header_offset, element.value_offset, element.end_offset) == (
        len(DATA) - 26, len(DATA) - 18, len(DATA) - 10)
    assert element.header == b"\x10\x00\x10\x00PN\x08\x00"
    if kind == "path":
        assert parsed.filename == str(path)


def test_file_object_is_read_from_its_current_position(tmp_path):
    path = tmp_path / "f.dcm"
    path.write_bytes(b"JUNK" + DATA)
    with open(path, "rb") as f:
        f.seek(4)
        parsed = reader.read(f)
    assert parsed.dataset[0x00100010].header_offset == 4 + len(DATA) - 26  # absolute offsets in the file


def test_empty_file(tmp_path):
    path = tmp_path / "empty.dcm"
    path.write_bytes(b"")
    with pytest.raises(InvalidDicomError):
        reader.read(str(path))
    parsed = reader.read(str(path), force=True)
    assert len(parsed.dataset) == 0 and parsed.preamble is None


def test_not_dicom_without_force_raises():
    with pytest.raises(InvalidDicomError, match="DICM"):
        reader.read(b"hello world" * 20)


# --- encodings ------------------------------------------------------------------------------------


def test_no_preamble_no_meta_implicit_detected():
    data = implicit(0x00080016, b"1.2\0") + implicit(0x00100010, b"Doe ")
    parsed = reader.read(data, force=True)
    assert parsed.preamble is None and not parsed.prefix_found
    assert parsed.encoding.implicit_vr and parsed.encoding.little_endian
    assert parsed.dataset[0x00100010].VR == "PN"  # from the dictionary
    assert str(parsed.transfer_syntax) == "1.2.840.10008.1.2"


def test_meta_without_transfer_syntax_big_endian_detected():
    meta = explicit(0x00020002, "UI", b"1.2\0")
    body = explicit(0x00080016, "UI", b"1.2\0", little=False) + explicit(0x00280010, "US", b"\x02\x00", little=False)
    parsed = reader.read(bytes(128) + b"DICM" + meta + body)
    assert not parsed.encoding.implicit_vr and not parsed.encoding.little_endian
    assert decode_value("US", parsed.dataset[0x00280010].value, False) == 512


def test_unknown_transfer_syntax_read_as_explicit_little_with_warning():
    data = file_with(explicit(0x00100010, "PN", b"Doe "), ts="1.2.3.4.5.6")
    with pytest.warns(DicomWarning, match="unknown Transfer Syntax"):
        parsed = reader.read(data)
    assert bytes(parsed.dataset[0x00100010].value) == b"Doe "


def test_explicit_big_endian():
    body = explicit(0x00280010, "US", b"\x01\x00", little=False) + explicit(0x7FE00010, "OW", b"\x12\x34", little=False)
    parsed = reader.read(file_with(body, ts="1.2.840.10008.1.2.2"))
    assert not parsed.encoding.little_endian
    assert decode_value("US", parsed.dataset[0x00280010].value, False) == 256
    assert not parsed.dataset[0x7FE00010].little_endian


def test_deflated_data_set_is_inflated_and_offsets_are_in_the_inflated_stream():
    body = explicit(0x00100010, "PN", b"Doe^John") + explicit(0x00100020, "LO", b"12")
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    deflated = compressor.compress(body) + compressor.flush()
    parsed = reader.read(file_with(deflated, ts="1.2.840.10008.1.2.1.99"))
    assert parsed.dataset.inflated and parsed.inflated == body
    assert parsed.dataset[0x00100020].header_offset == 16
    assert bytes(parsed.deflated_data) == deflated


def test_deflate_bomb_is_refused():
    body = explicit(0x7FE00010, "OB", bytes(1_000_000))
    deflated = zlib.compress(body)[2:-4]
    with config.limits(max_inflated_size=10_000):
        with pytest.raises(LimitExceededError):
            reader.read(file_with(deflated, ts="1.2.840.10008.1.2.1.99"))


def test_broken_deflate_stream_is_an_error():
    from dicomconstruct.errors import BadDeflateStreamError

    with pytest.raises(BadDeflateStreamError):
        reader.read(file_with(b"\xff\xff\xff\xff not deflate", ts="1.2.840.10008.1.2.1.99"))


def test_explicit_file_whose_data_set_is_implicit():
    data = file_with(implicit(0x00100010, b"Doe "))
    with pytest.warns(DicomWarning, match="implicit VR"):
        parsed = reader.read(data)
    assert parsed.dataset[0x00100010].VR == "PN" and parsed.dataset[0x00100010].implicit_vr


# --- elements ------------------------------------------------------------------------------------


def test_odd_length_value_is_kept_as_is():
    parsed = reader.read(file_with(explicit(0x00100010, "PN", b"Doe") + explicit(0x00100020, "LO", b"1 ")))
    assert bytes(parsed.dataset[0x00100010].value) == b"Doe"
    assert bytes(parsed.dataset[0x00100020].value) == b"1 "


def test_group_lengths_are_elements_like_any_other():
    body = explicit(0x00100000, "UL", struct.pack("<L", 16)) + explicit(0x00100010, "PN", b"Doe^John")
    parsed = reader.read(file_with(body))
    assert decode_value("UL", parsed.dataset[0x00100000].value) == 16
    assert decode_value("UL", parsed.meta[0x00020000].value) == len(parsed.meta[0x00020010].header) + 20


@pytest.mark.parametrize("pixel_representation, expected", [(0, "US"), (1, "SS")])
def test_implicit_us_or_ss_resolved_from_pixel_representation(pixel_representation, expected):
    body = (implicit(0x00280103, struct.pack("<H", pixel_representation))
            + implicit(0x00280106, b"\xff\xff") + implicit(0x7FE00010, b"\0\0"))
    parsed = reader.read(file_with(body, ts="1.2.840.10008.1.2"))
    assert parsed.dataset[0x00280106].VR == expected
    assert parsed.dataset[0x7FE00010].VR == "OW"  # OB or OW: OW in implicit VR (PS3.5 A.1)


def test_implicit_us_or_ss_in_a_sequence_uses_the_root_pixel_representation():
    lut = item(implicit(0x00283002, struct.pack("<3H", 1, 0, 16)) + implicit(0x00283006, b"\x05\x00"))
    body = implicit(0x00280103, b"\x01\x00") + implicit(0x00283010, lut)
    parsed = reader.read(file_with(body, ts="1.2.840.10008.1.2"))
    inner = parsed.dataset[0x00283010].value[0].dataset
    assert inner[0x00283002].VR == "SS"
    assert inner[0x00283006].VR == "US"  # US or OW: US when the descriptor's first value is 1


def test_implicit_us_or_ss_of_undefined_length_holding_us_or_ss_elements():
    # damaged data: a 'US or SS' element framed as an undefined length sequence whose item has
    # another 'US or SS' element; both are resolved (used to fail with AttributeError)
    inner = implicit(0x00280106, b"\x01\x00")
    body = (implicit(0x00280103, b"\x01\x00") + implicit(0x00280106, length=UNDEF)
            + item(inner) + struct.pack("<HHL", 0xFFFE, 0xE0DD, 0))
    parsed = reader.read(file_with(body, ts="1.2.840.10008.1.2"))
    outer = parsed.dataset[0x00280106]
    assert outer.VR == "SS"
    assert outer.value[0].dataset[0x00280106].VR == "SS"


def test_implicit_private_vr_from_private_dictionary_by_creator():
    from dicomconstruct.datadict import private_vr_for

    known = None
    for creator, tag_low in (("SIEMENS CSA HEADER", 0x1008), ("GEMS_IDEN_01", 0x1005), ("ACUSON", 0x1000)):
        vr = private_vr_for(0x00290000 | tag_low, creator) if creator.startswith("SIEMENS") else None
        if vr:
            known = (creator, tag_low, vr)
            break
    if known is None:
        pytest.skip("no known private tag in the private dictionary")
    creator, tag_low, vr = known
    value = creator.encode() + (b" " if len(creator) % 2 else b"")
    body = implicit(0x00290010, value) + implicit(0x00290000 | tag_low, b"AB") + implicit(0x00291108 + 0x100, b"CD")
    parsed = reader.read(file_with(body, ts="1.2.840.10008.1.2"))
    assert parsed.dataset[0x00290010].VR == "LO"
    assert parsed.dataset[0x00290000 | tag_low].VR == vr
    assert parsed.dataset[0x00291208].VR == "UN"  # block 12 has no creator


def test_sequences_defined_and_undefined_lengths_with_framing_kept():
    inner = explicit(0x00100020, "LO", b"ID")
    body = (explicit(0x00081110, "SQ", item(inner) + item(inner, undefined=True), length=None)
            + explicit(0x00081120, "SQ", item(inner, undefined=True) + marker(0xFFFEE0DD), length=UNDEF))
    parsed = reader.read(file_with(body))
    defined, undefined = parsed.dataset[0x00081110], parsed.dataset[0x00081120]
    assert [i.is_undefined_length for i in defined.value] == [False, True]
    assert defined.value[1].trailing == marker(0xFFFEE00D)
    assert undefined.is_undefined_length and undefined.trailing == marker(0xFFFEE0DD)
    assert bytes(undefined.value[0].dataset[0x00100020].value) == b"ID"
    assert undefined.end_offset == len(file_with(body))


def test_un_of_undefined_length_holds_an_implicit_vr_sequence():
    inner = implicit(0x00100020, b"ID")
    body = explicit(0x00091010, "UN", item(inner, undefined=True) + marker(0xFFFEE0DD), length=UNDEF)
    parsed = reader.read(file_with(body))
    element = parsed.dataset[0x00091010]
    assert element.VR == "UN" and element.is_sequence
    assert element.value[0].dataset.implicit_vr
    assert element.value[0].dataset[0x00100020].VR == "LO"


def test_explicit_file_with_implicit_vr_items():
    inner = implicit(0x00100020, b"ID")
    body = explicit(0x00081110, "SQ", item(inner))
    parsed = read_quietly(file_with(body))
    dataset = parsed.dataset[0x00081110].value[0].dataset
    assert dataset.implicit_vr and dataset[0x00100020].VR == "LO"


def test_encapsulated_pixel_data_gives_fragments():
    items = marker(0xFFFEE000, 4) + b"\0\0\0\0" + marker(0xFFFEE000, 3) + b"abc" + marker(0xFFFEE0DD)
    body = explicit(0x7FE00010, "OB", items, length=UNDEF)
    data = file_with(body, ts="1.2.840.10008.1.2.4.50")
    parsed = reader.read(data)
    element = parsed.dataset[0x7FE00010]
    assert isinstance(element.value, RawFragments)
    assert bytes(element.value.offset_table) == b"\0\0\0\0"
    assert [bytes(f) for f in element.value.fragments] == [b"abc"]
    assert element.value.item_offsets[1] == element.value_offset + 12
    assert parsed.encoding.encapsulated


def test_nesting_limit():
    body = explicit(0x00100020, "LO", b"ID")
    for _ in range(10):
        body = explicit(0x00081110, "SQ", item(body))
    with config.limits(max_nesting_depth=5):
        parsed = reader.read(file_with(body))  # defined-length sequences: parsed when first used
    with pytest.raises(NestingTooDeepError, match=r"\(0008,1110\) at offset \d+: .*than 5"):
        _deepest(parsed.dataset, 0x00081110)  # with the limit of the read call, not of this context
    assert len(reader.read(file_with(body)).dataset) == 1
    assert 0x00100020 in _deepest(reader.read(file_with(body)).dataset, 0x00081110)


def _deepest(dataset, tag):
    """The innermost data set of a chain of sequences ``tag`` (first items), parsing each on the way."""
    while tag in dataset:
        dataset = dataset[tag].value[0].dataset
    return dataset


def test_element_count_limit():
    body = b"".join(explicit(0x00100000 | e, "LO", b"ab") for e in range(0x10, 0x40))
    with config.limits(max_elements=10):
        with pytest.raises(LimitExceededError):
            reader.read(file_with(body))


def test_truncated_value_keeps_what_was_read_and_warns_with_offset():
    data = file_with(explicit(0x00100010, "PN", b"Doe^John") + explicit(0x7FE00010, "OW", b"\1\2\3\4"))[:-2]
    with pytest.warns(DicomWarning, match=r"\(7FE0,0010\) at offset \d+: value is 4 bytes long but only 2 remain"):
        parsed = reader.read(data)
    assert bytes(parsed.dataset[0x00100010].value) == b"Doe^John"
    assert bytes(parsed.dataset[0x7FE00010].value) == b"\1\2"
    with config.limits(strict=True):
        with pytest.raises(TruncatedDataError):
            reader.read(data)


def test_truncated_header_is_kept_as_trailing_bytes():
    data = file_with(explicit(0x00100010, "PN", b"Doe^John")) + b"\x10\x00"
    with pytest.warns(DicomWarning, match="not a complete element"):
        parsed = reader.read(data)
    assert parsed.trailing == b"\x10\x00"


@pytest.mark.parametrize("tail", [b"\xe0\x7f\x10\x00OB\x00\x00", b"\xe0\x7f\x10\x00OB\x00\x00\x10\x00"])
def test_truncated_long_header_is_kept_as_trailing_bytes_and_written_back(tail):
    # 8 to 11 bytes of a 12-byte explicit VR header (PS3.5 table 7.1-1) end the file
    from dicomconstruct.codec import writer

    data = file_with(explicit(0x00100010, "PN", b"Doe^John")) + tail
    with pytest.warns(DicomWarning, match="inside an element header"):
        parsed = reader.read(data)
    assert parsed.trailing == tail
    out = io.BytesIO()
    writer.write_parsed(out, parsed)
    assert out.getvalue() == data


def test_missing_sequence_delimiter_is_reported():
    body = explicit(0x00081110, "SQ", item(explicit(0x00100020, "LO", b"ID")), length=UNDEF)
    with pytest.warns(DicomWarning, match="Sequence Delimitation"):
        parsed = reader.read(file_with(body))
    assert len(parsed.dataset[0x00081110].value) == 1


def test_garbage_instead_of_an_item_is_an_error():
    body = explicit(0x00081110, "SQ", explicit(0x00100020, "LO", b"ID"), length=UNDEF)
    with pytest.raises(BadDelimiterError):
        read_quietly(file_with(body))


# --- options ------------------------------------------------------------------------------------


def test_stop_before_pixels():
    body = explicit(0x00280010, "US", b"\1\0") + explicit(0x7FE00010, "OW", b"\1\2") + explicit(0xFFFCFFFC, "OB", b"")
    parsed = reader.read(file_with(body), stop_before_pixels=True)
    assert list(parsed.dataset.elements) == [0x00280010]


def test_specific_tags_keep_charset():
    body = (explicit(0x00080005, "CS", b"ISO_IR 100") + explicit(0x00100010, "PN", b"Doe ")
            + explicit(0x00100020, "LO", b"12"))
    parsed = reader.read(file_with(body), specific_tags=[0x00100020])
    assert list(parsed.dataset.elements) == [0x00080005, 0x00100020]
    parsed = reader.read(file_with(body), specific_tags=["PatientName"])
    assert list(parsed.dataset.elements) == [0x00080005, 0x00100010]


def test_defer_size_keeps_values_lazy_slices():
    body = explicit(0x7FE00010, "OW", bytes(4096))
    parsed = reader.read(file_with(body), defer_size=1024)
    value = parsed.dataset[0x7FE00010].value
    assert isinstance(value, memoryview) and value.obj is not None and len(value) == 4096


def test_command_set_elements_are_implicit_little_endian():
    body = implicit(0x00000002, b"1.2\0") + implicit(0x00000100, b"\x01\x00")
    data = body + implicit(0x00100010, b"Doe ")
    parsed = read_quietly(data, force=True)
    assert parsed.dataset[0x00000100].VR == "US"
    assert parsed.dataset[0x00100010].VR == "PN"


def test_parse_sequence_value_of_a_defined_length_un():
    value = item(implicit(0x00100020, b"ID"))
    body = explicit(0x00081110, "UN", value)
    parsed = reader.read(file_with(body))
    items = reader.parse_sequence_value(parsed.dataset[0x00081110])
    assert bytes(items[0].dataset[0x00100020].value) == b"ID"
