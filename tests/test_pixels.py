"""Native pixel data as numpy arrays, compared with pydicom's pixel_array on every native corpus file."""

from __future__ import annotations

import os
import re
import warnings

import pytest

np = pytest.importorskip("numpy")

import pydicom  # noqa: E402

import dicomconstruct  # noqa: E402
from dicomconstruct.data import get_testdata_file  # noqa: E402
from dicomconstruct.errors import InvalidDicomError  # noqa: E402
from tests.corpus import pixel_files_by_pydicom  # noqa: E402

NATIVE = {
    "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99",
}


NATIVE_FILES, NATIVE_FILES_PYDICOM_REFUSES = pixel_files_by_pydicom(
    "*.dcm", lambda ds: str(ds.file_meta.get("TransferSyntaxUID", "")) in NATIVE)


def test_there_are_native_files_to_compare():
    assert len(NATIVE_FILES) >= 20


@pytest.mark.parametrize("path", NATIVE_FILES, ids=os.path.basename)
def test_pixel_array_equals_pydicoms(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = pydicom.dcmread(path).pixel_array
        ours = dicomconstruct.dcmread(path).pixel_array
    assert ours.shape == expected.shape
    assert ours.dtype.kind == expected.dtype.kind and ours.dtype.itemsize == expected.dtype.itemsize
    assert np.array_equal(ours, expected)


@pytest.mark.parametrize("path", NATIVE_FILES_PYDICOM_REFUSES, ids=os.path.basename)
def test_pixel_data_pydicom_refuses_is_a_clear_error_here_too(path):
    # a truncated Pixel Data, an invalid IS in Number of Frames, a missing Bits Allocated
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = dicomconstruct.dcmread(path)
        with pytest.raises((InvalidDicomError, ValueError)) as info:
            ds.pixel_array
    assert re.search(r"Pixel Data holds|needs an integer NumberOfFrames|needs Rows|needs BitsAllocated", str(info.value)), info.value


def test_bundled_ct_small_is_128_by_128_signed_words():
    ds = dicomconstruct.dcmread(get_testdata_file("CT_small.dcm"))
    array = ds.pixel_array
    assert array.shape == (128, 128) and array.dtype == np.dtype("<i2")
    assert array.tobytes() == ds.PixelData


def test_big_endian_words_are_read_in_file_order():
    little = dicomconstruct.dcmread(get_testdata_file("CT_small.dcm")).pixel_array
    big = dicomconstruct.dcmread(get_testdata_file("CT_small_big_endian.dcm")).pixel_array
    assert np.array_equal(little, big)


def test_short_pixel_data_is_a_clear_error():
    ds = dicomconstruct.dcmread(get_testdata_file("CT_small.dcm"))
    ds.PixelData = ds.PixelData[:100]
    with pytest.raises(InvalidDicomError, match=r"\(7FE0,0010\).*holds 100 bytes but 128 rows x 128 columns"):
        ds.pixel_array


def test_missing_rows_is_a_clear_error():
    ds = dicomconstruct.dcmread(get_testdata_file("CT_small.dcm"))
    del ds.Rows
    with pytest.raises(ValueError, match="needs Rows"):
        ds.pixel_array
