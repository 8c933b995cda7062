"""Archive index (issue 14): a generated archive into Parquet, locally, on a Dask LocalCluster, incrementally.

The archive is made by our own writer in a temporary folder: 1,200 small images (Explicit and
Implicit VR Little Endian, several patients, studies, series and modalities), the bundled
samples (big endian, deflated, nested sequences, multi-frame, no File Meta), truncated
copies, and files that are not DICOM.  Every row is compared with what
``dcmread(stop_before_pixels=True)`` gives for the same file.
"""

from __future__ import annotations

import io
import json
import os
import shutil

import pytest

import dicomconstruct
from dicomconstruct import config
from dicomconstruct.data import get_testdata_file, get_testdata_files
from dicomconstruct.uid import ImplicitVRLittleEndian

from .tools_required import require_module

pa = require_module("pyarrow", 'the index extra: pip install "dicomconstruct[index]"')
require_module("pyarrow.compute", 'the index extra: pip install "dicomconstruct[index]"')
pq = require_module("pyarrow.parquet", 'the index extra: pip install "dicomconstruct[index]"')

from dicomconstruct.cli import main  # noqa: E402
from dicomconstruct.index import DEFAULT_KEYWORDS, index_files  # noqa: E402
from dicomconstruct.index.store import Store  # noqa: E402

IMAGES = 1200
MODALITIES = ("CT", "MR", "US", "CR")
#: The Python type each default keyword's column holds ([t]: a list of t), as the README documents.
TYPES = {
    "PatientID": str, "PatientName": str, "PatientBirthDate": str, "PatientSex": str,
    "StudyInstanceUID": str, "StudyDate": str, "StudyTime": str, "StudyDescription": str,
    "AccessionNumber": str, "StudyID": str, "SeriesInstanceUID": str, "SeriesNumber": int,
    "SeriesDescription": str, "Modality": str, "BodyPartExamined": str, "SOPClassUID": str,
    "SOPInstanceUID": str, "InstanceNumber": int, "ImageType": [str], "Rows": int, "Columns": int,
    "NumberOfFrames": int, "PixelSpacing": [float], "SliceThickness": float, "TransferSyntaxUID": str,
}


def _write(path: str, data: bytes) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def make_archive(root: str, images: int = IMAGES) -> dict[str, int]:
    """Write the archive under ``root``; return the count of each kind of file."""
    ds = dicomconstruct.dcmread(get_testdata_file("CT_small.dcm"))
    ds.Rows = ds.Columns = 4
    ds.PixelData = bytes(32)
    explicit = ds.file_meta.TransferSyntaxUID
    kept = None
    for i in range(images):
        patient, study, series = i % 17, i // 100, i // 25
        ds.PatientID = f"PAT{patient:03d}"
        ds.PatientName = f"Doe^Patient{patient}"
        ds.StudyInstanceUID = f"2.25.{1000 + study}"
        ds.SeriesInstanceUID = f"2.25.{2000 + series}"
        ds.SeriesNumber = series
        ds.InstanceNumber = i % 25 + 1
        ds.SOPInstanceUID = f"2.25.{100000 + i}"
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        ds.Modality = MODALITIES[series % 4]
        ds.ImageType = ["ORIGINAL", "PRIMARY"] + (["AXIAL"] if i % 2 else [])
        ds.file_meta.TransferSyntaxUID = ImplicitVRLittleEndian if i % 5 == 0 else explicit
        buffer = io.BytesIO()
        ds.save_as(buffer)
        data = buffer.getvalue()
        _write(os.path.join(root, f"p{patient:02d}", f"s{study:02d}", f"{i:05d}.dcm"), data)
        if i == 1:
            kept = data
    samples = get_testdata_files()
    for path in samples:
        shutil.copy(path, os.path.join(root, os.path.basename(path)))
    damaged = [130, 200, 400, 700, 1000, 1500, 1900, 2050]  # truncated in the File Meta, the data set, Pixel Data
    for cut in damaged:
        _write(os.path.join(root, "damaged", f"cut{cut}.dcm"), kept[:cut])
    junk = {"notes.txt": b"not a DICOM file\n", "empty.dcm": b"", "fake.dcm": b"\0" * 128 + b"DICM" + b"\xff" * 64,
            "image.png": b"\x89PNG\r\n\x1a\n" + bytes(100)}
    for name, data in junk.items():
        _write(os.path.join(root, "junk", name), data)
    return {"images": images, "samples": len(samples), "damaged": len(damaged), "junk": len(junk)}


