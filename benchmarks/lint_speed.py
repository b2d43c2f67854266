"""How fast `termkit lint` is at scale: 1,000,000 aligned pairs against a 10,000-concept glossary.

Targets (issue 4): the whole check in ≤ 60 s and ≤ 4 GB peak memory on 2 cores. The data are synthetic
but shaped like the real thing: Chinese segments of 20-60 characters holding 0-3 glossary terms (in
Simplified or Traditional), English targets that render them with the preferred term (most), an
admitted or deprecated one, or not at all, and numbers on both sides (a few of them wrong). Every stage
is timed and compared with a baseline measured in the same run: one regex pass over both text columns.

    .venv/bin/python benchmarks/lint_speed.py                 # the full size
    .venv/bin/python benchmarks/lint_speed.py --pairs 100000  # quicker while developing
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from termkit.formats.tsv import write_alignments_tsv
from termkit.lint import RULES, run_lint
from termkit.lint.context import LintContext, prepare_units
from termkit.lint.inputs import read_targets
from termkit.script import to_traditional
from termkit.tables import ALIGNMENTS, CONCEPTS

HANZI = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后"
         "多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还"
         "因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结"
         "解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级"
         "少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领")
SYLLABLES = ["ka", "ri", "mo", "ten", "sha", "lu", "pe", "vin", "dor", "qua", "zel", "mi", "to", "ran", "bex", "sol",
             "hu", "ner", "fa", "gil", "dra", "po", "wen", "lis", "tar", "ob", "um", "che", "ko", "ya", "zu", "rem"]
FILLER = ["the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "by", "at", "from", "this",
          "be", "are", "was", "it", "an", "which", "or", "has", "have", "not", "but", "will", "its", "were", "been",
          "their", "more", "also", "into", "than", "other", "can", "such", "these", "after", "first", "new", "some",
          "development", "cooperation", "innovation", "science", "technology", "zone", "park", "support", "plan"]


def rss_mb() -> tuple[float, float]:
    """(current, peak-so-far) resident memory of this process in MB."""
    with open("/proc/self/statm") as fh:
        current = int(fh.read().split()[1]) * resource.getpagesize() / 2**20
    return current, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_glossary(n: int, rng: random.Random) -> pl.DataFrame:
    rows = []
    seen_zh: set[str] = set()
    seen_en: set[str] = set()
    i = 0
    while i < n:
        zh = "".join(rng.choice(HANZI) for _ in range(rng.randint(3, 6)))
        en = " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
                      for _ in range(rng.randint(1, 4)))
        if zh in seen_zh or en in seen_en:
            continue
        seen_zh.add(zh)
        seen_en.add(en)
        cid = f"c{i:05d}"
        base = {"concept_id": cid, "subject": "synthetic", "definition": "", "source": "benchmark", "script": "",
                "term_type": "fullForm", "pos": "noun", "case_sensitive": False, "note": "", "file": "g.tsv",
                "line": 0}
        rows.append(base | {"lang": "zh", "term": zh, "status": "preferred"})
        rows.append(base | {"lang": "en", "term": en, "status": "preferred"})
        if i % 5 == 0:
            rows.append(base | {"lang": "en", "term": en + " " + rng.choice(SYLLABLES) + "ix", "status": "admitted"})
        if i % 10 == 0:
            rows.append(base | {"lang": "en", "term": rng.choice(SYLLABLES) + "old " + en, "status": "deprecated"})
        i += 1
    return pl.DataFrame(rows, schema=CONCEPTS)


def make_pairs(n: int, concepts: pl.DataFrame, rng: random.Random) -> pl.DataFrame:
    by = {(c, lang, st): t for c, lang, st, t in concepts.select("concept_id", "lang", "status", "term").iter_rows()}
    ids = concepts["concept_id"].unique().sort().to_list()
    src, tgt = [], []
    for k in range(n):
        zh_parts, en_parts = [], []
        for _ in range(rng.randint(0, 3)):
            cid = rng.choice(ids)
            zh_parts.append(by[(cid, "zh", "preferred")])
            r = rng.random()
            status = "deprecated" if r < 0.02 else "admitted" if r < 0.1 else "missing" if r < 0.15 else "preferred"
            en_parts.append(by.get((cid, "en", status), by[(cid, "en", "preferred")]) if status != "missing" else "it")
        year = rng.randint(1990, 2035)
        zh_parts.append(f"{year}年")
        en_parts.append(str(year if rng.random() > 0.01 else year + 1))
        zh = "".join(rng.choice(HANZI) for _ in range(rng.randint(15, 45)))
        cut = sorted(rng.randint(0, len(zh)) for _ in zh_parts)
        zh = "".join(zh[a:b] + p for a, b, p in zip([0, *cut], cut, zh_parts, strict=False)) + zh[cut[-1]:] + "。"
        words = rng.choices(FILLER, k=rng.randint(12, 30))
        for p in en_parts:
            words.insert(rng.randint(0, len(words)), p)
        src.append(to_traditional(zh) if k % 7 == 0 else zh)
        tgt.append(" ".join(words).capitalize() + ".")
    return pl.DataFrame({
        "tuid": [str(i) for i in range(n)], "src_doc": [f"d{i % 7}" for i in range(n)], "tgt_doc": "e",
        "src_ids": [[i] for i in range(n)], "tgt_ids": [[i] for i in range(n)],
        "src_lang": ["zh-Hant" if i % 7 == 0 else "zh-Hans" for i in range(n)], "tgt_lang": "en",
        "src_text": src, "tgt_text": tgt, "score": 1.0, "mode": "parallel"}, schema=ALIGNMENTS)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=1_000_000)
    ap.add_argument("--concepts", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=4)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    rows: list[tuple[str, float, float, float]] = []

    def stage(name: str, t0: float) -> None:
        cur, peak = rss_mb()
        rows.append((name, time.perf_counter() - t0, cur, peak))

    t = time.perf_counter()
    concepts = make_glossary(args.concepts, rng)
    pairs = make_pairs(args.pairs, concepts, rng)
    stage("generate (not part of lint)", t)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.alignments.tsv"
        write_alignments_tsv(pairs, path)
        del pairs
        t = time.perf_counter()
        units, _ = read_targets([path])
        stage("read aligned TSV", t)
    t = time.perf_counter()
    units.select(pl.col("src_text").str.count_matches(r"\p{Han}").sum(),
                 pl.col("tgt_text").str.count_matches(r"\w+").sum())
    stage("BASELINE: one regex pass over both columns", t)
    baseline = rows[-1][1]
    ctx = LintContext(prepare_units(units), concepts)
    t = time.perf_counter()
    _ = ctx.forms
    stage("glossary → searchable forms", t)
    t = time.perf_counter()
    n_src = ctx.src_matches.height
    stage(f"match source ({n_src:,} term hits)", t)
    t = time.perf_counter()
    n_tgt = ctx.tgt_matches.height + ctx.tgt_matches_all.height
    stage("match target (with and without contained hits)", t)
    for rule in RULES.values():
        t = time.perf_counter()
        n = rule.func(ctx).height
        stage(f"rule {rule.id} ({n:,} findings)", t)
    del ctx
    t = time.perf_counter()
    findings = run_lint(units, concepts)
    stage(f"run_lint end to end ({findings.height:,} findings)", t)
    total = rows[-1][1]

    print(f"lint_speed: {args.pairs:,} pairs, {args.concepts:,} concepts ({concepts.height:,} terms), "
          f"target hits {n_tgt:,}")
    print(f"{'stage':58} {'seconds':>9} {'× baseline':>11} {'RSS MB':>8} {'peak MB':>8}")
    for name, secs, cur, peak in rows:
        ratio = f"{secs / baseline:9.1f}×" if baseline > 0 else ""
        print(f"{name:58} {secs:9.2f} {ratio:>11} {cur:8.0f} {peak:8.0f}")
    peak = max(r[3] for r in rows)
    print(f"run_lint: {total:.1f} s (target ≤ 60 s), process peak {peak / 1024:.2f} GB (target ≤ 4 GB)")


if __name__ == "__main__":
    main()
