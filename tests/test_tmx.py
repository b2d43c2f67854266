"""TMX 1.4b: what we write is valid and read back without loss; TMX from other tools is read correctly."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from conftest import shared_path
from lxml import etree

from termkit.errors import TermkitError
from termkit.formats import tmx
from termkit.formats.tmx import header_language, read_tmx, read_tmx_report, select_units, write_tmx
from termkit.lang import canonical_tag
from termkit.tables import ALIGNMENTS

DATE = "20240131T120000Z"


def sample_beads() -> pl.DataFrame:
    return pl.DataFrame({
        "tuid": ["000-002-0", "000-002-1", "000-002-2", "000-002-3", "000-002-4"],
        "src_doc": ["000"] * 5, "tgt_doc": ["002"] * 5,
        "src_ids": [[0], [1, 2], [3], [], [4]], "tgt_ids": [[0], [1], [], [2], [3]],
        "src_lang": ["zh-Hans"] * 5, "tgt_lang": ["en"] * 5,
        "src_text": ["香港特区政府<今日>宣布 & 说明。", "第二句。第三句。", "多出的一句。", "", "低分句子。"],
        "tgt_text": ['The HKSAR Government "today" announced & explained.', "Second. Third.", "", "Added.", "Low."],
        "score": [0.91, None, 0.5, 0.4, 0.12],
        "mode": ["parallel"] * 5,
    }, schema=ALIGNMENTS)


@pytest.fixture
def written(tmp_path) -> Path:
    path = tmp_path / "out.tmx"
    assert write_tmx(sample_beads(), path, creation_date=DATE) == 3
    return path


def test_written_tmx_is_valid_against_the_dtd(written):
    dtd = etree.DTD(str(shared_path("standards", "tmx", "tmx14.dtd")))
    doc = etree.parse(str(written))
    assert dtd.validate(doc), dtd.error_log.filter_from_errors()
    assert doc.docinfo.doctype == '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'


def test_header_and_units_carry_the_metadata(written):
    root = etree.parse(str(written)).getroot()
    header = root.find("header").attrib
    assert header["creationtool"] == "termkit" and header["creationtoolversion"]
    assert (header["segtype"], header["adminlang"], header["srclang"], header["datatype"]) == \
        ("sentence", "en", "zh-Hans", "plaintext")
    assert header["o-tmf"] and header["creationdate"] == DATE
    tu = root.find("body/tu")
    assert tu.get("tuid") == "000-002-0" and tu.get("creationdate") == DATE
    props = {p.get("type"): p.text for p in tu.findall("prop")}
    assert props == {tmx.PROP_SCORE: "0.91", tmx.PROP_MODE: "parallel", tmx.PROP_SRC_DOC: "000",
                     tmx.PROP_TGT_DOC: "002", tmx.PROP_SRC_IDS: "0", tmx.PROP_TGT_IDS: "0"}
    langs = [t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in tu.findall("tuv")]
    assert langs == ["zh-Hans", "en"]


def test_round_trip_is_lossless(written):
    back = read_tmx(written)
    expected = sample_beads().filter(pl.col("tuid").is_in(["000-002-0", "000-002-1", "000-002-4"]))
    assert back.equals(expected)  # the alignment mode travels in a prop, so lint can tell comparable beads


def test_one_sided_and_low_scoring_beads_are_left_out_and_counted():
    kept, counts = select_units(sample_beads(), min_score=0.5)
    assert kept["tuid"].to_list() == ["000-002-0"]  # null score: unknown confidence is not confident
    assert counts == {"one_sided": 2, "below_min_score": 2}
    assert select_units(sample_beads())[1] == {"one_sided": 2, "below_min_score": 0}


def test_min_score_when_writing(tmp_path):
    assert write_tmx(sample_beads(), tmp_path / "m.tmx", min_score=0.9, creation_date=DATE) == 1


def test_fixed_date_gives_byte_identical_files(tmp_path, written):
    again = tmp_path / "again.tmx"
    write_tmx(sample_beads(), again, creation_date=DATE)
    assert again.read_bytes() == written.read_bytes()


def test_default_date_is_now_in_tmx_format(tmp_path):
    path = tmp_path / "now.tmx"
    write_tmx(sample_beads(), path)
    assert re.fullmatch(r"\d{8}T\d{6}Z", etree.parse(str(path)).getroot().find("header").get("creationdate"))


def test_bad_date_and_missing_language_are_errors(tmp_path):
    with pytest.raises(TermkitError, match="YYYYMMDDThhmmssZ"):
        write_tmx(sample_beads(), tmp_path / "x.tmx", creation_date="2024-01-31")
    with pytest.raises(TermkitError, match="no language tag"):
        write_tmx(sample_beads().with_columns(pl.lit("").alias("tgt_lang")), tmp_path / "x.tmx")
    assert not (tmp_path / "x.tmx").exists()


def test_characters_xml_cannot_carry_are_refused_naming_the_unit(tmp_path):
    df = sample_beads().with_columns(pl.col("src_text").str.replace("。", "\x0b。"))
    with pytest.raises(TermkitError, match=r"unit '000-002-0': src_text holds U\+000B, a character XML"):
        write_tmx(df, tmp_path / "c.tmx", creation_date=DATE)
    assert not (tmp_path / "c.tmx").exists()


def test_a_unit_with_one_language_on_both_sides_is_refused(tmp_path):
    with pytest.raises(TermkitError, match="same language"):
        write_tmx(sample_beads().with_columns(pl.col("src_lang").alias("tgt_lang")), tmp_path / "s.tmx")


def test_mixed_directions_mark_units_with_their_source_language(tmp_path):
    df = pl.concat([sample_beads(), sample_beads().with_columns(
        pl.col("tuid") + "r", pl.lit("en").alias("src_lang"), pl.lit("zh-Hant").alias("tgt_lang"))])
    path = tmp_path / "mixed.tmx"
    write_tmx(df, path, creation_date=DATE)
    dtd = etree.DTD(str(shared_path("standards", "tmx", "tmx14.dtd")))
    assert dtd.validate(etree.parse(str(path)))
    back = read_tmx(path)
    assert back.filter(pl.col("tuid") == "000-002-0r").select("src_lang", "tgt_lang").row(0) == ("en", "zh-Hant")


def test_failed_write_leaves_previous_file_intact(tmp_path, monkeypatch, written):
    before = written.read_bytes()
    calls = iter(range(10))

    def failing(*args):
        if next(calls) == 1:
            raise RuntimeError("disk full")
        return real(*args)

    real = tmx._tu
    monkeypatch.setattr(tmx, "_tu", failing)
    with pytest.raises(RuntimeError):
        write_tmx(sample_beads(), written, creation_date=DATE)
    assert written.read_bytes() == before
    assert [p.name for p in written.parent.iterdir()] == [written.name]


def test_translate_toolkit_reads_our_tmx(written):
    from translate.storage.tmx import tmxfile

    with open(written, "rb") as fh:
        store = tmxfile(fh, sourcelanguage="zh-Hans", targetlanguage="en")
    units = [(u.getid(), u.source, u.target) for u in store.units]
    expected = select_units(sample_beads())[0]
    assert units == list(expected.select("tuid", "src_text", "tgt_text").iter_rows())


def test_canonical_language_tags():
    assert canonical_tag("ZH-hans") == "zh-Hans"
    assert canonical_tag("en_us") == "en-US"
    assert canonical_tag("es-419") == "es-419"
    assert canonical_tag("zh-Hant-HK") == "zh-Hant-HK"


# --- TMX from other tools -------------------------------------------------------------------------

OMEGAT = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.1">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext"
          creationtoolversion="6.0.0" segtype="sentence" srclang="ZH-CN"/>
  <body>
    <tu>
      <tuv lang="ZH-CN"><seg>一国两制</seg></tuv>
      <tuv lang="EN-GB" changeid="anna" changedate="20230101T101010Z"><seg>one country, two systems</seg></tuv>
    </tu>
    <tu>
      <tuv lang="ZH-CN"><seg>未翻译</seg></tuv>
    </tu>
  </body>
</tmx>
"""

