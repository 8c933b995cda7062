"""What the drivers need to know about a transfer syntax (PS3.5 10, A).

The facts themselves (implicit VR? little endian? deflated? encapsulated?)
live in :mod:`dicomconstruct.uid`; this module only turns a UID into the
:class:`Encoding` the reader and writer work with, and applies PS3.5's rule
for syntaxes it does not know: Explicit VR Little Endian.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Encoding", "encoding_for", "IMPLICIT_VR_LE", "EXPLICIT_VR_LE", "EXPLICIT_VR_BE", "DEFLATED_EXPLICIT_VR_LE"]

IMPLICIT_VR_LE = "1.2.840.10008.1.2"
EXPLICIT_VR_LE = "1.2.840.10008.1.2.1"
EXPLICIT_VR_BE = "1.2.840.10008.1.2.2"
DEFLATED_EXPLICIT_VR_LE = "1.2.840.10008.1.2.1.99"


class Encoding(NamedTuple):
    """How a dataset is encoded: VR implicit or explicit, byte order, deflate, encapsulation."""

    implicit_vr: bool
    little_endian: bool
    deflated: bool = False
    encapsulated: bool = False
    known: bool = True


def encoding_for(transfer_syntax) -> Encoding:
    """The :class:`Encoding` of ``transfer_syntax`` (a UID string).

    Unknown UIDs (not a transfer syntax in :mod:`dicomconstruct.uid`) get
    Explicit VR Little Endian with ``known=False`` so that the caller can warn.
    """
    from ..uid import UID

    uid = UID(str(transfer_syntax))
    try:
        if not uid.is_transfer_syntax:
            raise ValueError
        return Encoding(
            bool(uid.is_implicit_VR),
            bool(uid.is_little_endian),
            bool(uid.is_deflated),
            bool(uid.is_encapsulated),
        )
    except (ValueError, AttributeError, KeyError):
        return Encoding(False, True, False, False, known=False)
