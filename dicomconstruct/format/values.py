"""Value field layouts for each VR (PS3.5 6.2, 6.4, 7.3).

* Numbers (US SS UL SL FL FD SV UV): arrays of fixed-size binary numbers in the
  transfer syntax's byte order (PS3.5 7.3).
* AT: array of (group, element) pairs of 16-bit numbers (PS3.5 6.2).
* OW OF OD OL OV: bytes made of words whose byte order follows the transfer
  syntax (PS3.5 7.3); their layout is an array of words, which is what a
  byte swap between little and big endian rearranges.
* OB UN: bytes, no byte order.
* Text VRs: bytes, values separated by ``\\`` where the VR allows several
  (PS3.5 6.4), padded to even length with the VR's padding byte.

The layout of a value is :func:`value_layout`; :mod:`.fast` derives the
``struct`` formats used by the codec from these declarations.
"""

from __future__ import annotations

from functools import lru_cache

from construct import Construct, FormatField, GreedyBytes, GreedyRange

from .element import tag_struct
from .vr import VR_INFO

__all__ = ["value_layout", "MULTI_VALUE_DELIMITER"]

#: Separates the values of a multi-valued text element (PS3.5 6.4).
MULTI_VALUE_DELIMITER = b"\\"


@lru_cache(maxsize=None)
def value_layout(vr: str, little_endian: bool) -> Construct:
    """The construct declaration of a whole value field of VR ``vr``."""
    info = VR_INFO.get(vr)
    if info is None or info.kind in ("text", "binary", "sequence"):
        return GreedyBytes
    if info.kind == "tag":
        return GreedyRange(tag_struct(little_endian))
    return GreedyRange(FormatField("<" if little_endian else ">", info.fmt))
