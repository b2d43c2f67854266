"""`termkit export tmx`, `import tmx`, `glossary export`, `glossary import`, run as a user runs them."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from conftest import run_cli, shared_path
from lxml import etree
from test_tbx import concepts
from test_tmx import sample_beads

from termkit.formats.tbx import TBX_NS, XML_LANG
from termkit.formats.tsv import read_alignments_tsv, write_alignments_tsv
from termkit.terms.store import load_glossary, save_glossary


def _scored():
    """The test beads with every score known (aligned TSVs from `termkit build` always have one)."""
    return sample_beads().with_columns(pl.col("score").fill_null(0.75))


@pytest.fixture
def aligned(tmp_path):
    d = tmp_path / "aligned"
    write_alignments_tsv(_scored(), d / "000-002.alignments.tsv")
    write_alignments_tsv(_scored().with_columns(pl.col("tuid") + "b"), d / "001-002.alignments.tsv")
    (d / "documents.tsv").write_text("doc_id\n000\n")
    return d


def test_export_tmx_from_an_aligned_directory(tmp_path, aligned):
    out = tmp_path / "tm.tmx"
    r = run_cli("export", "tmx", str(aligned), "-o", str(out), "--date", "20240101T000000Z")
    assert r.returncode == 0, r.stderr
    assert "wrote 6 translation units" in r.stderr and "4 one-sided beads" in r.stderr
    dtd = etree.DTD(str(shared_path("standards", "tmx", "tmx14.dtd")))
    assert dtd.validate(etree.parse(str(out)))
    r2 = run_cli("export", "tmx", str(aligned), "-o", str(tmp_path / "hi.tmx"), "--min-score", "0.9")
    assert r2.returncode == 0 and "wrote 2 translation units" in r2.stderr and "4 below --min-score" in r2.stderr


def test_export_tmx_of_a_plain_bilingual_table_detects_languages(tmp_path):
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text("src_text\ttgt_text\n香港特別行政區政府今日宣佈。\tThe HKSAR Government announced today.\n",
                   encoding="utf-8")
    out = tmp_path / "pairs.tmx"
    assert run_cli("export", "tmx", str(tsv), "-o", str(out)).returncode == 0
    tuvs = etree.parse(str(out)).getroot().findall("body/tu/tuv")
    assert [t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in tuvs] == ["zh-Hant", "en"]
    r = run_cli("export", "tmx", str(tsv), "-o", str(out), "--src-lang", "zh-HK")
    assert r.returncode == 0
    assert etree.parse(str(out)).getroot().find("header").get("srclang") == "zh-HK"


def test_export_tmx_with_nothing_to_write_is_an_error(tmp_path, aligned):
    out = tmp_path / "none.tmx"
    r = run_cli("export", "tmx", str(aligned), "-o", str(out), "--min-score", "0.99")
    assert r.returncode == 2 and r.stderr.startswith("termkit: error:") and "no translation units" in r.stderr
    assert not out.exists()
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    r = run_cli("export", "tmx", str(empty_dir), "-o", str(out))
    assert r.returncode == 2 and "no aligned files in this folder" in r.stderr


def test_import_tmx_round_trip(tmp_path, aligned):
    tm = tmp_path / "tm.tmx"
    run_cli("export", "tmx", str(aligned / "000-002.alignments.tsv"), "-o", str(tm))
    r = run_cli("import", "tmx", str(tm))
    assert r.returncode == 0, r.stderr
    assert "imported 3 pairs (zh-Hans→en) from 3 units" in r.stderr
    back = read_alignments_tsv(tmp_path / "tm.alignments.tsv")
    expected = _scored().filter(pl.col("tuid").is_in(["000-002-0", "000-002-1", "000-002-4"]))
    assert back.drop("mode").equals(expected.drop("mode"))


def test_import_tmx_inline_option_and_warning(tmp_path):
    tm = tmp_path / "t.tmx"
    tm.write_text('<tmx version="1.4"><header srclang="en" creationtool="x" creationtoolversion="1" segtype="sentence"'
                  ' o-tmf="x" adminlang="en" datatype="xml"/><body>'
                  '<tu><tuv xml:lang="en"><seg>Press <ph x="1">&lt;br/&gt;</ph>OK</seg></tuv>'
                  '<tuv xml:lang="zh-CN"><seg>按<ph x="1">&lt;br/&gt;</ph>确定</seg></tuv></tu>'
                  '<tu><tuv xml:lang="en"><seg>Alone</seg></tuv></tu></body></tmx>')
    out = tmp_path / "kept.tsv"
    r = run_cli("import", "tmx", str(tm), "-o", str(out), "--inline", "keep")
    assert r.returncode == 0 and "1 without any target text" in r.stderr
    assert read_alignments_tsv(out)["src_text"].to_list() == ['Press <ph x="1">&lt;br/&gt;</ph>OK']


def test_import_tmx_flatten_keeps_placeholders(tmp_path):
    tm = tmp_path / "p.tmx"
    tm.write_text('<tmx version="1.4"><header srclang="en" creationtool="x" creationtoolversion="1" segtype="sentence"'
                  ' o-tmf="x" adminlang="en" datatype="xml"/><body>'
                  '<tu><tuv xml:lang="en"><seg>about <ph x="1">{1}</ph> billion yuan</seg></tuv>'
                  '<tuv xml:lang="zh-CN"><seg>约<ph x="1">{1}</ph>亿元</seg></tuv></tu></body></tmx>')
    out = tmp_path / "flat.tsv"
    r = run_cli("import", "tmx", str(tm), "-o", str(out), "--inline", "flatten")
    assert r.returncode == 0, r.stderr
    assert read_alignments_tsv(out).select("src_text", "tgt_text").rows() == [("about {1} billion yuan", "约{1}亿元")]


def test_import_hostile_tmx_is_a_one_line_error(tmp_path):
    tm = tmp_path / "evil.tmx"
    tm.write_text('<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]><tmx>&x;</tmx>')
    r = run_cli("import", "tmx", str(tm))
    assert r.returncode == 2 and r.stderr.startswith("termkit: error:") and "Traceback" not in r.stderr
    assert "root:" not in r.stderr + r.stderr and not (tmp_path / "evil.alignments.tsv").exists()


@pytest.fixture
def glossary(tmp_path):
    d = tmp_path / "glossary"
    save_glossary(concepts(), d / "main.tsv")
    return d


def test_glossary_export_tbx_and_import_again(tmp_path, glossary):
    tbx = tmp_path / "out.tbx"
    r = run_cli("glossary", "export", str(glossary), "--format", "tbx", "-o", str(tbx))
    assert r.returncode == 0, r.stderr
    assert "wrote 3 concepts (9 terms)" in r.stderr
    rng = etree.RelaxNG(etree.parse(str(shared_path("standards", "tbx-basic",
                                                    "TBXcoreStructV03_TBX-Basic_integrated.rng"))))
    assert rng.validate(etree.parse(str(tbx)))
    fresh = tmp_path / "fresh"
    r = run_cli("glossary", "import", str(tbx), "-o", str(fresh))
    assert r.returncode == 0, r.stderr
    assert (fresh / "out.tsv").exists()
    assert load_glossary(fresh).drop("file", "line").equals(load_glossary(glossary).drop("file", "line"))


def test_glossary_import_protects_existing_glossary(tmp_path, glossary):
    tbx = tmp_path / "shared.tbx"
    run_cli("glossary", "export", str(glossary), "-o", str(tbx))
    r = run_cli("glossary", "import", str(tbx), "-o", str(glossary))
    assert r.returncode == 2 and "already used in" in r.stderr and "--id-prefix" in r.stderr
    r = run_cli("glossary", "import", str(tbx), "-o", str(glossary), "--id-prefix", "tbx-")
    assert r.returncode == 0, r.stderr
    assert load_glossary(glossary)["concept_id"].n_unique() == 6
    # the same concepts under new ids: said at once, and listed by glossary lint
    assert "3 imported concepts share a Chinese term with another concept" in r.stderr, r.stderr
    r = run_cli("glossary", "lint", str(glossary))
    assert r.returncode == 0 and r.stdout.count("[glossary-shared-term]") == 3, r.stdout
    r = run_cli("glossary", "import", str(tbx), "-o", str(glossary), "--id-prefix", "tbx-")
    assert r.returncode == 2 and "--force" in r.stderr


def test_glossary_export_omegat_and_import_it(tmp_path, glossary):
    txt = tmp_path / "omegat.txt"
    r = run_cli("glossary", "export", str(glossary), "-f", "omegat", "-o", str(txt),
                "--src-lang", "en", "--tgt-lang", "zh-Hant")
    assert r.returncode == 0, r.stderr
    assert "en → zh-Hant entries" in r.stderr
    assert "GDP\t本地生產總值\teconomy" in txt.read_text(encoding="utf-8")
    r = run_cli("glossary", "import", str(txt), "-o", str(tmp_path / "g2" / "omegat.tsv"))
    assert r.returncode == 0, r.stderr
    assert set(load_glossary(tmp_path / "g2")["script"]) == {"", "zh-Hant"}


def test_glossary_export_unknown_format(tmp_path, glossary):
    r = run_cli("glossary", "export", str(glossary), "-f", "xlsx", "-o", str(tmp_path / "g.xlsx"))
    assert r.returncode == 2 and "unknown format" in r.stderr


def test_glossary_import_of_hostile_or_broken_tbx_is_a_one_line_error(tmp_path):
    bomb = tmp_path / "bomb.tbx"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
                    '<tbx><text><body>&b;</body></text></tbx>')
    cut = tmp_path / "cut.tbx"
    cut.write_text('<?xml version="1.0"?>\n<tbx type="TBX-Basic" style="dca" xml:lang="en">\n<text><body>\n<concept')
    for path, expected in ((bomb, "declares entities"), (cut, f"{cut}:4:")):
        r = run_cli("glossary", "import", str(path), "-o", str(tmp_path / "g"))
        assert r.returncode == 2 and r.stderr.startswith("termkit: error:") and expected in r.stderr, r.stderr
        assert "Traceback" not in r.stderr and not (tmp_path / "g").exists()


def test_glossary_import_takes_suggest_candidates_without_their_evidence(tmp_path):
    """A terminologist edits suggest's candidates file, then imports it: evidence columns and flagged rows go."""
    from termkit.terms.candidates_tsv import EVIDENCE
    from termkit.terms.store import COLUMNS

    def row(cid: str, lang: str, term: str, status: str, flag: str = "") -> str:
        cells = {"concept_id": cid, "lang": lang, "term": term, "status": status, "zh_count": "7",
                 "llr": "31.5", "example_zh": "前海合作区", "flag": flag}
        return "\t".join(cells.get(c, "") for c in COLUMNS + EVIDENCE)

    path = tmp_path / "candidates.tsv"
    path.write_text("\n".join([
        "# termkit glossary suggest: ...",
        "\t".join(COLUMNS + EVIDENCE),
        row("qianhai-zone", "zh", "前海合作区", "preferred"),
        row("qianhai-zone", "en", "Qianhai Cooperation Zone", "candidate"),
        row("one-zone-two-parks", "en", "one district, two parks", "deprecated", "deprecated rendering"),
    ]) + "\n", encoding="utf-8")
    res = run_cli("glossary", "import", str(path), "-o", str(tmp_path / "glossary" / "qianhai.tsv"))
    assert res.returncode == 0, res.stderr
    got = load_glossary(tmp_path / "glossary" / "qianhai.tsv")
    assert got["term"].to_list() == ["前海合作区", "Qianhai Cooperation Zone"]
    assert got["status"].to_list() == ["preferred", "candidate"]
    assert list(got.columns) == list(load_glossary(tmp_path / "glossary").columns)


