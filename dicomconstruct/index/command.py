"""``dicomconstruct index SOURCE... -o OUT.parquet``: the CLI of :func:`~.runner.index_files`.

Options: ``--keywords K1,K2`` (columns; default :data:`~.columns.DEFAULT_KEYWORDS`),
``--workers N`` (local worker processes, default one per core), ``--scheduler ADDRESS``
(a Dask scheduler such as ``tcp://host:8786``), ``--no-meta`` (no ``meta`` column: faster),
``--force`` (read files without preamble/File Meta), ``-q`` (no progress bar, no summary).
The progress bar is shown on a terminal only; the summary line goes to stdout.
"""

from __future__ import annotations

import argparse

__all__ = ["add_parser", "run"]


def add_parser(commands) -> argparse.ArgumentParser:
    """Register the ``index`` subcommand on ``commands`` (the CLI's subparsers)."""
    index = commands.add_parser("index", help="index DICOM files' headers into Parquet (one row per file)")
    index.add_argument("sources", nargs="+", metavar="SOURCE",
                       help="a file, a zip archive or a directory (recursive), or dicomconstruct::NAME")
    index.add_argument("-o", "--output", required=True, metavar="OUT.parquet",
                       help="the Parquet file (or dataset directory) to write or update")
    index.add_argument("--keywords", metavar="K1,K2", help="the keyword columns, comma-separated")
    index.add_argument("--workers", type=int, metavar="N", help="local worker processes (default: one per core)")
    index.add_argument("--scheduler", metavar="ADDRESS", help="run on the Dask cluster of this scheduler")
    index.add_argument("--no-meta", action="store_true", help="leave out the meta column (DICOM JSON of the header)")
    index.add_argument("-f", "--force", action="store_true", help="read data without preamble and File Meta too")
    index.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary line")
    return index


def run(args, resolve) -> int:
    """Run ``dicomconstruct index`` for parsed ``args``; ``resolve`` maps ``dicomconstruct::NAME`` to a path."""
    import sys

    try:
        from .runner import index_files

        if args.scheduler:
            import distributed  # noqa: F401
    except ImportError as error:
        print(f'dicomconstruct: error: the index command needs the index extra ({error}): '
              f'pip install "dicomconstruct[index]"', file=sys.stderr)
        return 1
    keywords = [k.strip() for k in args.keywords.split(",") if k.strip()] if args.keywords else None
    result = index_files(
        [resolve(source) for source in args.sources],
        args.output,
        keywords=keywords,
        workers=args.workers,
        scheduler=args.scheduler,
        progress=False if args.quiet else None,
        meta=not args.no_meta,
        force=args.force,
    )
    if not args.quiet:
        print(result.summary())
    return 0
