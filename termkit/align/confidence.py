"""How likely each bead of a parallel-mode path is right: a small logistic model fitted on gold alignments.

Why post hoc: the DP keeps only the chosen path, but a bead's reliability shows in things the path score
mixes away: how similar its two sides are (concepts and, when on, the encoder, each in units of this
document's typical translation), how well the lengths fit, how big the bead is, and above all how much
better it is than the nearest alternative (``margins``: the same two neighbouring beads with the boundary
between them moved by one sentence, which covers a split, a merge and a shift by one). These are recomputed
here from the beads and the vectors in one vectorised pass, so the DP needs no extra bookkeeping.

The mapping to a probability is a logistic of those features (``COEFFICIENTS``), one coefficient set per
encoder setting and per kind of bead (pair or omission), fitted by ``benchmarks/fit_confidence.py`` so that
the share of right beads (identical to a gold bead; an omission is right when gold leaves that sentence
unaligned) in each confidence band matches the band.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from termkit.align import dp
from termkit.align.band import prefix_sums

#: Margins are clipped to this many nats each way: beyond, a bead is as clear (or as doubtful) as it gets, and
#: an unbounded feature would let a few huge margins steer the fit. Set, not tuned.
MARGIN_CLIP = 10.0
#: Gale–Church log-probabilities below this are all "the lengths do not fit" (a floor, not tuned).
LENGTH_FLOOR = -20.0
#: Beads whose block sums are held at once (× vector width × 4 bytes: ≤ 64 MB at 4,096 dimensions).
CHUNK = 4096

#: Feature columns. ``extra``: sentences beyond a 1-1's two (a + b - 2, whatever shapes the DP searches);
#: ``omission``: 1 for a 1-0 or 0-1, whose similarity, length and size columns are 0.
FEATURES = ("intercept", "omission", "concepts", "encoder", "length", "extra", "margin")
#: Logistic coefficients per encoder setting, in FEATURES order (``encoder`` is 0 without the encoder).
#: Fitted on 2026-12-04 by ``benchmarks/fit_confidence.py`` (its last line) on all three gold sets (MAC-Dev,
#: Text+Berg, bible/001, each set weighing the same; strict rightness) with this module's features; refit when
#: a feature or the aligner's scoring changes. That script also shows the leave-one-set-out reliability
#: (expected calibration error 0.02-0.07 on the set left out). Only Text+Berg has omissions (22 of them),
#: so the ``omission`` coefficient rests on few beads and on the prior that shrinks it toward 0.
COEFFICIENTS: dict[str, tuple[float, ...]] = {
    "use": (0.717, 1.543, 0.076, 1.165, 0.278, -0.757, 0.25),
    "none": (0.766, -0.084, 0.533, 0.0, 0.238, -0.68, 0.331),
}


def _block_sums(v: np.ndarray, start: np.ndarray, size: np.ndarray) -> np.ndarray:
    """Sum of rows start..start+size-1 of ``v`` for each bead (zero rows where size is 0)."""
    out = np.zeros((len(start), v.shape[1]), dtype=np.float64)
    for u in range(int(size.max(initial=0))):
        take = size > u
        out[take] += v[start[take] + u]
    return out


def _ratio(dot: np.ndarray, norm: np.ndarray) -> np.ndarray:
    return np.where(norm > 0, dot / np.where(norm > 0, norm, 1.0), 0.0)


def _cosines(x: np.ndarray, y: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Cosine of the two blocks' summed vectors for each bead (i, a, j, b) of ``q`` (0 when a side is empty)."""
    out = np.zeros(len(q))
    for c0 in range(0, len(q), CHUNK):
        part = q[c0:c0 + CHUNK]
        xs, ys = _block_sums(x, part[:, 0], part[:, 1]), _block_sums(y, part[:, 2], part[:, 3])
        norm = np.linalg.norm(xs, axis=1) * np.linalg.norm(ys, axis=1)
        out[c0:c0 + CHUNK] = _ratio(np.einsum("ij,ij->i", xs, ys), norm)
    return out


