"""Monotonic alignment by dynamic programming in a band; the band of a long document comes from anchors.

Why this shape: a full n×m search is quadratic in time and memory. Short documents are searched in
full. For long ones (after Bertalign's two steps) each source sentence first looks for its best
target in a window around the length diagonal; the pairs that are each other's best and lie on one
monotone chain are anchors, and the DP then searches only between and around consecutive anchors.
Only the 1-1 dot products inside the band are computed; every merged bead's similarity follows from
them, since the dot product of sums is the sum of dot products and the norm of a sum needs only the
dot products of neighbouring sentences. Bead scores are built a chunk of rows at a time and the DP
keeps path scores for its last few rows only, so memory is a few bytes per band cell whatever the
document's length.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

#: Bead shapes searched: 1-1, omissions, and merges up to 1-4 / 4-1 (plus 2-2).
SHAPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 4), (4, 1))
FULL_CELLS = 250_000  # documents up to this many sentence pairs are searched in full
BUFFER = 8  # sentences searched on each side of anchors or of an earlier path: room for a few merged beads
#: The anchor search window, in multiples of √(target sentences): drift from the length diagonal is a
#: random walk of per-sentence length errors, so it grows like √m (the Bible's 30,000 verses drift
#: 3.5√m at worst); 8√m leaves twice that margin.
WINDOW_SQRT = 8.0
MIN_WINDOW = 50  # ... and never fewer sentences than this on each side
ANCHOR_NEIGHBOURS = 5  # anchors on each side whose median offset judges an anchor: outvotes 5 stray ones in a row
CHUNK_CELLS = 100_000  # band cells whose bead scores are held at once (× shapes × 16 bytes ≈ 16 MB)
NEG = -1e18
#: Share of beads whose length no Gale–Church model predicts (OCR debris, footnotes, free rendering): the
#: length evidence is a mixture with this outlier share, so a bead the words support is not vetoed by its length.
LENGTH_OUTLIERS = 0.01
#: -log P(shape) relative to 1-1, after Gale & Church's (1993) counts, extended to 1-3 and 1-4. With
#: ``Scoring.omission_length`` an omission also pays their 1-0 length distance, once per run (``_continued``).
PRIOR = {(1, 1): 0.0, (1, 0): 4.5, (0, 1): 4.5, (1, 2): 2.3, (2, 1): 2.3, (2, 2): 4.4, (1, 3): 4.5, (3, 1): 4.5,
         (1, 4): 6.0, (4, 1): 6.0}


@dataclass(frozen=True)
class Scoring:
    """How bead evidence becomes a path score: higher is better, summed along the path."""

    lexical: float  # nats per sentence for a typical translation's similarity
    cap: float  # similarity beyond this many typical translations earns nothing more
    length_weight: float  # weight of the Gale–Church log-probability
    ratio: float  # expected target length per source character
    variance: float  # Gale–Church variance per character
    base: float  # cosine of unrelated sentences
    scale: float  # cosine of a typical translation minus ``base``
    #: Per source / target sentence, log P(a true counterpart shares nothing with it), nats ≤ 0: what a bead
    #: member pays in full when it shares nothing with the other side's block and in part as its similarity
    #: falls short of a typical translation's (``shortfall``). None: no such evidence (the first pass).
    miss_x: np.ndarray | None = field(default=None, compare=False)
    miss_y: np.ndarray | None = field(default=None, compare=False)
    #: Charge omissions Gale & Church's length evidence too (their 1-0 distance: the sentence against an empty
    #: side), so that dropping a sentence its neighbour's length needs costs what gluing a misfit does. Only
    #: with the miss charge: without it nothing would weigh the other way, and unrelated lines would be glued.
    omission_length: bool = False


@dataclass(frozen=True)
class Path:
    """The chosen beads as (first src, src count, first tgt, tgt count) and each bead's evidence."""

    beads: list[tuple[int, int, int, int]]
    cosine: np.ndarray
    length: np.ndarray


def _prefix(v: np.ndarray) -> np.ndarray:
    """Prefix sums with a leading 0: the total of ``v[a:b]`` is ``out[b] - out[a]``."""
    return np.concatenate([[0.0], np.cumsum(v)])


