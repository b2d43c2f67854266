"""The CC-CEDICT judge of candidate pairs."""

from __future__ import annotations

import pytest

from termkit.terms.judge import judge


@pytest.mark.parametrize(("zh", "en", "verdict"), [
    ("圣灵", "Holy Spirit", "agrees"),
    ("祭司", "priests", "agrees"),  # lemmatised
    ("埃及王", "king of Egypt", "agrees"),  # read part by part
    ("波动", "fluctuation", "agrees"),  # stems meet
    ("眼镜", "glasses", "agrees"),  # the head of a gloss compound (eyeglasses)
    ("聖靈", "Holy Spirit", "agrees"),  # Traditional looks up too
    ("祭司", "king", "differs"),
    ("温泉", "thermal springs", "partial"),
    ("陈清扬", "Chen Qingyang", "pinyin"),
    ("宝玉", "Bao-yu", "pinyin"),  # a name first, though 宝玉 is also "precious jade"
    ("罗小四", "Luo", "unknown"),  # single characters are not read one by one
])
def test_verdicts(zh, en, verdict):
    assert judge(zh, en) == verdict
