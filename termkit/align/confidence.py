"""How likely each bead of a parallel-mode path is right: a small logistic model fitted on gold alignments.

Why post hoc: the DP keeps only the chosen path, but a bead's reliability shows in things the path score
mixes away: how similar its two sides are (concepts and, when on, the encoder, each in units of this
document's typical translation), how well the lengths fit, how big the bead is, and above all how much
better it is than the nearest alternative (``margins``: the same two neighbouring beads with the boundary
between them moved by one sentence, which covers a split, a merge and a shift by one). These are recomputed
here from the beads and the vectors in one vectorised pass, so the DP needs no extra bookkeeping.

The mapping to a probability is a logistic of those features (``COEFFICIENTS``), one coefficient set per
encoder setting (omissions have their own intercept), fitted by ``benchmarks/fit_confidence.py`` so that
the share of right beads (identical to a gold bead; an omission is right when gold leaves that sentence
unaligned) in each confidence band matches the band.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from termkit.align import dp
from termkit.align.band import Band, band_around, dots_in_band, prefix_sums

#: Margins are clipped to this many nats each way: beyond, a bead is as clear (or as doubtful) as it gets, and
#: an unbounded feature would let a few huge margins steer the fit (and a bead with no alternative at all, as
#: between two 1-4 beads, has an infinite one). Set, not tuned.
MARGIN_CLIP = 10.0
#: Gale–Church log-probabilities below this are all "the lengths do not fit" (a floor, not tuned).
LENGTH_FLOOR = -20.0
#: Sentences around the chosen path whose dot products are computed: an alternative moves a boundary by one
#: sentence, so its beads end within one row and column of the path's states; one more for good measure.
BUFFER = 2

#: Feature columns. ``extra``: sentences beyond a 1-1's two (a + b - 2, whatever shapes the DP searches);
#: ``omission``: 1 for a 1-0 or 0-1, whose similarity, length and size columns are 0.
FEATURES = ("intercept", "omission", "concepts", "encoder", "length", "extra", "margin")
#: Logistic coefficients per encoder setting, in FEATURES order (``encoder`` is 0 without the encoder).
#: Fitted on 2026-12-04 by ``benchmarks/fit_confidence.py`` (its last line) on all three gold sets (MAC-Dev,
#: Text+Berg, bible/001, each set weighing the same; strict rightness) with this module's features; refit when
#: a feature or the aligner's scoring changes. That script also shows the leave-one-set-out reliability
#: (expected calibration error 0.025-0.064 on the set left out). Only Text+Berg has omissions (22 of them),
#: so the ``omission`` coefficient rests on few beads and on the prior that shrinks it toward 0.
COEFFICIENTS: dict[str, tuple[float, ...]] = {
    "use": (0.586, 2.159, 0.025, 1.334, 0.256, -0.806, 0.247),
    "none": (0.755, 0.835, 0.538, 0.0, 0.236, -0.68, 0.333),
}


def _ratio(dot: np.ndarray, norm: np.ndarray) -> np.ndarray:
    return np.where(norm > 0, dot / np.where(norm > 0, norm, 1.0), 0.0)


def _dots(bd: Band, k: np.ndarray, j0: np.ndarray, j1: np.ndarray) -> np.ndarray:
    """x[k]·(y[j0] + … + y[j1-1]) per entry, from the band's cumulated dot products (as the compiled bead
    scoring, ``beads._block_dots``)."""
    base, w = bd.dot_lo[k], bd.dot_width
    return bd.dot_cum[k, np.clip(j1 - base, 0, w)] - bd.dot_cum[k, np.clip(j0 - base, 0, w)]


class _Blocks(NamedTuple):
    """Dot products of pair beads (i, a, j, b) from a band: whole blocks, and each member against the other
    side's block; with the squared norms of the blocks and members."""

    dot: np.ndarray
    src_norm: np.ndarray
    tgt_norm: np.ndarray
    src_members: list[tuple[np.ndarray, np.ndarray, np.ndarray]]  # (beads holding member u, its dot, its norm²)
    tgt_members: list[tuple[np.ndarray, np.ndarray, np.ndarray]]


