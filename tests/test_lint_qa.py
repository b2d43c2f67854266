"""The QA checks of issue 14, one positive and one negative case each, in both Chinese scripts where they apply."""

from __future__ import annotations

import re

import polars as pl
import pytest
from test_lint_rules import only, units

from termkit.errors import TermkitError
from termkit.lint import LintConfig, run_lint
from termkit.lint.config import parse_config
from termkit.tables import CONCEPTS, empty

NO_GLOSSARY = empty(CONCEPTS)
SCRIPTS = pytest.mark.parametrize("zh", ["zh-Hans", "zh-HK"])


def hits(rule: str, *pairs: tuple, config: LintConfig | None = None, **kw) -> list[dict]:
    return only(run_lint(units(*pairs, **kw), NO_GLOSSARY, config), rule)


@SCRIPTS
def test_untranslated(zh):
    got = hits("untranslated", ("会议开始。", "", zh, "en"), ("會議開始。", " … ", zh, "en"), ("Go.", "", "en", zh))
    assert [(g["tuid"], g["message"]) for g in got] == [
        ("u0", "the target is empty"), ("u1", "the target has only spaces and punctuation"),
        ("u2", "the target is empty")]
    assert hits("untranslated", ("会议开始。", "It began.", zh, "en"), ("……", "", zh, "en")) == []


@SCRIPTS
def test_same_as_source(zh):
    assert [g["tuid"] for g in hits("same-as-source", ("会议开始。", "会议开始。", zh, "en"),
                                    ("The meeting began.", "the  meeting began.", "en", zh))] == ["u0", "u1"]
    keep = [("Hong Kong", "Hong Kong", "en", zh), ("iPhone", "iPhone", "en", zh), ("ABC-123", "ABC-123", zh, "en"),
            ("www.gov.hk", "www.gov.hk", zh, "en"), ("會議開始", "會議開始", zh, "zh-Hant")]
    assert hits("same-as-source", *keep) == []


@SCRIPTS
def test_tags(zh):
    got = hits("tags", ("点击<b>保存</b>{0}", "Click Save {0}", zh, "en"),
               ("剩余%d项", "%s items left, {n}", zh, "en"))
    assert [(g["tuid"], g["term"]) for g in got] == [("u0", "</b> <b>"), ("u1", "%d %s {n}")]
    assert "source has </b> <b> that the target lacks" in got[0]["message"]
    assert hits("tags", ("点击<b>保存</b>{0}", '{0}: <b class="x">Save</b>, click', zh, "en"),
                ("《红楼梦》", "Dream of the Red Chamber", zh, "en")) == []


@SCRIPTS
def test_urls_emails(zh):
    got = hits("urls-emails", ("详见 www.gov.hk。", "See www.gov.cn.", zh, "en"),
               ("电邮 info@hetao.hk 查询", "Write to us.", zh, "en"))
    assert [(g["tuid"], g["term"]) for g in got] == [("u0", "www.gov.hk"), ("u1", "info@hetao.hk")]
    assert "(the target has www.gov.cn)" in got[0]["message"]
    assert hits("urls-emails", ("详见https://www.gov.hk/tc/。", "See https://WWW.gov.hk/tc/.", zh, "en"),
                ("请电邮至info@hetao.hk查询", "E-mail info@hetao.hk.", zh, "en"),
                ("See www.gov.hk.", "详见www.gov.hk。", "en", zh)) == []


@SCRIPTS
def test_brackets_quotes(zh):
    got = hits("brackets-quotes", ("他说：「走吧。」", 'He said: "Let\'s go.', zh, "en"),
               ("He said (quietly).", "他（轻声说。", "en", zh), ("“Go,” he said.", "「走吧，」他說。」", "en", zh))
    assert [(g["tuid"], g["term"]) for g in got] == [("u0", '" ×1'), ("u1", "（ ×1, ） ×0"), ("u2", "「 ×1, 」 ×2")]
    # a quotation that spans units (unpaired in the source too) and apostrophes pass
    assert hits("brackets-quotes", ("他说：「走吧。", "He said: “Let’s go.", zh, "en"),
                ("He said (quietly).", "他（輕聲）說：‘走。’", "en", zh), ("好。", "Don’t.", zh, "en")) == []


def test_whitespace():
    got = hits("whitespace", ("会议开始。", "The  meeting began. "), ("會議開始。", " The meeting began.", "zh-HK", "en"))
    assert [(g["tuid"], g["fix"], g["severity"]) for g in got] == [
        ("u0", "The meeting began.", "note"), ("u1", "The meeting began.", "note")]
    assert "double spaces; trailing whitespace" in got[0]["message"]
    assert hits("whitespace", ("\u3000\u3000会议开始。", "The meeting began."), (" 会议 ", " The meeting ")) == []


@SCRIPTS
def test_repeated_word(zh):
    got = hits("repeated-word", ("会议开始了。", "The the meeting began to to end.", zh, "en"))
    assert [(g["term"], g["fix"]) for g in got] == [("The, to", "The meeting began to end.")]
    # grammar, dialogue, names, a Chinese reduplication rendered, and Chinese targets are not checked
    assert hits("repeated-word", ("他已经吃过了。", "He had had lunch. No, no. No no.", zh, "en"),
                ("珍珍来了。", "Zhen Zhen came, came.", zh, "en"), ("Go go.", "看看看看。", "en", zh),
                ("他去了波拉波拉。", "He went to Bora Bora.", zh, "en")) == []


