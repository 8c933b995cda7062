#!/usr/bin/env python3
"""Benchmarks of dicomconstruct against pydicom, run in one process over every pydicom test file.

Each benchmark is named; run them all, or some::

    python3 tools/bench.py                 # everything
    python3 tools/bench.py --list          # the names
    python3 tools/bench.py --only read --only write
    python3 tools/bench.py --quick         # fewer repeats, 50 MB instead of 500 MB for memory

Timings are the best of N repeats over the whole corpus (files preloaded in
memory as bytes, so disk speed does not count) and are reported as a ratio
``ours / pydicom`` (lower is better).  Targets (issue 3): read structure
<= 1.0, read + convert every value <= 0.5, write <= 0.5.  Memory benchmarks
make a large Explicit VR Little Endian file in a temporary directory and
measure peak memory of reading it in a fresh subprocess (``tracemalloc`` peak
and the growth of the peak resident set, ``VmHWM``): with ``stop_before_pixels`` or
``defer_size`` it must stay under 50 MB; a full read may hold the pixel bytes
at most once.

Peers: python-gdcm and dicomsdl (benchmark-only: ``pip install ".[bench]"``) are timed in the
same rounds where they are importable, and skipped with a note where they are not.  Timed
functions run interleaved (one round runs each once, in turn) and the best round counts.
``header_scan`` reads 3000 files from disk with ``stop_before_pixels`` and 7 ``specific_tags``
(files/s); ``inflate`` reads deflated data sets of 64-512 MiB.

pydicom is needed only here and in the tests; the library never imports it.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

BENCHMARKS: dict = {}


def _pydicom_files() -> list[str]:
    """pydicom's bundled test and charset files, listed on disk (its downloader is never asked)."""
    from pydicom import data

    base = Path(data.__file__).resolve().parent
    return sorted(str(p) for folder in ("test_files", "charset_files") for p in (base / folder).glob("**/*") if p.is_file())


def benchmark(name: str, description: str):
    def register(function):
        BENCHMARKS[name] = (function, description)
        return function

    return register


# --- corpus ---------------------------------------------------------------------------------


def corpus() -> list[bytes]:
    """Bytes of every pydicom test/charset file that both pydicom and dicomconstruct read."""
    import pydicom

    import dicomconstruct

    out = []
    for path in _pydicom_files():
        if not os.path.isfile(path):
            continue
        with open(path, "rb") as f:
            raw = f.read()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                pydicom.dcmread(io.BytesIO(raw))
                dicomconstruct.dcmread(io.BytesIO(raw))
            except Exception:
                continue
        out.append(raw)
    return out


def peer(name: str):
    """The module of peer ``name`` (``gdcm``, ``dicomsdl``), or ``None`` after a note that it is skipped."""
    try:
        return __import__(name)
    except ImportError as exc:
        print(f"  ({name} not importable, skipped: {exc})")
        return None


def interleaved(functions: dict, repeats: int) -> dict:
    """Best time of each function, running them in turn in each of ``repeats`` rounds."""
    best = {name: float("inf") for name in functions}
    for _ in range(repeats):
        for name, function in functions.items():
            gc.collect()
            start = time.perf_counter()
            function()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def report_peers(name: str, times: dict, results: dict, unit: str = "ms") -> None:
    """One line of times, ours first, with each peer's time as a ratio ``ours / peer``."""
    ours = times["ours"]
    parts = [f"ours {ours * 1000:9.1f} ms"]
    for other, seconds in times.items():
        if other != "ours":
            parts.append(f"{other} {seconds * 1000:9.1f} ms ({ours / seconds:4.2f}x)")
    print(f"{name:<30} " + "   ".join(parts))
    results[name] = {f"{k}_s": v for k, v in times.items()}


def _gdcm_read(path: str):
    """python-gdcm: read ``path``; the reader holds the file read."""
    import gdcm

    reader = gdcm.Reader()
    reader.SetFileName(path)
    if not reader.Read():
        raise ValueError(f"gdcm cannot read {path}")
    return reader


def _sdl_walk(dataset, sdl) -> int:
    """dicomsdl: every value of every element, recursing into sequences."""
    count = 0
    for element in dataset:
        count += 1
        if element.vr() == sdl.VR.SQ:
            sequence = element.toSequence()
            for index in range(len(sequence)):
                count += _sdl_walk(sequence.getDataSet(index), sdl)
        else:
            element.value()
    return count


