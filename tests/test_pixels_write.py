"""Writing pixel data: decompress, compress and set_pixel_data, judged by pydicom, DCMTK and GDCM."""

from __future__ import annotations

import io
import os
import subprocess
import warnings

import pytest

np = pytest.importorskip("numpy")

import pydicom  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import dicomconstruct  # noqa: E402
from dicomconstruct import encaps, uid  # noqa: E402
from dicomconstruct.pixels.image import ImageInfo  # noqa: E402
from dicomconstruct.pixels.rle import rle_decode_frame, rle_encode_frame  # noqa: E402
from tests.corpus import pixel_files_by_pydicom, pydicom_test_file  # noqa: E402
from tests.tools_required import require_module, require_tool  # noqa: E402

LOSSY = {"1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51"}
COMPRESSED, _ = pixel_files_by_pydicom("**/*.dcm", lambda ds: ds.file_meta.TransferSyntaxUID.is_compressed)
#: Tags decompress/compress may change; every other element must stay as read.
CHANGED = {0x00280004, 0x00280006, 0x00280008, 0x7FE00001, 0x7FE00002, 0x7FE00010, 0x00282110, 0x00282112,
           0x00282114, 0x00080018}
#: Native files to compress: grey 16-bit signed and unsigned, RGB 8-bit, YBR_FULL_422, 15 frames of 32 bits.
NATIVE = ["CT_small.dcm", "MR_small.dcm", "examples_rgb_color.dcm", "SC_ybr_full_422_uncompressed.dcm",
          "rtdose.dcm", "examples_palette.dcm"]


def _pydicom_read(data, pixels: bool = True):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = pydicom.dcmread(io.BytesIO(data) if isinstance(data, bytes) else data)
        return ds, ds.pixel_array if pixels else None


def _saved(ds) -> bytes:
    out = io.BytesIO()
    ds.save_as(out)
    return out.getvalue()


