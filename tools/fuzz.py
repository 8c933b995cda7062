"""Mutation fuzzing of the reader, the value converters, printing and the writer.

Every case takes a real DICOM file (pydicom's test and charset files, and the
samples this package ships), damages it with one mutation, and then reads it
with ``force=True``, converts every value, prints the dataset and writes it
back.  A case passes when it ends in a value or in an ``InvalidDicomError``;
anything else (``struct.error``, ``IndexError``, ``RecursionError``, a case
slower than ``--case-seconds``, ...) is a failure and is reported with the
seed that reproduces it.

    python tools/fuzz.py --cases 3000 --seed 1
    python tools/fuzz.py --atheris            # coverage-guided, where atheris is installed

The mutation functions are imported by the test suite (tests/test_fuzz.py).
"""

from __future__ import annotations

import argparse
import glob
import io
import os
import random
import resource
import signal
import struct
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

HUGE_LENGTHS = (0xFFFFFFFF, 0xFFFFFFFE, 0x7FFFFFFF, 0x80000000, 0xFFFF, 0xFFFE, 0x10000, 1, 3)
VRS = (b"AE", b"AS", b"AT", b"CS", b"DA", b"DS", b"DT", b"FD", b"FL", b"IS", b"LO", b"LT", b"OB",
       b"OD", b"OF", b"OL", b"OV", b"OW", b"PN", b"SH", b"SL", b"SQ", b"SS", b"ST", b"SV", b"TM",
       b"UC", b"UI", b"UL", b"UN", b"UR", b"US", b"UT", b"UV", b"\x00\x00", b"zz", b"\xff\xfe")


# -- mutations: each takes the file bytes and a random.Random, returns new bytes ----------------

def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(0, len(data) + 1)]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _element_starts(data: bytes) -> list[int]:
    """Offsets that look like explicit-VR element headers (a 2-letter VR after the tag)."""
    starts = []
    for i in range(0, max(0, len(data) - 8)):
        if 0x41 <= data[i + 4] <= 0x5A and 0x41 <= data[i + 5] <= 0x5A:
            starts.append(i)
    return starts


def huge_length(data: bytes, rng: random.Random) -> bytes:
    starts = _element_starts(data)
    if not starts:
        return flip_bytes(data, rng)
    i = rng.choice(starts)
    out = bytearray(data)
    value = rng.choice(HUGE_LENGTHS)
    vr = bytes(out[i + 4:i + 6])
    if vr in (b"OB", b"OD", b"OF", b"OL", b"OV", b"OW", b"SQ", b"SV", b"UC", b"UN", b"UR", b"UT", b"UV"):
        if i + 12 <= len(out):
            struct.pack_into("<L", out, i + 8, value)
    else:
        struct.pack_into("<H", out, i + 6, value & 0xFFFF)
    return bytes(out)


def wrong_vr(data: bytes, rng: random.Random) -> bytes:
    starts = _element_starts(data)
    if not starts:
        return flip_bytes(data, rng)
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        i = rng.choice(starts)
        out[i + 4:i + 6] = rng.choice(VRS)
    return bytes(out)


def duplicate_chunk(data: bytes, rng: random.Random) -> bytes:
    if len(data) < 2:
        return data * 2
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.randint(1, 512))
    at = rng.randrange(len(data))
    return data[:at] + data[a:b] + data[at:]


def garbage_tail(data: bytes, rng: random.Random) -> bytes:
    return data + rng.randbytes(rng.randint(1, 300))


