"""format.parse_file against the running codec on every corpus file, and the three decisions (issue 9, items 3-4).

``dicomconstruct.format.parse_file`` parses with the reference grammar
(``format/element.py``); ``codec.reader`` with the compiled tables.  On every
corpus file both give the same elements at every level (offset, tag, length,
value bytes, explicit VR), the same items and the same fragments, except where
the data ends inside an element: there the grammar gives one ``truncated``
node at that element's offset, and the codec the same elements before it.

The three places where they used to disagree, decided in ``format/framing.py``
and tested here on real bytes:

1. an undefined-length OB/OW value not followed by an Item: bytes up to the
   Sequence Delimitation Item ("delimited"), kept byte for byte;
2. a truncated file: not well-formed; the grammar stops with a ``truncated``
   node, the codec raises in strict mode and keeps the partial element (reported) otherwise;
3. implicit VR data under an explicit VR Transfer Syntax: the data wins (both
   read it as implicit VR; the codec reports it, and raises in strict mode).
"""

from __future__ import annotations

import warnings

import pytest

from dicomconstruct import config
from dicomconstruct.codec import reader
from dicomconstruct.codec import writer
from dicomconstruct.codec.raw import RawFragments
from dicomconstruct.errors import BadVRError, InvalidDicomError, TruncatedDataError
from dicomconstruct.format import element as el
from dicomconstruct.format import parse_file
from dicomconstruct.format.framing import UNDEFINED_LENGTH_RULES, undefined_length_kind

from .corpus import pydicom_charset_files, pydicom_test_file, pydicom_test_files

ELEMENT_FORMS = ("explicit long", "explicit short", "implicit")
CORPUS = pydicom_test_files() + pydicom_charset_files()


def _codec_rows(dataset, depth: int, out: list) -> list:
    for raw in dataset:
        value = bytes(raw.value) if isinstance(raw.value, memoryview) else None
        out.append(("element", depth, raw.header_offset, raw.tag, raw.length, value))
        if isinstance(raw.value, list):
            for item in raw.value:
                out.append(("item", depth + 1, item.offset, item.length))
                _codec_rows(item.dataset, depth + 2, out)
        elif isinstance(raw.value, RawFragments):
            values = [raw.value.offset_table, *raw.value.fragments]
            for offset, data in zip(raw.value.item_offsets, values):
                out.append(("fragment", depth + 1, offset, bytes(data)))
    return out


def _study_rows(nodes) -> list:
    out = []
    for top in nodes:
        for node in top.walk():
            value = bytes(node.value) if node.value is not None else None
            if node.form in ELEMENT_FORMS:
                out.append(("element", node.depth, node.offset, node.tag, node.length,
                            value if node.kind in ("bytes", "delimited") else None))
            elif node.form == "item":
                out.append(("item", node.depth, node.offset, node.length))
            elif node.form == "fragment":
                out.append(("fragment", node.depth, node.offset, value))
            elif node.form == "truncated":
                out.append(("truncated", node.depth, node.offset))
    return out


def _explicit_vrs(dataset, out: list) -> list:
    for raw in dataset:
        if not raw.implicit_vr:
            out.append((raw.header_offset, raw.VR))
        if isinstance(raw.value, list):
            for item in raw.value:
                _explicit_vrs(item.dataset, out)
    return out


