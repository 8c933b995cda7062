"""Through the public API: dcmread, read every value, save_as -> the very bytes that were read.

pydicom 3.0 manages this for 74 of its 95 DICOM test files; the codec-level
tests (test_corpus_roundtrip.py) check the raw path, this one the object layer's
"an unchanged value keeps its original bytes" rule, over the whole corpus.
"""

from __future__ import annotations

import io
import os
import warnings

import pytest

import dicomconstruct
from dicomconstruct.errors import InvalidDicomError
from tests.test_corpus_roundtrip import CORPUS, DICOM


def _read(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return dicomconstruct.dcmread(path, force=path not in DICOM)


def _refused(path) -> bool:
    try:
        _read(path)
    except InvalidDicomError:
        return True
    return False


#: pydicom's force=True reads anything; dcmread refuses what is not a data set at all.
REFUSED = [p for p in CORPUS if _refused(p)]
READABLE = [p for p in CORPUS if p not in REFUSED]


def test_only_files_that_are_not_dicom_are_refused():
    names = sorted(os.path.basename(p) for p in REFUSED)
    # text, JSON, dumps, an ICC profile, a gzip file, and pydicom's no_meta.dcm, which
    # starts with a stray byte before its first element
    assert all(not n.endswith(".dcm") or n == "no_meta.dcm" for n in names), names
    assert len(READABLE) >= 180


def read_every_value(ds) -> int:
    count = 0
    for elem in ds.iterall():
        elem.value
        count += 1
    for elem in ds.file_meta or ():
        elem.value
    return count


@pytest.mark.parametrize("path", READABLE, ids=os.path.basename)
def test_every_value_read_then_written_like_original_is_byte_identical(path):
    with open(path, "rb") as f:
        original = f.read()
    ds = _read(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert read_every_value(ds) == len(list(ds.iterall()))
        str(ds)
        out = io.BytesIO()
        ds.save_as(out)
    assert out.getvalue() == original


def test_an_edit_changes_only_that_element():
    path = next(p for p in DICOM if os.path.basename(p) == "CT_small.dcm")
    with open(path, "rb") as f:
        original = f.read()
    ds = dicomconstruct.dcmread(path)
    read_every_value(ds)
    start = ds["PatientName"].value_offset
    assert ds.PatientName == "CompressedSamples^CT1"  # 22 bytes with its padding
    ds.PatientName = "Changed^Name^ABCDEFGH"
    out = io.BytesIO()
    ds.save_as(out)
    written = out.getvalue()
    assert len(written) == len(original)
    differing = [i for i, (a, b) in enumerate(zip(original, written)) if a != b]
    assert differing and all(start <= i < start + 22 for i in differing), differing[:5]
