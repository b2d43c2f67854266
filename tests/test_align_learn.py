"""The learnt word table (Dice over beads) against a count done the slow way."""

from __future__ import annotations

from collections import Counter
from itertools import product

import numpy as np
import pytest

from termkit.align import learn


def _brute_force(src: list[list[str]], tgt: list[list[str]], min_count: int, min_dice: float,
                 top: int) -> dict[str, dict[str, float]]:
    cs = Counter(u for piece in src for u in set(piece))
    ct = Counter(u for piece in tgt for u in set(piece))
    pairs = Counter(p for s, t in zip(src, tgt, strict=True) for p in product(set(s), set(t)))
    kept: dict[str, list[tuple[float, str]]] = {}
    for (s, t), c in pairs.items():
        dice = 2 * c / (cs[s] + ct[t])
        if c >= min_count and dice >= min_dice:
            kept.setdefault(s, []).append((dice, t))
    return {s: {t: d for d, t in sorted(v, key=lambda dt: (-dt[0], dt[1]))[:top]} for s, v in kept.items()}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_dice_table_is_the_slow_count_whatever_the_batches(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Counts packed beside their keys, batches of beads and the pairs Dice rules out early must not change it."""
    rng = np.random.default_rng(seed)
    words = [f"w{k}" for k in range(40)]
    src, tgt = [], []
    for _ in range(300):
        s = list(rng.choice(words, size=rng.integers(1, 8)))
        src.append(s + [w.upper() for w in s[:2]] + ["the"] * int(rng.integers(0, 3)))  # a frequent word too
        tgt.append([w.upper() for w in s] + list(rng.choice(["X", "Y"], size=rng.integers(0, 2))))
    expected = _brute_force(src, tgt, 3, 0.5, 2)
    assert expected  # the data has pairs to learn
    for batch in (1, 7, 500):
        monkeypatch.setattr(learn, "BEADS_PER_BATCH", batch)
        got = learn.dice_table(src, tgt)
        assert got.keys() == expected.keys()
        for s, partners in expected.items():
            assert got[s].keys() == partners.keys()
            for t, d in partners.items():
                assert got[s][t] == pytest.approx(d)
