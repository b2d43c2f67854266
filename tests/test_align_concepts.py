"""Concept bags: the compact rows parallel mode keeps, the dicts comparable mode reads from them, and idf."""

from __future__ import annotations

import numpy as np

from termkit.align import vectors
from termkit.align.concepts import BagRows, Side, concept_bags, concept_rows
from termkit.align.vectors import idf

ZH = ["陈清扬说，2025年深圳园区将开放。", "一区两园是什么？", "他没有回答。"]
EN = ["Chen Qingyang said the Shenzhen park will open in 2025.", "What is one zone, two parks?", "He did not answer."]


def test_rows_give_back_each_bag_as_appended_with_one_vocabulary_for_both_sides():
    vocab: dict[str, int] = {}
    first, second = BagRows(vocab), BagRows(vocab)
    bags = [{"b": 1.0, "a": 0.5}, {}, {"c": 1 / 3, "b": 2.0}]
    for bag in bags:
        first.append(bag)
    second.append({"a": 1.0, "d": 4.0})
    assert first.dicts() == bags
    assert [list(d) for d in first.dicts()] == [list(d) for d in bags]  # insertion order too: sums follow it
    assert second.dicts() == [{"a": 1.0, "d": 4.0}] and vocab == {"b": 0, "a": 1, "c": 2, "d": 3}


def test_a_pair_s_bags_hold_glossary_terms_names_and_numbers():
    pairs = [("一区两园", "one zone, two parks")]
    zh, en = concept_bags(Side("zh", ZH), Side("en", EN), pairs)
    assert "g:0" in zh[1] and "g:0" in en[1]
    assert "py:chen" in zh[0] and "#2025" in zh[0] and "#2025" in en[0]


def test_only_concepts_both_sides_use_get_a_weight():
    s_rows, t_rows = concept_rows(Side("zh", ZH), Side("en", EN))
    weights = idf(s_rows, t_rows)
    names = s_rows.names()
    shared = set(np.asarray(names)[np.flatnonzero(weights)])
    used = [{names[int(k)] for k in r.keys} for r in (s_rows, t_rows)]
    assert shared == used[0] & used[1]
    assert "#2025" in shared and (weights[np.flatnonzero(weights)] > 0).all()


def test_folded_vectors_are_the_same_hashing_into_fewer_slots():
    from termkit.align import dp
    from termkit.align.vectors import Hashed

    s_rows, t_rows = concept_rows(Side("zh", ZH), Side("en", EN))
    weights = idf(s_rows, t_rows)
    wide, narrow = Hashed(s_rows, weights, 2 * dp.ANCHOR_DIMS), Hashed(s_rows, weights, dp.ANCHOR_DIMS)
    np.testing.assert_allclose(dp._Folded(wide)[0:len(ZH)], narrow[0:len(ZH)], atol=1e-6)


def test_hashed_rows_are_the_same_whichever_block_makes_them():
    from termkit.align.vectors import Hashed

    s_rows, t_rows = concept_rows(Side("zh", ZH), Side("en", EN))
    weights = idf(s_rows, t_rows)
    v = Hashed(s_rows, weights, 256)
    whole = v[0:len(v)]
    assert whole.shape == (len(ZH), 256) and whole.dtype == np.float32 and np.abs(whole).sum() > 0
    for a, b in ((0, 1), (1, 3), (2, len(v)), (3, 3)):
        assert np.array_equal(v[a:b], whole[a:b])
    picked = np.asarray([2, 0, 2, len(v) - 1])
    assert np.array_equal(v[picked], whole[picked])
    assert v[np.zeros(0, dtype=np.int64)].shape == (0, 256)
    # a sentence's vector: its concepts' signed, idf-weighted √tf in their hashed slots
    names, keys, tf = s_rows.names(), s_rows.keys, s_rows.tf
    first = np.zeros(256, dtype=np.float32)
    for k, t in zip(keys[:s_rows.start[1]], tf[:s_rows.start[1]], strict=True):
        if weights[k]:
            slot, sign = vectors._slot(names[k], 256)
            first[slot] += np.float32(sign * np.sqrt(t) * weights[k])
    np.testing.assert_allclose(whole[0], first, rtol=1e-6)


def test_entries_laid_out_as_arrays_sum_as_a_dict_would():
    rng = np.random.default_rng(0)
    names = [f"c{k}" for k in range(7)]
    vocab = {name: k for k, name in enumerate(names)}
    rows = rng.integers(0, 5, 60)
    keys = rng.integers(0, 7, 60)
    weights = rng.random(60) / 3
    expected: list[dict[str, float]] = [{} for _ in range(6)]  # sentence 5 has no entries
    for r, k, w in zip(rows, keys, weights, strict=True):
        expected[r][names[k]] = expected[r].get(names[k], 0.0) + w
    out = BagRows(vocab)
    out.append({"c3": 1.0})  # bags already there stay first
    out.add_entries(6, rows, keys, weights)
    got = out.dicts()
    assert got[0] == {"c3": 1.0}
    assert [list(d.items()) for d in got[1:]] == [list(d.items()) for d in expected]  # same order, same sums
