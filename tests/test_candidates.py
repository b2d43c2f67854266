"""Term candidates: Chinese n-grams of dictionary words, English n-grams, truecasing, C-value."""

from __future__ import annotations

from collections import Counter

from termkit.terms.candidates import Truecaser, c_values, collect, en_candidates, en_key, en_words, zh_candidates


def test_chinese_candidates_never_cross_punctuation_or_start_or_end_with_function_characters():
    keys, _ = zh_candidates("我们在河套合作区建设了科技园区，并且推进一区两园的发展。")
    assert "河套" in keys and "科技园区" in keys and "一区两园" in keys
    for k in keys:
        assert "，" not in k and "。" not in k
        assert k[0] not in "的了在和是等我" and k[-1] not in "的了在和是等"
        assert "的" not in k  # 的 joins a phrase, not a term's parts
    assert all(len(k) >= 2 for k in keys)


def test_chinese_candidates_fold_traditional_and_keep_the_written_form():
    keys, forms = zh_candidates("落實一區兩園。")
    assert "一区两园" in keys
    assert forms["一区两园"] == "一區兩園"


def test_numbers_and_latin_are_not_chinese_candidates():
    keys, _ = zh_candidates("2025年有40个项目")
    assert all(not any(c.isascii() for c in k) for k in keys)
    keys, _ = zh_candidates("三颗卫星和一区两园")
    assert "卫星" in keys and "一区两园" in keys
    assert not any(k.startswith(("三颗", "颗")) for k in keys)  # a quantity, not a term
    keys, _ = zh_candidates("二十两银子和两岸")
    assert "银子" in keys and "两岸" in keys
    assert not any(k.startswith(("二十", "两银")) for k in keys)


def test_verbs_neither_end_nor_sit_inside_a_chinese_term():
    keys, _ = zh_candidates("耶和华吩咐摩西")
    assert "耶和华" in keys and "摩西" in keys
    assert not any("吩咐" in k for k in keys)


def test_english_candidates_are_bounded_by_punctuation_and_stopwords():
    cands = en_candidates('The plan of the "Shenzhen Park" was released quickly, under one district, two parks.')
    assert "Shenzhen Park" in cands and "plan" in cands
    assert not any(c.split()[0].lower() in {"the", "of", "was", "under"} for c in cands)
    assert not any(c.split()[-1].lower() in {"the", "of", "released", "quickly"} for c in cands)
    assert "district two parks" not in cands and not any("," in c for c in cands)
    assert "two parks" not in cands  # a number is not a term's edge


def test_english_keeps_case_hyphens_and_apostrophes_and_splits_possessives():
    assert en_words("Yu Zhan'ao's Co-operation Zone") == [["Yu", "Zhan'ao", "'s", "Co-operation", "Zone"]]
    cands = en_candidates("Yu Zhan'ao's Co-operation Zone")
    assert "Yu Zhan'ao" in cands and "Co-operation Zone" in cands
    assert not any("'s" in c for c in cands)


def test_english_key_puts_the_last_word_in_the_singular_only_for_common_nouns():
    assert en_key("movie stars") == en_key("movie star") == "movie star"
    assert en_key("Hong Kong Parks") == "Hong Kong Parks"
    assert en_key("damaged goods") == "damaged goods"  # "good" is an adjective too: another word


def test_truecaser_lowers_only_capitals_that_mark_a_sentence_start():
    caser = Truecaser(["we saw the park.", "the park is big and the park is new.", "He met Chen in Shenzhen."])
    assert caser.apply("Park visitors came. Shenzhen grew.") == "park visitors came. Shenzhen grew."


def test_c_value_drops_fragments_and_keeps_terms_that_also_stand_alone():
    freq = Counter({"陈清扬": 40, "陈清": 40, "以色列": 100, "以色列人": 30, "人民": 1})
    cv = c_values(freq, "zh")
    assert cv["陈清"] == 0  # only ever inside 陈清扬
    assert cv["陈清扬"] > 0 and cv["以色列"] > 0 and cv["以色列人"] > 0
    assert "人民" not in cv  # seen once: never evidence


def test_collect_counts_each_candidate_once_per_pair():
    occ = collect(["科技园区，科技园区。", "科技園區"], "zh")
    assert occ.per_pair[0].count("科技园区") == 1
    assert occ.freq["科技园区"] == 2
    assert occ.forms["科技园区"] == Counter({"科技园区": 1, "科技園區": 1})


def test_english_clauses_are_not_terms_but_participle_adjectives_open_them():
    cands = en_candidates("the LORD commanded Moses about the consecrated bread and the Department of Science")
    assert "LORD commanded Moses" not in cands and "commanded Moses" not in cands
    assert "consecrated bread" in cands and "Department of Science" in cands


def test_a_capitalised_function_word_after_a_capitalised_word_is_a_name():
    assert "Professor Ye" in en_candidates("a joke from Professor Ye today")
    assert not any(c.endswith(" ye") for c in en_candidates("the Professor ye know"))


def test_truecaser_keeps_a_sentence_initial_capital_that_opens_a_name():
    caser = Truecaser(["the old man came.", "then Old Hai coughed.", "he saw Old Hai.", "an old friend.",
                       "my old house.", "her old dog.", "old Wang left."])
    assert caser.apply("Old Hai smiled. Old friends came.") == "Old Hai smiled. old friends came."
    # "old Wang" is written in lower case mid-sentence: its capital at a sentence start goes
    assert caser.apply("Old Wang left.") == "old Wang left."


def test_prepositions_negations_and_modals_make_a_clause_not_a_term():
    keys, _ = zh_candidates("要洗衣服，烧在坛上，工都不可作，满月以外")
    assert "洗衣服" in keys and "满月" in keys
    assert not any(k.startswith(("要", "不")) or "在" in k or "都" in k or k.endswith("以外") for k in keys)
    keys, _ = zh_candidates("存在的不动产")  # inside a word they are fine
    assert "存在" in keys and "不动产" in keys


def test_contractions_are_never_part_of_an_english_term():
    cands = en_candidates("she didn't want tea but you've got mail from O'Brien")
    assert not any("'" in c and c != "O'Brien" for c in cands)
    assert "O'Brien" in cands and "mail" in cands


def test_british_past_participles_open_a_term():
    assert "burnt offering" in en_candidates("the burnt offering")
    assert "wrote letters" not in en_candidates("he wrote letters")  # a past tense is not an adjective
