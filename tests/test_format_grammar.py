"""The reference grammar and the running codec give the same tree at every level (issue 9, item 3).

``format.element.dataset_struct`` parses each clean corpus file; its tree is
compared with what ``codec.reader`` found, element by element inside every
item of every sequence, and fragment by fragment in encapsulated Pixel Data.
(``test_format.py`` checks the top level and ``build(parse(x)) == x``.)
"""

from __future__ import annotations

from dicomconstruct.codec import reader
from dicomconstruct.codec.raw import RawFragments
from dicomconstruct.format import element as el

from .test_format import _clean_corpus, _vr_lookup


def _tag(node) -> int:
    return node.group << 16 | node.element


def _compare(declared, raw_dataset, where: str) -> int:
    """Assert both trees agree; return the number of elements compared."""
    declared = [node for node in declared if not node.is_marker]
    ours = list(raw_dataset)
    assert [(_tag(n), n.length) for n in declared] == [(r.tag, r.length) for r in ours], where
    count = len(ours)
    for node, raw in zip(declared, ours):
        here = f"{where} ({raw.tag >> 16:04X},{raw.tag & 0xFFFF:04X})@{raw.header_offset}"
        if isinstance(raw.value, RawFragments):
            fragments = [f for f in node.value if _tag(f) == el.ITEM_TAG]
            assert [f.value for f in fragments] == [bytes(raw.value.offset_table)] + [
                bytes(f) for f in raw.value.fragments], here
        elif isinstance(raw.value, list):
            items = [i for i in node.value if _tag(i) == el.ITEM_TAG]
            assert [i.length for i in items] == [i.length for i in raw.value], here
            for number, (item, raw_item) in enumerate(zip(items, raw.value)):
                count += _compare(item.elements or [], raw_item.dataset, f"{here} item {number}")
        else:
            assert node.value == bytes(raw.value if raw.value is not None else b""), here
    return count


def test_grammar_and_codec_agree_inside_items_and_fragments():
    files = _clean_corpus()
    assert len(files) > 80
    nested = fragmented = 0
    for path in files:
        parsed = reader.read(path)
        data = parsed.inflated if parsed.inflated is not None else bytes(parsed.buffer[parsed.dataset_offset:])
        grammar = el.dataset_struct(parsed.encoding.little_endian, parsed.encoding.implicit_vr)
        tree = grammar.parse(data, vr_lookup=_vr_lookup)
        compared = _compare(tree, parsed.dataset, path)
        nested += compared > len(parsed.dataset)
        fragmented += any(isinstance(r.value, RawFragments) for r in parsed.dataset)
    assert nested > 20 and fragmented > 10
