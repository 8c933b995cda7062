"""Exceptions and warnings raised by dicomconstruct.

Every problem found in input data is an :class:`InvalidDicomError` (or one of
its subclasses below).  Each carries the tag of the element concerned (when
known), the absolute byte offset in the source where the problem was found,
and what was expected, so that a message reads e.g.::

    Value of (0010,0010) at offset 412 is 64 bytes long but only 12 remain

Problems with values given by the user (a wrong Python type for a VR, text
that cannot be encoded, missing File Meta elements) are ``ValueError`` or
``TypeError``, as in pydicom.
"""

from __future__ import annotations

__all__ = [
    "InvalidDicomError",
    "TruncatedDataError",
    "BadLengthError",
    "BadOverlayDataError",
    "BadVRError",
    "BadDelimiterError",
    "NestingTooDeepError",
    "BadDeflateStreamError",
    "LimitExceededError",
    "SourceChangedError",
    "BadPixelDataError",
    "EncapsulationError",
    "DicomWarning",
    "DamagedDataWarning",
    "format_tag",
]


def format_tag(tag: int | None) -> str:
    """Return ``(gggg,eeee)`` in upper-case hex, DCMTK's way of naming a tag."""
    if tag is None:
        return "(unknown tag)"
    return f"({tag >> 16:04X},{tag & 0xFFFF:04X})"


class DicomWarning(UserWarning):
    """A recoverable oddity in the data; in strict mode it is raised as an error instead."""


class DamagedDataWarning(DicomWarning):
    """Data that could be read only in part: it ends early, or its framing (items, delimiters, the
    deflate stream) is broken (PS3.5 7.1, 7.5, A.5), so elements may be missing or cut short.

    The category of the reports made for :class:`TruncatedDataError`, :class:`BadDelimiterError`
    and :class:`BadDeflateStreamError` outside strict mode; ``dicomconstruct show`` exits with
    status 1 after one.
    """


class InvalidDicomError(Exception):
    """The data is not valid DICOM (pydicom's name for the same thing).

    ``tag`` and ``offset`` are ``None`` where they are not known.  When either
    is given, the message is prefixed with where the problem was found.
    ``warning`` is the category of the warning made for it outside strict mode.
    """

    warning: type[DicomWarning] = DicomWarning

    def __init__(self, message: str = "", *, tag: int | None = None, offset: int | None = None):
        if not message and tag is None and offset is None and type(self) is InvalidDicomError:
            message = "The specified file is not a valid DICOM file."  # pydicom's message when none is given
        self.tag = tag
        self.offset = offset
        self.reason = message
        where = []
        if tag is not None:
            where.append(format_tag(tag))
        if offset is not None:
            where.append(f"at offset {offset}")
        full = f"{' '.join(where)}: {message}" if where else message
        super().__init__(full)

    def __reduce__(self):
        return (_rebuild_error, (type(self), self.reason, self.tag, self.offset))


def _rebuild_error(cls, reason, tag, offset):
    return cls(reason, tag=tag, offset=offset)


class TruncatedDataError(InvalidDicomError):
    """The data ended before an element header or value was complete."""

    warning = DamagedDataWarning


class BadLengthError(InvalidDicomError):
    """A length field is impossible (past the end of the data, odd where it must be even, ...)."""


class BadVRError(InvalidDicomError):
    """A Value Representation is unknown, or a value does not fit its VR."""


class BadDelimiterError(InvalidDicomError):
    """An item or sequence delimiter is missing, misplaced or malformed (PS3.5 7.5)."""

    warning = DamagedDataWarning


class NestingTooDeepError(InvalidDicomError):
    """Sequences are nested deeper than the configured limit."""


class BadDeflateStreamError(InvalidDicomError):
    """A Deflated Explicit VR Little Endian dataset could not be inflated (PS3.5 A.5)."""

    warning = DamagedDataWarning


class LimitExceededError(InvalidDicomError):
    """A configured reading limit (element count, inflated size, ...) was exceeded."""


class SourceChangedError(InvalidDicomError, OSError):
    """The file a deferred value is read from is no longer the file that was read (or is gone).

    Also an ``OSError``, as pydicom's deferred reads raise for a file that is gone.
    """


class BadPixelDataError(InvalidDicomError):
    """Encapsulated frames that disagree with their offset tables, or compressed data a codec rejects (PS3.5 A.4)."""


class EncapsulationError(BadPixelDataError, ValueError):
    """Items of encapsulated Pixel Data that cannot be parsed (PS3.5 A.4); a ValueError, as in pydicom."""


class BadOverlayDataError(BadLengthError, ValueError):
    """Overlay Data shorter than its rows, columns and frames need (PS3.3 C.9.2); a ValueError, as in pydicom."""


class BadDirectoryError(InvalidDicomError):
    """A DICOMDIR whose record offsets lead to no record, or to a record twice (PS3.3 F.3.2.1, F.3.2.2)."""


class BytesLengthException(InvalidDicomError):
    """A binary value whose length is not a multiple of its VR's value size (PS3.5 6.2; pydicom's name)."""