def all_files(root: str) -> list[str]:
    return sorted(os.path.join(folder, name) for folder, _, names in os.walk(root) for name in names)


def _plain(value, kind):
    return kind(str(value)) if kind is str else kind(value)


def expected_row(path: str, keywords=DEFAULT_KEYWORDS) -> dict | None:
    """The keyword values ``dcmread(stop_before_pixels=True)`` gives, in the column types; None if it raises."""
    try:
        with config.collect_reports():  # damaged files: what is reported is checked elsewhere
            ds = dicomconstruct.dcmread(path, stop_before_pixels=True)
    except Exception:
        return None
    row = {}
    for keyword in keywords:
        container = ds.file_meta if keyword == "TransferSyntaxUID" else ds
        kind = TYPES[keyword]
        if keyword not in container or container[keyword].is_empty:
            row[keyword] = None
            continue
        value = container[keyword].value
        many = isinstance(value, (list, tuple)) or type(value).__name__ == "MultiValue"
        if isinstance(kind, list):
            row[keyword] = [_plain(v, kind[0]) for v in (value if many else [value])]
        else:
            row[keyword] = _plain(value[0] if many else value, kind)
    return row


def _by_path(table) -> dict[str, dict]:
    return {row["path"]: row for row in table.to_pylist()}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = str(tmp_path_factory.mktemp("archive"))
    kinds = make_archive(root)
    return root, kinds


@pytest.fixture(scope="module")
def indexed(archive, tmp_path_factory):
    """The archive indexed by the API with 2 local worker processes."""
    root, _ = archive
    output = str(tmp_path_factory.mktemp("out") / "index.parquet")
    result = index_files([root], output, workers=2, progress=False)
    return output, result, pq.read_table(output)


def test_api_one_row_per_file_with_dcmread_values(archive, indexed):
    root, kinds = archive
    output, result, table = indexed
    files = all_files(root)
    assert len(files) == sum(kinds.values())
    assert sorted(table.column("path").to_pylist()) == files  # one row per file, paths absolute
    assert (result.files, result.read, result.kept, result.rows, result.workers) == (len(files), len(files), 0,
                                                                                      len(files), 2)
    rows = _by_path(table)
    read = failed = 0
    for path in files:
        row, expected = rows[path], expected_row(path)
        assert row["size"] == os.path.getsize(path)
        assert row["mtime"].timestamp() == pytest.approx(os.stat(path).st_mtime, abs=1e-5)
        if expected is None:
            assert row["error"], path
            assert all(row[k] is None for k in DEFAULT_KEYWORDS) and row["meta"] is None
            failed += 1
            continue
        read += 1
        assert row["error"] is None, (path, row["error"])
        assert {k: row[k] for k in DEFAULT_KEYWORDS} == expected, path
    assert failed == result.errors
    assert failed >= kinds["junk"] + 1  # junk, no_meta.dcm, damaged files cut inside the File Meta
    assert read >= kinds["images"] + kinds["samples"] - 1
    # the truncated files that dcmread reads anyway: their rows hold what dcmread reports
    damaged = [p for p in files if "/damaged/" in p and rows[p]["error"] is None]
    reported = 0
    for path in damaged:
        with config.collect_reports() as reports:
            dicomconstruct.dcmread(path, stop_before_pixels=True)
        assert rows[path]["warnings"] == ([message for message, _ in reports] or None), path
        reported += bool(reports)
    assert reported >= 3
    assert all(rows[p]["warnings"] is None for p in files if p.endswith("00001.dcm"))


