"""Everything reachable after a successful read of garbage (force=True) ends in a value or an
InvalidDicomError: value conversion, str(), iteration, copies, pickling, writing in every encoding,
reading back what was written.  Plus regressions found by tools/fuzz.py (seed 11)."""

from __future__ import annotations

import copy
import importlib.util
import io
import pickle
import random
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import dicomconstruct
from dicomconstruct import config
from dicomconstruct.errors import DicomWarning, InvalidDicomError

from ._bytes import SOP, element, meta

_spec = importlib.util.spec_from_file_location("fuzz", Path(__file__).parent.parent / "tools" / "fuzz.py")
fuzz = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz)

FILES = {Path(f).name: f for f in fuzz.corpus_files()}
pytestmark = pytest.mark.skipif(len(FILES) < 50, reason="pydicom's test files are needed")


def mutated(name: str, spec: str) -> bytes:
    mutation, seed = spec.split(":")
    return fuzz.MUTATIONS[mutation](Path(FILES[name]).read_bytes(), random.Random(int(seed)))


def use_everything(data: bytes):
    """What a user may do with a dataset read with force=True; returns it."""
    ds = dicomconstruct.dcmread(io.BytesIO(data), force=True)
    for elem in ds.iterall():
        value = elem.value
        repr(elem), elem.VM, elem.name, elem.keyword, elem.is_empty
        for method in ("to_date", "to_time", "to_datetime"):
            if hasattr(value, method):
                try:
                    getattr(value, method)()
                except ValueError:  # documented: a malformed DA/TM/DT text
                    pass
    for elem in ds.file_meta:
        repr(elem)
    str(ds), ds.top(), list(ds.formatted_lines())
    assert copy.deepcopy(ds) == ds
    pickle.loads(pickle.dumps(ds))
    out = io.BytesIO()
    ds.save_as(out)
    str(dicomconstruct.dcmread(io.BytesIO(out.getvalue()), force=True))
    meta = getattr(ds, "file_meta", None)
    for implicit_vr, little_endian, syntax in (
        (True, True, "1.2.840.10008.1.2"), (False, True, "1.2.840.10008.1.2.1"), (False, False, "1.2.840.10008.1.2.2")
    ):
        if meta is not None and "TransferSyntaxUID" in meta:  # the arguments must agree with it
            meta.add_new(0x00020010, "UI", syntax)
        dicomconstruct.dcmwrite(io.BytesIO(), ds, implicit_vr=implicit_vr, little_endian=little_endian)
    return ds


def value_or_invalid(data: bytes) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            use_everything(data)
        except InvalidDicomError:
            pass


# -- regressions from `python3 tools/fuzz.py --cases 3000 --seed 11` --------------------------------

@pytest.mark.parametrize(
    "name, spec",
    [
        ("chrH31.dcm", "wrong_vr:3906967426"),  # RecursionError: (0008,0005) given VR LO
        ("reportsi.dcm", "huge_length:1875938705"),  # NUL inside a Specific Character Set term
        ("chrArab.dcm", "huge_length:2205232159"),
        ("SC_rgb_rle.dcm", "flip_bytes:2805993671"),
        ("SC_rgb_rle_32bit.dcm", "flip_bytes:3734939370"),  # group 0002 elements in the data set
        ("rtplan.dcm", "delete_chunk:792517070"),
        ("chrX2.dcm", "delete_chunk:2966125692"),
    ],
)
def test_fuzz_regressions_end_in_value_or_invalid(name, spec):
    value_or_invalid(mutated(name, spec))


def test_specific_character_set_with_a_text_vr_decodes_without_recursion():
    data = meta() + element(0x00080005, "LO", b"ISO_IR 100") + SOP + element(0x00100010, "PN", b"Buc^J\xe9r\xf4me")
    ds = dicomconstruct.dcmread(io.BytesIO(data))
    assert ds.SpecificCharacterSet == "ISO_IR 100"
    assert ds.PatientName == "Buc^Jérôme"


@pytest.mark.parametrize("term", [b"ISO\0IR 100", b"IS\0O_IR 100", b"ISO_IR\0100\0\0"])
def test_nul_in_specific_character_set_decodes_with_best_match_and_warning(term):
    data = meta() + element(0x00080005, "CS", term) + SOP + element(0x00100010, "PN", b"Buc^J\xe9r\xf4me")
    ds = dicomconstruct.dcmread(io.BytesIO(data))
    with pytest.warns(DicomWarning, match="(0008,0005)"):
        name = str(ds.PatientName)
    assert name in ("Buc^Jérôme", "Buc^J\ufffdr\ufffdme")


def test_nul_in_specific_character_set_is_an_error_in_strict_mode():
    data = meta() + element(0x00080005, "CS", b"ISO\0IR 100") + SOP + element(0x00100010, "PN", b"Buc^J\xe9r\xf4me")
    ds = dicomconstruct.dcmread(io.BytesIO(data))
    with config.limits(strict=True), pytest.raises(InvalidDicomError, match=r"\(0008,0005\)"):
        ds.PatientName


