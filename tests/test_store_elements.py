"""Elements made straight from the reader's store when every element of a data set is used.

Iterating a data set read makes its plain elements (value = the bytes after the
header, even length, dictionary VR) with only their store index: the raw element
is made when first asked for.  These tests check that such an element behaves as
one made from its raw element: same value, same raw element (one object), same
offsets, written back as read until it is modified, and found modified after.
"""

from __future__ import annotations

import copy
import io
import pickle

import pytest
from pydicom.data import get_testdata_file

import dicomconstruct
from dicomconstruct.codec.raw import RawElement

FILES = ["CT_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm", "rtplan.dcm", "image_dfl.dcm"]


def _pair(name: str):
    """(data set iterated whole, same file with each element asked for by tag)."""
    path = get_testdata_file(name)
    iterated = dicomconstruct.dcmread(path)
    elements = list(iterated)
    one_by_one = dicomconstruct.dcmread(path)
    return iterated, elements, one_by_one


def _indexed(elements) -> list:
    return [elem for elem in elements if type(elem._raw) is int]


@pytest.mark.parametrize("name", FILES)
def test_most_elements_of_an_iterated_data_set_wait_for_their_raw_element(name):
    _, elements, _ = _pair(name)
    assert len(_indexed(elements)) > len(elements) // 2


@pytest.mark.parametrize("name", FILES)
def test_an_element_made_from_the_store_is_the_element_made_from_its_raw_element(name):
    iterated, elements, one_by_one = _pair(name)
    for elem in _indexed(elements):
        other = one_by_one[elem.tag]
        assert (elem.VR, elem.value, elem.is_undefined_length) == (other.VR, other.value, other.is_undefined_length)
        assert (elem.file_offset, elem.value_offset, elem.value_length, elem.header_length) == (
            other.file_offset, other.value_offset, other.value_length, other.header_length)
        assert str(elem) == str(other) and elem.private_creator == other.private_creator
        raw = elem.raw
        assert type(raw) is RawElement and raw is iterated._raw_dataset.get(int(elem.tag))


def test_a_plain_element_decodes_on_the_general_path_when_its_reader_declines():
    # padding of the wrong kind (a NUL after UI text is right, a space is not: PS3.5 6.2) is reported there
    ds = dicomconstruct.Dataset()
    ds.file_meta = dicomconstruct.FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.file_meta.MediaStorageSOPInstanceUID = "1.2.3"
    ds.SOPInstanceUID = "1.2.3"
    ds.PatientID = "ABC"
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    data = out.getvalue().replace(b"1.2.3\x00", b"1.2.3 ")
    read = dicomconstruct.dcmread(data)
    elements = {int(elem.tag): elem for elem in read}
    assert type(elements[0x00080018]._raw) is int
    with pytest.warns(UserWarning):
        assert elements[0x00080018].value == "1.2.3"
    assert elements[0x00100020].value == "ABC"


@pytest.mark.parametrize("name", FILES)
def test_an_iterated_data_set_is_unmodified_until_a_value_changes(name):
    iterated, elements, _ = _pair(name)
    for elem in elements:
        elem.value
    assert iterated._is_unmodified()
    target = iterated["PatientID"]
    assert type(target._raw) is int
    original = bytes(target.raw.value)
    target.value = "CHANGED"
    assert target.raw is None
    assert not iterated._is_unmodified()
    written = io.BytesIO()
    iterated.save_as(written)
    again = dicomconstruct.dcmread(written.getvalue())
    assert again[target.tag].value == target.value and bytes(again[target.tag].raw.value) != original


@pytest.mark.parametrize("name", FILES)
def test_an_iterated_data_set_written_back_copies_and_pickles_as_read(name):
    path = get_testdata_file(name)
    iterated, elements, _ = _pair(name)
    for elem in elements:
        elem.value

    def written(ds) -> bytes:
        out = io.BytesIO()
        ds.save_as(out)
        return out.getvalue()

    untouched = written(dicomconstruct.dcmread(path))
    assert written(iterated) == untouched
    assert written(copy.deepcopy(iterated)) == untouched
    restored = pickle.loads(pickle.dumps(iterated))
    assert [(e.tag, e.VR, e.value) for e in restored if e.VR != "SQ"] == [
        (e.tag, e.VR, e.value) for e in iterated if e.VR != "SQ"]