def test_columns_are_typed_from_the_vr(indexed):
    _, _, table = indexed
    schema = table.schema
    arrow = {str: pa.string(), int: pa.int64(), float: pa.float64()}
    for keyword, kind in TYPES.items():
        expected = pa.list_(arrow[kind[0]]) if isinstance(kind, list) else arrow[kind]
        assert schema.field(keyword).type == expected, keyword
    assert str(schema.field("mtime").type) == "timestamp[us, tz=UTC]"
    assert schema.names[:5] == ["path", "size", "mtime", "error", "warnings"] and schema.names[-1] == "meta"


def test_meta_is_the_json_model_of_the_header(archive, indexed):
    root, _ = archive
    _, _, table = indexed
    rows = _by_path(table)
    for name in ("p01/s00/00001.dcm", "p05/s00/00005.dcm", "CT_nested_sequences.dcm", "MF_grayscale_word.dcm"):
        path = os.path.join(root, name)
        ds = dicomconstruct.dcmread(path, stop_before_pixels=True)
        meta = json.loads(rows[path]["meta"])
        assert meta == ds.to_json_dict(), name
        assert "7FE00010" not in meta and "00020010" not in meta  # no Pixel Data, no File Meta


def test_bulk_values_are_uris_into_the_file(tmp_path):
    ds = dicomconstruct.dcmread(get_testdata_file("CT_small.dcm"))
    ds.add_new(0x00091010, "OB", bytes(range(256)) * 8)  # 2 KiB of binary: bulk data
    path = str(tmp_path / "bulk.dcm")
    ds.save_as(path)
    index_files(path, str(tmp_path / "out.parquet"), workers=1, progress=False)
    meta = json.loads(pq.read_table(str(tmp_path / "out.parquet")).column("meta")[0].as_py())
    uri = meta["00091010"]["BulkDataURI"]
    elem = dicomconstruct.dcmread(path)[0x00091010]
    assert uri.startswith("file://") and uri.endswith(f"?offset={elem.value_offset}&length=2048")
    with open(path, "rb") as f:
        f.seek(elem.value_offset)
        assert f.read(2048) == bytes(range(256)) * 8


def test_cli_gives_the_same_table(archive, indexed, tmp_path, capsys):
    root, _ = archive
    _, _, table = indexed
    output = str(tmp_path / "cli.parquet")
    assert main(["index", root, "-o", output, "--workers", "1"]) == 0
    out, err = capsys.readouterr()
    assert err == ""  # not a terminal: no progress bar
    assert out.count("\n") == 1 and out.startswith(f"{table.num_rows} rows in {output} (file): ")
    assert pq.read_table(output).sort_by("path").equals(table.sort_by("path"))
    assert main(["index", root, "-o", output, "-q"]) == 0
    assert capsys.readouterr() == ("", "")


def test_dask_local_cluster_gives_the_same_table(archive, indexed, tmp_path, capsys):
    require_module("dask", 'the index extra: pip install "dicomconstruct[index]"')
    distributed = require_module("distributed", 'the index extra: pip install "dicomconstruct[index]"')
    root, _ = archive
    _, _, table = indexed
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            output = str(tmp_path / "dask.parquet")
            with distributed.get_task_stream(client) as tasks:
                result = index_files([root], output, client=client, progress=False)
            assert (result.read, result.workers) == (table.num_rows, 2)
            assert pq.read_table(output).sort_by("path").equals(table.sort_by("path"))
            assert len({task["worker"] for task in tasks.data}) == 2  # both worker processes read files
        # the CLI, on a part of the archive, without meta: each file is read only up to the last keyword,
        # giving the same values and failures (the warnings may differ: damage past the last keyword is not met)
        folders = [os.path.join(root, name) for name in ("p00", "damaged", "junk")]
        output = str(tmp_path / "scheduler.parquet")
        assert main(["index", *folders, "-o", output, "--scheduler", cluster.scheduler_address, "--no-meta", "-q"]) == 0
    fast = pq.read_table(output).sort_by("path")
    part = pa.Table.from_pylist([row for row in table.to_pylist() if row["path"].startswith(tuple(
        folder + os.sep for folder in folders))], schema=table.schema).sort_by("path")
    assert part.num_rows > 80
    columns = ["path", "size", "mtime", *DEFAULT_KEYWORDS]
    assert fast.select(columns).equals(part.select(columns))
    assert pa.compute.is_valid(fast.column("error")).equals(pa.compute.is_valid(part.column("error")))


