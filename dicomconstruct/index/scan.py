"""What the indexer reads: the files under the sources, and one row per file (the worker's side).

:func:`list_files` walks the sources (regular files only; symbolic links to files are
followed, links to directories are not).  :func:`read_batch` is the one function a worker
runs: it gets paths and gives back a small ``pyarrow.Table``, one row per path.

Each file is read with ``dcmread(path, stop_before_pixels=True)`` (PS3.10 7: preamble,
File Meta, data set up to Pixel Data); without the ``meta`` column it adds
``specific_tags=keywords``, so that parsing stops after the last of them.  A file that is
damaged or not DICOM is a row whose ``error`` is the exception's type and message; the
reports about data read anyway (truncated values, odd lengths...) are the row's ``warnings``.
"""

from __future__ import annotations

import json
import os
import stat
import urllib.parse
import urllib.request
import zipfile
from typing import Any, Iterable, Iterator

from .. import config
from ..errors import InvalidDicomError, format_tag
from ..filereader import dcmread
from ..jsonrep import element_to_json_dict
from ..multival import MultiValue
from .columns import Column, arrow_type, columns_for

__all__ = ["list_files", "read_row", "read_batch", "schema_for", "FIXED_COLUMNS", "SCHEMA_KEY"]

#: Columns of every index, before the keyword columns; ``meta`` comes last when asked for.
FIXED_COLUMNS = ("path", "size", "mtime", "error", "warnings")
#: Key of the schema metadata that records what the index holds (keywords, meta).
SCHEMA_KEY = b"dicomconstruct.index"
#: Binary values longer than this are left out of ``meta`` as a BulkDataURI (PS3.18 F.2.7).
BULK_DATA_THRESHOLD = 1024
#: Between a zip archive's path and a member's name in the ``path`` column.
MEMBER_SEPARATOR = "::"
_INT64 = (-(1 << 63), (1 << 63) - 1)
_UINT64 = (0, (1 << 64) - 1)


def list_files(sources: Iterable[str]) -> Iterator[tuple[str, int, int]]:
    """``(path, size, mtime in microseconds since the epoch)`` of every file in ``sources`` (files or directories).

    Directories are walked recursively in name order.  A source that does not exist is a
    ``FileNotFoundError``; entries that are not regular files (FIFOs, sockets, devices,
    broken links) are left out, since reading them could block or mean nothing.  A file
    named ``*.zip`` that is a zip archive gives its members instead, as
    ``ARCHIVE.zip::member/name`` with the member's size and the archive's mtime (a changed
    archive is read again whole); one that cannot be opened as a zip is a plain file.
    """
    for source in sources:
        source = os.path.abspath(os.path.expanduser(os.fspath(source)))
        st = os.stat(source)
        if stat.S_ISDIR(st.st_mode):
            for folder, dirs, names in os.walk(source):
                dirs.sort()
                for name in sorted(names):
                    path = os.path.join(folder, name)
                    try:
                        st = os.stat(path)
                    except OSError:
                        continue
                    if stat.S_ISREG(st.st_mode):
                        yield from _file_or_members(path, st)
        elif stat.S_ISREG(st.st_mode):
            yield from _file_or_members(source, st)
        else:
            raise ValueError(f"{source} is neither a regular file nor a directory")


def _file_or_members(path: str, st: os.stat_result) -> Iterator[tuple[str, int, int]]:
    mtime = st.st_mtime_ns // 1000
    if path.lower().endswith(".zip"):
        try:
            with zipfile.ZipFile(path) as archive:
                members = [(info.filename, info.file_size) for info in archive.infolist() if not info.is_dir()]
        except (OSError, zipfile.BadZipFile, ValueError):
            pass
        else:
            for name, size in members:
                yield f"{path}{MEMBER_SEPARATOR}{name}", size, mtime
            return
    yield path, st.st_size, mtime


def _member(path: str) -> tuple[str, str] | None:
    """``(archive, member)`` when ``path`` names a zip member as :func:`list_files` does, else ``None``."""
    archive, separator, member = path.partition(MEMBER_SEPARATOR)
    if separator and archive.lower().endswith(".zip") and os.path.isfile(archive):
        return archive, member
    return None


def _bulk_uri(path: str, member: str | None = None) -> Any:
    base = "file://" + urllib.request.pathname2url(path)
    if member is not None:
        base += "?member=" + urllib.parse.quote(member) + "&"
    else:
        base += "?"

    def handler(elem) -> str:
        offset = elem.value_offset
        return base[:-1] if offset is None else f"{base}offset={offset}&length={elem.value_length}"

    return handler


def _checked(column: Column, value: Any) -> Any:
    low, high = _UINT64 if column.kind == "uint64" else _INT64
    for number in value if isinstance(value, list) else (value,):
        if isinstance(number, int) and not low <= number <= high:
            raise ValueError(f"{number} does not fit a {column.kind} column")
    return value


