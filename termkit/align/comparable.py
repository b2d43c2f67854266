"""Comparable mode: mine the few sentence pairs two independent articles share, in any order.

Why a margin and not a plain threshold: in comparable text most sentences have no counterpart, and a
sentence full of frequent concepts is close to everything. Scoring a pair by how far its similarity
stands above each side's average nearest neighbours (the ratio margin of Artetxe & Schwenk, 2019)
keeps only pairs that single each other out; an absolute floor keeps two unrelated outliers apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from termkit.align.bead import Bead

NEIGHBOURS = 4
MIN_MARGIN = 1.5  # similarity at least this many times the average of the runners-up
MIN_COS = 0.2  # and at least this cosine: two unrelated outliers are not a pair


def _unit(v: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.where(norm > 0, norm, 1.0)


def _runners_up(sim: np.ndarray, axis: int) -> np.ndarray:
    """Mean similarity of each sentence's 2nd to (NEIGHBOURS+1)th nearest neighbours (0 when it has none)."""
    size = sim.shape[axis]
    if size < 2:
        return np.zeros(sim.shape[1 - axis])
    k = min(NEIGHBOURS + 1, size)
    top = -np.sort(-sim, axis=axis)
    return np.take(top, range(1, k), axis=axis).mean(axis=axis)


def mine(x: np.ndarray, y: np.ndarray) -> list[Bead]:
    """Confident 1-1, 2-1 and 1-2 pairs, each sentence used at most once, sorted by source position.

    ``x``/``y`` are the unnormalised concept vectors of the two documents' sentences.
    """
    n, m = len(x), len(y)
    if n == 0 or m == 0:
        return []
    xs, ys = _unit(x), _unit(y)
    sim11 = xs @ ys.T
    fwd, bwd = _runners_up(sim11, 1), _runners_up(sim11, 0)
    cands: list[tuple[float, float, tuple[int, ...], tuple[int, ...]]] = []  # margin, cosine, src, tgt

    def consider(sim: np.ndarray, srcs: list[tuple[int, ...]], tgts: list[tuple[int, ...]]) -> None:
        f = np.asarray([max(fwd[s] for s in g) for g in srcs])[:, None]
        b = np.asarray([max(bwd[t] for t in g) for g in tgts])[None, :]
        margin = sim / np.maximum((f + b) / 2, 0.05)
        for i, j in zip(*np.nonzero((margin >= MIN_MARGIN) & (sim >= MIN_COS)), strict=True):
            cands.append((float(margin[i, j]), float(sim[i, j]), srcs[i], tgts[j]))

    singles_s, singles_t = [(i,) for i in range(n)], [(j,) for j in range(m)]
    consider(sim11, singles_s, singles_t)
    if n > 1:
        consider(_unit(x[:-1] + x[1:]) @ ys.T, [(i, i + 1) for i in range(n - 1)], singles_t)
    if m > 1:
        consider(xs @ _unit(y[:-1] + y[1:]).T, singles_s, [(j, j + 1) for j in range(m - 1)])
    cands.sort(key=lambda c: (-c[0], -c[1], c[2], c[3]))
    used_s: set[int] = set()
    used_t: set[int] = set()
    out: list[Bead] = []
    for margin, cos, s, t in cands:
        if used_s.intersection(s) or used_t.intersection(t):
            continue
        used_s.update(s)
        used_t.update(t)
        conf = 1.0 / (1.0 + np.exp(-(2.0 * (margin - MIN_MARGIN) + 5.0 * (cos - MIN_COS))))
        out.append(Bead(s, t, round(float(0.5 + conf / 2), 4)))
    return sorted(out, key=lambda b: (b.src, b.tgt))


def align_comparable(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str,
                     extra_pairs: Iterable[tuple[str, str]] = ()) -> list[Bead]:
    """Comparable mode of ``align_sentences``: the same evidence as parallel mode, mined instead of laddered."""
    from termkit.align.aligner import _evidence, _lengths
    from termkit.align.concepts import Side, concept_bags

    s_bags, t_bags = concept_bags(Side(src_lang, src), Side(tgt_lang, tgt), extra_pairs)
    ev = _evidence(s_bags, t_bags, _lengths(src), _lengths(tgt))
    return mine(ev.x, ev.y)
