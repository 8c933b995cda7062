"""RLE Lossless frames, decoded and encoded here (PS3.5 annex G), the header declared in format/rle.py.

A frame of ``samples`` components at ``bytes`` bytes per sample is split into
``samples * bytes`` byte planes, most significant byte first within each
component (G.2); each plane is one PackBits segment, encoded row by row (G.3).
numpy splits and joins the planes; the PackBits runs are walked in Python, or
by imagecodecs' ``packbits_decode`` when the ``pixels`` extra is installed.
"""

from __future__ import annotations

from ..errors import BadPixelDataError
from ..format.element import PIXEL_DATA_TAG
from ..format.rle import HEADER_SIZE, HEADER_WORDS, MAX_RUN, MAX_SEGMENTS, NO_OP, RLEHeader
from .image import ImageInfo

__all__ = ["rle_decode_frame", "rle_encode_frame", "unpack_segment", "pack_segment"]


def _fail(message: str, frame: int, offset: int | None):
    where = f"frame {frame}" + (f" (fragment item at offset {offset})" if offset is not None else "")
    return BadPixelDataError(f"RLE Lossless {where}: {message}", tag=PIXEL_DATA_TAG, offset=offset)


def unpack_segment(segment, size: int) -> bytearray:
    """One PackBits segment (G.3.2) decoded; stops once ``size`` bytes are out."""
    out = bytearray()
    pos, end = 0, len(segment)
    while pos < end and len(out) < size:
        control = segment[pos]
        pos += 1
        if control < NO_OP:
            out += segment[pos:pos + control + 1]
            pos += control + 1
        elif control > NO_OP:
            out += segment[pos:pos + 1] * (257 - control)
            pos += 1
    return out


_PACKBITS = []


def _packbits_decoder():
    """imagecodecs' C PackBits decoder when the extra is installed (same runs, -128 skipped), else None."""
    if not _PACKBITS:
        try:
            from imagecodecs import packbits_decode
        except ImportError:
            packbits_decode = None
        _PACKBITS.append(packbits_decode)
    return _PACKBITS[0]


def _unpack(segment, size: int):
    fast = _packbits_decoder()
    if fast is not None:
        try:
            return fast(segment, out=size)  # stops once the plane is full (trailing padding ignored)
        except Exception:  # a damaged segment: decoded here, which reports how far it got
            pass
    return unpack_segment(segment, size)


