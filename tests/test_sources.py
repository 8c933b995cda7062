"""Every kind of source, read without a memory map: deferred values, files changed after reading, fds.

The risky cases (a file truncated or rewritten after ``dcmread``) run in a subprocess, so that a
SIGBUS would fail the test instead of killing the test runner.
"""

from __future__ import annotations

import bz2
import gc
import gzip
import io
import lzma
import os
import struct
import subprocess
import sys
import textwrap
import threading
import zipfile

import pytest

import dicomconstruct
from dicomconstruct.codec import reader
from dicomconstruct.codec.source import DEFAULT_DEFER_SIZE, defer_size_in_bytes
from dicomconstruct.errors import InvalidDicomError, SourceChangedError

from ._bytes import SOP, element, meta

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PIXELS = bytes(range(256)) * 64  # 16 KiB
SMALL = (SOP + element(0x00100010, "PN", b"Doe^John") + element(0x00280010, "US", b"\x40\x00")
         + element(0x00280011, "US", b"\x80\x00"))
DATA = meta() + SMALL + element(0x7FE00010, "OW", PIXELS)


@pytest.fixture
def path(tmp_path):
    p = tmp_path / "f.dcm"
    p.write_bytes(DATA)
    return str(p)


def check(ds):
    assert str(ds.PatientName) == "Doe^John"
    assert ds.Rows == 64 and ds.Columns == 128
    assert ds.PixelData == PIXELS


# --- defer_size -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    (None, DEFAULT_DEFER_SIZE), (float("inf"), None), (0, 0), (1024, 1024), ("1024", 1024),
    ("512 KB", 512_000), ("2 MB", 2_000_000), ("1 GB", 10**9), ("1 KiB", 1024), ("2MiB", 2 * 2**20),
    (1.5e3, 1500),
])
def test_defer_size_accepts_pydicom_forms(text, expected):
    assert defer_size_in_bytes(text) == expected


@pytest.mark.parametrize("bad, error", [("12 parsecs", ValueError), ("KB", ValueError), (-1, ValueError),
                                        (True, TypeError), ([1], TypeError)])
def test_defer_size_rejects_what_is_not_a_size(bad, error):
    with pytest.raises(error, match="defer_size"):
        defer_size_in_bytes(bad)


def test_long_values_are_read_on_first_access(path):
    ds = dicomconstruct.dcmread(path, defer_size="1 KB")
    raw = ds._parsed.dataset[0x7FE00010]
    assert raw.value is None  # left in the file
    assert str(ds.PatientName) == "Doe^John"
    assert ds.PixelData == PIXELS
    assert bytes(raw.value) == PIXELS  # read once, kept


def test_short_values_and_default_defer_size_read_at_once(path):
    ds = dicomconstruct.dcmread(path)
    assert isinstance(ds._parsed.dataset[0x7FE00010].value, memoryview)
    check(ds)


def test_deferred_file_written_back_byte_for_byte(path, tmp_path):
    ds = dicomconstruct.dcmread(path, defer_size=1000)
    out = tmp_path / "out.dcm"
    ds.save_as(str(out))
    assert out.read_bytes() == DATA


def test_deferred_value_of_a_changed_file_is_an_error_naming_it(path):
    ds = dicomconstruct.dcmread(path, defer_size=1000)
    with open(path, "r+b") as f:  # same size, same inode: only the modification time tells
        f.seek(len(DATA) - 10)
        f.write(b"XXXXXXXXXX")
        os.utime(path, ns=(0, 12345))
    with pytest.raises(SourceChangedError, match="changed since it was read") as caught:
        ds.PixelData
    assert path in str(caught.value) and caught.value.tag == 0x7FE00010
    assert str(ds.PatientName) == "Doe^John"  # in memory: still the value read


def test_deferred_value_of_a_deleted_file_is_an_error(path):
    ds = dicomconstruct.dcmread(path, defer_size=1000)
    os.remove(path)
    with pytest.raises(SourceChangedError, match="cannot read the deferred value"):
        ds.PixelData


