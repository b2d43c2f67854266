"""`glossary export --for TOOL`: each tool's dialect, read back by Translate Toolkit; no deprecated rendering
offered to one-direction tools; Traditional source terms for a Traditional project in every format."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from conftest import TEST_GLOSSARY, shared_path
from lxml import etree
from test_tbx import concepts

from termkit.errors import TermkitError
from termkit.formats.cat_tools import TARGETS, export_glossary, target_for
from termkit.formats.one_way import one_way
from termkit.formats.tbx import TBX_NS, XML_LANG, read_tbx
from termkit.script import to_traditional
from termkit.terms.check import load_checked_glossary


def _tt_terms(path: Path, tag: str) -> list[str]:
    from translate.storage.tbx import tbxfile

    return [t.text for u in tbxfile.parsefile(str(path)).units for t in u.get_target_terms(tag)]


def test_one_way_drops_deprecated_targets_and_names_each_in_the_usable_terms_note():
    df = one_way(concepts(), "zh-Hans", "en")
    assert "one state, two systems" not in df["term"].to_list()
    note = df.filter(pl.col("term") == "one country, two systems")["note"].to_list()
    assert note == ['do not use "one state, two systems" (a mistranslation)']
    assert set(df["lang"]) == {"zh", "en"} and set(df.filter(pl.col("lang") == "zh")["script"]) == {"zh-Hans"}


def test_one_way_keeps_deprecated_source_terms():
    df = one_way(concepts(), "en", "zh-Hant")
    assert "one state, two systems" in df["term"].to_list()
    assert df.filter(pl.col("lang") == "zh")["term"].to_list() == ["香港特別行政區政府", "一國兩制", "本地生產總值"]


def test_the_repository_glossary_for_translate_toolkit_offers_no_deprecated_target(tmp_path):
    glossary = load_checked_glossary(TEST_GLOSSARY)
    deprecated = set(glossary.filter((pl.col("status") == "deprecated") & (pl.col("lang") == "en"))["term"])
    assert deprecated  # the test means something only if the glossary has some
    out = tmp_path / "tt.tbx"
    n = export_glossary(glossary, out, TARGETS["tt"], "zh-HK", "en")
    assert n > 0 and etree.parse(str(out)).getroot().tag == "martif"
    english = _tt_terms(out, "en")
    assert english and not deprecated & set(english)
    notes = " ".join(etree.parse(str(out)).getroot().itertext())
    assert all(f'do not use "{t}"' in notes for t in deprecated)
    chinese = _tt_terms(out, "zh-Hant")
    assert "陳國基" in chinese and "陈国基" not in chinese
    assert chinese and all(to_traditional(t, "hk") == t for t in chinese)  # every source term already in HK Traditional


def test_memoq_and_trados_get_the_whole_glossary_with_statuses(tmp_path):
    for tool in ("memoq", "trados"):
        out = tmp_path / f"{tool}.tbx"
        assert export_glossary(concepts(), out, TARGETS[tool], "zh-Hans", "en") == 3
        root = etree.parse(str(out)).getroot()
        assert root.tag == "martif"
        statuses = [e.text for e in root.iter("termNote") if e.get("type") == "administrativeStatus"]
        assert "deprecatedTerm-admn-sts" in statuses
        assert "one state, two systems" in _tt_terms(out, "en")


def test_tbx_basic_for_a_traditional_project_adds_derived_forms_and_stays_valid(tmp_path):
    df = concepts().filter(~((pl.col("concept_id") == "001") & (pl.col("script") == "zh-Hant")))
    out = tmp_path / "hk.tbx"
    export_glossary(df, out, TARGETS["tbx-basic"], "zh-HK", "en")
    tree = etree.parse(str(out))
    rng = etree.RelaxNG(etree.parse(str(shared_path("standards", "tbx-basic",
                                                    "TBXcoreStructV03_TBX-Basic_integrated.rng"))))
    assert rng.validate(tree), rng.error_log
    hant = [t.text for sec in tree.iter(f"{{{TBX_NS}}}langSec") if sec.get(XML_LANG) == "zh-Hant"
            for t in sec.iter(f"{{{TBX_NS}}}term")]
    assert "香港特別行政區政府" in hant
    back = read_tbx(out).drop("file", "line")
    assert back.equals(df.drop("file", "line"))  # the derived forms are not read back as terms


def test_omegat_gets_its_glossary_or_tbx_2008_by_suffix(tmp_path):
    assert target_for("omegat", None, tmp_path / "g.txt").format == "omegat"
    tbx = target_for("omegat", None, tmp_path / "g.tbx")
    assert (tbx.format, tbx.dialect, tbx.one_way) == ("tbx", "2008", True)
    default = target_for(None, None, tmp_path / "g.tbx")
    assert (default.format, default.dialect, default.one_way) == ("tbx", "2019", False)
    with pytest.raises(TermkitError, match="not both"):
        target_for("omegat", "tbx", tmp_path / "g.tbx")
    with pytest.raises(TermkitError, match="unknown tool 'wordfast'"):
        target_for("wordfast", None, tmp_path / "g.tbx")


def test_cli_for_omegat_with_a_hong_kong_source(tmp_path, tk):
    out = tmp_path / "glossary.txt"
    code, _, err = tk("glossary", "export", TEST_GLOSSARY, "--for", "omegat", "--src-lang", "zh-HK", "-o", out)
    assert code == 0, err
    assert "zh-HK → en entries" in err
    lines = [ln.split("\t") for ln in out.read_text(encoding="utf-8").split("\n")[1:] if ln]
    assert lines and all(1 < len(cells) <= 3 for cells in lines)
    assert "Chen Guoji" not in {cells[1] for cells in lines}
    assert any(cells[0] == "陳國基" for cells in lines)


def test_tbx2po_converts_the_translate_toolkit_export(tmp_path):
    """The issue's failure: tbx2po wrote an empty file from TBX 2019 and exited 0."""
    from translate.storage.po import pofile

    tbx, po = tmp_path / "tt.tbx", tmp_path / "tt.po"
    n = export_glossary(load_checked_glossary(TEST_GLOSSARY), tbx, TARGETS["tt"], "zh-HK", "en")
    r = subprocess.run([str(Path(sys.executable).parent / "tbx2po"), str(tbx), "-o", str(po)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    units = [u for u in pofile.parsefile(str(po)).units if not u.isheader()]
    assert len(units) == n
    assert ("陳國基", "Eric Chan Kwok-ki") in {(u.source, u.target) for u in units}
    assert "Chen Guoji" not in {u.target for u in units}