def rle_decode_frame(np, info: ImageInfo, data, frame: int = 0, offset: int | None = None):
    """One RLE Lossless frame as an array (rows, columns, samples) of the dataset's dtype."""
    data = bytes(data)
    if len(data) < HEADER_SIZE:
        raise _fail(f"holds {len(data)} bytes, fewer than its {HEADER_SIZE}-byte header", frame, offset)
    words = HEADER_WORDS.unpack_from(data)
    per_sample = max(1, info.bits_allocated // 8)
    expected = info.samples * per_sample
    count = words[0]
    if count != expected or count > MAX_SEGMENTS:
        raise _fail(f"the header lists {count} segments but {info.samples} samples of {info.bits_allocated} "
                    f"bits need {expected}", frame, offset)
    starts = list(words[1:1 + count])
    bounds = starts + [len(data)]
    pixels = info.rows * info.columns
    if pixels > (len(data) - HEADER_SIZE) * MAX_RUN:  # two bytes give at most MAX_RUN (G.3.1)
        raise _fail(f"{len(data)} bytes cannot hold {info.rows} x {info.columns} pixels", frame, offset)
    planes = np.empty((info.samples, per_sample, pixels), dtype="u1")
    for s in range(count):
        start, stop = bounds[s], bounds[s + 1]
        if not HEADER_SIZE <= start <= stop <= len(data):
            raise _fail(f"segment {s} offset {start} is outside the frame of {len(data)} bytes or out of order",
                        frame, offset)
        plane = _unpack(data[start:stop], pixels)
        if len(plane) < pixels:
            raise _fail(f"segment {s} decodes to {len(plane)} bytes, {pixels} expected", frame, offset)
        planes[s // per_sample, s % per_sample] = np.frombuffer(plane, dtype="u1", count=pixels)
    if info.bits_allocated == 1:
        raise _fail("Bits Allocated 1 is not supported in RLE Lossless here", frame, offset)
    # most significant byte first in the segments; little-endian words out
    words = np.ascontiguousarray(planes[:, ::-1, :].transpose(0, 2, 1))
    arr = words.view(info.dtype(np, "<")).reshape(info.samples, info.rows, info.columns)
    return arr.transpose(1, 2, 0)


def pack_segment(np, plane) -> bytes:
    """A byte plane (rows, columns) PackBits-encoded row by row (G.3.1), padded to even length.

    numpy finds the runs of equal bytes within each row; runs of three or more
    become replicate runs, and the bytes between them (in the same row) one
    literal run, so Python walks only those spans, not the pixels.
    """
    rows, columns = plane.shape
    flat = plane.reshape(-1)
    # run boundaries: where the byte changes, and at every row start
    breaks = np.zeros(flat.size, dtype=bool)
    breaks[0] = True
    if flat.size > 1:
        breaks[1:] = flat[1:] != flat[:-1]
    breaks[::columns] = True
    starts = np.flatnonzero(breaks)
    lengths = np.diff(np.append(starts, flat.size))
    row_of = starts // columns
    replicate = lengths >= 3
    # a literal span starts at a short run that follows a replicate run or begins a row
    previous_replicate = np.concatenate(([True], replicate[:-1]))
    new_row = np.concatenate(([True], row_of[1:] != row_of[:-1]))
    span_first = ~replicate & (previous_replicate | new_row)
    ends = starts + lengths
    # the end of each literal span: the end of its last short run
    short = np.flatnonzero(~replicate)
    span_of_short = np.cumsum(span_first[short]) - 1
    span_ends = np.zeros(int(span_first.sum()), dtype=np.int64)
    np.maximum.at(span_ends, span_of_short, ends[short])
    events = np.concatenate((starts[replicate], starts[span_first]))
    stops = np.concatenate((ends[replicate], span_ends))
    kinds = np.concatenate((np.ones(int(replicate.sum()), dtype=bool), np.zeros(span_ends.size, dtype=bool)))
    order = np.argsort(events, kind="stable")
    out = bytearray()
    data = flat.tobytes()
    for start, stop, is_run in zip(events[order].tolist(), stops[order].tolist(), kinds[order].tolist()):
        if is_run:
            value = data[start:start + 1]
            length = stop - start
            while length:
                n = min(length, MAX_RUN)
                out.append(257 - n if n > 1 else 0)  # a run of one is a literal of one (G.3.1)
                out += value
                length -= n
        else:
            _literal(out, data, start, stop)
    if len(out) % 2:
        out.append(0)
    return bytes(out)


def _literal(out: bytearray, data: bytes, start: int, stop: int) -> None:
    while start < stop:
        n = min(stop - start, MAX_RUN)
        out.append(n - 1)
        out += data[start:start + n]
        start += n


def rle_encode_frame(np, arr, bits_allocated: int) -> bytes:
    """One frame (rows, columns, samples) as an RLE Lossless frame: header and segments (G.5)."""
    if arr.ndim == 2:
        arr = arr[..., None]
    rows, columns, samples = arr.shape
    per_sample = bits_allocated // 8
    if samples * per_sample > MAX_SEGMENTS:
        raise ValueError(f"RLE Lossless holds at most {MAX_SEGMENTS} segments; {samples} samples of "
                         f"{bits_allocated} bits need {samples * per_sample}")
    words = np.ascontiguousarray(arr.astype(arr.dtype.newbyteorder("<"), copy=False))
    planes = words.view("u1").reshape(rows, columns, samples, per_sample)
    segments = []
    for s in range(samples):
        for b in range(per_sample - 1, -1, -1):
            segments.append(pack_segment(np, np.ascontiguousarray(planes[:, :, s, b])))
    offsets, position = [], HEADER_SIZE
    for segment in segments:
        offsets.append(position)
        position += len(segment)
    header = RLEHeader.build({"number_of_segments": len(segments),
                              "offsets": offsets + [0] * (MAX_SEGMENTS - len(offsets))})
    return header + b"".join(segments)
