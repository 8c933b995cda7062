"""dicomconstruct.tag.Tag: construction, printing, properties, comparisons (pydicom's behaviour)."""

from __future__ import annotations

import pytest

pydicom = pytest.importorskip("pydicom")
from pydicom.tag import Tag as PDTag  # noqa: E402

from dicomconstruct.tag import BaseTag, ItemDelimiterTag, ItemTag, SequenceDelimiterTag, Tag, TupleTag  # noqa: E402

GOOD = [
    0x00100010,
    0,
    0xFFFFFFFF,
    (0x0010, 0x0010),
    [0x0010, 0x0010],
    ("0010", "0010"),
    ("7fe0", "0010"),
    "PatientName",
    "SOPClassUID",
    "0x00100010",
    "00100010",
    "7FE00010",
    "0xFFFFFFFF",
]


@pytest.mark.parametrize("arg", GOOD)
def test_same_value_as_pydicom(arg):
    ours = Tag(arg)
    assert isinstance(ours, int) and isinstance(ours, Tag)
    assert int(ours) == int(PDTag(arg))


@pytest.mark.parametrize(
    "arg, error",
    [
        ("NotAKeyword", ValueError),
        ("", ValueError),
        ((1, 2, 3), ValueError),
        ((1,), ValueError),
        ((1, "2"), TypeError),
        ((1.0, 2.0), TypeError),
        ((0x10000, 0), OverflowError),
        ((0, 0x10000), OverflowError),
        (0x100000000, OverflowError),
        ("0x100000000", OverflowError),
        (-1, ValueError),
        ((-1, 0), ValueError),
    ],
)
def test_errors(arg, error):
    with pytest.raises(error, match="tag|Tag"):
        Tag(arg)


def test_two_arguments():
    assert Tag(0x0010, 0x0020) == 0x00100020 == PDTag(0x0010, 0x0020)


def test_str_and_repr():
    assert str(Tag(0x00080016)) == "(0008, 0016)"
    assert repr(Tag(0x7FE00010)) == "(7fe0, 0010)"
    assert f"{Tag(0x0043104E)}" == "(0043, 104e)"


def test_properties():
    t = Tag(0x0043104E)
    assert (t.group, t.element, t.elem) == (0x0043, 0x104E, 0x104E)
    assert t.is_private and not t.is_private_creator
    assert t.private_creator == 0x00430010 and isinstance(t.private_creator, Tag)
    assert t.json_key == "0043104E"
    assert Tag(0x00430010).is_private_creator
    assert Tag(0x004300FF).is_private_creator
    assert not Tag(0x00430100).is_private_creator
    assert not Tag(0x00430009).is_private_creator
    assert not Tag(0x00100010).is_private and not Tag(0x00100010).is_private_creator
    for value in (0x0043104E, 0x00430010, 0x00100010, 0x00090000):
        p = PDTag(value)
        assert (Tag(value).is_private, Tag(value).is_private_creator) == (p.is_private, p.is_private_creator)


def test_comparisons_and_hash():
    t = Tag(0x00100010)
    for other in ((0x10, 0x10), [0x10, 0x10], "PatientName", 0x00100010, "0x00100010"):
        assert t == other and not t != other
    assert t != (0x10, 0x20) and t != "NotAKeyword" and t != object()
    assert t < (0x10, 0x20) and t <= "PatientName" and t > 0x00080000 and t >= (0x10, 0x10)
    assert hash(t) == hash(0x00100010)
    assert {t: 1}[0x00100010] == 1
    assert sorted([Tag(0x00200010), Tag(0x00100010)]) == [0x00100010, 0x00200010]
    with pytest.raises(TypeError):
        t < object()  # noqa: B015


def test_identity_and_aliases():
    t = Tag(0x00100010)
    assert Tag(t) is t
    assert BaseTag is Tag
    assert TupleTag((0xFFFE, 0xE000)) == ItemTag == 0xFFFEE000
    assert ItemDelimiterTag == 0xFFFEE00D and SequenceDelimiterTag == 0xFFFEE0DD
    assert isinstance(ItemTag, Tag)
