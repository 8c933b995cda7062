"""LUTs (PS3.3 C.11, C.7.9): ours against pydicom.pixels' functions on the same files."""

from __future__ import annotations

import io
import struct
import warnings

import pytest

np = pytest.importorskip("numpy")

import pydicom  # noqa: E402
import pydicom.pixels as reference  # noqa: E402

import dicomconstruct  # noqa: E402
from dicomconstruct import pixels  # noqa: E402
from dicomconstruct.dataset import Dataset  # noqa: E402
from tests.corpus import pydicom_test_file  # noqa: E402

WINDOWED = ["MR_small.dcm", "MR_small_bigendian.dcm", "CT_small.dcm", "examples_overlay.dcm", "MR_small_RLE.dcm"]


def _both(data: bytes):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = pydicom.dcmread(io.BytesIO(data))
        return dicomconstruct.dcmread(io.BytesIO(data)), theirs, theirs.pixel_array


def _read(name):
    with open(pydicom_test_file(name), "rb") as f:
        return _both(f.read())


def _same(ours, theirs):
    assert ours.shape == theirs.shape
    assert ours.dtype.kind == theirs.dtype.kind
    assert np.allclose(ours, theirs, rtol=0, atol=1e-9), np.abs(ours - theirs).max()


@pytest.mark.parametrize("name", WINDOWED)
def test_modality_voi_and_windowing_equal_pydicoms_on_its_files(name):
    ds, theirs, arr = _read(name)
    assert np.array_equal(ds.pixel_array, arr)
    _same(pixels.apply_modality_lut(arr, ds), reference.apply_modality_lut(arr, theirs))
    if "WindowCenter" in theirs:
        _same(pixels.apply_voi_lut(arr, ds), reference.apply_voi_lut(arr, theirs))
        for function in ("LINEAR", "LINEAR_EXACT", "SIGMOID"):
            ds.VOILUTFunction = function
            theirs.VOILUTFunction = function
            windowed = pixels.apply_windowing(arr, ds)
            _same(windowed, reference.apply_windowing(arr, theirs))
            assert np.unique(windowed).size > 2  # the window is inside the data


def _saved(ds) -> bytes:
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()


def _synthetic(**extra) -> bytes:
    """A 16-bit image whose values span 0..4095, with the LUT items of ``extra`` (built here, read by both)."""
    ds = dicomconstruct.dcmread(pydicom_test_file("CT_small.dcm"))
    arr = (np.arange(128 * 128, dtype="u2").reshape(128, 128) % 4096)
    ds.set_pixel_data(arr, "MONOCHROME2", 12, generate_instance_uid=False)
    for keyword in ("RescaleSlope", "RescaleIntercept", "WindowCenter", "WindowWidth"):
        if keyword in ds:
            delattr(ds, keyword)
    for keyword, value in extra.items():
        setattr(ds, keyword, value)
    return _saved(ds)


def _lut_item(descriptor, values, as_ow: bool):
    item = Dataset()
    item.LUTDescriptor = descriptor
    if as_ow:
        item.add_new(0x00283006, "OW", struct.pack(f"<{len(values)}H", *values))
    else:
        item.add_new(0x00283006, "US", list(values))
    return item


@pytest.mark.parametrize("as_ow", [False, True], ids=["US", "OW"])
def test_modality_lut_sequence_equals_pydicoms(as_ow):
    values = [(v * 7) % 65536 for v in range(3000)]
    data = _synthetic(ModalityLUTSequence=[_lut_item([3000, 100, 16], values, as_ow)])
    ds, theirs, arr = _both(data)
    ours = pixels.apply_modality_lut(arr, ds)
    expected = reference.apply_modality_lut(arr, theirs)
    assert np.array_equal(ours, expected)
    assert ours.flat[0] == values[0] and ours.flat[150] == values[50] and ours.flat[-1] == values[-1]


