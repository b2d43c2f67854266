"""The band: which DP states (i, j) are searched, and the 1-1 dot products inside it that bead scores need.

Why a band: a full n×m search is quadratic in time and memory. Short documents are searched in full.
For long ones (after Bertalign's two steps) each source sentence first looks for its best target in a
window around the length diagonal; the pairs that are each other's best and lie on one monotone chain are
anchors, and the DP then searches only between and around consecutive anchors (``anchored_band``), or
around an earlier path (``band_around``). Only the 1-1 dot products inside the band are computed
(``dots_in_band``); every merged bead's similarity follows from them, since the dot product of sums is the
sum of dot products and the norm of a sum needs only the dot products of neighbouring sentences.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np

#: Sentences searched on each side of anchors or of an earlier path: room for a few merged beads (the largest
#: shape, 1-4, spans 4) around a path that is right within a sentence or two. Also how far (in sentences) an
#: anchor may stray from its neighbours' offset (``_consistent``).
BUFFER = 8
#: The anchor search window, in multiples of √(target sentences): drift from the length diagonal is a
#: random walk of per-sentence length errors, so it grows like √m (the Bible's 30,000 verses drift
#: 3.5√m at worst); 8√m leaves twice that margin.
WINDOW_SQRT = 8.0
MIN_WINDOW = 50  # ... and never fewer sentences than this on each side (a short document is searched whole)
#: Anchors on each side whose median offset from the diagonal judges an anchor: a median of 2·5 + 1 outvotes
#: up to 5 stray anchors in a row (a repeated formula matched a few verses off).
ANCHOR_NEIGHBOURS = 5
#: Row blocks of a dense product (``_dense_blocks``): at most this many rows, halved (down to ``MIN_BLOCK_ROWS``)
#: until rows × target span is near ``BLOCK_CELLS`` (4 M float32 products ≈ 16 MB at a time). Sizes that keep
#: one BLAS call large enough to be efficient and its result small; not tuned beyond that.
MAX_BLOCK_ROWS = 128
MIN_BLOCK_ROWS = 8
BLOCK_CELLS = 4_000_000
#: Rows whose neighbours' dot products are taken at once (``_adjacent_dots``): a few MB of vectors. Set, not tuned.
ADJACENT_ROWS = 4096


def prefix_sums(v: np.ndarray) -> np.ndarray:
    """Prefix sums with a leading 0: the total of ``v[a:b]`` is ``out[b] - out[a]``."""
    return np.concatenate([[0.0], np.cumsum(v)])


def unit(v: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (zero rows stay zero)."""
    norm = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.where(norm > 0, norm, 1.0)


def length_diagonal(lx: np.ndarray, ly: np.ndarray) -> np.ndarray:
    """For each source position 0..n, the target position at the same fraction of the text's characters."""
    cx = prefix_sums(lx) / max(float(lx.sum()), 1.0)
    cy = prefix_sums(ly) / max(float(ly.sum()), 1.0)
    return np.clip(np.searchsorted(cy, cx), 0, len(ly)).astype(np.int64)


def window(m: int) -> int:
    """Half-width of a search around a length diagonal over m target sentences (see ``WINDOW_SQRT``)."""
    return min(m, max(MIN_WINDOW, int(WINDOW_SQRT * math.sqrt(m))))


def _dense_blocks(n: int, start: np.ndarray, width: int, m: int,
                  cells: int = BLOCK_CELLS) -> Iterator[tuple[int, int, int, int]]:
    """Row blocks [k0, k1) and the target span [c0, c1) their bands touch, each product near ``cells``."""
    k0 = 0
    while k0 < n:
        k1 = min(n, k0 + MAX_BLOCK_ROWS)
        while k1 - k0 > MIN_BLOCK_ROWS and (k1 - k0) * (int(start[k1 - 1]) + width - int(start[k0])) > cells:
            k1 = k0 + (k1 - k0) // 2
        yield k0, k1, max(0, int(start[k0])), min(m, int(start[k1 - 1]) + width)
        k0 = k1


class Rows(Protocol):
    """Sentence vectors read a block of rows at a time (a slice, or an array of row numbers): an array, or
    vectors made block by block (the hashed concept vectors, ``vectors.Hashed``; ``dp``'s concept and encoder
    vectors side by side) so that the whole matrix never exists at once."""

    def __len__(self) -> int: ...

    def __getitem__(self, rows: slice | np.ndarray, /) -> np.ndarray: ...


