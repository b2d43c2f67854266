"""Word associations learnt from the document pair itself (Dice over the first pass's beads).

Why: a dictionary never covers a novel's names, a field's jargon or a language pair without one
(de–fr). The first pass's beads are a small parallel corpus; words that keep co-occurring in them
are probably translations, and adding them to the evidence makes the second pass sharper.
The table is also what the glossary suggester can reuse. Co-occurrences are counted over integer
ids in numpy, a batch of beads at a time: a long document's beads pair millions of units, and one
joined frame of strings took over 600 MB on bible/006."""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Sequence

import numpy as np
import polars as pl

Table = dict[str, dict[str, float]]


BEADS_PER_BATCH = 500  # beads whose unit pairs are enumerated at once: some 200,000 pairs, a few MB a temporary


def _ids(pieces: Sequence[Sequence[str]], vocab: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Per bead, the ids of its distinct units (ids assigned in ``vocab``): (bead of each entry, unit id).
    Gathered in C arrays: as lists of Python ints a book's 1.5 M entries took some 60 MB."""
    beads, units = array("q"), array("q")
    for b, piece in enumerate(pieces):
        ids = [vocab.setdefault(u, len(vocab)) for u in set(piece)]
        units.extend(ids)
        beads.extend(itertools.repeat(b, len(ids)))
    return np.frombuffer(beads, dtype=np.int64), np.frombuffer(units, dtype=np.int64)


def _pair_counts(sb: np.ndarray, su: np.ndarray, tb: np.ndarray, tu: np.ndarray, n_t: int, beads: int,
                 totals: tuple[np.ndarray, np.ndarray], min_dice: float) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (source id × n_t + target id) keys over all beads and the number of beads holding each, for the
    pairs that can reach ``min_dice`` given each unit's bead count (``totals``).

    Entries are sorted by bead; each bead's units are paired by index arithmetic, a batch of beads at a time,
    and each batch's distinct keys are kept with their counts packed into the low bits of one int64. A pair
    shares at most the rarer unit's beads, so one whose units' counts differ more than Dice allows (a
    frequent word beside a rare one: most pairs of a long document) is dropped before it is counted.
    """
    cs, ct = totals
    bits = BEADS_PER_BATCH.bit_length()  # a batch's count of a key fits in these low bits
    if n_t and (int(su.max(initial=0)) + 1) * n_t >= 1 << (63 - bits):
        raise ValueError(f"vocabularies too large to pair: {int(su.max()) + 1} × {n_t}")
    t_start = np.searchsorted(tb, np.arange(beads + 1))
    t_len = np.diff(t_start)
    s_start = np.searchsorted(sb, np.arange(beads + 1))
    packed = []
    for b0 in range(0, beads, BEADS_PER_BATCH):
        b1 = min(beads, b0 + BEADS_PER_BATCH)
        ss = slice(s_start[b0], s_start[b1])
        reps = t_len[sb[ss]]
        total = int(reps.sum())
        if total == 0:
            continue
        first = np.repeat(np.cumsum(reps) - reps, reps)  # where each source entry's run starts
        t_idx = np.repeat(t_start[sb[ss]], reps) + (np.arange(total) - first)
        s_id, t_id = np.repeat(su[ss], reps), tu[t_idx]
        s_n, t_n = cs[s_id], ct[t_id]
        possible = 2 * np.minimum(s_n, t_n) / (s_n + t_n) >= min_dice
        k, c = np.unique(s_id[possible] * n_t + t_id[possible], return_counts=True)
        packed.append((k << bits) | c)
    if not packed:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    keys = np.concatenate(packed)
    packed.clear()
    keys.sort()  # in place, key and count in one word: no sort index and no reordered copies (a book's peak)
    counts = keys & ((1 << bits) - 1)
    keys >>= bits
    starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    return keys[starts], np.add.reduceat(counts, starts)


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
    keys, c = _pair_counts(sb[keep_s], su[keep_s], tb[keep_t], tu[keep_t], len(t_vocab), len(src_units), (cs, ct),
                           min_dice)
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