def best_of(function, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def _walk(dataset) -> int:
    """Access every element's value (converting it), recursing into sequences."""
    count = 0
    for element in dataset:
        value = element.value
        count += 1
        if element.VR == "SQ" and value is not None:
            for item in value:
                count += _walk(item)
    return count


def report(name: str, ours: float, theirs: float, target: float | None, results: dict) -> None:
    ratio = ours / theirs if theirs else float("nan")
    verdict = "" if target is None else ("  OK" if ratio <= target else f"  ABOVE TARGET {target}")
    print(f"{name:<30} ours {ours * 1000:9.1f} ms   pydicom {theirs * 1000:9.1f} ms   ratio {ratio:5.2f}{verdict}")
    results[name] = {"ours_s": ours, "pydicom_s": theirs, "ratio": ratio, "target": target}


# --- timing benchmarks ------------------------------------------------------------------------


#: import time ratio to pydicom asked by issue 9; where PYTHONDONTWRITEBYTECODE is set it is met or not
#: by the "(bytecode cached)" line, which compares what users have after ``pip install`` (bytecode for both)
IMPORT_TARGET = 0.2
_IMPORT_PROBE = "import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"


def _import_seconds(statement: str, env: dict | None = None) -> float:
    """Wall time of an import statement in a fresh interpreter."""
    out = subprocess.run([sys.executable, "-c", _IMPORT_PROBE.format(statement=statement)],
                         capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    return float(out.stdout.strip())


@benchmark("import", "import dicomconstruct vs import pydicom, fresh interpreter each; target <= 0.2x (issue 9)")
def bench_import(args, files, results):
    repeats = max(3, args.repeats)
    theirs = min(_import_seconds("import pydicom") for _ in range(repeats))
    for statement, target in (
        ("import dicomconstruct", IMPORT_TARGET),
        ("from dicomconstruct import dcmread, Dataset, datadict", IMPORT_TARGET),  # what a first read loads
    ):
        ours = min(_import_seconds(statement) for _ in range(repeats))
        report(statement, ours, theirs, target, results)
    # Where PYTHONDONTWRITEBYTECODE is set, our source is compiled on every run (most of the time
    # above) while pydicom's installed bytecode is used: the same import with both from bytecode.
    with tempfile.TemporaryDirectory() as cache:
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache
        statement = "from dicomconstruct import dcmread, Dataset, datadict"
        _import_seconds(f"import pydicom; {statement}", env)  # writes both packages' bytecode
        theirs = min(_import_seconds("import pydicom", env) for _ in range(repeats))
        ours = min(_import_seconds(statement, env) for _ in range(repeats))
        report(f"{statement} (bytecode cached)", ours, theirs, IMPORT_TARGET, results)



@benchmark("read", "dcmread of every corpus file (structure only) vs pydicom.dcmread; target <= 0.4x (issue 9)")
def bench_read(args, files, results):
    import pydicom

    import dicomconstruct
    from dicomconstruct.codec import reader

    def ours():
        for raw in files:
            dicomconstruct.dcmread(io.BytesIO(raw))

    def codec():
        for raw in files:
            reader.read(raw)

    def theirs():
        for raw in files:
            pydicom.dcmread(io.BytesIO(raw))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        times = interleaved({"ours": ours, "codec": codec, "theirs": theirs}, args.repeats)
        report("read (dcmread)", times["ours"], times["theirs"], 0.4, results)
        report("read (codec only)", times["codec"], times["theirs"], None, results)
        # partial reads must never be dearer than a full read (issue 10): ratio to our full read
        full = interleaved({
            "ours": lambda: [dicomconstruct.dcmread(io.BytesIO(raw)) for raw in files],
            "stop_before_pixels": lambda: [dicomconstruct.dcmread(io.BytesIO(raw), stop_before_pixels=True)
                                           for raw in files],
            "specific_tags": lambda: [dicomconstruct.dcmread(io.BytesIO(raw), specific_tags=HEADER_TAGS)
                                      for raw in files]}, args.repeats)
        print(f"{'partial reads / full read':<30} stop_before_pixels {full['stop_before_pixels'] / full['ours']:4.2f}"
              f"   specific_tags (7) {full['specific_tags'] / full['ours']:4.2f}")
        results["partial reads"] = {k: v / full["ours"] for k, v in full.items()}


@benchmark("read_values", "dcmread + convert every value (all levels) vs pydicom; target <= 0.35x (issue 9)")
def bench_read_values(args, files, results):
    import pydicom

    import dicomconstruct

    def ours():
        for raw in files:
            _walk(dicomconstruct.dcmread(io.BytesIO(raw)))

    def theirs():
        for raw in files:
            _walk(pydicom.dcmread(io.BytesIO(raw)))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        times = interleaved({"ours": ours, "theirs": theirs}, args.repeats)
        report("read + every value", times["ours"], times["theirs"], 0.35, results)


@benchmark("write", "write every read corpus file to memory (unmodified) vs pydicom; target <= 0.15x (issue 9)")
def bench_write(args, files, results):
    import pydicom

    import dicomconstruct

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours_ds = [dicomconstruct.dcmread(io.BytesIO(raw)) for raw in files]
        theirs_ds = [pydicom.dcmread(io.BytesIO(raw)) for raw in files]
        for ds in theirs_ds:
            _walk(ds)  # pydicom converts every raw element when writing; do it outside the timing
        for ds in ours_ds:
            _walk(ds)

        def ours():
            for ds in ours_ds:
                dicomconstruct.dcmwrite(io.BytesIO(), ds)

        def theirs():
            for ds in theirs_ds:
                pydicom.dcmwrite(io.BytesIO(), ds)

        try:
            ours()
        except Exception as exc:  # the object layer's writer is missing or failing: measure the codec
            print(f"dicomconstruct.dcmwrite failed ({type(exc).__name__}: {exc}); timing the codec writer")
            from dicomconstruct.codec import reader, writer

            parsed = [reader.read(raw) for raw in files]

            def ours():  # noqa: F811
                for p in parsed:
                    writer.write_parsed(io.BytesIO(), p)

        times = interleaved({"ours": ours, "theirs": theirs}, args.repeats)
        report("write (like original)", times["ours"], times["theirs"], 0.15, results)


_PEER_PROBE = r"""
import sys
name, paths = sys.argv[1], sys.argv[2:]
if name == "gdcm":
    import gdcm
    def read(path):
        reader = gdcm.Reader()
        reader.SetFileName(path)
        if not reader.Read():
            raise ValueError(path)
        gdcm.Writer()
else:
    import dicomsdl
    def walk(ds):
        for element in ds:
            if element.vr() == dicomsdl.VR.SQ:
                sequence = element.toSequence()
                for index in range(len(sequence)):
                    walk(sequence.getDataSet(index))
            else:
                element.value()
    def read(path):
        ds = dicomsdl.open(path)
        walk(ds)
        ds.saveToMemory()
for path in paths:
    print("start", path, flush=True)
    try:
        read(path)
    except Exception:
        continue
    print("ok", path, flush=True)
"""


def _peer_reads(name: str, paths: list[str]) -> set[str]:
    """The paths peer ``name`` reads without an error, probed in subprocesses (some files crash peers)."""
    good: set[str] = set()
    todo = list(paths)
    while todo:
        out = subprocess.run([sys.executable, "-c", _PEER_PROBE, name, *todo], capture_output=True, text=True)
        last = None
        for line in out.stdout.splitlines():
            word, path = line.split(" ", 1)
            if word == "ok":
                good.add(path)
            last = path
        if out.returncode == 0 or last is None:
            break
        todo = todo[todo.index(last) + 1:]  # the peer crashed on ``last``: go on after it
    return good


def _corpus_dir(files, tmp: str, readers: dict) -> list[str]:
    """Write the corpus to ``tmp`` and return the paths every reader in ``readers`` reads."""
    paths = []
    for index, raw in enumerate(files):
        path = os.path.join(tmp, f"{index:04d}.dcm")
        with open(path, "wb") as f:
            f.write(raw)
        paths.append(path)
    for name in ("gdcm", "dicomsdl"):
        if name in readers:
            safe = _peer_reads(name, paths)
            paths = [p for p in paths if p in safe]
    kept = []
    for path in paths:
        try:
            for read in readers.values():
                read(path)
        except Exception:
            continue
        kept.append(path)
    return kept


@benchmark("peers", "read, read + every value, from files: ours vs pydicom, dicomsdl, python-gdcm (same rounds)")
def bench_peers(args, files, results):
    import pydicom

    import dicomconstruct

    sdl, gdcm = peer("dicomsdl"), peer("gdcm")

    readers = {"ours": dicomconstruct.dcmread, "pydicom": pydicom.dcmread}
    if sdl is not None:
        readers["dicomsdl"] = lambda path: _sdl_walk(sdl.open(path), sdl)
    if gdcm is not None:
        readers["gdcm"] = _gdcm_read
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        paths = _corpus_dir(files, tmp, readers)
        print(f"peers: {len(paths)} corpus files that every peer reads")
        opens = {"ours": dicomconstruct.dcmread, "pydicom": pydicom.dcmread}
        if sdl is not None:
            opens["dicomsdl"] = sdl.open
        if gdcm is not None:
            opens["gdcm"] = _gdcm_read
        times = interleaved({name: (lambda read=read: [read(p) for p in paths]) for name, read in opens.items()},
                            args.repeats)
        report_peers("read from files", times, results)
        walkers = {"ours": lambda: [_walk(dicomconstruct.dcmread(p)) for p in paths],
                   "pydicom": lambda: [_walk(pydicom.dcmread(p)) for p in paths]}
        if sdl is not None:
            walkers["dicomsdl"] = lambda: [_sdl_walk(sdl.open(p), sdl) for p in paths]
        report_peers("read + every value, files", interleaved(walkers, args.repeats), results)


HEADER_TAGS = ["PatientID", "StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", "Modality", "Rows",
               "Columns"]


@benchmark("header_scan", "3000 files from disk, stop_before_pixels + 7 specific_tags: files/s, ours vs pydicom, dicomsdl")
def bench_header_scan(args, files, results):
    import pydicom

    import dicomconstruct

    sdl = peer("dicomsdl")
    count = 300 if args.quick else 3000
    sources = []
    for raw in files:  # files with Pixel Data and the 7 attributes: what a header scan meets
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ds = pydicom.dcmread(io.BytesIO(raw))
        if "PixelData" in ds and all(k in ds for k in HEADER_TAGS) and not ds.file_meta.get(
                "TransferSyntaxUID", "").endswith(".99"):
            sources.append(raw)

    def ours(path):
        ds = dicomconstruct.dcmread(path, stop_before_pixels=True, specific_tags=HEADER_TAGS)
        return [ds[k].value for k in HEADER_TAGS]

    def theirs(path):
        ds = pydicom.dcmread(path, stop_before_pixels=True, specific_tags=HEADER_TAGS)
        return [ds[k].value for k in HEADER_TAGS]

    def full(path):
        ds = dicomconstruct.dcmread(path)
        return [ds[k].value for k in HEADER_TAGS]

    readers = {"ours": ours, "ours (full read)": full, "pydicom": theirs}
    if sdl is not None:
        readers["dicomsdl"] = lambda path: sdl.open(path, load_until=0x7FE00010).getValues(HEADER_TAGS)
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kinds = _corpus_dir(sources, tmp, readers)
        paths = []
        for index in range(count):
            path = os.path.join(tmp, f"scan{index:05d}.dcm")
            with open(kinds[index % len(kinds)], "rb") as f, open(path, "wb") as out:
                out.write(f.read())
            paths.append(path)
        print(f"header scan: {count} files ({len(kinds)} kinds, {sum(map(os.path.getsize, paths)) / 2**20:.0f} MB)")
        times = interleaved({name: (lambda read=read: [read(p) for p in paths]) for name, read in readers.items()},
                            args.repeats)
    line = "   ".join(f"{name} {count / seconds:8.0f}" for name, seconds in times.items())
    print(f"{'header scan (files/s)':<30} {line}")
    results["header_scan"] = {f"{name}_files_per_s": count / seconds for name, seconds in times.items()}


@benchmark("write_gdcm", "write every corpus file unmodified to disk: ours vs python-gdcm (and pydicom)")
def bench_write_gdcm(args, files, results):
    import pydicom

    import dicomconstruct

    gdcm = peer("gdcm")
    if gdcm is None:
        return

    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        paths = _corpus_dir(files, tmp, {"ours": dicomconstruct.dcmread, "gdcm": _gdcm_read})
        ours_ds = [dicomconstruct.dcmread(p) for p in paths]
        theirs_ds = [pydicom.dcmread(p) for p in paths]
        for ds in theirs_ds:
            _walk(ds)
        gdcm_files = [_gdcm_read(p) for p in paths]
        out = os.path.join(tmp, "out.dcm")

        def ours():
            for ds in ours_ds:
                with open(out, "wb") as f:
                    dicomconstruct.dcmwrite(f, ds)

        def gdcm_write():
            for reader in gdcm_files:
                writer = gdcm.Writer()
                writer.SetFile(reader.GetFile())
                writer.SetFileName(out)
                writer.Write()

        def theirs():
            for ds in theirs_ds:
                with open(out, "wb") as f:
                    pydicom.dcmwrite(f, ds)

        print(f"write_gdcm: {len(paths)} corpus files both read")
        report_peers("write unmodified, to disk", interleaved(
            {"ours": ours, "gdcm": gdcm_write, "pydicom": theirs}, args.repeats), results)


def make_deflated_file(path: str, size: int) -> None:
    """A Deflated Explicit VR Little Endian file (PS3.5 A.5) whose data set inflates to about ``size`` bytes."""
    import zlib

    from dicomconstruct.codec import writer

    class E:
        __slots__ = ("tag", "VR", "value", "raw")

        def __init__(self, tag, VR, value):
            self.tag, self.VR, self.value, self.raw = tag, VR, value, None

    meta = [E(0x00020001, "OB", b"\x00\x01"), E(0x00020002, "UI", "1.2.840.10008.5.1.4.1.1.7"),
            E(0x00020003, "UI", "1.2.3.4"), E(0x00020010, "UI", "1.2.840.10008.1.2.1.99")]
    head = b"".join(writer.encode_file(meta, [], "1.2.840.10008.1.2.1", preamble=b"\x00" * 128))
    dataset = [E(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.7"), E(0x00080018, "UI", "1.2.3.4"),
               E(0x00100010, "PN", "Deflated^Big")]
    body = b"".join(writer.encode_file(None, dataset, "1.2.840.10008.1.2.1", preamble=None))
    compressor = zlib.compressobj(1, zlib.DEFLATED, -15)
    block = os.urandom(1 << 14) * 64  # 1 MiB that deflates to about a tenth
    with open(path, "wb") as f:
        f.write(head)
        f.write(compressor.compress(body + b"\xe0\x7f\x10\x00OB\x00\x00" + size.to_bytes(4, "little")))
        for _ in range(size >> 20):
            f.write(compressor.compress(block))
        f.write(compressor.flush())


@benchmark("inflate", "dcmread of deflated data sets of 64/128/256/512 MiB (32/64 MiB with --quick) vs pydicom")
def bench_inflate(args, files, results):
    import pydicom

    import dicomconstruct

    sizes = (32, 64) if args.quick else (64, 128, 256, 512)
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for mebibytes in sizes:
            path = os.path.join(tmp, f"deflated{mebibytes}.dcm")
            make_deflated_file(path, mebibytes << 20)
            times = interleaved({"ours": lambda: len(dicomconstruct.dcmread(path).PixelData),
                                 "pydicom": lambda: len(pydicom.dcmread(path).PixelData)}, max(1, args.repeats // 3))
            report_peers(f"inflate {mebibytes} MiB", times, results)


# --- memory benchmarks --------------------------------------------------------------------------


def make_big_file(path: str, size: int) -> None:
    """An Explicit VR Little Endian file whose Pixel Data is ``size`` bytes (written in chunks)."""
    from dicomconstruct.codec import writer

    class E:
        __slots__ = ("tag", "VR", "value", "raw")

        def __init__(self, tag, VR, value):
            self.tag, self.VR, self.value, self.raw = tag, VR, value, None

    rows = columns = 1024
    frames = max(size // (rows * columns * 2), 1)
    pixel_bytes = frames * rows * columns * 2
    meta = [E(0x00020001, "OB", b"\x00\x01"), E(0x00020002, "UI", "1.2.840.10008.5.1.4.1.1.7"),
            E(0x00020003, "UI", "1.2.3.4"), E(0x00020010, "UI", "1.2.840.10008.1.2.1")]
    meta.insert(0, E(0x00020000, "UL", 0))
    dataset = [E(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.7"), E(0x00080018, "UI", "1.2.3.4"),
               E(0x00100010, "PN", "Big^File"), E(0x00280002, "US", 1), E(0x00280004, "CS", "MONOCHROME2"),
               E(0x00280008, "IS", str(frames)),
               E(0x00280010, "US", rows), E(0x00280011, "US", columns), E(0x00280100, "US", 16),
               E(0x00280101, "US", 16), E(0x00280102, "US", 15), E(0x00280103, "US", 0)]
    head = b"".join(writer.encode_file(meta, dataset, "1.2.840.10008.1.2.1"))
    with open(path, "wb") as f:
        f.write(head)
        f.write(b"\xe0\x7f\x10\x00OW\x00\x00" + pixel_bytes.to_bytes(4, "little"))
        chunk = bytes(range(256)) * 4096
        left = pixel_bytes
        while left:
            n = min(left, len(chunk))
            f.write(chunk[:n])
            left -= n


_MEMORY_PROBE = r"""
import json, resource, sys, tracemalloc, warnings
sys.path.insert(0, {root!r})
import dicomconstruct
mode, path = sys.argv[1], sys.argv[2]


def peak_resident():
    # VmHWM: this process's peak resident set. ru_maxrss would do, but Linux keeps across exec the
    # value of the process that forked us (the benchmark itself), which hides our own growth.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


before = peak_resident()
tracemalloc.start()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    if mode == "stop_before_pixels":
        ds = dicomconstruct.dcmread(path, stop_before_pixels=True)
        assert 0x7FE00010 not in ds
    elif mode == "defer_size":
        ds = dicomconstruct.dcmread(path, defer_size=1024)
        str(ds.PatientName)
    elif mode == "default":  # values over the default defer_size (16 MiB) stay in the file
        ds = dicomconstruct.dcmread(path)
        str(ds.PatientName)
    elif mode == "never_defer":  # the whole file in memory, then Pixel Data copied out of it
        ds = dicomconstruct.dcmread(path, defer_size=float("inf"))
        pixels = ds.PixelData
    elif mode == "mmap":
        ds = dicomconstruct.dcmread(path, mmap=True)
        pixels = ds.PixelData
    else:
        ds = dicomconstruct.dcmread(path)
        pixels = ds.PixelData
        assert len(pixels) > 0
_, peak = tracemalloc.get_traced_memory()
after = peak_resident()
print(json.dumps({{"peak": peak, "rss_growth": (after - before) * 1024}}))
"""


@benchmark("memory", "peak memory (tracemalloc and resident) reading a ~500 MB file: partial reads < 50 MB; full read")
def bench_memory(args, files, results):
    size = (50 if args.quick else 500) * 1024 * 1024
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "big.dcm")
        make_big_file(path, size)
        actual = os.path.getsize(path)
        print(f"memory: file of {actual / 2**20:.0f} MB")
        for mode in ("stop_before_pixels", "defer_size", "default", "full", "never_defer", "mmap"):
            probe = subprocess.run(
                [sys.executable, "-c", _MEMORY_PROBE.format(root=ROOT), mode, path],
                capture_output=True, text=True, check=False)
            if probe.returncode != 0:
                print(f"  {mode:<20} FAILED: {probe.stderr.strip().splitlines()[-1:]}")
                results[f"memory {mode}"] = {"error": probe.stderr[-500:]}
                continue
            figures = json.loads(probe.stdout)
            peak, rss = figures["peak"], figures["rss_growth"]
            if mode == "full":
                # one copy of the pixel bytes plus the few MB of the rest of the read (resident too)
                verdict = "OK" if max(peak, rss) <= actual + 32 * 2**20 else "ABOVE: pixel bytes held more than once"
            elif mode == "never_defer":
                verdict = "(the file's bytes, then the value copied out of them)"
            elif mode == "mmap":
                verdict = "(the mapped pages, then the value copied out of them)"
            else:
                verdict = "OK" if max(peak, rss) < 50 * 2**20 else "ABOVE 50 MB"
            print(f"  {mode:<20} tracemalloc peak {peak / 2**20:8.1f} MB   resident growth "
                  f"{rss / 2**20:8.1f} MB   {verdict}")
            results[f"memory {mode}"] = {"peak_bytes": peak, "rss_growth_bytes": rss, "file_bytes": actual}


# --- large data sets: lazy sequences, lean elements ------------------------------------------------


class _E:
    """An element-like for the codec writer (tag, VR, value; no raw bytes): sequences hold lists of lists."""

    __slots__ = ("tag", "VR", "value", "raw")

    def __init__(self, tag, VR, value):
        self.tag, self.VR, self.value, self.raw = tag, VR, value, None


def _frame_groups(index: int) -> list:
    """One item of the Per-frame Functional Groups Sequence (PS3.3 C.7.6.16): 13 elements, defined lengths."""
    return [
        _E(0x00209111, "SQ", [[_E(0x00209056, "SH", "1"), _E(0x00209057, "UL", index + 1),
                               _E(0x00209156, "US", index & 0xFFFF), _E(0x00209157, "UL", [1, index + 1])]]),
        _E(0x00209113, "SQ", [[_E(0x00200032, "DS", ["0", "0", str(index)])]]),
        _E(0x00209116, "SQ", [[_E(0x00200037, "DS", ["1", "0", "0", "0", "1", "0"])]]),
        _E(0x00289145, "SQ", [[_E(0x00281052, "DS", "0"), _E(0x00281053, "DS", "1"), _E(0x00281054, "LO", "US")]]),
    ]


def make_functional_groups_file(path: str, frames: int, pixels: bool = True) -> int:
    """An enhanced multi-frame file (Explicit VR LE) of ``frames`` 16x16 8-bit frames whose Per-frame
    Functional Groups Sequence has defined lengths (as most writers make it); returns its element count."""
    from dicomconstruct.codec import writer

    meta = [_E(0x00020000, "UL", 0), _E(0x00020001, "OB", b"\x00\x01"),
            _E(0x00020002, "UI", "1.2.840.10008.5.1.4.1.1.4.1"), _E(0x00020003, "UI", "1.2.3.4"),
            _E(0x00020010, "UI", "1.2.840.10008.1.2.1")]
    dataset = [_E(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.4.1"), _E(0x00080018, "UI", "1.2.3.4"),
               _E(0x00100010, "PN", "Enhanced^Frames"), _E(0x00280002, "US", 1),
               _E(0x00280004, "CS", "MONOCHROME2"), _E(0x00280008, "IS", str(frames)),
               _E(0x00280010, "US", 16), _E(0x00280011, "US", 16), _E(0x00280100, "US", 8),
               _E(0x00280101, "US", 8), _E(0x00280102, "US", 7), _E(0x00280103, "US", 0),
               _E(0x52009230, "SQ", [_frame_groups(index) for index in range(frames)])]
    if pixels:
        dataset.append(_E(0x7FE00010, "OB", bytes(frames * 256)))
    with open(path, "wb") as f:
        f.writelines(writer.encode_file(meta, dataset, "1.2.840.10008.1.2.1"))
    return len(dataset) + frames * 13


def make_flat_file(path: str, count: int) -> int:
    """A data set of ``count`` top-level elements (private blocks of UL values, no sequence); its element count."""
    from dicomconstruct.codec import writer

    meta = [_E(0x00020000, "UL", 0), _E(0x00020001, "OB", b"\x00\x01"), _E(0x00020002, "UI", "1.2.3"),
            _E(0x00020003, "UI", "1.2.3.4"), _E(0x00020010, "UI", "1.2.840.10008.1.2.1")]
    dataset = [_E(0x00080016, "UI", "1.2.3"), _E(0x00080018, "UI", "1.2.3.4")]
    group = 0x0009
    while len(dataset) < count:
        dataset.append(_E(group << 16 | 0x0010, "LO", "BENCH"))
        dataset.extend(_E(group << 16 | element, "UL", element) for element in range(0x1000, 0x1100))
        group += 2
    del dataset[count:]
    with open(path, "wb") as f:
        f.writelines(writer.encode_file(meta, dataset, "1.2.840.10008.1.2.1"))
    return len(dataset)


def _sdl_positions(ds) -> int:
    """dicomsdl: ImagePositionPatient of every frame (Per-frame Functional Groups Sequence)."""
    groups = ds.getDataElement(0x52009230).toSequence()
    count = 0
    for index in range(len(groups)):
        plane = groups.getDataSet(index).getDataElement(0x00209113).toSequence()
        plane.getDataSet(0).getDataElement(0x00200032).value()
        count += 1
    return count


def _positions(ds) -> int:
    """ImagePositionPatient of every frame, through pydicom's API (ours and pydicom's)."""
    return len([group.PlanePositionSequence[0].ImagePositionPatient for group in ds.PerFrameFunctionalGroupsSequence])


@benchmark("big_sequences", "1M elements in defined-length sequences: dcmread, read + every value (us/element) "
                            "vs pydicom, dicomsdl; targets: dcmread <= pydicom, read + values <= 4.5 us/element")
def bench_big_sequences(args, files, results):
    import pydicom

    import dicomconstruct

    sdl = peer("dicomsdl")
    frames = 7_700 if args.quick else 77_000
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        path = os.path.join(tmp, "groups.dcm")
        count = make_functional_groups_file(path, frames, pixels=False)
        print(f"big_sequences: {count} elements ({frames} items of 13), {os.path.getsize(path) / 2**20:.0f} MB")
        readers = {"ours": lambda: dicomconstruct.dcmread(path), "pydicom": lambda: pydicom.dcmread(path)}
        if sdl is not None:
            readers["dicomsdl"] = lambda: sdl.open(path)
        report_peers("dcmread, 1M elements", interleaved(readers, args.repeats), results)
        walkers = {"ours": lambda: _walk(dicomconstruct.dcmread(path)),
                   "pydicom": lambda: _walk(pydicom.dcmread(path))}
        if sdl is not None:
            walkers["dicomsdl"] = lambda: _sdl_walk(sdl.open(path), sdl)
        times = interleaved(walkers, max(1, min(args.repeats, 3)))
        report_peers("read + every value, 1M", times, results)
        print(f"{'  us per element':<30} " + "   ".join(
            f"{name} {seconds / count * 1e6:6.2f}" for name, seconds in times.items()) + "   (target: ours <= 4.5)")
        results["read + every value, 1M"]["us_per_element"] = {k: v / count * 1e6 for k, v in times.items()}


@benchmark("enhanced_mf", "2,000-frame enhanced multi-frame: read + ImagePositionPatient of every frame; "
                          "target <= 0.5x pydicom")
def bench_enhanced_mf(args, files, results):
    import pydicom

    import dicomconstruct

    sdl = peer("dicomsdl")
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        path = os.path.join(tmp, "enhanced.dcm")
        make_functional_groups_file(path, 2000)
        readers = {"ours": lambda: _positions(dicomconstruct.dcmread(path)),
                   "pydicom": lambda: _positions(pydicom.dcmread(path))}
        if sdl is not None:
            readers["dicomsdl"] = lambda: _sdl_positions(sdl.open(path))
        report_peers("enhanced MF, 2000 positions", interleaved(readers, args.repeats), results)


_ELEMENT_PROBE = r"""
import json, sys, tracemalloc, warnings
sys.path.insert(0, {root!r})
import dicomconstruct
mode, path, count = sys.argv[1], sys.argv[2], int(sys.argv[3])


def resident():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def items(ds):
    for element in ds:
        if element.VR == "SQ":
            for item in element.value:
                items(item)


with open(path, "rb") as f:
    data = f.read()  # the file's bytes are not what is measured
dicomconstruct.dcmread(data)  # imports and first-use tables, outside the measure
before = resident()
tracemalloc.start()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    ds = dicomconstruct.dcmread(data)
    if mode == "items":
        items(ds)
traced, _ = tracemalloc.get_traced_memory()
tracemalloc.stop()
print(json.dumps({{"traced": traced, "resident": resident() - before}}))
"""


@benchmark("element_memory", "bytes per element held by a read data set (tracemalloc and resident); "
                             "target <= 200 untouched")
def bench_element_memory(args, files, results):
    count = 100_000 if args.quick else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        flat = os.path.join(tmp, "flat.dcm")
        groups = os.path.join(tmp, "groups.dcm")
        cases = [("flat, untouched", "read", flat, make_flat_file(flat, count)),
                 ("sequences, untouched", "read", groups, make_functional_groups_file(groups, count // 13, False)),
                 ("sequences, items parsed", "items", groups, None)]
        for name, mode, path, elements in cases:
            elements = elements or cases[1][3]
            probe = subprocess.run([sys.executable, "-c", _ELEMENT_PROBE.format(root=ROOT), mode, path,
                                    str(elements)], capture_output=True, text=True, check=False)
            if probe.returncode != 0:
                print(f"  {name:<28} FAILED: {probe.stderr.strip().splitlines()[-1:]}")
                continue
            figures = json.loads(probe.stdout)
            traced, resident = figures["traced"] / elements, figures["resident"] / elements
            verdict = "" if mode == "items" else ("  OK" if traced <= 200 else "  ABOVE TARGET 200")
            print(f"{'bytes per element':<20} {name:<26} tracemalloc {traced:7.1f}   resident {resident:7.1f}"
                  f"   ({elements} elements){verdict}")
            results[f"bytes per element, {name}"] = {"traced": traced, "resident": resident, "elements": elements}


# --- CLI ------------------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", metavar="NAME", help="run only this benchmark (repeatable)")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, 50 MB memory file")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    parser.add_argument("--repeats", type=int, default=None, help="timing repeats (best of N)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)
    if args.list:
        for name, (_, description) in BENCHMARKS.items():
            print(f"{name:<14} {description}")
        return 0
    names = args.only or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s) {unknown}; known: {list(BENCHMARKS)}")
    if args.repeats is None:
        args.repeats = 2 if args.quick else 7
    standalone = ("memory", "import", "inflate", "big_sequences", "enhanced_mf", "element_memory")
    files = corpus() if any(n not in standalone for n in names) else []
    if files:
        print(f"corpus: {len(files)} files, {sum(map(len, files)) / 2**20:.1f} MB; best of {args.repeats}")
    results: dict = {}
    for name in names:
        BENCHMARKS[name][0](args, files, results)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
