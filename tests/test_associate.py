"""Association of candidates across aligned pairs: G², mutual best, growth to the longer term."""

from __future__ import annotations

import math
from collections import Counter

import polars as pl

from termkit.terms.associate import associate, g2
from termkit.terms.candidates import Occurrences


def occ(per_pair: list[list[str]]) -> Occurrences:
    freq = Counter(k for keys in per_pair for k in keys)
    return Occurrences(per_pair, freq, {k: Counter({k: f}) for k, f in freq.items()}, dict.fromkeys(freq, 1.0))


def test_g2_matches_dunnings_formula():
    a, b, c, d = 8, 2, 1, 89
    n = a + b + c + d
    cells = [(a, (a + b) * (a + c) / n), (b, (a + b) * (b + d) / n), (c, (c + d) * (a + c) / n),
             (d, (c + d) * (b + d) / n)]
    expected = 2 * sum(o * math.log(o / e) for o, e in cells)
    got = pl.DataFrame({"j": [a], "fz": [a + b], "fe": [a + c]}).select(
        g2(pl.col("j"), pl.col("fz"), pl.col("fe"), n)).item()
    assert math.isclose(got, expected, rel_tol=1e-9)


def test_consistent_pair_wins_and_chance_cooccurrence_is_dropped():
    zh = [["港口", "城市"]] * 6 + [["城市"]] * 3 + [["河流"]] * 11
    en = [["port", "city"]] * 6 + [["city"]] * 3 + [["river"]] * 11
    pairs = associate(occ(zh), occ(en), min_count=3)
    got = set(zip(pairs["zh"], pairs["en"], strict=True))
    assert ("港口", "port") in got and ("城市", "city") in got and ("河流", "river") in got
    assert ("港口", "city") not in got  # shares 6 pairs, but 港口's best partner is port
    assert pairs["llr"].is_sorted(descending=True)


def test_below_min_count_nothing_is_paired():
    zh = [["港口"]] * 2 + [["河流"]] * 10 + [["山"]] * 10
    en = [["port"]] * 2 + [["river"]] * 10 + [["hill"]] * 10
    got = set(zip(*associate(occ(zh), occ(en), min_count=3).select("zh", "en"), strict=True))
    assert got == {("河流", "river"), ("山", "hill")}


def test_the_longer_term_is_preferred_when_it_keeps_most_shared_pairs():
    zh = [["明星"]] * 5 + [["电影"]] * 2 + [["河流"]] * 13
    en = [["movie", "movie star"]] * 4 + [["movie", "star"]] + [["movie"]] * 2 + [["river"]] * 13
    pairs = associate(occ(zh), occ(en), min_count=3)
    got = dict(zip(pairs["zh"], pairs["en"], strict=True))
    assert got["明星"] == "movie star"


def test_example_is_the_shortest_pair_holding_both():
    zh = [["港口"]] * 4 + [["河流"]] * 8
    en = [["port"]] * 4 + [["river"]] * 8
    lengths = [50, 20, 30, 40] + [10] * 8
    pairs = associate(occ(zh), occ(en), min_count=3, text_length=lengths)
    assert pairs.filter(pl.col("zh") == "港口")["example"].item() == 1


def test_a_second_witness_breaks_near_ties_but_not_clear_wins():
    # 门楣 shares 6 pairs with "side posts" and 5 with "lintel"; a dictionary vouches for "lintel" only
    zh = [["门楣"]] * 6 + [["河流"]] * 14
    en = [["side posts", "lintel"]] * 5 + [["side posts"]] + [["river"]] * 14
    vouch = {("门楣", "lintel"): 1.0}

    def support(z: str, e: str) -> float:
        return vouch.get((z, e), 0.0)

    assert dict(zip(*associate(occ(zh), occ(en), min_count=3).select("zh", "en"), strict=True))["门楣"] == "side posts"
    got = associate(occ(zh), occ(en), min_count=3, support=support)
    assert dict(zip(got["zh"], got["en"], strict=True))["门楣"] == "lintel"
    # the memory alone decides when the unsupported partner is far stronger
    zh = [["门楣"]] * 12 + [["河流"]] * 14
    en = [["side posts"]] * 9 + [["side posts", "lintel"]] * 3 + [["river"]] * 14
    got = associate(occ(zh), occ(en), min_count=3, support=support)
    assert dict(zip(got["zh"], got["en"], strict=True))["门楣"] == "side posts"


def test_each_candidate_keeps_one_pair_when_two_grow_onto_it():
    # 周瑞 ↔ "Zhou Rui" and 家的 ↔ "wife" both grow to 周瑞家的, which holds them both
    zh = [["周瑞", "周瑞家的", "家的"]] * 5 + [["周瑞"]] + [["家的"]] + [["河流"]] * 14
    en = [["Zhou Rui", "wife"]] * 5 + [["Zhou Rui"]] + [["wife"]] + [["river"]] * 14
    pairs = associate(occ(zh), occ(en), min_count=3)
    assert pairs["zh"].is_unique().all() and pairs["en"].is_unique().all()
    assert "周瑞家的" in pairs["zh"].to_list()
