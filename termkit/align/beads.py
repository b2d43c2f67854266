"""Bead scores, compiled: the evidence of every shape ending at every state of a chunk of rows (see
``dp.bead_scores``, which says what the evidence is).

Why compiled (numba): profiled on bible/006 (42,687 × 30,000 sentences), scoring beads shape by shape in
numpy cost 7.9-9.3 of 25-28 CPU seconds, the largest item once the lattice was compiled: a few hundred
passes over temporary arrays per chunk. Here a row of one shape is worked out in a few loops over its
states, each simple enough for the compiler to vectorise, into a scratch row per quantity: 1.8-1.9 CPU
seconds (0.3 of them loading the compiled code from numba's cache; compiling it the first time takes about
5 s). Over half of what is left is the length evidence's log, exp and log1p, which stay calls into the
maths library. The arithmetic and its order are the numpy version's (sums in member order, the joined
blocks' term in float32 as their vectors), so the scores are the same to the bit but in the last bit or two
of 1 in 12,000 (numpy's vectorised log rounds 0.35% of its results the other way from the maths library's;
measured on bible/006: at most 3.6e-15 in a score) and the paths are the same.

A bead that fits ends at a state (i, j) of the band with j ≥ b; every target block it reads then lies in
the dot products ``band.dots_in_band`` keeps for its source sentences (see ``Band.dot_lo``), so no index
needs clipping. The loops run over c = j - j0 on slices that start at the row's first state: an index
the compiler knows is not negative reads contiguous memory (an offset index, which Python semantics let
wrap around, made each read a gather: measured four times slower).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numba import njit

from termkit.align.lattice import compiled

SQRT2 = math.sqrt(2)  # P(|Z| ≥ δ) = erfc(δ / √2)

#: Small helpers are inlined into the kernel (numba's own inlining: called across compiled functions, each
#: call would pass the band's arrays by value, and the kernel ran twice as slow).
_inline = njit(inline="always", error_model="numpy")


class Weights(NamedTuple):
    """``dp.Scoring``'s numbers, as the compiled code reads them (a named tuple: numba takes no dataclass)."""

    lexical: float
    cap: float
    length_weight: float
    ratio: float
    variance: float
    base: float
    scale: float
    omission_length: bool
    encoder: float  # 0: no encoder term
    enc_base: float
    enc_scale: float
    log_inlier: float  # log(1 - dp.LENGTH_OUTLIERS)
    log_outlier: float  # log(dp.LENGTH_OUTLIERS)
    quote: float  # nats a bead pays when its two sides leave a quotation open differently (0: not charged)


class BandArrays(NamedTuple):
    """What bead scoring reads of a ``band.Band`` (its fields of the same names; the norms as tuples)."""

    dot_lo: np.ndarray
    dot_cum: np.ndarray
    src_sq: np.ndarray  # src_adjacent[0]: squared norms
    tgt_sq: np.ndarray
    src_block_norms: tuple[np.ndarray, ...]
    tgt_block_norms: tuple[np.ndarray, ...]


@_inline
def _logaddexp(x: float, y: float) -> float:
    """log(e^x + e^y), as numpy's ``logaddexp`` computes it."""
    if x == y:
        return x + math.log(2.0)
    d = x - y
    if d > 0:
        return x + math.log1p(math.exp(-d))
    return y + math.log1p(math.exp(d))


@_inline
def _cosine(dot: float, norm: float) -> float:
    """dot / norm, 0 for an empty block."""
    return dot / norm if norm > 0 else 0.0


@_inline
def _similarity(dot: float, norm: float, w: Weights) -> float:
    """Normalised similarity: 0 unrelated, 1 a typical translation."""
    return (_cosine(dot, norm) - w.base) / w.scale


@_inline
def _shortfall(sim: float) -> float:
    """``dp.shortfall`` of one similarity."""
    return 1.0 - min(max(sim, 0.0), 1.0)


#: Rows of the kernel's scratch, one value per state of a row: a block dot product, lexical evidence, miss
#: charges, a target member's dot product, the bead's score so far, its cosine, the encoder's term, the
#: length evidence, its parts and its inputs.
DOT, LEXICAL, MISSING, PART, VAL, ENC, LENGTH, T, X2, POLY, LS, LT = range(12)
ROWS = 12


