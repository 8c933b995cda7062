"""The rules that settle the dictionary's ambiguous VRs, declared once for reader and writer.

PS3.5 A.1 and 7.1; PS3.3 C.7.6.3.1 (Pixel Representation), C.11.1.1.1 (LUT
Data), C.10.9.1 (Waveform).  The choices themselves are in
:data:`.vr.AMBIGUOUS_VRS`; the tags that decide them in :mod:`.constants`.

* ``US or SS``: US when Pixel Representation is 0, else SS.
* ``US or OW`` (LUT Data), ``US or SS or OW`` (Gray Lookup Table Data): a LUT
  of one entry (first value of its descriptor) is US, SS for the latter when
  Pixel Representation is 1; any other LUT is OW.
* ``OB or OW``: OB when of undefined length (encapsulated, PS3.5 A.4); OW in
  implicit VR; Pixel Data and Waveform data are OB when 8 or fewer bits are
  allocated, else OW; everything else OW (PS3.5 8.1.2).
"""

from __future__ import annotations

from typing import Callable, Optional

from .constants import (
    BITS_ALLOCATED,
    LUT_DESCRIPTOR_OF,
    PIXEL_DATA_TAG,
    WAVEFORM_BITS_ALLOCATED,
    WAVEFORM_OB_OW_TAGS,
)

__all__ = ["resolve_ambiguous", "PENDING"]

#: Returned when Pixel Representation is not known yet: the caller settles it later.
PENDING = "US or SS"


def resolve_ambiguous(
    vr: str,
    tag: int,
    number: Callable[[int, bool], Optional[int]],
    *,
    implicit: bool,
    undefined_length: bool = False,
    pixel_representation: Optional[Callable[[], int]] = None,
) -> str:
    """The VR an ambiguous dictionary ``vr`` of element ``tag`` stands for (see the module docstring).

    ``number(tag, nearest_only)``: first value of element ``tag`` in the data
    set of the element (and, unless ``nearest_only``, in the enclosing ones,
    nearest first), or ``None``.  ``pixel_representation()``: its value for
    this element; without it, :data:`PENDING` is returned where it is needed.
    """
    if " or " not in vr:
        return vr
    if vr == "US or SS":
        if pixel_representation is None:
            return PENDING
        return "US" if pixel_representation() == 0 else "SS"
    if vr in ("US or OW", "US or SS or OW"):
        descriptor = LUT_DESCRIPTOR_OF.get(tag)
        if descriptor is None or number(descriptor, True) != 1:
            return "OW"
        if vr == "US or OW":
            return "US"
        if pixel_representation is None:
            return PENDING
        return "SS" if pixel_representation() == 1 else "US"
    if undefined_length:
        return "OB"
    if implicit:
        return "OW"
    if vr == "OB or OW" and (tag == PIXEL_DATA_TAG or tag in WAVEFORM_OB_OW_TAGS):
        if tag == PIXEL_DATA_TAG:
            bits = number(BITS_ALLOCATED, False)
        else:
            bits = number(WAVEFORM_BITS_ALLOCATED, True)
        return "OB" if bits is not None and bits <= 8 else "OW"
    return "OW"
