"""An item data set taken out of a lazy sequence outlives its parent (issue 10).

The parse's stores form a tree (a sequence's items are parsed into a store of their
own) and lazy sequences refer to their enclosing data sets weakly, so a read data set
is freed as soon as the user drops it (no reference cycle: see test_no_cycles.py),
while an item the user kept still holds what it needs: its store, the buffer, and
the parser of its own lazy sequences (PS3.5 7.5).
"""

from __future__ import annotations

import gc
import io
import weakref

import pytest

import dicomconstruct
from dicomconstruct.filebase import DicomBytesIO

from ._bytes import SOP, element, implicit, item, meta, sequence

LEAF = element(0x00100020, "LO", b"ID42")
CODE = element(0x00080100, "SH", b"CV01")


def _explicit_file(undefined: bool) -> bytes:
    inner = sequence(0x00081140, item(LEAF, undefined) + item(CODE, undefined), undefined)
    outer = sequence(0x00081115, item(LEAF + inner, undefined) * 2, undefined)
    return meta() + SOP + outer + element(0x00100010, "PN", b"Lazy^Seq")


def _implicit_item(body: bytes) -> bytes:
    return implicit(0xFFFEE000, body)


def _implicit_file() -> bytes:
    inner = implicit(0x00081140, _implicit_item(implicit(0x00100020, b"ID42")))
    outer = implicit(0x00081115, _implicit_item(implicit(0x00100020, b"ID42") + inner))
    sop = implicit(0x00080016, b"1.2.840.10008.5.1.4.1.1.7\0") + implicit(0x00080018, b"1.2.3.4\0")
    return meta(b"1.2.840.10008.1.2") + sop + outer + implicit(0x00100010, b"Lazy^Seq")


@pytest.mark.parametrize("data", [_explicit_file(True), _explicit_file(False), _implicit_file()],
                         ids=["undefined", "defined", "implicit"])
def test_an_item_reads_its_values_after_its_parent_is_gone(data):
    ds = dicomconstruct.dcmread(io.BytesIO(data))
    first = ds.ReferencedSeriesSequence[0]  # the nested sequence of this item is left unparsed
    parent = weakref.ref(ds._raw_dataset)
    gc.disable()
    try:
        del ds
        assert parent() is None  # freed at once, without the cyclic collector
    finally:
        gc.enable()
    gc.collect()
    assert first.PatientID == "ID42"
    nested = first.ReferencedImageSequence  # parsed now, the parent data set gone
    assert nested[0].PatientID == "ID42"
    if len(nested) > 1:
        assert nested[1].CodeValue == "CV01"
    out = DicomBytesIO()
    out.is_little_endian, out.is_implicit_VR = True, False
    dicomconstruct.filewriter.write_dataset(out, first)
    assert out.getvalue().count(b"ID42") == 2  # the item's and its nested item's
    first.PatientID = "ID43"
    assert first.PatientID == "ID43" and nested[0].PatientID == "ID42"
