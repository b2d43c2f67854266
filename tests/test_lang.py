"""One reading of language tags, Han characters and sentence ends for every stage."""

from __future__ import annotations

import pytest

from termkit.lang import (
    LangTag,
    base_language,
    canonical_tag,
    chinese_script,
    ends_sentence,
    is_han,
    is_wide,
    joiner,
    parse_tag,
    quote_marks,
)


@pytest.mark.parametrize("tag, parsed", [
    ("zh-Hant-HK", LangTag("zh", "Hant", "HK")), ("ZH_cn", LangTag("zh", "", "CN")), ("en", LangTag("en")),
    ("es-419", LangTag("es", "", "419")), ("sr-Latn-RS-x-private", LangTag("sr", "Latn", "RS")), ("", LangTag("")),
])
def test_parse_tag(tag, parsed):
    assert parse_tag(tag) == parsed


@pytest.mark.parametrize("tag, script", [
    ("zh-Hans", "zh-Hans"), ("zh-CN", "zh-Hans"), ("zh-SG", "zh-Hans"), ("zh-MY", "zh-Hans"),
    ("zh-Hant", "zh-Hant"), ("zh-HK", "zh-Hant"), ("zh_TW", "zh-Hant"), ("zh-MO", "zh-Hant"),
    ("zh-Hans-HK", "zh-Hans"),  # an explicit script wins over the region
    ("zh", ""), ("en-HK", ""), ("yue-Hant", ""),
])
def test_chinese_script_by_script_then_region(tag, script):
    assert chinese_script(tag) == script


def test_canonical_case_and_base():
    assert canonical_tag("ZH-hans") == "zh-Hans" and canonical_tag("en_us") == "en-US"
    assert base_language("EN_us") == "en" and base_language("") == ""
    assert joiner("zh-Hant") == "" and joiner("ja") == "" and joiner("de") == " "


def test_han_includes_extensions_and_wide_includes_punctuation():
    assert all(is_han(c) for c in "国國〇々𠀋𪚥") and not any(is_han(c) for c in "aあ，１")
    assert all(is_wide(c) for c in "国，。あ１（") and not is_wide("a")


@pytest.mark.parametrize("text, ends", [
    ("园区面积约3.89平方公里。", True), ("他说：“这只是第一步。”", True), ("第一，加快建设；", True),
    ("It is done.", True), ("Is it?", True), ("He said \"no.\"", True), ("Wait…", True),
    ("南沙：", False), ("Hetao Shenzhen-Hong Kong", False), ("talks with the U.S.", False), ("J.", False),
    ("国务院印发", False),
])
def test_ends_sentence(text, ends):
    assert ends_sentence(text) is ends


def test_lint_takes_each_sides_language_from_its_tag_else_from_its_file():
    import polars as pl

    from termkit.lint.context import side_languages

    df = pl.DataFrame({
        "file": ["a.csv", "a.csv", "b.csv"], "src_lang": ["", "", "zh-Hant-HK"],
        "src_text": ["Die Kommission hat den Plan nicht für das Jahr beschlossen.", "Der Plan ist da.", "香港"],
    })
    assert side_languages(df, "src").to_list() == ["de", "de", "zh"]


@pytest.mark.parametrize("text, marks", [
    ("他说：“这只是第一步。", 1), ("“好。”", 2), ("「是。」『對』", 4),
    ("'Why, he's just another scavenger!' thought Trinket.", 2),  # he's: an apostrophe
    ("« Salut , mon vieux ! l' homme d' ici", 1),  # elided l' and d' (tokenised text): not quotes
    ("„Ja“, sagte er, »gut«.", 4), ('He said "no."', 2), ("the players' ball", 0), ("don’t", 0),
    ("‘Laurel!", 1), ("No quotes here.", 0),
])
def test_quote_marks_counts_quotation_marks_not_apostrophes(text: str, marks: int) -> None:
    assert quote_marks(text) == marks