def anchors(x: Rows, y: Rows, lx: np.ndarray, ly: np.ndarray) -> np.ndarray:
    """Confident 1-1 pairs (i, j), increasing in both: each other's best match, on one monotone chain.

    Each source sentence is compared with the targets within ``window(m)`` of the length diagonal
    (block by block, never the full n×m, and normalised block by block: a copy of the whole of a book's
    vectors would be the largest thing in memory); a pair is kept when the target's best source in the same
    search is that sentence too, and the longest chain increasing in both coordinates drops the
    crossing pairs that repeated sentences (refrains, formulae) produce.
    """
    n, m = len(x), len(y)
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
        dense = unit(x[k0:k1]) @ unit(y[c0:c1]).T
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
    chain = increasing_chain(row_best[rows])
    pts = np.stack([rows[chain], row_best[rows][chain]], axis=1) if len(chain) else np.zeros((0, 2), np.int64)
    return consistent_anchors(pts, centre)


def consistent_anchors(pts: np.ndarray, centre: np.ndarray) -> np.ndarray:
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


def increasing_chain(values: np.ndarray) -> np.ndarray:
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


def band_around(beads: list[tuple[int, int, int, int]], n: int, m: int,
                buffer: int = BUFFER) -> tuple[np.ndarray, np.ndarray]:
    """State-column bounds per row covering the given beads, widened by ``buffer`` each way."""
    plo = np.full(n + 1, m, dtype=np.int64)
    phi = np.zeros(n + 1, dtype=np.int64)
    for i0, a, j0, b in beads:
        r0, r1 = min(i0, n), min(i0 + a, n)
        c0, c1 = min(j0, m), min(j0 + b, m)
        plo[r0:r1 + 1] = np.minimum(plo[r0:r1 + 1], c0)
        phi[r0:r1 + 1] = np.maximum(phi[r0:r1 + 1], c1)
    return _widen(plo, phi, m, buffer)


