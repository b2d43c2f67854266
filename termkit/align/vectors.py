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

from termkit.align.band import prefix_sums
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


BUILD_ROWS = 8192  # sentences whose entries ``Hashed`` works out at once: a few MB of temporaries; set, not tuned


class Hashed:
    """A document's hashed TF-IDF vectors, made a block of rows at a time (``band.Rows``): ``v[a:b]`` or
    ``v[row_numbers]`` is that (rows, dims) float32 block, unnormalised (sum rows to merge sentences).

    Why not one matrix: a book's was the largest thing in the aligner's memory (bible/006's 72,687 sentences at
    512 slots: 142 MB, in each pass), while every reader takes a block of rows at a time. Each entry's slot and
    signed value are worked out once, so a block costs one scatter of its entries, and a row's values are the
    same to the bit whichever block it is made in (its own entries, summed in their order).
    Concepts without a weight (0) are left out.
    """

    def __init__(self, rows: BagRows, weights: np.ndarray, dims: int) -> None:
        names = rows.names()
        slot = np.zeros(len(weights), dtype=np.int32)
        sign = np.zeros(len(weights))
        for k in np.flatnonzero(weights).tolist():
            slot[k], sign[k] = _slot(names[k], dims)
        self.dims = dims
        slots, values, counts = [], [], []
        for r0 in range(0, len(rows), BUILD_ROWS):  # a chunk of rows at a time: a book has millions of entries
            r1 = min(len(rows), r0 + BUILD_ROWS)
            k, tf = rows.keys[rows.start[r0]:rows.start[r1]], rows.tf[rows.start[r0]:rows.start[r1]]
            keep = weights[k] != 0
            row = np.repeat(np.arange(r1 - r0), np.diff(rows.start[r0:r1 + 1]))
            k = k[keep]
            slots.append(slot[k])
            values.append((sign[k] * np.sqrt(tf[keep]) * weights[k]).astype(np.float32))
            counts.append(np.bincount(row[keep], minlength=r1 - r0))
        self.slots = np.concatenate(slots) if slots else np.zeros(0, dtype=np.int32)
        self.values = np.concatenate(values) if values else np.zeros(0, dtype=np.float32)
        #: Row r's entries are ``slots[start[r]:start[r + 1]]`` and the same of ``values``.
        self.start = _offsets(np.concatenate(counts) if counts else np.zeros(0, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.start) - 1

    def __getitem__(self, rows: slice | np.ndarray) -> np.ndarray:
        if isinstance(rows, slice):
            a, b, step = rows.indices(len(self))
            if step != 1:
                raise IndexError("Hashed rows take a slice with step 1 or an array of row numbers")
            b = max(a, b)
            counts = np.diff(self.start[a:b + 1])
            entries = np.arange(self.start[a], self.start[b])
        else:
            idx = np.asarray(rows, dtype=np.int64).reshape(-1)
            counts = self.start[idx + 1] - self.start[idx]
            entries = np.arange(int(counts.sum())) + np.repeat(self.start[idx] - _offsets(counts)[:-1], counts)
        out = np.zeros((len(counts), self.dims), dtype=np.float32)
        where = np.repeat(np.arange(len(counts)) * self.dims, counts) + self.slots[entries]
        np.add.at(out.reshape(-1), where, self.values[entries])
        return out


def _offsets(counts: np.ndarray) -> np.ndarray:
    """Where consecutive runs of these lengths start, and the end (``band.prefix_sums`` as int64)."""
    return prefix_sums(counts).astype(np.int64)
