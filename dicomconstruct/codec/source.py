"""Where the bytes come from: paths, bytes-likes, file objects, pipes; read into memory, never mapped by default.

* a path to a regular file, or a plain file object that ``open()`` returned for one:
  the file's bytes are read into memory (one read), and the file is closed again.
  Values longer than ``defer_size`` are not read: they are *deferred*, read from the
  file on first access by :class:`FileRef` after checking that the file is still the
  same one (device, inode, size, modification time), else
  :class:`~dicomconstruct.errors.SourceChangedError`.  No file descriptor is held
  between accesses.  To leave those values out, the reader walks the top-level
  element headers (PS3.5 7.1) before parsing (:meth:`Source.prepare`): the buffer is
  then an anonymous (private, not file-backed) memory map whose skipped pages are
  never touched, so they cost no resident memory.
* ``memory_map=True`` (explicit only): a regular file is memory-mapped read-only.
  Cheap, but if another process truncates or rewrites the file while values are
  in use, the next access kills the process with SIGBUS and an in-place overwrite
  changes values silently.
* a path to a FIFO, a pipe or a character device (``/dev/stdin``): read to the end
  (an empty one is a :class:`~dicomconstruct.errors.InvalidDicomError`);
  a stream (this, or a file object below) is read only as far as the preamble and prefix
  when they must be there (without ``force``) and are not, and never past
  ``config.settings.max_stream_size`` (:class:`~dicomconstruct.errors.LimitExceededError`),
  so ``/dev/zero`` or a gzip bomb ends with an error instead of filling memory;
* ``bytes`` / ``bytearray`` / ``memoryview``: used in place;
* ``io.BytesIO``: its bytes (``getvalue()``, shared without copy when possible), from the current position;
* any other readable object (``gzip``, ``bz2``, ``lzma`` and ``zipfile`` members, sockets,
  non-seekable streams): ``read()`` to the end; its ``fileno()`` is never used, since the
  bytes underneath are not the bytes it gives.

Offsets reported by the reader are positions in :attr:`Source.view`: for paths, plain
files and BytesIO these are absolute positions in the file (parsing starts at
:attr:`Source.start`); for other objects, positions from where reading began.
"""

from __future__ import annotations

import io
import mmap
import os
import re
import stat

from .. import config
from ..errors import InvalidDicomError, LimitExceededError, SourceChangedError
from ..format.constants import DELIMITER_GROUP, ITEM_DELIMITER_TAG, ITEM_TAG, PIXEL_DATA_TAG
from ..format.constants import SEQUENCE_DELIMITER_TAG, UNDEFINED_LENGTH
from ..format.constants import tag_pair
from ..format.constants import PREAMBLE_LENGTH, PREFIX
from ..format.framing import undefined_length_kind
from ..format.vr import is_valid_vr_bytes
from . import _layout

__all__ = ["Source", "FileRef", "open_source", "defer_size_in_bytes", "size_with_unit", "DEFAULT_DEFER_SIZE"]

