"""XLIFF 1.2 / 2.0, PO and XLSX as aligned input: read through the format layer, usable by lint and export."""

from __future__ import annotations

import openpyxl
import pytest
from conftest import ROOT, run_cli

from termkit.errors import TermkitError
from termkit.formats.alignments import format_for, read_aligned
from termkit.formats.bilingual_csv import bilingual_columns
from termkit.tables import ALIGNMENTS

DATA = ROOT / "tests" / "data" / "catalogs"


def _read(path, **kw):
    import polars as pl

    frames = list(read_aligned(path, **kw))
    return pl.concat(frames) if frames else None


def test_xliff_12_translated_units_with_languages_and_lines():
    got = _read(DATA / "hetao.xlf", lines=True)
    assert got.columns == [*ALIGNMENTS, "line"]
    assert got["tuid"].to_list() == ["1", "2"]  # the untranslated unit 3 is not a translation
    assert got["src_lang"].unique().to_list() == ["zh-CN"] and got["tgt_lang"].unique().to_list() == ["en-US"]
    assert got["tgt_text"][1] == "About 40 projects will then sign up and move in."
    lines = (DATA / "hetao.xlf").read_text(encoding="utf-8").split("\n")
    assert 'id="2"' in lines[got["line"][1] - 1]


def test_xliff_2():
    got = _read(DATA / "hetao.xliff")
    assert got["src_text"].to_list() == ["深圳園區將加快建設。", "約40項目明入駐。"]
    assert (got["src_lang"][0], got["tgt_lang"][0]) == ("zh-Hant", "en")
    assert set(got["mode"]) == {"imported"}


def test_po_leaves_out_header_fuzzy_untranslated_and_obsolete():
    got = _read(DATA / "hetao.po", keep=("note",))
    assert got["src_text"].to_list() == ["深圳园区将加快建设。", "大约40个项目集中签约入驻。"]
    assert got["tgt_lang"][0] == "en" and got["note"].to_list() == ["", ""]


def test_po_entries_carry_their_msgid_line(tmp_path):
    text = (DATA / "hetao.po").read_text(encoding="utf-8")
    got = _read(DATA / "hetao.po", lines=True)
    lines = text.split("\n")
    assert [lines[n - 1] for n in got["line"].to_list()] == ['msgid "深圳园区将加快建设。"', 'msgid "大约40个项目集中签约入驻。"']
    plural = tmp_path / "plural.po"  # msgctxt before, a fuzzy entry's previous msgid and a plural's msgid_plural
    plural.write_text(text.replace('#, fuzzy\n', '#, fuzzy\n#| msgid "旧稿"\n') + (
        '\nmsgctxt "menu"\nmsgid "一个文件"\nmsgid_plural "%d个文件"\nmsgstr[0] "one file"\nmsgstr[1] "files"\n'
        '\nmsgid "最后一句。"\nmsgstr "The last sentence."\n'), encoding="utf-8")
    got = _read(plural, lines=True)
    lines = plural.read_text(encoding="utf-8").split("\n")
    assert [lines[n - 1] for n in got["line"].to_list()][-2:] == ['msgid "一个文件"', 'msgid "最后一句。"']


def test_a_wrong_namespace_is_one_line(tmp_path):
    bad = tmp_path / "bad.xlf"
    bad.write_text((DATA / "hetao.xlf").read_text(encoding="utf-8").replace("document:1.2", "document:9"),
                   encoding="utf-8")
    with pytest.raises(TermkitError, match=r"bad\.xlf:2: not an XLIFF file"):
        _read(bad)


def test_malformed_xliff_names_the_line(tmp_path):
    bad = tmp_path / "cut.xlf"
    bad.write_text((DATA / "hetao.xlf").read_text(encoding="utf-8").replace("</target>\n      </trans-unit>\n"
                   "      <trans-unit id=\"2\">", "\n      </trans-unit>\n      <trans-unit id=\"2\">", 1),
                   encoding="utf-8")
    with pytest.raises(TermkitError, match=r"cut\.xlf:\d+"):
        _read(bad)


def test_a_broken_po_is_one_line(tmp_path):
    bad = tmp_path / "bad.po"
    bad.write_text('msgid "a"\nmsgstr "b\nmsgid\n', encoding="utf-8")
    with pytest.raises(TermkitError, match=r"bad\.po:2: not a readable PO file") as raised:  # the parser's line
        _read(bad)
    assert "line 2" not in str(raised.value)  # said once, in the prefix


