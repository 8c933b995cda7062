"""Command line: ``dicomconstruct show FILESPEC...`` prints files as ``print(ds)`` does.

A FILESPEC is a path (a file, or a directory: every file in it, recursively), or a bundled
sample as ``dicomconstruct::CT_small.dcm``, optionally followed by ``::`` and an element path
in pydicom's syntax, e.g. ``file.dcm::BeamSequence[0].BeamName``.  Options: ``--header``
(File Meta Information only), ``-k/--keyword KEY`` (one element by keyword or tag such as
``00100010`` or ``(0010,0010)``, repeatable), ``-x`` (no private elements), ``-t`` (top level
only), ``-q`` (a short summary), ``--version``.  What the reader reports about the data goes to stderr,
one line each; damaged data (truncated, broken items or delimiters) is shown as far as it can be
read, with exit status 1, and unreadable input gives a one-line error and exit status 1.  Each command is a
subparser of :func:`_parser`.
"""

from __future__ import annotations

import argparse
import os
import re
import sys

from ._version import __version__
from .errors import InvalidDicomError

__all__ = ["main", "filespec_parts", "eval_element"]

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
    show = commands.add_parser("show", help="print DICOM files' elements as print(ds) does")
    show.add_argument("filespec", nargs="+", metavar="FILESPEC",
                      help="a DICOM file or directory, or dicomconstruct::NAME for a bundled sample; "
                           "optionally ::ELEMENT.PATH, e.g. file.dcm::BeamSequence[0].BeamName")
    show.add_argument("-H", "--header", action="store_true", help="print the File Meta Information only")
    show.add_argument("-k", "--keyword", action="append", metavar="KEY",
                      help="print only this element (keyword such as PatientName, or a tag such as "
                           "00100010 or '(0010,0010)')")
    show.add_argument("-f", "--force", action="store_true", help="read data without preamble and File Meta")
    show.add_argument("-x", "--exclude-private", action="store_true", help="leave out private elements")
    show.add_argument("-t", "--top", action="store_true", help="only the top level, not sequence items")
    show.add_argument("-q", "--quiet", action="store_true", help="a short summary of each file")
    show.add_argument("--json", action="store_true", help="print the data set as DICOM JSON (PS3.18 F.2)")
    explain = commands.add_parser("explain", help="list a file's structures: offset, header bytes, fields, PS3.5 table")
    explain.add_argument("path", help="a DICOM file, or dicomconstruct::NAME for a bundled sample")
    explain.add_argument("--range", metavar="A:B", help="only structures starting at byte offsets A to B-1")
    explain.add_argument("-k", "--keyword", action="append", metavar="KEYWORD",
                         help="only this element and what it holds (keyword or tag such as 00100010)")
    codify = commands.add_parser("codify", help="print Python code that rebuilds a DICOM file (or one item)")
    from .util.codify import set_parser_arguments

    set_parser_arguments(codify, default_exclude_size=100)
    from .index.command import add_parser as add_index

    add_index(commands)
    return parser


def _codify(args) -> int:
    from .util.codify import do_codify

    try:
        do_codify(args)
    except NotImplementedError as error:
        print(f"dicomconstruct: error: {_one_line(error)}", file=sys.stderr)
        return 1
    return 0


def _explain(args) -> int:
    from . import explain
    from .tag import Tag

    start = stop = None
    if args.range:
        first, _, last = args.range.partition(":")
        start, stop = (int(first, 0) if first else None), (int(last, 0) if last else None)
    tags = [Tag(key) for key in args.keyword] if args.keyword else None
    print("\n".join(explain.explain(_resolve(args.path), start=start, stop=stop, tags=tags)))
    return 0


#: a tag written as pydicom prints it: "(0043,104e)" or "(0043, 104e)"
_PRINTED_TAG = re.compile(r"^\(\s*([0-9A-Fa-f]{4})\s*,\s*([0-9A-Fa-f]{4})\s*\)$")
#: one step of an element path: Keyword or Keyword[index]
_PATH_STEP = re.compile(r"^([A-Za-z][A-Za-z0-9]*)(?:\[(-?\d+)\])?$")
#: where a name may need quoting so that a message stays on one line
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]")


def _shown(path: str) -> str:
    """``path`` as it appears in a message: repr() when it holds line breaks or control characters."""
    return repr(path) if _UNPRINTABLE.search(path) else path


def filespec_parts(filespec: str) -> tuple[str, str, str]:
    """(sample prefix or "", file path, element path or "") of a FILESPEC.

    ``c:\\a.dcm`` keeps its single colon; ``::`` separates the element path.
    """
    prefix = ""
    if filespec.startswith(SAMPLE_PREFIX):
        prefix, filespec = SAMPLE_PREFIX, filespec[len(SAMPLE_PREFIX):]
    path, _, element = filespec.partition("::")
    return prefix, path, element


def eval_element(ds, element_path: str):
    """The value at ``element_path`` (``Sequence[0].Keyword`` ...) in ``ds``; ``ValueError`` if absent."""
    value = ds
    for step in element_path.split("."):
        match = _PATH_STEP.match(step)
        if match is None:
            raise ValueError(f"{element_path!r} is not an element path (Keyword or Keyword[index], joined by '.')")
        keyword, index = match.groups()
        from .dataset import Dataset

        if not isinstance(value, Dataset) or keyword not in value:
            raise ValueError(f"{keyword} is not in the data set at {element_path!r}")
        value = getattr(value, keyword)
        if index is not None:
            try:
                value = value[int(index)]
            except (IndexError, TypeError):
                raise ValueError(f"{keyword}[{index}] does not exist (in {element_path!r})") from None
    return value


