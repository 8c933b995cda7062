"""How deep the recursive reader and writer may nest before Python's recursion limit.

Both drivers recurse once per level of sequence nesting (data set, element,
item, ...).  Rather than let a deeply nested input end in ``RecursionError``,
they ask here how many levels the interpreter still allows and stop earlier
with a clear error.
"""

from __future__ import annotations

import sys

#: Frames kept free for the caller, warnings, repr and error handling.
FRAME_MARGIN = 120


def frames_in_use() -> int:
    """Number of Python frames on the stack of the caller."""
    frame = sys._getframe(1)
    depth = 0
    while frame is not None:
        depth += 1
        frame = frame.f_back
    return depth


def levels_available(frames_per_level: int) -> int:
    """Nesting levels that fit under ``sys.getrecursionlimit()`` from the caller's depth."""
    return max((sys.getrecursionlimit() - frames_in_use() - FRAME_MARGIN) // frames_per_level, 0)