def _assert_others_unchanged(before: bytes, after: bytes):
    """Every element outside CHANGED has the same VR and value in both files (read by pydicom)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        old = pydicom.dcmread(io.BytesIO(before), stop_before_pixels=False)
        new = pydicom.dcmread(io.BytesIO(after), stop_before_pixels=False)
    kept = [t for t in old.keys() if t not in CHANGED and t.element != 0]  # group lengths are recomputed
    assert kept and [t for t in new.keys() if t not in CHANGED and t.element != 0] == kept
    for tag in kept:
        assert old[tag].VR == new[tag].VR and old[tag].value == new[tag].value, tag
    meta_old = {t: e.value for t, e in old.file_meta.items() if t not in (0x00020010, 0x00020000, 0x00020003)}
    meta_new = {t: e.value for t, e in new.file_meta.items() if t not in (0x00020010, 0x00020000, 0x00020003)}
    assert meta_old == meta_new


def _dcmdump_clean(path):
    out = subprocess.run([require_tool("dcmdump"), "+E", str(path)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "E:" not in out.stderr and "W:" not in out.stderr, out.stderr


@pytest.fixture(scope="module")
def codecs():
    return require_module("imagecodecs", 'the pixels extra: pip install "dicomconstruct[pixels]"')


# --- decompress ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", COMPRESSED, ids=os.path.basename)
def test_decompress_then_save_pydicom_reads_the_same_array(path, tmp_path, codecs):
    with open(path, "rb") as f:
        before = f.read()
    ds = dicomconstruct.dcmread(io.BytesIO(before))
    expected = ds.pixel_array
    sop = ds.get("SOPInstanceUID")
    ds.decompress()
    assert ds.file_meta.TransferSyntaxUID == uid.ExplicitVRLittleEndian
    after = _saved(ds)
    read, arr = _pydicom_read(after)
    assert read.file_meta.TransferSyntaxUID == uid.ExplicitVRLittleEndian
    assert read["PixelData"].VR == ("OB" if ds.BitsAllocated <= 8 else "OW")
    assert arr.shape == expected.shape and arr.dtype == expected.dtype
    assert np.array_equal(arr, expected)
    _assert_others_unchanged(before, after)
    converted = str(pydicom.dcmread(io.BytesIO(before), stop_before_pixels=True).get(
        "PhotometricInterpretation", "")).startswith("YBR_FULL")
    assert (ds.get("SOPInstanceUID") == sop) == (not converted or ds.SamplesPerPixel == 1)
    target = tmp_path / "native.dcm"
    target.write_bytes(after)
    _dcmdump_clean(target)


def test_decompress_refuses_native_data():
    ds = dicomconstruct.dcmread(pydicom_test_file("CT_small.dcm"))
    with pytest.raises(ValueError, match="already uncompressed"):
        ds.decompress()


def test_decompress_keeps_ybr_when_as_rgb_is_false(codecs):
    ds = dicomconstruct.dcmread(pydicom_test_file("SC_rgb_dcmtk_+eb+cy+n1.dcm"))  # JPEG baseline, YBR_FULL
    ybr = dicomconstruct.pixels.pixel_array(ds, as_rgb=False)
    ds.decompress(as_rgb=False)
    assert ds.PhotometricInterpretation == "YBR_FULL"
    _, arr = _pydicom_read(_saved(ds))
    assert np.array_equal(dicomconstruct.pixels.pixel_array(ds, as_rgb=False), ybr)
    assert np.abs(arr.astype(int) - dicomconstruct.pixels.convert_color_space(ybr, "YBR_FULL", "RGB")).max() <= 1


# --- compress -----------------------------------------------------------------------------------------------


def _compressed(name, syntax, **kwargs):
    path = pydicom_test_file(name)
    with open(path, "rb") as f:
        before = f.read()
    ds = dicomconstruct.dcmread(io.BytesIO(before))
    expected = ds.pixel_array
    ds.compress(syntax, **kwargs)
    return before, ds, expected, _saved(ds)


@pytest.mark.parametrize("name", NATIVE)
def test_compress_rle_pydicom_decodes_and_dcmdrle_accepts(name, tmp_path):
    before, ds, expected, after = _compressed(name, uid.RLELossless)
    read, arr = _pydicom_read(after)
    assert read.file_meta.TransferSyntaxUID == uid.RLELossless and read["PixelData"].is_undefined_length
    assert np.array_equal(arr, expected) and arr.dtype == expected.dtype
    frames = int(read.get("NumberOfFrames") or 1)
    assert encaps.get_nr_fragments(read.PixelData) == frames  # one fragment per frame
    offsets = encaps.parse_basic_offsets(read.PixelData)
    assert len(offsets) == frames and offsets[0] == 0 and offsets == sorted(offsets)
    if name != "SC_ybr_full_422_uncompressed.dcm":  # 4:2:2 is stored upsampled as YBR_FULL
        _assert_others_unchanged(before, after)
    source, target = tmp_path / "rle.dcm", tmp_path / "out.dcm"
    source.write_bytes(after)
    out = subprocess.run([require_tool("dcmdrle"), str(source), str(target)], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert np.array_equal(_pydicom_read(target.read_bytes())[1], expected)


LOSSLESS_BY_JUDGE = [
    (uid.JPEGLSLossless, "dcmdjpls"),
    (uid.JPEG2000Lossless, "gdcmconv"),
    (uid.JPEGLosslessSV1, "gdcmconv"),
]


@pytest.mark.parametrize("name", ["CT_small.dcm", "MR_small.dcm", "examples_rgb_color.dcm"])
@pytest.mark.parametrize("syntax,judge", LOSSLESS_BY_JUDGE, ids=lambda v: getattr(v, "keyword", v))
def test_compress_lossless_codec_judged_by_dcmtk_or_gdcm_and_pydicom(name, syntax, judge, tmp_path, codecs):
    before, ds, expected, after = _compressed(name, syntax)
    read, arr = _pydicom_read(after)
    assert read.file_meta.TransferSyntaxUID == syntax
    assert np.array_equal(arr, expected) and arr.dtype == expected.dtype
    assert ds.get("LossyImageCompression") is None
    source, target = tmp_path / "c.dcm", tmp_path / "out.dcm"
    source.write_bytes(after)
    command = [require_tool(judge), str(source), str(target)]
    if judge == "gdcmconv":
        command.insert(1, "--raw")
    out = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert np.array_equal(_pydicom_read(target.read_bytes())[1], expected)
    if ds.PhotometricInterpretation == "RGB" or ds.SamplesPerPixel == 1:
        _assert_others_unchanged(before, after)


@pytest.mark.parametrize("syntax", [uid.HTJ2KLossless, uid.HTJ2KLosslessRPCL, uid.JPEGLSNearLossless],
                         ids=lambda v: v.keyword)
def test_compress_other_lossless_syntaxes_round_trip(syntax, codecs):
    _, ds, expected, after = _compressed("CT_small.dcm", syntax)
    ours = dicomconstruct.dcmread(io.BytesIO(after)).pixel_array
    assert np.array_equal(ours, expected)
    assert ds.get("LossyImageCompression") is None  # near-lossless with error 0 is lossless


def test_compress_rgb_jpeg2000_lossless_writes_ybr_rct(codecs):
    _, ds, expected, after = _compressed("examples_rgb_color.dcm", uid.JPEG2000Lossless)
    assert ds.PhotometricInterpretation == "YBR_RCT"
    assert np.array_equal(_pydicom_read(after)[1], expected)


@pytest.mark.parametrize("syntax,kwargs,method,bound", [
    (uid.JPEGBaseline8Bit, {"quality": 95}, "ISO_10918_1", 128),  # 4:2:2 chroma on a colour chart
    (uid.JPEGLSNearLossless, {"jls_error": 3}, "ISO_14495_1", 3),
    (uid.JPEG2000, {"j2k_psnr": [45]}, "ISO_15444_1", 40),
], ids=["jpeg", "jpegls", "j2k"])
def test_compress_lossy_sets_lossy_attributes_and_a_new_instance_uid(syntax, kwargs, method, bound, codecs):
    original = dicomconstruct.dcmread(pydicom_test_file("examples_rgb_color.dcm"))
    _, ds, expected, after = _compressed("examples_rgb_color.dcm", syntax, **kwargs)
    read, arr = _pydicom_read(after)
    assert read.LossyImageCompression == "01"
    assert read.LossyImageCompressionMethod == method
    assert float(read.LossyImageCompressionRatio) > 1
    assert read.SOPInstanceUID != original.SOPInstanceUID
    assert read.SOPInstanceUID == read.file_meta.MediaStorageSOPInstanceUID
    difference = np.abs(arr.astype(int) - expected.astype(int))
    assert 0 < difference.max() <= bound and difference.mean() < 3
    if syntax == uid.JPEGBaseline8Bit:
        assert read.PhotometricInterpretation == "YBR_FULL_422"


def test_compress_with_extended_offset_table_multi_frame():
    _, ds, expected, after = _compressed("rtdose.dcm", uid.RLELossless, encapsulate_ext=True)
    read, arr = _pydicom_read(after)
    assert np.array_equal(arr, expected)
    offsets = np.frombuffer(read.ExtendedOffsetTable, "<u8")
    lengths = np.frombuffer(read.ExtendedOffsetTableLengths, "<u8")
    assert len(offsets) == len(lengths) == 15 and offsets[0] == 0
    assert encaps.parse_basic_offsets(read.PixelData) == []
    assert np.array_equal(dicomconstruct.pixels.pixel_array(io.BytesIO(after), index=14), expected[14])


def test_compress_a_given_array_and_refusals():
    ds = dicomconstruct.dcmread(pydicom_test_file("CT_small.dcm"))
    arr = (ds.pixel_array // 2).astype(ds.pixel_array.dtype)
    ds.compress(uid.RLELossless, arr)
    assert np.array_equal(_pydicom_read(_saved(ds))[1], arr)
    with pytest.raises(ValueError, match="Only uncompressed datasets"):
        ds.compress(uid.RLELossless)
    fresh = dicomconstruct.dcmread(pydicom_test_file("CT_small.dcm"))
    with pytest.raises(ValueError, match=r"shape \(64, 64\) does not match the dataset: 1 frames of 128 rows"):
        fresh.compress(uid.RLELossless, np.zeros((64, 64), "i2"))
    with pytest.raises(ValueError, match="dtype uint8 does not match Bits Allocated 16"):
        fresh.compress(uid.RLELossless, np.zeros((128, 128), "u1"))
    with pytest.raises(ValueError, match="not a compressed transfer syntax"):
        fresh.compress(uid.ExplicitVRLittleEndian)
    with pytest.raises(NotImplementedError, match="MPEG2"):
        fresh.compress(uid.MPEG2MPML)


# --- set_pixel_data -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape,dtype,photometric,bits", [
    ((5, 7), "u1", "MONOCHROME2", 8),
    ((3, 5, 7), "i2", "MONOCHROME1", 12),
    ((5, 7, 3), "u1", "RGB", 8),
    ((2, 4, 6, 3), "u1", "YBR_FULL_422", 8),
    ((2, 4, 6, 3), "u2", "YBR_FULL", 16),
    ((3, 8, 9), "bool", "MONOCHROME2", 1),
])
def test_set_pixel_data_matches_pydicoms(shape, dtype, photometric, bits):
    rng = np.random.default_rng(7)
    if dtype == "bool":
        arr = rng.integers(0, 2, shape).astype(bool)
    else:
        info = np.iinfo(dtype)
        low, high = (0, 2 ** bits - 1) if info.min == 0 else (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
        arr = rng.integers(low, high + 1, shape).astype(dtype)
    ours = dicomconstruct.dcmread(pydicom_test_file("CT_small.dcm"))
    theirs = pydicom.dcmread(pydicom_test_file("CT_small.dcm"))
    ours.set_pixel_data(arr, photometric, bits, generate_instance_uid=False)
    if dtype == "bool":  # pydicom 3.0 refuses bool arrays (3.1 packs them): its pack_bits is the reference
        from pydicom.pixels import pack_bits

        theirs.set_pixel_data(arr.astype("u1"), photometric, 8, generate_instance_uid=False)
        theirs.PixelData = pack_bits(arr)
        theirs.BitsAllocated, theirs.BitsStored, theirs.HighBit = 1, 1, 0
        theirs["PixelData"].VR = "OB"
    else:
        theirs.set_pixel_data(arr, photometric, bits, generate_instance_uid=False)
    read, _ = _pydicom_read(_saved(ours), pixels=False)
    keywords = ["Rows", "Columns", "SamplesPerPixel", "PhotometricInterpretation", "BitsAllocated", "BitsStored",
                "HighBit", "PixelRepresentation", "PlanarConfiguration", "NumberOfFrames", "SOPInstanceUID"]
    for keyword in keywords:
        assert read.get(keyword) == theirs.get(keyword), keyword
    assert read.PixelData == theirs.PixelData
    assert read["PixelData"].VR == theirs["PixelData"].VR
    if dtype == "bool":
        assert np.array_equal(ours.pixel_array, arr.astype("u1"))
    elif not (photometric.startswith("YBR") and bits > 8):  # pydicom converts only 8-bit YBR
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert np.array_equal(read.pixel_array, theirs.pixel_array)
        assert np.array_equal(ours.pixel_array, theirs.pixel_array)


def test_set_pixel_data_refusals_and_new_uid():
    ds = dicomconstruct.dcmread(pydicom_test_file("CT_small.dcm"))
    sop = ds.SOPInstanceUID
    with pytest.raises(ValueError, match="Unsupported ndarray dtype 'float32'"):
        ds.set_pixel_data(np.zeros((4, 4), "f4"), "MONOCHROME2", 8)
    with pytest.raises(ValueError, match=r"range of values in the ndarray \[0, 300\]"):
        ds.set_pixel_data(np.array([[0, 300]], "u2"), "MONOCHROME2", 8)
    with pytest.raises(ValueError, match="Unsupported 'photometric_interpretation' value 'CMYK'"):
        ds.set_pixel_data(np.zeros((4, 4), "u1"), "CMYK", 8)
    with pytest.raises(ValueError, match=r"must have shape \(rows, columns, 3\)"):
        ds.set_pixel_data(np.zeros((4, 4, 2), "u1"), "RGB", 8)
    assert ds.SOPInstanceUID == sop
    ds.set_pixel_data(np.zeros((4, 4), "u1"), "MONOCHROME2", 8)
    assert ds.SOPInstanceUID != sop and ds.SOPInstanceUID == ds.file_meta.MediaStorageSOPInstanceUID


def test_set_pixel_data_on_compressed_dataset_goes_native(codecs):
    ds = dicomconstruct.dcmread(pydicom_test_file("JPEG2000.dcm"))
    ds.set_pixel_data(np.arange(12, dtype="u2").reshape(3, 4), "MONOCHROME2", 12)
    assert ds.file_meta.TransferSyntaxUID == uid.ExplicitVRLittleEndian
    assert np.array_equal(_pydicom_read(_saved(ds))[1], np.arange(12).reshape(3, 4))


# --- RLE encoder (PS3.5 annex G) ----------------------------------------------------------------------------


def _info(rows, columns, samples, bits, signed=False):
    return ImageInfo(tag=0x7FE00010, rows=rows, columns=columns, samples=samples, frames=1, bits_allocated=bits,
                     bits_stored=bits, signed=signed, planar=0, photometric="RGB" if samples == 3 else "MONOCHROME2",
                     float_type=None, little_endian=True, transfer_syntax=uid.RLELossless)


@st.composite
def _frames(draw):
    rows = draw(st.integers(1, 6))
    columns = draw(st.sampled_from([1, 2, 3, 127, 128, 129, 130, 257, 300]))
    samples = draw(st.sampled_from([1, 3]))
    dtype = draw(st.sampled_from(["u1", "<u2", "<i2", "<u4"]))
    size = rows * columns * samples * np.dtype(dtype).itemsize
    seed = draw(st.integers(0, 2 ** 32 - 1))
    rng = np.random.default_rng(seed)
    data = rng.integers(0, 256, size, dtype="u1")
    if draw(st.booleans()):  # long runs, broken at random places
        data = np.repeat(data[: max(1, size // 50)], 50)[:size]
        if data.size < size:
            data = np.concatenate([data, np.zeros(size - data.size, "u1")])
    return data.view(dtype).reshape(rows, columns, samples)


@settings(max_examples=60, deadline=None)
@given(_frames())
def test_rle_encoder_is_decoded_by_pydicom_and_here(frame):
    from pydicom.pixels.decoders.rle import _rle_decode_frame

    rows, columns, samples = frame.shape
    bits = frame.dtype.itemsize * 8
    encoded = rle_encode_frame(np, frame, bits)
    assert len(encoded) % 2 == 0
    info = _info(rows, columns, samples, bits, frame.dtype.kind == "i")
    assert np.array_equal(rle_decode_frame(np, info, encoded), frame)
    decoded = bytes(_rle_decode_frame(encoded, rows, columns, samples, bits))
    # pydicom's own decoder gives little-endian samples, one colour plane after the other
    assert decoded == np.ascontiguousarray(frame.transpose(2, 0, 1)).astype(frame.dtype.newbyteorder("<")).tobytes()


# --- JPEG XL (beyond pydicom 3.0: Supplement 232) -------------------------------------------------------------


@pytest.mark.parametrize("name", ["CT_small.dcm", "examples_rgb_color.dcm"])
def test_jpeg_xl_lossless_round_trip_and_lossy_attributes(name, codecs):
    _, ds, expected, after = _compressed(name, uid.JPEGXLLossless)
    read = dicomconstruct.dcmread(io.BytesIO(after))
    assert read.file_meta.TransferSyntaxUID == uid.JPEGXLLossless and read.file_meta.TransferSyntaxUID.is_encapsulated
    assert encaps.get_nr_fragments(read.PixelData) == 1
    decoded = read.pixel_array
    assert decoded.dtype == expected.dtype and np.array_equal(decoded, expected)
    assert ds.get("LossyImageCompression") is None
    _, ds, expected, after = _compressed(name, uid.JPEGXL, jxl_distance=1.0)
    decoded = dicomconstruct.dcmread(io.BytesIO(after)).pixel_array
    assert decoded.shape == expected.shape and not np.array_equal(decoded, expected)
    assert ds.LossyImageCompression == "01" and ds.LossyImageCompressionMethod == "ISO_18181_1"
    with pytest.raises(ValueError, match="lossy JPEG XL needs jxl_distance"):
        dicomconstruct.dcmread(pydicom_test_file(name)).compress(uid.JPEGXL)


def test_htj2k_rpcl_codestream_has_rpcl_progression_and_tlm_markers(codecs):
    _, ds, expected, after = _compressed("CT_small.dcm", uid.HTJ2KLosslessRPCL)
    frame = next(encaps.generate_frames(dicomconstruct.dcmread(io.BytesIO(after)).PixelData))
    cod = frame.find(b"\xff\x52")  # COD marker segment: Lcod (2), Scod (1), then the progression order
    assert cod > 0 and frame[cod + 5] == 2  # RPCL (ITU-T T.800 table A.16)
    assert frame.find(b"\xff\x55") > 0  # TLM marker segment


def test_jpeg_lossless_other_predictor_is_decoded(codecs):
    """JPEG Lossless process 14 with selection value 6 (1.2.840.10008.1.2.4.57), made by libjpeg-turbo."""
    ds = dicomconstruct.dcmread(pydicom_test_file("MR_small.dcm"))
    native = ds.pixel_array
    frame = codecs.jpeg8_encode(native.view("u2"), lossless=True, predictor=6, bitspersample=16)
    ds.PixelData = encaps.encapsulate([bytes(frame)])
    ds["PixelData"].VR = "OB"
    ds.file_meta.TransferSyntaxUID = uid.JPEGLossless
    decoded = dicomconstruct.dcmread(io.BytesIO(_saved(ds))).pixel_array
    assert decoded.dtype == native.dtype and np.array_equal(decoded, native)


# --- frames of Pixel Data left in the file (defer_size) -------------------------------------------------------


def test_frame_of_deferred_pixel_data_reads_only_its_fragments(tmp_path, monkeypatch):
    from dicomconstruct.codec.source import FileRef

    ds = dicomconstruct.dcmread(pydicom_test_file("rtdose.dcm"))
    expected = ds.pixel_array
    ds.compress(uid.RLELossless)
    path = tmp_path / "rle.dcm"
    ds.save_as(path)
    reads = []
    original = FileRef.read

    def spy(self, offset, length, tag=None):
        reads.append(length)
        return original(self, offset, length, tag)

    monkeypatch.setattr(FileRef, "read", spy)
    deferred = dicomconstruct.dcmread(path, defer_size=64)
    assert np.array_equal(dicomconstruct.pixels.pixel_array(deferred, index=14), expected[14])
    frame_sizes = [len(f) for f in encaps.generate_frames(ds.PixelData, number_of_frames=15)]
    assert sum(reads) < 2 * frame_sizes[14] + 100  # the offset table and frame 14, not the 15 frames
    assert np.array_equal(deferred.pixel_array, expected)
    assert np.array_equal(np.stack(list(dicomconstruct.pixels.iter_pixels(deferred))), expected)
    # the value itself is still read on request, as stored
    assert deferred.PixelData == ds.PixelData


def test_deferred_pixel_data_of_a_changed_file_is_a_clear_error(tmp_path):
    from dicomconstruct.errors import SourceChangedError

    ds = dicomconstruct.dcmread(pydicom_test_file("rtdose.dcm"))
    ds.compress(uid.RLELossless)
    path = tmp_path / "rle.dcm"
    ds.save_as(path)
    deferred = dicomconstruct.dcmread(path, defer_size=64)
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(SourceChangedError, match="changed since it was read"):
        dicomconstruct.pixels.pixel_array(deferred, index=3)


@pytest.mark.parametrize("name", ["SC_rgb_jpeg_dcmtk.dcm", "SC_rgb_dcmtk_+eb+cy+s2.dcm"])
def test_jpeg_xl_jpeg_recompression_decodes_as_the_jpeg(name, codecs):
    """1.2.840.10008.1.2.4.111: a JPEG baseline frame recompressed by libjxl gives the JPEG's RGB pixels."""
    ds = dicomconstruct.dcmread(pydicom_test_file(name))
    expected = ds.pixel_array
    jpeg = next(encaps.generate_frames(ds.PixelData))
    ds.PixelData = encaps.encapsulate([bytes(codecs.jpegxl_encode_jpeg(jpeg))])
    ds.file_meta.TransferSyntaxUID = uid.JPEGXLJPEGRecompression
    decoded = dicomconstruct.dcmread(io.BytesIO(_saved(ds))).pixel_array
    assert decoded.shape == expected.shape and decoded.dtype == expected.dtype
    difference = np.abs(decoded.astype(int) - expected.astype(int))
    # two JPEG decoders (libjxl, libjpeg-turbo): IDCT rounding and chroma upsampling differ a little
    assert difference.max() <= 8 and difference.mean() < 0.5


def test_deferred_pixel_data_with_extended_offset_table(tmp_path):
    ds = dicomconstruct.dcmread(pydicom_test_file("rtdose.dcm"))
    expected = ds.pixel_array
    ds.compress(uid.RLELossless, encapsulate_ext=True)
    path = tmp_path / "eot.dcm"
    ds.save_as(path)
    deferred = dicomconstruct.dcmread(path, defer_size=64)
    for index in (0, 7, 14):
        assert np.array_equal(dicomconstruct.pixels.pixel_array(deferred, index=index), expected[index])
    deferred.decompress()
    assert 0x7FE00001 not in deferred and np.array_equal(_pydicom_read(_saved(deferred))[1], expected)
