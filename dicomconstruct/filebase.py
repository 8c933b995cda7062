"""pydicom's buffer wrappers: ``DicomIO``, ``DicomFileLike``, ``DicomBytesIO``, ``DicomFile``.

A wrapper holds a readable and/or writable buffer with ``seek``/``tell`` and the encoding in use
(``is_little_endian``, ``is_implicit_VR``), and reads or writes the fixed-size parts of the data
set encoding: tags (PS3.5 7.1.1, group then element) and US/UL numbers (PS3.5 6.2).  The byte
layouts come from the declarations in :mod:`dicomconstruct.format`.  ``dcmread`` and
``dcmwrite`` accept these wrappers wherever they accept a file object.
"""

from __future__ import annotations

import io
import os
import struct
from typing import Any

from .codec import _layout
from .format.constants import tag_pair

__all__ = ["DicomIO", "DicomFileLike", "DicomFile", "DicomBytesIO"]


def _packer(vr: str, little_endian: bool) -> struct.Struct:
    order, code, _ = _layout.NUMBER_FORMATS[(vr, little_endian)]
    return struct.Struct(order + code)


class DicomIO:
    """Wraps a buffer-like object (``read``/``write``, ``seek``, ``tell``) for DICOM encoding."""

    def __init__(self, buffer: Any) -> None:
        self._buffer = buffer
        self._name: str | None = getattr(buffer, "name", None)
        # the buffer's own methods replace ours where it has them (no wrapping cost per call)
        for method in ("read", "write", "close"):
            if hasattr(buffer, method):
                setattr(self, method, getattr(buffer, method))
        self.seek = buffer.seek
        self.tell = buffer.tell

    def close(self, *args: Any, **kwargs: Any) -> Any:
        """Close the buffer, where it can be closed."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    @property
    def is_little_endian(self) -> bool:
        """The byte order in use: ``True`` for little endian, ``False`` for big endian."""
        if not hasattr(self, "_little_endian"):
            raise AttributeError(f"'{type(self).__name__}.is_little_endian' has not been set")
        return self._little_endian

    @is_little_endian.setter
    def is_little_endian(self, value: bool) -> None:
        if not isinstance(value, bool):
            raise TypeError(f"'{type(self).__name__}.is_little_endian' must be bool")
        self._little_endian = value
        tag = _layout.TAG[value]
        self._tag_packer, self._tag_unpacker = tag.pack, tag.unpack
        us, ul = _packer("US", value), _packer("UL", value)
        self._us_packer, self._us_unpacker = us.pack, us.unpack
        self._ul_packer, self._ul_unpacker = ul.pack, ul.unpack

    @property
    def is_implicit_VR(self) -> bool:
        """The VR encoding in use: ``True`` for implicit VR, ``False`` for explicit VR."""
        if not hasattr(self, "_implicit_vr"):
            raise AttributeError(f"'{type(self).__name__}.is_implicit_VR' has not been set")
        return self._implicit_vr

    @is_implicit_VR.setter
    def is_implicit_VR(self, value: bool) -> None:
        if not isinstance(value, bool):
            raise TypeError(f"'{type(self).__name__}.is_implicit_VR' must be bool")
        self._implicit_vr = value

    @property
    def name(self) -> str | None:
        """The wrapped buffer's ``name``, or ``None`` when it has none."""
        return self._name

    @name.setter
    def name(self, name: str) -> None:
        self._name = name

    @property
    def parent(self) -> Any:
        """The wrapped buffer."""
        return self._buffer

    def read(self, size: int = -1, /) -> bytes:
        """Read up to ``size`` bytes (all to the end when ``size`` is negative)."""
        raise TypeError(
            f"'{type(self).__name__}' cannot be used with '{type(self._buffer).__name__}': "
            "object has no read() method"
        )

    def write(self, b, /) -> int:
        """Write the bytes ``b``; return how many were written."""
        raise TypeError(
            f"'{type(self).__name__}' cannot be used with '{type(self._buffer).__name__}': "
            "object has no write() method"
        )

    def seek(self, offset: int, whence: int = os.SEEK_SET, /) -> int:  # pragma: no cover - replaced
        raise NotImplementedError

    def tell(self) -> int:  # pragma: no cover - replaced in __init__
        raise NotImplementedError

    def read_exact(self, length: int, nr_retries: int = 3) -> bytes:
        """Exactly ``length`` bytes, retrying short reads ``nr_retries`` times; ``EOFError`` if fewer."""
        data = self.read(length)
        if len(data) == length:
            return data
        data = bytearray(data)
        for _ in range(nr_retries):
            if len(data) >= length:
                break
            data += self.read(length - len(data))
        if len(data) == length:
            return bytes(data)
        raise EOFError(
            f"Unexpected end of file. Read {len(data)} bytes of {length} expected starting at "
            f"position 0x{self.tell() - len(data):x}"
        )

    def read_tag(self) -> tuple[int, int]:
        """A tag read from the buffer, as (group, element)."""
        return self._tag_unpacker(self.read_exact(4))

    def read_UL(self) -> int:
        """A UL value read from the buffer."""
        return self._ul_unpacker(self.read(4))[0]

    def read_US(self) -> int:
        """A US value read from the buffer."""
        return self._us_unpacker(self.read(2))[0]

    def write_tag(self, tag: int) -> None:
        """Write ``tag`` (an int such as ``0x00100010``)."""
        self.write(self._tag_packer(*tag_pair(tag)))

    def write_UL(self, val: int) -> None:
        """Write a UL value."""
        self.write(self._ul_packer(val))

    def write_US(self, val: int) -> None:
        """Write a US value."""
        self.write(self._us_packer(val))


class DicomFileLike(DicomIO):
    """A :class:`DicomIO` over a file object."""


def DicomFile(*args: Any, **kwargs: Any) -> DicomFileLike:
    """``open(*args, **kwargs)`` wrapped in a :class:`DicomFileLike`."""
    return DicomFileLike(open(*args, **kwargs))


class DicomBytesIO(DicomIO):
    """A :class:`DicomIO` over an :class:`io.BytesIO` holding ``initial_bytes``; has ``getvalue()``."""

    def __init__(self, initial_bytes: bytes | bytearray | memoryview = b"") -> None:
        buffer = io.BytesIO(initial_bytes)
        super().__init__(buffer)
        self.getvalue = buffer.getvalue
