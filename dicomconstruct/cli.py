"""Command line: ``dicomconstruct show PATH`` prints a file as ``print(ds)`` does.

``PATH`` may name a bundled sample as ``dicomconstruct::CT_small.dcm``.
Options: ``--header`` (File Meta Information only), ``-k/--keyword KEYWORD``
(one element, repeatable), ``--version``.  Unreadable input gives a one-line
error on stderr and exit status 1.
"""

from __future__ import annotations

import argparse
import sys
import warnings

from ._version import __version__
from .errors import InvalidDicomError

__all__ = ["main"]

SAMPLE_PREFIX = "dicomconstruct::"


def _resolve(path: str) -> str:
    if path.startswith(SAMPLE_PREFIX):
        from .data import get_testdata_file, get_testdata_files

        name = path[len(SAMPLE_PREFIX) :]
        found = get_testdata_file(name)
        if found is None:
            names = ", ".join(p.rsplit("/", 1)[-1] for p in get_testdata_files())
            raise FileNotFoundError(f"no bundled sample named {name!r} (samples: {names})")
        return found
    return path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dicomconstruct", description="Read, show and write DICOM files.")
    parser.add_argument("--version", action="version", version=f"dicomconstruct {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    show = commands.add_parser("show", help="print a DICOM file's elements as print(ds) does")
    show.add_argument("path", help="a DICOM file, or dicomconstruct::NAME for a bundled sample")
    show.add_argument("-H", "--header", action="store_true", help="print the File Meta Information only")
    show.add_argument("-k", "--keyword", action="append", metavar="KEYWORD",
                      help="print only this element (keyword such as PatientName, or a tag such as 00100010)")
    show.add_argument("-f", "--force", action="store_true", help="read data without preamble and File Meta")
    show.add_argument("--json", action="store_true", help="print the data set as DICOM JSON (PS3.18 F.2)")
    return parser


def _element(ds, key: str):
    from .tag import Tag

    try:
        tag = Tag(key)  # a keyword, or a tag in hex
    except (ValueError, TypeError, OverflowError):
        raise KeyError(f"{key!r} is neither a keyword nor a tag") from None
    for container in (ds, ds.__dict__.get("file_meta") or ()):
        if tag in container:
            return container[tag]
    raise KeyError(f"{tag} {key} is not in the file")


def _indented_json(data) -> str:
    import json

    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)


def _show(args) -> int:
    from .filereader import dcmread

    path = _resolve(args.path)
    with warnings.catch_warnings():
        if not sys.warnoptions:
            warnings.simplefilter("ignore")
        ds = dcmread(path, force=args.force, stop_before_pixels=args.header)
        if args.header:
            meta = ds.__dict__.get("file_meta")
            print(meta if meta is not None else "")
            return 0
        if args.json:
            print(ds.to_json(dump_handler=_indented_json))
            return 0
        if args.keyword:
            for key in args.keyword:
                print(repr(_element(ds, key)))
            return 0
        print(ds)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``dicomconstruct`` command; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "show":
            return _show(args)
    except KeyError as error:
        message = error.args[0] if error.args else str(error)
        print(f"dicomconstruct: error: {message}", file=sys.stderr)
        return 1
    except (OSError, ValueError, InvalidDicomError) as error:
        print(f"dicomconstruct: error: {args.path}: {error}", file=sys.stderr)
        return 1
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
