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
