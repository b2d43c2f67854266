"""The CC-CEDICT judge of candidate pairs."""

from __future__ import annotations

import pytest

from termkit.terms.judge import american, judge, support


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
    ("邻舍", "neighbour", "agrees"),  # British spelling meets CC-CEDICT's American "neighbor"
    ("邻舍", "neighbours", "agrees"),
    ("中心", "centre", "agrees"),
    ("弟兄", "brethren", "agrees"),  # the Authorised Version's plural of brother
    ("博士", "Dr", "agrees"),  # the abbreviated title
    ("弟兄", "sisters", "differs"),
    ("博士", "Drs", "differs"),  # only the listed abbreviation, nothing that looks like it
    ("老老", "Grannie", "differs"),  # a pet name is not a spelling: no synonyms, no near-misses
    ("房间", "bedroom", "differs"),  # nor a word that merely contains a gloss word
])
def test_verdicts(zh, en, verdict):
    assert judge(zh, en) == verdict


@pytest.mark.parametrize(("british", "us"), [
    ("neighbour", "neighbor"), ("armour", "armor"), ("centre", "center"), ("organise", "organize"),
    ("organisation", "organization"), ("analyse", "analyze"), ("catalogue", "catalog"), ("defence", "defense"),
])
def test_british_spelling_becomes_american(british, us):
    assert american(british) == us


@pytest.mark.parametrize("word", ["tour", "four", "hour", "flour", "acre", "fence", "rogue", "here"])
def test_words_that_only_look_british_stay(word):
    assert american(word) == word  # tor, for, hor, flor, acer, fense, rog are other words or none


def test_support_is_the_share_of_english_words_the_dictionary_vouches_for():
    assert support("温泉", "thermal springs") == 0.5
    assert support("医院", "hospital") == 1.0
    assert support("陈清扬", "Chen Qingyang") == 1.0  # a name in Hanyu Pinyin
    assert support("韦小宝", "Trinket") == 0.0
    assert support("祭司", "king") == 0.0
