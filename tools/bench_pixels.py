#!/usr/bin/env python3
"""Pixel data benchmarks: dicomconstruct against pydicom (and imagecodecs against pylibjpeg), in one process.

    python3 tools/bench_pixels.py              # everything
    python3 tools/bench_pixels.py --quick      # fewer repeats, a 500-frame file instead of 2,000
    python3 tools/bench_pixels.py --only corpus --only frame --only codecs --only rle_encode

* ``corpus``: ``dcmread(bytes).pixel_array`` of every compressed pydicom test
  file both decode, ours and pydicom's, interleaved, best of N; the ratio
  ``ours / pydicom`` per transfer syntax (sum of the files' best times) and
  overall.  pydicom decodes with its plugins (pylibjpeg-libjpeg, -openjpeg,
  -rle, GDCM) as installed; we decode with imagecodecs and our RLE decoder: the
  codec libraries differ (libjpeg-turbo against libjpeg, CharLS in both,
  OpenJPEG in both).  Target (issue 12): ratio <= 1.
* ``frame``: a 2,000-frame JPEG-LS file made here; reading it (``dcmread``
  leaves its Pixel Data in the file, so only frame k's fragments are read;
  and with ``mmap=True``) and ``pixels.pixel_array(ds, index=k)`` against
  reading it and decoding all frames (target <= 1/100), and, in a fresh
  subprocess, peak memory (tracemalloc and resident growth) against one
  frame's size (target: about one frame).
* ``codecs``: one frame decoded by imagecodecs against pylibjpeg's decoder of
  the same syntax (``libjpeg.decode``, ``openjpeg.decode``: the plugins pydicom
  calls), per file where both decode.
* ``rle_encode``: our RLE Lossless encoder against pydicom's on three frames.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import warnings
from collections import defaultdict
from pathlib import Path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench import interleaved  # noqa: E402  (tools/bench.py: best of N, functions run in turn)


def compressed_corpus() -> list[tuple[str, bytes, str]]:
    """(name, bytes, transfer syntax keyword) of pydicom's compressed test files that both libraries decode."""
    import pydicom
    from pydicom import data

    import dicomconstruct

    base = Path(data.__file__).resolve().parent / "test_files"
    out = []
    for path in sorted(base.glob("**/*.dcm")):
        raw = path.read_bytes()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                theirs = pydicom.dcmread(io.BytesIO(raw))
                syntax = theirs.file_meta.TransferSyntaxUID
                if not syntax.is_compressed:
                    continue
                expected = theirs.pixel_array
                ours = dicomconstruct.dcmread(io.BytesIO(raw)).pixel_array
            except Exception:  # noqa: BLE001 - files either library refuses are not timed
                continue
        if ours.shape == expected.shape:
            out.append((path.name, raw, syntax.keyword or str(syntax)))
    return out


def bench_corpus(args, results):
    import pydicom

    import dicomconstruct

    files = compressed_corpus()
    per_syntax = defaultdict(lambda: [0.0, 0.0, 0])
    print(f"corpus: {len(files)} compressed files both decode; best of {args.repeats}, interleaved")
    for name, raw, syntax in files:
        def ours(raw=raw):
            dicomconstruct.dcmread(io.BytesIO(raw)).pixel_array

        def theirs(raw=raw):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                pydicom.dcmread(io.BytesIO(raw)).pixel_array

        best = interleaved({"ours": ours, "pydicom": theirs}, args.repeats)
        entry = per_syntax[syntax]
        entry[0] += best["ours"]
        entry[1] += best["pydicom"]
        entry[2] += 1
        results.setdefault("corpus_files", {})[name] = {"syntax": syntax, "ours_s": best["ours"],
                                                        "pydicom_s": best["pydicom"]}
        if args.verbose:
            print(f"  {name:<44} {syntax:<20} ours {best['ours'] * 1000:8.2f} ms  pydicom "
                  f"{best['pydicom'] * 1000:8.2f} ms  ratio {best['ours'] / best['pydicom']:5.2f}")
    total_ours = total_theirs = 0.0
    for syntax, (ours_s, theirs_s, count) in sorted(per_syntax.items()):
        total_ours += ours_s
        total_theirs += theirs_s
        print(f"  {syntax:<24} {count:3d} files  ours {ours_s * 1000:8.2f} ms  pydicom {theirs_s * 1000:8.2f} ms  "
              f"ratio {ours_s / theirs_s:5.2f}")
        results.setdefault("corpus", {})[syntax] = {"files": count, "ours_s": ours_s, "pydicom_s": theirs_s,
                                                    "ratio": ours_s / theirs_s}
    ratios = sorted((v["ours_s"] / v["pydicom_s"], name) for name, v in results["corpus_files"].items())
    above = sum(1 for r, _ in ratios if r > 1)
    print(f"  per file: best ratio {ratios[0][0]:.2f} ({ratios[0][1]}), worst {ratios[-1][0]:.2f} "
          f"({ratios[-1][1]}); {above} of {len(ratios)} files above 1")
    results["corpus_worst"] = {"ratio": ratios[-1][0], "file": ratios[-1][1], "above_1": above}
    ratio = total_ours / total_theirs
    verdict = "OK" if ratio <= 1 else "ABOVE TARGET 1.0"
    print(f"  {'all':<24} {len(files):3d} files  ours {total_ours * 1000:8.2f} ms  pydicom "
          f"{total_theirs * 1000:8.2f} ms  ratio {ratio:5.2f}  {verdict}")
    results["corpus_all"] = {"ratio": ratio, "ours_s": total_ours, "pydicom_s": total_theirs}