@pytest.mark.parametrize("bits,as_ow", [(8, False), (16, False), (12, True)])
def test_voi_lut_sequence_equals_pydicoms_and_is_preferred(bits, as_ow):
    top = 2 ** bits - 1
    values = [min(top, v // 8) for v in range(2048)]
    item = _lut_item([2048, 512, bits], values, as_ow)
    data = _synthetic(VOILUTSequence=[item], WindowCenter=2000, WindowWidth=400)
    ds, theirs, arr = _both(data)
    ours = pixels.apply_voi_lut(arr, ds)
    assert ours.dtype == (np.uint8 if bits == 8 else np.uint16)
    assert np.array_equal(ours, np.asarray(values)[np.clip(arr.astype(int) - 512, 0, 2047)])  # PS3.3 C.11.2.1.1
    if bits > 8:  # pydicom indexes an 8-bit table with 8-bit integers, which wrap past 255 entries
        assert np.array_equal(ours, reference.apply_voi_lut(arr, theirs))
    window = pixels.apply_voi_lut(arr, ds, prefer_lut=False)
    _same(window, reference.apply_voi_lut(arr, theirs, prefer_lut=False))
    assert window.dtype == np.float64


def test_windowing_second_window_and_bad_width():
    data = _synthetic(WindowCenter=[1000, 3000], WindowWidth=[500, 100], RescaleSlope=2, RescaleIntercept=-1024)
    ds, theirs, arr = _both(data)
    _same(pixels.apply_windowing(arr, ds, index=1), reference.apply_windowing(arr, theirs, index=1))
    ds.WindowWidth = [0, 0]
    with pytest.raises(ValueError, match="Window Width must be greater than or equal to 1"):
        pixels.apply_windowing(arr, ds)
    ds.VOILUTFunction = "CUBIC"
    ds.WindowWidth = [10, 10]
    with pytest.raises(ValueError, match="Unsupported .* VOI LUT Function value 'CUBIC'"):
        pixels.apply_windowing(arr, ds)


def test_palette_colour_equals_pydicoms():
    ds, theirs, arr = _read("examples_palette.dcm")
    ours = pixels.apply_color_lut(arr, ds)
    expected = reference.apply_color_lut(arr, theirs)
    assert ours.dtype == expected.dtype and np.array_equal(ours, expected)
    assert ours.shape == arr.shape + (3,) and np.unique(ours.reshape(-1, 3), axis=0).shape[0] > 10


def test_segmented_palette_equals_pydicoms():
    ds = dicomconstruct.dcmread(pydicom_test_file("examples_palette.dcm"))
    # discrete, linear and indirect segments (PS3.3 C.7.9.2): 256 entries
    red = [0, 2, 0, 10, 1, 100, 200, 1, 154, 65535]
    green = [0, 1, 500, 1, 127, 65535, 0, 2, 7, 9, 1, 126, 0]
    blue = [0, 4, 1, 2, 3, 4, 1, 124, 40000, 2, 1, 0, 0, 1, 124, 10]
    for colour, words in (("Red", red), ("Green", green), ("Blue", blue)):
        delattr(ds, f"{colour}PaletteColorLookupTableData")
        ds.add_new(getattr(pydicom.datadict, "tag_for_keyword")(f"Segmented{colour}PaletteColorLookupTableData"),
                   "OW", struct.pack(f"<{len(words)}H", *words))
        ds.add_new(getattr(pydicom.datadict, "tag_for_keyword")(f"{colour}PaletteColorLookupTableDescriptor"),
                   "US", [256, 0, 16])
    ours_ds, theirs, arr = _both(_saved(ds))
    ours = pixels.apply_color_lut(arr, ours_ds)
    expected = reference.apply_color_lut(arr, theirs)
    assert ours.dtype == expected.dtype == np.uint16
    assert np.array_equal(ours, expected)
    assert len(pixels.expand_segmented_lut(red)) == 256


def test_segmented_lut_errors_are_clear():
    with pytest.raises(ValueError, match="first segment cannot be a linear segment"):
        pixels.expand_segmented_lut([1, 4, 100])
    with pytest.raises(ValueError, match="unknown segment type 7 at word 0"):
        pixels.expand_segmented_lut([7, 1, 1])
    with pytest.raises(ValueError, match="points at word 900"):
        pixels.expand_segmented_lut([0, 1, 5, 2, 1, 900, 0])


def test_presentation_lut_shape_and_sequence_equal_pydicoms():
    ds, theirs, arr = _read("examples_palette.dcm")
    for shape in ("INVERSE", "IDENTITY"):
        ds.PresentationLUTShape = theirs.PresentationLUTShape = shape
        assert np.array_equal(pixels.apply_presentation_lut(arr, ds), reference.apply_presentation_lut(arr, theirs))
    assert np.array_equal(pixels.apply_presentation_lut(arr, ds), arr)
    item = _lut_item([256, 0, 12], [(v * 16) % 4096 for v in range(256)], as_ow=False)
    data = _synthetic(PresentationLUTSequence=[item])
    ds, theirs, arr = _both(data)
    assert np.array_equal(pixels.apply_presentation_lut(arr, ds), reference.apply_presentation_lut(arr, theirs))
