"""Reading, printing, converting and writing make no reference cycles.

A cycle among the objects of a read data set keeps the file's bytes (and every
value read from the file) alive after the user drops the data set, until
Python's cyclic garbage collector happens to run: reading big files in a loop
then holds many of them at once.  Without cycles, they are freed at once.
"""

from __future__ import annotations

import gc
import io

import pytest

import dicomconstruct
from tests.corpus import pydicom_test_file

#: files with sequences (defined and undefined length, nested, private), encapsulated and deflated data
FILES = ["rtplan.dcm", "rtdose.dcm", "nested_priv_SQ.dcm", "CT_small.dcm", "image_dfl.dcm",
         "JPEG2000.dcm", "MR_small_RLE.dcm", "SC_rgb_small_odd.dcm", "waveform_ecg.dcm", "dicomdirtests/DICOMDIR"]


def _use(path: str) -> None:
    ds = dicomconstruct.dcmread(path)
    str(ds)  # every element, every level, every value converted
    ds.PatientName = "Changed^Name"
    out = io.BytesIO()
    ds.save_as(out)
    dicomconstruct.dcmread(io.BytesIO(out.getvalue()))


@pytest.mark.parametrize("name", FILES)
def test_a_read_data_set_is_freed_without_the_cyclic_collector(name):
    path = pydicom_test_file(name)
    _use(path)  # first use: imports, dictionary caches
    gc.collect()
    gc.disable()
    try:
        _use(path)
        unreachable = gc.collect()
    finally:
        gc.enable()
    assert unreachable == 0, f"{name}: {unreachable} objects were left in reference cycles"
