"""Where the bytes come from: paths, bytes-likes and file objects, read without copying.

* a path: the file is memory-mapped read-only (an empty file gives empty data);
* ``bytes`` / ``bytearray`` / ``memoryview``: used in place;
* ``io.BytesIO``: its bytes (``getvalue()``, shared without copy when possible), from the current position;
* a real file object (has ``fileno``): memory-mapped, from the current position;
* any other readable object: ``read()`` once.

Offsets reported by the reader are positions in :attr:`Source.view`, which for
file objects and BytesIO are absolute positions in the file (parsing starts at
:attr:`Source.start`).
"""

from __future__ import annotations

import io
import mmap
import os

__all__ = ["Source", "open_source"]


class Source:
    """The bytes to parse.

    ``data``: an object whose slices are ``bytes`` (``bytes`` or ``mmap``);
    ``view``: a ``memoryview`` over the same bytes (values are slices of it);
    ``start``: where parsing begins; ``filename``: the path, if known.
    """

    __slots__ = ("data", "view", "start", "filename", "_mmap", "_file")

    def __init__(self, data, start: int = 0, filename=None, mm=None, file=None):
        self.data = data
        self.view = memoryview(data) if not isinstance(data, memoryview) else data
        if self.view.ndim != 1 or self.view.itemsize != 1:
            self.view = self.view.cast("B")
        self.start = start
        self.filename = filename
        self._mmap = mm
        self._file = file

    def __len__(self) -> int:
        return len(self.view)

    def close(self) -> None:
        """Release the mapping (only safe once no value slice is used any more)."""
        if self._mmap is not None:
            try:
                self.view.release()
                self._mmap.close()
            except (BufferError, ValueError):
                pass  # slices still exported: the mapping stays until they go
        if self._file is not None:
            self._file.close()


def _map_file(fileobj):
    try:
        size = os.fstat(fileobj.fileno()).st_size
    except (OSError, AttributeError, io.UnsupportedOperation):
        return None
    if size == 0:
        return b""
    try:
        return mmap.mmap(fileobj.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None


def open_source(source) -> Source:
    """Wrap ``source`` (path, bytes-like or binary file object) as a :class:`Source`."""
    if isinstance(source, (str, os.PathLike)):
        filename = os.fspath(source)
        with open(filename, "rb") as f:
            mm = _map_file(f)
            if mm is None:
                data = f.read()
                return Source(data, 0, filename)
        return Source(mm, 0, filename, mm=mm if isinstance(mm, mmap.mmap) else None)
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
        position = None
        try:
            position = source.tell()
        except (OSError, AttributeError, io.UnsupportedOperation):
            position = None
        if position is not None and hasattr(source, "fileno"):
            mm = _map_file(source)
            if mm is not None:
                if isinstance(mm, mmap.mmap):
                    return Source(mm, position, filename, mm=mm)
                return Source(b"", 0, filename)
        data = source.read()
        if not isinstance(data, (bytes, bytearray)):
            raise TypeError(f"file object returned {type(data).__name__}, expected bytes: open it in binary mode")
        return Source(bytes(data), 0, filename)
    raise TypeError(
        f"cannot read DICOM from {type(source).__name__}: give a path, bytes or a binary file object"
    )
