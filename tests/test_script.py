"""Language and script detection, and OpenCC conversion between the Chinese scripts."""

from __future__ import annotations

from conftest import ROOT

from termkit.script import detect_language, detect_script, script_variants, to_simplified, to_traditional


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