def test_duckdb_reads_the_index(archive, indexed):
    duckdb = require_module("duckdb", "duckdb (pip install duckdb)")
    root, kinds = archive
    output, _, _ = indexed
    counts = dict(duckdb.sql(f"SELECT Modality, count(*) FROM read_parquet('{output}') "
                             "WHERE error IS NULL GROUP BY Modality").fetchall())
    expected: dict = {}
    for path in all_files(root):
        row = expected_row(path, ["Modality"])
        if row is not None:
            expected[row["Modality"]] = expected.get(row["Modality"], 0) + 1
    assert counts == expected
    assert counts["MR"] >= IMAGES // 4
    series = duckdb.sql(f"SELECT count(DISTINCT SeriesInstanceUID) FROM '{output}' WHERE PatientID LIKE 'PAT%'")
    assert series.fetchall()[0][0] == IMAGES // 25


def _small_archive(archive, tmp_path, count=200) -> tuple[str, list[str]]:
    root, _ = archive
    small = str(tmp_path / "small")
    files = [p for p in all_files(root) if p.endswith(".dcm") and "/p0" in p][:count]
    for path in files:
        target = os.path.join(small, os.path.relpath(path, root))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(path, target)
    return small, all_files(small)


def test_incremental_rerun_reads_only_new_and_changed_files(archive, tmp_path):
    small, files = _small_archive(archive, tmp_path)
    output = str(tmp_path / "inc.parquet")
    first = index_files(small, output, workers=1, progress=False)
    assert (first.read, first.rows) == (len(files), len(files))
    again = index_files(small, output, workers=1, progress=False)
    assert (again.read, again.kept, again.dropped, again.rows) == (0, len(files), 0, len(files))

    changed = files[:3]
    for path in changed:  # new content, another size
        ds = dicomconstruct.dcmread(path)
        ds.PatientID = "CHANGED-ID"
        ds.save_as(path)
    added = [os.path.join(small, "new", f"n{i}.dcm") for i in range(2)]
    os.makedirs(os.path.dirname(added[0]))
    for path in added:
        shutil.copy(get_testdata_file("CT_small.dcm"), path)
    deleted = files[3:5]
    for path in deleted:
        os.unlink(path)
    # same size and mtime, other bytes: not read again, so its row keeps the old value
    sneaky = files[5]
    st = os.stat(sneaky)
    with open(sneaky, "r+b") as f:
        data = f.read()
        f.seek(0)
        f.write(data.replace(b"PAT", b"XYZ"))
    os.utime(sneaky, ns=(st.st_atime_ns, st.st_mtime_ns))

    result = index_files(small, output, workers=1, progress=False)
    assert (result.read, result.kept, result.dropped) == (5, len(files) - 5, 2)
    rows = _by_path(pq.read_table(output))
    assert sorted(rows) == sorted(set(files) - set(deleted) | set(added)) and result.rows == len(rows)
    assert [rows[p]["PatientID"] for p in changed] == ["CHANGED-ID"] * 3
    assert [rows[p]["PatientID"] for p in added] == ["1CT1"] * 2
    assert rows[sneaky]["PatientID"].startswith("PAT")
    assert not os.path.exists(output + ".partial")