def anchored_band(x: Rows, y: Rows, lx: np.ndarray, ly: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The band of a long document: a corridor between consecutive anchors, widened by ``BUFFER``.

    Between two anchors the path may wander anywhere in their rectangle when it is narrow; when anchors
    are far apart (a stretch with no confident pair) the corridor follows that stretch's own length
    diagonal within ``window`` of it, so memory stays near-linear even where anchors are scarce.
    """
    n, m = len(x), len(y)
    cx = prefix_sums(lx)
    cy = prefix_sums(ly)
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


@dataclass
class Band:
    """What bead scoring needs about a band: its bounds, the 1-1 dot products inside it (cumulated along
    each source sentence's targets, so a target block's dot product is one subtraction), the dot products
    of neighbouring sentences (for the norms of merged blocks), and character counts (for Gale–Church).

    State (i, j) means "source sentences [0, i) and target sentences [0, j) are aligned"; row i holds the
    states lo[i] ≤ j ≤ hi[i], stored at column j - lo[i].
    """

    lo: np.ndarray  # per row i in 0..n, the first target state searched (non-decreasing, lo[0] = 0)
    hi: np.ndarray  # per row i in 0..n, the last target state searched (non-decreasing, hi[n] = m)
    width: int  # states in the widest row, max(hi - lo) + 1: the width of every DP row array
    #: Per source sentence k, the first target whose dot product with it is kept: a bead that holds sentence k
    #: ends on a row in k+1 .. k+max_src and reaches back at most max_tgt targets from its state, so it touches
    #: no target before lo[k + 1] - max_tgt.
    dot_lo: np.ndarray
    dot_width: int  # targets kept per source sentence (at least 1): from dot_lo[k] to the farthest state
    #: dot_cum[k, c] = Σ x[k]·y[dot_lo[k] + c'] over c' < c (float64, n × (dot_width + 1)): the dot product of
    #: x[k] with targets [j0, j1) is dot_cum[k, j1 - dot_lo[k]] - dot_cum[k, j0 - dot_lo[k]].
    dot_cum: np.ndarray
    #: src_adjacent[d][k] = x[k]·x[k+d] for d < max_src (d = 0: squared norms); likewise tgt_adjacent for y.
    src_adjacent: list[np.ndarray]
    tgt_adjacent: list[np.ndarray]
    #: src_block_norms[a][e] = |x[e-a] + … + x[e-1]|², for a in 0..max_src and e in 0..n; likewise for targets.
    src_block_norms: list[np.ndarray]
    tgt_block_norms: list[np.ndarray]
    src_chars: np.ndarray  # prefix sums of source lengths in characters: a block's length is one subtraction
    tgt_chars: np.ndarray  # ... and of target lengths
    m: int  # target sentences


def _adjacent_dots(v: Rows, span: int) -> list[np.ndarray]:
    """``dots[d][k] = v[k]·v[k+d]`` for d < span, padded with zeros to len(v); ``ADJACENT_ROWS`` rows at a time."""
    n = len(v)
    out = [np.zeros(n, dtype=np.float64) for _ in range(span)]
    for k0 in range(0, n, ADJACENT_ROWS):
        k1 = min(n, k0 + ADJACENT_ROWS)
        block = v[k0:min(n, k1 + span - 1)]
        for d in range(span):
            rows = min(k1, n - d) - k0
            if rows > 0:
                out[d][k0:k0 + rows] = np.einsum("ij,ij->i", block[:rows], block[d:d + rows], dtype=np.float64)
    return out


def _block_norms(dots: list[np.ndarray], size: int) -> np.ndarray:
    """Squared norm of the sum of ``size`` consecutive vectors ending before index e, for e in 0..n."""
    n = len(dots[0])
    out = np.zeros(n + 1)
    if size == 0:
        return out
    cums = [prefix_sums(d) for d in dots]
    e = np.arange(size, n + 1)
    total = cums[0][e] - cums[0][e - size]
    for d in range(1, size):
        total += 2 * (cums[d][e - d] - cums[d][e - size])
    out[size:] = total
    return out


def _band_blocks(x: Rows, y: Rows, start: np.ndarray, width: int) -> Iterator[tuple[int, int, np.ndarray]]:
    """Row blocks [k0, k1) of ``band_dots`` with their products: ``P[k0:k1]``, float32."""
    n, m = len(x), len(y)
    if n == 0 or m == 0:
        return
    cols = np.arange(width)
    for k0, k1, c0, c1 in _dense_blocks(n, start, width, m):
        if c0 < c1:
            dense = x[k0:k1] @ y[c0:c1].T
            idx = start[k0:k1, None] + cols[None, :] - c0
            valid = (idx < c1 - c0)
            yield k0, k1, np.take_along_axis(dense, np.minimum(idx, c1 - c0 - 1), axis=1) * valid


def band_dots(x: Rows, y: Rows, start: np.ndarray, width: int) -> np.ndarray:
    """``P[k, c] = x[k]·y[start[k] + c]`` (zero past the end of y).

    Rows are taken in blocks; each block multiplies against the span of y its band touches (one BLAS
    product), then keeps its band: some products are wasted, but far fewer cycles than gathering rows.
    """
    out = np.zeros((len(x), width), dtype=np.float32)
    for k0, k1, block in _band_blocks(x, y, start, width):
        out[k0:k1] = block
    return out


def dots_in_band(x: Rows, y: Rows, lx: np.ndarray, ly: np.ndarray, lo: np.ndarray, hi: np.ndarray,
                 max_src: int, max_tgt: int) -> Band:
    """The ``Band`` of states lo[i] ≤ j ≤ hi[i] for beads of up to ``max_src`` source and ``max_tgt`` target
    sentences."""
    n, m = len(x), len(y)
    nxt = np.minimum(np.arange(n) + 1, n)
    far = np.minimum(np.arange(n) + max_src, n)
    dot_lo = np.maximum(lo[nxt] - max_tgt, 0)
    dot_width = int(max(1, (hi[far] - dot_lo).max())) if n else 1
    cum = np.zeros((n, dot_width + 1), dtype=np.float64)
    for k0, k1, block in _band_blocks(x, y, dot_lo, dot_width):  # cumulated block by block: no n × width copy
        np.cumsum(block, axis=1, out=cum[k0:k1, 1:])
    sx, sy = _adjacent_dots(x, max_src), _adjacent_dots(y, max_tgt)
    return Band(lo, hi, int((hi - lo).max()) + 1, dot_lo, dot_width, cum, sx, sy,
                [_block_norms(sx, a) for a in range(max_src + 1)], [_block_norms(sy, b) for b in range(max_tgt + 1)],
                prefix_sums(lx), prefix_sums(ly), m)
