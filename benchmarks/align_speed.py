"""Alignment speed and memory on the Bible set (zh→en), against Hunalign and a baseline measured in the same run.

Run: ``.venv/bin/python benchmarks/align_speed.py [--set 001] [--set 006] [--encoder none|use ...]
[--hunalign PATH] [--workers N] [--repeat N] [--out DIR]`` (``--hunalign`` or env ``TERMKIT_HUNALIGN``: a built Hunalign
binary; ``--workers``: processes that encode the sentences with ``--encoder use``, as ``termkit align --workers``;
``--repeat``: rounds of every step, each step's median wall and CPU time reported, as these machines' speed
varies by a quarter from minute to minute; ``--out`` keeps our zh→en ladders as DIR/NNN.align).
Each step runs in its own child process (wall time, CPU time and peak RSS of that process alone):
- ``read+tokenise``: read both files, load CC-CEDICT, max-match tokenise the Chinese and split the
  English: the floor any dictionary-based aligner pays, so the aligner's cost is quoted as a ratio;
- ``hunalign`` (with ``--hunalign``): Hunalign 1.1 as ``../shared/data/README.md`` ran it for its speed
  reference: ``hunalign -realign EMPTY.dic zh.tok en.tok > out.ladder``, no dictionary (an empty file),
  Chinese split into characters and English into lower-cased words and punctuation. The pre-tokenised
  files are written by this script before the step and are not in Hunalign's time (their writing time
  is shown in the row's label);
- ``align``: ``termkit.align.align_sentences`` in parallel mode; with ``--encoder use`` twice: with the
  vector cache emptied first (``cold``: encoding included) and again (``cached``: a rebuild of an
  unchanged corpus). With ``--workers`` above 1 the peak is the largest single process's (the encoding
  workers' included), not their sum;
- ``cli`` (with ``--encoder none``): the whole ``termkit align --presplit ... --encoder none`` process
  on the same files, run from an empty folder so that, like ``align``, it uses no glossary.
Every ladder, Hunalign's too, is scored verse-based against ``bible/gold`` (gold is en:zh, flipped
here to zh:en).
Targets (issue 13), on bible/006: ``--encoder none`` ≤ 0.5× Hunalign's wall time and ≤ 512 MB peak,
``--encoder use`` ≤ 3× and ≤ 1 GB. Without ``--hunalign`` the ratios are taken against Hunalign's
reference ratio to the baseline (below) times the baseline measured in this run.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

from _common import Measured, data_dir, print_table, read_lines, run_measured

# ../shared/data/README.md speed reference (bible/006, one machine, one day): Hunalign 56.0 s wall,
# read+tokenise baseline 5.7 s. It stands in for Hunalign when Hunalign is not at hand (target for
# --encoder none: ≈ 4.9× the baseline).
HUNALIGN_OVER_BASELINE = 56.0 / 5.7
# Issue 13: (largest wall time as a multiple of Hunalign's, largest peak MB) per encoder, on bible/006.
TARGETS = {"none": (0.5, 512.0), "use": (3.0, 1024.0)}
TARGET_SET = "006"
ENCODER_OF_STEP = {"align": "none", "cli": "none", "align use cold": "use", "align use cached": "use"}
WORD = re.compile(r"\w+|[^\w\s]")  # an English word, or one punctuation mark, as Hunalign's token


def child(step: str, name: str, ladder: Path, workers: int) -> None:
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
    with encoder.use_processes(workers):
        beads = align_sentences(zh, en, "zh", "en", mode="parallel", encoder_name=name_of_encoder)
    write_ladder(beads, ladder)


def write_hunalign_input(zh: list[str], en: list[str], folder: Path) -> tuple[Path, Path]:
    """Hunalign reads one sentence a line, tokens space-separated: Chinese by character, English by word."""
    zh_path, en_path = folder / "zh.tok", folder / "en.tok"
    zh_path.write_text("".join(" ".join(c for c in s if not c.isspace()) + "\n" for s in zh), encoding="utf-8")
    en_path.write_text("".join(" ".join(WORD.findall(s.lower())) + "\n" for s in en), encoding="utf-8")
    return zh_path, en_path


def hunalign_beads(path: Path) -> list[tuple[list[int], list[int]]]:
    """Beads of Hunalign's ladder, whose rungs ``i<TAB>j<TAB>score`` say the first i source sentences
    match the first j target sentences: a bead is what lies between two consecutive rungs."""
    rungs = [tuple(int(x) for x in line.split("\t")[:2]) for line in path.read_text().splitlines() if line.strip()]
    return [(list(range(a0, a1)), list(range(b0, b1))) for (a0, b0), (a1, b1) in pairwise(rungs)]


def run_hunalign(binary: Path, zh_tok: Path, en_tok: Path, tmp: Path) -> tuple[Measured, Path]:
    """Hunalign on the pre-tokenised files with ``-realign`` and an empty dictionary; its ladder file."""
    empty, ladder, log = tmp / "empty.dic", tmp / "hunalign.ladder", tmp / "hunalign.log"
    empty.touch()
    argv = [str(binary), "-realign", str(empty), str(zh_tok), str(en_tok)]
    with ladder.open("w") as out, log.open("w") as err:  # its progress report goes to the log, not the table
        m = run_measured(argv, cwd=tmp, stdout=out, stderr=err)  # in tmp: it leaves a translate.txt in its folder
    if m.returncode != 0:
        tail = log.read_text(errors="replace")[-2000:]
        raise SystemExit(f"hunalign failed (exit {m.returncode}):\n{tail}")
    return m, ladder


def run_step(step: str, name: str, ladder: Path, tmp: Path, workers: int = 1) -> Measured:
    """One of termkit's steps as a measured child; ``ladder`` receives its alignment."""
    if step == "cli":
        folder = data_dir("bible")
        termkit = Path(sys.executable).parent / "termkit"
        argv = [str(termkit), "align", str(folder / "zh" / name), str(folder / "en" / name), "--presplit",
                "--src-lang", "zh", "--tgt-lang", "en", "--encoder", "none", "-o", str(ladder)]
        cwd = tmp / "cli"  # an empty folder: no ./glossary picked up
        cwd.mkdir(exist_ok=True)
        m = run_measured(argv, cwd=cwd)
    else:
        m = run_measured([sys.executable, __file__, "--child", step, name, str(ladder), str(workers)])
    if m.returncode != 0:
        raise SystemExit(f"{step} on bible/{name} failed (exit {m.returncode})")
    return m


