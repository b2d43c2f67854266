r"""custom: the team's own checks, from ``[[lint.custom]]`` in termkit.toml (see termkit.lint.config).

Why Python's re: the target pattern takes back-references to the source's groups (型号\s*([A-Z0-9-]+) → model
\1, filled in per unit and matched literally, which needs a per-unit pattern; and users write Python regexes.
"""

from __future__ import annotations

import re

import polars as pl

from termkit.lint.config import BACKREF, CustomCheck
from termkit.lint.context import LintContext
from termkit.lint.registry import HITS_SCHEMA, no_hits, rule


def _target_pattern(check: CustomCheck, match: re.Match[str]) -> re.Pattern[str]:
    def group(m: re.Match[str]) -> str:
        ref = m.group(1) or m.group(2)
        return re.escape(match.group(int(ref) if ref.isdigit() else ref) or "")

    return re.compile(BACKREF.sub(group, check.target))


def _fires(check: CustomCheck, src: str, tgt: str) -> bool:
    if check.source is None:
        return re.search(check.target, tgt) is not None
    m = check.source.search(src)
    return m is not None and _target_pattern(check, m).search(tgt) is None


@rule("custom", "warning", "A check of the team's own, from [[lint.custom]] in termkit.toml.",
      """Each check has an optional `source` pattern, a `target` pattern, a message and a severity. With a
      source pattern it fires when the source matches and the target does not (`\\1` in the target is the
      source's first group, taken literally); without one, when the target matches. Example:
      `source = '型号\\s*([A-Z0-9-]+)'`, `target = 'model \\1'` reports `型号X5` → `model X6`.""")
def custom(ctx: LintContext) -> pl.DataFrame:
    if not ctx.custom:
        return no_hits()
    rows = []
    texts = ctx.units.select("_row", "src_text", "tgt_text").rows()
    for check in ctx.custom:
        rows.extend((row, check.name, check.message, check.severity) for row, src, tgt in texts
                    if _fires(check, src, tgt))
    if not rows:
        return no_hits()
    return pl.DataFrame(rows, schema={"_row": pl.Int64, "term": pl.String, "message": pl.String,
                                      "severity": pl.String}, orient="row").sort("_row").select(
        "_row", pl.lit(None, pl.String).alias("concept_id"), "term", "message", pl.lit("").alias("fix"), "severity"
    ).cast({**HITS_SCHEMA, "severity": pl.String})
