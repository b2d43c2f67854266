"""The DP's inner loops, compiled: one pass over the states of a chunk of rows, and the traceback (see
``dp._Lattice``).

Why compiled (numba): profiled on bible/006 (42,687 × 30,000 sentences), filling the lattice row by row in
numpy cost 5.0 of 27.6 CPU seconds, nearly all of it numpy's per-call overhead on rows a few dozen states
wide (85,000 rows × 2 passes × a dozen array operations). The same arithmetic as plain loops, compiled once
and cached on disk, runs in a fraction of that. The arithmetic and its order are the numpy version's, so
the paths are the same.

Each row is filled in three steps: beads that consume a source sentence, read from the earlier rows kept in
the ring (an a-b bead ending at state (i, j) starts at (i - a, j - b), column j - b - lo[i - a]); runs of
1-0 omissions, which either start (their full score) or continue the previous row's run (their prior only);
then 0-1 omissions, which run along the row itself: a max-plus prefix scan, in which the best run ending at
column c starts at the c' ≤ c maximising best[c' - 1] + first[c'] - run[c'] (``run``: the prefix sums of
the continuing insertions' scores).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numba import njit


def compiled(fn: Callable[..., None]) -> Callable[..., None]:
    """``fn`` compiled, and cached on disk where numba finds a folder it can write (else compiled per process:
    about a second more, the case of another user's read-only installation).

    Division follows numpy's error model (x / 0 is inf or nan, as in the numpy code these loops replace), not
    Python's: Python's checks every divisor and raises, and the check keeps the compiler from vectorising a
    loop (``beads.bead_scores`` ran a third slower with it)."""
    try:
        return njit(cache=True, nogil=True, error_model="numpy")(fn)
    except RuntimeError:
        return njit(nogil=True, error_model="numpy")(fn)


@compiled
def fill_rows(r0: int, r1: int, lo: np.ndarray, score: np.ndarray, ring_scores: np.ndarray, deleted: np.ndarray,
              back: np.ndarray, runs: np.ndarray, shapes: np.ndarray, left: int, neg: float,
              tie: float, deletion: int, insertion: int, deletion_prior: float, insertion_prior: float) -> None:
    """Fill rows r0..r1-1 (``score`` holds their beads' scores, indexed [shape, row - r0, column]).

    ``shapes[t]`` is shape t's (source, target) size; ``ring_scores`` the path scores of the last rows (row i
    in slot i % ring, padded with ``neg`` by ``left`` columns on the left and width + 1 on the right);
    ``deleted`` the best scores ending in a 1-0 on the previous and this row, likewise padded. ``back`` and
    ``runs`` are what traceback reads, per state: the best bead's shape, and whether an omission continues a
    run (bit 1: 1-0, bit 2: 0-1).
    """
    ring = ring_scores.shape[0]
    width = back.shape[1]
    n_shapes = shapes.shape[0]
    best = np.empty(width)
    arg = np.empty(width, dtype=np.int8)
    flags = np.empty(width, dtype=np.int8)
    start = np.empty(width)
    run = np.empty(width)
    for i in range(r0, r1):
        r = i - r0
        for c in range(width):
            flags[c] = 0
            top = neg
            top_t = -1
            for t in range(n_shapes):
                a = shapes[t, 0]
                if a == 0:
                    continue
                prev = i - a
                if prev < 0:
                    cand = neg
                else:
                    shift = min(lo[i] - lo[prev] - shapes[t, 1], width)
                    cand = ring_scores[prev % ring, left + shift + c] + score[t, r, c]
                    if t == deletion and i > 0:
                        more = deleted[(i - 1) % 2, left + shift + c] + (
                            -deletion_prior if score[t, r, c] > neg / 2 else neg)
                        if more > cand:
                            flags[c] = 1
                            cand = more
                if t == deletion:
                    deleted[i % 2, left + c] = cand
                if top_t < 0 or cand > top:
                    top = cand
                    top_t = t
            best[c] = top
            arg[c] = top_t
        if i == 0:
            best[0] = 0.0  # the start state (0, 0)
        run[0] = 0.0
        start[0] = neg
        for c in range(1, width):
            first = score[insertion, r, c]
            run[c] = run[c - 1] + (-insertion_prior if first > neg / 2 else neg)
            start[c] = best[c - 1] + first - run[c]
        peak = neg
        for c in range(width):
            peak = max(peak, start[c])
            scanned = peak + run[c]
            if c > 0 and scanned > start[c] + run[c] + tie:
                flags[c] |= 2
            if scanned > best[c] + tie:
                best[c] = scanned
                arg[c] = insertion
        slot = i % ring
        for c in range(width):
            ring_scores[slot, left + c] = best[c]
            back[i, c] = arg[c]
            runs[i, c] = flags[c]


@compiled
def trace_back(back: np.ndarray, runs: np.ndarray, lo: np.ndarray, n: int, m: int, shapes: np.ndarray,
               deletion: int, insertion: int) -> np.ndarray:
    """The best path from state (n, m) back to (0, 0) as beads (first source, count, first target, count), in
    order: each state's best bead (``back``), or, inside a run of omissions, the run's (``runs``: bit 1 a 1-0
    continues a run, bit 2 a 0-1)."""
    out = np.empty((n + m, 4), dtype=np.int64)  # a path has at most n + m beads
    k = 0
    i, j = n, m
    state = -1  # -1: the best bead at (i, j); else the kind of omission whose run is being followed
    while i > 0 or j > 0:
        c = j - lo[i]
        t = back[i, c] if state < 0 else state
        a, b = shapes[t, 0], shapes[t, 1]
        out[k, 0], out[k, 1], out[k, 2], out[k, 3] = i - a, a, j - b, b
        k += 1
        bit = 1 if t == deletion else 2 if t == insertion else 0
        state = t if bit != 0 and (runs[i, c] & bit) != 0 else -1
        i, j = i - a, j - b
    return out[:k][::-1].copy()
