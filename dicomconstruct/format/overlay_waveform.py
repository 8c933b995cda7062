"""Overlay Plane (PS3.3 C.9.2) and Waveform (PS3.3 C.10.9) encoding facts.

Overlays live in the repeating groups 6000-601E (even groups only, PS3.5 7.6);
element 3000 of the group holds Overlay Data, one bit per pixel, packed as
Bits Allocated 1 pixel data (PS3.5 8.1.2, first pixel in the least
significant bit).  A waveform multiplex group's samples are interleaved by
channel, of the type Waveform Sample Interpretation names (PS3.3 C.10.9.1.5).
"""

from __future__ import annotations

__all__ = ["OVERLAY_GROUPS", "OVERLAY_ELEMENTS", "WAVEFORM_SAMPLE_TYPES"]

#: First and last group of the Overlay Plane module's repeating groups (PS3.3 C.9.2, PS3.5 7.6).
OVERLAY_GROUPS = (0x6000, 0x60FF)
#: Element numbers in an overlay group (PS3.3 table C.9-2).
OVERLAY_ELEMENTS = {
    "OverlayRows": 0x0010,
    "OverlayColumns": 0x0011,
    "NumberOfFramesInOverlay": 0x0015,
    "OverlayBitsAllocated": 0x0100,
    "OverlayBitPosition": 0x0102,
    "OverlayData": 0x3000,
}
#: (Waveform Bits Allocated, Waveform Sample Interpretation) -> numpy type of a sample (PS3.3 C.10.9.1.5);
#: MB (mu-law) and AB (A-law) companded 8-bit samples are given as stored.
WAVEFORM_SAMPLE_TYPES = {
    (8, "SB"): "i1",
    (8, "UB"): "u1",
    (8, "MB"): "u1",
    (8, "AB"): "u1",
    (16, "SS"): "i2",
    (16, "US"): "u2",
    (32, "SL"): "i4",
    (32, "UL"): "u4",
    (64, "SV"): "i8",
    (64, "UV"): "u8",
}
