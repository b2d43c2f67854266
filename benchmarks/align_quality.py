"""Alignment quality on MAC-Dev (zh→en) and Text+Berg (de→fr) beside the published scores.

Run: ``.venv/bin/python benchmarks/align_quality.py [--set mac-dev|text-berg] [--out DIR] [--src-as LANG]
[--encoder use|none]``.
Each presplit file pair goes through ``termkit.align.align_sentences`` (parallel mode) and is scored
with ``termkit.align.eval`` (strict/lax P/R/F1, micro-averaged over the files of a set). ``--out``
keeps the ladders, so ``termkit eval GOLD_DIR DIR`` can show the per-file picture.
Targets (issue 3): MAC-Dev strict F1 ≥ 0.80, Text+Berg strict F1 ≥ 0.90.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from _common import data_dir, print_table, read_lines

from termkit.align import align_sentences
from termkit.align.encoder import DEFAULT, ENCODERS
from termkit.align.eval import Scores, evaluate
from termkit.formats.ladder import read_ladder, write_ladder

SETS = {"mac-dev": ("zh", "en"), "text-berg": ("de", "fr")}
TARGETS = {"mac-dev": 0.80, "text-berg": 0.90}
#: Strict and lax F1 published by the Bertalign authors (../shared/data/README.md).
PUBLISHED = {
    "mac-dev": [("Gale-Church", 0.485, 0.737), ("Hunalign", 0.610, 0.852), ("Bleualign", 0.641, 0.873),
                ("Vecalign", 0.863, 0.997), ("Bertalign", 0.911, 0.998)],
    "text-berg": [("Bertalign", 0.936, None)],
}


def run_set(name: str, out: Path | None, src_as: str | None = None,
            encoder: str = DEFAULT) -> tuple[Scores, float, int]:
    """Align every file of a set; return overall scores, seconds spent aligning, number of files.

    ``src_as`` aligns the source under another language code (``ja``: as if it were a language written without
    spaces and with no dictionary), to measure what the aligner learns from the text alone.
    """
    folder = data_dir(name)
    src_lang, tgt_lang = SETS[name]
    pairs, seconds = {}, 0.0
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
    report = evaluate(pairs)
    rows = [[f"  {stem}", *_cells(s)] for stem, s in report.files.items()]
    print_table(f"{name} per file", ["file", "strict P", "strict R", "strict F1", "lax P", "lax R", "lax F1"], rows)
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
        met = "meets" if overall.strict_f1 >= TARGETS[name] else "is BELOW"
        verdicts.append(f"{name}: strict F1 {overall.strict_f1:.3f} {met} the target {TARGETS[name]:.2f}")
    print_table("alignment quality (strict/lax, Sennrich & Volk 2010; micro-average over files)", headers, rows, left=2)
    for line in verdicts:
        print(line)


if __name__ == "__main__":
    main()
