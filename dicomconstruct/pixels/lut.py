"""Lookup tables applied to pixel arrays: Modality LUT, VOI LUT and windowing, Palette Color, Presentation LUT.

PS3.3 C.11.1 (Modality LUT and Rescale), C.11.2 (VOI LUT and Window
Center/Width with the LINEAR, LINEAR_EXACT and SIGMOID functions of
C.11.2.1.2-C.11.2.1.3), C.7.6.3.1.5-6 and C.7.9 (Palette Color, including
segmented tables, C.7.9.2) and C.11.6 (Presentation LUT).  pydicom 3's
``pydicom.pixels`` names, arguments and output types.
"""

from __future__ import annotations

from .image import little_endian as _little_endian
from .image import numpy

__all__ = [
    "apply_color_lut",
    "apply_modality_lut",
    "apply_presentation_lut",
    "apply_rescale",
    "apply_voi",
    "apply_voi_lut",
    "apply_windowing",
    "expand_segmented_lut",
]

#: LUT Descriptor first value 0 means 2**16 entries (PS3.3 C.11.1.1.1).
_ENTRIES_WHEN_ZERO = 1 << 16
#: Segment types of a segmented palette colour table (PS3.3 C.7.9.2).
_DISCRETE, _LINEAR, _INDIRECT = 0, 1, 2