def test_other_keywords_rebuild_the_index(archive, tmp_path):
    small, files = _small_archive(archive, tmp_path, count=60)
    output = str(tmp_path / "kw.parquet")
    index_files(small, output, workers=1, progress=False)
    assert main(["index", small, "-o", output, "--keywords", "Rows, ImageType,PatientName", "--no-meta", "-q"]) == 0
    table = pq.read_table(output)
    assert table.schema.names == ["path", "size", "mtime", "error", "warnings", "Rows", "ImageType", "PatientName"]
    assert table.num_rows == len(files)
    rows = _by_path(table)
    for path in files:
        expected = expected_row(path, ["Rows", "ImageType", "PatientName"])
        assert {k: rows[path][k] for k in expected} == expected


def test_bad_keywords_are_refused(tmp_path, capsys):
    with pytest.raises(ValueError, match="NoSuchKeyword"):
        index_files(str(tmp_path), str(tmp_path / "x.parquet"), keywords=["NoSuchKeyword"])
    with pytest.raises(ValueError, match="SQ"):
        index_files(str(tmp_path), str(tmp_path / "x.parquet"), keywords=["ReferencedImageSequence"])
    assert main(["index", str(tmp_path), "-o", str(tmp_path / "x.parquet"), "--keywords", "PixelData"]) == 1
    assert "PixelData has VR OB or OW" in capsys.readouterr().err
    assert not os.path.exists(tmp_path / "x.parquet")


def test_interrupted_run_resumes(archive, tmp_path, monkeypatch):
    small, files = _small_archive(archive, tmp_path)
    output = str(tmp_path / "stop.parquet")
    write_part = Store.write_part
    written = []

    def interrupted(self, table):
        if len(written) == 2:
            raise KeyboardInterrupt
        written.append(table.num_rows)
        return write_part(self, table)

    monkeypatch.setattr(Store, "write_part", interrupted)
    with pytest.raises(KeyboardInterrupt):
        index_files(small, output, workers=1, batch_size=40, progress=False)
    monkeypatch.setattr(Store, "write_part", write_part)
    assert not os.path.exists(output) and len(os.listdir(output + ".partial")) == 2
    result = index_files(small, output, workers=1, batch_size=40, progress=False)
    assert (result.read, result.kept) == (len(files) - 80, 80)
    paths = pq.read_table(output).column("path").to_pylist()
    assert sorted(paths) == files
    assert not os.path.exists(output + ".partial")


def test_dataset_directory_for_big_archives(archive, tmp_path, monkeypatch):
    duckdb = require_module("duckdb", "duckdb (pip install duckdb)")
    small, files = _small_archive(archive, tmp_path)
    output = str(tmp_path / "big.parquet")
    result = index_files(small, output, workers=2, batch_size=30, max_file_rows=100, progress=False)
    assert result.directory and os.path.isdir(output)
    parts = sorted(os.listdir(output))
    assert len(parts) == 7 and all(name.startswith("part-") and name.endswith(".parquet") for name in parts)
    assert sorted(pq.read_table(output).column("path").to_pylist()) == files
    count = duckdb.sql(f"SELECT count(*) FROM read_parquet('{output}/*.parquet')").fetchall()[0][0]
    assert count == len(files)

    # a rerun interrupted after its first new part, then resumed: no path twice, deleted rows gone
    for path in files[:10]:
        os.unlink(path)
    for path in files[10:40]:
        ds = dicomconstruct.dcmread(path)
        ds.PatientID = "AGAIN"
        ds.save_as(path)
    write_part = Store.write_part

    def once(self, table):
        write_part(self, table)
        raise KeyboardInterrupt

    monkeypatch.setattr(Store, "write_part", once)
    with pytest.raises(KeyboardInterrupt):
        index_files(small, output, workers=1, batch_size=10, progress=False)
    monkeypatch.setattr(Store, "write_part", write_part)
    result = index_files(small, output, workers=1, batch_size=10, progress=False)
    assert (result.read, result.dropped) == (20, 10)
    table = pq.read_table(output)
    paths = table.column("path").to_pylist()
    assert sorted(paths) == files[10:]
    rows = _by_path(table)
    assert all(rows[p]["PatientID"] == "AGAIN" for p in files[10:40])
    again = index_files(small, output, progress=False)
    assert (again.read, again.rows) == (0, len(files) - 10)