@pytest.mark.parametrize("term", ["idna", "punycode", "utf_16", "undefined", "hex_codec"])
def test_python_codecs_that_cannot_stand_for_a_character_set_are_refused(term):
    data = meta() + element(0x00080005, "CS", term.encode() + b" " * (len(term) % 2)) + SOP + element(
        0x00100010, "PN", b"Buc^J\xe9r\xf4me")
    ds = dicomconstruct.dcmread(io.BytesIO(data))
    with pytest.warns(DicomWarning, match="Unknown encoding"):
        name = str(ds.PatientName)
    assert name == "Buc^Jérôme"  # default repertoire, bytes beyond ASCII read as ISO 8859-1 (as pydicom)
    value_or_invalid(data)


GROUP_2 = element(0x00020013, "SH", b"ODD ")
MISPLACED = meta() + element(0x00080005, "CS", b"ISO_IR 100") + SOP + element(0x00100010, "PN", b"A^B ") + GROUP_2


def test_group_0002_read_inside_the_data_set_is_written_as_read():
    # A (0002,eeee) element after the File Meta group, as in damaged files (a flipped tag byte)
    ds = dicomconstruct.dcmread(io.BytesIO(MISPLACED))
    assert ds[0x00020013].value == "ODD"
    out = io.BytesIO()
    ds.save_as(out)
    written = out.getvalue()
    assert GROUP_2 in written  # its bytes as read
    assert written.replace(GROUP_2, b"") == MISPLACED.replace(GROUP_2, b"")  # nothing else changed
    again = dicomconstruct.dcmread(io.BytesIO(written))
    assert again.file_meta[0x00020013].value == "ODD"  # written in tag order, it joins the File Meta group


def test_group_0002_added_to_the_data_set_is_refused():
    ds = dicomconstruct.dcmread(io.BytesIO(MISPLACED))
    ds[0x00020013].value = "NEW"
    with pytest.raises(ValueError, match=r"\(0002, ?0013\)"):
        ds.save_as(io.BytesIO())


def test_group_0002_inside_the_data_set_refused_by_enforce_file_format_before_any_byte():
    ds = dicomconstruct.dcmread(io.BytesIO(MISPLACED))

    class Recorder:
        def write(self, chunk):
            raise AssertionError("nothing may be written")

    with pytest.raises(ValueError, match=r"\(0002, ?0013\)"):
        dicomconstruct.dcmwrite(Recorder(), ds, enforce_file_format=True)


def test_save_as_over_the_file_it_was_read_from(tmp_path):
    path = tmp_path / "ct.dcm"
    path.write_bytes(Path(dicomconstruct.data.get_testdata_file("CT_small.dcm")).read_bytes())
    ds = dicomconstruct.dcmread(path)  # memory-mapped: the new file must not clobber it while writing
    ds.PatientName = "Other^Name"
    ds.save_as(path)
    again = dicomconstruct.dcmread(path)
    assert again.PatientName == "Other^Name"
    assert again.PixelData == dicomconstruct.dcmread(dicomconstruct.data.get_testdata_file("CT_small.dcm")).PixelData


# -- property: mutated files, everything used ------------------------------------------------------

SMALL = sorted(
    n for n in FILES
    if n in {"CT_small.dcm", "MR_small_bigendian.dcm", "image_dfl.dcm", "rtplan.dcm", "nested_priv_SQ.dcm",
             "UN_sequence.dcm", "JPEG2000.dcm", "chrSQEncoding.dcm", "chrH31.dcm", "chrX1.dcm", "badVR.dcm",
             "reportsi.dcm", "ExplVR_BigEndNoMeta.dcm", "no_meta.dcm", "SC_rgb_rle.dcm"}
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(SMALL), mutation=st.sampled_from(sorted(fuzz.MUTATIONS)), seed=st.integers(0, 2**32 - 1))
def test_everything_after_reading_a_mutated_file_ends_in_value_or_invalid(name, mutation, seed):
    value_or_invalid(fuzz.MUTATIONS[mutation](Path(FILES[name]).read_bytes(), random.Random(seed)))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(SMALL), mutation=st.sampled_from(sorted(fuzz.MUTATIONS)), seed=st.integers(0, 2**32 - 1))
def test_strict_mode_ends_in_value_or_invalid_too(name, mutation, seed):
    with config.limits(strict=True):
        value_or_invalid(fuzz.MUTATIONS[mutation](Path(FILES[name]).read_bytes(), random.Random(seed)))


def test_truncated_element_written_in_tag_order_does_not_swallow_the_next_ones():
    # A garbage tail after Pixel Data parses as (0009,1010) OB claiming 1000 bytes, 4 present.
    # Written in tag order it comes before Pixel Data: its header must say 4 bytes, or a reader
    # of the new file loses every element after it.  (Codec layer: codec/writer.py _Encoder.element
    # copies raw.header of a truncated element.)
    pixels = element(0x7FE00010, "OW", b"\x01\x02\x03\x04")
    tail = element(0x00091010, "OB", b"abcd", 1000)
    data = meta() + element(0x00080005, "CS", b"ISO_IR 100") + SOP + pixels + tail
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = dicomconstruct.dcmread(io.BytesIO(data))
        out = io.BytesIO()
        ds.save_as(out)
        again = dicomconstruct.dcmread(io.BytesIO(out.getvalue()))
    assert again.PixelData == b"\x01\x02\x03\x04"
    assert again[0x00091010].value == b"abcd"
