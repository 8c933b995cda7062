"""pydicom's single point of entry for reading and writing: :func:`dcmread` and :func:`dcmwrite` (PS3.10 7)."""

from .filereader import dcmread
from .filewriter import dcmwrite

__all__ = ["dcmread", "dcmwrite"]
