"""TBX-Basic: valid against the RNG, follows the Schematron rules, round-trips, reads other tools' TBX."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from conftest import shared_path
from lxml import etree

from termkit.errors import TermkitError
from termkit.formats.tbx import TBX_NS, decode_id, encode_id, read_tbx, write_tbx
from termkit.lang import lang_script
from termkit.tables import CONCEPTS

NS = {"tbx": TBX_NS}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def concepts() -> pl.DataFrame:
    cols = [c for c in CONCEPTS if c not in ("file", "line")]
    rows = [
        ("001", "politics", "The executive of the HKSAR.", "Basic Law", "zh", "zh-Hans", "香港特别行政区政府",
         "preferred", "fullForm", "properNoun", False, ""),
        ("001", "politics", "The executive of the HKSAR.", "Basic Law", "zh", "zh-Hant", "香港特別行政區政府",
         "preferred", "fullForm", "properNoun", False, ""),
        ("001", "politics", "The executive of the HKSAR.", "Basic Law", "en", "",
         "Government of the Hong Kong Special Administrative Region", "preferred", "fullForm", "properNoun", False,
         "spell out at first mention"),
        ("001", "politics", "The executive of the HKSAR.", "", "en", "", "HKSAR Government", "admitted",
         "shortForm", "properNoun", True, ""),
        ("002", "", "", "", "zh", "", "一国两制", "preferred", "", "noun", False, ""),
        ("002", "", "", "", "en", "", "one country, two systems", "preferred", "phrase", "noun", False, ""),
        ("002", "", "", "", "en", "", "one state, two systems", "deprecated", "", "", False, "a mistranslation"),
        ("gdp", "economy", "", "", "en", "", "GDP", "candidate", "acronym", "other", False, "a & b <c>"),
        ("gdp", "economy", "", "", "zh", "zh-Hant", "本地生產總值", "admitted", "", "noun", False, ""),
    ]
    df = pl.DataFrame([dict(zip(cols, r, strict=True)) for r in rows])
    return df.with_columns(pl.lit("glossary/g.tsv").alias("file"), pl.int_range(2, 2 + len(rows)).alias("line")) \
        .select(list(CONCEPTS)).cast(CONCEPTS)


def _content(df: pl.DataFrame) -> pl.DataFrame:
    return df.drop("file", "line")


@pytest.fixture
def tbx_file(tmp_path) -> Path:
    path = tmp_path / "glossary.tbx"
    assert write_tbx(concepts(), path) == 3
    return path


def test_valid_against_tbx_basic_relax_ng(tbx_file):
    rng = etree.RelaxNG(etree.parse(str(shared_path("standards", "tbx-basic",
                                                    "TBXcoreStructV03_TBX-Basic_integrated.rng"))))
    assert rng.validate(etree.parse(str(tbx_file))), rng.error_log
    assert rng.validate(etree.parse(str(shared_path("standards", "tbx-basic", "Example_Astronomy_DCA_VALID.tbx"))))


def _allowed_values(sch: etree._Element) -> dict[str, set[str]]:
    """Permitted values per termNote data category, read from the Schematron's asserts (``.='value'``)."""
    out = {}
    for rule in sch.iter("{http://purl.oclc.org/dsdl/schematron}rule"):
        m = re.fullmatch(r"tbx:termNote\[@type='(\w+)'\]", rule.get("context"))
        if m:
            test = rule.find("{http://purl.oclc.org/dsdl/schematron}assert").get("test")
            out[m.group(1)] = set(re.findall(r"\.='([^']+)'", test))
    return out