def test_file_objects_defer_too_and_stay_open(path):
    with open(path, "rb") as f:
        ds = dicomconstruct.dcmread(f, defer_size=1000)
        assert not f.closed
    assert ds._parsed.dataset[0x7FE00010].value is None
    check(ds)


def test_walk_leaves_sequences_and_undefined_lengths_to_the_parser(tmp_path):
    from ._bytes import item, sequence

    inner = element(0x00100020, "LO", b"ID" * 600)
    body = SOP + sequence(0x00081115, item(inner), undefined=False) + sequence(0x00081140, item(inner)) \
        + element(0x7FE00010, "OW", PIXELS)
    p = tmp_path / "s.dcm"
    p.write_bytes(meta() + body)
    ds = dicomconstruct.dcmread(str(p), defer_size=100)
    assert ds.ReferencedSeriesSequence[0].PatientID == "ID" * 600
    assert ds.ReferencedImageSequence[0].PatientID == "ID" * 600
    assert ds.PixelData == PIXELS


def test_never_defer_with_infinite_defer_size(path):
    ds = dicomconstruct.dcmread(path, defer_size=float("inf"))
    assert isinstance(ds._parsed.dataset[0x7FE00010].value, memoryview)


# --- files changed after dcmread: never a crash, never a silent change --------------------------------

_CHANGE_PROBE = textwrap.dedent(r"""
    import os, shutil, sys
    sys.path.insert(0, sys.argv[1])
    import dicomconstruct
    from dicomconstruct.errors import SourceChangedError
    path, how, defer = sys.argv[2], sys.argv[3], sys.argv[4]
    original = open(path, "rb").read()
    ds = dicomconstruct.dcmread(path, defer_size=int(defer))
    if how == "truncate":
        os.truncate(path, 200)
    elif how == "replace":
        with open(path + ".new", "wb") as f:
            f.write(original[:-100] + b"Z" * 100)
        os.replace(path + ".new", path)
    elif how == "overwrite":
        with open(path, "r+b") as f:
            f.write(b"\xff" * len(original))
        os.utime(path, ns=(1, 1))
    elif how == "save_over":
        try:
            with open(path, "wb") as f:  # empties the file before anything is written
                ds.save_as(f)
        except SourceChangedError as error:
            print("error", type(error).__name__)
            sys.exit(0)
    try:
        print(ds.PatientName, ds.Rows, ds.PixelData[-100:] == original[-100:])
    except SourceChangedError as error:
        print("error", type(error).__name__)
""")