def _members(v: np.ndarray, start: np.ndarray, size: np.ndarray, other: np.ndarray, sc: dp.Scoring,
             miss: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Capped normalised similarity of each member of one side's blocks to the other side's summed block
    (``other``), summed over the members, and the miss charges they pay (as ``dp._members_evidence``)."""
    lexical, missing = np.zeros(len(start)), np.zeros(len(start))
    other_norm = np.linalg.norm(other, axis=1)
    for u in range(int(size.max(initial=0))):
        take = np.flatnonzero(size > u)
        row = v[start[take] + u].astype(np.float64)
        sim = (_ratio(np.einsum("ij,ij->i", row, other[take]), np.linalg.norm(row, axis=1) * other_norm[take])
               - sc.base) / sc.scale
        lexical[take] += np.minimum(sim, sc.cap)
        if miss is not None:
            missing[take] += miss[start[take] + u] * dp.shortfall(sim)
    return lexical, missing


def _concept_terms(x: np.ndarray, y: np.ndarray, q: np.ndarray,
                   sc: dp.Scoring) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per bead of ``q``: the normalised concept similarity of its summed blocks, and the DP's lexical term and
    miss charges (each member judged against the other side's block, averaged over the two sides; a 1-1 bead
    by its one similarity). Omissions: zeros."""
    sim, lexical, missing = np.zeros(len(q)), np.zeros(len(q)), np.zeros(len(q))
    for c0 in range(0, len(q), CHUNK):
        part = q[c0:c0 + CHUNK]
        i, a, j, b = part.T
        xs, ys = _block_sums(x, i, a), _block_sums(y, j, b)
        s = (_ratio(np.einsum("ij,ij->i", xs, ys), np.linalg.norm(xs, axis=1) * np.linalg.norm(ys, axis=1))
             - sc.base) / sc.scale
        src_lex, src_miss = _members(x, i, a, ys, sc, sc.miss_x)
        tgt_lex, tgt_miss = _members(y, j, b, xs, sc, sc.miss_y)
        one = (a == 1) & (b == 1)
        pair = (a > 0) & (b > 0)
        sim[c0:c0 + CHUNK] = np.where(pair, s, 0.0)
        lexical[c0:c0 + CHUNK] = np.where(one, np.minimum(s, sc.cap), np.where(pair, (src_lex + tgt_lex) / 2, 0.0))
        missing[c0:c0 + CHUNK] = np.where(pair, src_miss + tgt_miss, 0.0)
    return sim, lexical, missing


class _Evidence(NamedTuple):
    """Per bead: normalised concept and encoder similarity (0 for omissions; encoder 0 when off), the DP's
    lexical term and miss charges, and the Gale–Church log-probability of its lengths (an omission's: its
    sentence against nothing)."""

    concepts: np.ndarray
    encoder: np.ndarray
    lexical: np.ndarray
    missing: np.ndarray
    length: np.ndarray


def _evidence(q: np.ndarray, sc: dp.Scoring, x: np.ndarray, y: np.ndarray, lx: np.ndarray, ly: np.ndarray,
              enc: dp.Encoded | None) -> _Evidence:
    pair = (q[:, 1] > 0) & (q[:, 3] > 0)
    concepts, lexical, missing = _concept_terms(x, y, q, sc)
    encoder = np.zeros(len(q))
    if enc is not None:
        encoder = np.where(pair, (_cosines(enc.x, enc.y, q) - sc.enc_base) / sc.enc_scale, 0.0)
    cx, cy = prefix_sums(lx), prefix_sums(ly)
    ls = (cx[q[:, 0] + q[:, 1]] - cx[q[:, 0]]) * sc.ratio
    lt = cy[q[:, 2] + q[:, 3]] - cy[q[:, 2]]
    return _Evidence(concepts, encoder, lexical, missing, dp._length_logp(ls, lt, sc))


def _priors() -> np.ndarray:
    """-ln prior of each shape (a, b) as a table; inf for shapes the DP does not search, 0 for the empty (0, 0)."""
    table = np.full((dp.MAX_SRC + 1, dp.MAX_TGT + 1), np.inf)
    for shape in dp.SHAPES:
        table[shape] = dp.PRIOR[shape]
    table[0, 0] = 0.0
    return table


def _local_scores(q: np.ndarray, sc: dp.Scoring, ev: _Evidence) -> np.ndarray:
    """The DP's score of each bead, as far as it follows from the bead's own sentences: lexical term and miss
    charges, the encoder's (by summed vectors: the joined-text encodings are left out), length and the shape's
    prior (-inf for a shape not searched; 0 for an empty bead). Omissions pay their length as the first of a run.
    An approximation of ``dp._bead_scores``, used only to compare a bead with its neighbours' alternatives."""
    a, b = q[:, 1], q[:, 3]
    pair = (a > 0) & (b > 0)
    similar = sc.lexical * ev.lexical + sc.encoder * (a + b) / 2 * np.minimum(ev.encoder, sc.cap) + ev.missing
    length = np.where(pair | sc.omission_length, sc.length_weight * ev.length, 0.0)
    score = np.where(pair, similar, 0.0) + np.where(a + b > 0, length, 0.0)
    inside = (a <= dp.MAX_SRC) & (b <= dp.MAX_TGT)
    prior = np.full(len(q), np.inf)
    prior[inside] = _priors()[a[inside], b[inside]]
    return score - prior


def margins(beads: np.ndarray, local: np.ndarray, score_of: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """Per bead, how many nats its path score beats the best alternative nearby: for each boundary between two
    consecutive beads, the pair's local score against the best pair with that boundary moved by one sentence
    on either or both sides (a split, a merge, a shift), and per bead the smaller of its two boundaries'.

    ``beads`` is (n, 4) as (i, a, j, b), ``local`` their local scores, ``score_of`` the local score function of
    an (k, 4) array of beads."""
    n = len(beads)
    out = np.full(n, MARGIN_CLIP)
    if n < 2:
        return out
    left, right = beads[:-1], beads[1:]
    start, end = left[:, [0, 2]], right[:, [0, 2]] + right[:, [1, 3]]
    point = right[:, [0, 2]]
    chosen = local[:-1] + local[1:]
    best = np.full(n - 1, -np.inf)
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            if di == dj == 0:
                continue
            moved = point + np.asarray([di, dj])
            first = np.column_stack([start[:, 0], moved[:, 0] - start[:, 0], start[:, 1], moved[:, 1] - start[:, 1]])
            second = np.column_stack([moved[:, 0], end[:, 0] - moved[:, 0], moved[:, 1], end[:, 1] - moved[:, 1]])
            ok = (first[:, [1, 3]] >= 0).all(axis=1) & (second[:, [1, 3]] >= 0).all(axis=1)
            alt = np.full(n - 1, -np.inf)
            if ok.any():
                alt[ok] = score_of(first[ok]) + score_of(second[ok])
            best = np.maximum(best, alt)
    boundary = np.clip(chosen - best, -MARGIN_CLIP, MARGIN_CLIP)
    out[:-1] = np.minimum(out[:-1], boundary)
    out[1:] = np.minimum(out[1:], boundary)
    return out


def features(path: dp.Path, sc: dp.Scoring, x: np.ndarray, y: np.ndarray, lx: np.ndarray, ly: np.ndarray,
             enc: dp.Encoded | None = None) -> np.ndarray:
    """(beads, len(FEATURES)) features of each bead of ``path``. An omission's similarity, length and size
    columns are 0: what it has is its margin, and its own intercept (``omission``)."""
    beads = np.asarray(path.beads, dtype=np.int64).reshape(-1, 4)

    def score_of(q: np.ndarray) -> np.ndarray:
        return _local_scores(q, sc, _evidence(q, sc, x, y, lx, ly, enc))

    ev = _evidence(beads, sc, x, y, lx, ly, enc)
    margin = margins(beads, _local_scores(beads, sc, ev), score_of)
    pair = (beads[:, 1] > 0) & (beads[:, 3] > 0)
    columns = {
        "intercept": np.ones(len(beads)),
        "omission": (~pair).astype(np.float64),
        "concepts": np.clip(ev.concepts, -1.0, sc.cap),
        "encoder": np.clip(ev.encoder, -1.0, sc.cap),
        "length": np.where(pair, np.maximum(ev.length, LENGTH_FLOOR), 0.0),
        "extra": np.where(pair, beads[:, 1] + beads[:, 3] - 2, 0),
        "margin": margin,
    }
    return np.column_stack([columns[f] for f in FEATURES])


def probabilities(feats: np.ndarray, encoder_on: bool,
                  coefficients: dict[str, tuple[float, ...]] = COEFFICIENTS) -> np.ndarray:
    """Features → P(bead right) by the logistic model of the encoder setting."""
    z = feats @ np.asarray(coefficients["use" if encoder_on else "none"])
    return np.exp(-np.logaddexp(0.0, -z))


def confidence(path: dp.Path, sc: dp.Scoring, x: np.ndarray, y: np.ndarray, lx: np.ndarray, ly: np.ndarray,
               enc: dp.Encoded | None = None) -> np.ndarray:
    """P(right) of each bead of ``path``, omissions included."""
    return probabilities(features(path, sc, x, y, lx, ly, enc), enc is not None)