def test_follows_the_tbx_basic_schematron_rules(tbx_file):
    """lxml runs only XSLT-1 Schematron and TBX-Basic_DCA.sch is XSLT-2, so its rules are checked here."""
    sch = etree.parse(str(shared_path("standards", "tbx-basic", "TBX-Basic_DCA.sch"))).getroot()
    allowed = _allowed_values(sch)
    assert {"administrativeStatus", "partOfSpeech", "termType"} <= set(allowed)
    root = etree.parse(str(tbx_file)).getroot()
    assert (root.get("type"), root.get("style")) == ("TBX-Basic", "dca")
    for el in root.iter():
        assert etree.QName(el).namespace == TBX_NS, "DCT elements are not permitted in DCA style"
        if el.get("type") is not None:
            assert el.get("type") != ""
        if el.get("target") is not None:
            assert re.match(r"https?://.+", el.get("target")) or root.xpath(f"//*[@id='{el.get('target')}']")
    for note in root.iterfind(".//tbx:termNote", NS):
        parent = note.getparent()
        assert etree.QName(parent).localname == "termSec" or etree.QName(parent.getparent()).localname == "termSec"
        if note.get("type") in allowed:
            assert note.text in allowed[note.get("type")], (note.get("type"), note.text)

    def level(el):
        parent = el.getparent()
        if etree.QName(parent).localname.endswith("Grp"):
            parent = parent.getparent()
        return etree.QName(parent).localname

    assert {level(e) for e in root.iterfind(".//tbx:descrip[@type='subjectField']", NS)} == {"conceptEntry"}
    assert {level(e) for e in root.iterfind(".//tbx:descrip[@type='definition']", NS)} <= {"conceptEntry", "langSec"}
    assert {level(e) for e in root.iterfind(".//tbx:admin[@type='source']", NS)} <= \
        {"conceptEntry", "langSec", "termSec"}


def test_structure_one_concept_entry_per_concept_one_lang_sec_per_language(tbx_file):
    root = etree.parse(str(tbx_file)).getroot()
    entries = root.findall(".//tbx:conceptEntry", NS)
    assert [decode_id(e.get("id")) for e in entries] == ["001", "002", "gdp"]
    assert [s.get(XML_LANG) for s in entries[0].findall("tbx:langSec", NS)] == ["zh-Hans", "zh-Hant", "en"]
    assert [s.get(XML_LANG) for s in entries[1].findall("tbx:langSec", NS)] == ["zh-Hans", "zh-Hant", "en"]
    status = entries[1].findall(".//tbx:termNote[@type='administrativeStatus']", NS)
    assert [s.text for s in status] == ["preferredTerm-admn-sts"] * 3 + ["deprecatedTerm-admn-sts"]


def test_chinese_without_a_script_is_written_in_both_scripts(tbx_file):
    """A CAT tool in a zh-Hant project finds 一國兩制 in its own language section; 001 keeps its explicit forms."""
    root = etree.parse(str(tbx_file)).getroot()
    entries = {decode_id(e.get("id")): e for e in root.findall(".//tbx:conceptEntry", NS)}

    def terms(cid: str, tag: str) -> list[str]:
        return [t.text for s in entries[cid].findall("tbx:langSec", NS) if s.get(XML_LANG) == tag
                for t in s.iterfind(".//tbx:term", NS)]

    assert terms("002", "zh-Hans") == ["一国两制"] and terms("002", "zh-Hant") == ["一國兩制"]
    assert terms("001", "zh-Hant") == ["香港特別行政區政府"]
    assert terms("gdp", "zh-Hant") == ["本地生產總值"] and terms("gdp", "zh-Hans") == []


def test_a_traditional_term_without_a_script_round_trips(tmp_path):
    df = concepts().with_columns(pl.when(pl.col("term") == "一国两制").then(pl.lit("一國兩制")).otherwise("term")
                                 .alias("term"))
    path = tmp_path / "g.tbx"
    write_tbx(df, path)
    assert _content(read_tbx(path)).equals(_content(df))


def test_round_trip_gives_the_same_glossary(tbx_file):
    back = read_tbx(tbx_file)
    assert _content(back).equals(_content(concepts()))
    assert back["file"].unique().to_list() == [str(tbx_file)]
    assert back["line"].min() > 1


def test_round_trip_in_the_2008_dialect(tmp_path):
    path = tmp_path / "g2008.tbx"
    write_tbx(concepts(), path, dialect="2008")
    root = etree.parse(str(path)).getroot()
    assert root.tag == "martif" and root.find(".//termEntry/langSet/tig/term") is not None
    assert _content(read_tbx(path)).equals(_content(concepts()))
    with pytest.raises(TermkitError, match="dialect"):
        write_tbx(concepts(), path, dialect="2010")


