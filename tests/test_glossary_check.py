"""`termkit glossary lint` checks: each problem found with file and line; the shipped glossary is clean."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TEST_GLOSSARY

from termkit.errors import TermkitError
from termkit.terms.check import check_glossary, load_checked_glossary

HEADER = "concept_id\tsource\tlang\tscript\tterm\tstatus\n"


def rules_of(tmp_path: Path, body: str, extra: dict[str, str] | None = None) -> list[tuple[str, int | None, str]]:
    (tmp_path / "a.tsv").write_text(HEADER + body, encoding="utf-8")
    for name, text in (extra or {}).items():
        (tmp_path / name).write_text(HEADER + text, encoding="utf-8")
    f = check_glossary(tmp_path)
    return [(r["rule"], r["line"], r["severity"]) for r in f.iter_rows(named=True)]


def test_shipped_glossary_has_no_errors():
    f = check_glossary(TEST_GLOSSARY)
    assert f.filter(f["severity"] == "error").height == 0, f.to_dicts()


def test_clean_concept_passes(tmp_path):
    assert rules_of(tmp_path, "c\tsrc\tzh\t\t深圳河\tpreferred\nc\t\ten\t\tShenzhen River\tpreferred\n") == []


def test_each_problem_is_reported_at_its_line(tmp_path):
    body = ("c1\tsrc\tzh\t\t深圳河\tpreferred\n"        # 2
            "c1\t\ten\t\tShenzhen River\tpreferred\n"   # 3
            "c1\t\ten\t\tShenzhen  river\tadmitted\n"   # 4 duplicate term (same words)
            "c2\tsrc\tzh\t\t一区两园\tpreferred\n"      # 5
            "c2\t\ten\t\tShenzhen River\tdeprecated\n"  # 6 preferred in c1, deprecated here
            "c3\tsrc\ten\t\tlonely\tpreferred\n"        # 7 no zh term
            "c4\t\tzh\t\t里面\tpreferred\n"             # 8 no source anywhere in c4
            "c4\t\tzh\tzh-Hant\t入面\tpreferred\n"      # 9 disagrees with OpenCC
            "c4\t\ten\t\tinside\tadmitted\n"            # 10 no preferred en
            "c1\t\ten\t\tagain\tadmitted\n"             # 11 c1 again after other concepts
            "c5\tsrc\ten\n")                            # 12 malformed
    got = rules_of(tmp_path, body)
    assert ("glossary-duplicate-term", 4, "error") in got
    assert ("glossary-status-conflict", 6, "error") in got
    assert ("glossary-missing-language", 7, "error") in got
    assert ("glossary-no-source", 8, "warning") in got
    assert ("glossary-script-mismatch", 9, "warning") in got
    assert ("glossary-no-preferred", 8, "warning") in got
    assert ("glossary-duplicate-concept", 11, "error") in got
    assert ("glossary-malformed", 12, "error") in got


def test_concept_split_across_files_is_a_duplicate(tmp_path):
    got = rules_of(tmp_path, "c\tsrc\tzh\t\t深圳河\tpreferred\nc\t\ten\t\tShenzhen River\tpreferred\n",
                   {"b.tsv": "c\tsrc\ten\t\tRiver Shenzhen\tadmitted\n"})
    assert [r for r in got if r[0] == "glossary-duplicate-concept"] == [("glossary-duplicate-concept", 2, "error")]


WRONG_SCRIPT = "glossary-wrong-variant", "glossary-wrong-language"
CHECK_HEADER = "concept_id\tsource\tlang\tscript\tterm\tstatus\tterm_type\n"


def script_findings(tmp_path: Path, rows: list[str]) -> list[dict]:
    """Findings of the two script rules for rows (lang, script, term[, term_type]) of one concept."""
    body = "".join(f"c\tsrc\t{r}\tpreferred\t\n" if r.count("\t") == 2 else f"c\tsrc\t{r}\n" for r in rows)
    (tmp_path / "g.tsv").write_text(CHECK_HEADER + body, encoding="utf-8")
    f = check_glossary(tmp_path / "g.tsv")
    assert "glossary-malformed" not in f["rule"].to_list(), f.to_dicts()  # every row was checked
    return [r for r in f.iter_rows(named=True) if r["rule"] in WRONG_SCRIPT]


def test_traditional_term_tagged_simplified_is_an_error_with_the_simplified_fix(tmp_path):
    for lang, script in (("zh-Hans", ""), ("zh", "zh-Hans"), ("zh-CN", "")):
        [f] = script_findings(tmp_path, [f"{lang}\t{script}\t深圳園區", "en\t\tShenzhen Park"])
        assert (f["rule"], f["severity"], f["line"], f["term"], f["fix"]) == (
            "glossary-wrong-variant", "error", 2, "深圳園區", "深圳园区")
        assert "tagged zh-Hans but written in Traditional script" in f["message"] and "Simplified: 深圳园区" in f["message"]


def test_simplified_term_tagged_traditional_is_an_error_with_the_traditional_fix(tmp_path):
    for lang, script in (("zh-Hant", ""), ("zh-HK", ""), ("zh-TW", ""), ("zh", "zh-Hant")):
        [f] = script_findings(tmp_path, [f"{lang}\t{script}\t深圳园区", "en\t\tShenzhen Park"])
        assert (f["rule"], f["severity"], f["fix"]) == ("glossary-wrong-variant", "error", "深圳園區")
        assert "tagged zh-Hant but written in Simplified script (园 区)" in f["message"]


def test_term_mixing_both_scripts_is_an_error(tmp_path):
    [f] = script_findings(tmp_path, ["zh\t\t深圳園区", "en\t\tShenzhen Park"])
    assert f["rule"] == "glossary-wrong-variant" and f["fix"] == "深圳园区"
    assert "mixes Traditional (園) and Simplified (区) characters" in f["message"]
    [f] = script_findings(tmp_path, ["zh-Hans\t\t深圳園区", "en\t\tShenzhen Park"])
    assert f["message"] == "'深圳園区' is tagged zh-Hans but mixes Traditional (園) and Simplified (区) characters; " \
                           "Simplified: 深圳园区"


def test_chinese_under_en_and_latin_under_zh_are_wrong_language(tmp_path):
    got = script_findings(tmp_path, ["zh\t\t一区两园", "en\t\t一区两园", "en\t\tHetao 河套 zone",
                                     "zh\t\tShenzhen Park", "zh-Hans\t\tone zone, two parks"])
    assert [(f["rule"], f["line"], f["severity"]) for f in got] == [("glossary-wrong-language", n, "error")
                                                                    for n in (3, 4, 5, 6)]
    assert "'一区两园' is tagged en but written in Chinese characters" in got[0]["message"]
    assert "'Shenzhen Park' is tagged zh but has no Chinese characters" in got[2]["message"]
    assert "tagged zh-Hans" in got[3]["message"]


def test_ordinary_terms_are_not_wrong_script(tmp_path):
    rows = ["zh\t\t5G网络", "zh\t\tA股", "zh\t\t一区两园 (2023)", "zh\t\t一区两园（试点）", "zh\t\tGDP\tadmitted\tabbreviation",
            "zh\t\t2035", "zh\t\t一區兩園", "zh-Hans\t\t一区两园", "zh-Hant\t\t一區兩園", "zh-HK\t\t台灣",
            "zh-HK\t\t着數", "zh-TW\t\t岩漿岩", "zh-Hant\t\t茶几", "zh-Hans\t\t干涉", "en\t\tShenzhen Park",
            "en\t\tHetao, 3.89 km²", "en\t\tGDP\tadmitted\tabbreviation"]
    assert script_findings(tmp_path, rows) == []


def test_a_wrong_variant_row_is_not_also_a_script_mismatch(tmp_path):
    (tmp_path / "g.tsv").write_text(CHECK_HEADER + "c\tsrc\tzh\t\t深圳园区\tpreferred\t\n"
                                    "c\t\tzh-Hant\t\t深圳园区的\tadmitted\t\nc\t\ten\t\tShenzhen Park\tpreferred\t\n",
                                    encoding="utf-8")
    assert [r["rule"] for r in check_glossary(tmp_path / "g.tsv").iter_rows(named=True)] == ["glossary-wrong-variant"]


def test_load_checked_glossary_refuses_what_glossary_lint_reports_as_error(tmp_path):
    (tmp_path / "a.tsv").write_text(HEADER + "c\tsrc\tzh\t\t深圳河\tpreferred\nc\t\ten\t\tShenzhen River\tpreferred\n"
                                    "d\tsrc\tzh\t\t前海\tpreferred\nd\t\ten\t\tQianhai\tpreferred\n"
                                    "c\tsrc\tzh\t\t深港\tpreferred\nc\t\ten\t\tShenzhen-Hong Kong\tpreferred\n",
                                    encoding="utf-8")
    [finding] = check_glossary(tmp_path).to_dicts()
    with pytest.raises(TermkitError) as err:
        load_checked_glossary(tmp_path)
    assert str(err.value) == f"{finding['file']}:{finding['line']}: {finding['message']} [{finding['rule']}]"


def test_load_checked_glossary_takes_a_glossary_with_warnings_only(tmp_path):
    (tmp_path / "a.tsv").write_text(HEADER + "c\t\tzh\t\t深圳河\tpreferred\nc\t\ten\t\tShenzhen River\tpreferred\n",
                                    encoding="utf-8")
    assert check_glossary(tmp_path)["rule"].to_list() == ["glossary-no-source"]
    assert load_checked_glossary(tmp_path)["concept_id"].to_list() == ["c", "c"]


def test_a_chinese_term_in_two_concepts_is_a_warning_once_per_concept(tmp_path):
    got = rules_of(tmp_path, "c\tsrc\tzh\t\t深圳河\tpreferred\nc\t\ten\t\tShenzhen River\tpreferred\n",
                   {"b.tsv": "d\tsrc\tzh\t\t深圳河\tpreferred\nd\tsrc\tzh\tzh-Hant\t深圳河\tadmitted\n"
                             "d\t\ten\t\tSham Chun River\tpreferred\ne\tsrc\tzh\t\t深圳河\tdeprecated\n"
                             "e\t\ten\t\tShenzhen Creek\tpreferred\n"})
    assert [r for r in got if r[0] == "glossary-shared-term"] == [("glossary-shared-term", 2, "warning")]
    # (e's deprecated 深圳河 is a status conflict, not a shared term); one term in two scripts, one concept: nothing
    (tmp_path / "one").mkdir()
    assert rules_of(tmp_path / "one", "c\tsrc\tzh\t\t一区两园\tpreferred\nc\tsrc\tzh\tzh-Hant\t一區兩園\tpreferred\n"
                    "c\t\ten\t\tone zone, two parks\tpreferred\n") == []
