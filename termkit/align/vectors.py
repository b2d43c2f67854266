"""Concept bags → dense, normalisable float32 vectors by feature hashing, TF-IDF weighted.

Why hashing: the shared vocabulary of two long documents is large and sparse; hashing it into a few
hundred to a few thousand signed dimensions keeps dot products exact in expectation, lets a merged
bead be the sum of its sentences' vectors (as Vecalign does with embeddings), and turns every
similarity in the DP band into one vectorised numpy product.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence

import numpy as np

from termkit.align.concepts import Bag


def idf(bags_a: Sequence[Bag], bags_b: Sequence[Bag]) -> dict[str, float]:
    """Inverse document frequency over the sentences of both sides (frequent concepts count for less)."""
    df: dict[str, int] = {}
    for bag in (*bags_a, *bags_b):
        for k in bag:
            df[k] = df.get(k, 0) + 1
    n = len(bags_a) + len(bags_b)
    return {k: math.log((n + 1) / (c + 0.5)) for k, c in df.items()}


def dims_for(vocab: int, rows: int, budget_bytes: int = 160 << 20) -> int:
    """A power of two near twice the vocabulary, between 256 and 4096, within the memory budget."""
    d = 256
    while d < 2 * vocab and d < 4096 and rows * 2 * d * 4 <= budget_bytes:
        d *= 2
    return d


def _slot(key: str, dims: int) -> tuple[int, float]:
    h = zlib.crc32(key.encode("utf-8"))
    return h % dims, (1.0 if (h >> 20) & 1 else -1.0)


def embed(bags: Sequence[Bag], weights: dict[str, float], dims: int) -> np.ndarray:
    """Unnormalised hashed TF-IDF vectors, one row per bag (sum rows to merge sentences)."""
    out = np.zeros((len(bags), dims), dtype=np.float32)
    cache: dict[str, tuple[int, float]] = {}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for r, bag in enumerate(bags):
        for k, tf in bag.items():
            slot = cache.get(k)
            if slot is None:
                slot = cache[k] = _slot(k, dims)
            rows.append(r)
            cols.append(slot[0])
            vals.append(slot[1] * math.sqrt(tf) * weights.get(k, 0.0))
    np.add.at(out, (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)),
              np.asarray(vals, dtype=np.float32))
    return out
