"""Alignment quality on MAC-Dev (zh→en) and Text+Berg (de→fr) beside the published scores.

Run: ``.venv/bin/python benchmarks/align_quality.py [--set mac-dev|text-berg] [--out DIR] [--src-as LANG]
[--encoder use|none]``.
Each presplit file pair goes through ``termkit.align.align_sentences`` (parallel mode) and is scored
with ``termkit.align.eval`` (strict/lax P/R/F1, micro-averaged over the files of a set). ``--out``
keeps the ladders, so ``termkit eval GOLD_DIR DIR`` can show the per-file picture.
A reliability table per set asks whether the beads' confidence means what it says: per confidence band, the
share of beads that are right (identical to a gold bead; an omission when gold leaves its sentence unaligned),
beside the band's mean confidence, and the expected calibration error over those bands.
Targets (issue 3): MAC-Dev strict F1 ≥ 0.80, Text+Berg strict F1 ≥ 0.90.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from _common import data_dir, print_table, read_lines

from termkit.align import Bead, align_sentences
from termkit.align.encoder import DEFAULT, ENCODERS
from termkit.align.eval import Scores, evaluate
from termkit.formats.ladder import read_ladder, write_ladder

SETS = {"mac-dev": ("zh", "en"), "text-berg": ("de", "fr")}
#: Issue 13's targets per (set, encoder): with the encoder (the default) MAC-Dev ≥ 0.90 and Text+Berg ≥ 0.93;
#: dictionary-only no worse than before the encoder came (0.866, 0.903).
TARGETS = {("mac-dev", "use"): 0.90, ("text-berg", "use"): 0.93, ("mac-dev", "none"): 0.866,
           ("text-berg", "none"): 0.903}
#: Strict and lax F1 published by the Bertalign authors (../shared/data/README.md).
PUBLISHED = {
    "mac-dev": [("Gale-Church", 0.485, 0.737), ("Hunalign", 0.610, 0.852), ("Bleualign", 0.641, 0.873),
                ("Vecalign", 0.863, 0.997), ("Bertalign", 0.911, 0.998)],
    "text-berg": [("Bertalign", 0.936, None)],
}


#: Confidence bands of the reliability table: [lo, hi); the last includes 1. The review page's MEDIUM and HIGH
#: (0.6 and 0.9, ``termkit.review.workspace``) fall inside and at the edge of bands.
BANDS = [(0.0, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 0.97), (0.97, 1.0)]


def right_beads(gold: list[tuple[list[int], list[int]]], beads: list[Bead]) -> list[bool]:
    """Per bead, whether it is right: identical to a gold bead (strict), or for an omission (1-0, 0-1), its
    sentence unaligned in gold."""
    strict = {(tuple(s), tuple(t)) for s, t in gold}
    linked_src = {i for s, t in gold if s and t for i in s}
    linked_tgt = {j for s, t in gold if s and t for j in t}
    out = []
    for b in beads:
        if b.src and b.tgt:
            out.append((b.src, b.tgt) in strict)
        else:
            out.append(not (set(b.src) & linked_src or set(b.tgt) & linked_tgt))
    return out


def reliability(conf: list[float], right: list[bool]) -> tuple[list[list[str]], float]:
    """Rows (band, beads, share right, mean confidence) and the expected calibration error: the bead-weighted
    mean of |share right - mean confidence| over the bands."""
    rows, ece = [], 0.0
    for lo, hi in BANDS:
        inside = [(c, r) for c, r in zip(conf, right, strict=True) if lo <= c < hi or (hi == 1.0 and c == 1.0)]
        if not inside:
            rows.append([f"[{lo:.2f}, {hi:.2f}{']' if hi == 1.0 else ')'}", "0", "-", "-"])
            continue
        share = sum(r for _, r in inside) / len(inside)
        mean = sum(c for c, _ in inside) / len(inside)
        ece += len(inside) / len(conf) * abs(share - mean)
        rows.append([f"[{lo:.2f}, {hi:.2f}{']' if hi == 1.0 else ')'}", str(len(inside)), f"{share:.3f}",
                     f"{mean:.3f}"])
    return rows, ece


def print_reliability(title: str, conf: list[float], right: list[bool]) -> float:
    """Print the reliability table of ``conf`` against ``right``; return its calibration error."""
    rows, ece = reliability(conf, right)
    print_table(f"{title}: does the confidence mean what it says? (ECE {ece:.3f})",
                ["confidence", "beads", "right", "mean confidence"], rows)
    return ece


def run_set(name: str, out: Path | None, src_as: str | None = None,
            encoder: str = DEFAULT) -> tuple[Scores, float, int]:
    """Align every file of a set; return overall scores, seconds spent aligning, number of files.

    ``src_as`` aligns the source under another language code (``ja``: as if it were a language written without
    spaces and with no dictionary), to measure what the aligner learns from the text alone.
    """
    folder = data_dir(name)
    src_lang, tgt_lang = SETS[name]
    pairs, seconds = {}, 0.0
    conf: list[float] = []
    right: list[bool] = []
    for gold_path in sorted((folder / "gold").glob("*.align")):
        stem = gold_path.stem
        src, tgt = read_lines(folder / src_lang / stem), read_lines(folder / tgt_lang / stem)
        start = time.perf_counter()
        beads = align_sentences(src, tgt, src_as or src_lang, tgt_lang, mode="parallel", encoder_name=encoder)
        seconds += time.perf_counter() - start
        test = [(list(b.src), list(b.tgt)) for b in beads]
        if out is not None:
            write_ladder(test, out / name / f"{stem}.align")
        pairs[stem] = (read_ladder(gold_path), test)
        conf += [b.score for b in beads]
        right += right_beads(pairs[stem][0], beads)
    report = evaluate(pairs)
    rows = [[f"  {stem}", *_cells(s)] for stem, s in report.files.items()]
    print_table(f"{name} per file", ["file", "strict P", "strict R", "strict F1", "lax P", "lax R", "lax F1"], rows)
    print_reliability(f"{name}, encoder {encoder}", conf, right)
    return report.overall, seconds, len(pairs)


def _cells(s: Scores) -> list[str]:
    return [f"{v:.3f}" for v in (s.strict_precision, s.strict_recall, s.strict_f1,
                                 s.lax_precision, s.lax_recall, s.lax_f1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=sorted(SETS), action="append", help="set(s) to run [all]")
    parser.add_argument("--out", type=Path, help="write our ladders to OUT/SET/NNN.align")
    parser.add_argument("--src-as", help="align the source as this language code (e.g. ja: no spaces, no dictionary)")
    parser.add_argument("--encoder", choices=ENCODERS, default=DEFAULT, help=f"sentence encoder [{DEFAULT}]")
    args = parser.parse_args()
    headers = ["set", "aligner", "strict P", "strict R", "strict F1", "lax P", "lax R", "lax F1", "seconds"]
    rows, verdicts = [], []
    for name in args.set or list(SETS):
        overall, seconds, n_files = run_set(name, args.out, args.src_as, args.encoder)
        label = f"{name} ({n_files} files), encoder {args.encoder}" + (
            f", source as {args.src_as}" if args.src_as else "")
        rows.append([label, "termkit", *_cells(overall), f"{seconds:.1f}"])
        if args.src_as:
            continue
        for aligner, strict, lax in PUBLISHED[name]:
            rows.append(["", f"{aligner} (published)", "", "", f"{strict:.3f}", "", "",
                         "" if lax is None else f"{lax:.3f}", ""])
        target = TARGETS[(name, args.encoder)]
        met = "meets" if round(overall.strict_f1, 3) >= target else "is BELOW"
        verdicts.append(f"{name}, encoder {args.encoder}: strict F1 {overall.strict_f1:.3f} {met} the target "
                        f"{target:.3f}")
    print_table("alignment quality (strict/lax, Sennrich & Volk 2010; micro-average over files)", headers, rows, left=2)
    for line in verdicts:
        print(line)


if __name__ == "__main__":
    main()