TRADOS = """<?xml version="1.0" encoding="utf-16"?>
<tmx version="1.4">
  <header creationtool="SDL Language Platform" creationtoolversion="8.0" o-tmf="SDL TM8 Format"
          datatype="xml" segtype="sentence" adminlang="EN-US" srclang="EN-US">
    <prop type="x-Recognizers">RecognizeAll</prop>
  </header>
  <body>
    <tu creationdate="20200101T000000Z" creationid="ANNA" changeid="ANNA" usagecount="3">
      <prop type="x-Context">0, 0</prop>
      <tuv xml:lang="EN-US"><seg>Press <bpt i="1" type="bold">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept> now<ph x="2">&lt;br/&gt;</ph>.</seg></tuv>
      <tuv xml:lang="ZH-TW"><seg>立即按<bpt i="1">&lt;b&gt;</bpt>儲存<ept i="1">&lt;/b&gt;</ept><hi type="em">鍵</hi>。</seg></tuv>
      <tuv xml:lang="zh-cn"><seg>立即按<bpt i="1">&lt;b&gt;</bpt>保存<ept i="1">&lt;/b&gt;</ept>键。</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_reads_omegat_tmx_with_tmx11_lang_attributes(tmp_path):
    path = tmp_path / "project_save.tmx"
    path.write_text(OMEGAT, encoding="utf-8")
    df, counts = read_tmx_report(path)
    assert df.select("src_lang", "tgt_lang", "src_text", "tgt_text").rows() == \
        [("zh-CN", "en-GB", "一国两制", "one country, two systems")]
    assert df["tuid"].to_list() == ["1"] and df["score"].to_list() == [None]
    assert df["src_doc"].to_list() == ["project_save"]
    assert df["mode"].to_list() == ["imported"]  # no termkit prop: another tool's memory
    assert counts == {"units": 2, "no_source": 0, "no_target": 1}


def test_reads_trados_tmx_in_utf16_with_several_targets(tmp_path):
    path = tmp_path / "trados.tmx"
    path.write_text(TRADOS, encoding="utf-16")
    df = read_tmx(path)
    assert df.select("tuid", "src_lang", "tgt_lang").rows() == [("1:zh-TW", "en-US", "zh-TW"),
                                                               ("1:zh-CN", "en-US", "zh-CN")]
    assert df["src_text"][0] == "Press Save now."
    assert df["tgt_text"].to_list() == ["立即按儲存鍵。", "立即按保存键。"]


def test_inline_codes_kept_as_xml(tmp_path):
    path = tmp_path / "trados.tmx"
    path.write_text(TRADOS, encoding="utf-16")
    df = read_tmx(path, inline="keep")
    assert df["src_text"][0] == ('Press <bpt i="1" type="bold">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept> now'
                                 '<ph x="2">&lt;br/&gt;</ph>.')
    assert '<hi type="em">鍵</hi>' in df["tgt_text"][0]
    with pytest.raises(TermkitError, match="inline mode"):
        read_tmx(path, inline="strip")


def test_source_language_option_overrides_header(tmp_path):
    path = tmp_path / "trados.tmx"
    path.write_text(TRADOS, encoding="utf-16")
    df = read_tmx(path, src_lang="zh-tw")
    assert df.select("src_lang", "tgt_lang").rows() == [("zh-TW", "en-US"), ("zh-TW", "zh-CN")]
    primary = read_tmx(path, src_lang="en")  # a bare language matches its regional variant
    assert primary["src_lang"].unique().to_list() == ["en-US"]


def test_srclang_all_takes_the_first_variant(tmp_path):
    path = tmp_path / "all.tmx"
    path.write_text(OMEGAT.replace('srclang="ZH-CN"', 'srclang="*all*"'), encoding="utf-8")
    assert read_tmx(path)["src_lang"].to_list() == ["zh-CN"]


def test_not_tmx_and_hostile_and_truncated_tmx(tmp_path):
    other = tmp_path / "other.xml"
    other.write_text("<html><body><p>hi</p></body></html>")
    with pytest.raises(TermkitError, match="not a TMX file"):
        read_tmx(other)
    xxe = tmp_path / "xxe.tmx"
    xxe.write_text('<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                   '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&x;</seg></tuv>'
                   '</tu></body></tmx>')
    with pytest.raises(TermkitError, match="declares entities"):
        read_tmx(xxe)
    cut = tmp_path / "cut.tmx"
    cut.write_text(OMEGAT[: OMEGAT.index("</body>") - 20], encoding="utf-8")
    with pytest.raises(TermkitError, match=rf"^{re.escape(str(cut))}:\d+:\d+: file is truncated"):
        read_tmx(cut)


def test_empty_body_reads_as_empty_table(tmp_path):
    path = tmp_path / "empty.tmx"
    write_tmx(sample_beads().head(0), path, creation_date=DATE)
    assert read_tmx(path).schema == pl.Schema(ALIGNMENTS)
    assert read_tmx(path).height == 0


def test_reads_tmx_written_by_translate_toolkit(tmp_path):
    from translate.storage.tmx import tmxfile

    store = tmxfile(sourcelanguage="zh-Hans", targetlanguage="en")
    store.addtranslation("一国两制", "zh-Hans", "one country, two systems", "en")
    store.addtranslation("特区 & 政府", "zh-Hans", "SAR <government>", "en", comment="from TT")
    path = tmp_path / "tt.tmx"
    path.write_bytes(bytes(store))
    df = read_tmx(path)
    assert df.select("tuid", "src_lang", "tgt_lang", "src_text", "tgt_text").rows() == [
        ("1", "zh-Hans", "en", "一国两制", "one country, two systems"),
        ("2", "zh-Hans", "en", "特区 & 政府", "SAR <government>"),
    ]


PLACEHOLDERS = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" creationtool="Okapi" creationtoolversion="1" segtype="sentence"
 o-tmf="x" adminlang="en" datatype="html"/><body>
<tu><tuv xml:lang="en"><seg>about <ph x="1">{1}</ph> billion yuan, <ph x="2">%s</ph> and <bpt i="3">&lt;b&gt;</bpt>more<ept i="3">&lt;/b&gt;</ept><ph x="4">&lt;br/&gt;</ph></seg></tuv>
<tuv xml:lang="zh-CN"><seg>约<ph x="1">{1}</ph>亿元、<ph x="2">%s</ph>和<bpt i="3">{\\b </bpt>更多<ept i="3">}</ept></seg></tuv></tu>
</body></tmx>
"""


