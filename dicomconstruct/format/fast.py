"""Precompiled ``struct`` formats derived from the construct declarations.

``construct`` parses one element header several times slower than
``struct.unpack_from``.  The codec therefore runs on ``struct.Struct`` objects
whose format strings are *computed* here by walking the declarations in
:mod:`.element` and :mod:`.values` (each field's ``FormatField.fmtstr``,
``Bytes`` length, ``Const`` / ``Default`` wrappers), never typed a second time.
``tools/gen_codec.py`` uses these functions to write the codec's tables,
``dicomconstruct/codec/_layout.py``, as plain literals: the codec imports that
module, not this one (nor construct).  The objects below serve tools and tests.
"""

from __future__ import annotations

import struct
from functools import lru_cache

from construct import Bytes, Const, Default, FormatField, GreedyRange, Renamed, Struct

from . import element as _el
from .values import value_layout

__all__ = [
    "struct_format",
    "compile_struct",
    "field_names",
    "number_format",
    "EXPLICIT_SHORT",
    "EXPLICIT_LONG",
    "IMPLICIT",
    "ITEM",
    "LENGTH32",
    "TAG",
]


def _field_format(con) -> tuple[str, str]:
    """(byte-order character, struct code) of one fixed-size field declaration."""
    while isinstance(con, (Renamed, Const, Default)):
        con = con.subcon
    if isinstance(con, FormatField):
        return con.fmtstr[0], con.fmtstr[1:]
    if isinstance(con, Bytes) and isinstance(con.length, int):
        return "", f"{con.length}s"
    raise TypeError(f"{con!r} has no fixed struct equivalent")


def struct_format(declaration: Struct) -> str:
    """The ``struct`` format equivalent to a Struct of fixed-size fields.

    >>> struct_format(_el.ExplicitShortHeaderLE)
    '<HH2sH'
    """
    order = ""
    codes = []
    for sub in declaration.subcons:
        byte_order, code = _field_format(sub)
        if byte_order:
            if order and byte_order != order:
                raise TypeError(f"{declaration!r} mixes byte orders")
            order = byte_order
        codes.append(code)
    return (order or "<") + "".join(codes)


def field_names(declaration: Struct) -> tuple[str, ...]:
    """Names of the fields of ``declaration``, in order (what ``unpack`` returns)."""
    return tuple(sub.name for sub in declaration.subcons)


@lru_cache(maxsize=None)
def compile_struct(declaration: Struct) -> struct.Struct:
    """A ``struct.Struct`` for ``declaration`` (cached)."""
    return struct.Struct(struct_format(declaration))


def _pair(factory) -> dict[bool, struct.Struct]:
    """Compiled header for little (True) and big (False) endian."""
    return {True: compile_struct(factory(True)), False: compile_struct(factory(False))}


#: Explicit VR short-form header: (group, element, VR, length16).
EXPLICIT_SHORT = _pair(_el.explicit_short_header)
#: Explicit VR long-form header: (group, element, VR, reserved, length32).
EXPLICIT_LONG = _pair(_el.explicit_long_header)
#: Implicit VR header: (group, element, length32).
IMPLICIT = _pair(_el.implicit_header)
#: Item / delimiter header: (group, element, length32).
ITEM = _pair(_el.item_header)
#: The 32-bit length that follows VR and reserved bytes in a long-form header.
LENGTH32 = {
    little: struct.Struct("".join(_field_format(_el.explicit_long_header(little).subcons[-1])))
    for little in (True, False)
}
#: A tag (group, element).
TAG = _pair(_el.tag_struct)


@lru_cache(maxsize=None)
def number_format(vr: str, little_endian: bool) -> tuple[str, str, int]:
    """(byte order, struct code, item size) of one item of a numeric/word/AT VR's value layout.

    For AT the item is a whole tag (code ``"HH"``, size 4).
    """
    layout = value_layout(vr, little_endian)
    if not isinstance(layout, GreedyRange):
        raise TypeError(f"VR {vr} has no numeric layout")
    item = layout.subcon
    if isinstance(item, Struct):
        fmt = struct_format(item)
        return fmt[0], fmt[1:], struct.calcsize(fmt)
    order, code = _field_format(item)
    return order, code, struct.calcsize(order + code)
