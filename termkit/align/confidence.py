"""How likely each bead of a parallel-mode path is right: a small logistic model fitted on gold alignments.

Why post hoc: the DP keeps only the chosen path, but a bead's reliability shows in things the path score
mixes away: how similar its two sides are (concepts and, when on, the encoder, each in units of this
document's typical translation), how well the lengths fit, how big the bead is, and above all how much
better it is than the nearest alternative (``margins``: the same two neighbouring beads with the boundary
between them moved by one sentence, which covers a split, a merge and a shift by one). A margin is a
difference of the DP's own path scores: every bead it compares is scored by the DP's bead scoring
(``dp.bead_scores``) over a narrow band around the path (``dp_scores``), and runs of omissions are charged
as the DP's lattice charges them; so the DP needs no extra bookkeeping, and what the confidence calls the
nearest alternative is what the search weighed. The rest is read from the band's dot products in one
vectorised pass.

The mapping to a probability is a logistic of those features (``COEFFICIENTS``), one coefficient set per
encoder setting (omissions have their own intercept), fitted by ``benchmarks/fit_confidence.py`` so that
the share of right beads (identical to a gold bead; an omission is right when gold leaves that sentence
unaligned) in each confidence band matches the band; and it is weighed by the probability that the two
documents are translations of each other at all (``TRANSLATION``: the wrong file picked), which no bead's
own features can tell.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from termkit.align import dp
from termkit.align.band import Band, Rows, dots_in_band

#: Margins are clipped to this many nats each way: beyond, a bead is as clear (or as doubtful) as it gets, and
#: an unbounded feature would let a few huge margins steer the fit (and a bead with no alternative at all, as
#: between two 1-4 beads, has an infinite one). Set, not tuned.
MARGIN_CLIP = 10.0
#: Gale–Church log-probabilities below this are all "the lengths do not fit" (a floor, not tuned).
LENGTH_FLOOR = -20.0

#: Feature columns. ``extra``: sentences beyond a 1-1's two (a + b - 2, whatever shapes the DP searches);
#: ``omission``: 1 for a 1-0 or 0-1, whose similarity, length and size columns are 0.
FEATURES = ("intercept", "omission", "concepts", "encoder", "length", "extra", "margin")
#: Logistic coefficients per encoder setting, in FEATURES order (``encoder`` is 0 without the encoder).
#: Fitted on 2026-12-04 by ``benchmarks/fit_confidence.py`` (its last line; again once quotation marks entered
#: the DP's scoring) on all three gold sets (MAC-Dev, Text+Berg, bible/001, each set weighing the same; strict
#: rightness) with this module's features, margins from the DP's own bead scores; refit when a feature or the
#: aligner's scoring changes. That script also shows the leave-one-set-out reliability (expected calibration
#: error 0.028-0.068 on the set left out). Only Text+Berg has omissions (22 of them), so the ``omission``
#: coefficient rests on few beads and on the prior that shrinks it toward 0.
COEFFICIENTS: dict[str, tuple[float, ...]] = {
    "use": (0.63, 2.101, 0.061, 1.213, 0.282, -0.801, 0.267),
    "none": (0.913, 0.714, 0.491, 0.0, 0.254, -0.695, 0.322),
}
#: P(the two documents are translations of each other) from ``chance_distance``, per encoder setting: the
#: model above was fitted on translations only, and two unrelated documents (the wrong file picked) have a path
#: whose beads look like any other's to it, since every similarity is in units of the document's own "typical
#: translation" (there, chance's best). The distance's law for translations and for unrelated documents, each a
#: normal (mean, standard deviation), fitted by the same script on its gold files and on their mismatched pairs
#: (each MAC-Dev chapter and Text+Berg file with the next one's translation; see its table); equal prior odds.
#: Fitted on 2026-12-04: translations 3.7-7.2 standard deviations from chance, unrelated pairs 0.5-1.8; the
#: odds are even near 1.6 (encoder on) and 2.0 (off), and the gold files' confidences are as before.
TRANSLATION: dict[str, tuple[float, float, float, float]] = {
    "use": (4.721, 0.931, 1.026, 0.162),
    "none": (5.829, 1.853, 0.901, 0.336),
}
#: Pair beads below which a document is not judged (its median too rough): the aligner's own least number of
#: 1-1 beads to re-estimate anything from (``aligner.MIN_FIT``).
MIN_PAIRS = 10


class _Bands(NamedTuple):
    """Dot products within a band around the path: of the concept vectors, and of the encoder's when on."""

    concepts: Band
    encoder: Band | None
    enc: dp.Encoded | None