def _blocks(bd: Band, q: np.ndarray) -> _Blocks:
    i, a, j, b = q.T
    src_norms, tgt_norms = np.stack(bd.src_block_norms), np.stack(bd.tgt_block_norms)
    src_members = []
    dot = np.zeros(len(q))
    for u in range(int(a.max(initial=0))):
        take = np.flatnonzero(a > u)
        d = _dots(bd, i[take] + u, j[take], j[take] + b[take])
        dot[take] += d
        src_members.append((take, d, bd.src_adjacent[0][i[take] + u]))
    tgt_members = []
    for v in range(int(b.max(initial=0))):
        take = np.flatnonzero(b > v)
        d = np.zeros(len(take))
        for u in range(int(a[take].max(initial=0))):
            has = a[take] > u
            d[has] += _dots(bd, i[take][has] + u, j[take][has] + v, j[take][has] + v + 1)
        tgt_members.append((take, d, bd.tgt_adjacent[0][j[take] + v]))
    return _Blocks(dot, src_norms[a, i + a], tgt_norms[b, j + b], src_members, tgt_members)


def _concept_terms(bd: Band, q: np.ndarray, sc: dp.Scoring) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per pair bead of ``q``: the normalised concept similarity of its summed blocks, and the DP's lexical term
    and miss charges (each member judged against the other side's block, averaged over the two sides, as
    the compiled bead scoring, ``beads._members``; a 1-1 bead by its one similarity)."""
    bl = _blocks(bd, q)
    sim = (_ratio(bl.dot, np.sqrt(bl.src_norm * bl.tgt_norm)) - sc.base) / sc.scale
    lexical, missing = np.zeros(len(q)), np.zeros(len(q))
    for members, block_norm, miss, starts in ((bl.src_members, bl.tgt_norm, sc.miss_x, q[:, 0]),
                                             (bl.tgt_members, bl.src_norm, sc.miss_y, q[:, 2])):
        for u, (take, d, norm) in enumerate(members):
            s = (_ratio(d, np.sqrt(norm * block_norm[take])) - sc.base) / sc.scale
            lexical[take] += np.minimum(s, sc.cap)
            if miss is not None:
                missing[take] += miss[starts[take] + u] * dp.shortfall(s)
    one = (q[:, 1] == 1) & (q[:, 3] == 1)
    return sim, np.where(one, np.minimum(sim, sc.cap), lexical / 2), missing


def _encoder_similarity(bd: Band, q: np.ndarray, sc: dp.Scoring, enc: dp.Encoded) -> np.ndarray:
    """Per pair bead: the normalised encoder cosine of its blocks' summed vectors, and for a merged bead whose
    joined texts were encoded, the mean of that and their cosine (as ``dp._bead_scores``, see ``dp.Encoded``)."""
    bl = _blocks(bd, q)
    sim = (_ratio(bl.dot, np.sqrt(bl.src_norm * bl.tgt_norm)) - sc.enc_base) / sc.enc_scale
    i, a, j, b = q.T
    for sa, sb in {(int(u), int(v)) for u, v in zip(a, b, strict=True) if u + v > 2}:
        if sa in (enc.src_blocks or {}) and sb in (enc.tgt_blocks or {}):
            take = np.flatnonzero((a == sa) & (b == sb))
            cos = np.einsum("ij,ij->i", enc.src_blocks[sa][i[take] + sa], enc.tgt_blocks[sb][j[take] + sb])
            sim[take] = (sim[take] + (cos - sc.enc_base) / sc.enc_scale) / 2
    return sim


class _Bands(NamedTuple):
    """Dot products within a band around the path: of the concept vectors, and of the encoder's when on."""

    concepts: Band
    encoder: Band | None
    enc: dp.Encoded | None


class _Evidence(NamedTuple):
    """Per bead: normalised concept and encoder similarity (0 for omissions; encoder 0 when off), the DP's
    lexical term and miss charges, and the Gale–Church log-probability of its lengths (an omission's: its
    sentence against nothing)."""

    concepts: np.ndarray
    encoder: np.ndarray
    lexical: np.ndarray
    missing: np.ndarray
    length: np.ndarray