def test_definitions_that_differ_by_language_go_on_the_language_section(tmp_path):
    df = concepts().with_columns(
        pl.when(pl.col("lang") == "en").then(pl.lit("English definition")).otherwise(pl.col("definition"))
        .alias("definition"))
    path = tmp_path / "defs.tbx"
    write_tbx(df, path)
    root = etree.parse(str(path)).getroot()
    assert root.findall(".//tbx:langSec/tbx:descrip[@type='definition']", NS)
    assert _content(read_tbx(path)).equals(_content(df))


def test_case_sensitivity_differing_from_the_default_is_kept(tmp_path):
    df = concepts().with_columns(
        pl.when(pl.col("term") == "GDP").then(False).otherwise(pl.col("case_sensitive")).alias("case_sensitive"))
    path = tmp_path / "cs.tbx"
    write_tbx(df, path)
    assert "case-sensitive=no" in path.read_text()
    assert _content(read_tbx(path)).equals(_content(df))


def test_glossary_model_round_trip(tmp_path):
    """load_glossary → TBX → read_tbx gives load_glossary's table again."""
    store = pytest.importorskip("termkit.terms.store")
    store.save_glossary(concepts(), tmp_path / "glossary" / "g.tsv")
    loaded = store.load_glossary(tmp_path / "glossary")
    write_tbx(loaded, tmp_path / "g.tbx")
    assert _content(read_tbx(tmp_path / "g.tbx")).equals(_content(loaded))


def test_translate_toolkit_reads_the_2008_dialect(tmp_path):
    from translate.storage.tbx import tbxfile

    path = tmp_path / "g2008.tbx"
    write_tbx(concepts(), path, dialect="2008")
    store = tbxfile.parsefile(str(path))
    df = concepts()
    written_per_script = {("002", "zh-Hans"): ["一国两制"], ("002", "zh-Hant"): ["一國兩制"]}
    assert [decode_id(u.getid()) for u in store.units] == ["001", "002", "gdp"]
    for unit in store.units:
        cid = decode_id(unit.getid())
        rows = df.filter(pl.col("concept_id") == cid)
        for tag in ("zh-Hans", "zh-Hant", "en"):
            got = unit.get_target_terms(tag)
            if (cid, tag) in written_per_script:
                assert [t.text for t in got] == written_per_script[cid, tag]
                continue
            lang, script = lang_script(tag)
            want = rows.filter((pl.col("lang") == lang) & (pl.col("script") == script))
            assert [t.text for t in got] == want["term"].to_list()
            assert [t.deprecated for t in got] == [s == "deprecated" for s in want["status"]]


def test_translate_toolkit_lisa_reads_the_2019_dialect(tbx_file):
    """Translate Toolkit's TBX class knows only martif; its generic LISA reader given the 2019 names reads ours."""
    from translate.storage.tbx import tbxfile, tbxunit

    class Unit2019(tbxunit):
        rootNode, languageNode = "conceptEntry", "langSec"

    class File2019(tbxfile):
        rootNode, UnitClass = "tbx", Unit2019

    store = File2019.parsefile(str(tbx_file))
    got = [(decode_id(u.getid()), u.source, u.target) for u in store.units]
    assert got == [("001", "香港特别行政区政府", "香港特別行政區政府"), ("002", "一国两制", "一國兩制"),
                   ("gdp", "GDP", "本地生產總值")]


def test_reads_the_astronomy_example():
    df = read_tbx(shared_path("standards", "tbx-basic", "Example_Astronomy_DCA_VALID.tbx"))
    assert df["concept_id"].n_unique() == 45
    c1 = df.filter(pl.col("concept_id") == "c1")
    assert c1.select("lang", "term", "status").rows() == [
        ("en", "open cluster", "preferred"), ("en", "galactic cluster", "deprecated"),  # superseded
        ("es", "cúmulo abierto", "admitted")]
    assert c1["subject"].unique().to_list() == ["General"]
    assert c1["definition"][0].startswith("A group of stars formed together")
    assert c1["definition"][2].startswith("Una acumulación")
    assert c1["note"][1].startswith("Another name for an open star cluster")
    assert df.filter(pl.col("term") == "circumstellar accretion disk")["term_type"].to_list() == ["fullForm"]


