"""Overlay planes and waveforms as numpy arrays (PS3.3 C.9.2 and C.10.9; pydicom 3's results).

``overlay_array(ds, group)``: (rows, columns) or (frames, rows, columns) of
uint8 0/1 from (60xx,3000) Overlay Data.  ``waveform_array(ds, index)``:
(samples, channels) float64 of multiplex group ``index`` of the Waveform
Sequence, each channel scaled by Channel Sensitivity, its Correction Factor
and Channel Baseline (PS3.3 C.10.9.1.4); ``as_raw=True`` gives the stored
samples.
"""

from __future__ import annotations

import warnings

from ..errors import BadLengthError, BadOverlayDataError
from ..format.overlay_waveform import OVERLAY_ELEMENTS, OVERLAY_GROUPS, WAVEFORM_SAMPLE_TYPES
from .image import little_endian as _little_endian
from .image import numpy

__all__ = ["overlay_array", "overlay_length", "reshape_overlay", "waveform_array"]

_REQUIRED_WAVEFORM = ["NumberOfWaveformChannels", "NumberOfWaveformSamples", "WaveformBitsAllocated",
                      "WaveformSampleInterpretation", "WaveformData"]


def overlay_length(values: dict, unit: str = "bytes") -> int:
    """Length of Overlay Data for ``values`` (keyword -> value of OverlayRows, OverlayColumns,
    NumberOfFramesInOverlay): whole bytes without the padding byte (``"bytes"``) or ``"pixels"``."""
    pixels = int(values["OverlayRows"]) * int(values["OverlayColumns"]) * int(values.get("NumberOfFramesInOverlay", 1))
    if unit == "pixels":
        return pixels
    if unit != "bytes":
        raise ValueError(f"unit must be 'bytes' or 'pixels', not {unit!r}")
    return (pixels + 7) // 8


def reshape_overlay(values: dict, arr):
    """``arr`` (one value per pixel) as (rows, columns), or (frames, rows, columns) for several frames."""
    frames = int(values.get("NumberOfFramesInOverlay", 1))
    if frames < 1:
        raise ValueError(f"Unable to reshape the overlay array as a value of {frames} for (60xx,0015) "
                         "'Number of Frames in Overlay' is invalid.")
    rows, columns = int(values["OverlayRows"]), int(values["OverlayColumns"])
    return arr.reshape(frames, rows, columns) if frames > 1 else arr.reshape(rows, columns)


