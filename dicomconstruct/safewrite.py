"""Writing a file so that a failure never destroys the old one.

:func:`replace_atomically` writes into a temporary file in the target's own
folder (same file system, so the final rename is atomic), flushes it to disk,
and only then renames it over the target.  If anything raises before that, the
temporary file is removed and the target is left exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from typing import BinaryIO, Iterator

__all__ = ["replace_atomically"]


@contextlib.contextmanager
def replace_atomically(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """Yield a binary file object; on clean exit it replaces ``path``, on error it vanishes.

    The new file keeps the permission bits of the file it replaces (or the
    process's default for a new file).
    """
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    fd, temp = tempfile.mkstemp(prefix=".~" + os.path.basename(target) + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fp:
            yield fp
            fp.flush()
            os.fsync(fp.fileno())
        _copy_mode(target, temp)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _copy_mode(existing: str, new: str) -> None:
    try:
        mode = os.stat(existing).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(new, mode)
