"""Writing a file so that the user keeps the file they had: its data until the new data is complete,
its place (links), its owner, group and mode.

:func:`write_file_safely` follows the rules of vim's ``backupcopy=auto``:

* **Atomic replace** for a plain file this process may replace: the bytes go
  to a new file in the target's own folder (same file system), which is
  flushed and fsync'ed, given the old file's owner, group and mode, and only
  then renamed over the target.  At every moment the path holds either the
  complete old file or the complete new one.  Where the platform has
  ``O_TMPFILE`` (Linux), the new file has no name until it is complete, so a
  process killed mid-write leaves nothing behind.
* **Through symbolic links**: the link is kept and the file it points to is
  replaced, atomically in *that* file's folder.  A dangling link gets its
  target created.
* **In place** where a rename would lose something: a device node or FIFO
  (``/dev/null`` stays a device), a file with more than one hard link (the
  links stay one file), a file whose owner, group or mode the new file could
  not be given, a folder this process cannot create files in.  The file is
  opened only once every byte of the output is ready, written, cut to the new
  length and fsync'ed.  What this guarantees: no check of the data can fail
  after the file was opened; what it does not: a failure of the disk or a kill
  *during* those writes leaves a file that is partly new.

Every ``OSError`` raised names the target (never the temporary file), and the
temporary file is removed on every failure that Python can catch.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import secrets
import stat
from typing import Iterable, Iterator, BinaryIO

__all__ = ["write_file_safely", "replace_atomically", "temporary_name"]

#: Longest file name most file systems accept, in bytes (ext4, XFS, btrfs, NTFS: 255).
NAME_MAX = 255
_TEMP_PREFIX = ".~"
_TEMP_SUFFIX = ".tmp"


def temporary_name(target_name: str) -> str:
    """A hidden name for a new file next to ``target_name``, at most :data:`NAME_MAX` bytes long.

    The target's name is cut (whole characters) so that prefix, name, a random
    part and the suffix fit.
    """
    random = "." + secrets.token_hex(4)
    room = NAME_MAX - len(os.fsencode(_TEMP_PREFIX + random + _TEMP_SUFFIX))
    name = target_name
    while len(os.fsencode(name)) > room:
        name = name[:-1]
    return _TEMP_PREFIX + name + random + _TEMP_SUFFIX


def _named_error(error: OSError, target: str) -> OSError:
    """``error`` again, of the same class, naming ``target`` instead of any temporary file."""
    return type(error)(error.errno, error.strerror or os.strerror(error.errno), target)


def _resolve(target: str) -> str:
    """The path that gets written: the file a (chain of) symbolic link(s) points to, else ``target``."""
    if not os.path.islink(target):
        return target
    return os.path.realpath(target)  # a dangling link gives the path of the file it would name


def write_file_safely(path: str | os.PathLike, chunks: Iterable[bytes]) -> None:
    """Write the bytes ``chunks`` to ``path`` by the rules of the module docstring.

    ``chunks`` must be complete (a list of bytes, already encoded): the target
    is touched only after it is known.
    """
    target = os.path.expanduser(os.fspath(path))
    chunks = list(chunks)
    try:
        real = _resolve(target)
        try:
            info = os.stat(real)
        except FileNotFoundError:
            info = None
        if info is not None and stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), target)
        if info is not None and (not stat.S_ISREG(info.st_mode) or info.st_nlink > 1):
            _write_in_place(real, chunks, info)
            return
        try:
            _replace(real, chunks, info)
        except _KeepInPlace:
            _write_in_place(real, chunks, info)
    except OSError as error:
        if error.errno is None:
            raise
        raise _named_error(error, target) from error


class _KeepInPlace(Exception):
    """The new file could not be given what the old one had (owner, mode, a folder to live in)."""


def _replace(real: str, chunks: list, info: os.stat_result | None) -> None:
    folder = os.path.dirname(os.path.abspath(real))
    try:
        fd, temp = _open_temporary(folder, os.path.basename(real), new=info is None)
    except PermissionError:
        if info is None:
            raise
        raise _KeepInPlace() from None
    try:
        _write_all(fd, chunks)
        if info is not None:
            _copy_owner_and_mode(fd, info)
        os.fsync(fd)
        if temp is None:
            temp = _link_unnamed(fd, folder, os.path.basename(real))
        os.close(fd)
        fd = -1
        os.replace(temp, real)
        temp = None
    except BaseException:
        _discard(fd, temp)
        raise
    _sync_folder(folder)


def _discard(fd: int, temp: str | None) -> None:
    if fd >= 0:
        with contextlib.suppress(OSError):
            os.close(fd)
    if temp is not None:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _open_temporary(folder: str, name: str, new: bool) -> tuple[int, str | None]:
    """A file to write the new data into, in ``folder``: unnamed (``O_TMPFILE``) where possible.

    A new target gets the mode ``0o666`` less the umask, as ``open()`` would
    give it; a replacement starts as ``0o600`` (the data is not readable by
    others while it is written) and later gets the old file's mode.
    """
    mode = 0o666 if new else 0o600
    tmpfile = getattr(os, "O_TMPFILE", 0)
    if tmpfile and os.path.isdir("/proc/self/fd"):
        try:
            return os.open(folder, tmpfile | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), mode), None
        except PermissionError:
            raise
        except OSError as error:
            if error.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
                raise
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temp = os.path.join(folder, temporary_name(name))
        try:
            return os.open(temp, flags, mode), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary name", os.path.join(folder, name))


def _link_unnamed(fd: int, folder: str, name: str) -> str:
    """Give the complete unnamed file a temporary name, to be renamed over the target."""
    # linkat(AT_SYMLINK_FOLLOW) on /proc/self/fd/N links the open file itself; os.link calls
    # linkat (rather than link) only when given a directory descriptor
    proc = os.open("/proc/self/fd", os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        for _ in range(100):
            temp = os.path.join(folder, temporary_name(name))
            try:
                os.link(str(fd), temp, src_dir_fd=proc, follow_symlinks=True)
                return temp
            except FileExistsError:
                continue
    finally:
        os.close(proc)
    raise FileExistsError(errno.EEXIST, "no unused temporary name", os.path.join(folder, name))


def _copy_owner_and_mode(fd: int, info: os.stat_result) -> None:
    """Give the new file the old one's owner, group and permission bits, or ask for an in-place write."""
    try:
        if (info.st_uid, info.st_gid) != _owner(fd):
            os.fchown(fd, info.st_uid, info.st_gid)
        os.fchmod(fd, stat.S_IMODE(info.st_mode))  # after chown, which may clear set-id bits
        current = os.fstat(fd)
    except (PermissionError, AttributeError):
        raise _KeepInPlace() from None
    if (current.st_uid, current.st_gid, stat.S_IMODE(current.st_mode)) != (
        info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)
    ):
        raise _KeepInPlace()