def test_output_inside_the_archive_is_not_indexed(tmp_path):
    shutil.copy(get_testdata_file("CT_small.dcm"), tmp_path / "a.dcm")
    output = str(tmp_path / "index.parquet")
    index_files(str(tmp_path), output, workers=1, progress=False)
    result = index_files(str(tmp_path), output, workers=1, progress=False)
    assert (result.files, result.read, result.rows) == (1, 0, 1)


def test_unreadable_source_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        index_files(str(tmp_path / "missing"), str(tmp_path / "x.parquet"))


def _readme_blocks() -> list[tuple[str, str]]:
    import re

    readme = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "README.md")
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    section = re.search(r"^## Indexing an archive\n(.*?)(?=^## |\Z)", text, re.S | re.M).group(1)
    return re.findall(r"^```(python|sh)\n(.*?)^```", section, re.S | re.M)


def test_readme_example_runs_as_written(tmp_path):
    """The script of README's "Indexing an archive", run as a file (so its workers import it again)."""
    import subprocess
    import sys

    scripts = [code for kind, code in _readme_blocks() if kind == "python"]
    assert len(scripts) == 1
    (tmp_path / "example.py").write_text(scripts[0])
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.abspath(dicomconstruct.__file__))))
    done = subprocess.run([sys.executable, "example.py"], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    printed = done.stdout.splitlines()
    assert printed == ["5 1", "[('CT', 3), ('OT', 1), (None, 1)]", "InvalidDicomError: File is missing DICOM", "0"]
    for line in printed:  # each printed value is the one the README shows
        assert f"# {line}" in scripts[0]
    # the command-line block after it, with `dicomconstruct` as `python -m dicomconstruct.cli`
    shell = [code for kind, code in _readme_blocks() if kind == "sh" and "small.parquet" in code][0]
    for line in shell.strip().splitlines():
        command = line.replace("dicomconstruct index", f"{sys.executable} -m dicomconstruct.cli index", 1)
        command = command.replace("python3 -c", f"{sys.executable} -c", 1)
        step = subprocess.run(command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        assert step.returncode == 0, (line, step.stderr)
    assert "0 files read" in subprocess.run(
        f"{sys.executable} -m dicomconstruct.cli index archive -o archive.parquet", shell=True, cwd=tmp_path, env=env,
        capture_output=True, text=True).stdout
    assert step.stdout == "[('CT', 128), ('CT', 128), ('CT', 128)]\n"


def test_progress_bar_when_asked(tmp_path, capsys):
    require_module("tqdm", 'the index extra: pip install "dicomconstruct[index]"')
    for i in range(3):
        shutil.copy(get_testdata_file("CT_small.dcm"), tmp_path / f"{i}.dcm")
    (tmp_path / "x.txt").write_text("not DICOM")
    index_files(str(tmp_path), str(tmp_path / "out.parquet"), workers=1, progress=True)
    err = capsys.readouterr().err
    assert "4/4" in err and "errors=1" in err and "file/s" in err


def test_zip_members_are_rows(archive, tmp_path):
    import zipfile

    root, _ = archive
    folder = tmp_path / "zips"
    folder.mkdir()
    sources = [p for p in all_files(root) if p.endswith(".dcm")][:3] + [os.path.join(root, "junk", "notes.txt")]
    bundle = str(folder / "bundle.zip")
    with zipfile.ZipFile(bundle, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for i, path in enumerate(sources):
            z.write(path, f"series{i % 2}/{os.path.basename(path)}")
        z.mkdir("empty")
    (folder / "not_a.zip").write_bytes(b"PK but no zip")
    shutil.copy(get_testdata_file("CT_small.dcm"), folder / "plain.dcm")
    output = str(tmp_path / "zip.parquet")
    result = index_files(str(folder), output, workers=1, progress=False)
    rows = _by_path(pq.read_table(output))
    with zipfile.ZipFile(bundle) as z:
        members = [info for info in z.infolist() if not info.is_dir()]
        assert sorted(rows) == sorted([f"{bundle}::{m.filename}" for m in members]
                                      + [str(folder / "not_a.zip"), str(folder / "plain.dcm")])
        for info in members:
            row = rows[f"{bundle}::{info.filename}"]
            assert row["size"] == info.file_size
            assert row["mtime"].timestamp() == pytest.approx(os.stat(bundle).st_mtime, abs=1e-5)
            try:
                expected = dicomconstruct.dcmread(io.BytesIO(z.read(info)), stop_before_pixels=True)
            except dicomconstruct.errors.InvalidDicomError:
                assert row["error"] and info.filename.endswith("notes.txt")
                continue
            assert row["error"] is None and row["SOPInstanceUID"] == expected.SOPInstanceUID
            assert json.loads(row["meta"]) == expected.to_json_dict()
    assert rows[str(folder / "not_a.zip")]["error"].startswith("InvalidDicomError")
    assert (result.read, result.errors) == (6, 2)
    assert index_files(str(folder), output, workers=1, progress=False).read == 0
    with zipfile.ZipFile(bundle, "a") as z:  # the archive changed: its members are read again
        z.write(sources[0], "added.dcm")
    again = index_files(str(folder), output, workers=1, progress=False)
    assert (again.read, again.kept, again.rows) == (5, 2, 7)


def test_empty_values_are_null(tmp_path):
    ds = dicomconstruct.dcmread(get_testdata_file("CT_small.dcm"))
    ds.PatientName = ""
    ds.PatientID = ""
    ds.SeriesNumber = None
    ds.ImageType = ""
    ds.add_new(0x00100030, "DA", "")
    ds.save_as(str(tmp_path / "empty.dcm"))
    index_files(str(tmp_path), str(tmp_path / "e.parquet"), workers=1, progress=False)
    row = pq.read_table(str(tmp_path / "e.parquet")).to_pylist()[0]
    assert [row[k] for k in ("PatientName", "PatientID", "SeriesNumber", "ImageType", "PatientBirthDate")] == [None] * 5
    assert row["Modality"] == "CT" and row["error"] is None and row["warnings"] is None


def test_worker_memory_does_not_grow_with_pixel_data(tmp_path):
    """A 64 MiB file costs a worker a few MB: Pixel Data is never read (peak RSS, in a fresh process)."""
    import subprocess
    import sys

    ds = dicomconstruct.dcmread(get_testdata_file("CT_small.dcm"))
    ds.Rows = ds.Columns = 4096
    ds.NumberOfFrames = 2
    ds.PixelData = bytes(4096 * 4096 * 2 * 2)
    path = str(tmp_path / "big.dcm")
    ds.save_as(path)
    del ds
    probe = (
        "import resource, sys\n"
        "from dicomconstruct.index.scan import read_batch\n"
        "read_batch([sys.argv[1]], ('Rows',), True)\n"  # imports and first use, to measure from here
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "table = read_batch([sys.argv[1]] * 3, ('Rows', 'NumberOfFrames'), True)\n"
        "assert table.column('Rows').to_pylist() == [4096] * 3, table.column('error')\n"
        "print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)\n"
    )
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.abspath(dicomconstruct.__file__))))
    done = subprocess.run([sys.executable, "-c", probe, path], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) < 16  # MB of peak growth, for a file of 64 MiB


def test_output_that_is_not_an_index_is_refused(tmp_path, capsys):
    shutil.copy(get_testdata_file("CT_small.dcm"), tmp_path / "a.dcm")
    target = tmp_path / "oops.parquet"
    target.write_bytes(b"not parquet at all")
    assert main(["index", str(tmp_path / "a.dcm"), "-o", str(target)]) == 1
    assert "is not an index made by dicomconstruct" in capsys.readouterr().err
    assert target.read_bytes() == b"not parquet at all"
    pq.write_table(pa.table({"x": [1]}), str(target))  # Parquet, but not an index
    with pytest.raises(ValueError, match="is not an index"):
        index_files(str(tmp_path / "a.dcm"), str(target), workers=1, progress=False)