def read_both(path):
    """(codec's ParsedFile, format.parse_file's tree); ``None`` after checking both reject ``path``."""
    try:
        parsed = reader.read(path, force=True)
    except InvalidDicomError:
        with pytest.raises(InvalidDicomError):
            parse_file(path)
        return None
    return parsed, parse_file(path)


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.rsplit("/", 1)[-1])
def test_grammar_and_codec_give_the_same_tree(path):
    both = read_both(path)
    if both is None:
        return
    parsed, tree = both
    assert (tree.implicit_vr, tree.little_endian) == (parsed.encoding.implicit_vr, parsed.encoding.little_endian)
    ours = _codec_rows(parsed.meta, 0, []) + _codec_rows(parsed.dataset, 0, [])
    declared = _study_rows(tree.meta) + _study_rows(tree.dataset)
    if declared and declared[-1][0] == "truncated":
        # decision 2: the data ends inside the element at that offset
        offset = declared[-1][2]
        before = [row for row in ours if row[2] < offset]
        assert declared[:-1] == before, path
        top = [row for row in ours if row[1] == 0 and row[0] == "element"]
        assert (top and top[-1][2] == offset) or parsed.trailing, path
        with config.limits(strict=True), pytest.raises(InvalidDicomError):
            strict = reader.read(path, force=True)
            _codec_rows(strict.dataset, 0, [])  # sequences are parsed when first used: their errors come then
        return
    assert declared == ours, path
    nodes = {node.offset: node.VR for node in tree.walk() if node.form in ("explicit long", "explicit short")}
    assert dict(_explicit_vrs(parsed.meta, []) + _explicit_vrs(parsed.dataset, [])) == nodes, path