def _evidence(q: np.ndarray, sc: dp.Scoring, bands: _Bands, lx: np.ndarray,
              ly: np.ndarray) -> _Evidence:
    """The evidence of beads ``q`` from the bands of concept and (when on) encoder dot products."""
    pair = (q[:, 1] > 0) & (q[:, 3] > 0)
    concepts, lexical, missing, encoder = (np.zeros(len(q)) for _ in range(4))
    if pair.any():
        concepts[pair], lexical[pair], missing[pair] = _concept_terms(bands.concepts, q[pair], sc)
        if bands.encoder is not None and bands.enc is not None:
            encoder[pair] = _encoder_similarity(bands.encoder, q[pair], sc, bands.enc)
    cx, cy = prefix_sums(lx), prefix_sums(ly)
    ls = (cx[q[:, 0] + q[:, 1]] - cx[q[:, 0]]) * sc.ratio
    lt = cy[q[:, 2] + q[:, 3]] - cy[q[:, 2]]
    return _Evidence(concepts, encoder, lexical, missing, dp.length_logp(ls, lt, sc))


def _priors(q: np.ndarray) -> np.ndarray:
    """-ln prior of each bead's shape; inf for shapes the DP does not search, 0 for the empty (0, 0)."""
    table = np.full((dp.MAX_SRC + 1, dp.MAX_TGT + 1), np.inf)
    for shape in dp.SHAPES:
        table[shape] = dp.PRIOR[shape]
    table[0, 0] = 0.0
    a, b = q[:, 1], q[:, 3]
    inside = (a <= dp.MAX_SRC) & (b <= dp.MAX_TGT)
    out = np.full(len(q), np.inf)
    out[inside] = table[a[inside], b[inside]]
    return out


def _local_scores(q: np.ndarray, sc: dp.Scoring, ev: _Evidence) -> np.ndarray:
    """The DP's score of each bead, as far as it follows from the bead's own sentences: lexical term and miss
    charges, the encoder's, length and the shape's
    prior (-inf for a shape not searched; 0 for an empty bead). Omissions pay their length as the first of a run.
    An approximation of ``dp._bead_scores``, used only to compare a bead with its neighbours' alternatives."""
    a, b = q[:, 1], q[:, 3]
    pair = (a > 0) & (b > 0)
    similar = sc.lexical * ev.lexical + sc.encoder * (a + b) / 2 * np.minimum(ev.encoder, sc.cap) + ev.missing
    length = np.where(pair | sc.omission_length, sc.length_weight * ev.length, 0.0)
    score = np.where(pair, similar, 0.0) + np.where(a + b > 0, length, 0.0)
    return score - _priors(q)


def margins(beads: np.ndarray, local: np.ndarray, score_of: Callable[[np.ndarray], np.ndarray],
            handover: np.ndarray) -> np.ndarray:
    """Per bead, how many nats its path score beats the best alternative nearby: for each boundary between two
    consecutive beads, the pair's local score against the best pair with that boundary moved by one sentence
    on either or both sides (a split, a merge, a shift), and per bead the smaller of its two boundaries'. The
    path is padded with an empty bead at each end, so a first or last bead has two boundaries too (a lone 1-1
    bead's alternative is then a 1-0 and a 0-1).

    ``beads`` is (n, 4) as (i, a, j, b), ``local`` their local scores, ``score_of`` the local score function of
    a (k, 4) array of beads; ``handover[k]``: nats the bead after k pays when bead k, the first omission of a
    run, stops being one (the next then starts the run and pays its length, as in ``lattice.fill_rows``)."""
    n = len(beads)
    if n == 0:
        return np.zeros(0)
    last = beads[-1]
    beads = np.vstack([[0, 0, 0, 0], beads, [last[0] + last[1], 0, last[2] + last[3], 0]])
    local = np.concatenate([[0.0], local, [0.0]])
    handover = np.concatenate([[0.0], handover, [0.0]])
    left, right = beads[:-1], beads[1:]
    start, end = left[:, [0, 2]], right[:, [0, 2]] + right[:, [1, 3]]
    point = right[:, [0, 2]]
    best = np.full(n + 1, -np.inf)
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            if di == dj == 0:
                continue
            moved = point + np.asarray([di, dj])
            first = np.column_stack([start[:, 0], moved[:, 0] - start[:, 0], start[:, 1], moved[:, 1] - start[:, 1]])
            second = np.column_stack([moved[:, 0], end[:, 0] - moved[:, 0], moved[:, 1], end[:, 1] - moved[:, 1]])
            ok = (first[:, [1, 3]] >= 0).all(axis=1) & (second[:, [1, 3]] >= 0).all(axis=1)
            ok[ok] &= np.isfinite(_priors(first[ok])) & np.isfinite(_priors(second[ok]))
            ok[0] &= second[0, 1] + second[0, 3] > 0  # the first bead moved into the padding is itself again
            ok[-1] &= first[-1, 1] + first[-1, 3] > 0
            if ok.any():
                kept = _omission_kind(second[ok]) == _omission_kind(right[ok])
                alt = score_of(first[ok]) + score_of(second[ok]) + np.where(kept, 0.0, handover[1:][ok])
                best[ok] = np.maximum(best[ok], alt)
    boundary = np.clip(local[:-1] + local[1:] - best, -MARGIN_CLIP, MARGIN_CLIP)
    return np.minimum(boundary[:-1], boundary[1:])