_MEMORY_PROBE = r"""
import json, sys, tracemalloc
sys.path.insert(0, {root!r})
import numpy, imagecodecs  # imported before measuring: their own memory is not the frame's
import dicomconstruct
from dicomconstruct import pixels


def peak_resident():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


mode, path, index = sys.argv[1], sys.argv[2], int(sys.argv[3])
dicomconstruct.dcmread({small!r}).pixel_array  # the library's lazy imports, before measuring
before = peak_resident()
tracemalloc.start()
ds = dicomconstruct.dcmread(path, mmap=mode.endswith("mmap"))
arr = pixels.pixel_array(ds, index=index) if mode.startswith("frame") else ds.pixel_array
_, peak = tracemalloc.get_traced_memory()
print(json.dumps({{"peak": peak, "rss_growth": peak_resident() - before, "nbytes": arr.nbytes}}))
"""


def make_multi_frame(path: str, frames: int) -> int:
    """A JPEG-LS Lossless file of ``frames`` 256 x 256 16-bit frames (each different); returns one frame's bytes."""
    import numpy as np

    import dicomconstruct
    from dicomconstruct import uid
    from dicomconstruct.data import get_testdata_file

    ds = dicomconstruct.dcmread(get_testdata_file("CT_small.dcm"))
    base = np.asarray(ds.pixel_array, dtype=np.int32)
    tile = np.tile(base, (2, 2)) - base.min()
    stack = np.empty((frames, 256, 256), dtype=np.uint16)
    for k in range(frames):
        stack[k] = (np.roll(tile, k, axis=1) + k) % 4096
    ds.set_pixel_data(stack, "MONOCHROME2", 12, generate_instance_uid=False)
    ds.compress(uid.JPEGLSLossless)
    ds.save_as(path)
    return stack[0].nbytes


