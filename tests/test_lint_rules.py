"""Each lint rule on small tables, and what the engine does with severities and ignores."""

from __future__ import annotations

import polars as pl
import pytest
from conftest import TEST_GLOSSARY

from termkit.errors import TermkitError
from termkit.lint import RULES, LintConfig, load_config, run_lint
from termkit.lint.rules.numbers import token_values
from termkit.tables import ALIGNMENTS, FINDINGS
from termkit.terms import load_glossary

GLOSSARY_CONCEPTS = load_glossary(TEST_GLOSSARY)


def units(*pairs: tuple, mode: str = "parallel", src_lang: str = "zh-Hans", tgt_lang: str = "en") -> pl.DataFrame:
    rows = []
    for i, p in enumerate(pairs):
        src, tgt = p[0], p[1]
        rows.append({"tuid": f"u{i}", "src_doc": "a", "tgt_doc": "b", "src_ids": [i], "tgt_ids": [i],
                     "src_lang": p[2] if len(p) > 2 else src_lang, "tgt_lang": p[3] if len(p) > 3 else tgt_lang,
                     "src_text": src, "tgt_text": tgt, "score": 1.0, "mode": mode})
    return pl.DataFrame(rows, schema=ALIGNMENTS)


def only(findings: pl.DataFrame, rule: str) -> list[dict]:
    return findings.filter(pl.col("rule") == rule).to_dicts()


def test_rules_are_registered_in_the_issue_order_with_help():
    assert list(RULES) == ["term-missing", "term-deprecated", "term-inconsistent", "segment-inconsistent",
                           "target-inconsistent", "number-mismatch", "script-mix", "untranslated", "same-as-source",
                           "tags", "urls-emails", "brackets-quotes", "whitespace", "repeated-word", "end-punctuation",
                           "width", "length", "custom"]
    assert all("Example" in r.help and r.summary for r in RULES.values())


def test_term_missing_and_its_fix():
    f = run_lint(units(("陈国基出席发布会。", "The Chief Secretary attended."),
                       ("陈国基出席发布会。", "Eric Chan Kwok-ki attended the press conference.")), GLOSSARY_CONCEPTS)
    got = only(f, "term-missing")
    assert [(g["tuid"], g["fix"], g["severity"]) for g in got] == [("u0", "Eric Chan Kwok-ki", "error")]
    assert "accepted: “Eric Chan Kwok-ki”, “Eric Chan”" in got[0]["message"]
    assert f.schema == pl.Schema(FINDINGS)


def test_an_admitted_rendering_or_one_inside_a_longer_name_is_not_missing():
    f = run_lint(units(("河套深港科技创新合作区", "the Hetao Shenzhen-Hong Kong Science and Technology Innovation "
                                                 "Co-operation Zone"),
                       ("深圳园区建设《河套深港科技创新合作区深圳园区发展规划》", "the Development Plan for the Shenzhen Park "
                        "of the Hetao Shenzhen-Hong Kong Science and Technology Innovation Cooperation Zone")), GLOSSARY_CONCEPTS)
    assert only(f, "term-missing") == []


def test_term_deprecated_in_traditional_source_and_reverse_direction():
    f = run_lint(units(("香港特區政府政務司司長陳國基表示，「一區兩園」", 'Chen Guoji said "one district, two parks"',
                        "zh-Hant", "en")), GLOSSARY_CONCEPTS)
    got = {(g["term"], g["fix"]) for g in only(f, "term-deprecated")}
    assert got == {("Chen Guoji", "Eric Chan Kwok-ki"), ("one district, two parks", "one zone, two parks")}
    # en → zh: the English source has the concept, the Traditional target lacks it; fix in Traditional script
    f = run_lint(units(("the Northern Metropolis", "北部地區", "en", "zh-Hant")), GLOSSARY_CONCEPTS)
    assert [g["fix"] for g in only(f, "term-missing")] == ["北部都會區"]