#: Values longer than this many bytes are read on first access when ``defer_size`` is not given:
#: large enough that ordinary images (a few MB of Pixel Data) are read at once, small enough that a
#: multi-gigabyte Pixel Data value is not read by ``dcmread``.
DEFAULT_DEFER_SIZE = 16 * 1024 * 1024
#: First read of a file that is walked before parsing; later reads double up to the maximum.
_FIRST_READ = 64 * 1024
_MAX_READ = 4 * 1024 * 1024
#: A file read in parts goes into a bytearray up to this size, into an anonymous memory map above it.
_ZEROED_BUFFER_MAX = 4 * 1024 * 1024
#: Bytes asked of a stream at a time.
_STREAM_CHUNK = 1024 * 1024
#: Units accepted in sizes such as ``defer_size="512 KB"``, as pydicom accepts them.
SIZE_UNITS = {"kb": 1000, "mb": 1000**2, "gb": 1000**3, "kib": 1024, "mib": 1024**2, "gib": 1024**3}
_NUMBER_WITH_UNIT = re.compile(r"([0-9.]+)\s*([A-Za-z]+)")
#: The types ``open(path, "rb")`` returns: their bytes are the file's bytes.
_PLAIN_FILE_TYPES = (io.BufferedReader, io.BufferedRandom, io.FileIO)
_SEQUENCE_VR = "SQ"
#: Undefined-length layouts (format/framing.py) made of items, walked by :meth:`Source._walk_sequence`
_ITEMS_FOLLOW = frozenset({"sequence", "fragments"})
#: ... of which these are sequences, walked at the top level (the parser keeps their ends)
_UN_SEQUENCE = "un_sequence"
_SEQUENCES = frozenset({"sequence", _UN_SEQUENCE})
#: Header sizes compiled from the declarations (tools/gen_codec.py).
_ITEM = _layout.MARKER_SIZE
_MIN_HEADER = _layout.MIN_HEADER_SIZE
_MAX_HEADER = max(_layout.LONG_SIZE, _layout.SHORT_SIZE, _layout.IMPLICIT_SIZE)
#: little endian -> the header unpackers of the walks: implicit, explicit short, long length, tag, item marker
_UNPACKERS = {little: (_layout.IMPLICIT[little].unpack_from, _layout.SHORT[little].unpack_from,
                       _layout.LONG_LENGTH[little].unpack_from, _layout.TAG[little].unpack_from,
                       _layout.MARKER[little].unpack_from) for little in (True, False)}
_ITEM_TAG_PAIR = tag_pair(ITEM_TAG)