def test_flatten_keeps_placeholders_as_text_and_drops_formatting(tmp_path):
    path = tmp_path / "okapi.tmx"
    path.write_text(PLACEHOLDERS, encoding="utf-8")
    df = read_tmx(path)
    assert df["src_text"].to_list() == ["about {1} billion yuan, %s and more"]
    assert df["tgt_text"].to_list() == ["约{1}亿元、%s和更多"]


def test_source_date_epoch_dates_the_file_and_makes_reruns_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    write_tmx(sample_beads(), tmp_path / "a.tmx")
    write_tmx(sample_beads(), tmp_path / "b.tmx")
    data = (tmp_path / "a.tmx").read_bytes()
    assert data == (tmp_path / "b.tmx").read_bytes()
    dates = set(re.findall(rb'creationdate="([^"]*)"', data))
    assert dates == {b"20231114T221320Z"}
    write_tmx(sample_beads(), tmp_path / "c.tmx", creation_date=DATE)  # an explicit date still wins
    assert b'creationdate="20231114T221320Z"' not in (tmp_path / "c.tmx").read_bytes()


def test_a_bad_source_date_epoch_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(TermkitError, match="SOURCE_DATE_EPOCH must be a whole number"):
        write_tmx(sample_beads(), tmp_path / "a.tmx")
    assert not (tmp_path / "a.tmx").exists()


