"""Random datasets of every VR, written in every uncompressed transfer syntax, read back equal.

Values are drawn within what each VR allows (PS3.5 6.2); the round trip is
checked through our reader and, independently, through pydicom's.
"""

from __future__ import annotations

import io
import math
import struct

import pydicom
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import dicomconstruct
from dicomconstruct import datadict
from dicomconstruct.dataset import Dataset, FileMetaDataset
from dicomconstruct.sequence import Sequence

TRANSFER_SYNTAXES = {
    "implicit-le": "1.2.840.10008.1.2",
    "explicit-le": "1.2.840.10008.1.2.1",
    "deflated-le": "1.2.840.10008.1.2.1.99",
    "explicit-be": "1.2.840.10008.1.2.2",
}

# One standard, non-retired, multi-valued (where the VR allows it) tag per VR, found in the dictionary.
TAG_FOR_VR = {
    "AE": 0x00080054, "AS": 0x0072005F, "AT": 0x00280009, "CS": 0x00080008, "DA": 0x0014407E,
    "DS": 0x00082130, "DT": 0x0040A13A, "FD": 0x00186054, "FL": 0x0018605A, "IS": 0x00081160,
    "LO": 0x00081080, "LT": 0x00080108, "OB": 0x0008041B, "OD": 0x003A032E, "OF": 0x00181638,
    "OL": 0x00660040, "OV": 0x00720081, "OW": 0x00281201, "PN": 0x0008009C, "SH": 0x00080094,
    "SL": 0x0040A162, "SS": 0x0072007E, "ST": 0x00080081, "SV": 0x00720082, "TM": 0x0014407C,
    "UC": 0x00160008, "UI": 0x0004151A, "UL": 0x00081161, "UR": 0x0008010E, "US": 0x00080304,
    "UT": 0x0008030E, "UV": 0x00720083,
}

printable = st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="\\")


def text(max_size, alphabet=printable, min_size=1):
    return st.text(alphabet, min_size=min_size, max_size=max_size)


def multi(strategy, max_values=4):
    return st.lists(strategy, min_size=1, max_size=max_values)


def float32():
    return st.floats(width=32, allow_nan=False, allow_infinity=False)


def ds_string():
    return st.floats(-1e9, 1e9, allow_nan=False).map(lambda f: f"{f:.6g}").filter(lambda s: len(s) <= 16)


VALUES = {
    "AE": multi(text(16, st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")), 1),
    "AS": st.sampled_from(["001D", "012W", "030M", "045Y"]),
    "AT": multi(st.integers(0, 0xFFFFFFFF)),
    "CS": multi(text(16, st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"))),
    "DA": st.dates().map(lambda d: f"{d.year:04d}{d.month:02d}{d.day:02d}"),
    "DS": multi(ds_string(), 2),
    "DT": st.datetimes().map(lambda d: d.strftime("%Y%m%d%H%M%S")),
    "FD": multi(st.floats(allow_nan=False)),
    "FL": multi(float32()),
    "IS": st.integers(-(2**31), 2**31 - 1).map(str),
    "LO": multi(text(64)),
    "LT": text(200, st.characters(min_codepoint=0x20, max_codepoint=0x7E)).map(str.rstrip).filter(bool),
    "OB": st.binary(min_size=2, max_size=64).map(lambda b: b[: len(b) // 2 * 2]),
    "OD": st.binary(min_size=8, max_size=8).map(lambda b: b * 3),
    "OF": st.binary(max_size=4).map(lambda b: b * 4 if len(b) == 4 else b"\0" * 4),
    "OL": st.binary(min_size=4, max_size=4).map(lambda b: b * 3),
    "OV": st.binary(min_size=8, max_size=8).map(lambda b: b * 2),
    "OW": st.binary(min_size=2, max_size=32).map(lambda b: b[: len(b) // 2 * 2]),
    "PN": st.sampled_from(["Doe^John", "Citizen^Jan^Q^Dr^III", "Yamada^Tarou", "A"]),
    "SH": multi(text(16)),
    "SL": multi(st.integers(-(2**31), 2**31 - 1)),
    "SS": multi(st.integers(-(2**15), 2**15 - 1)),
    "ST": text(200, st.characters(min_codepoint=0x20, max_codepoint=0x7E)).map(str.rstrip).filter(bool),
    "SV": multi(st.integers(-(2**63), 2**63 - 1)),
    "TM": st.times().map(lambda t: t.strftime("%H%M%S")),
    "UC": multi(text(100)),
    "UI": multi(st.lists(st.integers(1, 99999), min_size=2, max_size=8).map(lambda p: ".".join(map(str, p)))),
    "UL": multi(st.integers(0, 2**32 - 1)),
    "UR": st.sampled_from(["http://example.com/a", "urn:oid:1.2.3"]),
    "US": st.integers(0, 2**16 - 1),
    "UT": text(300, st.characters(min_codepoint=0x20, max_codepoint=0x7E)).map(str.rstrip).filter(bool),
    "UV": multi(st.integers(0, 2**64 - 1)),
}


def test_tag_table_agrees_with_the_dictionary():
    for vr, tag in TAG_FOR_VR.items():
        assert datadict.dictionary_VR(tag) == vr, (vr, hex(tag))


@st.composite
def datasets(draw, depth=0):
    ds = Dataset()
    for vr in draw(st.lists(st.sampled_from(sorted(VALUES)), min_size=1, max_size=12, unique=True)):
        value = draw(VALUES[vr])
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        ds.add_new(TAG_FOR_VR[vr], vr, value)
    if depth < 2 and draw(st.booleans()):
        ds.add_new(0x00081115, "SQ", Sequence([draw(datasets(depth + 1)) for _ in range(draw(st.integers(0, 2)))]))
    return ds


def comparable(value):
    """A plain Python form of a value, so ours and pydicom's can be compared."""
    if isinstance(value, (list, tuple)) or type(value).__name__ in ("MultiValue", "Sequence"):
        return [comparable(v) for v in value]
    if hasattr(value, "keys") and hasattr(value, "__iter__"):  # a Dataset
        return {int(e.tag): comparable(e.value) for e in value}
    if isinstance(value, float):
        return "nan" if math.isnan(value) else value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, int):
        return int(value)
    return str(value)


def as_written(ds):
    return {int(e.tag): comparable(e.value) for e in ds}


def write(ds, uid):
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = uid
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.file_meta.MediaStorageSOPInstanceUID = "1.2.3.4"
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()


@pytest.mark.parametrize("ts", sorted(TRANSFER_SYNTAXES))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(ds=datasets())
def test_random_dataset_round_trips(ts, ds):
    expected = as_written(ds)
    data = write(ds, TRANSFER_SYNTAXES[ts])
    ours = dicomconstruct.dcmread(io.BytesIO(data))
    assert as_written(ours) == expected
    theirs = pydicom.dcmread(io.BytesIO(data))
    assert {int(e.tag): comparable(e.value) for e in theirs} == expected


def test_float_values_keep_their_bits_in_big_endian():
    ds = Dataset()
    ds.add_new(TAG_FOR_VR["FL"], "FL", struct.unpack("<f", b"\x01\x02\x03\x04")[0])
    data = write(ds, TRANSFER_SYNTAXES["explicit-be"])
    assert b"\x04\x03\x02\x01" in data
    assert dicomconstruct.dcmread(io.BytesIO(data))[TAG_FOR_VR["FL"]].value == ds[TAG_FOR_VR["FL"]].value