def median_of(runs: list[Measured]) -> Measured:
    """The median wall and CPU time of repeated runs of a step, and their largest peak."""
    return Measured(statistics.median(m.wall_s for m in runs), statistics.median(m.cpu_s for m in runs),
                    max(m.peak_mb for m in runs), max(m.returncode for m in runs))


def verdict(name: str, step: str, run: Measured, reference_s: float, reference: str) -> str:
    """The target line of one step on bible/006: wall as a multiple of Hunalign's, and peak MB."""
    most_x, most_mb = TARGETS[ENCODER_OF_STEP[step]]
    ratio = run.wall_s / reference_s
    met = ratio <= most_x and run.peak_mb <= most_mb
    return (f"bible/{name} {step}: {run.wall_s:.1f} s = {ratio:.2f}× {reference} (target ≤ {most_x}×), "
            f"{run.peak_mb:.0f} MB (target ≤ {most_mb:.0f}): {'meets' if met else 'MISSES'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=["001", "006"], action="append", help="set(s) to run [both]")
    parser.add_argument("--out", type=Path, help="keep our ladders in OUT/NNN.align")
    parser.add_argument("--encoder", choices=["none", "use"], action="append", help="encoder(s) to run [none]")
    parser.add_argument("--hunalign", type=Path, default=os.environ.get("TERMKIT_HUNALIGN"),
                        help="a built Hunalign binary, run on the same set in the same run [env TERMKIT_HUNALIGN]")
    parser.add_argument("--workers", type=int, default=1, help="processes encoding the sentences (--encoder use)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of every step; the table gives medians [1]")
    parser.add_argument("--child", nargs=4, metavar=("STEP", "SET", "LADDER", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], Path(args.child[2]), int(args.child[3]))
        return
    if args.hunalign is not None and not os.access(args.hunalign, os.X_OK):
        raise SystemExit(f"--hunalign {args.hunalign}: not an executable file")
    folder = data_dir("bible")
    from termkit.align.eval import score
    from termkit.formats.ladder import read_ladder, write_ladder

    rows, verdicts = [], []
    for name in args.set or ["001", "006"]:
        zh, en = read_lines(folder / "zh" / name), read_lines(folder / "en" / name)
        gold = [(tgt, src) for src, tgt in read_ladder(folder / "gold" / f"{name}.align")]
        steps = []
        for enc in args.encoder or ["none"]:
            steps += ["align", "cli"] if enc == "none" else ["align use cold", "align use cached"]
        scores, labels = {}, {}
        with tempfile.TemporaryDirectory(prefix="termkit-bench-") as tmp_name:
            tmp = Path(tmp_name)
            ladder = tmp / f"{name}.align"
            runs: dict[str, list[Measured]] = {}
            if args.hunalign is not None:
                start = time.perf_counter()
                zh_tok, en_tok = write_hunalign_input(zh, en, tmp)
                labels["hunalign"] = (f"hunalign (input tokenised in {time.perf_counter() - start:.1f} s, "
                                      "not counted)")
            for _ in range(args.repeat):  # rounds of every step, so that a slow spell of the machine hits all
                runs.setdefault("read+tokenise", []).append(run_step("read+tokenise", name, ladder, tmp))
                if args.hunalign is not None:
                    m, hun_ladder = run_hunalign(args.hunalign, zh_tok, en_tok, tmp)
                    runs.setdefault("hunalign", []).append(m)
                    scores["hunalign"] = score(gold, hunalign_beads(hun_ladder))
                for step in steps:
                    runs.setdefault(step, []).append(run_step(step, name, ladder, tmp, args.workers))
                    test = read_ladder(ladder)
                    scores[step] = score(gold, test)
                    if args.out is not None:
                        write_ladder(test, args.out / f"{name}.align")
            measured = {step: median_of(ms) for step, ms in runs.items()}
        base = measured["read+tokenise"]
        hun = measured.get("hunalign")
        reference_s, reference = ((hun.wall_s, "Hunalign") if hun is not None else
                                  (base.wall_s * HUNALIGN_OVER_BASELINE,
                                   f"Hunalign est. ({HUNALIGN_OVER_BASELINE:.1f}× baseline)"))
        labels["read+tokenise"] = f"read+tokenise ({len(zh)} zh × {len(en)} en)"
        for step, run in measured.items():
            s = scores.get(step)
            rows.append([f"bible/{name} {labels.get(step, step)}", f"{run.wall_s:.1f}", f"{run.cpu_s:.1f}",
                         f"{run.peak_mb:.0f}", f"{run.wall_s / base.wall_s:.1f}×", f"{run.cpu_s / base.cpu_s:.1f}×",
                         f"{run.wall_s / hun.wall_s:.2f}×" if hun is not None else "",
                         f"{run.cpu_s / hun.cpu_s:.2f}×" if hun is not None else "",
                         f"{s.strict_f1:.3f}" if s else "", f"{s.lax_f1:.3f}" if s else ""])
            if name == TARGET_SET and step in ENCODER_OF_STEP:
                verdicts.append(verdict(name, step, run, reference_s, reference))
    print_table("alignment speed (each step a child process; wall and CPU seconds, peak RSS; 2 shared cores)",
                ["step", "wall s", "cpu s", "peak MB", "wall × baseline", "cpu × baseline", "wall × Hunalign",
                 "cpu × Hunalign", "strict F1", "lax F1"],
                rows)
    if args.hunalign is None:
        estimate = (f"; the targets below take Hunalign as {HUNALIGN_OVER_BASELINE:.1f}× this run's baseline, "
                    "its ratio in ../shared/data/README.md") if verdicts else ""
        print(f"Hunalign not measured (give --hunalign PATH or TERMKIT_HUNALIGN){estimate}")
    for line in verdicts:
        print(line)
    print("Bertalign reports verse-based F1 0.98 on the Bible set")


if __name__ == "__main__":
    main()