def _sheet(path, rows):
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


@pytest.mark.parametrize(("header", "langs"), [
    (["src_text", "tgt_text"], ("", "")),
    (["Source", "Target"], ("", "")),
    (["zh-Hant", "en"], ("zh-Hant", "en")),
    (["id", "zh", "en"], ("zh", "en")),
])
def test_xlsx_headers(tmp_path, header, langs):
    pad = [None] * (len(header) - 2)
    path = _sheet(tmp_path / "tm.xlsx", [header, [*pad, "深圳园区", "Shenzhen Park"], [*pad, None, None],
                                         [*pad, "四十个项目", 40]])
    got = _read(path, lines=True)
    assert got["src_text"].to_list() == ["深圳园区", "四十个项目"]
    assert got["tgt_text"].to_list() == ["Shenzhen Park", "40"]
    assert got["line"].to_list() == [2, 4]  # the spreadsheet's own row numbers, the blank row counted
    assert (got["src_lang"][0], got["tgt_lang"][0]) == langs


def test_xlsx_wrong_columns_and_missing_side(tmp_path):
    with pytest.raises(TermkitError, match=r"tm\.xlsx:1: no source and target columns in the header \(found 'a', 'b'"):
        _read(_sheet(tmp_path / "tm.xlsx", [["a", "b"], ["x", "y"]]))
    with pytest.raises(TermkitError, match=r"half\.xlsx:3: row 3 has no target text"):
        _read(_sheet(tmp_path / "half.xlsx", [["zh", "en"], ["深圳", "Shenzhen"], ["香港", None]]))


def test_a_corrupt_xlsx_is_one_line(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(TermkitError, match=r"bad\.xlsx: not a readable spreadsheet"):
        _read(bad)


def test_header_rule_refuses_look_alikes():
    with pytest.raises(ValueError):
        bilingual_columns(["id", "no", "note"])


def test_the_registry_knows_the_suffixes():
    assert {format_for(DATA / n).name for n in ("a.xlf", "a.XLIFF", "a.po", "a.xlsx")} == {"xliff", "po", "xlsx"}


@pytest.mark.parametrize("name", ["hetao.xlf", "hetao.xliff", "hetao.po"])
def test_lint_and_export_read_catalogs(tmp_path, name):
    res = run_cli("lint", "-g", str(ROOT / "tests" / "data" / "glossary"), "--fail-on", "never", str(DATA / name))
    assert res.returncode == 0, res.stderr
    out = tmp_path / "out.tmx"
    res = run_cli("export", "tmx", str(DATA / name), "-o", str(out), "--src-lang", "zh-Hans", "--tgt-lang", "en")
    assert res.returncode == 0, res.stderr
    assert out.read_text(encoding="utf-8").count("<tu ") == 2


def test_lint_reads_xlsx_and_bad_input_exits_2(tmp_path):
    path = _sheet(tmp_path / "tm.xlsx", [["zh", "en"], ["深圳园区", "Shenzhen Park"]])
    assert run_cli("lint", "-g", str(ROOT / "tests" / "data" / "glossary"), "--fail-on", "never",
                   str(path)).returncode == 0
    bad = _sheet(tmp_path / "bad.xlsx", [["left", "right"], ["a", "b"]])
    res = run_cli("lint", "-g", str(ROOT / "tests" / "data" / "glossary"), str(bad))
    assert res.returncode == 2 and "bad.xlsx:1: no source and target columns" in res.stderr


@pytest.mark.parametrize(("header", "langs"), [("source,target", ("", "")), ("zh,en", ("zh", "en")),
                                               ("src_text,tgt_text,src_lang", ("zh-Hans", ""))])
def test_csv_takes_the_same_headers(tmp_path, header, langs):
    path = tmp_path / "tm.csv"
    extra = ",zh-Hans" if header.endswith("src_lang") else ""
    path.write_text(f'{header}\n深圳园区,Shenzhen Park{extra}\n"四十个,项目",40 projects{extra}\n', encoding="utf-8")
    got = _read(path, lines=True)
    assert got["src_text"].to_list() == ["深圳园区", "四十个,项目"]
    assert got["line"].to_list() == [2, 3]
    assert (got["src_lang"][0], got["tgt_lang"][0]) == langs