def _files(path: str) -> list[str]:
    if os.path.isdir(path):
        found = []
        for folder, dirs, names in os.walk(path):
            dirs.sort()
            found.extend(os.path.join(folder, name) for name in sorted(names))
        return found
    return [path]


def _element(ds, key: str):
    from .tag import Tag

    printed = _PRINTED_TAG.match(key.strip())
    try:
        tag = Tag(int(printed.group(1) + printed.group(2), 16)) if printed else Tag(key)  # keyword or hex
    except (ValueError, TypeError, OverflowError):
        raise KeyError(f"{key!r} is neither a keyword nor a tag") from None
    for container in (ds, ds.__dict__.get("file_meta") or ()):
        if tag in container:
            return container[tag]
    raise KeyError(f"{tag} {key} is not in the file")


#: keywords of the -q summary, after the SOP Class (pydicom's choice)
_QUIET_KEYWORDS = ("PatientName", "PatientID", "StudyID", "StudyDate", "StudyTime", "StudyDescription")
_QUIET_IMAGE_KEYWORDS = ("BitsStored", "Modality", "Rows", "Columns", "SliceLocation")


def _quiet(ds) -> str:
    lines = []
    sop_class = ds.get("SOPClassUID")
    if sop_class is not None:
        lines.append(f"SOPClassUID: {sop_class.name}")
    lines.extend(f"{keyword}: {ds.get(keyword, 'N/A')}" for keyword in _QUIET_KEYWORDS)
    if sop_class is not None and "Image Storage" in sop_class.name:
        lines.extend(f"{keyword}: {ds.get(keyword, 'N/A')}" for keyword in _QUIET_IMAGE_KEYWORDS)
    return "\n".join(lines)


def _indented_json(data) -> str:
    import json

    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)


def _show_one(args, path: str, element_path: str) -> bool:
    """Print ``path`` as ``args`` ask; True if its data is damaged (a :class:`.DamagedDataWarning`).

    The reader's reports are said on stderr as one line each, naming the file, after its output.
    """
    from . import config
    from .errors import DamagedDataWarning

    with config.collect_reports() as reports:
        try:
            _print_file(args, path, element_path)
        finally:
            sys.stdout.flush()  # the output first, then what was wrong with it
            for message, _category in reports:
                print(f"dicomconstruct: warning: {_shown(path)}: {_one_line(message)}", file=sys.stderr)
    return any(issubclass(category, DamagedDataWarning) for _message, category in reports)


def _print_file(args, path: str, element_path: str) -> None:
    from .dataset import Dataset
    from .filereader import dcmread

    ds = dcmread(path, force=args.force, stop_before_pixels=args.header)
    if args.header:
        meta = ds.__dict__.get("file_meta")
        print(meta if meta is not None else "")
        return
    if args.exclude_private:
        ds.remove_private_tags()
    if args.json:
        print(ds.to_json(dump_handler=_indented_json))
        return
    if args.keyword:
        for key in args.keyword:
            print(repr(_element(ds, key)))
        return
    value = eval_element(ds, element_path) if element_path else ds
    if args.quiet and isinstance(value, Dataset):
        print(_quiet(value))
    elif args.top and isinstance(value, Dataset):
        print(value.top())
    else:
        print(value)


def _show(args) -> int:
    targets = []
    for filespec in args.filespec:
        prefix, path, element_path = filespec_parts(filespec)
        path = _resolve(prefix + path)
        targets.extend((file, element_path) for file in _files(path))
    status = 0
    for file, element_path in targets:
        if len(targets) > 1:
            print(f"==> {file} <==")
        try:
            if _show_one(args, file, element_path):
                status = 1
        except (KeyError, BrokenPipeError):
            raise
        except (OSError, ValueError, InvalidDicomError) as error:
            if len(targets) == 1:
                raise
            print(f"dicomconstruct: error: {_shown(file)}: {_one_line(error)}", file=sys.stderr)
            status = 1
    return status


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split("\n"))


#: exit status of a command whose reader went away (``show | head``): a shell's status for SIGPIPE
_BROKEN_PIPE_STATUS = 128 + 13


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``dicomconstruct`` command; returns the exit status.

    When the reader of standard output goes away (``dicomconstruct show a.dcm | head``) the command ends
    quietly with status 141, as a Unix tool ended by SIGPIPE does, instead of printing an error.
    """
    try:
        return _main(argv)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the interpreter's final flush must not fail again
        os.close(devnull)
        return _BROKEN_PIPE_STATUS


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "codify":
        return _codify(args)
    try:
        if args.command == "show":
            return _show(args)
        if args.command == "explain":
            return _explain(args)
        if args.command == "index":
            from .index.command import run as run_index

            return run_index(args, _resolve)
    except KeyError as error:
        message = error.args[0] if error.args else str(error)
        print(f"dicomconstruct: error: {message}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        raise
    except (OSError, ValueError, InvalidDicomError) as error:
        where = " ".join(_shown(spec) for spec in getattr(args, "filespec", None) or getattr(args, "sources", ()))
        print(f"dicomconstruct: error: {where}: {_one_line(error)}", file=sys.stderr)
        return 1
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
