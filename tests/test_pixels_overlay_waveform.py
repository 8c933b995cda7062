"""Overlay planes (PS3.3 C.9.2) and waveforms (PS3.3 C.10.9) against pydicom on its files."""

from __future__ import annotations

import io

import pytest

np = pytest.importorskip("numpy")

import pydicom  # noqa: E402

import dicomconstruct  # noqa: E402
from dicomconstruct.errors import BadLengthError, BadOverlayDataError  # noqa: E402
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
    with pytest.raises(BadOverlayDataError, match=r"\(6002,3000\) at offset \d+: The length of the overlay data in "
                       r"the dataset \(2 bytes\) doesn't match the expected length \(1314 bytes\).*overlay group "
                       r"6002: 3 frames of 50 x 70 bits need 1313 bytes") as caught:
        ds.overlay_array(0x6002)
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, BadLengthError)  # pydicom: ValueError
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


def _overlay_file(rows: int, columns: int, data: bytes) -> bytes:
    return _with_overlay(1, rows, columns, data)


def test_overlay_padding_missing_or_in_excess_warns_and_reads_like_pydicom():
    bits = np.random.default_rng(5).integers(0, 2, 15 * 14).astype("u1")
    packed = np.packbits(bits, bitorder="little").tobytes()  # 27 bytes: odd, the padding byte left out
    for data, pattern in ((packed, "odd and misses a padding byte"),
                          (packed + b"\x00" * 3, r"\(30 bytes\) indicates it contains excess padding. 3 bytes")):
        ds = dicomconstruct.dcmread(io.BytesIO(_overlay_file(15, 14, data)))
        ds[0x60023000].value = data  # the writer pads odd values: give the element the odd bytes again
        with pytest.warns(UserWarning, match=pattern):
            ours = ds.overlay_array(0x6002)
        assert ours.shape == (15, 14) and np.array_equal(ours.reshape(-1), bits)


def test_pydicom_handler_modules_are_the_same_functions():
    from dicomconstruct.overlays import numpy_handler as overlays
    from dicomconstruct.waveforms import generate_multiplex, multiplex_array, numpy_handler as waveforms

    for frames, rows, columns, length in ((1, 3, 3, 2), (3, 2, 2, 2), (4, 3, 3, 5), (1, 512, 512, 32768)):
        values = {"OverlayRows": rows, "OverlayColumns": columns, "NumberOfFramesInOverlay": frames}
        assert overlays.get_expected_length(values) == length
        assert overlays.get_expected_length(values, unit="pixels") == frames * rows * columns
        shaped = overlays.reshape_overlay_array(values, np.arange(frames * rows * columns))
        assert shaped.shape == ((frames, rows, columns) if frames > 1 else (rows, columns))
    with pytest.raises(ValueError, match=r"value of 0 for \(60xx,0015\)"):
        overlays.reshape_overlay_array({"OverlayRows": 1, "OverlayColumns": 1, "NumberOfFramesInOverlay": 0},
                                       np.zeros(1))
    path = pydicom_test_file("waveform_ecg.dcm")
    ds = dicomconstruct.dcmread(path)
    every = list(generate_multiplex(ds, as_raw=False))
    assert len(every) == 2 and all(np.array_equal(a, ds.waveform_array(i)) for i, a in enumerate(every))
    assert multiplex_array(ds, 1).dtype == np.int16
    assert {key: np.dtype(name) for key, name in waveforms.WAVEFORM_DTYPES.items()}[(16, "SS")] == np.int16
    del ds.WaveformSequence
    with pytest.raises(AttributeError, match=r"No \(5400,0100\) Waveform Sequence"):
        next(generate_multiplex(ds))