def defer_size_in_bytes(value) -> int | None:
    """``defer_size`` as a number of bytes, or ``None`` for "never defer".

    ``None`` gives :data:`DEFAULT_DEFER_SIZE`; ``float("inf")`` never defers; an int or
    float is a byte count; a string is a number with an optional unit as pydicom
    accepts it (``"1024"``, ``"512 KB"``, ``"2 MB"``, ``"1 GiB"``; KB/MB/GB are powers
    of 1000, KiB/MiB/GiB of 1024).
    """
    if value is None:
        return DEFAULT_DEFER_SIZE
    if isinstance(value, bool):
        raise TypeError(f"defer_size must be a number of bytes or a string such as '512 KB', not {value!r}")
    if isinstance(value, (int, float)):
        if value != value or value < 0:
            raise ValueError(f"defer_size must be a non-negative number of bytes, not {value!r}")
        return None if value == float("inf") else int(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            return defer_size_in_bytes(int(text))
        except ValueError:
            pass
        try:
            return defer_size_in_bytes(size_with_unit(text))
        except ValueError:
            raise ValueError(
                f"defer_size {value!r} is not a size: give bytes, or a number with a unit "
                f"({', '.join(u.upper() if len(u) == 2 else u[0].upper() + 'i' + u[2].upper() for u in SIZE_UNITS)})"
            ) from None
    raise TypeError(f"defer_size must be a number of bytes or a string such as '512 KB', not {type(value).__name__}")


def size_with_unit(text: str) -> float:
    """Bytes in ``text``, a number and a unit of :data:`SIZE_UNITS` in any case (``"4 kib"`` -> 4096.0).

    ``ValueError`` (with pydicom's messages) for anything else.
    """
    match = _NUMBER_WITH_UNIT.fullmatch(text.strip())
    if match is None or match.group(2).lower() not in SIZE_UNITS:
        unit = match.group(2) if match else text
        raise ValueError(f"Unable to parse length with unit '{unit}'")
    try:
        return float(match.group(1)) * SIZE_UNITS[match.group(2).lower()]
    except ValueError:
        raise ValueError(f"Unable to parse length '{text}'") from None


class FileRef:
    """A regular file as it was when read: path and identity (device, inode, size, mtime_ns).

    :meth:`read` reads a deferred value, opening and closing the file each time.
    """

    __slots__ = ("path", "identity", "mtime")

    def __init__(self, path: str, st: os.stat_result):
        self.path = path
        self.identity = _identity(st)
        self.mtime = st.st_mtime  # (pydicom's FileDataset.timestamp)

    def read(self, offset: int, length: int, tag: int | None = None) -> bytes:
        """The ``length`` bytes at ``offset``, if the file is still the one that was read."""
        try:
            f = open(self.path, "rb")
        except OSError as exc:
            raise SourceChangedError(
                f"cannot read the deferred value from {self.path!r}: {exc.strerror or exc}", tag=tag,
                offset=offset) from None
        with f:
            now = _identity(os.fstat(f.fileno()))
            if now != self.identity:
                raise SourceChangedError(
                    f"{self.path!r} changed since it was read ({_describe_change(self.identity, now)}): "
                    "its deferred value cannot be read; read the file again", tag=tag, offset=offset)
            f.seek(offset)
            data = f.read(length)
            if len(data) != length:
                raise SourceChangedError(
                    f"{self.path!r} ended {length - len(data)} bytes before the end of the deferred value",
                    tag=tag, offset=offset)
        return data

    def __repr__(self) -> str:
        return f"FileRef({self.path!r})"


def _identity(st: os.stat_result) -> tuple:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _describe_change(before: tuple, after: tuple) -> str:
    names = ("device", "inode", "size", "modification time")
    changed = [f"{name} {a} -> {b}" for name, a, b in zip(names, before, after) if a != b]
    return ", ".join(changed)


class _Filler:
    """Reads a regular file on demand into a buffer of its size (a bytearray, or an anonymous memory map
    for a large file), leaving holes (deferred values)."""

    __slots__ = ("file", "size", "filled", "step", "holes", "streams", "walked", "view")

    def __init__(self, file, size: int, start: int, view: memoryview):
        self.file = file
        self.size = size
        self.filled = start
        self.step = _FIRST_READ
        self.holes: dict[int, int] = {}  # value offset -> value length
        self.streams: dict[int, int] = {}  # encapsulated value offset -> end offset, fragments left unread
        self.walked: dict[int, int] = {}  # value offset -> end of each undefined-length sequence read through
        self.view = view

    def ensure(self, end: int) -> None:
        """Read the file up to ``end`` (at least one read step past what is already there)."""
        end = min(end, self.size)
        while self.filled < end:
            count = min(max(end - self.filled, self.step), self.size - self.filled)
            self.file.seek(self.filled)
            got = self.file.readinto(self.view[self.filled:self.filled + count])
            if not got:
                raise SourceChangedError(
                    f"{self.file.name!r} ended at {self.filled} bytes while being read ({self.size} expected)",
                    offset=self.filled)
            self.filled += got
            self.step = min(self.step * 2, _MAX_READ)

    def fill(self, start: int, end: int) -> None:
        """Read exactly ``[start, end)`` (an item header between unread fragments)."""
        while start < end:
            self.file.seek(start)
            got = self.file.readinto(self.view[start:end])
            if not got:
                raise SourceChangedError(f"{self.file.name!r} ended at {start} bytes while being read", offset=start)
            start += got

    def skip(self, start: int, end: int, deferred: bool = True) -> None:
        """Leave the value ``[start, end)`` unread: deferred, or not needed at all (``deferred=False``)."""
        self.ensure(start)
        if deferred:
            self.holes[start] = end - start
        if self.filled < end:
            self.filled = end


class Source:
    """The bytes to parse.

    ``data``: an object whose slices are ``bytes`` (``bytes`` or ``mmap``);
    ``view``: a ``memoryview`` over the same bytes (values are slices of it);
    ``start``: where parsing begins; ``filename``: the path, if known;
    ``file_ref``: the :class:`FileRef` deferred values are read through (``None``
    when the source cannot be read again: bytes, pipes, compressed streams...);
    ``defer_size``: values longer than this are deferred (``None``: never).
    """

    __slots__ = ("data", "view", "start", "filename", "file_ref", "defer_size", "_mmap", "_filler", "_framed_alike")

    def __init__(self, data, start: int = 0, filename=None, mm=None, file_ref=None, defer_size=None, filler=None):
        self.data = data
        self.view = memoryview(data) if not isinstance(data, memoryview) else data
        if self.view.ndim != 1 or self.view.itemsize != 1:
            self.view = self.view.cast("B")
        self.start = start
        self.filename = filename
        self.file_ref = file_ref
        self.defer_size = defer_size if file_ref is not None else None
        self._mmap = mm
        self._filler = filler
        self._framed_alike = True

    def __len__(self) -> int:
        return len(self.view)

    # --- reading a file with deferred values ------------------------------------------

    def prepare(self, pos: int, little: bool, implicit: bool, *, only_group=None, stop_tags=None,
                last_tag=None, keep=None, whole: bool = False) -> None:
        """Read the elements the parser will meet from ``pos``, leaving out values to defer.

        Walks top-level element headers (PS3.5 7.1: implicit, or explicit short and long
        form): a value of defined length longer than ``defer_size`` that does not start
        like a sequence item is left unread, and so are the fragments of encapsulated
        Pixel Data longer than that in all (:meth:`_walk_fragments`), as is a long value the parser skips (a tag not
        in ``keep``, the ``specific_tags``); everything else is read.  The walk stops
        where the parser will stop: at a tag of another group than ``only_group``, at a
        tag in ``stop_tags``, past ``last_tag``.  An undefined-length sequence is read through
        to its end (:meth:`_walk_sequence`); after another undefined-length element or anything
        unexpected it reads the rest of the file.  A no-op for sources read whole.
        """
        filler = self._filler
        if filler is None:
            return
        size = filler.size
        if whole:
            filler.ensure(size)
            return
        defer = UNDEFINED_LENGTH if self.defer_size is None else self.defer_size
        data = self.data
        implicit_unpack, short_unpack, length_unpack, tag_unpack, _ = _UNPACKERS[little]
        explicit_vr = _layout.EXPLICIT_VR
        item = _ITEM_TAG_PAIR
        while True:
            if pos + _MAX_HEADER > filler.filled:
                filler.ensure(pos + _MAX_HEADER)
            if size - pos < _MIN_HEADER:
                filler.ensure(size)
                return
            vr = None
            if implicit:
                group, elem, length = implicit_unpack(data, pos)
                value_offset = pos + _layout.IMPLICIT_SIZE
            else:
                group, elem, vr_bytes, length = short_unpack(data, pos)
                if only_group is not None and group != only_group:
                    return  # (what follows the File Meta may be Implicit VR)
                form = explicit_vr.get(vr_bytes)
                if form is not None:
                    vr, long_form, header_size = form
                    if long_form:
                        length = length_unpack(data, pos + _layout.LONG_LENGTH_OFFSET)[0]
                    value_offset = pos + header_size
                elif is_valid_vr_bytes(vr_bytes):
                    value_offset = pos + _layout.SHORT_SIZE
                else:
                    filler.ensure(size)
                    return
            tag = group << 16 | elem
            if only_group is not None and group != only_group:
                return
            if (stop_tags is not None and tag in stop_tags) or (last_tag is not None and tag > last_tag):
                return
            if tag == PIXEL_DATA_TAG and length == UNDEFINED_LENGTH and not (keep is not None and tag not in keep):
                pos = self._walk_fragments(value_offset, little, defer)
                if pos is None:
                    return
                continue
            if length == UNDEFINED_LENGTH and group != DELIMITER_GROUP:
                kind = self._undefined_length_kind(tag, vr, value_offset, little)
                if kind in _SEQUENCES:
                    un = kind == _UN_SEQUENCE  # Implicit VR Little Endian inside (PS3.5 6.2.2)
                    pos = self._walk_sequence(value_offset, little or un, implicit or un)
                    if pos is None or pos >= size:
                        return
                    continue
            if group == DELIMITER_GROUP or length == UNDEFINED_LENGTH:
                filler.ensure(size)
                return
            value_end = value_offset + length
            if keep is not None and tag not in keep and length > _FIRST_READ:
                filler.skip(value_offset, min(value_end, size), deferred=False)  # the parser skips it too
            elif length > defer and vr != _SEQUENCE_VR and value_end <= size:
                filler.ensure(value_offset + _layout.TAG_SIZE)
                if tag_unpack(data, value_offset) != item:
                    filler.skip(value_offset, value_end)
                else:
                    filler.ensure(value_end)
            else:
                if value_end > filler.filled:
                    filler.ensure(value_end)
            pos = value_end
            if pos >= size:
                return

    def _undefined_length_kind(self, tag: int, vr, value_offset: int, little: bool) -> str:
        """The layout of an undefined-length value at ``value_offset`` (format/framing.py), its first tag read."""
        filler = self._filler
        if value_offset + _layout.TAG_SIZE > filler.filled:
            filler.ensure(value_offset + _layout.TAG_SIZE)
        next_is_item = filler.size - value_offset >= _layout.TAG_SIZE and _UNPACKERS[little][3](
            self.data, value_offset) == _ITEM_TAG_PAIR
        return undefined_length_kind(tag, vr, next_is_item)

    def _walk_sequence(self, pos: int, little: bool, implicit: bool) -> int | None:
        """A sequence of undefined length (PS3.5 7.5.2, table 7.5-3; UN: 6.2.2) whose value starts at
        ``pos``: read through its items, nested sequences and fragments included, to its Sequence
        Delimitation Item.

        Returns the position after that item (kept in ``walked``: :meth:`finish` checks that the
        parser found the same end), or ``None`` when the content is not as expected (in Explicit VR
        an element with no valid VR or an undefined-length UN, which holds Implicit VR data; bytes
        up to a delimiter; the end of the file): the rest of the file is read then.
        """
        filler = self._filler
        size = filler.size
        data = self.data
        implicit_unpack, short_unpack, length_unpack, _, marker_unpack = _UNPACKERS[little]
        explicit_vr = _layout.EXPLICIT_VR
        start = pos
        depth = 1  # sequences open (undefined-length items end by their own delimiter, at the same depth)
        while depth:
            if pos + _MAX_HEADER > filler.filled:
                filler.ensure(pos + _MAX_HEADER)
            if size - pos < _ITEM:
                break
            group, elem, length = marker_unpack(data, pos)
            if group == DELIMITER_GROUP:
                tag = group << 16 | elem
                pos += _ITEM
                if tag == ITEM_TAG:
                    if length != UNDEFINED_LENGTH:
                        pos += length  # an item of defined length: read whole
                        if pos > filler.filled:
                            filler.ensure(pos)
                elif tag == SEQUENCE_DELIMITER_TAG:
                    depth -= 1
                elif tag != ITEM_DELIMITER_TAG:
                    break
                continue
            if size - pos < _MIN_HEADER:
                break
            if implicit:
                group, elem, length = implicit_unpack(data, pos)
                vr = None
                pos += _layout.IMPLICIT_SIZE
            else:
                group, elem, vr_bytes, length = short_unpack(data, pos)
                form = explicit_vr.get(vr_bytes)
                if form is None:
                    break
                vr, long_form, header_size = form
                if long_form:
                    length = length_unpack(data, pos + _layout.LONG_LENGTH_OFFSET)[0]
                pos += header_size
            if length == UNDEFINED_LENGTH:
                if self._undefined_length_kind(group << 16 | elem, vr, pos, little) not in _ITEMS_FOLLOW:
                    break  # Implicit VR data in Explicit VR (UN) or bytes up to a delimiter: not walked
                depth += 1  # a nested sequence or encapsulated value: its items follow
            else:
                pos += length
                if pos > filler.filled:
                    filler.ensure(pos)
        else:
            if pos <= size:
                filler.walked[start] = pos
                return pos
        filler.ensure(size)
        return None

    def _walk_fragments(self, pos: int, little: bool, defer: int) -> int | None:
        """Encapsulated Pixel Data (PS3.5 A.4) at ``pos``: read its item headers only, then decide.

        Longer than ``defer`` in all: its fragments stay unread (the whole value is deferred);
        else they are read.  Returns the position after the Sequence Delimitation Item, or
        ``None`` when the items are not as expected (then the rest of the file is read).
        """
        filler = self._filler
        size = filler.size
        item_unpack = _layout.MARKER[little].unpack_from
        start = pos
        filler.ensure(start)
        while True:
            if size - pos < _ITEM:
                filler.ensure(size)
                return None
            filler.fill(pos, pos + _ITEM)
            group, elem, length = item_unpack(self.data, pos)
            tag = group << 16 | elem
            if tag == SEQUENCE_DELIMITER_TAG:
                pos += _ITEM
                break
            if tag != ITEM_TAG or length == UNDEFINED_LENGTH or pos + _ITEM + length > size:
                filler.ensure(size)
                return None
            pos += _ITEM + length
        if pos - start > defer:
            filler.streams[start] = pos
        else:
            filler.fill(start, pos)
        if filler.filled < pos:
            filler.filled = pos
        return pos

    def check_sequences(self, ends: dict) -> None:
        """Compare the ends of the sequences :meth:`prepare` read through with the parser's
        (``value offset -> (end, delimiter)``); if one differs, the parser may have read bytes
        the walk left unread, and :meth:`finish` says so."""
        filler = self._filler
        if filler is not None:
            for start, end in filler.walked.items():
                found = ends.get(start)
                if found is None or found[0] != end:
                    self._framed_alike = False

    def finish(self, datasets) -> bool:
        """Close the file; mark the top-level elements whose value was left unread as deferred.

        Returns False if some unread value is not exactly one element's value in
        ``datasets``, or a sequence read through ended elsewhere for the parser
        (:meth:`check_sequences`): the parser framed the data otherwise than the walk,
        and the caller must read the file again, whole.
        """
        filler = self._filler
        if filler is None:
            return True
        self._filler = None
        filler.file.close()
        if not self._framed_alike:
            return False
        holes, streams = filler.holes, filler.streams
        if not holes and not streams:
            return True
        matched = 0
        for dataset in datasets:
            matched += len(dataset.defer(holes, streams))  # read from the file on first access (FileRef.read)
        if matched != len(holes) + len(streams):
            return False
        return True

    def close(self) -> None:
        """Release the mapping (only safe once no value slice is used any more)."""
        if self._filler is not None:
            self._filler.file.close()
            self._filler = None
        if self._mmap is not None:
            try:
                self.view.release()
                self._mmap.close()
            except (BufferError, ValueError):
                pass  # slices still exported: the mapping stays until they go


def _map_file(fileobj):
    """A read-only memory map of a regular file (``memory_map=True``); ``b""`` if it is empty."""
    size = os.fstat(fileobj.fileno()).st_size
    if size == 0:
        return b""
    return mmap.mmap(fileobj.fileno(), 0, access=mmap.ACCESS_READ)


def _read_regular(f, st, start: int, filename, file_ref, defer_size, partial: bool, memory_map: bool) -> Source:
    """A regular file: mapped, read whole in one read, or read around deferred values."""
    size = st.st_size
    if memory_map:
        mm = _map_file(f)
        return Source(mm, start, filename, mm=mm if isinstance(mm, mmap.mmap) else None)
    deferring = file_ref is not None and defer_size is not None and size - start > defer_size
    if not (deferring or (partial and size - start > _FIRST_READ)) or start >= size:
        f.seek(0)
        data = f.read()
        return Source(data, start, filename, file_ref=file_ref, defer_size=None)
    # an anonymous map's untouched pages cost nothing, but each page touched costs a fault: a smaller
    # file is cheaper in a zeroed bytearray
    buffer = bytearray(size) if size <= _ZEROED_BUFFER_MAX else mmap.mmap(-1, size)
    view = memoryview(buffer)
    filler = _Filler(f, size, start, view)
    source = Source(buffer, start, filename, file_ref=file_ref, defer_size=defer_size, filler=filler)
    filler.ensure(start + _FIRST_READ)
    return source


def _read_stream(f, name, prefix_required: bool) -> bytes:
    """The bytes of a stream from where it stands, read to its end in chunks.

    With ``prefix_required``, reading stops after the first 132 bytes if they are not a preamble
    and ``DICM`` prefix (PS3.10 7.1): the reader then refuses the data, and an endless device is
    not read on.  More than ``config.settings.max_stream_size`` bytes is a :class:`LimitExceededError`.
    """
    limit = config.settings.max_stream_size
    head_size = PREAMBLE_LENGTH + len(PREFIX)
    checked = not prefix_required
    chunks = []
    total = 0
    while True:
        chunk = f.read(_STREAM_CHUNK if checked else head_size - total)
        if not isinstance(chunk, (bytes, bytearray)):
            raise TypeError(f"file object returned {type(chunk).__name__}, expected bytes: open it in binary mode")
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            where = f" {name!r}" if name is not None else ""
            raise LimitExceededError(f"the stream{where} holds more than {limit} bytes "
                                     f"(config.settings.max_stream_size)", offset=limit)
        if not checked and total >= head_size:
            checked = True
            head = b"".join(chunks)
            if head[PREAMBLE_LENGTH:head_size] != PREFIX:
                return head  # not DICOM without force: the reader says so
            chunks = [head]


def open_source(source, *, defer_size=None, partial: bool = False, memory_map: bool = False,
                prefix_required: bool = False) -> Source:
    """Wrap ``source`` (path, bytes-like or binary file object) as a :class:`Source`.

    ``defer_size``: bytes, or ``None`` for never (use :func:`defer_size_in_bytes` first);
    ``partial``: the reader will stop early (``stop_before_pixels``, ``specific_tags``), so
    a large regular file is read as far as needed only; ``memory_map``: map a regular file;
    ``prefix_required``: the data must start with a preamble and ``DICM`` (no ``force``), so a
    stream without them is read no further (see :func:`_read_stream`).
    For a file read in parts, :meth:`Source.prepare` reads it and :meth:`Source.finish`
    closes it.
    """
    if isinstance(source, (str, os.PathLike)):
        filename = os.fspath(source)
        f = open(filename, "rb", buffering=0)  # (read whole or into the buffer: no buffer of its own)
        try:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode):
                data = _read_stream(f, filename, prefix_required)
                if not data:
                    raise InvalidDicomError(f"{filename!r} is empty: no DICOM data was read from it")
                return Source(data, 0, filename)
            src = _read_regular(f, st, 0, filename, FileRef(filename, st), defer_size, partial, memory_map)
        except BaseException:
            f.close()
            raise
        if src._filler is None:
            f.close()
        return src
    if isinstance(source, bytes):
        return Source(source)
    if isinstance(source, (bytearray, memoryview)):
        return Source(memoryview(source))  # cast to bytes by Source
    if isinstance(source, io.BytesIO):
        # getvalue() shares the initial bytes of an unmodified BytesIO (no copy) and, unlike
        # getbuffer(), does not lock the BytesIO against resizing while values are alive
        return Source(source.getvalue(), source.tell(), getattr(source, "name", None))
    if hasattr(source, "read"):
        name = getattr(source, "name", None)
        filename = name if isinstance(name, (str, bytes)) else None
        if type(source) in _PLAIN_FILE_TYPES:
            plain = _plain_regular_file(source)
            if plain is not None:
                st, start, file_ref = plain
                return _read_regular(_Unclosable(source), st, start, filename, file_ref, defer_size, partial,
                                     memory_map)
        return Source(_read_stream(source, filename, prefix_required), 0, filename)
    raise TypeError(
        f"cannot read DICOM from {type(source).__name__}: give a path, bytes or a binary file object"
    )


def _plain_regular_file(f):
    """(stat, position, FileRef or None) of a file object ``open()`` made for a regular file, else None."""
    try:
        st = os.fstat(f.fileno())
        position = f.tell()
    except (OSError, ValueError, io.UnsupportedOperation):
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    file_ref = None
    name = getattr(f, "name", None)
    if isinstance(name, str):
        try:
            if _identity(os.stat(name)) == _identity(st):
                file_ref = FileRef(os.path.abspath(name), st)
        except OSError:
            pass
    return st, position, file_ref


class _Unclosable:
    """A caller's file object, read by the source without being closed by it (nor moved: it is put back)."""

    __slots__ = ("_f", "_position", "name")

    def __init__(self, f):
        self._f = f
        self._position = f.tell()
        self.name = getattr(f, "name", None)

    def seek(self, position: int) -> int:
        return self._f.seek(position)

    def read(self) -> bytes:
        return self._f.read()

    def readinto(self, buffer) -> int:
        return self._f.readinto(buffer)

    def fileno(self) -> int:
        return self._f.fileno()

    def close(self) -> None:
        self._f.seek(self._position)