def _complete_trees():
    """(path, tree) of each corpus file the grammar reads to its end (no truncated node)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in CORPUS:
            try:
                tree = parse_file(path)
            except InvalidDicomError:
                continue
            if not any(node.form == "truncated" for node in tree.walk()):
                yield path, tree


def test_most_of_the_corpus_is_well_formed():
    """The truncation rule is the exception: count the files read to their end by both."""
    assert sum(1 for _ in _complete_trees()) >= 175


def test_parse_file_nodes_carry_offsets_fields_and_values():
    path = pydicom_test_file("JPEG2000.dcm")
    data = open(path, "rb").read()
    tree = parse_file(data)
    assert tree.preamble.offset == 0 and tree.prefix.offset == 128 and tree.transfer_syntax == "1.2.840.10008.1.2.4.91"
    pixel = next(n for n in tree.dataset if n.tag == 0x7FE00010)
    assert pixel.tag_hex == "(7FE0,0010)" and pixel.VR == "OB" and pixel.form == "explicit long"
    assert pixel.kind == "fragments" and pixel.length == 0xFFFFFFFF
    assert [name for name, _ in pixel.fields] == ["group", "element", "VR", "reserved", "length"]
    assert pixel.header == data[pixel.offset:pixel.offset + 12]
    fragments = [n for n in pixel.children if n.form == "fragment"]
    assert fragments[0].note == "Basic Offset Table" and fragments[0].offset == pixel.offset + 12
    assert bytes(fragments[1].value) == data[fragments[1].offset + 8:fragments[1].end]
    assert pixel.children[-1].form == "sequence delimiter" and pixel.end == len(data)
    for node in tree.walk():
        if node.kind == "bytes":
            assert bytes(node.value) == data[node.offset + len(node.header):node.end]


def test_parse_file_handles_deflate_big_endian_and_implicit():
    deflated = parse_file(pydicom_test_file("image_dfl.dcm"))
    assert deflated.deflated and deflated.dataset[0].offset == 0  # offsets in the inflated stream
    big = parse_file(pydicom_test_file("MR_small_bigendian.dcm"))
    assert not big.little_endian and any(n.tag == 0x00100010 for n in big.dataset)
    implicit = parse_file(pydicom_test_file("rtplan.dcm"))
    assert implicit.implicit_vr and {n.form for n in implicit.dataset} == {"implicit"}
    sequence = next(n for n in implicit.dataset if n.kind == "sequence")
    assert sequence.children and sequence.children[0].form == "item"


# --- decision 1: undefined-length OB not followed by an Item ----------------------------------------

def _explicit_le(*elements: bytes) -> bytes:
    return b"".join(elements)


PATIENT_NAME = b"\x10\x00\x10\x00PN\x04\x00Doe^"
DELIMITED = b"\x09\x00\x10\x10OB\x00\x00\xff\xff\xff\xff" + b"abcd\x00\x01" + b"\xfe\xff\xdd\xe0\x00\x00\x00\x00"
ENCAPSULATED_PRIVATE = (b"\x09\x00\x11\x10OB\x00\x00\xff\xff\xff\xff" + b"\xfe\xff\x00\xe0\x00\x00\x00\x00"
                        + b"\xfe\xff\x00\xe0\x02\x00\x00\x00xy" + b"\xfe\xff\xdd\xe0\x00\x00\x00\x00")


def test_undefined_length_ob_without_item_is_bytes_up_to_the_delimiter():
    data = _explicit_le(DELIMITED, PATIENT_NAME)
    grammar = el.dataset_struct(True, False)
    tree = grammar.parse(data)
    assert [node.kind for node in tree] == ["delimited", "bytes"]
    assert tree[0].value.data == b"abcd\x00\x01" and grammar.build(tree) == data
    parsed = reader.read(data, force=True)
    raw = parsed.dataset.elements[0x00091010]
    assert bytes(raw.value) == b"abcd\x00\x01" and raw.trailing == DELIMITED[-8:]
    assert bytes(parsed.dataset.elements[0x00100010].value) == b"Doe^"
    assert b"".join(bytes(c) for c in writer.encode_dataset(list(parsed.dataset), implicit_vr=False,
                                                            little_endian=True, preserve=True)) == data
    study = parse_file(data)
    assert [(n.form, n.offset) for n in study.walk()] == [
        ("explicit long", 0), ("sequence delimiter", 18), ("explicit short", 26)]


def test_undefined_length_ob_followed_by_an_item_is_fragments_in_both():
    data = _explicit_le(ENCAPSULATED_PRIVATE, PATIENT_NAME)
    tree = el.dataset_struct(True, False).parse(data)
    assert tree[0].kind == "fragments" and [f.value for f in tree[0].value][:2] == [b"", b"xy"]
    raw = reader.read(data, force=True).dataset.elements[0x00091011]
    assert isinstance(raw.value, RawFragments) and [bytes(f) for f in raw.value.fragments] == [b"xy"]


def test_undefined_length_without_delimiter_is_damaged_in_both():
    data = DELIMITED[:-8] + PATIENT_NAME
    assert el.dataset_struct(True, False).parse(data) == []  # the grammar cannot parse the element
    assert parse_file(data).dataset[0].form == "truncated"
    with config.limits(strict=True), pytest.raises(InvalidDicomError):
        reader.read(data, force=True)


def test_the_rules_table_is_what_the_function_does():
    assert [kind for kind, _ in UNDEFINED_LENGTH_RULES] == [
        "sequence", "fragments", "un_sequence", "fragments", "sequence", "delimited"]
    assert undefined_length_kind(0x00091010, "SQ", True) == "sequence"
    assert undefined_length_kind(0x7FE00010, "OW", False) == "fragments"
    assert undefined_length_kind(0x00091010, "UN", True) == "un_sequence"
    assert undefined_length_kind(0x00091010, "OW", True) == "fragments"
    assert undefined_length_kind(0x00091010, None, True) == "sequence"
    assert undefined_length_kind(0x00091010, "OB", False) == "delimited"


# --- decision 2: truncated files -----------------------------------------------------------------------

@pytest.mark.parametrize("name", ["CT_small.dcm", "rtplan.dcm"])
@pytest.mark.parametrize("cut", [0.3, 0.55, 0.8])
def test_truncated_file_grammar_stops_where_codec_keeps_the_partial_element(name, cut):
    whole = open(pydicom_test_file(name), "rb").read()
    data = whole[:int(len(whole) * cut) | 1]  # odd: never on an element boundary
    tree = parse_file(data)
    last = tree.dataset[-1]
    assert last.form == "truncated" and bytes(last.value) == data[last.offset:]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parsed = reader.read(data)
    assert any("remain" in str(w.message) or "ends inside" in str(w.message) for w in caught)
    complete = [raw for raw in parsed.dataset if raw.header_offset < last.offset]
    assert [(n.offset, n.tag) for n in tree.dataset[:-1]] == [(r.header_offset, r.tag) for r in complete]
    partial = [raw.header_offset for raw in parsed.dataset if raw.header_offset >= last.offset]
    assert partial == [last.offset] or (not partial and parsed.trailing == data[last.offset:])
    with config.limits(strict=True), pytest.raises(TruncatedDataError):
        reader.read(data)


# --- decision 3: implicit VR data under an explicit VR Transfer Syntax ------------------------------

def _rtplan_as_explicit() -> bytes:
    data = bytearray(open(pydicom_test_file("rtplan.dcm"), "rb").read())
    implicit_ts = b"\x02\x00\x10\x00UI\x12\x001.2.840.10008.1.2\x00"
    explicit_ts = b"\x02\x00\x10\x00UI\x14\x001.2.840.10008.1.2.1\x00"
    at = data.index(implicit_ts)
    data[at:at + len(implicit_ts)] = explicit_ts
    length = int.from_bytes(data[140:144], "little") + len(explicit_ts) - len(implicit_ts)
    data[140:144] = length.to_bytes(4, "little")
    return bytes(data)


def test_implicit_data_under_explicit_transfer_syntax_is_read_as_found():
    data = _rtplan_as_explicit()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parsed = reader.read(data)
    assert parsed.transfer_syntax == "1.2.840.10008.1.2.1" and parsed.encoding.implicit_vr
    assert any("implicit" in str(w.message) for w in caught)
    tree = parse_file(data)
    assert tree.implicit_vr and tree.transfer_syntax == "1.2.840.10008.1.2.1"
    assert _study_rows(tree.dataset) == _codec_rows(parsed.dataset, 0, [])
    with config.limits(strict=True), pytest.raises(BadVRError):
        reader.read(data)


def test_an_implicit_element_inside_explicit_data_is_implicit_in_both():
    implicit_element = b"\x10\x00\x20\x00\x04\x00\x00\x00ID12"  # (0010,0020) LO, implicit VR header
    data = PATIENT_NAME + implicit_element
    tree = el.dataset_struct(True, False).parse(data)
    assert [node.form for node in tree] == ["short", "implicit"] and tree[1].value == b"ID12"
    assert el.dataset_struct(True, False).build(tree) == data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = reader.read(data, force=True)
    raw = parsed.dataset.elements[0x00100020]
    assert raw.implicit_vr and bytes(raw.value) == b"ID12" and raw.VR == "LO"
    assert [n.form for n in parse_file(data).dataset] == ["explicit short", "implicit"]


def test_the_grammar_builds_every_well_formed_corpus_file_back_byte_for_byte():
    """build(parse(x)) == x for the data set of every corpus file the grammar reads to its end."""
    import zlib

    from dicomconstruct.format.study import _standard_vr

    built = 0
    for path, tree in _complete_trees():
        body = open(path, "rb").read()[tree.dataset_offset:]
        if tree.deflated:
            body = zlib.decompressobj(-15).decompress(body)
        grammar = el.dataset_struct(tree.little_endian, tree.implicit_vr)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert grammar.build(grammar.parse(body, vr_lookup=_standard_vr), vr_lookup=_standard_vr) == body, path
        built += 1
    assert built >= 175


def test_parse_file_on_nesting_deeper_than_the_interpreter_allows_gives_a_truncated_node():
    levels = 400
    sequence = b"\x09\x00\x10\x10SQ\x00\x00\xff\xff\xff\xff" + b"\xfe\xff\x00\xe0\xff\xff\xff\xff"
    end = b"\xfe\xff\x0d\xe0\x00\x00\x00\x00" + b"\xfe\xff\xdd\xe0\x00\x00\x00\x00"
    data = sequence * levels + end * levels + PATIENT_NAME
    tree = parse_file(data)
    assert [node.form for node in tree.dataset] == ["truncated"] and tree.dataset[0].offset == 0


def test_parse_file_keeps_the_inflated_size_limit():
    from dicomconstruct.errors import LimitExceededError

    with config.limits(max_inflated_size=1000), pytest.raises(LimitExceededError):
        parse_file(pydicom_test_file("image_dfl.dcm"))
