"""str(ds) equals pydicom 3.0.2's for pydicom's own test files (CT_small.dcm and the rest).

Differences that are the tutorial's format, not behaviour, are normalised on
pydicom's side before comparing: tags print as ``(0008, 0016)`` (space, lower
case) instead of ``(0008,0016)``; sequence items are indented by four spaces
instead of three; a sequence header has three spaces before the item count;
a single DS value is shown in double quotes (``"100.0"``) as the tutorial shows.
"""

import re
import warnings

import pytest

pydicom = pytest.importorskip("pydicom")
from tests.corpus import pydicom_test_file as get_testdata_file, pydicom_test_files  # noqa: E402

import dicomconstruct  # noqa: E402

_TAG = re.compile(r"\(([0-9A-F]{4}),([0-9A-F]{4})\)")
_SEQUENCE = re.compile(r"^(\s*\(\w{4}, \w{4}\)  .*?)  (\d+ item\(s\) ---- )$")
_DS = re.compile(r" DS: '([^']*)'$")


def tutorial_format(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        line = _TAG.sub(lambda m: f"({m.group(1).lower()}, {m.group(2).lower()})", line)
        indent = len(line) - len(line.lstrip(" "))
        line = "    " * (indent // 3) + line.lstrip(" ")
        line = _SEQUENCE.sub(r"\1   \2", line)
        line = _DS.sub(r' DS: "\1"', line)
        lines.append(line)
    return "\n".join(lines)


def _corpus() -> list[str]:
    """pydicom's test files that are DICOM: read by pydicom without force, or with a known first tag."""
    chosen = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in pydicom_test_files("*"):
            try:
                pydicom.dcmread(path)
            except Exception:
                try:
                    ds = pydicom.dcmread(path, force=True)
                    first = next(iter(ds.keys()), None)
                except Exception:
                    continue
                if first is None or not pydicom.datadict.dictionary_has_tag(first):
                    continue
            chosen.append(path)
    return sorted(chosen)


CORPUS = _corpus()


def test_normalisation_is_the_tutorial_format():
    assert tutorial_format("(0010,1002)  Other Patient IDs Sequence  2 item(s) ---- ") == (
        "(0010, 1002)  Other Patient IDs Sequence   2 item(s) ---- "
    )
    assert tutorial_format("   (0043,104E) [X] DS: '1.0'") == '    (0043, 104e) [X] DS: "1.0"'


def test_corpus_is_large():
    assert len(CORPUS) >= 70
    assert get_testdata_file("CT_small.dcm") in CORPUS


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.rsplit("/", 1)[-1])
def test_str_matches_pydicom(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = tutorial_format(str(pydicom.dcmread(path, force=True)))
        ours = str(dicomconstruct.dcmread(path, force=True))
    assert ours.split("\n") == expected.split("\n")
