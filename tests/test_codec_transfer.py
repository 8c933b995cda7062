"""Writing every uncompressed corpus file in each of the four uncompressed transfer syntaxes (PS3.5 A.1-A.5).

The file written must read back with the same values: numbers and words
byte-swapped for big endian (PS3.5 7.3), sequences and items re-framed,
deflate applied.  Group lengths are recomputed (compared separately), and in
Implicit VR the VR of private elements is whatever the private dictionary
says (their value bytes must still be equal).
"""

from __future__ import annotations

import io
import os
import warnings

import pytest

pytest.importorskip("pydicom")

from dicomconstruct.codec import reader  # noqa: E402
from dicomconstruct.codec.raw import RawFragments  # noqa: E402
from dicomconstruct.codec.transfer import (  # noqa: E402
    DEFLATED_EXPLICIT_VR_LE,
    EXPLICIT_VR_BE,
    EXPLICIT_VR_LE,
    IMPLICIT_VR_LE,
)
from dicomconstruct.codec.values import decode_value, swap_bytes  # noqa: E402
from dicomconstruct.format.vr import WORD_VRS  # noqa: E402
from tests.test_corpus_roundtrip import DICOM, Element, charset_of, quiet_read, write_bytes  # noqa: E402

UNCOMPRESSED = [IMPLICIT_VR_LE, EXPLICIT_VR_LE, EXPLICIT_VR_BE, DEFLATED_EXPLICIT_VR_LE]


def values_tree(dataset, encodings=None):
    """(tag, VR, value) of every element, in a form independent of the encoding."""
    encodings = charset_of(dataset, encodings)
    out = []
    for raw in dataset:
        if raw.tag & 0xFFFF == 0:
            continue  # group lengths: recomputed
        if isinstance(raw.value, list):
            out.append((raw.tag, "SQ", [values_tree(item.dataset, encodings) for item in raw.value]))
        elif isinstance(raw.value, RawFragments):
            out.append((raw.tag, "fragments", [bytes(f) for f in raw.value.fragments]))
        elif raw.tag >> 16 & 1 or raw.VR == "UN":
            data = bytes(raw.value)
            out.append((raw.tag, "private", data if raw.little_endian or raw.VR == "UN" else swap_bytes(raw.VR, data)))
        else:
            value = decode_value(raw.VR, raw.value, raw.little_endian, encodings)
            vr = raw.VR
            if vr in WORD_VRS and not raw.little_endian:
                value = swap_bytes(vr, value)
            out.append((raw.tag, "OB/OW" if vr in ("OB", "OW") else vr, value))
    return out


def convertible():
    """Uncompressed corpus files that read without any reported oddity (no truncation etc.)."""
    files = []
    for path in DICOM:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            parsed = reader.read(path, force=True)
        if not caught and not parsed.encoding.encapsulated and parsed.dataset.elements:
            files.append(path)
    return files


CONVERTIBLE = convertible()


def rewrite(parsed, transfer_syntax, preamble=None) -> bytes:
    """The file in another transfer syntax: (0002,0010) replaced, (0002,0000) added if missing."""
    meta = [e for e in parsed.meta if e.tag not in (0x00020000, 0x00020010)]
    meta += [Element(0x00020010, "UI", transfer_syntax), Element(0x00020000, "UL", 0)]
    meta.sort(key=lambda e: e.tag)
    return write_bytes(parsed, meta, list(parsed.dataset), transfer_syntax, preamble=preamble)


@pytest.mark.parametrize("transfer_syntax", UNCOMPRESSED)
@pytest.mark.parametrize("path", CONVERTIBLE, ids=os.path.basename)
def test_converted_file_reads_back_with_the_same_values(path, transfer_syntax):
    parsed = quiet_read(path)
    data = rewrite(parsed, transfer_syntax)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # what we write must read without any oddity
        back = reader.read(io.BytesIO(data))
    assert str(back.transfer_syntax) == transfer_syntax
    assert back.encoding.implicit_vr == (transfer_syntax == IMPLICIT_VR_LE)
    assert back.encoding.little_endian == (transfer_syntax != EXPLICIT_VR_BE)
    assert values_tree(back.dataset) == values_tree(parsed.dataset)


def test_big_endian_swaps_numbers_and_words():
    from dicomconstruct.codec.raw import RawElement  # noqa: F401

    elements = [
        Element(0x00280010, "US", 512),
        Element(0x00281050, "DS", "40"),
        Element(0x00660040, "OL", b"\x01\x02\x03\x04"),
        Element(0x7FE00010, "OW", b"\x01\x02\x03\x04"),
    ]
    from dicomconstruct.codec import writer

    out = io.BytesIO()
    writer.write(out, [Element(0x00020010, "UI", EXPLICIT_VR_BE)], elements, EXPLICIT_VR_BE)
    data = out.getvalue()
    assert b"\x00\x28\x00\x10US\x00\x02\x02\x00" in data  # (0028,0010) US 512, big endian
    back = reader.read(io.BytesIO(data))
    assert decode_value("US", back.dataset[0x00280010].value, False) == 512
    # a little endian file's raw OW written big endian is byte-swapped word by word
    little = io.BytesIO()
    writer.write(little, [Element(0x00020010, "UI", EXPLICIT_VR_LE)], elements, EXPLICIT_VR_LE)
    parsed = reader.read(io.BytesIO(little.getvalue()))
    big = io.BytesIO()
    writer.write(big, [Element(0x00020010, "UI", EXPLICIT_VR_BE)], list(parsed.dataset), EXPLICIT_VR_BE)
    swapped = reader.read(io.BytesIO(big.getvalue()))
    assert bytes(swapped.dataset[0x7FE00010].value) == b"\x02\x01\x04\x03"
    assert bytes(swapped.dataset[0x00660040].value) == b"\x04\x03\x02\x01"
    assert bytes(swapped.dataset[0x00281050].value) == b"40"
