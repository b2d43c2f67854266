"""Pair Chinese and English candidates by how consistently they share aligned pairs.

Why log-likelihood, Bonferroni and mutual best: a frequent word co-occurs with everything, so raw co-occurrence counts
favour noise; Dunning's log-likelihood ratio (G²) asks whether two candidates share pairs more often than
their own frequencies predict, and stays reliable for rare events where chi-square does not; its
threshold grows with the number of pairs tested, so a small memory does not yield chance pairs. A pair is
kept only when each side is the other's best partner (competitive linking, Melamed 2000), which drops
the many near-misses that nest inside or around the right pair ("Israel" ↔ 以色列人 when "children of
Israel" ↔ 以色列人 and "Israel" ↔ 以色列 are both better). The counting is one polars join over integer ids.

"Best" weighs the memory's evidence with a second witness when the caller has one (``support``: how far a
dictionary vouches for the pair, 0 to 1): score = G² × (1 + support). So 门楣 pairs with "lintel", which
CC-CEDICT confirms, rather than with "side posts", which shares slightly more verses; a partner the
dictionary does not know still wins on the memory's evidence alone when it is more than twice as strong.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from statistics import NormalDist

import numpy as np
import polars as pl

from termkit.terms.candidates import Occurrences

#: G² above which co-occurrence is not chance at p < 0.001 (chi-square, one degree of freedom).
LLR_THRESHOLD = 10.83
#: Family-wise error rate over all the candidate pairs tested (Bonferroni): with thousands of pairs tested
#: in a small memory, p < 0.001 each still lets dozens of chance pairs through.
FAMILY_ALPHA = 0.05


def llr_threshold(tests: int) -> float:
    """The G² a pair must reach when ``tests`` pairs are tested: Bonferroni at ``FAMILY_ALPHA``, at least
    ``LLR_THRESHOLD``. (G² with one degree of freedom is the square of a standard normal.)"""
    if tests <= 1:
        return LLR_THRESHOLD
    z = NormalDist().inv_cdf(1 - FAMILY_ALPHA / tests / 2)
    return max(LLR_THRESHOLD, z * z)

#: The columns ``associate`` returns.
PAIRS: dict[str, pl.DataType] = {
    "zh": pl.String,
    "en": pl.String,
    "zh_count": pl.Int64,  # aligned pairs whose Chinese side holds the candidate
    "en_count": pl.Int64,
    "joint_count": pl.Int64,  # aligned pairs holding both
    "llr": pl.Float64,
    "dice": pl.Float64,
    "example": pl.Int64,  # row of the aligned pair shown as evidence (the shortest holding both)
}


def _occurrence_frame(occ: Occurrences, min_count: int, col: str) -> tuple[pl.DataFrame, list[str]]:
    """(pair, id) rows of the candidates frequent and termlike enough to be considered, and the id → key list."""
    keep = sorted(k for k, f in occ.freq.items() if f >= min_count and occ.cvalue.get(k, 0.0) > 0)
    ids = {k: i for i, k in enumerate(keep)}
    pairs: list[int] = []
    cands: list[int] = []
    for p, keys in enumerate(occ.per_pair):
        for k in keys:
            i = ids.get(k)
            if i is not None:
                pairs.append(p)
                cands.append(i)
    frame = pl.DataFrame({"pair": np.asarray(pairs, dtype=np.uint32), col: np.asarray(cands, dtype=np.uint32)},
                         schema={"pair": pl.UInt32, col: pl.UInt32})
    return frame, keep


def g2(joint: pl.Expr, fz: pl.Expr, fe: pl.Expr, n: int) -> pl.Expr:
    """Dunning's log-likelihood ratio G² of a 2×2 contingency table, as a polars expression."""
    cells = [
        (joint, fz * fe / n),
        (fz - joint, fz * (n - fe) / n),
        (fe - joint, (n - fz) * fe / n),
        (n - fz - fe + joint, (n - fz) * (n - fe) / n),
    ]
    total = None
    for observed, expected in cells:
        o = observed.cast(pl.Float64)
        term = pl.when(o > 0).then(o * (o / expected).log()).otherwise(0.0)
        total = term if total is None else total + term
    return 2.0 * total


#: A longer candidate replaces a chosen one when it keeps at least this share of the shared pairs.
EXTEND_SHARE = 0.75


def _extend(best: pl.DataFrame, counts: pl.DataFrame, zkeys: list[str], ekeys: list[str]) -> pl.DataFrame:
    """Grow each chosen pair to the longest candidates that contain it and keep most of its shared pairs.

    Why: the shorter side of a term often scores a little higher ("movie" ↔ 明星 beats "movie star" ↔ 明星
    because "movie" also occurs alone), yet the term is the longer unit. Applied to each side in turn.
    """
    if best.is_empty():
        return best
    joint = {(z, e): j for z, e, j in counts.select("z", "e", "joint").iter_rows()}
    by_z: dict[int, list[int]] = {}
    by_e: dict[int, list[int]] = {}
    for z, e in joint:
        by_z.setdefault(z, []).append(e)
        by_e.setdefault(e, []).append(z)
    rows = []
    for z, e, j in best.select("z", "e", "joint").iter_rows():
        longer_e = [x for x in by_z.get(z, ()) if f" {ekeys[e]} " in f" {ekeys[x]} " and x != e
                    and joint[(z, x)] >= EXTEND_SHARE * j]
        if longer_e:
            e = max(longer_e, key=lambda x: (len(ekeys[x]), joint[(z, x)], -x))
        longer_z = [x for x in by_e.get(e, ()) if zkeys[z] in zkeys[x] and x != z
                    and joint[(x, e)] >= EXTEND_SHARE * joint.get((z, e), j)]
        if longer_z:
            z = max(longer_z, key=lambda x: (len(zkeys[x]), joint[(x, e)], -x))
        rows.append((z, e))
    chosen = pl.DataFrame(rows, schema={"z": pl.UInt32, "e": pl.UInt32}, orient="row").unique()
    return counts.join(chosen, on=["z", "e"], how="semi")


