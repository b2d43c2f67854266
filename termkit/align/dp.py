"""Monotonic alignment by dynamic programming in a band, refined coarse-to-fine.

Why this shape: a full n×m search is quadratic in time and memory, so (as in Vecalign's recursive
approximation) the sentences are merged in pairs until the documents are small, aligned there in
full, and the path is projected back and re-searched within a few sentences of it at each finer
level. Only the 1-1 dot products inside the band are computed; every merged bead's similarity follows
from them, since the dot product of sums is the sum of dot products and the norm of a sum needs only
the dot products of neighbouring sentences.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

#: Bead shapes searched: 1-1, omissions, and merges up to 1-4 / 4-1 (plus 2-2).
SHAPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 4), (4, 1))
FULL_CELLS = 250_000  # documents up to this many sentence pairs are searched in full
MAX_DEPTH = 5  # coarsest blocks: 32 sentences
BUFFER = 8  # sentences searched on each side of the projected coarse path
NEG = -1e18
#: -log P(shape) relative to 1-1, after Gale & Church's (1993) counts, extended to 1-3 and 1-4.
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


@dataclass(frozen=True)
class Path:
    """The chosen beads as (first src, src count, first tgt, tgt count) and each bead's evidence."""

    beads: list[tuple[int, int, int, int]]
    cosine: np.ndarray
    length: np.ndarray


