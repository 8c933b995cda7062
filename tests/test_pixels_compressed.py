"""Compressed pixel data decoded, compared with pydicom (and its pylibjpeg/GDCM plugins) on its files."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings

import pytest

np = pytest.importorskip("numpy")

import pydicom  # noqa: E402

import dicomconstruct  # noqa: E402
from dicomconstruct import pixels  # noqa: E402
from dicomconstruct.errors import InvalidDicomError  # noqa: E402
from tests.corpus import pixel_files_by_pydicom, pydicom_test_file  # noqa: E402

try:
    import imagecodecs  # noqa: F401
except ImportError:  # the pixels extra is missing: skipped, but a failure under CI=true
    HAVE_CODECS = False
else:
    HAVE_CODECS = True
needs_codecs = pytest.mark.skipif(
    not HAVE_CODECS and os.environ.get("CI", "").lower() != "true",
    reason='imagecodecs missing: pip install "dicomconstruct[pixels]"')

LOSSY = {"1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51"}


COMPRESSED, PYDICOM_REFUSES = pixel_files_by_pydicom(
    "**/*.dcm", lambda ds: ds.file_meta.TransferSyntaxUID.is_compressed)


def _pydicom_array(path, index=None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if index is None:
            return pydicom.dcmread(path).pixel_array
        from pydicom.pixels import pixel_array

        return pixel_array(path, index=index)


def _assert_same(ours, expected, syntax):
    assert ours.shape == expected.shape
    assert ours.dtype == expected.dtype
    difference = np.abs(ours.astype(np.int64) - expected.astype(np.int64))
    if syntax not in LOSSY:
        assert difference.max() == 0, difference.max()
        return
    # Lossy JPEG decoders differ in rounding (IDCT, chroma upsampling): pydicom's own gdcm and
    # pylibjpeg plugins give results 3 apart on 570 of the 6,912,000 samples of
    # examples_ybr_color.dcm. Within 2 everywhere but at most 0.01% of samples, never more than 3.
    assert difference.max() <= 3, difference.max()
    assert (difference > 2).sum() <= difference.size // 10_000, (difference > 2).sum()


def _syntax(path):
    return str(dicomconstruct.dcmread(path, stop_before_pixels=True).file_meta.TransferSyntaxUID)


@needs_codecs
def test_there_are_compressed_files_of_every_family():
    syntaxes = {_syntax(p) for p in COMPRESSED}
    assert len(COMPRESSED) >= 35
    assert {"1.2.840.10008.1.2.5", "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.70",
            "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81", "1.2.840.10008.1.2.4.90",
            "1.2.840.10008.1.2.4.91"} <= syntaxes


@needs_codecs
@pytest.mark.parametrize("path", COMPRESSED, ids=os.path.basename)
def test_pixel_array_equals_pydicoms(path):
    expected = _pydicom_array(path)
    ours = dicomconstruct.dcmread(path).pixel_array
    _assert_same(ours, expected, _syntax(path))


MULTI_FRAME = [p for p in COMPRESSED if int(pydicom.dcmread(p, stop_before_pixels=True).get("NumberOfFrames") or 1) > 1]


def test_there_are_multi_frame_compressed_files():
    assert len(MULTI_FRAME) >= 5


@pytest.mark.parametrize("path", MULTI_FRAME, ids=os.path.basename)
@needs_codecs
def test_first_and_last_frames_equal_pydicoms(path):
    frames = int(pydicom.dcmread(path, stop_before_pixels=True).NumberOfFrames)
    for index in (0, frames - 1):
        _assert_same(pixels.pixel_array(path, index=index), _pydicom_array(path, index), _syntax(path))


@pytest.mark.parametrize("path", MULTI_FRAME, ids=os.path.basename)
@needs_codecs
def test_iter_pixels_gives_every_frame(path):
    whole = dicomconstruct.dcmread(path).pixel_array
    frames = list(pixels.iter_pixels(path))
    assert len(frames) == whole.shape[0]
    assert all(np.array_equal(frame, whole[k]) for k, frame in enumerate(frames))


def test_sources_path_file_object_and_dataset_agree():
    path = pydicom_test_file("SC_rgb_rle_2frame.dcm")
    by_path = pixels.pixel_array(path, index=1)
    with open(path, "rb") as f:
        by_file = pixels.pixel_array(f, index=1)
    by_dataset = pixels.pixel_array(dicomconstruct.dcmread(path), index=1)
    assert np.array_equal(by_path, by_file) and np.array_equal(by_path, by_dataset)
    assert by_path.shape == (100, 100, 3)


def test_negative_index_and_out_of_range_index():
    path = pydicom_test_file("SC_rgb_rle_2frame.dcm")
    assert np.array_equal(pixels.pixel_array(path, index=-1), pixels.pixel_array(path, index=1))
    with pytest.raises(ValueError, match="frame index 2 is out of range: the pixel data holds 2 frames"):
        pixels.pixel_array(path, index=2)


@needs_codecs
def test_as_rgb_false_keeps_ybr():
    path = pydicom_test_file("SC_rgb_dcmtk_+eb+cy+n1.dcm")  # JPEG baseline, YBR_FULL
    ybr = pixels.pixel_array(path, as_rgb=False)
    rgb = pixels.pixel_array(path)
    back = pixels.convert_color_space(ybr, "YBR_FULL", "RGB")
    assert np.abs(back.astype(int) - rgb.astype(int)).max() <= 2
    assert np.abs(ybr.astype(int) - rgb.astype(int)).max() > 10


@pytest.mark.parametrize("path", PYDICOM_REFUSES, ids=os.path.basename)
@needs_codecs
def test_files_pydicom_cannot_decode_decode_or_fail_clearly(path):
    ds = dicomconstruct.dcmread(path)
    try:
        arr = ds.pixel_array
    except InvalidDicomError as exc:
        assert "frame 0" in str(exc) and "offset" in str(exc)
    else:
        assert arr.shape == (ds.Rows, ds.Columns)


def test_without_imagecodecs_the_error_names_the_syntax_and_the_extra():
    code = (
        "import sys; sys.modules['imagecodecs'] = None\n"
        "import dicomconstruct\n"
        f"ds = dicomconstruct.dcmread({pydicom_test_file('JPEG2000.dcm')!r})\n"
        "try:\n    ds.pixel_array\nexcept RuntimeError as e:\n    print(e)\n"
        f"print(dicomconstruct.dcmread({pydicom_test_file('MR_small_RLE.dcm')!r}).pixel_array.shape)\n"
    )
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "JPEG 2000 Image Compression (1.2.840.10008.1.2.4.91)" in out.stdout
    assert 'pip install "dicomconstruct[pixels]"' in out.stdout
    assert "(64, 64)" in out.stdout  # RLE Lossless is decoded here, without the extra


@needs_codecs
@pytest.mark.parametrize("uid", ["1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203"])
def test_htj2k_lossless_frame_written_and_decoded_equal(uid):
    """HTJ2K (beyond pydicom): a lossless frame made by imagecodecs, saved, read back and decoded exactly."""
    import io

    from imagecodecs import htj2k_encode

    from dicomconstruct.data import get_testdata_file
    from dicomconstruct.encaps import encapsulate

    ds = dicomconstruct.dcmread(get_testdata_file("CT_small.dcm"))
    native = ds.pixel_array
    ds.PixelData = encapsulate([htj2k_encode(native, level=0)])
    ds["PixelData"].VR = "OB"
    ds.file_meta.TransferSyntaxUID = uid
    out = io.BytesIO()
    ds.save_as(out)
    decoded = dicomconstruct.dcmread(io.BytesIO(out.getvalue())).pixel_array
    assert decoded.dtype == native.dtype and decoded.shape == native.shape
    assert np.array_equal(decoded, native)
    assert not np.array_equal(decoded, np.zeros_like(native))
