"""Malformed input ends in a value or an InvalidDicomError, never another exception (issue: robustness).

The mutations are tools/fuzz.py's, applied to real files; hypothesis picks the
file, the mutation and its seed, and shrinks any failure to a reproducible case.
"""

from __future__ import annotations

import importlib.util
import random
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from dicomconstruct.errors import InvalidDicomError, NestingTooDeepError

_spec = importlib.util.spec_from_file_location("fuzz", Path(__file__).parent.parent / "tools" / "fuzz.py")
fuzz = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz)

# Small, varied files: explicit/implicit/big endian/deflated, sequences, private, encapsulated.
FILES = [
    f for f in fuzz.corpus_files()
    if Path(f).name in {
        "CT_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm", "image_dfl.dcm",
        "rtplan.dcm", "nested_priv_SQ.dcm", "UN_sequence.dcm", "JPEG2000.dcm", "no_meta.dcm",
        "chrSQEncoding.dcm", "chrJapMulti.dcm", "reportsi.dcm", "badVR.dcm", "priv_SQ.dcm",
        "ExplVR_BigEndNoMeta.dcm", "meta_missing_tsyntax.dcm",
    }
]
BLOBS = {Path(f).name: Path(f).read_bytes() for f in FILES}


def ends_in_value_or_invalid(data: bytes) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fuzz.exercise(data)
        except InvalidDicomError:
            pass


def test_corpus_is_there():
    assert len(BLOBS) >= 12, sorted(BLOBS)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(BLOBS)),
    mutation=st.sampled_from(sorted(fuzz.MUTATIONS)),
    seed=st.integers(0, 2**32 - 1),
)
def test_mutated_files_end_in_value_or_invalid_dicom_error(name, mutation, seed):
    data = fuzz.MUTATIONS[mutation](BLOBS[name], random.Random(seed))
    ends_in_value_or_invalid(data)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600))
def test_random_bytes_end_in_value_or_invalid_dicom_error(data):
    ends_in_value_or_invalid(data)
    ends_in_value_or_invalid(b"\0" * 128 + b"DICM" + data)


@pytest.mark.parametrize("defined_length", [False, True], ids=["undefined", "defined"])
def test_2000_deep_sequences_raise_nesting_too_deep(defined_length):
    data = fuzz.deep_sequences(2000, defined_length)
    with pytest.raises(NestingTooDeepError) as info:
        fuzz.exercise(data)
    assert "(0008,1115)" in str(info.value)
    assert "offset" in str(info.value)


def test_nesting_within_the_limit_is_read():
    ds = fuzz.exercise(fuzz.deep_sequences(20))
    item = ds
    for _ in range(20):
        item = item.ReferencedSeriesSequence[0]
    assert item.PatientID == "LEAF"


@pytest.mark.parametrize("name", ["CT_small.dcm", "rtplan.dcm", "image_dfl.dcm"])
def test_every_truncation_of_the_header_region_is_handled(name):
    data = BLOBS[name]
    for end in range(0, min(len(data), 1400), 7):
        ends_in_value_or_invalid(data[:end])