def unit(v: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (zero rows stay zero)."""
    norm = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.where(norm > 0, norm, 1.0)


def calibrate(x: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> tuple[float, float]:
    """Cosine of unrelated pairs (random) and how far above it likely translations (best near the diagonal) sit.

    Estimated from samples at every level of the recursion: sums of many sentences all look alike, so
    what counts as "similar" must be measured where it is used.
    """
    n, m = len(x), len(y)
    k = rng.integers(0, n, size=min(2000, 4 * n))
    r = rng.integers(0, m, size=len(k))
    base = float(np.mean(np.einsum("ij,ij->i", unit(x[k]), unit(y[r]))))
    rows = np.unique(rng.integers(0, n, size=min(200, n)))
    win = 5 + min(m // 10, 200)
    best = []
    for i in rows:
        c = round(i * m / n)
        lo, hi = max(0, c - win), min(m, c + win + 1)
        best.append(float((unit(y[lo:hi]) @ unit(x[i:i + 1])[0]).max()))
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
    cums = [np.concatenate([[0.0], np.cumsum(d)]) for d in dots]
    e = np.arange(size, n + 1)
    total = cums[0][e] - cums[0][e - size]
    for d in range(1, size):
        total += 2 * (cums[d][e - d] - cums[d][e - size])
    out[size:] = total
    return out


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
    k0 = 0
    while k0 < n:
        k1 = min(n, k0 + 128)
        # keep the dense block near 4M cells
        while k1 - k0 > 8 and (k1 - k0) * (int(start[k1 - 1]) + width - int(start[k0])) > 4_000_000:
            k1 = k0 + (k1 - k0) // 2
        c0, c1 = int(start[k0]), min(m, int(start[k1 - 1]) + width)
        if c0 < c1:
            dense = x[k0:k1] @ y[c0:c1].T
            idx = start[k0:k1, None] + cols[None, :] - c0
            valid = (idx < c1 - c0)
            out[k0:k1] = np.take_along_axis(dense, np.minimum(idx, c1 - c0 - 1), axis=1) * valid
        k0 = k1
    return out


def search(x: np.ndarray, y: np.ndarray, lx: np.ndarray, ly: np.ndarray, lo: np.ndarray, hi: np.ndarray,
           sc: Scoring) -> Path:
    """Best monotonic path through states (i, j), lo[i] ≤ j ≤ hi[i], from (0, 0) to (n, m)."""
    n, m = len(x), len(y)
    amax = max(a for a, _ in SHAPES)
    bmax = max(b for _, b in SHAPES)
    width = int((hi - lo).max()) + 1
    # P band: sentence row k meets targets from plo[k] on.
    nxt = np.minimum(np.arange(n) + 1, n)
    far = np.minimum(np.arange(n) + amax, n)
    plo = np.maximum(lo[nxt] - bmax, 0)
    pw = int(max(1, (hi[far] - plo).max())) if n else 1
    band = _band_dots(x, y, plo, pw)
    cum = np.zeros((n, pw + 1), dtype=np.float64)
    np.cumsum(band, axis=1, out=cum[:, 1:])
    sx, sy = _adjacent_dots(x, amax), _adjacent_dots(y, bmax)
    nx = [_block_norms(sx, a) for a in range(amax + 1)]
    ny = [_block_norms(sy, b) for b in range(bmax + 1)]
    cx = np.concatenate([[0.0], np.cumsum(lx)])
    cy = np.concatenate([[0.0], np.cumsum(ly)])

    offs = np.arange(width)
    score = np.full((len(SHAPES), n + 1, width), NEG)
    cosine = np.zeros((len(SHAPES), n + 1, width), dtype=np.float32)
    length = np.zeros((len(SHAPES), n + 1, width), dtype=np.float32)
    for t, (a, b) in enumerate(SHAPES):
        rows = np.arange(a, n + 1)
        cols = lo[rows, None] + offs[None, :]  # state j
        ok = (cols <= hi[rows, None]) & (cols >= b)
        if a == 0 or b == 0:
            score[t, rows] = np.where(ok, -PRIOR[(a, b)], NEG)
            continue
        ccols = np.clip(cols, 0, m)
        ynorm = np.sqrt(ny[b][ccols])
        dot = np.zeros(cols.shape)
        lexical = np.zeros(cols.shape)
        per_tgt = [np.zeros(cols.shape) for _ in range(b)]
        for u in range(a):
            k = (rows - a + u)[:, None]
            base = plo[k]
            row_dot = cum[k, np.clip(cols - base, 0, pw)] - cum[k, np.clip(cols - b - base, 0, pw)]
            dot += row_dot
            if a + b > 2:
                lexical += _capped(row_dot, np.sqrt(sx[0][k]) * ynorm, sc)
                for v in range(b):
                    c = cols - b + v - base
                    per_tgt[v] += cum[k, np.clip(c + 1, 0, pw)] - cum[k, np.clip(c, 0, pw)]
        xnorm = np.sqrt(nx[a][rows])[:, None]
        if a + b > 2:
            for v in range(b):
                tnorm = np.sqrt(sy[0][np.clip(cols - b + v, 0, m - 1)])
                lexical += _capped(per_tgt[v], xnorm * tnorm, sc)
            lexical /= 2
        else:
            lexical = _capped(dot, xnorm * ynorm, sc)
        norm = xnorm * ynorm
        cos = np.where(norm > 0, dot / np.where(norm > 0, norm, 1.0), 0.0)
        ls = (cx[rows] - cx[rows - a])[:, None] * sc.ratio
        lt = cy[ccols] - cy[np.clip(cols - b, 0, m)]
        delta = np.abs(lt - ls) / np.sqrt(sc.variance * (ls + lt) / 2 + 1.0)
        logp = _log_tail(delta)
        # Log-odds in nats: lexical evidence summed over the bead's sentences, each judged against the
        # other side's whole block and capped (so one strong sentence cannot carry its neighbours),
        # Gale–Church length, and the prior of the bead's shape.
        val = sc.lexical * lexical + sc.length_weight * logp - PRIOR[(a, b)]
        score[t, rows] = np.where(ok, val, NEG)
        cosine[t, rows] = cos
        length[t, rows] = logp

    # dp rows padded with NEG on both sides, so that every shifted read of a previous row is a view.
    left = bmax
    dp = np.full((n + 1, left + 2 * width + 1), NEG)
    back = np.zeros((n + 1, width), dtype=np.int8)
    ins = SHAPES.index((0, 1))
    mask = np.empty(width, dtype=bool)
    cand = np.empty(width)
    for i in range(n + 1):
        best = np.full(width, NEG)
        if i == 0:
            best[0] = 0.0
        arg = np.full(width, -1, dtype=np.int8)
        for t, (a, b) in enumerate(SHAPES):
            if a == 0 or a > i:
                continue
            shift = int(lo[i] - lo[i - a]) - b  # previous row's index = this row's + shift
            if shift > width:
                continue
            np.add(dp[i - a, left + shift:left + shift + width], score[t, i], out=cand)
            np.greater(cand, best, out=mask)
            best[mask] = cand[mask]
            arg[mask] = t
        # 0-1 beads run along the row: a max-plus prefix scan.
        run = np.concatenate([[0.0], np.cumsum(score[ins, i, 1:])])
        scanned = np.maximum.accumulate(best - run) + run
        moved = scanned > best + 1e-9  # (x - r) + r may round above x
        best[moved] = scanned[moved]
        arg[moved] = ins
        dp[i, left:left + width] = best
        back[i] = arg

    beads: list[tuple[int, int, int, int]] = []
    cos_out: list[float] = []
    len_out: list[float] = []
    i, j = n, m
    while i > 0 or j > 0:
        t = int(back[i, j - lo[i]])
        a, b = SHAPES[t]
        beads.append((i - a, a, j - b, b))
        cos_out.append(float(cosine[t, i, j - lo[i]]))
        len_out.append(float(length[t, i, j - lo[i]]))
        i, j = i - a, j - b
    beads.reverse()
    return Path(beads, np.asarray(cos_out[::-1]), np.asarray(len_out[::-1]))


def _capped(dot: np.ndarray, norm: np.ndarray, sc: Scoring) -> np.ndarray:
    """Normalised similarity (0 unrelated, 1 a typical translation), capped at ``sc.cap``."""
    cos = np.where(norm > 0, dot / np.where(norm > 0, norm, 1.0), 0.0)
    return np.minimum((cos - sc.base) / sc.scale, sc.cap)


def _log_tail(delta: np.ndarray) -> np.ndarray:
    """log P(|Z| ≥ delta) for a standard normal Z: Gale–Church's length evidence.

    log erfc by the Chebyshev fit of Numerical Recipes (``erfcc``, relative error < 1.2e-7), in numpy.
    """
    x = np.abs(delta) / math.sqrt(2)
    t = 1.0 / (1.0 + 0.5 * x)
    poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (
        0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    return np.log(t) - x * x + poly


def _coarsen(v: np.ndarray) -> np.ndarray:
    if len(v) % 2:
        v = np.concatenate([v, np.zeros((1, *v.shape[1:]), dtype=v.dtype)])
    return v[0::2] + v[1::2]


def _band_around(beads: list[tuple[int, int, int, int]], n: int, m: int, buffer: int,
                 factor: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """State-column bounds per row covering a path scaled by ``factor`` to this level, widened by ``buffer``."""
    plo = np.full(n + 1, m, dtype=np.int64)
    phi = np.zeros(n + 1, dtype=np.int64)
    for i0, a, j0, b in beads:
        r0, r1 = min(factor * i0, n), min(factor * (i0 + a), n)
        c0, c1 = min(factor * j0, m), min(factor * (j0 + b), m)
        plo[r0:r1 + 1] = np.minimum(plo[r0:r1 + 1], c0)
        phi[r0:r1 + 1] = np.maximum(phi[r0:r1 + 1], c1)
    win = np.lib.stride_tricks.sliding_window_view(np.pad(plo, buffer, mode="edge"), 2 * buffer + 1).min(axis=1)
    wih = np.lib.stride_tricks.sliding_window_view(np.pad(phi, buffer, mode="edge"), 2 * buffer + 1).max(axis=1)
    lo = np.clip(win - buffer, 0, m)
    hi = np.clip(wih + buffer, 0, m)
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    lo[0], hi[n] = 0, m
    return lo, hi


def align(x: np.ndarray, y: np.ndarray, lx: np.ndarray, ly: np.ndarray, sc: Scoring, depth: int = 0) -> Path:
    """Coarse-to-fine banded search (full search when the documents are small).

    Blocks of more than 2**MAX_DEPTH sentences all look alike, so the recursion stops there.
    """
    n, m = len(x), len(y)
    if n * m <= FULL_CELLS or n < 4 or m < 4 or depth >= MAX_DEPTH:
        return search(x, y, lx, ly, np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64), sc)
    cx, cy = _coarsen(x), _coarsen(y)
    base, scale = calibrate(cx, cy, np.random.default_rng(len(cx)))
    coarse = align(cx, cy, _coarsen(lx), _coarsen(ly), replace(sc, base=base, scale=scale), depth + 1)
    lo, hi = _band_around(coarse.beads, n, m, BUFFER)
    return search(x, y, lx, ly, lo, hi, sc)


def realign(x: np.ndarray, y: np.ndarray, lx: np.ndarray, ly: np.ndarray, sc: Scoring, near: Path) -> Path:
    """Search again within ``BUFFER`` sentences of an earlier path (the second pass needs no recursion)."""
    n, m = len(x), len(y)
    if n * m <= FULL_CELLS:
        return align(x, y, lx, ly, sc)
    lo, hi = _band_around(near.beads, n, m, BUFFER, factor=1)
    return search(x, y, lx, ly, lo, hi, sc)