def test_term_inconsistent_counts_variants():
    f = run_lint(units(("陈国基说", "Eric Chan Kwok-ki said"), ("陈国基说", "Eric Chan Kwok-ki says"),
                       ("陈国基到", "Chen Guoji came")), GLOSSARY_CONCEPTS)
    got = only(f, "term-inconsistent")
    assert len(got) == 1 and got[0]["tuid"] == "u2"
    assert "“Eric Chan Kwok-ki” ×2, “Chen Guoji” ×1" in got[0]["message"]


def test_segment_and_target_inconsistent_graded_by_chrf():
    f = run_lint(units(("会议开始。", "The meeting began."), ("會議開始", "The meeting began.", "zh-HK", "en"),
                       ("会议开始。", "Then the meeting began."), ("会议开始。", "Everyone sat down at nine."),
                       ("会议结束。", "The meeting began.")), GLOSSARY_CONCEPTS)
    got = {(g["tuid"], g["fix"], g["severity"]) for g in only(f, "segment-inconsistent")}
    assert got == {("u2", "The meeting began.", "note"), ("u3", "The meeting began.", "warning")}
    assert "chrF" in only(f, "segment-inconsistent")[0]["message"]
    assert [(g["tuid"], g["fix"]) for g in only(f, "target-inconsistent")] == [("u4", "会议开始。")]
    # one source, one way (Simplified and Traditional are the same source): nothing to say
    f = run_lint(units(("会议开始。", "The meeting began."), ("會議開始。", "The meeting began.", "zh-Hant", "en")),
                 GLOSSARY_CONCEPTS)
    assert only(f, "segment-inconsistent") == only(f, "target-inconsistent") == []


def test_a_tie_between_two_targets_is_reported_without_a_fix():
    # one "began", one "begun": nothing says which is right, so a fix could spread the slip
    f = run_lint(units(("会议开始。", "The meeting began."), ("会议开始。", "The meeting begun.")), GLOSSARY_CONCEPTS)
    got = only(f, "segment-inconsistent")
    assert [(g["tuid"], g["fix"]) for g in got] == [("u1", None)]
    assert "no target is more common than another, so no fix" in got[0]["message"]
    assert "most common" not in got[0]["message"]


@pytest.mark.parametrize("src, tgt, flagged", [
    ("约3.89平方公里", "about 3.89 square kilometres", set()),
    ("约3.89平方公里", "about 3.98 square kilometres", {"3.89", "3.98"}),
    ("到2025年", "by 2025", set()),
    ("2023年9月5日", "on September 5, 2023", set()),
    ("五个以上", "more than five", set()),
    ("五个以上", "more than 6", {"5", "6"}),
    ("累计建成150万平方米", "1.5 million square metres", set()),
    ("百分之三十", "30 per cent", set()),
    ("一国两制", "one country, two systems", set()),
    ("共1,000项", "1000 items", set()),
])
def test_number_mismatch(src, tgt, flagged):
    f = only(run_lint(units((src, tgt)), GLOSSARY_CONCEPTS), "number-mismatch")
    assert {v for g in f for v in g["term"].split(", ")} == flagged


def test_token_values():
    assert token_values("第四") == ["4"] and token_values("1,000萬") == ["10000000"] and token_values("km") == []
    assert token_values("百分之三十") == ["30"] and token_values("壹仟贰佰元") == ["1200"]
    assert token_values("ten and twenty") == ["10", "20"] and token_values("September") == ["9"]


@pytest.mark.parametrize(("src", "tgt", "flagged"), [
    ("二十五个国家", "twenty-five countries", set()),  # read as one number, not 20 and 5
    ("一百零五人", "one hundred and five people", set()),
    ("人民币壹仟贰佰元", "RMB 1,200", set()),  # financial numerals
    ("一千零十人", "1010 people", set()),  # 零 holds a place: 1010, not 1000
    ("两千人", "two thousand people", set()),
    ("三千人", "two thousand people", {"3000"}),
])
def test_number_mismatch_reads_words_and_financial_numerals(src, tgt, flagged):
    f = only(run_lint(units((src, tgt)), GLOSSARY_CONCEPTS), "number-mismatch")
    assert {v for g in f for v in g["term"].split(", ")} == flagged


