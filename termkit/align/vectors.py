"""Concept bags → dense, normalisable float32 vectors by feature hashing, TF-IDF weighted.

Why hashing: the shared vocabulary of two long documents is large and sparse; hashing it into a few
hundred to a few thousand signed dimensions keeps dot products exact in expectation, lets a merged
bead be the sum of its sentences' vectors (as Vecalign does with embeddings), and turns every
similarity in the DP band into one vectorised numpy product.
"""

from __future__ import annotations

import math
import zlib
from array import array
from collections.abc import Sequence

import numpy as np

from termkit.align.concepts import Bag


def idf(bags_a: Sequence[Bag], bags_b: Sequence[Bag]) -> dict[str, float]:
    """Inverse document frequency over the sentences of both sides (frequent concepts count for less).

    Only concepts both documents use get a weight: the others carry no evidence, only noise in the norms.
    """
    df_a: dict[str, int] = {}
    df_b: dict[str, int] = {}
    for bags, df in ((bags_a, df_a), (bags_b, df_b)):
        for bag in bags:
            for k in bag:
                df[k] = df.get(k, 0) + 1
    n = len(bags_a) + len(bags_b)
    return {k: math.log((n + 1) / (c + df_b[k] + 0.5)) for k, c in df_a.items() if k in df_b}


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
    """Unnormalised hashed TF-IDF vectors, one row per bag (sum rows to merge sentences).

    Concepts without a weight are left out. Cells and values are gathered in compact arrays (not
    lists of Python numbers): a long document has millions of them.
    """
    cache: dict[str, tuple[int, float]] = {k: _slot(k, dims) for k in weights}
    cells = array("q")
    vals = array("f")
    for r, bag in enumerate(bags):
        for k, tf in bag.items():
            w = weights.get(k)
            if w is not None:
                slot, sign = cache[k]
                cells.append(r * dims + slot)
                vals.append(sign * math.sqrt(tf) * w)
    out = np.zeros((len(bags), dims), dtype=np.float32)
    np.add.at(out.reshape(-1), np.frombuffer(cells, dtype=np.int64), np.frombuffer(vals, dtype=np.float32))
    return out
