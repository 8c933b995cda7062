"""Bad compressed pixel data: a clear InvalidDicomError (frame and offset named) or ValueError, never a crash."""

from __future__ import annotations

import importlib.util
import io
import random
import warnings
from pathlib import Path

import pytest

np = pytest.importorskip("numpy")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import dicomconstruct  # noqa: E402
from dicomconstruct import encaps  # noqa: E402
from dicomconstruct.errors import BadPixelDataError, InvalidDicomError, TruncatedDataError  # noqa: E402
from tests.corpus import pydicom_test_file  # noqa: E402
from tests.tools_required import require_module  # noqa: E402


@pytest.fixture(scope="module")
def codecs():
    return require_module("imagecodecs", 'the pixels extra: pip install "dicomconstruct[pixels]"')


def _read(name):
    return dicomconstruct.dcmread(pydicom_test_file(name))


def _frames(ds):
    return list(encaps.generate_frames(ds.PixelData, number_of_frames=int(ds.get("NumberOfFrames") or 1)))


@pytest.mark.parametrize("name", ["examples_jpeg2k.dcm", "MR_small_jpeg_ls_lossless.dcm", "SC_rgb_jpeg_gdcm.dcm",
                                  "examples_ybr_color.dcm", "MR_small_RLE.dcm"])
def test_truncated_fragment_item_names_its_offset(name):
    ds = _read(name)
    ds.PixelData = ds.PixelData[:-1001]
    with pytest.raises(TruncatedDataError, match=r"\(7FE0,0010\) at offset \d+: fragment item is \d+ bytes long but "
                                                 r"only \d+ remain"):
        ds.pixel_array


@pytest.mark.parametrize("name", ["examples_jpeg2k.dcm", "MR_small_jpeg_ls_lossless.dcm", "SC_rgb_jpeg_gdcm.dcm",
                                  "examples_ybr_color.dcm", "MR_small_jp2klossless.dcm"])
