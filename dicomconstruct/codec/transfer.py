"""What the drivers need to know about a transfer syntax (PS3.5 10, A).

The facts themselves (implicit VR? little endian? deflated? encapsulated?)
live in :mod:`dicomconstruct.uid`; this module only turns a UID into the
:class:`Encoding` the reader and writer work with, and applies PS3.5's rule
for syntaxes it does not know: Explicit VR Little Endian.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from .._dicts.transfer_syntaxes import TRANSFER_SYNTAXES

__all__ = ["Encoding", "encoding_for", "IMPLICIT_VR_LE", "EXPLICIT_VR_LE", "EXPLICIT_VR_BE", "DEFLATED_EXPLICIT_VR_LE"]



def _uid_of(keyword: str) -> str:
    """The UID of the transfer syntax named ``keyword`` in ``schema/uids.yaml``."""
    return next(uid for uid, facts in TRANSFER_SYNTAXES.items() if facts[0] == keyword)


#: The uncompressed transfer syntaxes (PS3.5 A.1, A.2, A.3, A.5), looked up by keyword.
IMPLICIT_VR_LE = _uid_of("ImplicitVRLittleEndian")
EXPLICIT_VR_LE = _uid_of("ExplicitVRLittleEndian")
EXPLICIT_VR_BE = _uid_of("ExplicitVRBigEndian")
DEFLATED_EXPLICIT_VR_LE = _uid_of("DeflatedExplicitVRLittleEndian")


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
    return _encoding_for(str(transfer_syntax))


def forget_encodings() -> None:
    """Forget the encodings found so far (a transfer syntax was registered, see ``uid.register_transfer_syntax``)."""
    _encoding_for.cache_clear()


@lru_cache(maxsize=256)
def _encoding_for(transfer_syntax: str) -> Encoding:
    from ..uid import UID

    uid = UID(transfer_syntax)
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
