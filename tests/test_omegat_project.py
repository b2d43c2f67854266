"""`termkit export omegat`: the project's memory sorted by confidence, its glossary and settings; OmegaT itself
(Debian's `omegat`, when installed) loads the glossaries, opens the project and inserts only what is sure."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import polars as pl
import pytest
from conftest import TEST_GLOSSARY
from lxml import etree
from test_tmx import sample_beads

from termkit.formats.tsv import write_alignments_tsv
from termkit.omegat_project import MARK, folder_of, omegat_language, project_file, tokenizer
from termkit.terms.check import load_checked_glossary

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")


def _beads() -> pl.DataFrame:
    """Sure, unsure, unknown and accepted units: 0.91, 0.79 (accepted in review), None, 0.12."""
    return sample_beads().with_columns(pl.Series("score", [0.91, 0.79, 0.5, 0.4, 0.12]))


@pytest.fixture
def aligned(tmp_path) -> Path:
    """An aligned TSV as build writes it, with its review column (000-002-1 accepted)."""
    path = tmp_path / "aligned" / "000-002.alignments.tsv"
    write_alignments_tsv(_beads(), path)
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    lines = [lines[0] + "\treview"] + [ln + ("\taccepted" if ln.startswith("000-002-1\t") else "\t")
                                       for ln in lines[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path.parent


def _tuids(path: Path) -> list[str]:
    return [tu.get("tuid") for tu in etree.parse(str(path)).iter("tu")]


def test_folders_by_confidence_and_review():
    df = pl.DataFrame({"tuid": ["a", "b", "c", "d", "e"], "score": [0.8, 0.79, 0.53, None, 0.1]})
    got = df.select(folder_of(0.8, {"b"}))["literal"].to_list()
    assert got == ["tm/auto", "tm/auto", "tm/penalty-50", "tm/penalty-90", "tm/penalty-90"]
    assert df.select(folder_of(0.9, set()))["literal"].to_list()[:2] == ["tm/penalty-20", "tm/penalty-30"]


def test_languages_and_tokenisers_as_omegat_names_them():
    assert [omegat_language(t) for t in ("zh-Hant", "zh-HK", "zh-Hans", "zh", "zh-Hant-TW", "en", "en-GB")] == \
        ["zh-HK", "zh-HK", "zh-CN", "zh-CN", "zh-TW", "en", "en-GB"]
    assert tokenizer("zh-HK").endswith("LuceneCJKTokenizer")
    assert tokenizer("zh-Hans").endswith("LuceneSmartChineseTokenizer")
    assert tokenizer("en").endswith("LuceneEnglishTokenizer") and tokenizer("sw").endswith("DefaultTokenizer")
    project = etree.fromstring(project_file("zh-HK", "en")).find("project")
    assert (project.findtext("source_lang"), project.findtext("target_lang")) == ("zh-HK", "en")


def test_export_lays_out_the_project(tmp_path, aligned, tk):
    proj = tmp_path / "proj"
    code, _, err = tk("export", "omegat", proj, "--aligned", aligned, "--glossary", TEST_GLOSSARY,
                      "--src-lang", "zh-Hans", "--date", "20240101T000000Z")
    assert code == 0, err
    assert "2 units in tm/auto/" in err and "glossary entries" in err
    assert _tuids(proj / "tm" / "auto" / "termkit.tmx") == ["000-002-0", "000-002-1"]
    assert _tuids(proj / "tm" / "penalty-90" / "termkit.tmx") == ["000-002-4"]
    header = etree.parse(str(proj / "tm" / "auto" / "termkit.tmx")).find("header")
    assert header.get("srclang") == "zh-CN"  # the project's, so that OmegaT does not warn
    assert {p.name for p in proj.iterdir()} >= {"source", "target", "tm", "glossary", "dictionary", "omegat",
                                                 "omegat.project", MARK}
    lines = (proj / "glossary" / "termkit.txt").read_text(encoding="utf-8").split("\n")[1:]
    entries = [ln.split("\t") for ln in lines if ln]
    assert "Chen Guoji" not in [t for _, t, *_ in entries]
    assert any('do not use "Chen Guoji"' in c for _, t, c in entries if t == "Eric Chan")


def test_a_second_export_replaces_only_its_own_files(tmp_path, aligned, tk):
    proj = tmp_path / "proj"
    assert tk("export", "omegat", proj, "--aligned", aligned, "--glossary", TEST_GLOSSARY)[0] == 0
    mine = proj / "source" / "report.txt"
    mine.write_text("a translator's document\n", encoding="utf-8")
    (proj / "glossary" / "glossary.txt").write_text("their own\tterms\n", encoding="utf-8")
    code, _, err = tk("export", "omegat", proj, "--aligned", aligned, "--glossary", TEST_GLOSSARY,
                      "--threshold", "0.1")
    assert code == 0, err
    assert not (proj / "tm" / "penalty-90").exists()  # its old folder, now empty, is gone
    assert mine.read_text(encoding="utf-8") == "a translator's document\n"
    assert (proj / "glossary" / "glossary.txt").exists()


def test_refuses_a_project_it_did_not_write(tmp_path, aligned, tk):
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "omegat.project").write_text("<omegat/>", encoding="utf-8")
    code, _, err = tk("export", "omegat", proj, "--aligned", aligned, "--glossary", TEST_GLOSSARY)
    assert code != 0 and "termkit did not write" in err
    assert (proj / "omegat.project").read_text(encoding="utf-8") == "<omegat/>"
    assert [p.name for p in proj.iterdir()] == ["omegat.project"]


# --- OmegaT itself ---------------------------------------------------------------------------------

_SCRIPT = """\
import org.omegat.gui.glossary.*
System.getProperty("tk.glossaries").split(File.pathSeparator).each { path ->
  def f = new File(path)
  def entries = f.name.endsWith(".tbx") ? GlossaryReaderTBX.read(f, false) : GlossaryReaderTSV.read(f, false)
  entries.each { e -> println "TKENTRY\\t" + f.name + "\\t" + e.srcText + "\\t" + e.locText }
}
"""


def _omegat(project: Path, home: Path, script: Path, glossaries: list[Path]) -> str:
    java = shutil.which("java")
    if java is None or not OMEGAT_JAR.is_file():
        pytest.skip("OmegaT is not installed (Debian: apt-get install omegat)")
    r = subprocess.run([java, "-Djava.awt.headless=true", f"-Dtk.glossaries={os.pathsep.join(map(str, glossaries))}",
                        "-jar", str(OMEGAT_JAR), str(project), "--mode=console-translate", f"--script={script}"],
                       capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": str(home)})
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout + r.stderr


@pytest.mark.slow  # runs OmegaT itself
def test_omegat_loads_the_glossaries_and_the_project(tmp_path, aligned, tk):
    proj = tmp_path / "proj"
    assert tk("export", "omegat", proj, "--aligned", aligned, "--glossary", TEST_GLOSSARY, "--src-lang", "zh-HK",
              "--date", "20240101T000000Z")[0] == 0
    tbx = tmp_path / "omegat.tbx"
    assert tk("glossary", "export", TEST_GLOSSARY, "--for", "omegat", "--src-lang", "zh-HK", "-o", tbx)[0] == 0
    beads = _beads()
    (proj / "source" / "doc.txt").write_text(f"{beads['src_text'][0]}\n\n{beads['src_text'][4]}\n", encoding="utf-8")
    script = tmp_path / "glossaries.groovy"
    script.write_text(_SCRIPT, encoding="utf-8")
    out = _omegat(proj, tmp_path / "home", script, [tbx, proj / "glossary" / "termkit.txt"])

    assert not [ln for ln in out.split("\n") if "Warning" in ln or "Exception" in ln]
    entries = {tuple(ln.split("\t")[1:]) for ln in out.split("\n") if ln.startswith("TKENTRY\t")}
    glossary = load_checked_glossary(TEST_GLOSSARY)
    deprecated = set(glossary.filter((pl.col("lang") == "en") & (pl.col("status") == "deprecated"))["term"])
    for name in (tbx.name, "termkit.txt"):
        targets = {t for f, _, t in entries if f == name}
        sources = {s for f, s, _ in entries if f == name}
        assert targets and not targets & deprecated, name
        assert "陳國基" in sources and "陈国基" not in sources, name  # a Hong Kong source: Traditional terms
    translated = (proj / "target" / "doc.txt").read_text(encoding="utf-8")
    assert beads["tgt_text"][0] in translated  # from tm/auto/
    assert beads["tgt_text"][4] not in translated  # tm/penalty-90/ is only a fuzzy match