@_inline
def _gale_church(ls: np.ndarray, lt: np.ndarray, n: int, w: Weights, buf: np.ndarray) -> None:
    """Gale–Church log-probability (buf[LENGTH, :n]) of target lengths ``lt`` given source lengths ``ls``
    (already × ratio), mixed with the share that no length model predicts (``dp.LENGTH_OUTLIERS``, in
    ``w.log_outlier``).

    Gale & Church's δ = (l₂ - c·l₁) / √(s²·l₁), with the mean of the two lengths (in target characters) for
    l₁ so that the evidence is the same whichever side is called the source, and one character's variance
    (+ 1) under the root so that two empty sentences give δ = 0, not 0 / 0. Its evidence is log P(|Z| ≥ δ)
    for a standard normal Z, = log erfc(δ / √2), by the Chebyshev fit of Numerical Recipes (Press et al., 2nd
    ed., §6.2, ``erfcc``: its ten coefficients below, relative error < 1.2e-7). The polynomial is one loop
    (vectorised), the logarithms and exponentials another (calls into the maths library).
    """
    for c in range(n):
        x = abs(lt[c] - ls[c]) / math.sqrt(w.variance * (ls[c] + lt[c]) / 2 + 1.0) / SQRT2
        t = 1.0 / (1.0 + 0.5 * x)
        buf[T, c] = t
        buf[X2, c] = x * x
        buf[POLY, c] = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (
            0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    for c in range(n):
        tail = math.log(buf[T, c]) - buf[X2, c] + buf[POLY, c]
        buf[LENGTH, c] = _logaddexp(tail + w.log_inlier, w.log_outlier)


@_inline
def _length_row(ls: float, tgt_chars: np.ndarray, b: int, j0: int, n: int, w: Weights, buf: np.ndarray) -> None:
    """``_gale_church`` of the target blocks [j - b, j), j0 ≤ j < j0 + n, against one source length ``ls``."""
    ends, starts = tgt_chars[j0:j0 + n], tgt_chars[j0 - b:j0 - b + n]
    for c in range(n):
        buf[LT, c] = ends[c] - starts[c]
        buf[LS, c] = ls
    _gale_church(buf[LS], buf[LT], n, w, buf)


@compiled
def length_logp(ls: np.ndarray, lt: np.ndarray, w: Weights) -> np.ndarray:
    """``_gale_church`` of each (source, target) length pair: the same evidence for beads anywhere."""
    buf = np.empty((ROWS, len(ls)))
    _gale_church(ls, lt, len(ls), w, buf)
    return buf[LENGTH].copy()


@_inline
def _block_dots(bd: BandArrays, i: int, a: int, b: int, j0: int, n: int, buf: np.ndarray) -> None:
    """buf[DOT, j - j0] = (x[i-a] + … + x[i-1])·(y[j-b] + … + y[j-1]) for j0 ≤ j < j0 + n, in member order."""
    for c in range(n):
        buf[DOT, c] = 0.0
    for k in range(i - a, i):
        s = j0 - bd.dot_lo[k]
        ends, starts = bd.dot_cum[k, s:s + n], bd.dot_cum[k, s - b:s - b + n]
        for c in range(n):
            buf[DOT, c] += ends[c] - starts[c]


@_inline
def _members(bd: BandArrays, i: int, a: int, b: int, j0: int, n: int, w: Weights, miss_x: np.ndarray,
             miss_y: np.ndarray, buf: np.ndarray) -> None:
    """Lexical evidence (capped, averaged over the two sides: buf[LEXICAL]) and miss charges (buf[MISSING]) of
    a merged bead's members, for the states j0 ≤ j < j0 + n of row i: each source sentence against the target
    block, each target sentence against the source block."""
    for c in range(n):
        buf[LEXICAL, c] = 0.0
        buf[MISSING, c] = 0.0
    tgt_norms = bd.tgt_block_norms[b][j0:j0 + n]
    for k in range(i - a, i):
        s, xk, miss = j0 - bd.dot_lo[k], math.sqrt(bd.src_sq[k]), miss_x[k]
        ends, starts = bd.dot_cum[k, s:s + n], bd.dot_cum[k, s - b:s - b + n]
        for c in range(n):
            sim = _similarity(ends[c] - starts[c], xk * math.sqrt(tgt_norms[c]), w)
            buf[LEXICAL, c] += min(sim, w.cap)
            buf[MISSING, c] += miss * _shortfall(sim)
    xnorm = math.sqrt(bd.src_block_norms[a][i])
    for v in range(b):
        first = j0 - b + v  # target member v of the bead ending at j0
        for c in range(n):
            buf[PART, c] = 0.0  # its dot product with the source block, summed in member order
        for k in range(i - a, i):
            s = first - bd.dot_lo[k]
            ends, starts = bd.dot_cum[k, s + 1:s + 1 + n], bd.dot_cum[k, s:s + n]
            for c in range(n):
                buf[PART, c] += ends[c] - starts[c]
        tgt_sq, miss = bd.tgt_sq[first:first + n], miss_y[first:first + n]
        for c in range(n):
            sim = _similarity(buf[PART, c], xnorm * math.sqrt(tgt_sq[c]), w)
            buf[LEXICAL, c] += min(sim, w.cap)
            buf[MISSING, c] += miss[c] * _shortfall(sim)
    for c in range(n):
        buf[LEXICAL, c] /= 2


@_inline
def _merge_row(bd: BandArrays, i: int, a: int, b: int, j0: int, n: int, w: Weights, miss_x: np.ndarray,
               miss_y: np.ndarray, buf: np.ndarray) -> None:
    """Weighted lexical evidence plus miss charges (buf[VAL]) of the a-b beads (a, b ≥ 1) ending at states
    j0 ≤ j < j0 + n of row i."""
    _block_dots(bd, i, a, b, j0, n, buf)
    xnorm = math.sqrt(bd.src_block_norms[a][i])
    tgt_norms = bd.tgt_block_norms[b][j0:j0 + n]
    if a + b > 2:
        _members(bd, i, a, b, j0, n, w, miss_x, miss_y, buf)
        for c in range(n):
            buf[VAL, c] = w.lexical * buf[LEXICAL, c] + buf[MISSING, c]
    else:
        mx, my = miss_x[i - 1], miss_y[j0 - 1:j0 - 1 + n]
        for c in range(n):
            sim = _similarity(buf[DOT, c], xnorm * math.sqrt(tgt_norms[c]), w)
            buf[VAL, c] = w.lexical * min(sim, w.cap) + (mx * _shortfall(sim) + my[c] * _shortfall(sim))


@_inline
def _encoder_row(ebd: BandArrays, i: int, a: int, b: int, j0: int, n: int, w: Weights, buf: np.ndarray) -> None:
    """Nats the encoder adds (buf[ENC]) to the a-b beads ending at states j0 ≤ j < j0 + n of row i, by their
    summed vectors."""
    _block_dots(ebd, i, a, b, j0, n, buf)
    xnorm = math.sqrt(ebd.src_block_norms[a][i])
    tgt_norms = ebd.tgt_block_norms[b][j0:j0 + n]
    per_sentence = w.encoder * (a + b) / 2
    for c in range(n):
        cos = _cosine(buf[DOT, c], xnorm * math.sqrt(tgt_norms[c]))
        buf[ENC, c] = per_sentence * min((cos - w.enc_base) / w.enc_scale, w.cap)


@_inline
def _with_joined(joined: np.ndarray, a: int, b: int, n: int, w: Weights, buf: np.ndarray) -> None:
    """The mean of buf[ENC] (the summed vectors' term) and the joined blocks' (their cosines ``joined``), the
    latter in float32 as numpy computes on those float32 cosines."""
    base, scale, cap = np.float32(w.enc_base), np.float32(w.enc_scale), np.float32(w.cap)
    weight = np.float32(w.encoder * (a + b) / 2)
    for c in range(n):
        buf[ENC, c] = (buf[ENC, c] + weight * min((joined[c] - base) / scale, cap)) / 2


@compiled
def bead_scores(r0: int, r1: int, lo: np.ndarray, hi: np.ndarray, shapes: np.ndarray, priors: np.ndarray,
                src_chars: np.ndarray, tgt_chars: np.ndarray, bd: BandArrays, ebd: BandArrays,
                joined: np.ndarray, by_joined: np.ndarray, w: Weights, miss_x: np.ndarray, miss_y: np.ndarray,
                quotes_x: np.ndarray, quotes_y: np.ndarray, score: np.ndarray) -> None:
    """Fill ``score`` ([shape, row - r0, column]) at the states of rows r0..r1-1 where each bead fits; the
    caller fills the rest beforehand.

    ``shapes[t]`` is shape t's (source, target) size and ``priors[t]`` its prior; ``ebd`` the encoder's band
    (read when ``w.encoder`` is not 0); ``joined[t]`` the cosines of shape t's joined blocks at each state, for
    the shapes ``by_joined`` marks (an empty array where none is); ``miss_x`` / ``miss_y`` the miss charges.
    """
    buf = np.empty((ROWS, score.shape[2]))
    for t in range(shapes.shape[0]):
        a, b = shapes[t, 0], shapes[t, 1]
        merged = a > 0 and b > 0
        for i in range(max(a, r0), r1):
            r = i - r0
            j0 = max(lo[i], b)  # the states where an a-b bead fits: j0 ≤ j ≤ hi[i]
            n = hi[i] + 1 - j0
            if merged:
                _merge_row(bd, i, a, b, j0, n, w, miss_x, miss_y, buf)
            else:
                buf[VAL, :n] = 0.0
            if merged or w.omission_length:
                _length_row((src_chars[i] - src_chars[i - a]) * w.ratio, tgt_chars, b, j0, n, w, buf)
            else:
                buf[LENGTH, :n] = 0.0
            out_score = score[t, r, j0 - lo[i]:]
            for c in range(n):
                out_score[c] = buf[VAL, c] + w.length_weight * buf[LENGTH, c] - priors[t]
            if w.quote != 0.0:
                qs = quotes_x[i] - quotes_x[i - a]
                ends, starts = quotes_y[j0:j0 + n], quotes_y[j0 - b:j0 - b + n]
                for c in range(n):
                    out_score[c] -= w.quote * ((qs - ends[c] + starts[c]) & 1)
            if merged and w.encoder != 0.0:
                _encoder_row(ebd, i, a, b, j0, n, w, buf)
                if by_joined[t]:
                    _with_joined(joined[t, r, j0 - lo[i]:], a, b, n, w, buf)
                for c in range(n):
                    out_score[c] += buf[ENC, c]
