"""Archive index: the headers of every DICOM file under some folders as one Parquet table.

``index_files(sources, output)`` (and ``dicomconstruct index SOURCE... -o OUT.parquet``) writes
one row per file (or zip member): ``path``, ``size``, ``mtime``, ``error``, ``warnings``, one column per keyword
(:mod:`.columns` says how VRs map to types) and ``meta`` (the DICOM JSON model, PS3.18 F.2).
Files are read by local worker processes, or by a Dask cluster (:mod:`.runner`); reruns read
only new and changed files (:mod:`.store`).  Needs the ``index`` extra (pyarrow; dask and
tqdm for clusters and the progress bar): ``pip install "dicomconstruct[index]"``.

Modules: :mod:`.columns` (keyword columns), :mod:`.scan` (listing, per-file rows: the workers'
side), :mod:`.store` (Parquet file or directory, incremental state), :mod:`.runner`
(:func:`index_files`), :mod:`.command` (the CLI subcommand).
"""

from __future__ import annotations

from .columns import DEFAULT_KEYWORDS

__all__ = ["DEFAULT_KEYWORDS", "index_files", "IndexResult"]


def __getattr__(name: str):
    if name in ("index_files", "IndexResult"):
        try:
            from . import runner
        except ImportError as error:  # pyarrow missing
            raise ImportError(
                f"dicomconstruct.index needs pyarrow ({error}): pip install \"dicomconstruct[index]\""
            ) from error
        return getattr(runner, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
