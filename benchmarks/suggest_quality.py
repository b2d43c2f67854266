"""Quality and speed of ``termkit glossary suggest`` on gold-aligned public data.

Quality: the top 100 new candidate pairs on bible/006, bible/001 and mac-dev (gold alignments), judged
automatically by CC-CEDICT (termkit.terms.judge: every English content word, lemmatised, among the cleaned
glosses of the Chinese). Precision = agrees / (agrees + partial + differs); pairs the dictionary cannot
judge (mostly names) are listed for a person, and a second precision counts names that are exactly the
Chinese in Hanyu Pinyin as right. Target: ≥ 0.8.

The ranking itself uses CC-CEDICT as one witness (score = G² × (1 + dictionary support), also when each
candidate's partner is chosen), so the judge and the ranking share evidence. To keep the measure honest the
table also shows the precision of the same pairs' top N by G² alone (the memory's evidence only) and how
many of the top N owe their place to the dictionary.

Speed: the whole command (``python -m termkit glossary suggest``, a fresh process) on a memory of more
than 50,000 pairs (bible/006 twice, as an aligned TSV), against a baseline measured in the same run: a
process that only reads that TSV. Target: under a minute on 2 cores.

    .venv/bin/python benchmarks/suggest_quality.py [--top 100] [--min-count 3] [--no-speed] [--list]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import console, data_dir, print_table, run_measured

from termkit.tables import ALIGNMENTS
from termkit.terms.memory import read_memory
from termkit.terms.suggest import suggest_terms

SETS = {
    "bible/006": ["bible/gold/006.align"],
    "bible/001": ["bible/gold/001.align"],
    "mac-dev": ["mac-dev/gold"],
}


def quality(name: str, paths: list[Path], top: int, min_count: int, listing: bool) -> list[str]:
    start = time.perf_counter()
    memory = read_memory(paths)
    everything = suggest_terms(memory, None, min_count=min_count).candidates
    seconds = time.perf_counter() - start
    ranked = everything.head(top)
    by_g2 = everything.sort(["llr", "zh", "en"], descending=[True, False, False]).head(top)
    raised = ranked.join(by_g2, on=["zh", "en"], how="anti").height
    verdicts = Counter(ranked["cedict"])
    judged = verdicts["agrees"] + verdicts["partial"] + verdicts["differs"]
    with_names = (verdicts["agrees"] + verdicts["pinyin"]) / (judged + verdicts["pinyin"]) if judged else float("nan")
    unjudged = ranked.filter(pl.col("cedict") == "unknown")
    console.print(f"{name}: unjudgeable by CC-CEDICT, for a person: "
                  + "; ".join(f"{z} ↔ {e}" for z, e in unjudged.select("zh", "en").iter_rows()), markup=False)
    if listing:
        wrong = ranked.filter(pl.col("cedict").is_in(["partial", "differs"]))
        console.print(f"{name}: judged not (fully) supported by CC-CEDICT: "
                      + "; ".join(f"{z} ↔ {e} ({v})" for z, e, v in wrong.select("zh", "en", "cedict").iter_rows()),
                      markup=False)
    return [name, f"{memory.height:,}", f"{seconds:.1f}", str(ranked.height),
            *(str(verdicts[v]) for v in ("agrees", "partial", "differs", "pinyin", "unknown")),
            f"{_precision(ranked):.3f}", f"{with_names:.3f}", f"{_precision(by_g2):.3f}", str(raised)]


def _precision(candidates: pl.DataFrame) -> float:
    verdicts = Counter(candidates["cedict"])
    judged = verdicts["agrees"] + verdicts["partial"] + verdicts["differs"]
    return verdicts["agrees"] / judged if judged else float("nan")


def speed(top: int, min_count: int) -> list[list[str]]:
    memory = read_memory([data_dir("bible") / "gold" / "006.align"])
    with tempfile.TemporaryDirectory() as tmp:
        big = pl.concat([memory.with_columns(pl.col("unit") + f" copy {k}") for k in (1, 2)])
        n = big.height
        table = pl.DataFrame({
            "tuid": big["unit"], "src_doc": ["zh/006"] * n, "tgt_doc": ["en/006"] * n,
            "src_ids": [[]] * n, "tgt_ids": [[]] * n, "src_lang": ["zh-Hans"] * n, "tgt_lang": ["en"] * n,
            "src_text": big["zh"], "tgt_text": big["en"], "score": [1.0] * n, "mode": ["imported"] * n,
        }, schema=ALIGNMENTS)
        from termkit.formats.tsv import write_alignments_tsv

        tsv = Path(tmp) / "bible006x2.alignments.tsv"
        write_alignments_tsv(table, tsv)
        read_only = run_measured([sys.executable, "-c", "import sys; from termkit.terms.memory import read_memory; "
                                  "from pathlib import Path; read_memory([Path(sys.argv[1])])", str(tsv)])
        whole = run_measured([sys.executable, "-m", "termkit", "glossary", "suggest", str(tsv), "-o",
                              str(Path(tmp) / "candidates.tsv"), "--top", str(top), "--min-count", str(min_count),
                              "--quiet", "--glossary", str(Path(__file__).resolve().parents[1] / "glossary")])
    if whole.returncode != 0:
        raise SystemExit(f"glossary suggest failed with exit status {whole.returncode}")
    return [
        [f"read the memory only ({n:,} pairs)", f"{read_only.wall_s:.1f}", f"{read_only.peak_mb:.0f}", "1.0"],
        [f"termkit glossary suggest ({n:,} pairs)", f"{whole.wall_s:.1f}", f"{whole.peak_mb:.0f}",
         f"{whole.wall_s / read_only.wall_s:.1f}"],
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--top", type=int, default=100)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--no-speed", action="store_true", help="skip the 50,000-pair timing")
    parser.add_argument("--list", action="store_true", help="also list the pairs judged wrong or partial")
    args = parser.parse_args()
    rows = []
    for name, rel in SETS.items():
        base = data_dir(rel[0].split("/")[0]).parent
        rows.append(quality(name, [base / r for r in rel], args.top, args.min_count, args.list))
    print_table(f"glossary suggest: top {args.top} candidate pairs judged by CC-CEDICT (min count {args.min_count})",
                ["set", "pairs", "s", "pairs out", "agrees", "partial", "differs", "pinyin", "unjudged",
                 "precision", "precision incl. pinyin names", "precision by G² alone", "raised by CC-CEDICT"], rows)
    if not args.no_speed:
        print_table("glossary suggest: speed on bible/006 twice (whole command, fresh process, 2 cores)",
                    ["run", "wall s", "peak MB", "× baseline"], speed(args.top, args.min_count))


if __name__ == "__main__":
    main()