def _descriptor(item, purpose: str) -> tuple[int, int, int]:
    """(entries, first value mapped, bits per entry) of LUT Descriptor (PS3.3 C.11.1.1.1)."""
    value = item.get("LUTDescriptor") if hasattr(item, "get") else item
    try:
        entries, first, bits = (int(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"{purpose}: LUT Descriptor must hold 3 integers, found {value!r}") from None
    return entries or _ENTRIES_WHEN_ZERO, first, bits


def _table(np, ds, item, keyword: str, entries: int, dtype, purpose: str):
    """The LUT Data of ``item`` as an array of ``dtype``: OW bytes in the dataset's byte order, or US/SS values."""
    if keyword not in item:
        raise ValueError(f"{purpose}: the LUT has no {keyword}")
    element = item[keyword]
    value = element.value
    if isinstance(value, (bytes, bytearray, memoryview)):
        order = "<" if _little_endian(ds) else ">"  # OW: one 16-bit word per entry
        table = np.frombuffer(value, dtype=f"{order}u2", count=min(entries, len(value) // 2))
    else:
        table = np.asarray([value] if isinstance(value, int) else list(value), dtype=np.int64)
    if table.size == 0:
        raise ValueError(f"{purpose}: {keyword} is empty")
    return table.astype(dtype)


def _lookup(np, arr, table, first: int):
    """``table[arr - first]`` with inputs below or above the table mapped to its first or last entry (C.11.1)."""
    index = np.clip(arr.astype(np.int64) - first, 0, table.size - 1)
    return table[index]


def apply_modality_lut(arr, ds):
    """``arr`` through the Modality LUT Sequence, else Rescale Slope and Intercept (PS3.3 C.11.1).

    The LUT gives unsigned integers of the LUT's bits; rescaling gives float64.
    Without either, ``arr`` unchanged.
    """
    np = numpy()
    sequence = ds.get("ModalityLUTSequence")
    if sequence:
        item = sequence[0]
        entries, first, bits = _descriptor(item, "Modality LUT")
        dtype = np.uint8 if bits <= 8 else np.uint16
        return _lookup(np, arr, _table(np, ds, item, "LUTData", entries, dtype, "Modality LUT"), first)
    if "RescaleSlope" in ds and "RescaleIntercept" in ds:
        out = arr.astype(np.float64) * float(ds.RescaleSlope)
        out += float(ds.RescaleIntercept)
        return out
    return arr


apply_rescale = apply_modality_lut


def _value_at(ds, keyword: str, index: int) -> float:
    value = ds[keyword].value
    if isinstance(value, (list, tuple)) or type(value).__name__ == "MultiValue":
        if not -len(value) <= index < len(value):
            raise ValueError(f"{keyword} holds {len(value)} values; index {index} is out of range")
        value = value[index]
    return float(value)


def _output_range(ds) -> tuple[float, float]:
    """The range of values windowing maps onto: the Modality LUT's, else the stored (rescaled) values'."""
    sequence = ds.get("ModalityLUTSequence")
    if sequence:
        return 0.0, float(2 ** _descriptor(sequence[0], "Modality LUT")[2] - 1)
    bits = int(ds.get("BitsStored") or ds.get("BitsAllocated") or 16)
    if int(ds.get("PixelRepresentation") or 0) == 0:
        low, high = 0.0, float(2 ** bits - 1)
    else:
        low, high = -float(2 ** (bits - 1)), float(2 ** (bits - 1) - 1)
    if ds.get("RescaleSlope") is not None and ds.get("RescaleIntercept") is not None:
        slope, intercept = float(ds.RescaleSlope), float(ds.RescaleIntercept)
        low, high = low * slope + intercept, high * slope + intercept
    return low, high


def apply_windowing(arr, ds, index: int = 0):
    """``arr`` windowed by Window Center and Width ``index`` with VOI LUT Function (PS3.3 C.11.2.1.2-3), float64.

    LINEAR (default), LINEAR_EXACT or SIGMOID, onto the range of the stored
    (rescaled) values, as pydicom does.
    """
    np = numpy()
    if "WindowWidth" not in ds and "WindowCenter" not in ds:
        return arr
    photometric = str(ds.get("PhotometricInterpretation", "")).strip()
    if photometric not in ("MONOCHROME1", "MONOCHROME2"):
        raise ValueError("When performing a windowing operation only 'MONOCHROME1' and 'MONOCHROME2' are allowed "
                         "for (0028,0004) Photometric Interpretation")
    function = str(ds.get("VOILUTFunction") or "LINEAR").strip().upper()
    center, width = _value_at(ds, "WindowCenter", index), _value_at(ds, "WindowWidth", index)
    low, high = _output_range(ds)
    span = high - low
    x = arr.astype(np.float64)
    if function in ("LINEAR", "LINEAR_EXACT"):
        if function == "LINEAR":  # C.11.2.1.2.1
            if width < 1:
                raise ValueError("The (0028,1051) Window Width must be greater than or equal to 1 for a 'LINEAR' "
                                 "windowing operation")
            center, width = center - 0.5, width - 1
        elif width <= 0:  # C.11.2.1.3.2
            raise ValueError("The (0028,1051) Window Width must be greater than 0 for a 'LINEAR_EXACT' windowing "
                             "operation")
        below = x <= center - width / 2
        above = x > center + width / 2
        with np.errstate(divide="ignore", invalid="ignore"):
            out = ((x - center) / width + 0.5) * span + low if width else np.zeros_like(x)
        out[below] = low
        out[above] = high
        return out
    if function == "SIGMOID":  # C.11.2.1.3.1
        if width <= 0:
            raise ValueError("The (0028,1051) Window Width must be greater than 0 for a 'SIGMOID' windowing operation")
        return span / (1 + np.exp(-4 * (x - center) / width)) + low
    raise ValueError(f"Unsupported (0028,1056) VOI LUT Function value '{function}'")


def apply_voi(arr, ds, index: int = 0):
    """``arr`` through item ``index`` of the VOI LUT Sequence (PS3.3 C.11.2.1.1); uint8 or uint16 entries."""
    np = numpy()
    sequence = ds.get("VOILUTSequence")
    if not sequence:
        return arr
    if not -len(sequence) <= index < len(sequence):
        raise ValueError(f"the VOI LUT Sequence holds {len(sequence)} items; index {index} is out of range")
    item = sequence[index]
    entries, first, bits = _descriptor(item, "VOI LUT")
    if bits == 8:
        dtype = np.uint8
    elif 10 <= bits <= 16:
        dtype = np.uint16
    else:
        raise NotImplementedError(f"'{bits}' bits per LUT entry is not supported")
    return _lookup(np, arr, _table(np, ds, item, "LUTData", entries, dtype, "VOI LUT"), first)


def apply_voi_lut(arr, ds, index: int = 0, prefer_lut: bool = True):
    """The VOI transformation (PS3.3 C.11.2): the VOI LUT Sequence or windowing, whichever the dataset has.

    With both, the LUT when ``prefer_lut`` (the default), else the window.
    """
    sequence = ds.get("VOILUTSequence")
    has_lut = bool(sequence) and sequence[0].get("LUTDescriptor") is not None and \
        sequence[0].get("LUTData") is not None
    has_window = ds.get("WindowCenter") is not None and ds.get("WindowWidth") is not None
    if has_lut and (prefer_lut or not has_window):
        return apply_voi(arr, ds, index)
    if has_window:
        return apply_windowing(arr, ds, index)
    return arr


def expand_segmented_lut(segments, first_value: int | None = None, count: int | None = None) -> list[int]:
    """A segmented palette colour table (PS3.3 C.7.9.2) expanded to its entries.

    ``segments``: the 16-bit (or 8-bit) words of the Segmented ... Palette Color
    Lookup Table Data.  Discrete segments give their values; linear ones
    interpolate from the previous entry to their end value (rounded);
    indirect ones repeat ``count`` segments found at a 32-bit word offset
    (low word first).
    """
    np = numpy()
    words = list(segments)
    out: list[int] = []
    position, done = 0, 0
    while position + 1 < len(words) and (count is None or done < count):
        kind, length = words[position], words[position + 1]
        position += 2
        if kind == _DISCRETE:
            out.extend(words[position:position + length])
            position += length
        elif kind == _LINEAR:
            start = out[-1] if out else first_value
            if start is None:
                raise ValueError("segmented palette colour LUT: the first segment cannot be a linear segment")
            if position >= len(words):
                raise ValueError(f"segmented palette colour LUT: linear segment at word {position - 2} has no end")
            end = words[position]
            position += 1
            if length:
                step = (end - start) / length  # evenly spaced after the previous entry, ending at ``end``
                out.extend(int(v) for v in np.around(np.linspace(start + step, end, length)))
        elif kind == _INDIRECT:
            if not out:
                raise ValueError("segmented palette colour LUT: the first segment cannot be an indirect segment")
            if position + 1 >= len(words):
                raise ValueError(f"segmented palette colour LUT: indirect segment at word {position - 2} is truncated")
            offset = words[position + 1] << 16 | words[position]
            position += 2
            if offset >= len(words):
                raise ValueError(f"segmented palette colour LUT: indirect segment points at word {offset}, past the "
                                 f"{len(words)} words of the table")
            out.extend(expand_segmented_lut(words[offset:], out[-1], length))
        else:
            raise ValueError(f"segmented palette colour LUT: unknown segment type {kind} at word {position - 2}")
        done += 1
    return out


_PALETTE_COLOURS = ("Red", "Green", "Blue", "Alpha")


def apply_color_lut(arr, ds=None, palette=None):
    """``arr`` through the Palette Color Lookup Tables of ``ds`` (PS3.3 C.7.6.3.1.5-6, C.7.9): (..., 3 or 4).

    Plain or segmented tables; 8- or 16-bit entries.  The well-known palettes
    of PS3.6 annex B (``palette=``) are not bundled.
    """
    np = numpy()
    if palette is not None:
        raise NotImplementedError("the standard colour palettes (PS3.6 annex B) are not bundled; give a dataset")
    if ds is None:
        raise ValueError("Either 'ds' or 'palette' is required")
    if str(ds.get("PixelPresentation", "") or "").strip() in ("MIXED", "COLOR"):
        raise ValueError("Use of this function with the Supplemental Palette Color Lookup Table Module is not "
                         "currently supported")
    if "RedPaletteColorLookupTableDescriptor" not in ds:
        raise ValueError("No suitable Palette Color Lookup Table Module found")
    entries, first, bits = _descriptor(ds.RedPaletteColorLookupTableDescriptor, "Palette Color LUT")
    if bits % 8:
        raise ValueError(f"The size of the LUT entries must be 8 or 16-bit, not {bits}-bit")
    order = "<" if _little_endian(ds) else ">"
    tables = []
    if "RedPaletteColorLookupTableData" in ds:
        for colour in _PALETTE_COLOURS:
            data = ds.get(f"{colour}PaletteColorLookupTableData")
            if data:
                width = len(data) // entries if len(data) >= entries else 1
                if width not in (1, 2):
                    raise ValueError(f"The bit depth of the LUT data '{len(data) / entries * 8:.1f}' is invalid "
                                     f"(only 8 or 16 bits per entry allowed)")
                tables.append(np.frombuffer(data, dtype=f"{order}u{width}", count=entries).astype(f"u{width}"))
    elif "SegmentedRedPaletteColorLookupTableData" in ds:
        width = bits // 8
        for colour in _PALETTE_COLOURS:
            data = ds.get(f"Segmented{colour}PaletteColorLookupTableData")
            if data:
                words = np.frombuffer(data, dtype=f"{order}u{width}", count=len(data) // width).tolist()
                tables.append(np.asarray(expand_segmented_lut(words), dtype=f"u{width}"))
    else:
        raise ValueError("No suitable Palette Color Lookup Table Module found")
    if len({t.size for t in tables}) != 1 or len({t.dtype for t in tables}) != 1:
        raise ValueError("LUT data must be the same length")
    out = np.empty(arr.shape + (len(tables),), dtype=tables[0].dtype)
    index = np.clip(arr.astype(np.int64) - first, 0, min(entries, tables[0].size) - 1)
    for k, table in enumerate(tables):
        out[..., k] = table[index]
    return out


def apply_presentation_lut(arr, ds):
    """``arr`` through the Presentation LUT Sequence, or Presentation LUT Shape INVERSE (PS3.3 C.11.6)."""
    np = numpy()
    sequence = ds.get("PresentationLUTSequence")
    if sequence:
        item = sequence[0]
        entries, first, bits = _descriptor(item, "Presentation LUT")
        width = 1 if bits <= 8 else 2
        table = _table(np, ds, item, "LUTData", entries, f"u{width}", "Presentation LUT")
        table = table & np.asarray((1 << bits) - 1, dtype=table.dtype)
        x = arr.astype(np.float32)
        x -= x.min()
        top = x.max()
        if top:
            x /= top / (entries - 1)
        return table[np.clip(x.astype(np.int64), 0, table.size - 1)]
    shape = str(ds.get("PresentationLUTShape", "") or "").strip().upper()
    if shape:
        if shape not in ("IDENTITY", "INVERSE"):
            raise NotImplementedError(f"A (2050,0020) 'Presentation LUT Shape' value of '{shape}' is not supported")
        if shape == "INVERSE":
            return arr.max() - arr
    return arr
