"""What a first read loads (issue 9): only what it needs; the rest on first use.

The import time itself is measured by ``tools/bench.py --only import``, never timed here.
"""

from __future__ import annotations

import copy
import os
import pickle
import subprocess
import sys
from pathlib import Path

from dicomconstruct.codec.raw import RawFragments, RawItem
from dicomconstruct.data import get_testdata_file
from dicomconstruct.format.value_rules import GRAMMAR, GRAMMAR_TEXT

REPO = Path(__file__).resolve().parent.parent

#: loaded by nothing a first read and a first value need
NOT_LOADED = ("construct", "numpy", "dataclasses", "inspect", "json", "hashlib",
              "dicomconstruct._dicts.private", "dicomconstruct.hooks",
              "encodings.shift_jis", "encodings.iso2022_jp", "encodings.euc_kr", "encodings.gb18030")


def _modules_after(code: str) -> list[str]:
    script = code + "\nimport sys\nprint(' '.join(sorted(sys.modules)))\n"  # json would load json
    env = dict(os.environ, PYTHONPATH=str(REPO))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1].split()


def test_first_read_loads_only_what_it_needs():
    path = get_testdata_file("CT_small.dcm")
    loaded = set(_modules_after(
        "from dicomconstruct import dcmread, Dataset, datadict\n"
        f"ds = dcmread({path!r})\n"
        "assert str(ds.PatientName) == 'CompressedSamples^CT1' and ds.Rows == 128\n"
        "ds.PixelSpacing, ds.StudyDate\n"
    ))
    assert "dicomconstruct.dataset" in loaded and "dicomconstruct.charset" in loaded  # the probe did read
    assert [name for name in NOT_LOADED if name in loaded] == []


def test_grammar_is_compiled_on_first_lookup():
    """GRAMMAR behaves as the dict of compiled patterns it was; each pattern is compiled once."""
    assert len(GRAMMAR) == len(GRAMMAR_TEXT) and list(GRAMMAR) == list(GRAMMAR_TEXT)
    assert "DT" in GRAMMAR and "XX" not in GRAMMAR and GRAMMAR.get("XX") is None
    assert GRAMMAR["DA"] is GRAMMAR["DA"] and GRAMMAR["DA"].pattern == GRAMMAR_TEXT["DA"]
    assert GRAMMAR["DA"].fullmatch("20200101") and not GRAMMAR["DA"].fullmatch("2020010")
    assert dict(GRAMMAR.items()).keys() == GRAMMAR_TEXT.keys() and len(GRAMMAR.values()) == len(GRAMMAR_TEXT)
    try:
        GRAMMAR["XX"]
    except KeyError:
        pass
    else:
        raise AssertionError("an unknown VR has no grammar")


def test_raw_records_compare_copy_and_pickle_by_field():
    """RawItem and RawFragments keep what ``@dataclass(slots=True)`` gave them."""
    item = RawItem(8, 0xFFFFFFFF, None, b"h")
    assert item == RawItem(8, 0xFFFFFFFF, None, b"h", b"") and item != RawItem(8, 2, None, b"h")
    assert item.is_undefined_length and not hasattr(item, "__dict__")
    assert repr(item) == "RawItem(offset=8, length=4294967295, dataset=None, header=b'h', trailing=b'')"
    assert pickle.loads(pickle.dumps(item)) == item == copy.copy(item)
    fragments = RawFragments(memoryview(b""), [b"ab"])
    assert fragments.item_offsets == [] and bytes(fragments.stream) == b""
    assert fragments.item_offsets is not RawFragments(memoryview(b""), []).item_offsets
    assert fragments == RawFragments(memoryview(b""), [b"ab"], [], memoryview(b""))
    assert fragments != RawFragments(memoryview(b""), [b"ac"]) and (fragments == 1) is False


def test_codec_names_map_to_terms_without_import_time_lookups():
    """The normalised codec name table, built on first use, maps Python's spellings to defined terms."""
    from dicomconstruct.charset import dicom_term_for

    assert dicom_term_for("utf-8") == "ISO_IR 192" and dicom_term_for("latin-1") == "ISO_IR 100"
    assert dicom_term_for("euc-kr") == "ISO 2022 IR 149" and dicom_term_for("ascii") == "ISO_IR 6"
    assert dicom_term_for("cp1252") == "cp1252"  # a Python codec without a DICOM term
    assert dicom_term_for("windows-1252") == "windows-1252"  # not taken for cp1252's: only defined terms map