def unit(v: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (zero rows stay zero)."""
    norm = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.where(norm > 0, norm, 1.0)


def length_diagonal(lx: np.ndarray, ly: np.ndarray) -> np.ndarray:
    """For each source position 0..n, the target position at the same fraction of the text's characters."""
    cx = _prefix(lx) / max(float(lx.sum()), 1.0)
    cy = _prefix(ly) / max(float(ly.sum()), 1.0)
    return np.clip(np.searchsorted(cy, cx), 0, len(ly)).astype(np.int64)


def window(m: int) -> int:
    """Half-width of a search around a length diagonal over m target sentences (see ``WINDOW_SQRT``)."""
    return min(m, max(MIN_WINDOW, int(WINDOW_SQRT * math.sqrt(m))))


def calibrate(x: np.ndarray, y: np.ndarray, lx: np.ndarray, ly: np.ndarray,
              rng: np.random.Generator) -> tuple[float, float]:
    """Cosine of unrelated pairs (random) and how far above it likely translations (best near the diagonal) sit."""
    n, m = len(x), len(y)
    k = rng.integers(0, n, size=min(2000, 4 * n))
    r = rng.integers(0, m, size=len(k))
    base = float(np.mean(np.einsum("ij,ij->i", unit(x[k]), unit(y[r]))))
    rows = np.unique(rng.integers(0, n, size=min(200, n)))
    centre = length_diagonal(lx, ly)
    win = 5 + min(m // 10, 200)
    uy = unit(y)
    best = [float((uy[max(0, centre[i] - win):centre[i] + win + 1] @ unit(x[i:i + 1])[0]).max()) for i in rows]
    return base, max(0.05, float(np.mean(best)) - base)


def _adjacent_dots(v: np.ndarray, span: int) -> list[np.ndarray]:
    """``dots[d][k] = v[k]·v[k+d]`` for d < span, padded with zeros to len(v)."""
    out = []
    for d in range(span):
        row = np.zeros(len(v), dtype=np.float64)
        if d < len(v):
            row[: len(v) - d] = np.einsum("ij,ij->i", v[: len(v) - d], v[d:], dtype=np.float64)
        out.append(row)
    return out


def _block_norms(dots: list[np.ndarray], size: int) -> np.ndarray:
    """Squared norm of the sum of ``size`` consecutive vectors ending before index e, for e in 0..n."""
    n = len(dots[0])
    out = np.zeros(n + 1)
    if size == 0:
        return out
    cums = [_prefix(d) for d in dots]
    e = np.arange(size, n + 1)
    total = cums[0][e] - cums[0][e - size]
    for d in range(1, size):
        total += 2 * (cums[d][e - d] - cums[d][e - size])
    out[size:] = total
    return out


def _dense_blocks(n: int, start: np.ndarray, width: int, m: int,
                  cells: int = 4_000_000) -> Iterator[tuple[int, int, int, int]]:
    """Row blocks [k0, k1) and the target span [c0, c1) their bands touch, each product near ``cells``."""
    k0 = 0
    while k0 < n:
        k1 = min(n, k0 + 128)
        while k1 - k0 > 8 and (k1 - k0) * (int(start[k1 - 1]) + width - int(start[k0])) > cells:
            k1 = k0 + (k1 - k0) // 2
        yield k0, k1, max(0, int(start[k0])), min(m, int(start[k1 - 1]) + width)
        k0 = k1


def _band_dots(x: np.ndarray, y: np.ndarray, start: np.ndarray, width: int) -> np.ndarray:
    """``P[k, c] = x[k]·y[start[k] + c]`` (zero past the end of y).

    Rows are taken in blocks; each block multiplies against the span of y its band touches (one BLAS
    product), then keeps its band: some products are wasted, but far fewer cycles than gathering rows.
    """
    n, m = len(x), len(y)
    out = np.zeros((n, width), dtype=np.float32)
    if n == 0 or m == 0:
        return out
    cols = np.arange(width)
    for k0, k1, c0, c1 in _dense_blocks(n, start, width, m):
        if c0 < c1:
            dense = x[k0:k1] @ y[c0:c1].T
            idx = start[k0:k1, None] + cols[None, :] - c0
            valid = (idx < c1 - c0)
            out[k0:k1] = np.take_along_axis(dense, np.minimum(idx, c1 - c0 - 1), axis=1) * valid
    return out


@dataclass
class _Band:
    """What bead scoring needs about a band: 1-1 dots (cumulated along each row), norms, lengths."""

    lo: np.ndarray
    hi: np.ndarray
    width: int
    plo: np.ndarray
    pw: int
    cum: np.ndarray
    sx: list[np.ndarray]
    sy: list[np.ndarray]
    nx: list[np.ndarray]
    ny: list[np.ndarray]
    cx: np.ndarray
    cy: np.ndarray
    m: int


def _prepare(x: np.ndarray, y: np.ndarray, lx: np.ndarray, ly: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> _Band:
    n, m = len(x), len(y)
    amax = max(a for a, _ in SHAPES)
    bmax = max(b for _, b in SHAPES)
    # P band: sentence row k meets targets from plo[k] on.
    nxt = np.minimum(np.arange(n) + 1, n)
    far = np.minimum(np.arange(n) + amax, n)
    plo = np.maximum(lo[nxt] - bmax, 0)
    pw = int(max(1, (hi[far] - plo).max())) if n else 1
    band = _band_dots(x, y, plo, pw)
    cum = np.zeros((n, pw + 1), dtype=np.float64)
    np.cumsum(band, axis=1, out=cum[:, 1:])
    del band
    sx, sy = _adjacent_dots(x, amax), _adjacent_dots(y, bmax)
    return _Band(lo, hi, int((hi - lo).max()) + 1, plo, pw, cum, sx, sy,
                 [_block_norms(sx, a) for a in range(amax + 1)], [_block_norms(sy, b) for b in range(bmax + 1)],
                 _prefix(lx), _prefix(ly), m)


def _bead_scores(bd: _Band, r0: int, r1: int, sc: Scoring) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Score, cosine and Gale–Church log-probability of every shape ending at states of rows r0..r1-1."""
    width, m, plo, pw, cum, sx = bd.width, bd.m, bd.plo, bd.pw, bd.cum, bd.sx
    offs = np.arange(width)
    shape = (len(SHAPES), r1 - r0, width)
    score = np.full(shape, NEG)
    cosine = np.zeros(shape, dtype=np.float32)
    length = np.zeros(shape, dtype=np.float32)
    for t, (a, b) in enumerate(SHAPES):
        rows = np.arange(max(a, r0), r1)
        if len(rows) == 0:
            continue
        out = rows - r0
        cols = bd.lo[rows, None] + offs[None, :]  # state j
        ok = (cols <= bd.hi[rows, None]) & (cols >= b)
        ccols = np.clip(cols, 0, m)
        ls = (bd.cx[rows] - bd.cx[rows - a])[:, None] * sc.ratio
        lt = bd.cy[ccols] - bd.cy[np.clip(cols - b, 0, m)]
        if a == 0 or b == 0:
            logp = _length_logp(ls, lt, sc) if sc.omission_length else np.zeros(cols.shape)
            score[t, out] = np.where(ok, sc.length_weight * logp - PRIOR[(a, b)], NEG)
            length[t, out] = logp
            continue
        ynorm = np.sqrt(bd.ny[b][ccols])
        dot = np.zeros(cols.shape)
        lexical = np.zeros(cols.shape)
        missing = np.zeros(cols.shape)
        per_tgt = [np.zeros(cols.shape) for _ in range(b)]
        for u in range(a):
            k = (rows - a + u)[:, None]
            base = plo[k]
            row_dot = cum[k, np.clip(cols - base, 0, pw)] - cum[k, np.clip(cols - b - base, 0, pw)]
            dot += row_dot
            if a + b > 2:
                sim = _similarity(row_dot, np.sqrt(sx[0][k]) * ynorm, sc)
                lexical += np.minimum(sim, sc.cap)
                missing += _missing(sim, sc.miss_x, k)
                for v in range(b):
                    c = cols - b + v - base
                    per_tgt[v] += cum[k, np.clip(c + 1, 0, pw)] - cum[k, np.clip(c, 0, pw)]
        xnorm = np.sqrt(bd.nx[a][rows])[:, None]
        if a + b > 2:
            for v in range(b):
                tcol = np.clip(cols - b + v, 0, m - 1)
                sim = _similarity(per_tgt[v], xnorm * np.sqrt(bd.sy[0][tcol]), sc)
                lexical += np.minimum(sim, sc.cap)
                missing += _missing(sim, sc.miss_y, tcol)
            lexical /= 2
        else:
            sim = _similarity(dot, xnorm * ynorm, sc)
            lexical = np.minimum(sim, sc.cap)
            missing = _missing(sim, sc.miss_x, rows[:, None] - 1)
            missing += _missing(sim, sc.miss_y, np.clip(cols - 1, 0, m - 1))
        norm = xnorm * ynorm
        cos = np.where(norm > 0, dot / np.where(norm > 0, norm, 1.0), 0.0)
        logp = _length_logp(ls, lt, sc)
        # Log-odds in nats: lexical evidence summed over the bead's sentences, each judged against the
        # other side's whole block and capped (so one strong sentence cannot carry its neighbours), the
        # evidence against members that share too little with that block (so a caption or a stray line is
        # cheaper as an omission than glued to a neighbour), Gale–Church length, and the shape's prior.
        val = sc.lexical * lexical + missing + sc.length_weight * logp - PRIOR[(a, b)]
        score[t, out] = np.where(ok, val, NEG)
        cosine[t, out] = cos
        length[t, out] = logp
    return score, cosine, length


def search(x: np.ndarray, y: np.ndarray, lx: np.ndarray, ly: np.ndarray, lo: np.ndarray, hi: np.ndarray,
           sc: Scoring) -> Path:
    """Best monotonic path through states (i, j), lo[i] ≤ j ≤ hi[i], from (0, 0) to (n, m)."""
    n, m = len(x), len(y)
    bmax = max(b for _, b in SHAPES)
    bd = _prepare(x, y, lx, ly, lo, hi)
    width = bd.width
    # Path scores of the last amax rows only (row i lives at i % ring), padded with NEG on both sides so
    # that every shifted read of a previous row stays inside the array; the path is rebuilt from ``back``.
    left = bmax
    ring = max(a for a, _ in SHAPES) + 1
    dp = np.full((ring, left + 2 * width + 1), NEG)
    # Best scores of paths whose last bead is a 1-0 (this row and the previous), for runs of omissions.
    dele = np.full((2, left + 2 * width + 1), NEG)
    back = np.zeros((n + 1, width), dtype=np.int8)
    # Per state, whether the 1-0 (bit 1) / 0-1 (bit 2) ending there continues a run of them or starts one.
    runs = np.zeros((n + 1, width), dtype=np.int8)
    kept_cos = np.zeros((n + 1, width), dtype=np.float32)  # evidence of the best bead ending at each state
    kept_len = np.zeros((n + 1, width), dtype=np.float32)
    ins, dels = SHAPES.index((0, 1)), SHAPES.index((1, 0))
    # Shapes that consume a source sentence read an earlier row; all of them are gathered in one step.
    prev_t = np.asarray([t for t, (a, _) in enumerate(SHAPES) if a], dtype=np.int64)
    prev_a = np.asarray([SHAPES[t][0] for t in prev_t])
    prev_b = np.asarray([SHAPES[t][1] for t in prev_t])
    k_del = int(np.flatnonzero(prev_t == dels)[0])
    offs = np.arange(width)
    chunk = max(16, CHUNK_CELLS // width)
    for r0 in range(0, n + 1, chunk):
        r1 = min(n + 1, r0 + chunk)
        score, cosine, length = _bead_scores(bd, r0, r1, sc)
        from_prev = score[prev_t]
        for i in range(r0, r1):
            rows = i - prev_a
            ok = rows >= 0
            rows = np.maximum(rows, 0)
            # previous row's index = this row's + shift; a shift past the band reads the NEG padding
            shift = np.minimum(lo[i] - lo[rows] - prev_b, width)
            cand = dp[(rows % ring)[:, None], (left + shift)[:, None] + offs] + from_prev[:, i - r0]
            cand[~ok] = NEG
            flags = np.zeros(width, dtype=np.int8)
            if i > 0:  # a 1-0 either starts a run (its full score) or continues one (its prior only)
                more = dele[(i - 1) % 2, left + int(shift[k_del]) + offs] + _continued(score[dels, i - r0], (1, 0))
                flags[more > cand[k_del]] = 1
                cand[k_del] = np.maximum(cand[k_del], more)
            dele[i % 2, left:left + width] = cand[k_del]
            k = cand.argmax(axis=0)
            best = cand[k, offs]
            arg = prev_t[k].astype(np.int8)
            if i == 0:
                best[0] = 0.0
            # 0-1 beads run along the row: a max-plus prefix scan; a run's first pays its full score, the
            # rest their prior only.
            first = score[ins, i - r0]
            run = _prefix(_continued(first, (0, 1))[1:])
            start = np.full(width, NEG)
            start[1:] = best[:-1] + first[1:] - run[1:]
            scanned = np.maximum.accumulate(start) + run
            flags[1:] |= np.where(scanned[1:] > start[1:] + run[1:] + 1e-9, 2, 0).astype(np.int8)
            moved = scanned > best + 1e-9  # (x - r) + r may round above x
            best[moved] = scanned[moved]
            arg[moved] = ins
            dp[i % ring, left:left + width] = best
            back[i] = arg
            runs[i] = flags
            kept_cos[i] = cosine[arg, i - r0, offs]
            kept_len[i] = length[arg, i - r0, offs]

    beads: list[tuple[int, int, int, int]] = []
    cos_out: list[float] = []
    len_out: list[float] = []
    i, j = n, m
    state = -1  # -1: the best path at (i, j); else the run of omissions (``dels`` or ``ins``) being traced
    while i > 0 or j > 0:
        c = j - lo[i]
        t = int(back[i, c]) if state < 0 else state
        a, b = SHAPES[t]
        beads.append((i - a, a, j - b, b))
        cos_out.append(float(kept_cos[i, c]) if state < 0 else 0.0)
        len_out.append(float(kept_len[i, c]) if state < 0 else 0.0)
        bit = 1 if t == dels else 2 if t == ins else 0
        state = t if bit and runs[i, c] & bit else -1
        i, j = i - a, j - b
    beads.reverse()
    return Path(beads, np.asarray(cos_out[::-1]), np.asarray(len_out[::-1]))


def _continued(first: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Scores of omissions that continue a run, from those that start one: the prior without the length
    evidence. Why: a passage missing from one side (a caption of several lines, an advertisement) is one
    event for the length model, not one per sentence; its first sentence pays Gale–Church's 1-0 distance."""
    return np.where(first > NEG / 2, -PRIOR[shape], NEG)


def _length_logp(ls: np.ndarray, lt: np.ndarray, sc: Scoring) -> np.ndarray:
    """Gale–Church log-probability of target length ``lt`` given source length ``ls`` (already × ratio),
    mixed with the ``LENGTH_OUTLIERS`` share that no length model predicts."""
    delta = np.abs(lt - ls) / np.sqrt(sc.variance * (ls + lt) / 2 + 1.0)
    return np.logaddexp(_log_tail(delta) + math.log1p(-LENGTH_OUTLIERS), math.log(LENGTH_OUTLIERS))


def _similarity(dot: np.ndarray, norm: np.ndarray, sc: Scoring) -> np.ndarray:
    """Normalised similarity: 0 unrelated, 1 a typical translation."""
    cos = np.where(norm > 0, dot / np.where(norm > 0, norm, 1.0), 0.0)
    return (cos - sc.base) / sc.scale


def _missing(sim: np.ndarray, miss: np.ndarray | None, idx: np.ndarray) -> np.ndarray:
    """Nats against the membership of sentences ``idx`` whose similarity to the other block is ``sim``."""
    if miss is None:
        return np.zeros(np.broadcast_shapes(sim.shape, np.shape(idx)))
    return miss[idx] * shortfall(sim)


def shortfall(sim: np.ndarray) -> np.ndarray:
    """How far a normalised similarity falls short of a typical translation's: 1 at an unrelated pair's or
    below, 0 at a typical translation's or above, linear between (the scale of ``Scoring.scale``)."""
    return 1.0 - np.clip(sim, 0.0, 1.0)


def _log_tail(delta: np.ndarray) -> np.ndarray:
    """log P(|Z| ≥ delta) for a standard normal Z: Gale–Church's length evidence.

    log erfc by the Chebyshev fit of Numerical Recipes (``erfcc``, relative error < 1.2e-7), in numpy.
    """
    x = np.abs(delta) / math.sqrt(2)
    t = 1.0 / (1.0 + 0.5 * x)
    poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (
        0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    return np.log(t) - x * x + poly


def anchors(x: np.ndarray, y: np.ndarray, lx: np.ndarray, ly: np.ndarray) -> np.ndarray:
    """Confident 1-1 pairs (i, j), increasing in both: each other's best match, on one monotone chain.

    Each source sentence is compared with the targets within ``window(m)`` of the length diagonal
    (block by block, never the full n×m); a pair is kept when the target's best source in the same
    search is that sentence too, and the longest chain increasing in both coordinates drops the
    crossing pairs that repeated sentences (refrains, formulae) produce.
    """
    n, m = len(x), len(y)
    ux, uy = unit(x), unit(y)
    centre = length_diagonal(lx, ly)[:n]
    win = window(m)
    start = np.clip(centre - win, 0, m)
    row_best = np.full(n, -1, dtype=np.int64)
    row_cos = np.full(n, -np.inf, dtype=np.float32)
    col_best = np.full(m, -1, dtype=np.int64)
    col_cos = np.full(m, -np.inf, dtype=np.float32)
    for k0, k1, c0, c1 in _dense_blocks(n, start, 2 * win + 1, m):
        if c0 >= c1:
            continue
        dense = ux[k0:k1] @ uy[c0:c1].T
        r = np.argmax(dense, axis=1)
        row_best[k0:k1] = r + c0
        row_cos[k0:k1] = dense[np.arange(k1 - k0), r]
        c = np.argmax(dense, axis=0)
        v = dense[c, np.arange(c1 - c0)]
        better = v > col_cos[c0:c1]
        col_cos[c0:c1][better] = v[better]
        col_best[c0:c1][better] = c[better] + k0
    rows = np.flatnonzero((row_best >= 0) & (row_cos > 0))
    rows = rows[col_best[row_best[rows]] == rows]
    chain = _increasing_chain(row_best[rows])
    pts = np.stack([rows[chain], row_best[rows][chain]], axis=1) if len(chain) else np.zeros((0, 2), np.int64)
    return _consistent(pts, centre)


def _consistent(pts: np.ndarray, centre: np.ndarray) -> np.ndarray:
    """Anchors whose distance from the length diagonal agrees with their neighbours' (within ``BUFFER``).

    A monotone chain can still hold a pair a few verses off (a repeated formula); the true path's
    offset from the diagonal changes slowly, so an anchor far from the median offset of the
    ``ANCHOR_NEIGHBOURS`` anchors on each side would pull the band off the path.
    """
    k = ANCHOR_NEIGHBOURS
    if len(pts) < 2 * k + 1:
        return pts
    off = pts[:, 1] - centre[pts[:, 0]]
    med = np.median(np.lib.stride_tricks.sliding_window_view(np.pad(off, k, mode="edge"), 2 * k + 1), axis=1)
    return pts[np.abs(off - med) <= BUFFER]


def _increasing_chain(values: np.ndarray) -> np.ndarray:
    """Indices of a longest strictly increasing subsequence (patience sorting, O(k log k))."""
    tails: list[int] = []  # tails[L] = index of the smallest tail of an increasing run of length L+1
    tail_vals: list[int] = []
    prev = np.full(len(values), -1, dtype=np.int64)
    for k, v in enumerate(values.tolist()):
        pos = bisect.bisect_left(tail_vals, v)
        if pos > 0:
            prev[k] = tails[pos - 1]
        if pos == len(tails):
            tails.append(k)
            tail_vals.append(v)
        else:
            tails[pos] = k
            tail_vals[pos] = v
    out = []
    k = tails[-1] if tails else -1
    while k >= 0:
        out.append(k)
        k = int(prev[k])
    return np.asarray(out[::-1], dtype=np.int64)


def _widen(plo: np.ndarray, phi: np.ndarray, m: int, buffer: int) -> tuple[np.ndarray, np.ndarray]:
    """State-column bounds per row: [plo, phi] widened by ``buffer`` rows and columns, made monotone."""
    n = len(plo) - 1
    win = np.lib.stride_tricks.sliding_window_view(np.pad(plo, buffer, mode="edge"), 2 * buffer + 1).min(axis=1)
    wih = np.lib.stride_tricks.sliding_window_view(np.pad(phi, buffer, mode="edge"), 2 * buffer + 1).max(axis=1)
    lo = np.clip(win - buffer, 0, m)
    hi = np.clip(wih + buffer, 0, m)
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    lo[0], hi[n] = 0, m
    return lo, hi


def _band_around(beads: list[tuple[int, int, int, int]], n: int, m: int, buffer: int) -> tuple[np.ndarray, np.ndarray]:
    """State-column bounds per row covering the given beads, widened by ``buffer`` each way."""
    plo = np.full(n + 1, m, dtype=np.int64)
    phi = np.zeros(n + 1, dtype=np.int64)
    for i0, a, j0, b in beads:
        r0, r1 = min(i0, n), min(i0 + a, n)
        c0, c1 = min(j0, m), min(j0 + b, m)
        plo[r0:r1 + 1] = np.minimum(plo[r0:r1 + 1], c0)
        phi[r0:r1 + 1] = np.maximum(phi[r0:r1 + 1], c1)
    return _widen(plo, phi, m, buffer)


def anchored_band(x: np.ndarray, y: np.ndarray, lx: np.ndarray, ly: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The band of a long document: a corridor between consecutive anchors, widened by ``BUFFER``.

    Between two anchors the path may wander anywhere in their rectangle when it is narrow; when anchors
    are far apart (a stretch with no confident pair) the corridor follows that stretch's own length
    diagonal within ``window`` of it, so memory stays near-linear even where anchors are scarce.
    """
    n, m = len(x), len(y)
    cx = _prefix(lx)
    cy = _prefix(ly)
    plo = np.full(n + 1, m, dtype=np.int64)
    phi = np.zeros(n + 1, dtype=np.int64)
    pts = [(0, 0), *((int(i), int(j)) for i, j in anchors(x, y, lx, ly)), (n, m)]
    for (i0, j0), (i1, j1) in itertools.pairwise(pts):
        rows = np.arange(i0, i1 + 1)
        win = window(j1 - j0)
        if i1 == i0 or win >= j1 - j0:
            c_lo, c_hi = np.full(len(rows), j0), np.full(len(rows), j1)
        else:
            share = (cx[rows] - cx[i0]) / max(cx[i1] - cx[i0], 1.0)
            centre = np.searchsorted(cy, cy[j0] + share * (cy[j1] - cy[j0]))
            c_lo, c_hi = np.clip(centre - win, j0, j1), np.clip(centre + win, j0, j1)
        plo[rows] = np.minimum(plo[rows], c_lo)
        phi[rows] = np.maximum(phi[rows], c_hi)
    return _widen(plo, phi, m, BUFFER)


def align(x: np.ndarray, y: np.ndarray, lx: np.ndarray, ly: np.ndarray, sc: Scoring) -> Path:
    """Full search for small documents; anchored banded search for long ones."""
    n, m = len(x), len(y)
    if n * m <= FULL_CELLS or n < 4 or m < 4:
        return search(x, y, lx, ly, np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64), sc)
    lo, hi = anchored_band(x, y, lx, ly)
    return search(x, y, lx, ly, lo, hi, sc)


def realign(x: np.ndarray, y: np.ndarray, lx: np.ndarray, ly: np.ndarray, sc: Scoring, near: Path) -> Path:
    """Search again within ``BUFFER`` sentences of an earlier path."""
    n, m = len(x), len(y)
    if n * m <= FULL_CELLS:
        return align(x, y, lx, ly, sc)
    lo, hi = _band_around(near.beads, n, m, BUFFER)
    return search(x, y, lx, ly, lo, hi, sc)
