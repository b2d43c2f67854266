"""The compiled bead scores (``beads.bead_scores`` through ``dp.bead_scores``) against the definitions, worked
out state by state from the sentence vectors themselves on a small random band."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from termkit.align import dp
from termkit.align.band import dots_in_band


def _cos(u: np.ndarray, v: np.ndarray) -> float:
    u, v = u.astype(np.float64), v.astype(np.float64)
    norm = float(np.linalg.norm(u) * np.linalg.norm(v))
    return float(u @ v) / norm if norm > 0 else 0.0


def _reference(x, y, ex, ey, blocks, lx, ly, sc, a, b, i, j):
    """Score of the a-b bead ending at (i, j), straight from the sums of its sentences' vectors (the compiled
    code works from cumulated 1-1 dot products instead); Gale–Church's tail by math.erfc rather than the
    Chebyshev fit (which agrees within 1.2e-7)."""
    marks = (sc.quotes_x[i] - sc.quotes_x[i - a]) - (sc.quotes_y[j] - sc.quotes_y[j - b])
    quote = sc.quote * (marks % 2)  # the blocks leave a quotation open differently
    ls, lt = float(lx[i - a:i].sum()) * sc.ratio, float(ly[j - b:j].sum())
    delta = abs(lt - ls) / math.sqrt(sc.variance * (ls + lt) / 2 + 1.0)
    eps = dp.LENGTH_OUTLIERS
    logp = math.log((1 - eps) * math.erfc(delta / math.sqrt(2)) + eps)
    if a == 0 or b == 0:
        logp = logp if sc.omission_length else 0.0
        return sc.length_weight * logp - dp.PRIOR[(a, b)] - quote
    bx, by = x[i - a:i].sum(axis=0), y[j - b:j].sum(axis=0)
    sims = [((_cos(x[k], by) - sc.base) / sc.scale, sc.miss_x[k]) for k in range(i - a, i)]
    sims += [((_cos(y[v], bx) - sc.base) / sc.scale, sc.miss_y[v]) for v in range(j - b, j)]
    if a + b == 2:
        sims = [((_cos(bx, by) - sc.base) / sc.scale, sc.miss_x[i - 1] + sc.miss_y[j - 1])]
    lexical = sum(min(s, sc.cap) for s, _ in sims) / (2 if a + b > 2 else 1)
    missing = sum(miss * (1 - min(max(s, 0.0), 1.0)) for s, miss in sims)
    score = sc.lexical * lexical + missing + sc.length_weight * logp - dp.PRIOR[(a, b)]
    term = (_cos(ex[i - a:i].sum(axis=0), ey[j - b:j].sum(axis=0)) - sc.enc_base) / sc.enc_scale
    enc = sc.encoder * (a + b) / 2 * min(term, sc.cap)
    if a + b > 2 and a in blocks[0] and b in blocks[1]:
        joined = (float(blocks[0][a][i] @ blocks[1][b][j]) - sc.enc_base) / sc.enc_scale
        enc = (enc + sc.encoder * (a + b) / 2 * min(joined, sc.cap)) / 2
    return score + enc - quote


def _whole(rng: np.random.Generator, shape: tuple[int, int], low: int) -> np.ndarray:
    """Random whole numbers from ``low`` to 3, as float32 vectors."""
    return rng.integers(low, 4, shape).astype(np.float32)


def _band(rng: np.random.Generator, n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """A monotone band around the diagonal, a few states wide, from (0, 0) to (n, m)."""
    centre = np.arange(n + 1) * m // n
    lo = np.minimum.accumulate(np.clip(centre - rng.integers(0, 4, n + 1), 0, m)[::-1])[::-1]
    hi = np.maximum.accumulate(np.clip(centre + rng.integers(0, 4, n + 1), 0, m))
    lo[0], hi[n] = 0, m
    return lo, hi


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("with_encoder", [False, True])
def test_compiled_bead_scores_match_the_definitions(seed: int, with_encoder: bool) -> None:
    rng = np.random.default_rng(seed)
    n, m, dim = 9, 11, 6
    # small whole numbers: float32 dot products are then exact, and only the fit of erfc differs (< 1e-6)
    x, y = _whole(rng, (n, dim), 0), _whole(rng, (m, dim), 0)
    x[3] = 0  # a sentence with no evidence: its cosines are 0
    ex, ey = _whole(rng, (n, dim), -2), _whole(rng, (m, dim), -2)
    lx, ly = rng.integers(0, 60, n).astype(float), rng.integers(0, 60, m).astype(float)
    lo, hi = _band(rng, n, m)
    sc = dp.Scoring(lexical=3.0, cap=2.0, length_weight=1.0, ratio=1.3, variance=6.8, base=0.2, scale=0.5,
                    miss_x=-rng.random(n), miss_y=-rng.random(m), omission_length=True,
                    quotes_x=np.cumsum(rng.integers(0, 3, n + 1)) - 1, quotes_y=np.cumsum(rng.integers(0, 3, m + 1)),
                    quote=1.25)
    blocks: tuple[dict, dict] = ({}, {})
    enc = ebd = None
    if with_encoder:
        sc = dataclasses.replace(sc, encoder=1.5, enc_base=0.1, enc_scale=0.4)
        blocks = ({2: _whole(rng, (n + 1, dim), -2) / 8}, {1: _whole(rng, (m + 1, dim), -2) / 8,
                                                           2: _whole(rng, (m + 1, dim), -2) / 8})
        enc = dp.Encoded(ex, ey, *blocks)
        ebd = dots_in_band(ex, ey, lx, ly, lo, hi, dp.MAX_SRC, dp.MAX_TGT)
    bd = dots_in_band(x, y, lx, ly, lo, hi, dp.MAX_SRC, dp.MAX_TGT)
    r0, r1 = 2, n + 1  # a chunk that does not start at row 0
    got = dp.bead_scores(bd, r0, r1, sc, ebd, enc)
    for t, (a, b) in enumerate(dp.SHAPES):
        for i in range(r0, r1):
            for c in range(bd.width):
                j = lo[i] + c
                if i < a or j < b or j > hi[i]:
                    assert got[t, i - r0, c] == dp.NEG
                    continue
                score = _reference(x, y, ex, ey, blocks, lx, ly, sc, a, b, i, j)
                assert got[t, i - r0, c] == pytest.approx(score, abs=1e-6), (a, b, i, j)


def test_without_miss_charges_or_omission_length_an_omission_pays_its_prior_alone() -> None:
    rng = np.random.default_rng(2)
    x, y = rng.random((5, 4)).astype(np.float32), rng.random((6, 4)).astype(np.float32)
    lx, ly = np.full(5, 10.0), np.full(6, 10.0)
    lo, hi = np.zeros(6, dtype=np.int64), np.full(6, 6, dtype=np.int64)
    sc = dp.Scoring(lexical=3.0, cap=2.0, length_weight=1.0, ratio=1.0, variance=6.8, base=0.0, scale=0.5)
    got = dp.bead_scores(dots_in_band(x, y, lx, ly, lo, hi, dp.MAX_SRC, dp.MAX_TGT), 0, 6, sc)
    deletion, one = dp.SHAPES.index((1, 0)), dp.SHAPES.index((1, 1))
    assert np.all(got[deletion, 1:] == -dp.PRIOR[(1, 0)])
    cos = (x / np.linalg.norm(x, axis=1, keepdims=True)) @ (y / np.linalg.norm(y, axis=1, keepdims=True)).T
    sim = (cos - sc.base) / sc.scale
    length = dp.length_logp(np.full(30, 10.0), np.full(30, 10.0), sc)[0]  # every 1-1 here: ten characters a side
    assert np.allclose(got[one, 1:, 1:] - length, sc.lexical * np.minimum(sim, sc.cap), atol=1e-5)


def test_a_band_made_block_by_block_is_the_band_of_whole_arrays(monkeypatch: pytest.MonkeyPatch) -> None:
    """Vectors made a few rows at a time (as ``vectors.Hashed`` makes them) give the band whole arrays give,
    to the bit: the DP then takes the same path whichever way its vectors are held."""
    from termkit.align import band

    class Blocks:
        def __init__(self, v: np.ndarray) -> None:
            self.v = v

        def __len__(self) -> int:
            return len(self.v)

        def __getitem__(self, rows: slice | np.ndarray) -> np.ndarray:
            return self.v[rows].copy()

    rng = np.random.default_rng(3)
    n, m = 23, 19
    x, y = rng.standard_normal((n, 8)).astype(np.float32), rng.standard_normal((m, 8)).astype(np.float32)
    lx, ly = rng.integers(1, 60, n).astype(float), rng.integers(1, 60, m).astype(float)
    lo, hi = _band(rng, n, m)
    whole = dots_in_band(x, y, lx, ly, lo, hi, dp.MAX_SRC, dp.MAX_TGT)
    monkeypatch.setattr(band, "ADJACENT_ROWS", 5)  # blocks that end inside a bead's reach
    monkeypatch.setattr(band, "MAX_BLOCK_ROWS", 4)
    monkeypatch.setattr(band, "MIN_BLOCK_ROWS", 2)
    made = dots_in_band(Blocks(x), Blocks(y), lx, ly, lo, hi, dp.MAX_SRC, dp.MAX_TGT)
    for name in ("dot_lo", "dot_cum", "src_chars", "tgt_chars"):
        np.testing.assert_allclose(getattr(made, name), getattr(whole, name), rtol=1e-6)
    for a, b in zip(made.src_adjacent + made.tgt_adjacent + made.src_block_norms + made.tgt_block_norms,
                    whole.src_adjacent + whole.tgt_adjacent + whole.src_block_norms + whole.tgt_block_norms,
                    strict=True):
        np.testing.assert_array_equal(a, b)
    k = np.arange(n)
    expected = np.einsum("ij,ij->i", x[k[:-2]], x[k[2:]], dtype=np.float64)
    np.testing.assert_array_equal(made.src_adjacent[2][:n - 2], expected)