def delete_chunk(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    a = rng.randrange(len(data))
    return data[:a] + data[a + rng.randint(1, 64):]


MUTATIONS = {
    "truncate": truncate,
    "flip_bytes": flip_bytes,
    "huge_length": huge_length,
    "wrong_vr": wrong_vr,
    "duplicate_chunk": duplicate_chunk,
    "garbage_tail": garbage_tail,
    "delete_chunk": delete_chunk,
}


def deep_sequences(depth: int = 2000, defined_length: bool = False) -> bytes:
    """Explicit VR Little Endian data (no meta) with ``depth`` nested sequences."""
    item_start = struct.pack("<HHL", 0xFFFE, 0xE000, 0xFFFFFFFF)
    item_end = struct.pack("<HHL", 0xFFFE, 0xE00D, 0)
    seq_end = struct.pack("<HHL", 0xFFFE, 0xE0DD, 0)
    seq_start = struct.pack("<HH2sHL", 0x0008, 0x1115, b"SQ", 0, 0xFFFFFFFF)
    leaf = struct.pack("<HH2sH", 0x0010, 0x0020, b"LO", 4) + b"LEAF"
    if not defined_length:
        return (seq_start + item_start) * depth + leaf + (item_end + seq_end) * depth
    body = leaf
    for _ in range(depth):
        item = struct.pack("<HHL", 0xFFFE, 0xE000, len(body)) + body
        body = struct.pack("<HH2sHL", 0x0008, 0x1115, b"SQ", 0, len(item)) + item
    return body


# -- running a case ------------------------------------------------------------------------------

def exercise(data: bytes):
    """Read ``data`` with force=True and use everything reachable; return the dataset."""
    import dicomconstruct

    ds = dicomconstruct.dcmread(io.BytesIO(data), force=True)
    for elem in ds.iterall():
        elem.value
        repr(elem)
    str(ds)
    ds.save_as(io.BytesIO())
    return ds


def exercise_pixels(data: bytes):
    """As :func:`exercise`, then decode the pixel data (``--pixels``)."""
    from dicomconstruct.pixels import PIXEL_DATA_TAGS

    ds = exercise(data)
    if any(tag in ds for tag in PIXEL_DATA_TAGS):
        ds.pixel_array
    return ds


def _ours(exc: BaseException) -> bool:
    """True when ``exc`` was raised by dicomconstruct's own code (a ValueError naming the bad value)."""
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    return last is not None and f"{os.sep}dicomconstruct{os.sep}" in last


def corpus_files() -> list[str]:
    files = []
    try:
        import pydicom.data

        base = Path(pydicom.data.__file__).parent
        files += sorted(glob.glob(str(base / "test_files" / "*.dcm")))
        files += sorted(glob.glob(str(base / "charset_files" / "*.dcm")))
    except ImportError:
        pass
    files += sorted(glob.glob(str(ROOT / "dicomconstruct" / "data" / "files" / "*.dcm")))
    return [f for f in files if os.path.getsize(f) <= 4_000_000]


class CaseTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise CaseTimeout()


def run_case(data: bytes, seconds: float, pixels: bool = False) -> tuple[str, str]:
    """Return (outcome, detail): outcome is 'value', 'invalid', 'refused' (``pixels``: a ValueError or
    NotImplementedError raised by dicomconstruct itself about the image attributes), or a failure kind."""
    from dicomconstruct.errors import InvalidDicomError

    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds * 5)
    start = time.perf_counter()
    try:
        (exercise_pixels if pixels else exercise)(data)
        outcome, detail = "value", ""
    except InvalidDicomError as exc:
        outcome, detail = "invalid", str(exc)[:200]
    except (ValueError, NotImplementedError) as exc:
        if pixels and _ours(exc):
            outcome, detail = "refused", str(exc)[:200]
        else:
            outcome, detail = type(exc).__name__, "".join(traceback.format_exception(exc)[-3:])[-600:]
    except CaseTimeout:
        outcome, detail = "timeout", f"still running after {seconds * 5:.1f} s"
    except MemoryError:
        outcome, detail = "MemoryError", ""
    except Exception as exc:  # noqa: BLE001 - this is what the fuzzer hunts
        outcome = type(exc).__name__
        detail = "".join(traceback.format_exception(exc)[-3:])[-600:]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    elapsed = time.perf_counter() - start
    if outcome in ("value", "invalid") and elapsed > seconds:
        outcome, detail = "slow", f"{elapsed:.2f} s"
    return outcome, detail


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--case-seconds", type=float, default=1.0, help="a case slower than this fails")
    parser.add_argument("--memory-mb", type=int, default=500, help="peak resident memory allowed")
    parser.add_argument("--atheris", action="store_true", help="coverage-guided fuzzing with atheris")
    parser.add_argument("--pixels", action="store_true",
                        help="files with pixel data only (compressed ones twice as often), and decode it too")
    args, rest = parser.parse_known_args(argv)

    import warnings

    warnings.simplefilter("ignore")
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    files = corpus_files()
    if not files:
        print("no corpus files found (pip install pydicom)")
        return 2
    blobs = {f: Path(f).read_bytes() for f in files}
    if args.pixels:
        files = _pixel_files(blobs)

    if args.atheris:
        return _run_atheris(blobs, rest)

    rng = random.Random(args.seed)
    counts: dict[str, int] = {}
    failures = []
    special = [("deep_sequences", deep_sequences(2000)), ("deep_sequences_defined", deep_sequences(2000, True))]
    started = time.perf_counter()
    for n in range(args.cases + len(special)):
        if n < len(special):
            name, data, source = special[n][0], special[n][1], "(generated)"
        else:
            source = rng.choice(files)
            name = rng.choice(sorted(MUTATIONS))
            case_seed = rng.randrange(2**32)
            data = MUTATIONS[name](blobs[source], random.Random(case_seed))
            name = f"{name}:{case_seed}"
        outcome, detail = run_case(data, args.case_seconds, args.pixels)
        counts[outcome] = counts.get(outcome, 0) + 1
        if outcome not in ("value", "invalid", "refused"):
            failures.append((Path(source).name, name, outcome, detail))
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for source, name, outcome, detail in failures[:50]:
        print(f"FAIL {source} {name}: {outcome}\n    {detail.strip()}")
    total = sum(counts.values())
    print(f"{total} cases in {elapsed:.1f} s over {len(files)} files; outcomes: "
          + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    print(f"peak resident memory {peak_mb:.0f} MB (limit {args.memory_mb} MB)")
    ok = not failures and peak_mb <= args.memory_mb
    print(f"{total - len(failures)} passed, {len(failures)} failed")
    return 0 if ok else 1


def _pixel_files(blobs: dict) -> list[str]:
    """Files whose pixel data dicomconstruct decodes; the compressed ones listed twice."""
    import warnings

    import dicomconstruct

    out = []
    for path, data in blobs.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                ds = dicomconstruct.dcmread(io.BytesIO(data))
                ds.pixel_array
            except Exception:  # noqa: BLE001 - only files that decode are mutated
                continue
        syntax = ds.file_meta.get("TransferSyntaxUID") if ds.get("file_meta") is not None else None
        out += [path] * (2 if syntax is not None and syntax.is_encapsulated else 1)
    return out


def _run_atheris(blobs: dict, rest: list[str]) -> int:
    try:
        import atheris
    except ImportError:
        print("atheris is not installed (pip install atheris)")
        return 2
    from dicomconstruct.errors import InvalidDicomError

    seeds = list(blobs.values())

    def one_input(data: bytes):
        base = seeds[data[0] % len(seeds)] if data else seeds[0]
        fdp = atheris.FuzzedDataProvider(data)
        mutated = bytearray(base)
        for _ in range(fdp.ConsumeIntInRange(0, 8)):
            if mutated:
                mutated[fdp.ConsumeIntInRange(0, len(mutated) - 1)] = fdp.ConsumeInt(1) & 0xFF
        try:
            exercise(bytes(mutated))
        except InvalidDicomError:
            pass

    atheris.Setup([sys.argv[0], *rest], one_input)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
