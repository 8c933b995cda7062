"""Data element tags (PS3.5 7.1.1): an ``int`` holding ``group << 16 | element``.

:class:`Tag` accepts what pydicom's ``Tag()`` accepts: an int, a
``(group, element)`` tuple or list (of ints, or of hex strings), two ints,
a hex string such as ``"0x00100010"`` or ``"00100010"``, or a keyword such as
``"PatientName"``.  It prints as ``(0010, 0010)``.
"""

from __future__ import annotations

from typing import Any, Union

from .format.constants import ITEM_DELIMITER_TAG, ITEM_TAG, MAX_TAG, SEQUENCE_DELIMITER_TAG, tag_pair

__all__ = [
    "Tag",
    "BaseTag",
    "TagType",
    "TupleTag",
    "ItemTag",
    "ItemDelimiterTag",
    "SequenceDelimiterTag",
]

#: Anything :class:`Tag` accepts.
TagType = Union[int, str, "tuple[int, int]", "Tag"]


class Tag(int):
    """A DICOM data element tag (PS3.5 7.1.1).

    >>> Tag(0x00080016), Tag((8, 0x16)), Tag(8, 0x16), Tag("SOPClassUID")
    ((0008, 0016), (0008, 0016), (0008, 0016), (0008, 0016))

    Raises ``ValueError`` for an unknown keyword, a negative value or a
    malformed tuple, ``TypeError`` for mixed tuple types and
    ``OverflowError`` when the group or element does not fit in 16 bits.
    """

    __slots__ = ()

    def __new__(cls, arg: Any, arg2: int | None = None) -> "Tag":
        if type(arg) is cls and arg2 is None:
            return arg
        if arg2 is not None:
            arg = (arg, arg2)
        if isinstance(arg, int):
            value = int(arg)
            if value > MAX_TAG:
                raise OverflowError(
                    f"Unable to create an element tag from '{value}': the combined group "
                    "and element values are limited to a maximum of 4 bytes"
                )
        elif isinstance(arg, (tuple, list)):
            value = _from_pair(arg)
        elif isinstance(arg, str):
            value = _from_string(arg)
        else:
            raise TypeError(f"Unable to create an element tag from {arg!r}: expected an int, tuple or str")
        if value < 0:
            raise ValueError(f"Unable to create an element tag from '{value}': tags must be positive")
        return int.__new__(cls, value)

    # Comparisons convert the other side with Tag(), so (0x10, 0x10) == Tag(0x00100010).
    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, int):
            try:
                other = Tag(other)
            except Exception:
                return False
        return int(self) == int(other)

    def __ne__(self, other: Any) -> bool:
        return not self == other

    def __lt__(self, other: Any) -> bool:
        return int(self) < int(_coerce(other))

    def __le__(self, other: Any) -> bool:
        return int(self) <= int(_coerce(other))

    def __gt__(self, other: Any) -> bool:
        return int(self) > int(_coerce(other))

    def __ge__(self, other: Any) -> bool:
        return int(self) >= int(_coerce(other))

    __hash__ = int.__hash__

    def __str__(self) -> str:
        return f"({self >> 16:04x}, {self & 0xFFFF:04x})"

    __repr__ = __str__

    @property
    def group(self) -> int:
        """The group number."""
        return self >> 16

    @property
    def element(self) -> int:
        """The element number."""
        return self & 0xFFFF

    elem = element

    @property
    def json_key(self) -> str:
        """``GGGGEEEE`` in upper-case hex, the key of the DICOM JSON model (PS3.18 F.2)."""
        return f"{self >> 16:04X}{self & 0xFFFF:04X}"

    @property
    def is_private(self) -> bool:
        """True for an odd group number (PS3.5 7.8)."""
        return (self >> 16) & 1 == 1

    @property
    def is_private_creator(self) -> bool:
        """True for a Private Creator element (gggg,0010-00FF) (PS3.5 7.8.1)."""
        return (self >> 16) & 1 == 1 and 0x0010 <= (self & 0xFFFF) < 0x0100

    @property
    def private_creator(self) -> "Tag":
        """The Private Creator tag reserving this private tag's block (meaningless if not private)."""
        return Tag((self & 0xFFFF0000) | ((self & 0xFFFF) >> 8))


#: pydicom's name for the class of tag objects.
BaseTag = Tag


def _coerce(other: Any) -> int:
    if isinstance(other, int):
        return other
    try:
        return Tag(other)
    except Exception:
        raise TypeError("Cannot compare Tag with non-Tag item") from None


def _from_pair(arg) -> int:
    if len(arg) != 2:
        raise ValueError("Tag must be an int or a 2-tuple")
    group, element = arg
    if isinstance(group, str) and isinstance(element, str):
        group, element = int(group, 16), int(element, 16)
    elif not (isinstance(group, int) and isinstance(element, int)):
        raise TypeError(
            f"Unable to create an element tag from '{arg}': both arguments must be "
            "the same type and str or int"
        )
    if group > 0xFFFF or element > 0xFFFF:
        raise OverflowError(
            f"Unable to create an element tag from '{arg}': the group and element "
            "values are limited to a maximum of 2 bytes each"
        )
    if group < 0 or element < 0:
        raise ValueError(f"Unable to create an element tag from '{arg}': tags must be positive")
    return (group << 16) | element


def _from_string(arg: str) -> int:
    try:
        value = int(arg, 16)
    except ValueError:
        from .datadict import tag_for_keyword

        value = tag_for_keyword(arg)
        if value is None:
            raise ValueError(
                f"Unable to create an element tag from '{arg}': unknown DICOM element "
                "keyword or an invalid int"
            ) from None
        return value
    if value > MAX_TAG:
        raise OverflowError(
            f"Unable to create an element tag from '{value}': the combined group and "
            "element values are limited to a maximum of 4 bytes"
        )
    return value


def TupleTag(group_elem: tuple[int, int]) -> Tag:
    """A :class:`Tag` from a ``(group, element)`` pair known to be valid (no checks)."""
    return int.__new__(Tag, (group_elem[0] << 16) | group_elem[1])


#: Item, Item Delimitation Item and Sequence Delimitation Item (PS3.5 7.5).
ItemTag = TupleTag(tag_pair(ITEM_TAG))
ItemDelimiterTag = TupleTag(tag_pair(ITEM_DELIMITER_TAG))
SequenceDelimiterTag = TupleTag(tag_pair(SEQUENCE_DELIMITER_TAG))


@__import__("contextlib").contextmanager
def tag_in_exception(tag: "BaseTag"):
    """Re-raise an exception of the block with ``tag`` named in its message (pydicom's helper).

    The exception keeps its type; the message becomes ``"With tag (gggg,eeee) got
    exception: ..."`` followed by the original traceback.
    """
    import traceback

    from .errors import format_tag

    try:
        yield tag
    except Exception as exc:
        detail = traceback.format_exc()
        message = f"With tag {format_tag(int(tag))} got exception: {exc}\n{detail}"
        try:
            replaced = type(exc)(message)
        except Exception:  # noqa: BLE001 - an exception type that takes other arguments
            raise exc from None
        raise replaced from exc