@pytest.fixture
def repo_tbx(tmp_path, root):
    """The repository's own glossary exported as TBX, as a user would hand it to a CAT tool."""
    tbx = tmp_path / "glossary.tbx"
    r = run_cli("glossary", "export", str(root / "glossary"), "-o", str(tbx))
    assert r.returncode == 0, r.stderr
    return tbx


def _break(tbx: Path, out: Path, how: str) -> int:
    """``tbx`` with the section of 国务院 broken (``how``: drop the xml:lang or the term); returns its line."""
    tree = etree.parse(str(tbx))
    term = next(t for t in tree.iter(f"{{{TBX_NS}}}term") if t.text == "国务院")
    lang_sec = term.getparent().getparent()
    if how == "xml:lang":
        del lang_sec.attrib[XML_LANG]
        line = lang_sec.sourceline
    else:
        line = term.getparent().sourceline
        term.getparent().remove(term)
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    return line


@pytest.mark.parametrize(("how", "what"), [("xml:lang", "<langSec> has no xml:lang"),
                                           ("term", "<termSec> has no <term>")])
def test_glossary_import_refuses_tbx_that_breaks_tbx_basic(tmp_path, repo_tbx, how, what):
    bad = tmp_path / "broken.tbx"
    line = _break(repo_tbx, bad, how)
    out = tmp_path / "g"
    out.mkdir()
    (out / "keep.tsv").write_text("untouched\n")
    r = run_cli("glossary", "import", str(bad), "-o", str(out))
    assert r.returncode == 2, r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert f"{bad}:{line}: {what}" in r.stderr, r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["keep.tsv"]
    assert (out / "keep.tsv").read_text() == "untouched\n"


def test_source_date_epoch_makes_exports_reproducible(tmp_path, aligned, glossary, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    outputs = []
    for run in ("a", "b"):
        tm, tbx = tmp_path / f"{run}.tmx", tmp_path / f"{run}.tbx"
        assert run_cli("export", "tmx", str(aligned), "-o", str(tm)).returncode == 0
        assert run_cli("glossary", "export", str(glossary), "-o", str(tbx)).returncode == 0
        outputs.append((tm.read_bytes(), tbx.read_bytes()))
    assert outputs[0] == outputs[1]
    assert set(re.findall(rb'creationdate="([^"]*)"', outputs[0][0])) == {b"20231114T221320Z"}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    r = run_cli("export", "tmx", str(aligned), "-o", str(tmp_path / "c.tmx"))
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "SOURCE_DATE_EPOCH" in r.stderr, r.stderr