def test_script_mix_in_declared_and_undeclared_documents():
    f = run_lint(units(("推动一區两园", "x"), ("香港園區和深圳园區", "y", "zh-Hant", "en")), GLOSSARY_CONCEPTS)
    got = [(g["tuid"], g["term"]) for g in only(f, "script-mix")]
    assert got == [("u0", "區"), ("u1", "园")]
    # no tag: judged against the document's majority script; HK usage shared with the mainland (着) passes
    f = run_lint(units(("香港園區發展着力", "x", "zh", "en"), ("深圳園區的發展", "y", "zh", "en")), GLOSSARY_CONCEPTS)
    assert only(f, "script-mix") == []


def test_script_mix_reads_traditional_one_to_many_characters_in_context():
    # 里 (neighbourhood) and 涂 (a surname) are Traditional too: OpenCC keeps them from the Simplified phrase
    f = run_lint(units(("鄰里關係", "x", "zh-Hant", "en"), ("涂爾幹的理論", "y", "zh-Hant", "en"),
                       ("邻里關係", "z", "zh-Hant", "en")), GLOSSARY_CONCEPTS)
    assert [(g["tuid"], g["term"], g["fix"]) for g in only(f, "script-mix")] == [("u2", "邻", "鄰里關係")]


def test_comparable_beads_cap_translation_rules_at_note():
    f = run_lint(units(("陈国基出席。", "Someone else spoke in 2024."), mode="comparable"), GLOSSARY_CONCEPTS)
    assert {g["severity"] for g in f.to_dicts() if g["rule"] in ("term-missing", "number-mismatch")} == {"note"}
    f = run_lint(units(("陈国基出席。", "Someone else spoke in 2024."), mode="comparable"), GLOSSARY_CONCEPTS,
                 LintConfig(comparable="off"))
    assert f.height == 0


def test_inline_markers_column_and_config_ignores():
    pairs = (("陈国基出席。", "He attended. termkit-ignore"),
             ("陈国基出席。", "He attended. termkit-ignore: number-mismatch"),
             ("陈国基出席。", "He attended."))
    df = units(*pairs).with_columns(pl.Series("lint_ignore", ["", "", "term-missing"]))
    assert [(g["tuid"], g["rule"]) for g in run_lint(df, GLOSSARY_CONCEPTS).to_dicts()] == [("u1", "term-missing")]
    cfg = LintConfig(ignore_terms=frozenset({"eric-chan"}))
    assert run_lint(units(pairs[2]), GLOSSARY_CONCEPTS, cfg).height == 0
    cfg = LintConfig(severity={"term-missing": "warning"})
    assert run_lint(units(pairs[2]), GLOSSARY_CONCEPTS, cfg)["severity"].to_list() == ["warning"]


def test_config_files(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.termkit.lint]\nfail-on = "warning"\ndisable = ["script-mix"]\n'
                                             '[tool.termkit.lint.severity]\nterm-missing = "note"\n')
    cfg = load_config(start=tmp_path)
    assert cfg.fail_on == "warning" and cfg.level("script-mix") == "off" and cfg.level("term-missing") == "note"
    (tmp_path / "termkit.toml").write_text('[lint]\nseverity = { "term-mising" = "error" }\n')
    with pytest.raises(TermkitError, match="unknown rule"):
        load_config(start=tmp_path)
    (tmp_path / "termkit.toml").write_text('[lint]\nfail_on = "error"\n')
    with pytest.raises(TermkitError, match="unknown lint setting"):
        load_config(tmp_path / "termkit.toml")
    assert load_config(start=tmp_path / "nowhere") == LintConfig()