def overlay_array(ds, group: int):
    """Overlay Data of ``group`` (0x6000-0x60FF) unpacked, one uint8 per pixel (PS3.3 C.9.2, PS3.5 8.1.2).

    Data one byte short of its even length (a missing padding byte) and data longer than needed
    (excess padding, PS3.5 8.1.1) are read with a warning; shorter data raises ``BadOverlayDataError``.
    """
    np = numpy()
    first, last = OVERLAY_GROUPS
    if not first <= group <= last:
        raise ValueError("The group part of the 'Overlay Data' element tag must be between 0x6000 and 0x60FF "
                         "(inclusive)")
    tags = {keyword: group << 16 | element for keyword, element in OVERLAY_ELEMENTS.items()}
    required = ("OverlayData", "OverlayBitsAllocated", "OverlayRows", "OverlayColumns")
    missing = [keyword for keyword in required if tags[keyword] not in ds]
    if missing:
        raise AttributeError("Unable to convert the overlay data as the following required elements are missing "
                             f"from the dataset: {', '.join(missing)}")
    element = ds[tags["OverlayData"]]
    data = element.value or b""
    try:
        values = {keyword: int(ds[tags[keyword]].value) for keyword in ("OverlayRows", "OverlayColumns")}
        values["NumberOfFramesInOverlay"] = (
            int(ds[tags["NumberOfFramesInOverlay"]].value) if tags["NumberOfFramesInOverlay"] in ds else 1)
    except (TypeError, ValueError):
        raise ValueError(f"overlay group {group:04X}: Overlay Rows, Columns and Number of Frames in Overlay must "
                         "be integers") from None
    if min(values.values()) < 1:
        raise ValueError(f"overlay group {group:04X}: {values['NumberOfFramesInOverlay']} frames of "
                         f"{values['OverlayRows']} x {values['OverlayColumns']} is not an overlay")
    needed = overlay_length(values)
    padded = needed + needed % 2
    if len(data) < padded:
        if len(data) != needed:
            raise BadOverlayDataError(
                f"The length of the overlay data in the dataset ({len(data)} bytes) doesn't match the expected "
                f"length ({padded} bytes). The dataset may be corrupted or there may be an issue with the overlay "
                f"data handler. (overlay group {group:04X}: {values['NumberOfFramesInOverlay']} frames of "
                f"{values['OverlayRows']} x {values['OverlayColumns']} bits need {needed} bytes and an even length)",
                tag=tags["OverlayData"], offset=element.value_offset)
        warnings.warn(f"The overlay data length is odd and misses a padding byte. (overlay group {group:04X})",
                      UserWarning, stacklevel=2)
    elif len(data) > padded:
        warnings.warn(f"The length of the overlay data in the dataset ({len(data)} bytes) indicates it contains "
                      f"excess padding. {len(data) - needed} bytes will be removed from the end of the data",
                      UserWarning, stacklevel=2)
    raw = np.frombuffer(data, dtype="u1", count=min(len(data), padded))
    if element.VR == "OW" and not _little_endian(ds):  # 16-bit words stored big endian (PS3.5 8.1.2)
        raw = raw[:len(raw) // 2 * 2].reshape(-1, 2)[:, ::-1].reshape(-1) if len(raw) > 1 else raw
    bits = np.unpackbits(raw, bitorder="little")[:overlay_length(values, "pixels")]
    return reshape_overlay(values, bits)


def waveform_array(ds, index: int, as_raw: bool = False):
    """Multiplex group ``index`` of the Waveform Sequence as (samples, channels) (PS3.3 C.10.9.1)."""
    np = numpy()
    sequence = ds.get("WaveformSequence")
    if sequence is None:
        raise AttributeError("No (5400,0100) Waveform Sequence element found in the dataset")
    if not -len(sequence) <= index < len(sequence):
        raise ValueError(f"waveform index {index} is out of range: the Waveform Sequence holds {len(sequence)} items")
    item = sequence[index]
    missing = [keyword for keyword in _REQUIRED_WAVEFORM if keyword not in item]
    if missing:
        raise AttributeError(f"Unable to convert the waveform multiplex group with index {index} as the following "
                             f"required elements are missing from the sequence item: {', '.join(missing)}")
    bits = int(item.WaveformBitsAllocated)
    interpretation = str(item.WaveformSampleInterpretation).strip()
    try:
        kind = WAVEFORM_SAMPLE_TYPES[(bits, interpretation)]
    except KeyError:
        raise ValueError(f"waveform {index}: Waveform Bits Allocated {bits} with Sample Interpretation "
                         f"{interpretation!r} is not defined (PS3.3 C.10.9.1.5)") from None
    samples, channels = int(item.NumberOfWaveformSamples), int(item.NumberOfWaveformChannels)
    element = item["WaveformData"]
    data = element.value or b""
    dtype = np.dtype(("<" if _little_endian(ds) else ">") + kind)
    needed = samples * channels * dtype.itemsize
    if len(data) < needed:
        raise BadLengthError(f"waveform {index}: Waveform Data holds {len(data)} bytes but {samples} samples x "
                             f"{channels} channels of {bits} bits need {needed}", tag=element.tag,
                             offset=element.value_offset)
    arr = np.frombuffer(data, dtype=dtype, count=samples * channels).reshape(samples, channels)
    arr = arr.astype(dtype.newbyteorder("="))
    if as_raw:
        return arr
    out = arr.astype(np.float64)
    for k, channel in enumerate(item.get("ChannelDefinitionSequence") or []):
        if k >= channels:
            break
        sensitivity = float(channel.get("ChannelSensitivity", 1.0) or 1.0)
        correction = float(channel.get("ChannelSensitivityCorrectionFactor", 1.0) or 1.0)
        baseline = float(channel.get("ChannelBaseline", 0.0) or 0.0)
        out[:, k] = out[:, k] * sensitivity * correction + baseline
    return out
