"""pydicom 3's deprecated pixel data handlers (use_v2_backend) and pixel_array_options, compared with pydicom."""

from __future__ import annotations

import warnings

import pytest

np = pytest.importorskip("numpy")

import pydicom  # noqa: E402
import pydicom.config  # noqa: E402

import dicomconstruct  # noqa: E402
from dicomconstruct import config  # noqa: E402
from dicomconstruct.pixel_data_handlers import rle_handler  # noqa: E402
from dicomconstruct.pixels import utils  # noqa: E402
from tests.corpus import pydicom_test_file  # noqa: E402
from tests.tools_required import require_module  # noqa: E402


@pytest.fixture
def handlers(monkeypatch):
    """Set ``config.pixel_data_handlers`` for one test (restored afterwards)."""
    def use(*names):
        monkeypatch.setattr(config, "pixel_data_handlers", [getattr(config, n) for n in names], raising=False)
    return use


def _v2(module, path, handler):
    """pixel_array with the v2 backend and the same handler in ``module`` (dicomconstruct or pydicom)."""
    ds = module.dcmread(path)
    ds.pixel_array_options(use_v2_backend=True)
    if module is pydicom:
        saved = pydicom.config.pixel_data_handlers
        pydicom.config.pixel_data_handlers = [getattr(pydicom.config, handler)]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return ds.pixel_array
        finally:
            pydicom.config.pixel_data_handlers = saved
    return ds.pixel_array


CASES = [
    ("np_handler", "CT_small.dcm"),
    ("np_handler", "SC_rgb_small_odd.dcm"),
    ("np_handler", "SC_ybr_full_422_uncompressed.dcm"),
    ("np_handler", "liver_1frame.dcm"),  # Bits Allocated 1
    ("np_handler", "liver_expb_1frame.dcm"),  # big endian
    ("np_handler", "SC_rgb_small_odd_big_endian.dcm"),
    ("np_handler", "MR_small_expb.dcm"),
    ("rle_handler", "SC_rgb_rle_2frame.dcm"),
    ("rle_handler", "SC_rgb_rle_32bit.dcm"),
    ("rle_handler", "rtdose_rle.dcm"),
    ("pylibjpeg_handler", "JPEG2000.dcm"),
    ("pylibjpeg_handler", "MR_small_jpeg_ls_lossless.dcm"),
    ("pylibjpeg_handler", "SC_rgb_rle_16bit_2frame.dcm"),
    ("gdcm_handler", "MR_small_jp2klossless.dcm"),
    ("gdcm_handler", "SC_rgb_jpeg_gdcm.dcm"),
]


@pytest.mark.parametrize("handler, name", CASES)
def test_v2_backend_equals_pydicoms(handlers, handler, name):
    if handler == "pylibjpeg_handler":
        require_module("pylibjpeg", "pylibjpeg (pip install pylibjpeg pylibjpeg-libjpeg)")
    if handler == "gdcm_handler":
        require_module("gdcm", "python-gdcm (pip install python-gdcm)")
    handlers(handler)
    path = pydicom_test_file(name)
    ours, theirs = _v2(dicomconstruct, path, handler), _v2(pydicom, path, handler)
    assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
    assert np.array_equal(ours, theirs)


def test_no_handler_for_the_syntax_and_missing_dependencies(handlers, monkeypatch):
    ds = dicomconstruct.dcmread(pydicom_test_file("MR_small_RLE.dcm"))
    ds.pixel_array_options(use_v2_backend=True)
    handlers("np_handler")
    with pytest.raises(NotImplementedError, match=r"'1.2.840.10008.1.2.5' \(RLE Lossless\) as there are no pixel"):
        ds.pixel_array
    handlers("rle_handler")
    monkeypatch.setattr(rle_handler, "HAVE_RLE", False)
    monkeypatch.setattr(rle_handler, "DEPENDENCIES", {"no_such_module_x": ("", "NoSuch")})
    with pytest.raises(RuntimeError, match=r"missing required dependencies: RLE Lossless \(req. NoSuch\)"):
        ds.pixel_array


def test_numpy_handler_checks_the_image_pixel_module():
    from dicomconstruct.pixel_data_handlers.numpy_handler import get_pixeldata

    ds = dicomconstruct.dcmread(pydicom_test_file("CT_small.dcm"))
    del ds.Rows
    with pytest.raises(AttributeError, match="missing from the dataset: Rows"):
        get_pixeldata(ds)
    ds = dicomconstruct.dcmread(pydicom_test_file("CT_small.dcm"))
    ds.PixelData = ds.PixelData[:-2]
    with pytest.raises(ValueError, match=r"\(32766 bytes\) doesn't match the expected length \(32768 bytes\)"):
        get_pixeldata(ds)
    ds = dicomconstruct.dcmread(pydicom_test_file("rtplan.dcm"))
    ds.pixel_array_options(use_v2_backend=True)
    with pytest.raises(AttributeError, match="one of Pixel Data, Float Pixel Data or Double Float Pixel Data"):
        ds.pixel_array