def _bands(q: np.ndarray, x: Rows, y: Rows, lx: np.ndarray, ly: np.ndarray,
           enc: dp.Encoded | None) -> _Bands:
    """Dot products of concept and (when on) encoder vectors in the narrowest band (monotone, as the DP's) that
    holds the states where the beads ``q`` end: all that scoring them needs. Why so narrow: the DP's scoring
    fills every state of a band, and the beads a margin compares end within one row and column of the path's
    states (on bible/006, 4.1 states a row, against 9.5 for the path widened by two sentences each way)."""
    n, m = len(x), len(y)
    lo, hi = np.full(n + 1, m, dtype=np.int64), np.zeros(n + 1, dtype=np.int64)
    np.minimum.at(lo, q[:, 0] + q[:, 1], q[:, 2] + q[:, 3])
    np.maximum.at(hi, q[:, 0] + q[:, 1], q[:, 2] + q[:, 3])
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum(np.maximum.accumulate(hi), lo)
    return _Bands(dots_in_band(x, y, lx, ly, lo, hi, dp.MAX_SRC, dp.MAX_TGT),
                  None if enc is None else dots_in_band(enc.x, enc.y, lx, ly, lo, hi, dp.MAX_SRC, dp.MAX_TGT), enc)


def _shape_index(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Index in ``dp.SHAPES`` of each shape a-b, -1 for a shape the DP does not search."""
    rows, cols = max(s for s, _ in dp.SHAPES) + 1, max(t for _, t in dp.SHAPES) + 1
    table = np.full((rows, cols), -1, dtype=np.int16)
    for t, shape in enumerate(dp.SHAPES):
        table[shape] = t
    inside = (a >= 0) & (b >= 0) & (a < rows) & (b < cols)
    return np.where(inside, table[np.where(inside, a, 0), np.where(inside, b, 0)], -1)


def dp_scores(q: np.ndarray, sc: dp.Scoring, bands: _Bands) -> np.ndarray:
    """The DP's score of each bead (i, a, j, b) of ``q``: ``dp.bead_scores`` read at the state where it ends,
    (i + a, j + b); -inf for a shape the DP does not search or a bead that does not fit in the band, 0 for the
    empty bead. The band's bead scores are made a chunk of rows at a time (``dp.row_chunks``, as
    ``dp.search``), so memory stays bounded on a book, and each chunk serves every bead ending in it."""
    bd = bands.concepts
    i, a, j, b = q.T
    end_i, end_j, shape = i + a, j + b, _shape_index(a, b)
    row = np.clip(end_i, 0, len(bd.lo) - 1)
    fits = (shape >= 0) & (end_i == row) & (end_j >= bd.lo[row]) & (end_j <= bd.hi[row])
    out = np.where((a == 0) & (b == 0), 0.0, -np.inf)
    take = np.flatnonzero(fits)
    take = take[np.argsort(end_i[take], kind="stable")]
    rows = end_i[take]
    for r0, r1 in dp.row_chunks(len(bd.lo), bd.width):
        s, e = np.searchsorted(rows, (r0, r1))
        if s < e:
            k = take[s:e]
            chunk = dp.bead_scores(bd, r0, r1, sc, bands.encoder, bands.enc)
            got = chunk[shape[k], end_i[k] - r0, end_j[k] - bd.lo[end_i[k]]]
            out[k] = np.where(got > dp.NEG / 2, got, -np.inf)
    return out


def _kinds(q: np.ndarray) -> np.ndarray:
    """1 for a 1-0, 2 for a 0-1 (the omissions whose runs the DP charges apart), 0 for any other bead."""
    a, b = q[:, 1], q[:, 3]
    return np.where((a == 1) & (b == 0), 1, np.where((a == 0) & (b == 1), 2, 0))


def _in_context(score: np.ndarray, kind: np.ndarray, before: np.ndarray) -> np.ndarray:
    """What each bead adds to its path's score after a bead of kind ``before``: a 1-0 or 0-1 that continues a
    run of its kind pays its prior only, whatever its length (``lattice.fill_rows``: a passage missing from one
    side is one event for the length model), any other bead its bead score."""
    prior = np.asarray([0.0, dp.PRIOR[(1, 0)], dp.PRIOR[(0, 1)]])
    continues = (kind > 0) & (kind == before) & np.isfinite(score)
    return np.where(continues, -prior[kind], score)


class Compared(NamedTuple):
    """What ``margins`` compares, in one array of beads (i, a, j, b) (int32: a book's half a million in 8 MB):
    the path padded with an empty bead at each end (``padded``), then the first and the second beads of the
    alternatives to its pairs of consecutive beads; per alternative, its boundary k, between ``padded[k]`` and
    ``padded[k + 1]``."""

    beads: np.ndarray
    boundary: np.ndarray

    @property
    def padded(self) -> np.ndarray:
        return self.beads[:len(self.beads) - 2 * len(self.boundary)]

    @property
    def first(self) -> np.ndarray:
        return self.beads[len(self.beads) - 2 * len(self.boundary):len(self.beads) - len(self.boundary)]

    @property
    def second(self) -> np.ndarray:
        return self.beads[len(self.beads) - len(self.boundary):]


def compared(beads: np.ndarray) -> Compared:
    """The path ``beads`` ((n ≥ 1, 4) as (i, a, j, b)) padded with an empty bead at each end, so that a first or
    last bead has two boundaries too (a lone 1-1 bead's alternative is then a 1-0 and a 0-1); and for each
    boundary, its two beads with the state between them moved by one sentence on either side or both (a split,
    a merge, a shift), where both stay beads (no negative size) and the path changes (a first or last bead
    moved into the padding is itself)."""
    last = beads[-1]
    padded = np.vstack([[0, 0, 0, 0], beads, [last[0] + last[1], 0, last[2] + last[3], 0]]).astype(np.int32)
    left, right = padded[:-1], padded[1:]
    start, end, point = left[:, [0, 2]], right[:, [0, 2]] + right[:, [1, 3]], right[:, [0, 2]]
    boundary, firsts, seconds = [], [], []
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            if di == dj == 0:
                continue
            moved = point + np.asarray([di, dj], dtype=np.int32)
            first = np.column_stack([start[:, 0], moved[:, 0] - start[:, 0], start[:, 1], moved[:, 1] - start[:, 1]])
            second = np.column_stack([moved[:, 0], end[:, 0] - moved[:, 0], moved[:, 1], end[:, 1] - moved[:, 1]])
            ok = (first[:, [1, 3]] >= 0).all(axis=1) & (second[:, [1, 3]] >= 0).all(axis=1)
            ok[0] &= second[0, 1] + second[0, 3] > 0
            ok[-1] &= first[-1, 1] + first[-1, 3] > 0
            k = np.flatnonzero(ok)
            boundary.append(k)
            firsts.append(first[k])
            seconds.append(second[k])
    return Compared(np.vstack([padded, *firsts, *seconds]), np.concatenate(boundary))


def margins(cmp: Compared, scores: np.ndarray) -> np.ndarray:
    """Per bead, how many nats its path's score beats the best alternative nearby: for each boundary between two
    consecutive beads, the path's score against the best path with that boundary moved by one sentence
    (``compared``), and per bead the smaller of its two boundaries'. ``scores`` are the DP's, of each bead of
    ``cmp.beads`` (-inf where impossible, 0 for the empty bead: ``dp_scores``), and runs of omissions are
    charged in context (``_in_context``): the two beads' own and that of the bead after them, which starts or
    continues a run according to what precedes it."""
    n, alternatives = len(cmp.padded) - 2, len(cmp.boundary)
    own, first, second = np.split(scores, [n + 2, n + 2 + alternatives])
    # A virtual empty bead before and after the padded path: boundary k's beads are kind[k + 1], kind[k + 2],
    # the one before them kind[k], the one after kind[k + 3].
    kind = np.concatenate([[0], _kinds(cmp.padded), [0]])
    score = np.concatenate([[0.0], own, [0.0]])
    added = _in_context(score, kind, np.concatenate([[0], kind[:-1]]))
    path = added[1:-2] + added[2:-1] + added[3:]
    # An empty first or second bead leaves the other the two beads merged, never an omission: what follows
    # then starts no run, as after the empty bead's kind 0.
    k = cmp.boundary
    first_kind, second_kind = _kinds(cmp.first), _kinds(cmp.second)
    total = (_in_context(first, first_kind, kind[k]) + _in_context(second, second_kind, first_kind)
             + _in_context(score[k + 3], kind[k + 3], second_kind))
    best = np.full(n + 1, -np.inf)
    np.maximum.at(best, k, total)
    gap = np.subtract(path, best, out=np.full(n + 1, np.inf), where=best > -np.inf)
    boundary = np.clip(gap, -MARGIN_CLIP, MARGIN_CLIP)
    return np.minimum(boundary[:-1], boundary[1:])


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


def _cosines(bd: Band, q: np.ndarray) -> np.ndarray:
    """Cosine of the summed blocks of each pair bead (i, a, j, b), from the band's cumulated dot products and
    block norms (the similarity the DP's scoring starts from); 0 for an empty block."""
    i, a, j, b = q.T
    dot = np.zeros(len(q))
    for u in range(int(a.max(initial=0))):
        take = np.flatnonzero(a > u)
        k = i[take] + u
        first = j[take] - bd.dot_lo[k]
        dot[take] += bd.dot_cum[k, first + b[take]] - bd.dot_cum[k, first]
    norm = np.sqrt(np.stack(bd.src_block_norms)[a, i + a] * np.stack(bd.tgt_block_norms)[b, j + b])
    return np.where(norm > 0, dot / np.where(norm > 0, norm, 1.0), 0.0)


def _encoder_similarity(bd: Band, q: np.ndarray, sc: dp.Scoring, enc: dp.Encoded) -> np.ndarray:
    """Per pair bead: the normalised encoder cosine of its blocks' summed vectors, and for a merged bead whose
    joined texts were encoded, the mean of that and their cosine (as ``dp.bead_scores``, see ``dp.Encoded``)."""
    sim = (_cosines(bd, q) - sc.enc_base) / sc.enc_scale
    i, a, j, b = q.T
    for sa, sb in {(int(u), int(v)) for u, v in zip(a, b, strict=True) if u + v > 2}:
        if sa in (enc.src_blocks or {}) and sb in (enc.tgt_blocks or {}):
            take = np.flatnonzero((a == sa) & (b == sb))
            cos = np.einsum("ij,ij->i", enc.src_blocks[sa][i[take] + sa], enc.tgt_blocks[sb][j[take] + sb])
            sim[take] = (sim[take] + (cos - sc.enc_base) / sc.enc_scale) / 2
    return sim


def _length(bd: Band, q: np.ndarray, sc: dp.Scoring) -> np.ndarray:
    """Gale–Church log-probability of each bead's lengths, as the DP's scoring has it (``dp.length_logp``)."""
    i, a, j, b = q.T
    return dp.length_logp((bd.src_chars[i + a] - bd.src_chars[i]) * sc.ratio, bd.tgt_chars[j + b] - bd.tgt_chars[j],
                          sc)


def features(path: dp.Path, sc: dp.Scoring, x: Rows, y: Rows, lx: np.ndarray, ly: np.ndarray,
             enc: dp.Encoded | None = None) -> np.ndarray:
    """(beads, len(FEATURES)) features of each bead of ``path``. An omission's similarity, length and size
    columns are 0: what it has is its margin, and its own intercept (``omission``)."""
    beads = np.asarray(path.beads, dtype=np.int64).reshape(-1, 4)
    if not len(beads):
        return np.zeros((0, len(FEATURES)))
    cmp = compared(beads)
    bands = _bands(cmp.beads, x, y, lx, ly, enc)
    pair = (beads[:, 1] > 0) & (beads[:, 3] > 0)
    concepts, encoder, length = np.zeros(len(beads)), np.zeros(len(beads)), np.zeros(len(beads))
    concepts[pair] = (_cosines(bands.concepts, beads[pair]) - sc.base) / sc.scale
    if bands.encoder is not None and enc is not None:
        encoder[pair] = _encoder_similarity(bands.encoder, beads[pair], sc, enc)
    length[pair] = np.maximum(_length(bands.concepts, beads[pair], sc), LENGTH_FLOOR)
    columns = {
        "intercept": np.ones(len(beads)),
        "omission": (~pair).astype(np.float64),
        "concepts": np.clip(concepts, -1.0, sc.cap),
        "encoder": np.clip(encoder, -1.0, sc.cap),
        "length": length,
        "extra": np.where(pair, beads[:, 1] + beads[:, 3] - 2, 0),
        "margin": _per_run(margins(cmp, dp_scores(cmp.beads, sc, bands)), _kinds(beads)),
    }
    return np.column_stack([columns[f] for f in FEATURES])


def probabilities(feats: np.ndarray, encoder_on: bool,
                  coefficients: dict[str, tuple[float, ...]] = COEFFICIENTS) -> np.ndarray:
    """Features → P(bead right) by the logistic model of the encoder setting."""
    z = feats @ np.asarray(coefficients["use" if encoder_on else "none"])
    return np.exp(-np.logaddexp(0.0, -z))


def chance_distance(feats: np.ndarray, sc: dp.Scoring, encoder_on: bool) -> float | None:
    """How far the path's median pair bead stands from chance, in standard deviations of unrelated pairs'
    cosines (``dp.Scoring.spread``): the encoder's similarity when on (it reads any language pair the same way),
    else the concepts'; None with fewer than ``MIN_PAIRS`` pair beads."""
    pair = feats[:, FEATURES.index("omission")] == 0
    if pair.sum() < MIN_PAIRS:
        return None
    if encoder_on:
        return float(np.median(feats[pair, FEATURES.index("encoder")])) * sc.enc_scale / sc.enc_spread
    return float(np.median(feats[pair, FEATURES.index("concepts")])) * sc.scale / sc.spread


def translation_probability(distance: float | None, encoder_on: bool,
                            laws: dict[str, tuple[float, float, float, float]] = TRANSLATION) -> float:
    """P(the documents are translations of each other) from ``chance_distance`` (1 when it is None): the ratio
    of its two laws' densities (``TRANSLATION``) at equal prior odds, the distance taken between the two laws'
    means (nearer chance than unrelated documents' mean is as unrelated, farther than translations' as much a
    translation: two normals of unequal spread would otherwise swap sides in a far tail)."""
    if distance is None:
        return 1.0
    mu1, sd1, mu0, sd0 = laws["use" if encoder_on else "none"]
    d = min(max(distance, mu0), mu1)
    log_odds = math.log(sd0 / sd1) - 0.5 * ((d - mu1) / sd1) ** 2 + 0.5 * ((d - mu0) / sd0) ** 2
    return float(np.exp(-np.logaddexp(0.0, -log_odds)))


def gated(p: np.ndarray, feats: np.ndarray, translation: float) -> np.ndarray:
    """P(right) given the documents' P(translation): a pair of documents that are not translations has no right
    pair bead, and every omission is right."""
    pair = feats[:, FEATURES.index("omission")] == 0
    return np.where(pair, translation * p, translation * p + (1.0 - translation))


def confidence(path: dp.Path, sc: dp.Scoring, x: Rows, y: Rows, lx: np.ndarray, ly: np.ndarray,
               enc: dp.Encoded | None = None) -> np.ndarray:
    """P(right) of each bead of ``path``, omissions included."""
    feats = features(path, sc, x, y, lx, ly, enc)
    on = enc is not None
    return gated(probabilities(feats, on), feats, translation_probability(chance_distance(feats, sc, on), on))