@pytest.mark.parametrize("how", ["truncate", "replace", "overwrite", "save_over"])
@pytest.mark.parametrize("defer", [100, 10**9])
def test_changing_the_file_after_dcmread_never_kills_nor_changes_values(path, how, defer):
    out = subprocess.run([sys.executable, "-c", _CHANGE_PROBE, ROOT, path, how, str(defer)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr  # a SIGBUS would be -7
    if defer > len(DATA):
        # everything was read into memory: the values are those read
        assert out.stdout.split() == ["Doe^John", "64", "True"]
        if how == "save_over":
            assert open(path, "rb").read() == DATA
    else:
        # the Pixel Data was left in the file, which is no longer the one read: said, never guessed
        assert out.stdout.split() == ["error", "SourceChangedError"]


def test_mmap_is_an_explicit_option(path):
    ds = dicomconstruct.dcmread(path, mmap=True)
    import mmap

    assert isinstance(ds._parsed.source.data, mmap.mmap)
    check(ds)
    with dicomconstruct.dcmread(path) as ds:
        assert not isinstance(ds._parsed.source.data, mmap.mmap)
    with open(path, "rb") as f:
        ds = dicomconstruct.dcmread(f, mmap=True)
        assert isinstance(ds._parsed.source.data, mmap.mmap)
    check(ds)  # the map outlives the file object


# --- file descriptors ---------------------------------------------------------------------------------


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc/self/fd")
def test_a_thousand_live_datasets_hold_no_file_descriptor(path, tmp_path):
    big = tmp_path / "big.dcm"
    big.write_bytes(DATA)
    before = _open_fds()
    live = [dicomconstruct.dcmread(path) for _ in range(500)]
    live += [dicomconstruct.dcmread(str(big), defer_size=100) for _ in range(500)]
    live += [dicomconstruct.dcmread(path, stop_before_pixels=True) for _ in range(100)]
    assert _open_fds() == before
    assert all(ds.PixelData == PIXELS for ds in live[:1000])
    assert _open_fds() == before
    with dicomconstruct.dcmread(path, mmap=True) as ds:
        check(ds)
    del ds, live  # a map (and the descriptor it keeps) goes with the last value slice of it
    gc.collect()
    assert _open_fds() == before


# --- every kind of source -------------------------------------------------------------------------------


def _zip_member(tmp_path):
    z = tmp_path / "a.zip"
    with zipfile.ZipFile(z, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("f.dcm", DATA)
    return zipfile.ZipFile(z).open("f.dcm")


class _Stream:
    """Not seekable, no fileno: gives its bytes in small pieces."""

    def __init__(self, data):
        self._data = data

    def read(self, n=-1):
        data, self._data = self._data, b""
        return data


@pytest.mark.parametrize("kind", ["gzip", "bz2", "lzma", "zip", "stream", "bytes", "bytearray", "memoryview",
                                  "BytesIO", "open"])
def test_compressed_members_and_other_objects(kind, tmp_path):
    for name, module in (("gzip", gzip), ("bz2", bz2), ("lzma", lzma)):
        with module.open(tmp_path / f"f.{name}", "wb") as f:
            f.write(DATA)
    (tmp_path / "f.dcm").write_bytes(DATA)
    makers = {
        "gzip": lambda: gzip.open(tmp_path / "f.gzip"),
        "bz2": lambda: bz2.open(tmp_path / "f.bz2"),
        "lzma": lambda: lzma.open(tmp_path / "f.lzma"),
        "zip": lambda: _zip_member(tmp_path),
        "stream": lambda: _Stream(DATA),
        "bytes": lambda: DATA,
        "bytearray": lambda: bytearray(DATA),
        "memoryview": lambda: memoryview(DATA),
        "BytesIO": lambda: io.BytesIO(DATA),
        "open": lambda: open(tmp_path / "f.dcm", "rb"),
    }
    source = makers[kind]()
    check(dicomconstruct.dcmread(source))
    check(dicomconstruct.dcmread(makers[kind](), defer_size=10))


def test_file_object_at_an_offset_keeps_absolute_offsets(tmp_path):
    p = tmp_path / "f.dcm"
    p.write_bytes(b"junk" * 8 + DATA)
    with open(p, "rb") as f:
        f.seek(32)
        ds = dicomconstruct.dcmread(f, defer_size=100)
        check(ds)
        assert ds["PatientName"].file_offset == 32 + DATA.index(b"\x10\x00\x10\x00PN")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_by_path_is_read_to_the_end(tmp_path):
    fifo = str(tmp_path / "fifo")
    os.mkfifo(fifo)

    def writer(data):
        with open(fifo, "wb") as f:
            for start in range(0, len(data), 1000):
                f.write(data[start:start + 1000])

    thread = threading.Thread(target=writer, args=(DATA,))
    thread.start()
    ds = dicomconstruct.dcmread(fifo)
    thread.join()
    check(ds)
    thread = threading.Thread(target=writer, args=(b"",))
    thread.start()
    with pytest.raises(InvalidDicomError, match="is empty"):
        dicomconstruct.dcmread(fifo)
    thread.join()


_STDIN_PROBE = textwrap.dedent(r"""
    import sys
    sys.path.insert(0, sys.argv[1])
    import dicomconstruct
    try:
        ds = dicomconstruct.dcmread("/dev/stdin")
        print(ds.PatientName, len(ds.PixelData))
    except dicomconstruct.errors.InvalidDicomError as error:
        print("error:", error)
""")


@pytest.mark.skipif(not os.path.exists("/dev/stdin"), reason="needs /dev/stdin")
@pytest.mark.parametrize("how", ["pipe", "file", "empty pipe"])
def test_dev_stdin(how, path):
    if how == "file":
        with open(path, "rb") as f:
            out = subprocess.run([sys.executable, "-c", _STDIN_PROBE, ROOT], stdin=f, capture_output=True,
                                 text=True, timeout=60)
    else:
        out = subprocess.run([sys.executable, "-c", _STDIN_PROBE, ROOT], input=b"" if how == "empty pipe" else DATA,
                             capture_output=True, timeout=60)
        out = subprocess.CompletedProcess(out.args, out.returncode, out.stdout.decode(), out.stderr.decode())
    assert out.returncode == 0, out.stderr
    if how == "empty pipe":
        assert out.stdout.startswith("error:") and "is empty" in out.stdout
    else:
        assert out.stdout.split() == ["Doe^John", str(len(PIXELS))]


class _Endless:
    """A stream that never ends (a device like /dev/zero, a socket that keeps sending): counts what is read."""

    def __init__(self, fill=b"\x00"):
        self.fill = fill
        self.given = 0

    def read(self, n=-1):
        n = 1 << 20 if n is None or n < 0 else n
        self.given += n
        return self.fill * n


def test_a_stream_that_is_not_dicom_is_read_no_further_than_its_prefix():
    endless = _Endless()
    with pytest.raises(InvalidDicomError, match="'DICM' prefix is missing"):
        dicomconstruct.dcmread(endless)
    assert endless.given == 132


def test_an_endless_stream_read_with_force_ends_at_max_stream_size():
    from dicomconstruct import config
    from dicomconstruct.errors import LimitExceededError

    with config.limits(max_stream_size=3_000_000):
        with pytest.raises(LimitExceededError, match="more than 3000000 bytes .*max_stream_size"):
            dicomconstruct.dcmread(_Endless(), force=True)


def test_a_compression_bomb_ends_at_max_stream_size(tmp_path):
    from dicomconstruct import config
    from dicomconstruct.errors import LimitExceededError

    bomb = tmp_path / "bomb.dcm.gz"
    with gzip.open(bomb, "wb") as f:
        f.write(DATA)
        for _ in range(8):
            f.write(bytes(1 << 20))  # 8 MiB of zeros after the file: about 8 KiB compressed
    with config.limits(max_stream_size=4 << 20):
        with pytest.raises(LimitExceededError, match=f"{str(bomb)!r} holds more than"):
            dicomconstruct.dcmread(gzip.open(bomb))
    check(dicomconstruct.dcmread(gzip.open(bomb)))  # under the default limit it is read


_DEVICE_PROBE = textwrap.dedent(r"""
    import resource, sys
    sys.path.insert(0, sys.argv[1])
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    import dicomconstruct
    from dicomconstruct import config
    try:
        dicomconstruct.dcmread(sys.argv[2])
    except dicomconstruct.errors.InvalidDicomError as error:
        print(type(error).__name__)
    with config.limits(max_stream_size=100 << 20):
        try:
            dicomconstruct.dcmread(sys.argv[2], force=True)
        except dicomconstruct.errors.LimitExceededError as error:
            print(type(error).__name__)
""")


@pytest.mark.skipif(not os.path.exists("/dev/zero") or sys.platform != "linux", reason="needs /dev/zero, RLIMIT_AS")
def test_dev_zero_by_path_ends_with_an_error_not_out_of_memory():
    out = subprocess.run([sys.executable, "-c", _DEVICE_PROBE, ROOT, "/dev/zero"], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["InvalidDicomError", "LimitExceededError"]


# --- partial reads ----------------------------------------------------------------------------------------


def test_stop_before_pixels_reads_only_the_head_of_a_large_file(tmp_path):
    p = tmp_path / "big.dcm"
    pixels = b"\x01" * (8 * 2**20)
    p.write_bytes(meta() + SMALL + element(0x7FE00010, "OW", pixels))
    parsed = reader.read(str(p), stop_before_pixels=True)
    assert 0x7FE00010 not in parsed.dataset and bytes(parsed.dataset[0x00100010].value) == b"Doe^John"
    # the pages of the Pixel Data were never read: still zero in the buffer
    assert not any(parsed.buffer[-2**20:])
    parsed = reader.read(str(p), specific_tags=[0x00100010])
    assert list(parsed.dataset.elements) == [0x00100010] and not any(parsed.buffer[-2**20:])


def _sequences_before_pixels(pixels: bytes) -> bytes:
    """Undefined-length sequences (nested, items of both lengths, a fragment stream in an item)
    before Rows, Columns and a large Pixel Data: what ultrasound and enhanced files look like."""
    from ._bytes import item, sequence

    icon = element(0x00280010, "US", b"\x02\x00") + element(0x7FE00010, "OB", b"", 0xFFFFFFFF) \
        + item(b"") + item(b"\x05" * 4) + struct.pack("<HHL", 0xFFFE, 0xE0DD, 0)
    nested = sequence(0x00081140, item(element(0x00081155, "UI", b"1.2.3\0"), undefined=True))
    regions = sequence(0x00186011, item(element(0x00186012, "US", b"\x01\x00") + nested, undefined=True)
                       + item(element(0x00186012, "US", b"\x02\x00")) + item(icon, undefined=True))
    return meta() + SOP + element(0x00100010, "PN", b"Doe^John") + regions \
        + element(0x00280010, "US", b"\x40\x00") + element(0x00280011, "US", b"\x80\x00") \
        + element(0x7FE00010, "OW", pixels)


@pytest.mark.parametrize("size", [2 * 2**20, 8 * 2**20])  # a bytearray buffer, an anonymous map
def test_undefined_length_sequences_do_not_make_a_partial_read_read_the_rest(tmp_path, size):
    p = tmp_path / "us.dcm"
    p.write_bytes(_sequences_before_pixels(b"\x01" * size))
    for kwargs in ({"stop_before_pixels": True}, {"specific_tags": [0x00186011, 0x00280011]}):
        parsed = reader.read(str(p), **kwargs)
        assert not any(parsed.buffer[-2**20:])  # the Pixel Data was never read
        ds = dicomconstruct.dcmread(str(p), **kwargs)
        regions = ds.SequenceOfUltrasoundRegions
        assert [item.RegionSpatialFormat for item in regions[:2]] == [1, 2] and len(regions) == 3
        assert regions[0].ReferencedImageSequence[0].ReferencedSOPInstanceUID == "1.2.3"
        assert regions[2].Rows == 2 and regions[2][0x7FE00010].value.endswith(b"\x04\x00\x00\x00" + b"\x05" * 4)
        assert ds.Columns == 128 and "PixelData" not in ds


def test_implicit_vr_undefined_length_sequences_do_not_make_a_partial_read_read_the_rest(tmp_path):
    from ._bytes import implicit, item

    delimiter = struct.pack("<HHL", 0xFFFE, 0xE0DD, 0)
    nested = implicit(0x00081140, b"", 0xFFFFFFFF) + item(implicit(0x00081155, b"1.2.3\0"), undefined=True) \
        + delimiter
    regions = implicit(0x00186011, b"", 0xFFFFFFFF) + item(implicit(0x00186012, b"\x01\x00") + nested) \
        + item(implicit(0x00186012, b"\x02\x00"), undefined=True) + delimiter
    body = implicit(0x00080018, b"1.2.3.4\0") + implicit(0x00100010, b"Doe^John") + regions \
        + implicit(0x00280010, b"\x40\x00") + implicit(0x00280011, b"\x80\x00") \
        + implicit(0x7FE00010, b"\x01" * (2 * 2**20))
    p = tmp_path / "implicit.dcm"
    p.write_bytes(meta(b"1.2.840.10008.1.2") + body)
    parsed = reader.read(str(p), stop_before_pixels=True)
    assert not any(parsed.buffer[-2**20:])
    ds = dicomconstruct.dcmread(str(p), stop_before_pixels=True)
    regions = ds.SequenceOfUltrasoundRegions
    assert [item.RegionSpatialFormat for item in regions] == [1, 2]
    assert regions[0].ReferencedImageSequence[0].ReferencedSOPInstanceUID == "1.2.3" and ds.Columns == 128


def test_a_sequence_the_parser_ends_elsewhere_means_reading_it_all(tmp_path, monkeypatch):
    from dicomconstruct.codec import source

    p = tmp_path / "us.dcm"
    p.write_bytes(_sequences_before_pixels(b"\x01" * (2 * 2**20)))
    real = source.Source._walk_sequence

    def misframed(self, pos, little, implicit):
        end = real(self, pos, little, implicit)
        self._filler.walked[pos] = end - 8  # as if the walk had found the end 8 bytes earlier
        return end

    monkeypatch.setattr(source.Source, "_walk_sequence", misframed)
    parsed = reader.read(str(p), stop_before_pixels=True)
    assert all(parsed.buffer[-2**20:])  # read again, whole
    ds = dicomconstruct.dcmread(str(p), stop_before_pixels=True)
    assert [item.RegionSpatialFormat for item in ds.SequenceOfUltrasoundRegions[:2]] == [1, 2]


def test_specific_tags_stop_after_the_last_one_asked_for():
    from ._bytes import item, sequence

    body = SOP + element(0x00100010, "PN", b"Doe^John") + sequence(0x00400275, item(SOP), undefined=False) \
        + element(0x7FE00010, "OW", PIXELS)
    parsed = reader.read(meta() + body, specific_tags=[0x00080018, 0x00100010])
    assert list(parsed.dataset.elements) == [0x00080018, 0x00100010]
    assert parsed.trailing == b""
    ds = dicomconstruct.dcmread(io.BytesIO(meta() + body), specific_tags=["PatientName", "SOPInstanceUID"])
    assert str(ds.PatientName) == "Doe^John" and "PixelData" not in ds


def test_specific_tags_leave_long_values_not_asked_for_unread(tmp_path):
    p = tmp_path / "blob.dcm"
    blob = b"\x02" * (2 * 2**20)
    p.write_bytes(meta() + SOP + element(0x00091010, "OB", blob) + element(0x00100010, "PN", b"Doe^John")
                  + element(0x7FE00010, "OW", PIXELS))
    parsed = reader.read(str(p), specific_tags=[0x00100010, 0x7FE00010], defer_size=1000)
    assert list(parsed.dataset.elements) == [0x00100010, 0x7FE00010]
    start = len(meta() + SOP) + 12  # the blob's value
    assert not any(parsed.buffer[start + 2**20:start + 2**20 + 4096])  # the blob was never read
    assert parsed.dataset[0x7FE00010].value is None  # deferred, not re-read whole
    ds = dicomconstruct.dcmread(str(p), specific_tags=["PatientName", "PixelData"], defer_size=1000)
    assert str(ds.PatientName) == "Doe^John" and ds.PixelData == PIXELS


def test_a_walk_the_parser_disagrees_with_means_reading_it_all(path, monkeypatch):
    from dicomconstruct.codec import source

    calls = []
    real = source.Source.finish

    def disagreeing(self, datasets):
        calls.append(bool(self._filler and self._filler.holes))
        return False if len(calls) == 1 else real(self, datasets)

    monkeypatch.setattr(source.Source, "finish", disagreeing)
    parsed = reader.read(path, defer_size=1000)
    assert calls == [True, False]  # read again, without deferring
    assert bytes(parsed.dataset[0x7FE00010].value) == PIXELS


# --- the corpus, with most values left in the file --------------------------------------------------------


def _corpus():
    from tests.test_corpus_dataset_roundtrip import READABLE

    return READABLE


@pytest.mark.parametrize("path", _corpus(), ids=os.path.basename)
def test_corpus_with_deferred_values_reads_the_same_and_writes_back_byte_for_byte(path):
    from tests.test_corpus_roundtrip import DICOM

    import warnings

    with open(path, "rb") as f:
        original = f.read()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        deferred = dicomconstruct.dcmread(path, force=path not in DICOM, defer_size=64)
        out = io.BytesIO()
        deferred.save_as(out)  # values never touched: read from the file by the writer
        assert out.getvalue() == original
        whole = dicomconstruct.dcmread(io.BytesIO(original), force=path not in DICOM)
        deferred = dicomconstruct.dcmread(path, force=path not in DICOM, defer_size=64)
        assert [(e.tag, e.VR, e.value) for e in deferred] == [(e.tag, e.VR, e.value) for e in whole]


def test_pipe_file_object_is_read_to_the_end():
    read_end, write_end = os.pipe()

    def writer():
        with os.fdopen(write_end, "wb") as f:
            for start in range(0, len(DATA), 4096):
                f.write(DATA[start:start + 4096])

    thread = threading.Thread(target=writer)
    thread.start()
    with os.fdopen(read_end, "rb") as f:  # an io.BufferedReader, but over a pipe: never stat'ed as a file
        ds = dicomconstruct.dcmread(f)
    thread.join()
    check(ds)


def test_empty_regular_file_is_refused_clearly(tmp_path):
    p = tmp_path / "empty.dcm"
    p.write_bytes(b"")
    with pytest.raises(InvalidDicomError, match="DICM"):
        dicomconstruct.dcmread(str(p))


def _elements(parsed):
    out = []
    for raw in parsed.dataset:
        value = raw.value
        out.append((raw.tag, raw.VR, raw.length, raw.value_offset,
                    bytes(value) if isinstance(value, memoryview) else type(value).__name__))
    return out


@pytest.mark.parametrize("name", ["CT_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm", "JPEG2000.dcm",
                                  "rtplan.dcm", "UN_sequence.dcm", "image_dfl.dcm", "ExplVR_BigEndNoMeta.dcm"])
def test_truncated_files_read_by_path_as_from_bytes(name, tmp_path):
    """The walk that leaves values in the file never makes the parse differ from a parse of the bytes."""
    import warnings

    from tests.corpus import pydicom_test_file

    original = open(pydicom_test_file(name), "rb").read()
    p = tmp_path / name
    for cut in sorted({len(original) * k // 37 for k in range(1, 37)} | {len(original) - 1, 300}):
        p.write_bytes(original[:cut])
        for kwargs in ({}, {"stop_before_pixels": True}, {"specific_tags": [0x00100010, 0x00280010]}):
            outcomes = []
            for source, defer in ((original[:cut], None), (str(p), 64)):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    try:
                        parsed = reader.read(source, force=True, defer_size=defer, **kwargs)
                    except InvalidDicomError as error:
                        outcomes.append(type(error).__name__)
                        continue
                if defer is not None:  # the deferred values, as read later, are the bytes
                    for raw in parsed.dataset:
                        if raw.value is None:
                            raw.value = memoryview(parsed.source.file_ref.read(raw.value_offset, raw.length))
                outcomes.append(_elements(parsed))
            assert outcomes[0] == outcomes[1], (cut, kwargs)


def test_encapsulated_pixel_data_is_deferred_whole(tmp_path):
    from ._bytes import UNDEFINED, item

    fragments = item(b"") + item(b"\x11" * 3000) + item(b"\x22" * 5000)
    delimiter = b"\xfe\xff\xdd\xe0\x00\x00\x00\x00"
    data = meta(b"1.2.840.10008.1.2.4.50") + SMALL + element(0x7FE00010, "OB", b"", UNDEFINED) + fragments \
        + delimiter + element(0xFFFCFFFC, "OB", b"\x00" * 4)
    p = tmp_path / "jpeg.dcm"
    p.write_bytes(data)
    ds = dicomconstruct.dcmread(str(p), defer_size=1000)
    raw = ds._parsed.dataset[0x7FE00010]
    assert raw.value is None and raw.end_offset == data.index(delimiter) + 8
    out = io.BytesIO()
    ds.save_as(out)
    assert out.getvalue() == data
    ds = dicomconstruct.dcmread(str(p), defer_size=1000)
    assert ds.PixelData == fragments
    assert [bytes(f) for f in raw.value.fragments] == [b"\x11" * 3000, b"\x22" * 5000]
    assert raw.value.item_offsets[1] == data.index(fragments) + 8
    small = dicomconstruct.dcmread(str(p), defer_size=100_000)
    assert small._parsed.dataset[0x7FE00010].value is not None and small.PixelData == fragments
    ds = dicomconstruct.dcmread(str(p), defer_size=1000)
    os.truncate(p, 1000)
    with pytest.raises(SourceChangedError):
        ds.PixelData
