"""Tags whose values the reader and writer look at, to pick an encoding or resolve an ambiguous VR.

The numbers are declared in :mod:`dicomconstruct.format.constants` (PS3.5 6.1.2.3, A.1;
PS3.3 C.11.1.1.1); this module only names the ones the drivers use.
"""

from __future__ import annotations

from ..format.constants import LUT_DESCRIPTOR_OF, PIXEL_REPRESENTATION, SPECIFIC_CHARACTER_SET

__all__ = ["LUT_DESCRIPTOR_OF", "PIXEL_REPRESENTATION", "SPECIFIC_CHARACTER_SET"]
