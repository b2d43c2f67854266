"""Comparable mode on real parallel chapters turned comparable: MAC-Dev with the English shuffled and half dropped.

Run: ``.venv/bin/python benchmarks/comparable_quality.py [--seeds N]``.
Why this check: the bundled news articles are too few to tune on, and their truth is a judgement; a
translated chapter whose English is shuffled and halved is comparable text with a known answer. A
mined bead is right when all its sentences lie in one gold bead; recall counts the gold 1-1 pairs
whose English sentence survived. The second table asks whether the confidence means what it says:
the share of right beads in each confidence band, over all chapters and seeds.
"""

from __future__ import annotations

import argparse
import random
import time

from _common import data_dir, print_table, read_lines

from termkit.align.comparable import THRESHOLD, align_comparable
from termkit.formats.ladder import read_ladder

BANDS = [(THRESHOLD, 0.7), (0.7, 0.9), (0.9, 0.99), (0.99, 1.01)]


def chapter(folder, stem: str, seed: int) -> tuple[list[tuple[float, bool]], int, int, int, float]:
    """(confidence, right) per mined bead, gold 1-1 pairs found and present, English kept, seconds."""
    zh, en = read_lines(folder / "zh" / stem), read_lines(folder / "en" / stem)
    gold = [(set(s), set(t)) for s, t, *_ in read_ladder(folder / "gold" / f"{stem}.align") if s and t]
    keep = random.Random(seed).sample(range(len(en)), len(en) // 2)
    start = time.perf_counter()
    beads = align_comparable(zh, [en[j] for j in keep], "zh", "en")
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
    args = parser.parse_args()
    folder = data_dir("mac-dev")
    rows, everything = [], []
    tot_right = tot_beads = tot_found = tot_ones = 0
    for gold_path in sorted((folder / "gold").glob("*.align")):
        stem = gold_path.stem
        for seed in range(args.seeds):
            scored, found, ones, kept, seconds = chapter(folder, stem, seed)
            right = sum(r for _, r in scored)
            everything += scored
            tot_right, tot_beads, tot_found, tot_ones = (tot_right + right, tot_beads + len(scored),
                                                         tot_found + found, tot_ones + ones)
            rows.append([stem, str(seed), str(kept), str(ones), str(len(scored)),
                         f"{right / max(len(scored), 1):.3f}", f"{found / max(ones, 1):.3f}", f"{seconds:.2f}"])
    rows.append(["all", "", "", str(tot_ones), str(tot_beads), f"{tot_right / max(tot_beads, 1):.3f}",
                 f"{tot_found / max(tot_ones, 1):.3f}", ""])
    print_table(f"MAC-Dev, English shuffled and halved: comparable mode at threshold {THRESHOLD}",
                ["chapter", "seed", "en kept", "gold 1-1 kept", "beads", "precision", "recall 1-1", "s"], rows,
                left=2)
    bands = []
    for lo, hi in BANDS:
        inside = [r for c, r in everything if lo <= c < hi]
        share = f"{sum(inside) / len(inside):.3f}" if inside else "-"
        bands.append([f"[{lo:.2f}, {min(hi, 1.0):.2f}{']' if hi > 1 else ')'}", str(len(inside)), share])
    print_table("Does the confidence mean what it says? (share of right beads per band)",
                ["confidence", "beads", "right"], bands)


if __name__ == "__main__":
    main()
