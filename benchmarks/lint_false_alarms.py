"""False alarms of `termkit lint`: findings per 1,000 correct pairs, rule by rule (issue 14).

Correct pairs are the gold beads of ../shared/data/mac-dev (six chapters of Chinese novels and their published
English translations, aligned by hand; beads with both sides), the same with the Chinese converted to Hong Kong
Traditional by OpenCC (the checks must not care which script), and the bundled corpus' beads (aligned/). Every
finding on them is a false alarm, or a fault of the published translation the translator would waive; the
budget is 5 % (50 per 1,000 units) at warning or error level on literary text. Also printed: the length
ratio and variance the `length` rule fits on the gold (the priors in termkit/lint/rules/completeness.py).

    .venv/bin/python benchmarks/lint_false_alarms.py            # the table
    .venv/bin/python benchmarks/lint_false_alarms.py --show length --limit 5   # examples of one rule
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import ROOT, data_dir, read_lines
from termkit.formats.ladder import read_ladder
from termkit.lint import RULES, run_lint
from termkit.lint.context import LintContext, prepare_units
from termkit.lint.inputs import read_targets
from termkit.lint.rules.completeness import length_fit, unit_lengths
from termkit.lint.textnorm import convert_column
from termkit.script import to_traditional
from termkit.tables import ALIGNMENTS
from termkit.terms.check import load_checked_glossary

BUDGET = 50.0  # findings per 1,000 units


def gold_pairs(folder: Path) -> pl.DataFrame:
    """The gold beads with both sides, as ALIGNMENTS (Chinese source, English target, Simplified)."""
    rows = []
    for ladder in sorted((folder / "gold").glob("*.align")):
        zh, en = read_lines(folder / "zh" / ladder.stem), read_lines(folder / "en" / ladder.stem)
        for n, (s, t) in enumerate(read_ladder(ladder), start=1):
            if s and t:
                rows.append({"tuid": f"{ladder.stem}:{n}", "src_doc": ladder.stem, "tgt_doc": ladder.stem,
                             "src_ids": s, "tgt_ids": t, "src_lang": "zh-Hans", "tgt_lang": "en",
                             "src_text": "".join(zh[i] for i in s), "tgt_text": " ".join(en[i] for i in t),
                             "score": None, "mode": "parallel"})
    return pl.DataFrame(rows, schema=ALIGNMENTS)


def rates(findings: pl.DataFrame, n: int) -> pl.DataFrame:
    """rule → warnings-or-errors and notes per 1,000 units (units with at least one finding of the rule)."""
    loud = findings.filter(pl.col("severity") != "note").group_by("rule").agg(pl.col("tuid").n_unique().alias("w"))
    quiet = findings.filter(pl.col("severity") == "note").group_by("rule").agg(pl.col("tuid").n_unique().alias("q"))
    table = pl.DataFrame({"rule": list(RULES)}).join(loud, on="rule", how="left").join(quiet, on="rule", how="left")
    return table.fill_null(0).with_columns((pl.col("w") * 1000 / max(n, 1)).alias("w_per_1000"),
                                           (pl.col("q") * 1000 / max(n, 1)).alias("q_per_1000"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", help="print examples of this rule's findings on the gold")
    ap.add_argument("--limit", type=int, default=10)
    args = ap.parse_args()
    concepts = load_checked_glossary(ROOT / "glossary")
    gold = gold_pairs(data_dir("mac-dev"))
    bundled, _ = read_targets([ROOT / "aligned"])
    hk = gold.with_columns(convert_column(gold["src_text"], lambda t: to_traditional(t, "hk")).alias("src_text"),
                           pl.lit("zh-HK").alias("src_lang"))
    sets = {"mac-dev gold": gold, "gold in zh-HK": hk, "bundled corpus": bundled}
    results = {}
    for name, units in sets.items():
        findings = run_lint(units, concepts)
        results[name] = rates(findings, units.height)
        if args.show and name == "mac-dev gold":
            for row in findings.filter(pl.col("rule") == args.show).head(args.limit).iter_rows(named=True):
                print(f"[{row['tuid']}] {row['severity']}: {row['message']}\n    source: {row['source']}\n"
                      f"    target: {row['target']}\n    fix: {row['fix']}")
    header = "".join(f" {name + ' (' + str(units.height) + ')':>28}" for name, units in sets.items())
    print(f"{'rule':22}{header}")
    print(f"{'':22}" + "".join(f" {'warn+err/1000':>14}{'notes/1000':>14}" for _ in sets))
    over = []
    for rule in RULES:
        cells = ""
        for name in sets:
            r = results[name].filter(pl.col("rule") == rule).row(0, named=True)
            cells += f" {r['w_per_1000']:14.1f}{r['q_per_1000']:14.1f}"
            if name != "bundled corpus" and r["w_per_1000"] > BUDGET:
                over.append(f"{rule} ({name})")
        print(f"{rule:22}{cells}")
    fit = length_fit(unit_lengths(LintContext(prepare_units(gold), concepts)))
    for row in fit.iter_rows(named=True):
        print(f"length fit on the gold, {row['src_base']}→{row['tgt_base']}: ratio {row['ratio']:.2f}, "
              f"variance {row['variance']:.1f} over {row['n']:,} units")
    print(f"rules above the budget ({BUDGET:.0f} per 1,000 on literary gold): {', '.join(over) or 'none'}")


if __name__ == "__main__":
    main()
