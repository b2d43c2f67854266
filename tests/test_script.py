"""Language and script detection, and OpenCC conversion between the Chinese scripts."""

from __future__ import annotations

from conftest import ROOT

from termkit.script import (
    clearly_not_in,
    detect_language,
    detect_script,
    foreign_chars,
    script_variants,
    to_simplified,
    to_traditional,
)


def test_detects_the_bundled_articles():
    expected = {"000": "zh-Hans", "001": "zh-Hans", "002": "zh-Hant", "003": "zh-Hans", "004": "en"}
    for path in (ROOT / "sources").glob("0*.txt"):
        assert detect_script(path.read_text(encoding="utf-8")) == expected[path.name[:3]], path.name


def test_language_of_mixed_text():
    assert detect_language("深圳园区 Shenzhen Park 发展规划") == "zh"
    assert detect_language("The Hetao zone (河套) covers 3.89 km².") == "en"
    assert detect_script("12345 !!!") == "en"


def test_conversion_round_trip():
    assert to_simplified("香港特別行政區政府") == "香港特别行政区政府"
    assert to_traditional("香港特别行政区政府", "hk") == "香港特別行政區政府"
    assert {"河套深港科技創新合作區", "河套深港科技创新合作区"} <= script_variants("河套深港科技创新合作区")


def test_latin_languages_by_their_function_words() -> None:
    assert detect_language("Der Gletscher ist in diesem Jahr nicht so weit zurückgegangen wie in den Jahren davor, "
                           "und die Hütte war auch im Winter offen.") == "de"
    assert detect_language("Le glacier n'a pas reculé cette année autant que les années précédentes, et la cabane "
                           "est restée ouverte pendant tout l'hiver avec des gardiens.") == "fr"
    assert detect_language("The glacier did not retreat as far this year as it had in the years before, and the "
                           "hut was open in the winter.") == "en"
    assert detect_language("Hetao Shenzhen-Hong Kong Science Park") == "en"  # too few words to tell: the default


def test_japanese_and_korean_are_not_chinese() -> None:
    assert detect_language("今日は東京で会議があります。明日は大阪に行きます。") == "ja"
    assert detect_language("오늘 서울에서 회의가 있습니다.") == "ko"


def test_clearly_not_in_refuses_only_confident_mismatches() -> None:
    german = "Der Gletscher ist in diesem Jahr nicht so weit zurückgegangen wie in den Jahren davor, und die Hütte war."
    assert clearly_not_in(german, "en") and not clearly_not_in(german, "de")
    assert clearly_not_in("深圳园区发展规划", "en") and clearly_not_in("Shenzhen Park plan", "zh")
    assert not clearly_not_in("Hetao Shenzhen-Hong Kong Science Park", "fr")  # a name list: no evidence either way


def test_foreign_chars_counts_only_characters_that_differ_between_the_scripts() -> None:
    assert foreign_chars("深圳園區发展", "zh-Hans") == "園 區"
    assert foreign_chars("深圳園區发展", "zh-Hant") == "发"
    assert foreign_chars("河套 5G A股 3.89", "zh-Hans") == "" and foreign_chars("河套 5G A股", "zh-Hant") == ""
    assert foreign_chars("台灣着數", "zh-Hant") == ""  # Hong Kong writes 台 and 着 as the mainland does
    assert foreign_chars("几", "zh-Hant") == "几"  # alone, 几 reads as the Simplified of 幾
    assert foreign_chars("岩漿岩", "zh-Hant") == ""  # beside 漿, 岩 is Traditional's own rock
