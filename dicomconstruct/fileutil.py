"""pydicom's ``fileutil`` helpers for paths and buffers (binary file objects used as values).

A *buffer* here is an :class:`io.BufferedIOBase` that is open, readable and
seekable (pydicom 3 accepts one as the value of an element with a long value).
These helpers never leave a buffer moved unless they say so.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from io import BufferedIOBase
from typing import Any

from . import config

__all__ = [
    "DEFAULT_BUFFERED_READ_SIZE",
    "buffer_equality",
    "buffer_length",
    "buffer_remaining",
    "check_buffer",
    "path_from_pathlike",
    "read_buffer",
    "reset_buffer_position",
]

#: Bytes read at a time from a buffer unless ``config.settings.buffered_read_size`` says otherwise.
DEFAULT_BUFFERED_READ_SIZE = 8192


def path_from_pathlike(file_object: Any) -> Any:
    """``os.fspath(file_object)`` for a path (``str``, ``bytes``, ``os.PathLike``), else the object itself."""
    try:
        return os.fspath(file_object)
    except TypeError:
        return file_object


def check_buffer(buffer: BufferedIOBase) -> None:
    """Raise ``TypeError``/``ValueError`` unless ``buffer`` is an open, readable, seekable buffer."""
    if not isinstance(buffer, BufferedIOBase):
        raise TypeError("the buffer must inherit from 'io.BufferedIOBase'")
    if buffer.closed:
        raise ValueError("the buffer has been closed")
    if not (buffer.readable() and buffer.seekable()):
        raise ValueError("the buffer must be readable and seekable")


@contextmanager
def reset_buffer_position(buffer: BufferedIOBase) -> Generator[int, None, None]:
    """Yield the buffer's position and seek back to it when the block ends."""
    check_buffer(buffer)
    start = buffer.tell()
    try:
        yield start
    finally:
        if not buffer.closed:
            buffer.seek(start)


def _read_size() -> int:
    return getattr(config.settings, "buffered_read_size", DEFAULT_BUFFERED_READ_SIZE)


def read_buffer(buffer: BufferedIOBase, *, chunk_size: int | None = None) -> Iterator[bytes]:
    """Yield the rest of ``buffer`` in chunks of at most ``chunk_size`` bytes (it is not rewound)."""
    size = _read_size() if chunk_size is None else chunk_size
    if size <= 0:
        raise ValueError(f"Invalid 'chunk_size' value '{size}', must be greater than 0")
    check_buffer(buffer)
    while True:
        chunk = buffer.read(size)
        if not chunk:
            return
        yield chunk


def buffer_length(buffer: BufferedIOBase) -> int:
    """The whole length of ``buffer`` in bytes."""
    with reset_buffer_position(buffer):
        return buffer.seek(0, os.SEEK_END)


def buffer_remaining(buffer: BufferedIOBase) -> int:
    """The bytes from the buffer's position to its end."""
    with reset_buffer_position(buffer) as start:
        return buffer.seek(0, os.SEEK_END) - start


def buffer_equality(buffer: BufferedIOBase, other: Any) -> bool:
    """Whether the whole of ``buffer`` equals ``other`` (bytes, bytearray or another buffer).

    Compared a chunk at a time; neither buffer's position changes.
    """
    if not isinstance(other, (bytes, bytearray, BufferedIOBase)):
        return False
    with reset_buffer_position(buffer):
        buffer.seek(0)
        if isinstance(other, (bytes, bytearray)):
            position = 0
            for chunk in read_buffer(buffer):
                if other[position : position + len(chunk)] != chunk:
                    return False
                position += len(chunk)
            return position == len(other)
        if buffer_length(buffer) != buffer_length(other):
            return False
        with reset_buffer_position(other):
            other.seek(0)
            return all(a == b for a, b in zip(read_buffer(buffer), read_buffer(other)))
