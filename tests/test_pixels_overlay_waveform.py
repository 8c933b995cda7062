"""Overlay planes (PS3.3 C.9.2) and waveforms (PS3.3 C.10.9) against pydicom on its files."""

from __future__ import annotations

import io

import pytest

np = pytest.importorskip("numpy")

import pydicom  # noqa: E402

import dicomconstruct  # noqa: E402
from dicomconstruct.errors import BadLengthError  # noqa: E402
from tests.corpus import pydicom_test_file  # noqa: E402


def test_overlay_equals_pydicoms():
    path = pydicom_test_file("examples_overlay.dcm")
    ours = dicomconstruct.dcmread(path).overlay_array(0x6000)
    theirs = pydicom.dcmread(path).overlay_array(0x6000)
    assert ours.dtype == theirs.dtype == np.uint8 and ours.shape == theirs.shape == (300, 484)
    assert np.array_equal(ours, theirs) and 0 < ours.sum() < ours.size


def _with_overlay(frames: int, rows: int, columns: int, data: bytes) -> bytes:
    ds = dicomconstruct.dcmread(pydicom_test_file("examples_overlay.dcm"))
    ds.add_new(0x60020010, "US", rows)
    ds.add_new(0x60020011, "US", columns)
    ds.add_new(0x60020015, "IS", str(frames))
    ds.add_new(0x60020100, "US", 1)
    ds.add_new(0x60020102, "US", 0)
    ds.add_new(0x60023000, "OW", data)
    out = io.BytesIO()
    ds.save_as(out)
    return out.getvalue()


def test_multi_frame_overlay_in_another_group_equals_pydicoms():
    bits = np.random.default_rng(3).integers(0, 2, 3 * 5 * 7).astype("u1")
    packed = np.packbits(bits, bitorder="little").tobytes()
    data = _with_overlay(3, 5, 7, packed + b"\x00" * (len(packed) % 2))
    ours = dicomconstruct.dcmread(io.BytesIO(data)).overlay_array(0x6002)
    theirs = pydicom.dcmread(io.BytesIO(data)).overlay_array(0x6002)
    assert ours.shape == (3, 5, 7) and np.array_equal(ours, theirs)
    assert np.array_equal(ours.reshape(-1), bits)


def test_overlay_errors_are_clear():
    ds = dicomconstruct.dcmread(io.BytesIO(_with_overlay(3, 50, 70, b"\x01\x02")))
    with pytest.raises(BadLengthError, match=r"\(6002,3000\) at offset \d+: overlay group 6002: Overlay Data holds 2 bytes but 3 frames of 50 x 70 "
                                             r"bits need 1313"):
        ds.overlay_array(0x6002)
    with pytest.raises(ValueError, match="between 0x6000 and 0x60FF"):
        ds.overlay_array(0x5000)
    with pytest.raises(AttributeError, match="OverlayData, OverlayBitsAllocated, OverlayRows, OverlayColumns"):
        ds.overlay_array(0x6004)


def test_every_waveform_equals_pydicoms_scaled_and_raw():
    path = pydicom_test_file("waveform_ecg.dcm")
    ours, theirs = dicomconstruct.dcmread(path), pydicom.dcmread(path)
    assert len(theirs.WaveformSequence) == 2
    from dicomconstruct.pixels import waveform_array
    from pydicom.waveforms import multiplex_array

    for index in range(2):
        scaled = ours.waveform_array(index)
        assert scaled.dtype == np.float64 and np.array_equal(scaled, theirs.waveform_array(index))
        raw = waveform_array(ours, index, as_raw=True)
        expected = multiplex_array(theirs, index, as_raw=True)
        assert raw.dtype == expected.dtype and np.array_equal(raw, expected)
        assert not np.array_equal(scaled, raw)  # sensitivities were applied


def test_waveform_errors_are_clear():
    ds = dicomconstruct.dcmread(pydicom_test_file("waveform_ecg.dcm"))
    with pytest.raises(ValueError, match="waveform index 5 is out of range: the Waveform Sequence holds 2 items"):
        ds.waveform_array(5)
    ds.WaveformSequence[0].WaveformData = b"\x00" * 10
    with pytest.raises(BadLengthError, match=r"waveform 0: Waveform Data holds 10 bytes but 10000 samples x 12 "
                                             r"channels of 16 bits need 240000"):
        ds.waveform_array(0)
    ds.WaveformSequence[1].WaveformSampleInterpretation = "XX"
    with pytest.raises(ValueError, match="Sample Interpretation 'XX' is not defined"):
        ds.waveform_array(1)
    with pytest.raises(AttributeError, match="No \\(5400,0100\\) Waveform Sequence"):
        dicomconstruct.dcmread(pydicom_test_file("CT_small.dcm")).waveform_array(0)