def _run_margins(beads: np.ndarray, sc: dp.Scoring, ev: _Evidence,
                 score_of: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """``margins`` of the chosen beads, with runs of omissions scored as the DP scores them: a run's later
    omissions pay their prior only, and each omission of a run takes the run's margin (``_per_run``)."""
    kind = _omission_kind(beads)
    local = _local_scores(beads, sc, ev)
    continues = np.zeros(len(beads), dtype=bool)
    continues[1:] = (kind[1:] > 0) & (kind[1:] == kind[:-1])
    local[continues] = -_priors(beads[continues])  # as in ``lattice.fill_rows``
    handover = np.zeros(len(beads))
    starts = (kind > 0) & ~continues
    handover[:-1] = np.where(starts[:-1] & continues[1:], sc.length_weight * ev.length[1:], 0.0)
    return _per_run(margins(beads, local, score_of, handover), kind)


def _omission_kind(beads: np.ndarray) -> np.ndarray:
    """0 for a pair bead, 1 for a 1-0, 2 for a 0-1."""
    return np.where(beads[:, 3] == 0, 1, np.where(beads[:, 1] == 0, 2, 0))


def _per_run(margin: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """Each omission of a run (consecutive omissions of one kind: a passage one side lacks) takes the run's
    smallest margin. Why: a run is one decision, judged at its edges; inside it no boundary can move by one
    (there is no 2-0 bead), so an inner omission's own margin would say "clear" for want of an alternative."""
    new = np.ones(len(kind), dtype=bool)
    new[1:] = (kind[1:] == 0) | (kind[1:] != kind[:-1])
    run = np.cumsum(new) - 1
    low = np.full(int(run[-1]) + 1 if len(run) else 0, np.inf)
    np.minimum.at(low, run, margin)
    return np.where(kind > 0, low[run], margin)


def _bands(beads: list[tuple[int, int, int, int]], x: np.ndarray, y: np.ndarray, lx: np.ndarray, ly: np.ndarray,
           enc: dp.Encoded | None) -> _Bands:
    """Dot products of concept and (when on) encoder vectors within ``BUFFER`` sentences of the beads: all that
    the beads and their alternatives need, at the cost of a narrow band."""
    lo, hi = band_around(beads, len(x), len(y), BUFFER)
    return _Bands(dots_in_band(x, y, lx, ly, lo, hi, dp.MAX_SRC, dp.MAX_TGT),
                  None if enc is None else dots_in_band(enc.x, enc.y, lx, ly, lo, hi, dp.MAX_SRC, dp.MAX_TGT), enc)


def features(path: dp.Path, sc: dp.Scoring, x: np.ndarray, y: np.ndarray, lx: np.ndarray, ly: np.ndarray,
             enc: dp.Encoded | None = None) -> np.ndarray:
    """(beads, len(FEATURES)) features of each bead of ``path``. An omission's similarity, length and size
    columns are 0: what it has is its margin, and its own intercept (``omission``)."""
    beads = np.asarray(path.beads, dtype=np.int64).reshape(-1, 4)
    bands = _bands(path.beads, x, y, lx, ly, enc)

    def score_of(q: np.ndarray) -> np.ndarray:
        return _local_scores(q, sc, _evidence(q, sc, bands, lx, ly))

    ev = _evidence(beads, sc, bands, lx, ly)
    margin = _run_margins(beads, sc, ev, score_of)
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
