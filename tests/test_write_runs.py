"""filewriter: elements used but unmodified are copied from the source in runs, modified ones encoded again.

Issue 9: a data set read, every value used, then written like original is copied
as slices of the source (``RawRun``), not element by element; any change (value,
MultiValue item, item of a sequence, VR, elements added or deleted) is encoded.
"""

from __future__ import annotations

import io
import warnings

import pytest
from pydicom.data import get_testdata_file

import dicomconstruct
from dicomconstruct import filewriter
from dicomconstruct.codec import writer
from dicomconstruct.codec.raw import RawRun
from dicomconstruct.dataset import Dataset
from dicomconstruct.filewriter import _element_likes
from dicomconstruct.multival import MultiValue
from dicomconstruct.sequence import Sequence

#: explicit VR little endian, implicit VR, big endian, sequences (implicit VR), deflated, encapsulated
FILES = ["CT_small.dcm", "MR_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm", "rtplan.dcm",
         "image_dfl.dcm", "JPEG2000.dcm"]


def _read(name: str):
    return dicomconstruct.dcmread(get_testdata_file(name))


def _original(name: str) -> bytes:
    with open(get_testdata_file(name), "rb") as f:
        return f.read()


def _use_every_value(ds) -> int:
    """Access every value, recursing into sequences (as ``tools/bench.py``'s ``_walk``)."""
    count = 0
    for elem in ds:
        value = elem.value
        count += 1
        if elem.VR == "SQ" and value is not None:
            for item in value:
                count += _use_every_value(item)
    return count


def _used(name: str):
    ds = _read(name)
    _use_every_value(ds)
    _use_every_value(ds.file_meta)
    return ds


def _written(ds) -> bytes:
    out = io.BytesIO()
    dicomconstruct.dcmwrite(out, ds)
    return out.getvalue()


def _plain(value):
    if isinstance(value, Sequence):
        return ("items", len(value))
    if isinstance(value, MultiValue):
        return [_plain(v) for v in value]
    return str(value) if value is not None and not isinstance(value, (bytes, int, float)) else value


def _values(ds, path=()) -> dict:
    """``path -> (VR, value)`` of every element, nested items included (path: tags and item indexes)."""
    out = {}
    for elem in ds:
        key = path + (int(elem.tag),)
        out[key] = (elem.VR, _plain(elem.value))
        if elem.VR == "SQ":
            for index, item in enumerate(elem.value):
                out.update(_values(item, key + (index,)))
    return out


def _runs(ds) -> list:
    return [like for like in _element_likes(ds) if type(like) is RawRun]


# --- unmodified: byte for byte, from runs --------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_every_value_used_then_written_is_byte_identical(name):
    assert _written(_used(name)) == _original(name)


@pytest.mark.parametrize("name", FILES)
def test_every_value_used_is_written_in_runs(name):
    ds = _used(name)
    likes = _element_likes(ds)
    # what is not in a run is what is always written on its own: group lengths, the character set
    alone = [int(like.tag) for like in likes if type(like) is not RawRun]
    assert all(tag & 0xFFFF == 0 or tag == 0x00080005 for tag in alone), [hex(tag) for tag in alone]
    in_runs = sum(run.last - run.first + 1 for run in likes if type(run) is RawRun)
    assert in_runs + len(alone) == len(ds)


def _count_element_calls(monkeypatch) -> list:
    calls = []
    element = writer._Encoder.element

    def counted(self, *args, **kwargs):
        calls.append(args[0])
        return element(self, *args, **kwargs)

    monkeypatch.setattr(writer._Encoder, "element", counted)
    return calls


@pytest.mark.parametrize("name", ["CT_small.dcm", "rtplan.dcm", "MR_small_bigendian.dcm"])
def test_the_codec_writes_few_elements_one_by_one(name, monkeypatch):
    ds = _used(name)
    calls = _count_element_calls(monkeypatch)
    assert _written(ds) == _original(name)
    assert len(calls) <= 2  # the Specific Character Set, at most
    # without runs every element (nested ones too) would go through the codec one by one
    monkeypatch.setattr(filewriter, "_untouched_runs", lambda dataset, tags: {})
    calls.clear()
    assert _written(ds) == _original(name)
    assert len(calls) > 50


def test_a_used_sequence_is_copied_whole():
    ds = _used("rtplan.dcm")
    runs = _runs(ds)
    sequence_tag = int(ds["BeamSequence"].tag)
    run = next(run for run in runs if run.tag <= sequence_tag <= run.last_tag)
    start = ds["BeamSequence"].file_offset
    assert run.header_offset <= start < run.end_offset


def test_runs_are_rewritten_element_by_element_in_another_encoding():
    ds = _used("rtplan.dcm")
    expected = _values(ds)
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
    again = dicomconstruct.dcmread(io.BytesIO(_written(ds)))
    assert again.original_encoding == (False, True)
    assert _values(again) == expected


# --- modified after every value was used: encoded again, the rest as it was ------------------------


def _set_patient_name(ds):
    ds.PatientName = "Changed^Name"
    return {(0x00100010,): ("PN", "Changed^Name")}


