"""dicomconstruct.explain and ``dicomconstruct explain`` on every corpus file (issue 9, item 4)."""

from __future__ import annotations

import pytest

from dicomconstruct import cli
from dicomconstruct.codec.raw import RawFragments
from dicomconstruct.explain import explain, parse_file

from .corpus import pydicom_test_file, pydicom_test_files
from .test_format import _all_elements as _raw_elements
from .test_format_study import read_both

ELEMENT_FORMS = ("explicit long", "explicit short", "implicit")


def _fragment_count(raw_dataset):
    count = 0
    for raw in _raw_elements(raw_dataset):
        if isinstance(raw.value, RawFragments):
            count += len(raw.value.item_offsets)
    return count


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("path", pydicom_test_files(), ids=lambda p: p.rsplit("/", 1)[-1])
def test_every_element_appears_in_file_order(path):
    both = read_both(path)
    if both is None:
        return
    parsed, tree = both
    nodes = list(tree)
    elements = [n for n in nodes if n.form in ELEMENT_FORMS]
    expected = list(_raw_elements(parsed.meta)) + list(_raw_elements(parsed.dataset))
    if nodes and nodes[-1].form == "truncated":  # the data ends inside an element (tests/test_format_study.py)
        expected = [r for r in expected if r.header_offset < nodes[-1].offset]
    else:
        assert sum(n.form == "fragment" for n in nodes) == _fragment_count(parsed.dataset)
    assert [(n.offset, n.tag) for n in elements] == [(r.header_offset, r.tag) for r in expected]
    meta_end = len([n for n in nodes if n.form in ("preamble", "prefix")]) + len(list(_raw_elements(parsed.meta)))
    for part in (nodes[:meta_end], nodes[meta_end:]):  # a deflated data set counts in the inflated stream
        offsets = [n.offset for n in part]
        assert offsets == sorted(offsets) and len(set(offsets)) == len(offsets)
    lines = explain(path)
    assert len(lines) == len(nodes)
    assert all(line.startswith(f"{n.offset:08d}") for line, n in zip(lines, nodes))


def test_header_fields_are_the_declared_names():
    nodes = list(parse_file(pydicom_test_file("JPEG2000.dcm")))
    pixel = next(n for n in nodes if n.tag == 0x7FE00010)
    assert [name for name, _ in pixel.fields] == ["group", "element", "VR", "reserved", "length"]
    assert pixel.table == "PS3.5 table 7.1-1" and pixel.header.hex() == "e07f10004f420000ffffffff"
    fragments = [n for n in nodes if n.form == "fragment"]
    assert fragments[0].note == "Basic Offset Table" and fragments[0].offset == pixel.offset + 12
    assert "Basic Offset Table" in explain(pydicom_test_file("JPEG2000.dcm"), start=fragments[0].offset)[0]


def test_cli_explain_limits_to_a_keyword_and_a_range(capsys):
    path = pydicom_test_file("CT_small.dcm")
    assert cli.main(["explain", path, "-k", "PatientName"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and "(0010,0010) PN" in out[0] and "CompressedSamples^CT1" in out[0]
    assert cli.main(["explain", path, "--range", "0:140"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in out] == ["00000000", "00000128", "00000132"]