def _owner(fd: int) -> tuple[int, int]:
    current = os.fstat(fd)
    return current.st_uid, current.st_gid


def _write_all(fd: int, chunks: list) -> None:
    for chunk in chunks:
        view = memoryview(chunk)
        while view:
            written = os.write(fd, view)
            view = view[written:]


def _sync_folder(folder: str) -> None:
    """Make the rename durable (POSIX); a folder that cannot be opened or synced is left as it is."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_in_place(real: str, chunks: list, info: os.stat_result | None) -> None:
    """Overwrite the file itself: the same inode, owner, group, mode and links.

    A FIFO with no reader is refused at once (``ENXIO``) rather than waited for.
    """
    regular = info is None or stat.S_ISREG(info.st_mode)
    flags = os.O_WRONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    if info is not None and stat.S_ISFIFO(info.st_mode):
        flags |= getattr(os, "O_NONBLOCK", 0)
    fd = os.open(real, flags | (os.O_CREAT if info is None else 0), 0o666)
    try:
        if flags & getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)
        _write_all(fd, chunks)
        if regular:
            os.ftruncate(fd, sum(len(chunk) for chunk in chunks))
            os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def replace_atomically(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """Yield a binary file object; on clean exit its bytes are written to ``path`` by :func:`write_file_safely`.

    Nothing touches ``path`` if the block raises.
    """
    buffer = io.BytesIO()
    yield buffer
    write_file_safely(path, [buffer.getvalue()])
