"""The columns of an archive index: one per keyword, typed from its dictionary VR and VM (PS3.6 6).

Types (PS3.5 6.2, Table 6.2-1, value representations):

* text VRs (AE AS CS DA DT LO LT PN SH ST TM UC UI UR UT) -> ``string``; dates and times
  (DA, DT, TM) stay the text found in the file (``"20040119"``), person names are the
  ``str()`` of :class:`~dicomconstruct.valuerep.PersonName` (``"Family^Given"``);
* integer VRs (US SS UL SL SV IS, "US or SS") -> ``int64``, UV -> ``uint64``;
* FL FD DS -> ``float64``;
* AT -> ``string`` of 8 hex digits, as the DICOM JSON model writes tags (PS3.18 F.2.3).

A keyword whose dictionary VM is not ``1`` (``ImageType``, ``PixelSpacing``) is a
``list<...>`` column, one entry per value.  An element that is absent or empty is ``null``.
A single-valued attribute holding several values in a file keeps the first, with a warning
in the row's ``warnings``.  Sequences and binary VRs (OB OW UN ...) are no columns: they are
in ``meta``.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, NamedTuple

from .. import datadict
from ..format.vr import AMBIGUOUS_VRS, FLOAT_VRS, INTEGER_VRS, TEXT_VRS
from ..multival import MultiValue

__all__ = ["DEFAULT_KEYWORDS", "Column", "columns_for", "arrow_type"]

#: Patient, study, series and instance identity and the usual query attributes.
DEFAULT_KEYWORDS = (
    "PatientID",
    "PatientName",
    "PatientBirthDate",
    "PatientSex",
    "StudyInstanceUID",
    "StudyDate",
    "StudyTime",
    "StudyDescription",
    "AccessionNumber",
    "StudyID",
    "SeriesInstanceUID",
    "SeriesNumber",
    "SeriesDescription",
    "Modality",
    "BodyPartExamined",
    "SOPClassUID",
    "SOPInstanceUID",
    "InstanceNumber",
    "ImageType",
    "Rows",
    "Columns",
    "NumberOfFrames",
    "PixelSpacing",
    "SliceThickness",
    "TransferSyntaxUID",
)

class Column(NamedTuple):
    """One keyword column: ``kind`` is ``"string"``, ``"tag"``, ``"int64"``, ``"uint64"`` or ``"float64"``."""

    keyword: str
    tag: int
    VR: str
    kind: str
    multi: bool

    def convert(self, value: Any) -> Any:
        """``value`` (as ``DataElement.value`` gives it) in the column's Python type; ``None`` if empty."""
        one = _CONVERTERS[self.kind]
        if isinstance(value, (MultiValue, list, tuple)):
            values = [one(v) for v in value if v is not None and v != ""]
            if not values:
                return None
            return values if self.multi else values[0]
        if value is None or value == "" or value == b"":
            return None
        return [one(value)] if self.multi else one(value)


def _text(value: Any) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def _tag(value: Any) -> str:
    return format(int(value), "08X")


_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "string": _text,
    "tag": _tag,
    "int64": int,
    "uint64": int,
    "float64": float,
}


def _kind(keyword: str, VR: str) -> str:
    if VR == "UV":
        return "uint64"
    if VR in INTEGER_VRS:
        return "int64"
    if VR in FLOAT_VRS:
        return "float64"
    if VR in TEXT_VRS:
        return "string"
    if VR == "AT":
        return "tag"
    choices = AMBIGUOUS_VRS.get(VR, ())
    raise ValueError(
        f"{keyword} has VR {VR}{' (' + '/'.join(choices) + ')' if choices else ''}: only text, number and tag "
        "attributes can be index columns (sequences and binary values are in the meta column)"
    )


@functools.lru_cache(maxsize=32)
def columns_for(keywords: tuple[str, ...]) -> tuple[Column, ...]:
    """The :class:`Column` of each keyword (a ``ValueError`` names an unknown or unsuitable one)."""
    columns = []
    seen = set()
    for keyword in keywords:
        if keyword in seen:
            raise ValueError(f"keyword {keyword} is given twice")
        seen.add(keyword)
        tag = datadict.tag_for_keyword(keyword)
        if tag is None:
            raise ValueError(f"{keyword!r} is not a DICOM keyword of the dictionary")
        VR = datadict.dictionary_VR(tag)
        columns.append(Column(keyword, tag, VR, _kind(keyword, VR), datadict.dictionary_VM(tag) != "1"))
    return tuple(columns)


def arrow_type(column: Column):
    """The pyarrow type of ``column``."""
    import pyarrow as pa

    base = {"string": pa.string(), "tag": pa.string(), "int64": pa.int64(), "uint64": pa.uint64(),
            "float64": pa.float64()}[column.kind]
    return pa.list_(base) if column.multi else base
