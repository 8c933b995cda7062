"""Coded concepts (PS3.3 8.1, the Basic Code Sequence Macro): :class:`Code`."""

from __future__ import annotations

from typing import Any, NamedTuple

__all__ = ["Code"]


class Code(NamedTuple):
    """A coded concept: Code Value, Coding Scheme Designator, Code Meaning (and Coding Scheme Version).

    Two codes are equal when value, scheme designator and scheme version are equal;
    the meaning is a human-readable label and does not take part (PS3.3 8.3, 8.8).
    Codes hash by scheme designator and value, so they serve as dictionary keys.
    The SNOMED RT to SNOMED CT equivalences of PS3.16 are not known here: an
    ``SRT`` code equals only the same ``SRT`` code.
    """

    value: str
    scheme_designator: str
    meaning: str
    scheme_version: str | None = None

    def __hash__(self) -> int:
        return hash(self.scheme_designator + self.value)

    def __eq__(self, other: Any) -> bool:
        try:
            return (self.value, self.scheme_designator, self.scheme_version) == (
                other.value,
                other.scheme_designator,
                other.scheme_version,
            )
        except AttributeError:
            return NotImplemented

    def __ne__(self, other: Any) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal
