"""Structured Reporting helpers (PS3.3 C.17; PS3.16), pydicom's ``sr``: :class:`~.coding.Code`.

The concept dictionaries of PS3.16 (``codes``, ``Collection``, the CIDs) are not
included: they would be generated from PS3.16, which this project does not hold.
"""

from .coding import Code

__all__ = ["Code"]
