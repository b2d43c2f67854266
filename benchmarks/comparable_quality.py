"""Comparable mode on real parallel chapters turned comparable: MAC-Dev with the English shuffled and half dropped.

Run: ``.venv/bin/python benchmarks/comparable_quality.py [--seeds N] [--encoder use|none] [--set text-berg]``.
Why this check: the bundled news articles are too few to tune on, and their truth is a judgement; a
translated chapter whose English is shuffled and halved is comparable text with a known answer. A
mined bead is right when all its sentences lie in one gold bead; recall counts the gold 1-1 pairs
whose English sentence survived. The second table asks whether the confidence means what it says:
the share of right beads in each confidence band, over all chapters and seeds. ``--set text-berg`` runs
the same on Text+Berg (German–French, the French shuffled and halved): a set the comparable miner was
not developed on.
"""

from __future__ import annotations

import argparse
import random
import time

from _common import data_dir, print_table, read_lines

from termkit.align import encoder
from termkit.align.comparable import THRESHOLD, align_comparable
from termkit.formats.ladder import read_ladder

BANDS = [(THRESHOLD, 0.7), (0.7, 0.9), (0.9, 0.99), (0.99, 1.01)]


#: Evaluation sets: folder, source and target language (the target is the side shuffled and halved).
SETS = {"mac-dev": ("mac-dev", "zh", "en"), "text-berg": ("text-berg", "de", "fr")}


def chapter(folder, langs: tuple[str, str], stem: str, seed: int,
            encoder_name: str) -> tuple[list[tuple[float, bool]], int, int, int, float]:
    """(confidence, right) per mined bead, gold 1-1 pairs found and present, target sentences kept, seconds."""
    zh, en = read_lines(folder / langs[0] / stem), read_lines(folder / langs[1] / stem)
    gold = [(set(s), set(t)) for s, t, *_ in read_ladder(folder / "gold" / f"{stem}.align") if s and t]
    keep = random.Random(seed).sample(range(len(en)), len(en) // 2)
    start = time.perf_counter()
    beads = align_comparable(zh, [en[j] for j in keep], *langs, encoder_name=encoder_name)
    seconds = time.perf_counter() - start
    scored = []
    found: set[tuple[int, int]] = set()
    for b in beads:
        tgt = {keep[j] for j in b.tgt}
        right = any(set(b.src) <= s and tgt <= t for s, t in gold)
        scored.append((b.score, right))
        if right:
            found.update((i, j) for i in b.src for j in tgt)
    kept = set(keep)
    ones = [(next(iter(s)), next(iter(t))) for s, t in gold if len(s) == len(t) == 1 and next(iter(t)) in kept]
    return scored, sum(p in found for p in ones), len(ones), len(keep), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=1, help="shuffles per chapter (seeds 0..N-1)")
    parser.add_argument("--encoder", choices=encoder.ENCODERS, default=encoder.DEFAULT,
                        help="the sentence encoder's evidence beside the concepts' (default: as the CLI)")
    parser.add_argument("--set", choices=sorted(SETS), default="mac-dev",
                        help="mac-dev (zh-en, the English shuffled) or text-berg (de-fr, the French shuffled)")
    args = parser.parse_args()
    name, *langs = SETS[args.set]
    folder = data_dir(name)
    rows, chapters, everything = [], [], []
    totals = {"all": [0, 0, 0, 0]}  # right, beads, gold 1-1 found, gold 1-1 kept
    for gold_path in sorted((folder / "gold").glob("*.align")):
        stem = gold_path.stem
        totals[stem] = [0, 0, 0, 0]
        for seed in range(args.seeds):
            scored, found, ones, kept, seconds = chapter(folder, (langs[0], langs[1]), stem, seed, args.encoder)
            right = sum(r for _, r in scored)
            everything += scored
            for key in (stem, "all"):
                totals[key] = [a + b for a, b in zip(totals[key], (right, len(scored), found, ones), strict=True)]
            rows.append([stem, str(seed), str(kept), str(ones), str(len(scored)),
                         f"{right / max(len(scored), 1):.3f}", f"{found / max(ones, 1):.3f}", f"{seconds:.2f}"])
    for name, (right, beads, found, ones) in totals.items():
        chapters.append([name, str(ones), str(beads), f"{right / max(beads, 1):.3f}", f"{found / max(ones, 1):.3f}"])
    rows.append(["all", "", "", *chapters[0][1:], ""])
    title = (f"{name}, {langs[1]} shuffled and halved: comparable mode at threshold {THRESHOLD}, "
             f"encoder {args.encoder}")
    headers = ["chapter", "seed", f"{langs[1]} kept", "gold 1-1 kept", "beads", "precision", "recall 1-1", "s"]
    print_table(title, headers, rows, left=2)
    print_table(f"Per chapter, over {args.seeds} seed(s)", ["chapter", "gold 1-1 kept", "beads", "precision",
                                                          "recall 1-1"], [*chapters[1:], chapters[0]])
    bands = []
    for lo, hi in BANDS:
        inside = [r for c, r in everything if lo <= c < hi]
        share = f"{sum(inside) / len(inside):.3f}" if inside else "-"
        bands.append([f"[{lo:.2f}, {min(hi, 1.0):.2f}{']' if hi > 1 else ')'}", str(len(inside)), share])
    print_table("Does the confidence mean what it says? (share of right beads per band)",
                ["confidence", "beads", "right"], bands)


if __name__ == "__main__":
    main()