def _with_support(counts: pl.DataFrame, zkeys: list[str], ekeys: list[str],
                  support: Callable[[str, str], float] | None) -> pl.DataFrame:
    """``counts`` with ``support`` (0 to 1, from ``support(zh, en)``) and ``score`` = G² × (1 + support).

    Support is asked only of pairs that could still be a mutual best (twice their G² reaches the best G² of
    both their candidates): the rest cannot win whatever it says, and asking costs a dictionary look-up."""
    if support is None or counts.is_empty():
        return counts.with_columns(support=pl.lit(0.0), score=pl.col("llr"))
    top = 2.0 * pl.col("llr")
    contenders = counts.filter((top >= pl.col("llr").max().over("z")) & (top >= pl.col("llr").max().over("e")))
    backing = pl.DataFrame(
        [(z, e, support(zkeys[z], ekeys[e])) for z, e in contenders.select("z", "e").iter_rows()],
        schema={"z": pl.UInt32, "e": pl.UInt32, "support": pl.Float64}, orient="row")
    return (counts.join(backing, on=["z", "e"], how="left")
            .with_columns(pl.col("support").fill_null(0.0))
            .with_columns(score=pl.col("llr") * (1.0 + pl.col("support"))))


def associate(zh: Occurrences, en: Occurrences, *, min_count: int = 3,
              text_length: Sequence[int] | None = None,
              support: Callable[[str, str], float] | None = None) -> pl.DataFrame:
    """Candidate pairs that share at least ``min_count`` aligned pairs, significantly and as mutual best.

    ``zh`` and ``en`` describe the same aligned pairs (row ``i`` on both sides). ``text_length`` (per pair)
    picks the shortest aligned pair as each candidate pair's example. Sorted by G², strongest first.
    """
    n = len(zh.per_pair)
    zf, zkeys = _occurrence_frame(zh, min_count, "z")
    ef, ekeys = _occurrence_frame(en, min_count, "e")
    if zf.is_empty() or ef.is_empty():
        return pl.DataFrame(schema=PAIRS)
    zcount = zf.group_by("z").len("fz")
    ecount = ef.group_by("e").len("fe")
    joined = zf.join(ef, on="pair")
    tested = joined.group_by("z", "e").len("joint").filter(pl.col("joint") >= min_count)
    counts = (
        tested.join(zcount, on="z").join(ecount, on="e")
        .with_columns(
            llr=g2(pl.col("joint"), pl.col("fz"), pl.col("fe"), n),
            dice=2.0 * pl.col("joint") / (pl.col("fz") + pl.col("fe")),
        )
        # only positive association: more shared pairs than chance predicts
        .filter((pl.col("llr") >= llr_threshold(tested.height)) & (pl.col("joint") * n > pl.col("fz") * pl.col("fe")))
    )
    # Each side's best partner; ties (a name and its surname alone, equally associated) go to the longer
    # candidate, then to the first in key order, so the result is deterministic.
    zlen = pl.DataFrame({"z": np.arange(len(zkeys), dtype=np.uint32), "zlen": [len(k) for k in zkeys]})
    elen = pl.DataFrame({"e": np.arange(len(ekeys), dtype=np.uint32), "elen": [len(k) for k in ekeys]})
    counts = counts.join(zlen, on="z").join(elen, on="e")
    counts = _with_support(counts, zkeys, ekeys, support)
    z_best = counts.sort(["score", "elen", "e"], descending=[True, True, False]).group_by("z").first()
    e_best = counts.sort(["score", "zlen", "z"], descending=[True, True, False]).group_by("e").first()
    best = _extend(z_best.join(e_best.select("z", "e"), on=["z", "e"], how="semi"), counts, zkeys, ekeys)
    # growing can bring two pairs onto one candidate (周瑞 ↔ "Zhou Rui" and 家的 ↔ "wife" both grow to
    # 周瑞家的): each candidate keeps its strongest pair only, as mutual best means
    order = ["score", "joint", "z", "e"]
    best = (best.sort(order, descending=[True, True, False, False]).unique("z", keep="first", maintain_order=True)
            .unique("e", keep="first", maintain_order=True))
    lengths = pl.DataFrame({"pair": np.arange(n, dtype=np.uint32),
                            "length": np.asarray(text_length if text_length is not None else np.zeros(n),
                                                 dtype=np.int64)})
    examples = (
        joined.join(best.select("z", "e"), on=["z", "e"], how="semi")
        .join(lengths, on="pair")
        .sort("length", "pair")
        .group_by("z", "e").agg(pl.col("pair").first().alias("example"))
    )
    best = best.join(examples, on=["z", "e"], how="left")
    zmap = pl.DataFrame({"z": np.arange(len(zkeys), dtype=np.uint32), "zh": zkeys},
                        schema={"z": pl.UInt32, "zh": pl.String})
    emap = pl.DataFrame({"e": np.arange(len(ekeys), dtype=np.uint32), "en": ekeys},
                        schema={"e": pl.UInt32, "en": pl.String})
    return (
        best.join(zmap, on="z").join(emap, on="e")
        .select(
            "zh", "en",
            pl.col("fz").cast(pl.Int64).alias("zh_count"), pl.col("fe").cast(pl.Int64).alias("en_count"),
            pl.col("joint").cast(pl.Int64).alias("joint_count"), "llr", "dice",
            pl.col("example").cast(pl.Int64),
        )
        .sort(["llr", "zh", "en"], descending=[True, False, False])
    )
