"""Lazy sequences and lean elements (issue 10): what a read holds before anything is used.

A data set read keeps its elements in the parse's ElementStore (parallel arrays); a
sequence is parsed when its element is first used (PS3.5 7.5), with the strict mode and
limits of the read call; an untouched element, or run of them, is written back as a
slice of the source.
"""

from __future__ import annotations

import io
import tracemalloc
import warnings

import pytest

import dicomconstruct
from dicomconstruct import config
from dicomconstruct.codec import reader
from dicomconstruct.codec.raw import LazyValue, RawRun
from dicomconstruct.errors import BadDelimiterError, DicomWarning, LimitExceededError, TruncatedDataError
from dicomconstruct.filewriter import _element_likes

from ._bytes import element, item, meta, sequence

SOP = element(0x00080016, "UI", b"1.2.840.10008.5.1.4.1.1.7\0") + element(0x00080018, "UI", b"1.2.3.4\0")
NAME = element(0x00100010, "PN", b"Lazy^Seq")
LEAF = element(0x00100020, "LO", b"ID42")
#: an item whose length runs 40 bytes past the end of its defined-length sequence
BROKEN_ITEM = b"\xfe\xff\x00\xe0" + (len(LEAF) + 40).to_bytes(4, "little") + LEAF


def _file(*parts: bytes) -> bytes:
    return meta() + SOP + b"".join(parts)