def test_score_and_mode_also_travel_in_a_note(written):
    notes = [tu.findtext("note") for tu in etree.parse(str(written)).iter("tu")]
    assert notes == ["termkit: score=0.91; mode=parallel", "termkit: mode=parallel",
                     "termkit: score=0.12; mode=parallel"]


def test_translate_toolkit_round_trip_keeps_score_and_mode(written, tmp_path):
    """Translate Toolkit's unit model has source, target and notes, no props: a store rebuilt from its units
    (what its converters do) loses the props, and the note brings score and mode back."""
    from translate.storage.tmx import tmxfile

    with open(written, "rb") as fh:
        units = tmxfile(fh, "zh-Hans", "en").units
    assert units[0].getnotes() == "termkit: score=0.91; mode=parallel"
    copy = tmxfile(sourcelanguage="zh-Hans", targetlanguage="en")
    for unit in units:
        new = copy.addsourceunit(unit.source)
        new.target = unit.target
        new.addnote(unit.getnotes())
    again = tmp_path / "tt.tmx"
    again.write_bytes(bytes(copy))
    assert b"x-termkit-score" not in again.read_bytes()
    back = read_tmx(again)
    assert back["score"].to_list() == [0.91, None, 0.12]
    assert back["mode"].to_list() == ["parallel"] * 3


def test_header_srclang_is_all_when_chinese_sources_mix_scripts(tmp_path):
    beads = sample_beads().with_columns(
        pl.Series("src_lang", ["zh-Hans", "zh-Hant", "zh-Hans", "zh-Hans", "zh-Hant"]))
    path = tmp_path / "mixed.tmx"
    write_tmx(beads, path, creation_date=DATE)
    root = etree.parse(str(path)).getroot()
    assert root.find("header").get("srclang") == "*all*"
    assert [tu.get("srclang") for tu in root.iter("tu")] == ["zh-Hans", "zh-Hant", "zh-Hant"]
    assert read_tmx(path)["src_lang"].to_list() == ["zh-Hans", "zh-Hant", "zh-Hant"]
    assert header_language(sample_beads()) == "zh-Hans"
    assert header_language(beads.with_columns(pl.lit("zh").alias("src_lang"))) == "zh"