def test_rle_frame_decoder_equals_pydicoms():
    from pydicom.encaps import generate_frames

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pydicom.pixel_data_handlers.rle_handler import _rle_decode_frame as theirs
    ds = pydicom.dcmread(pydicom_test_file("SC_rgb_rle_16bit_2frame.dcm"))
    for frame in generate_frames(ds.PixelData, number_of_frames=2):
        for order in (">", "<"):
            assert rle_handler._rle_decode_frame(frame, ds.Rows, ds.Columns, 3, 16, order) == theirs(
                frame, ds.Rows, ds.Columns, 3, 16, order)
    assert rle_handler._parse_rle_header(frame[:64]) == [64, *rle_handler._parse_rle_header(frame[:64])[1:]]
    with pytest.raises(ValueError, match="invalid number of segments"):
        rle_handler._parse_rle_header(b"\x10" + b"\x00" * 63)


def test_pixel_array_is_kept_until_a_shaping_element_changes():
    ds = dicomconstruct.dcmread(pydicom_test_file("CT_small.dcm"))
    first = ds.pixel_array
    assert ds.pixel_array is first
    ds.PixelData = bytes(len(ds.PixelData))
    assert ds.pixel_array is not first and not ds.pixel_array.any()
    ds.pixel_array_options(index=0)  # new options: decoded again
    assert ds.pixel_array.shape == (128, 128)


def test_pixel_array_options_index_of_a_multi_frame_file():
    ds = dicomconstruct.dcmread(pydicom_test_file("SC_rgb_rle_2frame.dcm"))
    every = ds.pixel_array
    ds.pixel_array_options(index=1)
    assert np.array_equal(ds.pixel_array, every[1])


def test_deprecated_util_names_warn_and_are_the_pixels_functions():
    import dicomconstruct.pixel_data_handlers as handlers_package
    import dicomconstruct.pixel_data_handlers.util as util

    with pytest.warns(DeprecationWarning, match="please use 'from dicomconstruct.pixels.utils import pixel_dtype'"):
        assert util.pixel_dtype is utils.pixel_dtype
    with pytest.warns(DeprecationWarning, match="please use 'from dicomconstruct.pixels import convert_color_space'"):
        assert handlers_package.convert_color_space is dicomconstruct.pixels.convert_color_space
    with pytest.warns(DeprecationWarning, match="'dtype_corrected_for_endianness' is deprecated"):
        corrected = util.dtype_corrected_for_endianness
    assert corrected(False, np.dtype("<u2")) == np.dtype(">u2")
    with pytest.raises(AttributeError):
        util.no_such_name  # noqa: B018


def test_pixels_utils_equal_pydicoms():
    from pydicom.pixels import utils as theirs

    for name in ("CT_small.dcm", "SC_rgb_rle_2frame.dcm", "liver_1frame.dcm", "SC_ybr_full_422_uncompressed.dcm"):
        ours_ds = dicomconstruct.dcmread(pydicom_test_file(name))
        their_ds = pydicom.dcmread(pydicom_test_file(name))
        assert utils.get_expected_length(ours_ds) == theirs.get_expected_length(their_ds)
        assert utils.get_expected_length(ours_ds, "pixels") == theirs.get_expected_length(their_ds, "pixels")
        assert utils.pixel_dtype(ours_ds) == theirs.pixel_dtype(their_ds)
    data = bytes(range(0, 256, 7))[:32]
    assert utils.expand_ybr422(data, 8) == theirs.expand_ybr422(data, 8)
    assert utils.expand_ybr422(data, 16) == theirs.expand_ybr422(data, 16)
    bits = np.array([1, 0, 1, 1, 0, 0, 0, 1, 1], dtype="u1")
    assert utils.pack_bits(bits) == theirs.pack_bits(bits)
    assert np.array_equal(utils.unpack_bits(b"\x8d\x01"), theirs.unpack_bits(b"\x8d\x01"))
    ds = pydicom.dcmread(pydicom_test_file("MR_small_jp2klossless.dcm"))
    frame = next(pydicom.encaps.generate_frames(ds.PixelData, number_of_frames=1))
    assert utils.get_j2k_parameters(frame) == theirs.get_j2k_parameters(frame)
    assert utils.get_j2k_parameters(b"\x00\x01") == {}
