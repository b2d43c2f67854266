"""Concept bags → dense, normalisable float32 vectors by feature hashing, TF-IDF weighted.

Why hashing: the shared vocabulary of two long documents is large and sparse; hashing it into a few
hundred to a few thousand signed dimensions keeps dot products exact in expectation, lets a merged
bead be the sum of its sentences' vectors (as Vecalign does with embeddings), and turns every
similarity in the DP band into one vectorised numpy product.
"""

from __future__ import annotations

import math
import zlib

import numpy as np

from termkit.align.concepts import BagRows


def idf(rows_a: BagRows, rows_b: BagRows) -> np.ndarray:
    """Inverse document frequency over the sentences of both sides (frequent concepts count for less), per
    concept id of their shared vocabulary.

    Only concepts both documents use get a weight: the others (0 here) carry no evidence, only noise in the norms.
    """
    size = len(rows_a.vocab)
    df_a = np.bincount(rows_a.keys, minlength=size)
    df_b = np.bincount(rows_b.keys, minlength=size)
    n = len(rows_a) + len(rows_b)
    out = np.zeros(size)
    for k in np.flatnonzero((df_a > 0) & (df_b > 0)).tolist():
        out[k] = math.log((n + 1) / (int(df_a[k]) + int(df_b[k]) + 0.5))
    return out


def dims_for(vocab: int, rows: int, budget_bytes: int = 160 << 20) -> int:
    """A power of two near twice the vocabulary, between 256 and 4096, within the memory budget."""
    d = 256
    while d < 2 * vocab and d < 4096 and rows * 2 * d * 4 <= budget_bytes:
        d *= 2
    return d


def _slot(key: str, dims: int) -> tuple[int, float]:
    h = zlib.crc32(key.encode("utf-8"))
    return h % dims, (1.0 if (h >> 20) & 1 else -1.0)


def embed(rows: BagRows, weights: np.ndarray, dims: int) -> np.ndarray:
    """Unnormalised hashed TF-IDF vectors, one row per bag (sum rows to merge sentences).

    Concepts without a weight (0) are left out; each concept's slot and sign are worked out once.
    """
    names = rows.names()
    slot = np.zeros(len(weights), dtype=np.int64)
    sign = np.zeros(len(weights))
    for k in np.flatnonzero(weights).tolist():
        slot[k], sign[k] = _slot(names[k], dims)
    keys = rows.keys
    keep = weights[keys] != 0
    k = keys[keep]
    vals = (sign[k] * np.sqrt(rows.tf[keep]) * weights[k]).astype(np.float32)
    out = np.zeros((len(rows), dims), dtype=np.float32)
    np.add.at(out.reshape(-1), rows.rows()[keep] * dims + slot[k], vals)
    return out