def _set_multivalue_item(ds):
    ds.ImageType[0] = "CHANGED"
    return {(0x00080008,): ("CS", ["CHANGED", *ds.ImageType[1:]])}


def _set_nested_element(ds):
    ds.BeamSequence[0].ControlPointSequence[0].GantryAngle = "12.5"
    key = (0x300A00B0, 0, 0x300A0111, 0, 0x300A011E)
    return {key: ("DS", "12.5")}


def _append_item(ds):
    item = Dataset()
    item.BeamName = "Added"
    ds.BeamSequence.append(item)
    index = len(ds.BeamSequence) - 1
    return {(0x300A00B0,): ("SQ", ("items", index + 1)), (0x300A00B0, index, 0x300A00C2): ("LO", "Added")}


def _remove_item(ds):
    del ds.FractionGroupSequence[0]
    return {(0x300A0070,): ("SQ", ("items", 0))}, (0x300A0070, 0)


def _delete_element(ds):
    del ds.PatientID
    return {}, (0x00100020,)


def _change_vr(ds):
    ds["PatientID"].VR = "SH"
    return {(0x00100020,): ("SH", str(ds.PatientID))}


def _change_nested_vr(ds):
    ds.OtherPatientIDsSequence[0]["PatientID"].VR = "SH"  # LO, in an item otherwise as read
    return {(0x00101002, 0, 0x00100020): ("SH", str(ds.OtherPatientIDsSequence[0].PatientID))}


def _insert_element(ds):
    ds.add_new(0x00100021, "LO", "Inserted")  # Issuer of Patient ID, between two elements read
    return {(0x00100021,): ("LO", "Inserted")}


def _ambiguous_element(ds):
    # a new US or SS element is given the VR Pixel Representation says (PS3.3 C.7.6.3.1) when written
    ds.add_new(0x00280106, "US or SS", 7)
    vr = "SS" if ds.PixelRepresentation else "US"
    return {(0x00280106,): (vr, 7)}


MODIFICATIONS = [
    ("CT_small.dcm", _set_patient_name),
    ("MR_small_bigendian.dcm", _set_patient_name),
    ("CT_small.dcm", _set_multivalue_item),
    ("MR_small_implicit.dcm", _set_multivalue_item),
    ("rtplan.dcm", _set_nested_element),
    ("rtplan.dcm", _append_item),
    ("rtplan.dcm", _remove_item),
    ("CT_small.dcm", _delete_element),
    ("MR_small_implicit.dcm", _delete_element),
    ("CT_small.dcm", _change_vr),
    ("MR_small_bigendian.dcm", _change_vr),
    ("CT_small.dcm", _change_nested_vr),
    ("CT_small.dcm", _insert_element),
    ("rtplan.dcm", _insert_element),
    ("CT_small.dcm", _ambiguous_element),
    ("image_dfl.dcm", _ambiguous_element),
]


@pytest.mark.parametrize("name, modify", MODIFICATIONS, ids=lambda v: getattr(v, "__name__", v))
def test_a_modification_after_every_value_was_used_is_written(name, modify):
    ds = _used(name)
    expected = _values(ds)
    changes = modify(ds)
    removed = ()
    if isinstance(changes, tuple):
        changes, removed = changes
    for prefix in [removed] if removed else []:
        expected = {key: value for key, value in expected.items() if key[:len(prefix)] != prefix}
    expected.update(changes)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = _written(ds)
    assert data != _original(name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (SH for Patient ID disagrees with the dictionary: reported on reading)
        written = _values(dicomconstruct.dcmread(io.BytesIO(data)))
    assert written == expected
    assert _runs(ds)  # the elements around the change are still copied from the source


@pytest.mark.parametrize("first", ["asked-for", "iterated", "raw-element"])
def test_a_vr_set_in_an_item_is_written_even_if_the_value_was_never_used(first):
    # PS3.5 7.1.2: in explicit VR the VR is in the header, so the element read cannot be copied as it was
    ds = _read("CT_small.dcm")
    item = ds.OtherPatientIDsSequence[0]
    if first == "iterated":
        list(item)  # every element made from the store's arrays in one loop
    elif first == "raw-element":
        item.get_item("PatientID")  # its raw element made first: the element then holds it
    elem = item["PatientID"]
    assert (type(elem._raw) is int) == (first != "raw-element")  # (the two ways an element holds what was read)
    elem.VR = "SH"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (SH disagrees with the dictionary: reported on reading)
        again = dicomconstruct.dcmread(io.BytesIO(_written(ds)))
        assert again.OtherPatientIDsSequence[0]["PatientID"].VR == "SH"
        assert again.OtherPatientIDsSequence[0].PatientID == _read("CT_small.dcm").OtherPatientIDsSequence[0].PatientID


def test_a_modification_breaks_the_run_around_it_only():
    ds = _used("CT_small.dcm")
    before = [(run.tag, run.last_tag) for run in _runs(ds)]
    ds.PatientName = "Changed^Name"
    after = [(run.tag, run.last_tag) for run in _runs(ds)]
    assert len(after) == len(before) + 1
    assert not any(run.tag <= 0x00100010 <= run.last_tag for run in _runs(ds))
