"""Where an index lives: one Parquet file, or a directory of part files; what an earlier run left.

Form (chosen when the output is first written, kept by later runs):

* a **single file** ``OUT.parquet`` when the first run finds at most ``max_file_rows``
  files (100,000 by default).  While a run is under way its rows go to part files in
  ``OUT.parquet.partial/``; at the end the rows kept from ``OUT.parquet`` and those parts are
  written to a new file that replaces it (one rename), and the directory is removed.
* a **dataset directory** ``OUT.parquet/part-000001.parquet ...`` (read by
  ``pyarrow.parquet.read_table("OUT.parquet")`` or DuckDB's ``read_parquet('OUT.parquet/*.parquet')``)
  for more files, or when ``OUT`` already is a directory or ends with a path separator.
  New rows go to new parts; at the end, parts holding rows of deleted or re-read files are
  rewritten without them (or removed).

Every part is written under a dot name and renamed into place, so that a part is either
complete or absent: an interrupted run loses at most the parts in flight.  When a path is
in several parts (a run interrupted before its clean-up), the part with the highest number
holds its row.  Two runs on one output at the same time are not supported.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .scan import SCHEMA_KEY

__all__ = ["Store", "DEFAULT_MAX_FILE_ROWS"]

#: At most this many rows make a single-file index; more make a dataset directory.
DEFAULT_MAX_FILE_ROWS = 100_000
_PART = re.compile(r"^part-(\d{6,})\.parquet$")
_STATE_COLUMNS = ["path", "size", "mtime"]


def _description(schema: pa.Schema) -> dict | None:
    raw = (schema.metadata or {}).get(SCHEMA_KEY)
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


class Store:
    """The output of an index run: its form, the rows it holds, the parts written to it.

    ``sources`` lists what holds rows, oldest first (the single file, then the parts by
    number); :meth:`load` maps each path to ``(size, mtime, source)`` of its newest row.
    """

    def __init__(self, output: str, schema: pa.Schema, expected_rows: int,
                 max_file_rows: int = DEFAULT_MAX_FILE_ROWS):
        self.output = os.path.abspath(os.path.expanduser(os.fspath(output)))
        self.schema = schema
        partial = self.output + ".partial"
        if os.path.isdir(self.output):
            self.directory = True
        elif os.path.exists(self.output) or os.path.isdir(partial):
            self.directory = False
        else:
            self.directory = expected_rows > max_file_rows or os.fspath(output).endswith(os.sep)
        self.parts_dir = self.output if self.directory else partial
        self.sources: list[str] = []
        self.rows_in: dict[str, int] = {}
        self.next_number = 1

    # -- what is there -----------------------------------------------------------
    def _parts(self) -> list[str]:
        if not os.path.isdir(self.parts_dir):
            return []
        found = []
        for name in os.listdir(self.parts_dir):
            match = _PART.match(name)
            if match:
                found.append((int(match.group(1)), name))
            elif name.startswith(".part-"):  # a part a killed run was writing
                os.unlink(os.path.join(self.parts_dir, name))
        found.sort()
        if found:
            self.next_number = found[-1][0] + 1
        return [os.path.join(self.parts_dir, name) for _, name in found]

    def load(self) -> dict[str, tuple[int, int, str]]:
        """``{path: (size, mtime_us, source)}`` of the rows already written with this schema's description.

        Rows of a part or file made with other keywords (or without ``meta``) are not
        returned: their files are read again and the old rows are dropped at the end.
        """
        self.sources = ([self.output] if os.path.isfile(self.output) else []) + self._parts()
        wanted = _description(self.schema)
        state: dict[str, tuple[int, int, str]] = {}
        for source in self.sources:
            try:
                schema = pq.read_schema(source)
                table = pq.read_table(source, columns=_STATE_COLUMNS)
            except (pa.ArrowException, OSError) as error:
                raise ValueError(f"{source} is not an index made by dicomconstruct ({error}): "
                                 "give another output, or remove it") from None
            self.rows_in[source] = table.num_rows
            if _description(schema) != wanted:
                continue
            mtimes = table.column("mtime").cast(pa.int64()).to_pylist()
            for path, size, mtime in zip(table.column("path").to_pylist(), table.column("size").to_pylist(), mtimes):
                state[path] = (size, mtime, source)
        return state

    # -- writing -----------------------------------------------------------------
    def write_part(self, table: pa.Table) -> str:
        """Write ``table`` as the next part (complete or absent); return its path."""
        os.makedirs(self.parts_dir, exist_ok=True)
        name = f"part-{self.next_number:06d}.parquet"
        self.next_number += 1
        final = os.path.join(self.parts_dir, name)
        temporary = os.path.join(self.parts_dir, "." + name)
        pq.write_table(table, temporary)
        os.replace(temporary, final)
        self.sources.append(final)
        self.rows_in[final] = table.num_rows
        return final

    def _kept(self, source: str, paths: list[str]) -> pa.Table:
        table = pq.read_table(source, schema=self.schema)
        if len(paths) == table.num_rows:
            return table
        return table.filter(pc.is_in(table.column("path"), value_set=pa.array(paths, pa.string())))

    def finish(self, holder: dict[str, str]) -> int:
        """Keep, of every source, the rows ``holder`` (path -> source) assigns to it; return the rows in all.

        A dataset directory rewrites only the parts that lose rows; a single file is
        rewritten when anything changed, and the ``.partial`` directory is removed.
        """
        by_source: dict[str, list[str]] = {source: [] for source in self.sources}
        for path, source in holder.items():
            by_source[source].append(path)
        if self.directory:
            os.makedirs(self.parts_dir, exist_ok=True)
            for source, paths in by_source.items():
                if len(paths) == self.rows_in[source]:
                    continue
                if not paths:
                    os.unlink(source)
                    continue
                temporary = os.path.join(self.parts_dir, "." + os.path.basename(source))
                pq.write_table(self._kept(source, paths), temporary)
                os.replace(temporary, source)
            return len(holder)
        unchanged = (
            by_source.keys() == {self.output}
            and len(by_source[self.output]) == self.rows_in[self.output]
            and _description(pq.read_schema(self.output)) == _description(self.schema)
        )
        if not unchanged:
            os.makedirs(os.path.dirname(self.output), exist_ok=True)
            temporary = os.path.join(os.path.dirname(self.output), "." + os.path.basename(self.output) + ".tmp")
            with pq.ParquetWriter(temporary, self.schema) as writer:
                for source, paths in by_source.items():
                    if paths:
                        writer.write_table(self._kept(source, paths))
            os.replace(temporary, self.output)
        if os.path.isdir(self.parts_dir):
            shutil.rmtree(self.parts_dir)
        return len(holder)