TBX2008_DCT = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en-US">
  <martifHeader><fileDesc><sourceDesc><p>MultiTerm export</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="t1">
      <descripGrp><descrip type="subjectField">Economy</descrip></descripGrp>
      <langSet xml:lang="ZH-CN">
        <ntig><termGrp><term>国内生产总值</term>
          <termNote type="partOfSpeech">noun</termNote></termGrp>
          <admin type="source">NBS</admin></ntig>
      </langSet>
      <langSet xml:lang="zh-HK"><tig><term>本地生產總值</term></tig></langSet>
      <langSet xml:lang="en-US"><tig><term>GDP</term>
        <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
        <termNote type="termType">acronym</termNote></tig></langSet>
    </termEntry>
  </body></text>
</martif>
"""


def test_reads_tbx_2008_from_other_tools(tmp_path):
    path = tmp_path / "multiterm.tbx"
    path.write_text(TBX2008_DCT, encoding="utf-8")
    df = read_tbx(path)
    assert df.select("concept_id", "subject", "lang", "script", "term", "status", "source").rows() == [
        ("t1", "Economy", "zh", "zh-Hans", "国内生产总值", "admitted", "NBS"),
        ("t1", "Economy", "zh", "zh-Hant", "本地生產總值", "admitted", ""),
        ("t1", "Economy", "en", "", "GDP", "preferred", ""),
    ]
    assert df["pos"][0] == "noun" and df["term_type"][2] == "acronym"
    assert df["case_sensitive"].to_list() == [False, False, True]  # acronyms match as written


def test_hostile_and_wrong_files(tmp_path):
    bomb = tmp_path / "bomb.tbx"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                    '<tbx><text><body>&b;</body></text></tbx>')
    with pytest.raises(TermkitError, match="declares entities"):
        read_tbx(bomb)
    html = tmp_path / "page.tbx"
    html.write_text("<html><body/></html>")
    with pytest.raises(TermkitError, match="not a TBX file"):
        read_tbx(html)
    cut = tmp_path / "cut.tbx"
    cut.write_text(TBX2008_DCT[:400])
    with pytest.raises(TermkitError, match=r":\d+:\d+: file is truncated"):
        read_tbx(cut)


def test_write_errors(tmp_path):
    with pytest.raises(TermkitError, match="no terms"):
        write_tbx(concepts().head(0), tmp_path / "e.tbx")
    bad = concepts().with_columns(pl.when(pl.col("term") == "GDP").then(pl.lit(" ")).otherwise(pl.col("term"))
                                  .alias("term"))
    with pytest.raises(TermkitError, match=r"glossary/g.tsv:9: concept 'gdp' has an empty term"):
        write_tbx(bad, tmp_path / "e.tbx")
    assert not (tmp_path / "e.tbx").exists()


@pytest.mark.parametrize("cid", ["001", "c1", "_x", "a b", "中文", "x_y", "9_x0041_", "ns:id"])
def test_concept_ids_survive_as_xml_ids(cid):
    xml_id = encode_id(cid)
    assert re.fullmatch(r"[^\W\d][\w.\-]*", xml_id)
    assert decode_id(xml_id) == cid


def _edited(tbx_file: Path, tmp_path: Path, edit) -> tuple[Path, int]:
    """``tbx_file`` changed by ``edit(tree)``, which returns the line the reader must name."""
    tree = etree.parse(str(tbx_file))
    line = edit(tree)
    out = tmp_path / "edited.tbx"
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    return out, line


def _first(tree, name):
    return next(tree.iter(f"{{{TBX_NS}}}{name}"))


def _drop_lang(tree):
    sec = _first(tree, "langSec")
    del sec.attrib[XML_LANG]
    return sec.sourceline


def _drop_term(tree):
    term = _first(tree, "term")
    sec = term.getparent()
    sec.remove(term)
    return sec.sourceline


def _empty_term(tree):
    term = _first(tree, "term")
    term.text = "  "
    return term.sourceline


def _drop_id(tree):
    entry = _first(tree, "conceptEntry")
    del entry.attrib["id"]
    return entry.sourceline


def _drop_term_secs(tree):
    sec = _first(tree, "langSec")
    for t in sec.findall(f"{{{TBX_NS}}}termSec"):
        sec.remove(t)
    return sec.sourceline


@pytest.mark.parametrize(("edit", "message"), [
    (_drop_lang, "<langSec> has no xml:lang"), (_drop_term, "<termSec> has no <term>"),
    (_empty_term, "<term> is empty"), (_drop_id, "<conceptEntry> has no id"),
    (_drop_term_secs, "<langSec> has no term section"),
])
def test_reader_refuses_what_tbx_basic_requires_naming_the_line(tbx_file, tmp_path, edit, message):
    path, line = _edited(tbx_file, tmp_path, edit)
    with pytest.raises(TermkitError) as err:
        read_tbx(path)
    assert str(err.value).startswith(f"{path}:{line}: {message} ("), str(err.value)


def test_every_problem_is_counted_and_the_first_named(tbx_file, tmp_path):
    def both(tree):
        line = _drop_lang(tree)
        for term in list(tree.iter(f"{{{TBX_NS}}}term"))[-2:]:
            term.getparent().remove(term)
        return line
    path, line = _edited(tbx_file, tmp_path, both)
    with pytest.raises(TermkitError, match=rf"^{re.escape(str(path))}:{line}: <langSec> has no xml:lang .*"
                                           r"\(and 2 more problems\)$"):
        read_tbx(path)


def test_a_2008_term_entry_may_lack_an_id(tmp_path):
    path = tmp_path / "noid.tbx"
    path.write_text(TBX2008_DCT.replace(' id="t1"', ""), encoding="utf-8")
    assert read_tbx(path)["concept_id"].unique().to_list() == ["c1"]


def test_what_tbx_would_change_is_refused_naming_the_concept(tmp_path):
    base = concepts()
    cases = [
        (base.with_columns(pl.when(pl.col("term") == "GDP").then(pl.lit("GDP\x0b")).otherwise("term").alias("term")),
         r"glossary/g.tsv:9: concept 'gdp': term holds U\+000B"),
        (base.with_columns(pl.when(pl.col("concept_id") == "002").then(pl.lit("line one\nline two"))
                           .otherwise("note").alias("note")),
         r"concept '002': the note holds .* a line break"),
        (base.with_columns(pl.when(pl.col("term") == "GDP").then(pl.lit("termkit: mine")).otherwise("note")
                           .alias("note")), r"concept 'gdp': a note may not start with 'termkit:'"),
        (base.with_columns(pl.when(pl.col("term") == "GDP").then(pl.lit("finance")).otherwise("subject")
                           .alias("subject")), r"concept 'gdp' has 2 different subjects \('finance', 'economy'\)"),
        (base.with_columns(pl.when(pl.col("term") == "HKSAR Government").then(pl.lit("Other."))
                           .otherwise("definition").alias("definition")),
         r"concept '001' has 2 different definitions in en"),
    ]
    for df, message in cases:
        with pytest.raises(TermkitError, match=message):
            write_tbx(df, tmp_path / "e.tbx")
        assert not (tmp_path / "e.tbx").exists()


def test_a_term_entered_with_a_semicolon_round_trips(tmp_path):
    df = concepts().with_columns(pl.when(pl.col("term") == "一国两制").then(pl.lit("一國; 兩制 100%"))
                                 .otherwise("term").alias("term"))
    write_tbx(df, tmp_path / "s.tbx")
    assert _content(read_tbx(tmp_path / "s.tbx")).sort(pl.all()).equals(_content(df).sort(pl.all()))