def test_truncated_codestream_in_a_whole_item_is_an_error_not_a_partial_image(name, codecs):
    ds = _read(name)
    ds.PixelData = encaps.encapsulate([f[: len(f) // 2] for f in _frames(ds)])
    with pytest.raises(BadPixelDataError, match=r"frame 0 \(fragment item at offset \d+\): the .* data of \d+ bytes "
                                                r"does not end with the End Of Image marker"):
        ds.pixel_array


def test_truncated_file_is_an_error_naming_the_frame(codecs):
    data = Path(pydicom_test_file("examples_jpeg2k.dcm")).read_bytes()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = dicomconstruct.dcmread(io.BytesIO(data[:-1000]))
    with pytest.raises(BadPixelDataError, match=r"frame 0 \(fragment item at offset 1434\)"):
        ds.pixel_array


def test_corrupt_codestream_is_a_codec_error_naming_frame_and_offset(codecs):
    ds = _read("MR_small_jp2klossless.dcm")
    frame = bytearray(_frames(ds)[0])
    frame[100:1000] = bytes(900)
    ds.PixelData = encaps.encapsulate([bytes(frame)])
    with pytest.raises(BadPixelDataError, match=r"frame 0 \(fragment item at offset 12\): JPEG 2000 Image "
                                                r"Compression \(Lossless Only\) data could not be decoded: "
                                                r"jpeg2k_decode: "):
        ds.pixel_array


def test_basic_offset_table_pointing_between_items():
    ds = _read("SC_rgb_rle_2frame.dcm")
    value = bytearray(ds.PixelData)
    value[12:16] = (12345).to_bytes(4, "little")  # second offset
    ds.PixelData = bytes(value)
    # 12345 from the first fragment's item, which starts after the 16-byte offset table item
    with pytest.raises(BadPixelDataError, match="frame 1: the Basic Offset Table points at offset 12361, where no "
                                                "fragment item starts"):
        ds.pixel_array


def test_basic_offset_table_of_odd_length():
    ds = _read("SC_rgb_rle_2frame.dcm")
    value = bytearray(ds.PixelData)
    value[4:8] = (6).to_bytes(4, "little")
    ds.PixelData = bytes(value)
    with pytest.raises(BadPixelDataError, match=r"at offset 14: expected an Item \(FFFE,E000\)"):
        ds.pixel_array


def test_frame_count_mismatch():
    ds = _read("SC_rgb_rle_2frame.dcm")
    ds.NumberOfFrames = 3
    with pytest.raises(BadPixelDataError, match="the Basic Offset Table lists 2 frames but Number of Frames is 3"):
        ds.pixel_array
    ds = _read("SC_rgb_rle_2frame.dcm")
    ds.PixelData = encaps.encapsulate(_frames(ds), has_bot=False)
    ds.NumberOfFrames = 5
    with pytest.raises(BadPixelDataError, match="Number of Frames is 5 but encapsulated Pixel Data holds only 2 "
                                                "fragments"):
        ds.pixel_array


@pytest.mark.parametrize("name,keyword,value,message", [
    ("MR_small_jp2klossless.dcm", "Rows", 65, r"the codec decoded 64 rows x 64 columns x 1 samples but the dataset "
                                              r"says 65 x 64 x 1"),
    ("SC_rgb_jpeg_gdcm.dcm", "Columns", 3, "the codec decoded 100 rows x 100 columns x 3 samples but the dataset "
                                           "says 100 x 3 x 3"),
    ("SC_rgb_jpeg_gdcm.dcm", "SamplesPerPixel", 1, "x 3 samples but the dataset says 100 x 100 x 1"),
    ("MR_small_jp2klossless.dcm", "BitsAllocated", 8, "the codec decoded 16-bit samples up to \\d+ but Bits "
                                                      "Allocated is 8"),
    ("MR_small_RLE.dcm", "Rows", 100, "RLE Lossless frame 0 \\(fragment item at offset 1528\\): segment 0 decodes "
                                      "to 4096 bytes, 6400 expected"),
    ("MR_small_RLE.dcm", "BitsAllocated", 8, "the header lists 2 segments but 1 samples of 8 bits need 1"),
    ("MR_small_RLE.dcm", "Columns", 60000, "bytes cannot hold 64 x 60000 pixels"),
])
def test_image_attributes_disagreeing_with_the_data(name, keyword, value, message, codecs):
    ds = _read(name)
    setattr(ds, keyword, value)
    with pytest.raises(BadPixelDataError, match=message) as info:
        ds.pixel_array
    assert "frame 0" in str(info.value) and "offset" in str(info.value)
    ds = _read(name)
    setattr(ds, keyword, value)
    with pytest.raises(BadPixelDataError):
        ds.decompress()
    assert ds.file_meta.TransferSyntaxUID.is_encapsulated  # nothing changed


def test_fragments_under_a_native_transfer_syntax():
    data = Path(pydicom_test_file("MR_small_RLE.dcm")).read_bytes()
    ds = dicomconstruct.dcmread(io.BytesIO(data))
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
    with pytest.raises(BadPixelDataError, match=r"Pixel Data is encapsulated \(undefined length, PS3.5 A.4\) but the "
                                                r"File Meta Information gives Explicit VR Little Endian"):
        ds.pixel_array


def test_no_fragments():
    ds = _read("MR_small_RLE.dcm")
    ds.PixelData = encaps.encapsulate([])
    with pytest.raises(BadPixelDataError, match="holds no fragments"):
        ds.pixel_array


_spec = importlib.util.spec_from_file_location("fuzz", Path(__file__).parent.parent / "tools" / "fuzz.py")
fuzz = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz)
COMPRESSED_BLOBS = {name: Path(pydicom_test_file(name)).read_bytes() for name in (
    "MR_small_RLE.dcm", "SC_rgb_rle_2frame.dcm", "rtdose_rle.dcm", "MR_small_jpeg_ls_lossless.dcm",
    "MR_small_jp2klossless.dcm", "SC_rgb_jpeg_gdcm.dcm", "SC_rgb_dcmtk_+eb+cy+s2.dcm", "JPGExtended.dcm")}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(COMPRESSED_BLOBS)), mutation=st.sampled_from(sorted(fuzz.MUTATIONS)),
       seed=st.integers(0, 2 ** 32 - 1))
def test_mutated_compressed_files_decode_or_fail_clearly(name, mutation, seed, codecs):
    data = fuzz.MUTATIONS[mutation](COMPRESSED_BLOBS[name], random.Random(seed))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fuzz.exercise_pixels(data)
        except InvalidDicomError:
            pass
        except (ValueError, NotImplementedError) as exc:
            assert fuzz._ours(exc), exc  # raised by dicomconstruct about a bad value, not by numpy or a codec
