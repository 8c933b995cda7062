#!/usr/bin/env python3
"""Speed of the archive index (issue 14): files/s of its per-file read against dicomsdl and pydicom.

    python3 tools/bench_index.py              # 3000 files, best of 5 rounds
    python3 tools/bench_index.py --quick      # 600 files, best of 3
    python3 tools/bench_index.py --files 10000 --repeats 7

The archive is made in a temporary folder from pydicom's test files that hold Pixel Data
(the files a header scan meets), copied round-robin.  In one process, interleaved (one round
runs each reader once over every file, in turn; the best round counts):

* ``index row``: :func:`dicomconstruct.index.scan.read_row` without ``meta`` (what
  ``--no-meta`` reads: ``stop_before_pixels`` + ``specific_tags`` of the 25 default keywords);
* ``index row + meta``: the same with the ``meta`` column (the whole header as DICOM JSON);
* ``dicomsdl``: ``dicomsdl.open(path, load_until=PixelData).getValues(keywords)``;
* ``pydicom``: ``dcmread(path, stop_before_pixels=True, specific_tags=keywords)`` and the values.

Then whole runs of :func:`~dicomconstruct.index.index_files` (listing, reading, Parquet
writing) with 1 and 2 local workers, each into a fresh output: files/s and the speed-up.
Last, the archive read by 2 workers of a pool already started (as ``index_files`` runs
them), with the CPU time each batch took inside its worker: files per CPU-second tells
whether the workers do as much per file as one process, whatever else runs on the machine.
Needs the ``index`` and ``bench`` extras.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import sys
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat

TOOLS = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, TOOLS)

from bench import _corpus_dir, corpus, interleaved, peer  # noqa: E402  (bench puts the repository on sys.path)

from dicomconstruct.format.constants import PIXEL_DATA_TAG  # noqa: E402
from dicomconstruct.index import DEFAULT_KEYWORDS, index_files  # noqa: E402
from dicomconstruct.index.columns import columns_for  # noqa: E402
from dicomconstruct.index.runner import _local_context  # noqa: E402
from dicomconstruct.index.scan import read_batch, read_row  # noqa: E402


def make_archive(folder: str, count: int) -> list[str]:
    """``count`` files under ``folder``, copies of the corpus files with Pixel Data that every reader reads."""
    import pydicom

    sdl = peer("dicomsdl")
    keywords = list(DEFAULT_KEYWORDS)
    columns = columns_for(DEFAULT_KEYWORDS)
    sources = []
    for raw in corpus():
        ds = pydicom.dcmread(__import__("io").BytesIO(raw), stop_before_pixels=False)
        if "PixelData" in ds and not ds.file_meta.get("TransferSyntaxUID", "").endswith(".99"):
            sources.append(raw)
    readers = {"ours": lambda path: read_row(path, columns, meta=True)}
    readers["pydicom"] = lambda path: pydicom.dcmread(path, stop_before_pixels=True, specific_tags=keywords)
    if sdl is not None:
        readers["dicomsdl"] = lambda path: sdl.open(path, load_until=PIXEL_DATA_TAG).getValues(keywords)
    kinds = _corpus_dir(sources, folder, readers)
    paths = []
    for index in range(count):
        path = os.path.join(folder, "archive", f"d{index // 500:03d}", f"f{index:06d}.dcm")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        shutil.copyfile(kinds[index % len(kinds)], path)
        paths.append(path)
    print(f"archive: {count} files ({len(kinds)} kinds), {sum(map(os.path.getsize, paths)) / 2**20:.0f} MB")
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=None)
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    count = args.files or (600 if args.quick else 3000)
    repeats = args.repeats or (3 if args.quick else 5)
    import pydicom

    sdl = peer("dicomsdl")
    keywords = list(DEFAULT_KEYWORDS)
    columns = columns_for(DEFAULT_KEYWORDS)

    def pydicom_read(path):
        ds = pydicom.dcmread(path, stop_before_pixels=True, specific_tags=keywords)
        return [ds.get(k) for k in keywords]

    readers = {
        "index row": lambda path: read_row(path, columns, meta=False),
        "index row + meta": lambda path: read_row(path, columns, meta=True),
        "pydicom": pydicom_read,
    }
    if sdl is not None:
        readers["dicomsdl"] = lambda path: sdl.open(path, load_until=PIXEL_DATA_TAG).getValues(keywords)
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        paths = make_archive(tmp, count)
        times = interleaved({name: (lambda read=read: [read(p) for p in paths]) for name, read in readers.items()},
                            repeats)
        print(f"one process, {len(keywords)} keywords (files/s, best of {repeats}):")
        base = times.get("dicomsdl")
        for name, seconds in times.items():
            ratio = f"   {base / seconds:5.2f}x dicomsdl" if base else ""
            print(f"  {name:<18} {count / seconds:8.0f}{ratio}   {times['pydicom'] / seconds:5.2f}x pydicom")

        archive = os.path.join(tmp, "archive")
        runs = {}
        for meta in (False, True):
            for workers in (1, 2):
                runs[(meta, workers)] = lambda meta=meta, workers=workers: _whole_run(archive, tmp, workers, meta)
        best = interleaved(runs, max(2, repeats // 2))
        print("index_files, whole runs into a new output (files/s):")
        for meta in (False, True):
            one, two = count / best[(meta, 1)], count / best[(meta, 2)]
            label = "with meta" if meta else "no meta"
            print(f"  {label:<10} 1 worker {one:7.0f}   2 workers {two:7.0f}   speed-up {two / one:4.2f}x "
                  f"on {os.cpu_count()} cores")
        print("2 workers already started (the pool of index_files), files/s of wall time and per CPU-second:")
        for meta in (False, True):
            start = time.process_time()
            read_batch(paths, tuple(DEFAULT_KEYWORDS), meta)
            one_cpu = time.process_time() - start
            wall, cpu = min((_pool_figures(paths, 2, meta) for _ in range(max(2, repeats // 2))), key=lambda f: f[0])
            label = "with meta" if meta else "no meta"
            print(f"  {label:<10} wall {count / wall:7.0f}   per worker CPU-second {count / cpu:7.0f}   "
                  f"(one process: {count / one_cpu:7.0f} per CPU-second)")
    return 0


def _timed_batch(paths: list[str], keywords: tuple, meta: bool) -> float:
    """Read a batch as a worker does; return the CPU seconds it took in this process."""
    start = time.process_time()
    read_batch(paths, keywords, meta)
    return time.process_time() - start


def _pool_figures(paths: list[str], workers: int, meta: bool) -> tuple[float, float]:
    """(wall seconds, CPU seconds summed over the workers) of reading ``paths`` on a warm local pool."""
    size = math.ceil(len(paths) / (4 * workers))
    batches = [paths[i:i + size] for i in range(0, len(paths), size)]
    keywords = tuple(DEFAULT_KEYWORDS)
    with ProcessPoolExecutor(workers, mp_context=_local_context()) as pool:
        list(pool.map(_timed_batch, [paths[:5]] * workers * 2, repeat(keywords), repeat(meta)))  # start them
        start = time.perf_counter()
        cpu = sum(pool.map(_timed_batch, batches, repeat(keywords), repeat(meta)))
        return time.perf_counter() - start, cpu


def _whole_run(archive: str, tmp: str, workers: int, meta: bool) -> None:
    output = os.path.join(tmp, f"run-{workers}-{meta}-{time.monotonic_ns()}.parquet")
    result = index_files(archive, output, workers=workers, meta=meta, progress=False)
    assert result.read == result.rows and result.errors == 0, result.summary()
    os.unlink(output)


if __name__ == "__main__":
    sys.exit(main())