@SCRIPTS
def test_end_punctuation(zh):
    got = hits("end-punctuation", ("你去吗？", "You are going.", zh, "en"), ("会议开始。", "The meeting", zh, "en"),
               ("Are you going?", "你去。", "en", zh), ("快走！", "Go", zh, "en"), ("岂可不到？", "He had to go.", zh, "en"))
    assert [(g["tuid"], g["fix"], g["severity"]) for g in got] == [
        ("u0", "You are going?", "warning"), ("u1", "The meeting.", "warning"), ("u2", "你去？", "warning"),
        ("u3", "Go!", "note"), ("u4", "He had to go?", "note")]
    assert hits("end-punctuation", ("他问：“你去吗？”", '"Are you going?" he asked.', zh, "en"),
                ("会议开始。", "The meeting began.”", zh, "en"), ("Go.", "走吧。", "en", zh),
                ("他说：“再打一会试试。”", "'Come on then: let's see—'", zh, "en")) == []


@SCRIPTS
def test_width(zh):
    got = hits("width", ("2025年", "in ２０２５，the year", zh, "en"), ("Today, we go.", "今天,我们走.", "en", zh),
               ("好吗？", "OK？「yes」", zh, "en"))
    assert [(g["tuid"], g["term"], g["fix"]) for g in got] == [
        ("u0", "２０２５，", "in 2025, the year"), ("u1", ", .", "今天，我们走。"), ("u2", "？「 」", "OK? “yes”")]
    assert hits("width", ("约3.89平方公里", "about 3.89 km², 1,000 m", zh, "en"),
                ("Today, at 10:30.", "今天，10:30，共1,000人。", "en", zh)) == []


def test_length_uses_the_band_fitted_on_the_file_set():
    pair = ("香港特区政府会继续积极跟深圳合作，推动河套深港科技创新合作区发展。",
            "The Hong Kong SAR Government will continue to work closely with Shenzhen on the Hetao zone.")
    pairs = [pair] * 40 + [(pair[0], "He left, then came back again."), (pair[0], pair[1] * 4),
                           (pair[0].replace("发展", "發展"), pair[1] + " It said so.", "zh-HK", "en")]
    got = hits("length", *pairs)
    assert [(g["tuid"], g["message"].split(":")[0]) for g in got] == [
        ("u40", "the target is much shorter than the source"), ("u41", "the target is much longer than the source")]
    # a small file set uses the zh→en prior; a short unit is never judged
    assert [g["tuid"] for g in hits("length", (pair[0], "No.", "zh-HK", "en"), ("好。", "Very well, then."))] == ["u0"]


def config(text: str) -> LintConfig:
    import tomllib
    from pathlib import Path

    return parse_config(tomllib.loads(text)["lint"], Path("termkit.toml"))


def test_custom_checks_with_back_references():
    cfg = config("""[lint]
[[lint.custom]]
name = "model-number"
source = '型号\\s*(?P<m>[A-Z0-9]+)'
target = 'model \\g<m>'
message = "the model number is not carried over"
severity = "error"
[[lint.custom]]
target = '(?i)\\bplease kindly\\b'
message = "wordy"
""")
    got = hits("custom", ("型号X5的价格", "The price of model X6"), ("型号X5的价格", "the price of model X5"),
               ("请", "Please kindly go."), config=cfg)
    assert [(g["tuid"], g["term"], g["message"], g["severity"]) for g in got] == [
        ("u0", "model-number", "the model number is not carried over", "error"),
        ("u2", "custom-2", "wordy", "warning")]
    assert hits("custom", ("型号X5的价格", "model X6"), config=LintConfig()) == []
    cfg = LintConfig(severity={"custom": "note"}, custom=cfg.custom)
    assert [g["severity"] for g in hits("custom", ("型号X5", "model X6"), ("请", "please kindly"), config=cfg)] == [
        "error", "note"]
    cfg = LintConfig(severity={"custom": "off"}, custom=cfg.custom)
    assert hits("custom", ("型号X5的价格", "model X6"), config=cfg) == []


@pytest.mark.parametrize("table, error", [
    ("[[lint.custom]]\ntarget = '('", "custom check custom-1: target: bad regular expression"),
    ("[[lint.custom]]\nsource = 'a'\ntarget = 'b \\2'", "refers to group 2, which the source pattern does not have"),
    ("[[lint.custom]]\nname = 'x'\ntarget = 'b'\nseverity = 'loud'", "severity of custom check x must be one of"),
    ("[[lint.custom]]\ntarget = 'b'\nwhen = 'never'", "unknown key(s) ['when']"),
    ("custom = 'a'", "custom must be a list of tables"),
])
def test_custom_check_errors_name_the_file(table, error):
    with pytest.raises(TermkitError, match=re.escape(error)) as exc:
        config("[lint]\n" + table)
    assert "termkit.toml" in str(exc.value)


def test_new_rules_are_re_levelled_switched_off_and_silenced_inline():
    pairs = (("你去吗？", "You are going."), ("你去吗？", "You are going. termkit-ignore: end-punctuation"))
    assert [g["tuid"] for g in hits("end-punctuation", *pairs)] == ["u0"]
    cfg = config('[lint]\ndisable = ["end-punctuation"]\n[lint.severity]\nwidth = "error"\n')
    f = run_lint(units(("你去吗？", "You are going？")), NO_GLOSSARY, cfg)
    assert f.select("rule", "severity").rows() == [("width", "error")]
    assert run_lint(units(("你去吗？", "You are going？ termkit-ignore")), NO_GLOSSARY).height == 0
    # comparable beads cap the translation-only checks at a note
    assert {g["severity"] for g in hits("end-punctuation", pairs[0], mode="comparable")} == {"note"}
    assert pl.Series(hits("end-punctuation", pairs[0])).len() == 1