def bench_frame(args, results):
    import dicomconstruct
    from dicomconstruct import pixels
    from dicomconstruct.data import get_testdata_file

    frames = 500 if args.quick else 2000
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "multi.dcm")
        frame_bytes = make_multi_frame(path, frames)
        size = os.path.getsize(path)
        print(f"frame: {frames} frames of 256 x 256 x 16 bits, JPEG-LS Lossless, file {size / 2**20:.1f} MB "
              f"(one decoded frame {frame_bytes / 2**10:.0f} KiB); time: dcmread + decode, best of "
              f"{args.repeats}, interleaved")
        last = frames - 1

        def one():  # the default read leaves Pixel Data (over defer_size) in the file: frame k's fragments are read
            pixels.pixel_array(dicomconstruct.dcmread(path), index=last)

        def one_mmap():
            pixels.pixel_array(dicomconstruct.dcmread(path, mmap=True), index=last)

        def every():
            dicomconstruct.dcmread(path).pixel_array

        one()
        best = interleaved({"frame": one, "frame mmap": one_mmap, "all": every}, max(2, args.repeats // 2))
        for label in ("frame", "frame mmap"):
            ratio = best[label] / best["all"]
            print(f"  {label:<10} {last:<5} {best[label] * 1000:9.2f} ms   all frames {best['all'] * 1000:9.1f} ms   "
                  f"ratio {ratio:.4f} {'OK' if ratio <= 0.01 else 'ABOVE 1/100'}")
            results[f"{label} time"] = {"frame_s": best[label], "all_s": best["all"], "ratio": ratio}
        small = get_testdata_file("CT_small.dcm")
        for mode in ("frame", "frame mmap", "all"):
            probe = subprocess.run([sys.executable, "-c", _MEMORY_PROBE.format(root=ROOT, small=small),
                                    mode.replace(" ", "_"), path, str(last)], capture_output=True, text=True,
                                   check=False)
            if probe.returncode:
                print(f"  memory {mode} FAILED: {probe.stderr.strip().splitlines()[-1:]}")
                continue
            figures = json.loads(probe.stdout)
            print(f"  memory {mode:<10} tracemalloc peak {figures['peak'] / 2**20:8.2f} MB "
                  f"({figures['peak'] / frame_bytes:6.1f} frames)   resident growth "
                  f"{figures['rss_growth'] / 2**20:8.2f} MB ({figures['rss_growth'] / frame_bytes:6.1f} frames)")
            results[f"frame_memory_{mode}"] = dict(figures, frame_bytes=frame_bytes, file_bytes=size)


def bench_codecs(args, results):
    """imagecodecs (ours) against pylibjpeg on one frame of each file where both decode."""
    try:
        import libjpeg
        import openjpeg
    except ImportError:
        print("codecs: pylibjpeg-libjpeg / pylibjpeg-openjpeg not importable, skipped")
        return
    import numpy as np

    import dicomconstruct
    from dicomconstruct import encaps
    from dicomconstruct.pixels.decoders import decode_frame
    from dicomconstruct.pixels.image import ImageInfo

    files = compressed_corpus()
    per_syntax = defaultdict(lambda: [0.0, 0.0, 0])
    for name, raw, syntax in files:
        ds = dicomconstruct.dcmread(io.BytesIO(raw))
        if syntax == "RLELossless":
            continue  # pylibjpeg-rle needs the dataset's attributes; RLE is ours, not imagecodecs'
        info = ImageInfo.of(ds)
        frame = next(encaps.generate_frames(ds.PixelData, number_of_frames=info.frames))
        library = openjpeg.decode if "2000" in syntax else libjpeg.decode
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                theirs = library(frame)
            ours = decode_frame(np, info, frame, 0, None)
        except Exception:  # noqa: BLE001 - only frames both decode are timed
            continue
        if theirs.shape[:2] != ours.shape[:2]:
            continue

        best = interleaved({"imagecodecs": lambda: decode_frame(np, info, frame, 0, None),
                            "pylibjpeg": lambda: library(frame)}, args.repeats)
        entry = per_syntax[syntax]
        entry[0] += best["imagecodecs"]
        entry[1] += best["pylibjpeg"]
        entry[2] += 1
    print(f"codecs: one frame per file, imagecodecs / pylibjpeg, best of {args.repeats}")
    for syntax, (ours_s, theirs_s, count) in sorted(per_syntax.items()):
        print(f"  {syntax:<24} {count:3d} files  imagecodecs {ours_s * 1000:8.2f} ms  pylibjpeg "
              f"{theirs_s * 1000:8.2f} ms  ratio {ours_s / theirs_s:5.2f}")
        results.setdefault("codecs", {})[syntax] = {"files": count, "imagecodecs_s": ours_s, "pylibjpeg_s": theirs_s,
                                                    "ratio": ours_s / theirs_s}


def bench_rle_encode(args, results):
    """RLE Lossless encoding of native frames: ours (numpy run finding) against pydicom's own encoder."""
    import numpy as np
    from pydicom.pixels.encoders import RLELosslessEncoder

    from dicomconstruct.pixels.rle import rle_encode_frame

    rng = np.random.default_rng(0)
    ct = np.tile(__import__("dicomconstruct").dcmread(
        __import__("dicomconstruct.data", fromlist=["x"]).get_testdata_file("CT_small.dcm")).pixel_array, (4, 4))
    frames = {
        "CT 512x512 int16": ct.astype("<i2"),
        "noise 512x512 uint16": rng.integers(0, 4096, (512, 512)).astype("<u2"),
        "RGB 512x512 uint8 blocks": np.kron(rng.integers(0, 256, (32, 32, 3)), np.ones((16, 16, 1))).astype("u1"),
    }
    print(f"rle_encode: one frame, best of {args.repeats}, interleaved")
    for label, arr in frames.items():
        samples = arr.shape[2] if arr.ndim == 3 else 1
        options = dict(rows=arr.shape[0], columns=arr.shape[1], samples_per_pixel=samples,
                       bits_allocated=arr.itemsize * 8, bits_stored=arr.itemsize * 8,
                       pixel_representation=int(arr.dtype.kind == "i"),
                       photometric_interpretation="RGB" if samples == 3 else "MONOCHROME2",
                       number_of_frames=1, planar_configuration=0)
        best = interleaved({
            "ours": lambda arr=arr: rle_encode_frame(np, arr if arr.ndim == 3 else arr[..., None], arr.itemsize * 8),
            "pydicom": lambda arr=arr: RLELosslessEncoder.encode(arr, encoding_plugin="pydicom", **options),
        }, args.repeats)
        ratio = best["ours"] / best["pydicom"]
        print(f"  {label:<26} ours {best['ours'] * 1000:8.2f} ms  pydicom {best['pydicom'] * 1000:8.2f} ms  "
              f"ratio {ratio:5.2f}")
        results.setdefault("rle_encode", {})[label] = {"ours_s": best["ours"], "pydicom_s": best["pydicom"],
                                                       "ratio": ratio}


BENCHMARKS = {"corpus": bench_corpus, "frame": bench_frame, "codecs": bench_codecs, "rle_encode": bench_rle_encode}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=sorted(BENCHMARKS))
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--verbose", action="store_true", help="one line per corpus file")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    if args.repeats is None:
        args.repeats = 3 if args.quick else 7
    results: dict = {}
    for name in args.only or list(BENCHMARKS):
        BENCHMARKS[name](args, results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
