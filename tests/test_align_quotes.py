"""Quotation marks as evidence of where a bead ends (``align/quotes.py``; charged in the compiled bead scores)."""

from __future__ import annotations

import numpy as np

from termkit.align import dp, quotes
from termkit.align.aligner import align_sentences


def test_counts_are_running_totals_before_each_sentence() -> None:
    assert quotes.counts(["“甲。", "乙。”", "丙。"]).tolist() == [0, 1, 2, 2]


def test_no_quotes_no_charge() -> None:
    q = quotes.counts(["One.", "Two."])
    assert quotes.chance_odds(q, q) == 0.0
    path = dp.Path([(k, 1, k, 1) for k in range(20)])
    none = np.zeros(21, dtype=np.int64)
    assert quotes.path_odds(path, none, none) == 0.0


def test_chance_odds_grow_with_sentences_that_leave_a_quotation_open() -> None:
    plain = quotes.counts(["a"] * 20)
    some = quotes.counts(["'a"] * 4 + ["a"] * 16)
    many = quotes.counts(["'a"] * 10 + ["a"] * 10)
    assert 0 < quotes.chance_odds(some, plain) < quotes.chance_odds(many, plain) <= quotes.CAP


def test_path_odds_charge_what_true_beads_rarely_do() -> None:
    # a quotation opened in one sentence and closed in the next, then a line of narrative, on both sides
    qx = quotes.counts(["“甲。", "乙。”", "丙。"] * 10)
    qy = quotes.counts(["'A.", "B.'", "C."] * 10)
    path = dp.Path([(k, 1, k, 1) for k in range(30)])
    assert quotes.path_odds(path, qx, qy) == quotes.CAP  # no true bead differs; of the shifted ones, most do
    shifted = dp.Path([(k, 1, k + 1, 1) for k in range(29)])
    assert quotes.path_odds(shifted, qx, qy) == 0.0  # these beads differ as often as their own neighbours
    assert quotes.path_odds(dp.Path(path.beads[:5]), qx, qy) == 0.0  # too few beads to fit


def test_the_charge_decides_between_two_paths_the_other_evidence_ties() -> None:
    # x0 ~ y0 and x1 ~ y2; y1 has no evidence and as many characters as it takes from either side: by words and
    # length, (x0 | y0 y1)(x1 | y2) and (x0 | y0)(x1 | y1 y2) tie. The quotation y1 closes was opened in x0.
    x = np.asarray([[1, 0], [0, 1]], dtype=np.float32)
    y = np.asarray([[1, 0], [0, 0], [0, 1]], dtype=np.float32)
    lx, ly = np.asarray([20.0, 20.0]), np.asarray([18.0, 4.0, 18.0])
    lo, hi = np.zeros(3, dtype=np.int64), np.full(3, 3, dtype=np.int64)
    sc = dp.Scoring(lexical=3.0, cap=2.0, length_weight=1.0, ratio=1.0, variance=6.8, base=0.0, scale=1.0,
                    quotes_x=quotes.counts(["“甲。", "乙。"]), quotes_y=quotes.counts(["A.", "Said.'", "B."]),
                    quote=2.0)
    assert dp.search(x, y, lx, ly, lo, hi, sc).beads == [(0, 1, 0, 2), (1, 1, 2, 1)]
    sc = dp.Scoring(**{**sc.__dict__, "quotes_x": quotes.counts(["甲。", "“乙。"]),
                       "quotes_y": quotes.counts(["A.", "'Said.", "B."])})
    assert dp.search(x, y, lx, ly, lo, hi, sc).beads == [(0, 1, 0, 1), (1, 1, 1, 2)]


def test_the_aligner_keeps_a_quotation_in_one_bead() -> None:
    # the translation runs two quoted lines into one quotation: by words and length each line is a 1-1 bead,
    # but a 1-1 would leave the quotation open on the English side only, and the document says that is rare
    src = ["“你好吗？”", "“很好。”", "他们坐下了。"] * 8
    tgt = ["'How are you?", "Fine.'", "They sat down."] * 8
    beads = align_sentences(src, tgt, "zh", "en", encoder_name="none")
    assert [(b.src, b.tgt) for b in beads[:3]] == [((0, 1), (0, 1)), ((2,), (2,)), ((3, 4), (3, 4))]
