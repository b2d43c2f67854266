"""Word associations learnt from the document pair itself (Dice over confident beads).

Why: a dictionary never covers a novel's names, a field's jargon or a language pair without one
(de–fr). The first pass's confident beads are a small parallel corpus; words that keep co-occurring
in them are probably translations, and adding them to the evidence makes the second pass sharper.
The table is also what the glossary suggester can reuse.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

Table = dict[str, dict[str, float]]


def dice_table(src_units: Sequence[Sequence[str]], tgt_units: Sequence[Sequence[str]], *, min_count: int = 3,
               min_dice: float = 0.5, top: int = 2) -> Table:
    """``{source unit: {target unit: Dice}}`` from parallel pieces (one pair of unit lists per bead).

    Counts are per bead (a unit repeated in one bead counts once); each source unit keeps its ``top``
    partners whose Dice coefficient is at least ``min_dice`` over at least ``min_count`` shared beads.
    """
    if not src_units:
        return {}
    s = pl.DataFrame({"bead": range(len(src_units)), "s": [list(set(u)) for u in src_units]},
                     schema={"bead": pl.Int64, "s": pl.List(pl.String)}).explode("s").drop_nulls()
    t = pl.DataFrame({"bead": range(len(tgt_units)), "t": [list(set(u)) for u in tgt_units]},
                     schema={"bead": pl.Int64, "t": pl.List(pl.String)}).explode("t").drop_nulls()
    cs = s.group_by("s").len("cs").filter(pl.col("cs") >= min_count)
    ct = t.group_by("t").len("ct").filter(pl.col("ct") >= min_count)
    s = s.join(cs.select("s"), on="s")
    t = t.join(ct.select("t"), on="t")
    pairs = (
        s.join(t, on="bead").group_by("s", "t").len("c").filter(pl.col("c") >= min_count)
        .join(cs, on="s").join(ct, on="t")
        .with_columns(dice=2 * pl.col("c") / (pl.col("cs") + pl.col("ct")))
        .filter(pl.col("dice") >= min_dice)
        .sort(["s", "dice", "t"], descending=[False, True, False])
        .group_by("s", maintain_order=True).head(top)
    )
    table: Table = {}
    for su, tu, d in pairs.select("s", "t", "dice").iter_rows():
        table.setdefault(su, {})[tu] = d
    return table