def _values(ds, columns: tuple[Column, ...], row: dict, warnings: list) -> None:
    meta = ds.__dict__.get("file_meta")
    for column in columns:
        container = meta if column.tag >> 16 == 2 else ds
        if container is None or column.tag not in container:
            continue
        try:
            value = container[column.tag].value
            if not column.multi and isinstance(value, (MultiValue, list, tuple)) and len(value) > 1:
                warnings.append(f"{column.keyword} has {len(value)} values: the column holds the first")
            row[column.keyword] = _checked(column, column.convert(value))
        except Exception as error:  # a value that does not convert: null, and said in warnings
            warnings.append(f"{column.keyword}: {type(error).__name__}: {error}")


def _json_model(ds, handler, warnings: list) -> dict:
    """``ds.to_json_dict()`` with bulk data as URIs; an element that fails is left out and said in ``warnings``.

    (Element by element here, so that a bad value costs a warning of this row rather than an
    error on the log.)
    """
    document = {}
    for tag in ds.keys():
        try:
            document[f"{tag:08X}"] = element_to_json_dict(ds[tag], handler, BULK_DATA_THRESHOLD)
        except Exception as error:
            warnings.append(f"meta: {format_tag(tag)} left out: {type(error).__name__}: {error}")
    return document


def read_row(path: str, columns: tuple[Column, ...], meta: bool = True, force: bool = False,
             archives: dict | None = None) -> dict:
    """The row of one file: ``path size mtime error warnings``, one value per column, ``meta``.

    ``force`` reads data sets without preamble and File Meta too (``dcmread(force=True)``).
    A zip member (``ARCHIVE.zip::name``) is read whole into memory from the archive, kept
    open in ``archives`` (path -> ``ZipFile``) for the next members.
    """
    row: dict[str, Any] = dict.fromkeys(FIXED_COLUMNS)
    row.update((column.keyword, None) for column in columns)
    row["path"] = path
    warnings: list[str] = []
    try:
        member = _member(path)
        if member is None:
            st = os.stat(path)
            row["size"], row["mtime"] = st.st_size, st.st_mtime_ns // 1000
            source, bulk = path, _bulk_uri(path)
        else:
            archive = _open_archive(member[0], {} if archives is None else archives)
            info = archive.getinfo(member[1])
            row["size"], row["mtime"] = info.file_size, os.stat(member[0]).st_mtime_ns // 1000
            source, bulk = archive.read(info), _bulk_uri(*member)
        with config.collect_reports() as reports:
            if meta:
                ds = dcmread(source, stop_before_pixels=True, force=force)
            else:
                ds = dcmread(source, stop_before_pixels=True, force=force, specific_tags=[c.tag for c in columns])
                if not len(ds) and not len(ds.__dict__.get("file_meta") or ()):
                    # parsing stopped at once (a tag past the keywords): say there was no element at all
                    raise InvalidDicomError("no DICOM data element found", offset=ds._parsed.dataset_offset)
            _values(ds, columns, row, warnings)
            if meta:
                row["meta"] = json.dumps(_json_model(ds, bulk, warnings), ensure_ascii=False, separators=(",", ":"))
        warnings[:0] = [message for message, _category in reports]
    except Exception as error:  # damaged, not DICOM, unreadable: a row that says why
        row["error"] = f"{type(error).__name__}: {' '.join(str(error).split())}"
    row["warnings"] = warnings or None
    if meta:
        row.setdefault("meta", None)
    return row


def _open_archive(path: str, archives: dict) -> zipfile.ZipFile:
    archive = archives.get(path)
    if archive is None:
        archive = archives[path] = zipfile.ZipFile(path)
    return archive


def schema_for(keywords: tuple[str, ...], meta: bool):
    """The ``pyarrow.Schema`` of an index of ``keywords`` (with ``meta`` or not); its metadata records both."""
    import pyarrow as pa

    fields = [
        pa.field("path", pa.string(), nullable=False),
        pa.field("size", pa.int64()),
        pa.field("mtime", pa.timestamp("us", tz="UTC")),
        pa.field("error", pa.string()),
        pa.field("warnings", pa.list_(pa.string())),
    ]
    fields.extend(pa.field(column.keyword, arrow_type(column)) for column in columns_for(keywords))
    if meta:
        fields.append(pa.field("meta", pa.string()))
    description = json.dumps({"version": 1, "keywords": list(keywords), "meta": bool(meta)})
    return pa.schema(fields, metadata={SCHEMA_KEY: description.encode()})


def read_batch(paths: list[str], keywords: tuple[str, ...], meta: bool = True, force: bool = False):
    """Rows of ``paths`` as a ``pyarrow.Table`` (the task a local or Dask worker runs)."""
    import pyarrow as pa

    keywords = tuple(keywords)
    columns = columns_for(keywords)
    schema = schema_for(keywords, meta)
    archives: dict = {}
    try:
        rows = [read_row(path, columns, meta, force, archives) for path in paths]
    finally:
        for archive in archives.values():
            archive.close()
    return pa.Table.from_pydict({name: [row[name] for row in rows] for name in schema.names}, schema=schema)
