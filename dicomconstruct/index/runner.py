"""Run an index: list the files, read the new and changed ones on workers, write the parts, tidy up.

Where the files are read:

* ``workers=1``: in this process.
* otherwise (the default: one worker per core, ``os.cpu_count()``): a
  ``concurrent.futures.ProcessPoolExecutor`` of local worker processes started for the
  run (``forkserver``, ``spawn`` where there is none) and stopped after it.  No server,
  no port, and dask is not even imported: the pool gets batches of paths and gives back
  small ``pyarrow`` tables.
* ``client=`` a ``dask.distributed.Client`` (or ``scheduler="tcp://host:8786"``, a client
  made and closed for the run): each batch of paths is one task; the scheduler sees only the
  paths of a batch and where its small result table is, the workers read the files where
  they are mounted (at the same paths as here, where the files are listed) and need
  dicomconstruct installed.

At most two batches per worker are in flight, so that memory stays bounded whatever the
archive size: a worker holds one file at a time (read with ``stop_before_pixels``, so
without the Pixel Data), and the rows of one batch.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor
from concurrent.futures import wait as wait_futures
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from .columns import DEFAULT_KEYWORDS, columns_for
from .scan import list_files, read_batch, schema_for
from .store import DEFAULT_MAX_FILE_ROWS, Store

__all__ = ["index_files", "IndexResult"]

#: Files per task: at most this many, at least the minimum, else enough for 4 tasks per worker.
MAX_BATCH = 1000
MIN_BATCH = 20
#: Tasks in flight per worker.
IN_FLIGHT = 2


@dataclass
class IndexResult:
    """What a run did: files found, read (this run), kept (unchanged rows), dropped (files gone)."""

    output: str
    files: int
    read: int
    kept: int
    dropped: int
    errors: int
    rows: int
    seconds: float
    workers: int
    directory: bool

    def summary(self) -> str:
        """One line: rows, what was read and kept, errors, time and files/s."""
        rate = self.read / self.seconds if self.seconds > 0 else 0.0
        form = "directory" if self.directory else "file"
        return (f"{self.rows} rows in {self.output} ({form}): {self.read} files read ({self.errors} errors), "
                f"{self.kept} unchanged, {self.dropped} dropped; {self.seconds:.1f} s, {rate:.0f} files/s, "
                f"{self.workers} worker{'s' if self.workers != 1 else ''}")


def _batches(paths: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(paths), size):
        yield paths[start:start + size]


def _run(submit: Callable, wait: Callable, batches: Iterator[list[str]], window: int, done: Callable) -> None:
    """Keep ``window`` tasks in flight; hand each finished table to ``done`` as it comes."""
    pending = set()
    for batch in batches:
        pending.add(submit(batch))
        if len(pending) >= window:
            break
    while pending:
        finished, pending = wait(pending, return_when=FIRST_COMPLETED)
        pending = set(pending)
        for future in finished:
            done(future.result())
            following = next(batches, None)
            if following is not None:
                pending.add(submit(following))


def _local_context():
    """``forkserver`` (``spawn`` where there is none): no fork of a process that may run threads.

    As with any ``multiprocessing`` pool, the workers import the main script again: a script
    that calls :func:`index_files` needs the ``if __name__ == "__main__":`` guard.
    """
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _progress(total: int, show: bool | None):
    if show is None:
        show = sys.stderr.isatty()
    if not show:
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # the bar is a comfort, not a need
        return None
    return tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True, desc="index")


def index_files(
    sources: Iterable[str] | str,
    output: str,
    *,
    keywords: Iterable[str] | None = None,
    client: Any = None,
    scheduler: str | None = None,
    workers: int | None = None,
    progress: bool | None = None,
    meta: bool = True,
    force: bool = False,
    batch_size: int | None = None,
    max_file_rows: int = DEFAULT_MAX_FILE_ROWS,
) -> IndexResult:
    """Index the DICOM files under ``sources`` (files or directories) into the Parquet ``output``.

    One row per regular file: ``path`` (absolute), ``size``, ``mtime`` (UTC, microseconds),
    ``error`` (``None``, or why the file could not be read), ``warnings`` (reports about
    damaged data read anyway), one column per keyword (:data:`DEFAULT_KEYWORDS` by default;
    types in :mod:`.columns`) and ``meta``, the data set as DICOM JSON (PS3.18 F.2, Pixel
    Data and File Meta left out, binary values over 1 KiB as a ``file://...?offset=&length=``
    BulkDataURI).  ``meta=False`` leaves that column out and reads each file only up to the
    last keyword, several times faster.  ``force=True`` reads files without preamble/File Meta.

    When ``output`` exists, only new files and files whose size or mtime changed are read;
    rows of files no longer under ``sources`` are dropped; an index made with other keywords
    (or ``meta``) is rebuilt.  ``workers``, ``client``, ``scheduler``: see :mod:`.runner`.
    ``progress``: a tqdm bar on stderr (``None``: when stderr is a terminal).
    """
    started = time.perf_counter()
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    keywords = tuple(DEFAULT_KEYWORDS if keywords is None else keywords)
    columns_for(keywords)  # an unknown or unsuitable keyword is a ValueError before any work
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    output = os.path.abspath(os.path.expanduser(os.fspath(output)))
    own = (output, output + ".partial")
    listing = {path: (size, mtime) for path, size, mtime in list_files(sources)
               if path not in own and not path.startswith(tuple(o + os.sep for o in own))}
    store = Store(output, schema_for(keywords, meta), len(listing), max_file_rows)
    state = store.load()

    holder: dict[str, str] = {}
    to_read = []
    for path, stamp in listing.items():
        old = state.get(path)
        if old is not None and old[:2] == stamp:
            holder[path] = old[2]
        else:
            to_read.append(path)
    kept = len(holder)
    dropped = sum(1 for path in state if path not in listing)

    made_client = None
    if client is None and scheduler is not None:
        from distributed import Client

        client = made_client = Client(scheduler)
    if client is not None:
        count = max(1, sum(client.nthreads().values()))
    else:
        count = workers or os.cpu_count() or 1
    size = batch_size or max(MIN_BATCH, min(MAX_BATCH, math.ceil(len(to_read) / (4 * count)) or 1))
    errors = 0
    bar = _progress(len(to_read), progress)

    def done(table) -> None:
        nonlocal errors
        part = store.write_part(table)
        for path in table.column("path").to_pylist():
            holder[path] = part
        failed = table.num_rows - table.column("error").null_count
        errors += failed
        if bar is not None:
            bar.update(table.num_rows)
            bar.set_postfix(errors=errors, refresh=False)

    batches = _batches(to_read, size)
    try:
        if client is not None:
            from distributed import wait as wait_dask

            _run(lambda batch: client.submit(read_batch, batch, keywords, meta, force, pure=False),
                 wait_dask, batches, IN_FLIGHT * count, done)
        elif count == 1 or len(to_read) <= size:
            count = 1  # one batch or one worker: no pool to start
            for batch in batches:
                done(read_batch(batch, keywords, meta, force))
        else:
            count = min(count, math.ceil(len(to_read) / size))  # no worker without a batch
            with ProcessPoolExecutor(count, mp_context=_local_context()) as pool:
                _run(lambda batch: pool.submit(read_batch, batch, keywords, meta, force),
                     wait_futures, batches, IN_FLIGHT * count, done)
    finally:
        if bar is not None:
            bar.close()
        if made_client is not None:
            made_client.close()
    rows = store.finish(holder)
    return IndexResult(output, len(listing), len(to_read), kept, dropped, errors, rows,
                       time.perf_counter() - started, count, store.directory)
