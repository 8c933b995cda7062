"""docs/format.md is rendered from the declarations (issue 9, item 4)."""

from __future__ import annotations

from dicomconstruct.format import vr

from ._tools import load_tool


def _generator():
    return load_tool("gen_format_doc")


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