def _read_quietly(data: bytes, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ds = dicomconstruct.dcmread(io.BytesIO(data), **kwargs)
    return ds, [str(w.message) for w in caught]


def _made(ds) -> list:
    """The data set elements made into objects so far (the store holds the File Meta too)."""
    raw = ds._raw_dataset
    return [i for i in range(raw.start, raw.stop) if raw.store.is_made(i)]


def _store_value(ds, tag):
    """What the element store holds for ``tag``'s value before the element is used (None: nothing but its
    header fields, the usual explicit VR sequence of defined length)."""
    raw = ds._raw_dataset
    store = raw.store
    extra = store.extra.get(raw._find(tag))
    return None if extra is None else extra[0]


def _items_parsed(ds) -> int:
    """How many elements of sequence items have been parsed (into the store below the data set's)."""
    children = ds._raw_dataset.store.children
    return 0 if children is None else len(children)


def test_a_defined_length_sequence_is_parsed_when_first_used():
    data = _file(sequence(0x00081115, item(LEAF) * 3, undefined=False), NAME)
    ds = dicomconstruct.dcmread(io.BytesIO(data))
    assert _store_value(ds, 0x00081115) is None  # not looked into by dcmread: no object for it
    assert _items_parsed(ds) == 0
    assert _made(ds) == []  # no element object made yet
    assert len(ds) == 4 and "ReferencedSeriesSequence" in ds
    assert [item.PatientID for item in ds.ReferencedSeriesSequence] == ["ID42"] * 3
    assert _items_parsed(ds) == 3  # once, when first used
    assert [item.PatientID for item in ds.ReferencedSeriesSequence] == ["ID42"] * 3
    assert _items_parsed(ds) == 3
    element_read = ds["ReferencedSeriesSequence"]
    assert element_read.file_offset == data.index(b"\x08\x00\x15\x11")
    assert not ds.ReferencedSeriesSequence.is_undefined_length


def test_an_undefined_length_sequence_is_walked_for_its_end_only():
    inner = sequence(0x00081140, item(LEAF, undefined=True))
    data = _file(sequence(0x00081115, item(inner, undefined=True) * 2), NAME)
    ds = dicomconstruct.dcmread(io.BytesIO(data))
    assert isinstance(_store_value(ds, 0x00081115), LazyValue)
    assert ds.PatientName == "Lazy^Seq"  # the element after it was found: the walk found the end
    outer = ds.ReferencedSeriesSequence
    assert outer.is_undefined_length and len(outer) == 2
    assert [i.ReferencedImageSequence[0].PatientID for i in outer] == ["ID42", "ID42"]


def test_an_error_in_a_lazy_sequence_names_tag_and_absolute_offset_with_the_read_calls_strict_mode():
    data = _file(sequence(0x00081115, BROKEN_ITEM, undefined=False), NAME)
    at = data.index(BROKEN_ITEM)
    with config.limits(strict=True):
        ds = dicomconstruct.dcmread(io.BytesIO(data))  # nothing looked into yet: no error
    with pytest.raises(TruncatedDataError) as caught:  # strict, as the read call was
        ds.ReferencedSeriesSequence
    assert caught.value.tag == 0x00081115 and caught.value.offset == at
    assert f"(0008,1115) at offset {at}: item is" in str(caught.value)
    assert ds.PatientName == "Lazy^Seq"

    lenient, messages = _read_quietly(data)
    assert messages == []
    with config.limits(strict=True), warnings.catch_warnings(record=True) as caught_warnings:
        warnings.simplefilter("always")
        items = lenient.ReferencedSeriesSequence  # lenient, as the read call was
    assert [str(w.message) for w in caught_warnings if issubclass(w.category, DicomWarning)] == [
        f"(0008,1115) at offset {at}: item is {len(LEAF) + 40} bytes long but only {len(LEAF)} remain"]
    assert items[0].PatientID == "ID42"


def test_an_undefined_length_sequence_reports_at_read_time_once():
    stray = element(0x00100020, "LO", b"ID42") + b"\xfe\xff\x0d\xe0\x04\x00\x00\x00"  # delimiter with a length
    data = _file(sequence(0x00081115, item(stray, undefined=True)), NAME)
    ds, messages = _read_quietly(data)
    assert any("Item Delimitation Item has length 4" in m for m in messages)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert ds.ReferencedSeriesSequence[0].PatientID == "ID42"
    assert caught == []  # said once, by the walk at read time
    with config.limits(strict=True), pytest.raises(BadDelimiterError):
        dicomconstruct.dcmread(io.BytesIO(data))


def test_max_elements_counts_lazy_sequences_when_parsed_with_the_read_calls_limit():
    data = _file(sequence(0x00081115, item(LEAF) * 5, undefined=False), NAME)
    with config.limits(max_elements=6):  # 2 + sequence + name: 4; the 5 leaves make 9
        ds = dicomconstruct.dcmread(io.BytesIO(data))
    with pytest.raises(LimitExceededError, match="max_elements") as caught:
        ds.ReferencedSeriesSequence
    assert caught.value.tag == 0x00100020
    assert len(dicomconstruct.dcmread(io.BytesIO(data)).ReferencedSeriesSequence) == 5


@pytest.mark.parametrize("undefined", [False, True], ids=["defined", "undefined"])
def test_untouched_lazy_sequences_are_written_back_as_one_slice(undefined):
    nested = sequence(0x00081140, item(LEAF, undefined) * 2, undefined)
    data = _file(sequence(0x00081115, item(nested + LEAF, undefined) * 3, undefined), NAME)
    ds = dicomconstruct.dcmread(io.BytesIO(data))
    likes = _element_likes(ds)
    assert len(likes) == 1 and type(likes[0]) is RawRun  # SOP, sequence and name: one run of the source
    assert bytes(likes[0].value) == data[len(meta()):]
    out = io.BytesIO()
    ds.save_as(out)
    assert out.getvalue() == data
    assert _made(ds) == []  # nothing was parsed to write it
    # used, then unmodified: written from the items read, byte for byte
    assert ds.ReferencedSeriesSequence[1].ReferencedImageSequence[0].PatientID == "ID42"
    out = io.BytesIO()
    ds.save_as(out)
    assert out.getvalue() == data


def test_a_modified_element_breaks_the_run_and_the_rest_stays_as_read():
    seq = sequence(0x00081115, item(LEAF), undefined=False)
    data = _file(element(0x00080020, "DA", b"20240101"), element(0x00080030, "TM", b"101010"), seq, NAME,
                 element(0x00100030, "DA", b"19700101"))
    ds = dicomconstruct.dcmread(io.BytesIO(data))
    ds.StudyTime = "121212"
    likes = _element_likes(ds)
    runs = [like for like in likes if type(like) is RawRun]
    assert [(run.tag, run.last_tag) for run in runs] == [(0x00080016, 0x00080020), (0x00081115, 0x00100030)]
    out = io.BytesIO()
    ds.save_as(out)
    assert out.getvalue() == data.replace(b"101010", b"121212")
    again = dicomconstruct.dcmread(io.BytesIO(out.getvalue()))
    assert again.ReferencedSeriesSequence[0].PatientID == "ID42" and again.StudyTime == "121212"


def test_runs_are_rewritten_element_by_element_in_another_encoding():
    data = _file(sequence(0x00081115, item(LEAF) * 2, undefined=False), NAME)
    ds = dicomconstruct.dcmread(io.BytesIO(data))
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2"
    out = io.BytesIO()
    ds.save_as(out)
    again = dicomconstruct.dcmread(io.BytesIO(out.getvalue()), force=True)
    assert again.PatientName == "Lazy^Seq"
    assert [i.PatientID for i in again.ReferencedSeriesSequence] == ["ID42", "ID42"]


def test_the_codec_gives_every_element_as_an_object_on_request():
    data = _file(sequence(0x00081115, item(LEAF), undefined=False), NAME)
    parsed = reader.read(data)
    assert list(parsed.dataset.elements) == [0x00080016, 0x00080018, 0x00081115, 0x00100010]
    raw = parsed.dataset[0x00081115]
    assert raw.is_sequence and raw.value[0].dataset[0x00100020].value.tobytes() == b"ID42"
    assert parsed.dataset[0x00081115] is raw  # made once


def test_an_untouched_read_holds_under_200_bytes_per_element():
    body = b"".join(element(0x00090000 | e, "UL", e.to_bytes(4, "little")) for e in range(0x1000, 0x1000 + 2000))
    data = _file(element(0x00090010, "LO", b"BENCH "), body)
    dicomconstruct.dcmread(data)  # imports and first-use tables, outside the measure
    tracemalloc.start()
    try:
        ds = dicomconstruct.dcmread(data)
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(ds) == 2003
    assert held / len(ds) <= 200, held / len(ds)
    assert ds[0x000917CF].value == 0x17CF


def test_group_lengths_stay_right_around_runs():
    group = element(0x00080020, "DA", b"20240101") + element(0x00080030, "TM", b"101010")
    body = SOP + group
    data = meta() + element(0x00080000, "UL", len(body).to_bytes(4, "little")) + body + NAME + LEAF
    ds = dicomconstruct.dcmread(io.BytesIO(data))
    out = io.BytesIO()
    ds.save_as(out)
    assert out.getvalue() == data
    ds.StudyTime = "1212"  # two bytes shorter: the group length must follow
    out = io.BytesIO()
    ds.save_as(out)
    again = dicomconstruct.dcmread(io.BytesIO(out.getvalue()))
    assert again[0x00080000].value == len(body) - 2
    assert again.StudyTime == "1212" and again.PatientName == "Lazy^Seq" and again.PatientID == "ID42"


def test_threads_using_one_read_see_one_object_per_element():
    import threading

    groups = b"".join(item(sequence(0x00209113, item(LEAF), undefined=False)) for _ in range(200))
    parsed = reader.read(_file(sequence(0x52009230, groups, undefined=False), NAME))
    seen, errors = [], []

    def use():
        try:
            items = parsed.dataset[0x52009230].value
            seen.append([id(group.dataset[0x00209113].value[0].dataset[0x00100020]) for group in items])
        except Exception as error:  # pragma: no cover - the failure is reported below
            errors.append(error)

    threads = [threading.Thread(target=use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(seen) == 8
    assert all(ids == seen[0] for ids in seen) and len(set(seen[0])) == 200


@pytest.mark.parametrize("undefined", [False, True])
def test_a_file_meta_sequence_of_a_deflated_file_is_parsed_in_the_files_bytes(undefined):
    # The data set after the File Meta is inflated into a buffer of its own; a sequence of the File Meta
    # (private to group 0002 here) is still parsed, when first used, from the file's bytes (PS3.10 7.1).
    import zlib

    body = (element(0x00020001, "OB", b"\x00\x01") + element(0x00020002, "UI", b"1.2.840.10008.5.1.4.1.1.7\0")
            + element(0x00020003, "UI", b"1.2.3.4\0") + element(0x00020010, "UI", b"1.2.840.10008.1.2.1.99\0")
            + sequence(0x00020111, item(LEAF, undefined=undefined) * 2, undefined=undefined))
    group = b"\0" * 128 + b"DICM" + element(0x00020000, "UL", len(body).to_bytes(4, "little")) + body
    squeeze = zlib.compressobj(wbits=-15)
    data = group + squeeze.compress(SOP + NAME) + squeeze.flush()
    ds, _ = _read_quietly(data)
    assert ds.PatientName == "Lazy^Seq"
    assert [i.PatientID for i in ds.file_meta[0x00020111].value] == ["ID42", "ID42"]
    assert ds.file_meta[0x00020111].file_offset == data.index(b"\x02\x00\x11\x01")
