"""Alignment speed and memory on the Bible set (zh→en), with a baseline measured in the same run.

Run: ``.venv/bin/python benchmarks/align_speed.py [--set 001] [--set 006] [--encoder none|use ...] [--out DIR]``
(``--out`` keeps the zh→en ladders as DIR/NNN.align).
Each step runs in its own child process (wall time and peak RSS of that process alone):
- ``read+tokenise``: read both files, load CC-CEDICT, max-match tokenise the Chinese and split the
  English: the floor any dictionary-based aligner pays, so the aligner's cost is quoted as a ratio;
- ``align``: ``termkit.align.align_sentences`` in parallel mode, scored verse-based against
  ``bible/gold`` (gold is en:zh, flipped here to zh:en); with ``--encoder use`` twice: with the vector cache
  emptied first (``cold``: encoding included) and again (``cached``: a rebuild of an unchanged corpus).
Targets (issue 3): bible/006 in ≤ 30 s and ≤ 1 GB peak (Hunalign here: 31.8 s, 2.5 GB; on 001: 2.2 s, 150 MB).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from _common import data_dir, print_table, read_lines, run_measured

TARGET_S, TARGET_MB = 30.0, 1024.0
HUNALIGN = {"001": (2.2, 150.0), "006": (31.8, 2560.0)}


def child(step: str, name: str, ladder: Path) -> None:
    """One measured step, in a fresh process."""
    folder = data_dir("bible")
    zh, en = read_lines(folder / "zh" / name), read_lines(folder / "en" / name)
    if step == "read+tokenise":
        from termkit.cedict import load

        dictionary = load()
        n = sum(len(dictionary.tokenize(s)) for s in zh) + sum(len(s.lower().split()) for s in en)
        print(f"  {n} tokens", file=sys.stderr)
        return
    from termkit.align import align_sentences, encoder
    from termkit.formats.ladder import write_ladder

    name_of_encoder = encoder.USE if step.startswith("align use") else encoder.NONE
    if step == "align use cold":  # every cached vector of these two documents out: sentences and joined runs
        for side, glue in ((zh, ""), (en, " ")):
            for a in range(1, 5):
                runs = side if a == 1 else [glue.join(side[e - a:e]) for e in range(a, len(side) + 1)]
                encoder.cache_file(runs).unlink(missing_ok=True)
    beads = align_sentences(zh, en, "zh", "en", mode="parallel", encoder_name=name_of_encoder)
    write_ladder(beads, ladder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=["001", "006"], action="append", help="set(s) to run [both]")
    parser.add_argument("--out", type=Path, help="keep our ladders in OUT/NNN.align")
    parser.add_argument("--encoder", choices=["none", "use"], action="append", help="encoder(s) to run [none]")
    parser.add_argument("--child", nargs=3, metavar=("STEP", "SET", "LADDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], Path(args.child[2]))
        return
    folder = data_dir("bible")
    from termkit.align.eval import score
    from termkit.formats.ladder import read_ladder, write_ladder

    rows = []
    for name in args.set or ["001", "006"]:
        n_zh, n_en = len(read_lines(folder / "zh" / name)), len(read_lines(folder / "en" / name))
        with tempfile.TemporaryDirectory(prefix="termkit-bench-") as tmp:
            ladder = Path(tmp) / f"{name}.align"
            steps = ["read+tokenise"]
            for enc in args.encoder or ["none"]:
                steps += ["align"] if enc == "none" else ["align use cold", "align use cached"]
            measured, scores = {}, {}
            gold = [(tgt, src) for src, tgt in read_ladder(folder / "gold" / f"{name}.align")]
            for step in steps:
                m = run_measured([sys.executable, __file__, "--child", step, name, str(ladder)])
                if m.returncode != 0:
                    raise SystemExit(f"{step} on bible/{name} failed (exit {m.returncode})")
                measured[step] = m
                if step != "read+tokenise":
                    test = read_ladder(ladder)
                    scores[step] = score(gold, test)
                    if args.out is not None:
                        write_ladder(test, args.out / f"{name}.align")
        base = measured["read+tokenise"]
        hun_s, hun_mb = HUNALIGN[name]
        rows.append([f"bible/{name} read+tokenise ({n_zh} zh × {n_en} en)", f"{base.wall_s:.1f}",
                     f"{base.cpu_s:.1f}", f"{base.peak_mb:.0f}", "1.0×", "1.0×", "", "", ""])
        for step in steps[1:]:
            run, s = measured[step], scores[step]
            verdict = ""
            if name == "006" and step == "align":
                met = run.wall_s <= TARGET_S and run.peak_mb <= TARGET_MB
                verdict = "meets" if met else "MISSES"
            rows.append([f"bible/{name} {step} {verdict}", f"{run.wall_s:.1f}", f"{run.cpu_s:.1f}",
                         f"{run.peak_mb:.0f}", f"{run.wall_s / base.wall_s:.1f}×", f"{run.cpu_s / base.cpu_s:.1f}×",
                         f"{s.strict_f1:.3f}", f"{s.lax_f1:.3f}", f"{hun_s:.1f} s, {hun_mb:.0f} MB"])
    print_table("alignment speed (each step a child process; wall and CPU seconds, peak RSS; 2 shared cores)",
                ["step", "wall s", "cpu s", "peak MB", "wall × baseline", "cpu × baseline", "strict F1", "lax F1",
                 "Hunalign here"],
                rows)
    print(f"targets on bible/006: ≤ {TARGET_S:.0f} s and ≤ {TARGET_MB:.0f} MB peak; "
          "Bertalign reports verse-based F1 0.98 on the Bible set")


if __name__ == "__main__":
    main()
