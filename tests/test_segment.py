"""Sentence segmentation: Chinese and English rules from the bundled rule tables, offsets, headings."""

from __future__ import annotations

import polars as pl
import pytest

from termkit.errors import TermkitError
from termkit.segment import load_rules, segment_paragraphs, segment_text
from termkit.tables import PARAGRAPHS, SEGMENTS


def _split(text: str, lang: str) -> list[str]:
    return [text[a:b] for a, b in segment_text(text, lang)]


def test_chinese_terminators_keep_closing_quotes_and_brackets():
    text = "他说：「很好。」然后走了！（真的吗？）他笑了。”"
    assert _split(text, "zh") == ["他说：「很好。」", "然后走了！", "（真的吗？）", "他笑了。”"]


def test_chinese_semicolon_splits_but_enumerations_stay_whole():
    assert _split("一是加强领导；二是完善机制；三是抓好落实。下一句。", "zh") == [
        "一是加强领导；二是完善机制；三是抓好落实。", "下一句。"]
    assert _split("三大定位:打造先导区;打造试验区;打造集聚区。", "zh") == ["三大定位:打造先导区;打造试验区;打造集聚区。"]
    assert _split("目前已出台政策包；科研空间批量供给。", "zh") == ["目前已出台政策包；", "科研空间批量供给。"]


def test_chinese_ellipsis_ends_a_sentence_unless_it_closes_a_list():
    assert _split("甲大厦、乙园区、丙中心……一系列项目拔地而起。", "zh") == ["甲大厦、乙园区、丙中心……一系列项目拔地而起。"]
    assert _split("人数增加了7倍以上……在这里,要素加速流转。", "zh") == ["人数增加了7倍以上……", "在这里,要素加速流转。"]


def test_chinese_decimals_and_ascii_punctuation():
    assert _split("约3.89平方公里。真方便!好吗?", "zh") == ["约3.89平方公里。", "真方便!", "好吗?"]


def test_english_abbreviations_decimals_initials_ellipses_quotes():
    text = ('Mr. Smith paid $3.89 in the U.S. on Jan. 5 for item No. 7, e.g. a book by J. K. Rowling. '
            'It was good... and cheap! "Yes," he said. Then "we left." Guo Lanfeng said. Done.')
    assert _split(text, "en") == [
        "Mr. Smith paid $3.89 in the U.S. on Jan. 5 for item No. 7, e.g. a book by J. K. Rowling.",
        "It was good... and cheap!", '"Yes," he said.', 'Then "we left." Guo Lanfeng said.', "Done."]


def test_english_etc_ends_a_sentence_before_a_capital():
    assert _split("people, data, etc. At the same time, more.", "en") == ["people, data, etc.", "At the same time, more."]


def test_stray_punctuation_joins_the_previous_sentence():
    text = "It can be passed quickly. . Next one."
    assert _split(text, "en") == ["It can be passed quickly. .", "Next one."]


def test_spans_are_offsets_without_surrounding_space():
    text = "  First one.   Second one.  "
    spans = segment_text(text, "en")
    assert spans == [(2, 12), (15, 26)]


def test_rules_are_per_language_data_and_unknown_languages_are_an_error(tmp_path, monkeypatch):
    assert load_rules("zh-Hant").lang == "zh"
    with pytest.raises(TermkitError, match="no sentence rules for language 'xx'"):
        segment_text("text.", "xx")
    (tmp_path / "de.toml").write_text('terminators = [".", "!", "?"]\nspace_required = true\n'
                                      'nonbreaking = ["z.B"]\n', encoding="utf-8")
    monkeypatch.setenv("TERMKIT_RULES", str(tmp_path))
    load_rules.cache_clear()
    try:
        assert _split("Das ist z.B. gut. Ja.", "de") == ["Das ist z.B. gut.", "Ja."]
    finally:
        load_rules.cache_clear()


def test_bad_rules_table_names_the_file(tmp_path, monkeypatch):
    (tmp_path / "fr.toml").write_text('terminators = ["."]\nbogus = 1\n', encoding="utf-8")
    monkeypatch.setenv("TERMKIT_RULES", str(tmp_path))
    load_rules.cache_clear()
    try:
        with pytest.raises(TermkitError, match=r"fr\.toml.*unknown keys \['bogus'\]"):
            load_rules("fr")
    finally:
        load_rules.cache_clear()


def test_segment_paragraphs_numbers_across_document_and_keeps_headings_whole():
    paras = pl.DataFrame({
        "doc_id": ["d", "d", "d"], "para_id": [0, 1, 2], "kind": ["heading", "body", "body"],
        "text": ["标题。不拆", "第一句。第二句。", "第三句。"], "first_line": [1, 2, 3], "last_line": [1, 2, 3],
    }, schema=PARAGRAPHS)
    segs = segment_paragraphs(paras, "zh")
    assert segs.schema == pl.Schema(SEGMENTS)
    assert segs.select("seg_id", "para_id", "start", "end", "kind", "text").rows() == [
        (0, 0, 0, 5, "heading", "标题。不拆"), (1, 1, 0, 4, "body", "第一句。"), (2, 1, 4, 8, "body", "第二句。"),
        (3, 2, 0, 4, "body", "第三句。")]
