"""docs/format.md is rendered from the declarations (issue 9, item 4)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from dicomconstruct.format import vr

REPO = Path(__file__).resolve().parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location("gen_format_doc", REPO / "tools" / "gen_format_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_reference_is_current():
    assert _generator().main(["--check"]) == 0


def test_header_offsets_come_from_the_declarations():
    text = _generator().render()
    long_form = text.split("### Explicit VR, 32-bit length (PS3.5 table 7.1-1), 12 bytes")[1].split("###")[0]
    assert "| reserved | 6 | 2 | `<2s` | `>2s` |" in long_form and "| length | 8 | 4 | `<L` | `>L` |" in long_form
    assert "| 1.2.840.10008.1.2.2 | ExplicitVRBigEndian | explicit | big |  |  |" in text


def test_a_changed_vr_table_changes_the_reference(monkeypatch):
    generator = _generator()
    before = generator.render()
    table = dict(vr.VR_INFO)
    table["XV"] = table["SV"]._replace(name="XV")
    monkeypatch.setattr(generator, "VR_INFO", table)
    after = generator.render()
    assert "| XV | number | `q` |" in after and "| XV |" not in before
    assert generator.main(["--check"]) == 1
