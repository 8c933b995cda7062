"""The construct declarations of the file format (dicomconstruct.format) and the struct formats derived from them."""

from __future__ import annotations

import struct
import warnings

import pytest
from construct import Int16ul
from hypothesis import given, settings
from hypothesis import strategies as st

from dicomconstruct.format import element as el
from dicomconstruct.format import fast
from dicomconstruct.format.encapsulated import BasicOffsetTable, FragmentItems, frame_fragments
from dicomconstruct.format.header import DicomFile, FileHeader, FileMetaGroup
from dicomconstruct.format.values import value_layout
from dicomconstruct.format.vr import LONG_HEADER_VRS, SWAP_SIZE, VR_INFO, is_valid_vr_bytes

HEADERS = {
    "explicit short": (el.explicit_short_header, fast.EXPLICIT_SHORT),
    "explicit long": (el.explicit_long_header, fast.EXPLICIT_LONG),
    "implicit": (el.implicit_header, fast.IMPLICIT),
    "item": (el.item_header, fast.ITEM),
}


def test_derived_struct_formats():
    assert fast.EXPLICIT_SHORT[True].format == "<HH2sH"
    assert fast.EXPLICIT_SHORT[False].format == ">HH2sH"
    assert fast.EXPLICIT_LONG[True].format == "<HH2s2sL"
    assert fast.IMPLICIT[True].format == "<HHL"
    assert fast.ITEM[False].format == ">HHL"
    assert fast.LENGTH32[False].format == ">L"
    assert fast.number_format("FD", False) == (">", "d", 8)
    assert fast.number_format("AT", True) == ("<", "HH", 4)


def test_struct_format_rejects_variable_fields():
    from construct import GreedyBytes, Struct

    with pytest.raises(TypeError):
        fast.struct_format(Struct("a" / Int16ul, "b" / GreedyBytes))


def test_long_header_vrs_are_those_of_ps3_5_table_7_1_1():
    assert LONG_HEADER_VRS == {"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"}
    assert VR_INFO["UI"].pad == b"\x00" and VR_INFO["LO"].pad == b" " and VR_INFO["OB"].pad == b"\x00"
    assert SWAP_SIZE["OW"] == 2 and SWAP_SIZE["FD"] == 8 and SWAP_SIZE["AT"] == 2
    assert is_valid_vr_bytes(b"OB") and not is_valid_vr_bytes(b"\x00\x01")


@pytest.mark.parametrize("name", HEADERS)
@pytest.mark.parametrize("little", [True, False])
@settings(max_examples=60, deadline=None)
@given(data=st.binary(min_size=12, max_size=12))
def test_fast_path_and_declaration_agree(name, little, data):
    factory, compiled = HEADERS[name]
    declaration = factory(little)
    size = compiled[little].size
    parsed = declaration.parse(data)
    unpacked = compiled[little].unpack_from(data)
    assert tuple(parsed[n] for n in fast.field_names(declaration)) == unpacked
    assert declaration.build(parsed) == data[:size]  # build(parse(x)) == x
    assert compiled[little].pack(*unpacked) == data[:size]


@pytest.mark.parametrize("vr", sorted(v for v, i in VR_INFO.items() if i.kind in ("number", "words", "tag")))
@pytest.mark.parametrize("little", [True, False])
def test_value_layouts_build_what_they_parse(vr, little):
    size = fast.number_format(vr, little)[2]
    data = bytes(range(1, 1 + 3 * size))
    layout = value_layout(vr, little)
    assert layout.build(layout.parse(data)) == data
    order, code, _ = fast.number_format(vr, little)
    flat = struct.unpack(order + code * 3, data)
    parsed = layout.parse(data)
    if vr == "AT":
        parsed = [x for t in parsed for x in (t.group, t.element)]
    assert tuple(parsed) == flat


def test_file_header_and_meta_declaration():
    preamble = bytes(128)
    meta_element = b"\x02\x00\x10\x00UI\x14\x001.2.840.10008.1.2.1\x00"
    group_length = b"\x02\x00\x00\x00UL\x04\x00" + len(meta_element).to_bytes(4, "little")
    data = preamble + b"DICM" + group_length + meta_element + b"\x08\x00\x05\x00CS\x00\x00"
    parsed = DicomFile.parse(data)
    assert [e.element for e in parsed.meta] == [0x0000, 0x0010]
    assert parsed.meta[1].value == b"1.2.840.10008.1.2.1\x00"
    assert DicomFile.build(parsed) == data[:-8]
    with pytest.raises(Exception):
        FileHeader.parse(preamble + b"DICX")
    assert FileMetaGroup.parse(b"\x08\x00\x05\x00CS\x00\x00") == []


def test_encapsulated_declarations():
    data = (b"\xfe\xff\x00\xe0\x08\x00\x00\x00" + (0).to_bytes(4, "little") + (14).to_bytes(4, "little")
            + b"\xfe\xff\x00\xe0\x06\x00\x00\x00abcdef"
            + b"\xfe\xff\x00\xe0\x02\x00\x00\x00gh"
            + b"\xfe\xff\xdd\xe0\x00\x00\x00\x00")
    items = FragmentItems.parse(data)
    assert [i.length for i in items] == [8, 6, 2, 0]
    assert FragmentItems.build(items) == data
    assert BasicOffsetTable.parse(items[0].value) == [0, 14]
    assert frame_fragments([b"abcdef", b"gh"], items[0].value) == [[b"abcdef"], [b"gh"]]
    assert frame_fragments([b"a", b"b"], b"", number_of_frames=2) == [[b"a"], [b"b"]]
    assert frame_fragments([b"a", b"b"], b"") == [[b"a", b"b"]]


# --- the reference grammar against the fast reader on real files --------------------------------


def _clean_corpus():
    pytest.importorskip("pydicom")
    from dicomconstruct.codec import reader
    from tests.test_corpus_roundtrip import DICOM

    out = []
    for path in DICOM:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            parsed = reader.read(path, force=True)
            # sequences are parsed when first used: what they report is reported here
            mixed = any(e.implicit_vr != parsed.encoding.implicit_vr for e in _all_elements(parsed.dataset))
        if not caught and not mixed and parsed.prefix_found:
            out.append(path)
    return out


def _all_elements(dataset):
    for element in dataset:
        yield element
        if isinstance(element.value, list):
            for item in element.value:
                yield from _all_elements(item.dataset)


def _vr_lookup(tag):
    from dicomconstruct.datadict import vr_for_tag

    return vr_for_tag(tag) if not tag >> 16 & 1 else None


def test_reference_grammar_matches_fast_reader_on_the_corpus():
    from dicomconstruct.codec import reader

    files = _clean_corpus()
    assert len(files) > 80
    for path in files:
        parsed = reader.read(path)
        data = parsed.inflated if parsed.inflated is not None else bytes(parsed.buffer[parsed.dataset_offset:])
        grammar = el.dataset_struct(parsed.encoding.little_endian, parsed.encoding.implicit_vr)
        tree = grammar.parse(data, vr_lookup=_vr_lookup)
        assert grammar.build(tree, vr_lookup=_vr_lookup) == data, path
        ours = list(parsed.dataset)
        assert [(e.group << 16 | e.element, e.length) for e in tree] == [(e.tag, e.length) for e in ours], path
        for declared, raw in zip(tree, ours):
            if isinstance(declared.value, bytes):
                assert declared.value == bytes(raw.value), (path, raw)
            elif raw.is_sequence:
                assert len([i for i in declared.value if i.group << 16 | i.element == el.ITEM_TAG]) == len(raw.value)
