"""Word associations learnt from the document pair itself (Dice over the first pass's beads).

Why: a dictionary never covers a novel's names, a field's jargon or a language pair without one
(de–fr). The first pass's beads are a small parallel corpus; words that keep co-occurring in them
are probably translations, and adding them to the evidence makes the second pass sharper.
The table is also what the glossary suggester can reuse. Co-occurrences are counted over integer
ids in numpy, a batch of beads at a time: a long document's beads pair millions of units, and one
joined frame of strings took over 600 MB on bible/006."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

Table = dict[str, dict[str, float]]


BEADS_PER_BATCH = 2_000  # beads whose unit pairs are enumerated at once: bounds memory to ~1M pairs a batch


def _ids(pieces: Sequence[Sequence[str]], vocab: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Per bead, the ids of its distinct units (ids assigned in ``vocab``): (bead of each entry, unit id)."""
    beads: list[int] = []
    units: list[int] = []
    for b, piece in enumerate(pieces):
        for u in set(piece):
            beads.append(b)
            units.append(vocab.setdefault(u, len(vocab)))
    return np.asarray(beads, dtype=np.int64), np.asarray(units, dtype=np.int64)


def _pair_counts(sb: np.ndarray, su: np.ndarray, tb: np.ndarray, tu: np.ndarray, n_t: int,
                 beads: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (source id × n_t + target id) keys over all beads and the number of beads holding each.

    Entries are sorted by bead; each bead's units are paired by index arithmetic, a batch of beads at a time.
    """
    t_start = np.searchsorted(tb, np.arange(beads + 1))
    t_len = np.diff(t_start)
    s_start = np.searchsorted(sb, np.arange(beads + 1))
    keys, counts = [], []
    for b0 in range(0, beads, BEADS_PER_BATCH):
        b1 = min(beads, b0 + BEADS_PER_BATCH)
        ss = slice(s_start[b0], s_start[b1])
        reps = t_len[sb[ss]]
        total = int(reps.sum())
        if total == 0:
            continue
        first = np.repeat(np.cumsum(reps) - reps, reps)  # where each source entry's run starts
        t_idx = np.repeat(t_start[sb[ss]], reps) + (np.arange(total) - first)
        k, c = np.unique(np.repeat(su[ss], reps) * n_t + tu[t_idx], return_counts=True)
        keys.append(k)
        counts.append(c)
    if not keys:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    k, c = np.concatenate(keys), np.concatenate(counts)
    keys.clear()
    counts.clear()
    order = np.argsort(k, kind="stable")  # one sort and no inverse index: the learning step's peak on a book
    k, c = k[order], c[order]
    del order
    starts = np.flatnonzero(np.concatenate([[True], k[1:] != k[:-1]]))
    return k[starts], np.add.reduceat(c, starts)


def dice_table(src_units: Sequence[Sequence[str]], tgt_units: Sequence[Sequence[str]], *, min_count: int = 3,
               min_dice: float = 0.5, top: int = 2) -> Table:
    """``{source unit: {target unit: Dice}}`` from parallel pieces (one pair of unit lists per bead).

    Counts are per bead (a unit repeated in one bead counts once); each source unit keeps its ``top``
    partners whose Dice coefficient is at least ``min_dice`` over at least ``min_count`` shared beads.
    """
    if not src_units:
        return {}
    s_vocab: dict[str, int] = {}
    t_vocab: dict[str, int] = {}
    (sb, su), (tb, tu) = _ids(src_units, s_vocab), _ids(tgt_units, t_vocab)
    cs, ct = np.bincount(su, minlength=len(s_vocab)), np.bincount(tu, minlength=len(t_vocab))
    keep_s, keep_t = cs[su] >= min_count, ct[tu] >= min_count  # rarer units cannot reach min_count pairs
    keys, c = _pair_counts(sb[keep_s], su[keep_s], tb[keep_t], tu[keep_t], len(t_vocab), len(src_units))
    s_id, t_id = keys // max(len(t_vocab), 1), keys % max(len(t_vocab), 1)
    dice = 2 * c / (cs[s_id] + ct[t_id])
    ok = (c >= min_count) & (dice >= min_dice)
    s_names, t_names = list(s_vocab), list(t_vocab)
    pairs = pl.DataFrame({"s": [s_names[k] for k in s_id[ok]], "t": [t_names[k] for k in t_id[ok]],
                          "dice": dice[ok]}, schema={"s": pl.String, "t": pl.String, "dice": pl.Float64})
    pairs = pairs.sort(["s", "dice", "t"], descending=[False, True, False]).group_by("s", maintain_order=True).head(top)
    table: Table = {}
    for src, tgt, d in pairs.iter_rows():
        table.setdefault(src, {})[tgt] = d
    return table
