"""Fit the parallel-mode confidence model (``termkit.align.confidence.COEFFICIENTS``) on gold alignments.

Run: ``.venv/bin/python benchmarks/fit_confidence.py [--features FILE]`` (``--features`` keeps the per-bead
features in FILE, an ``.npz``, and reads them from there on the next run instead of aligning again).
Every file of MAC-Dev (zh→en), Text+Berg (de→fr) and bible/001 (zh→en; its gold is en:zh, flipped here as in
``align_speed.py``) is aligned in parallel mode with each encoder setting; the features of the chosen beads
are recorded (``confidence.features``, through the aligner's ``_confidence``) with whether each bead is right
(``align_quality.right_beads``). A logistic model per encoder setting (omissions with their own intercept, the
``omission`` column) is fitted by Newton's method with a weak Gaussian prior on every coefficient but the
intercept (``RIDGE``: it also shrinks the omissions' intercept toward the pairs', as only Text+Berg has any),
each set weighing the same however many beads it has (the Bible's verse-based gold would otherwise decide alone).
Printed: the coefficients fitted on all three sets (what ``confidence.py`` holds), and reliability tables
leave-one-set-out: fitted on two sets, judged on the third, the honest picture for a document we do not have.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from _common import data_dir, print_table, read_lines
from align_quality import print_reliability, right_beads

from termkit.align import align_sentences, aligner, confidence
from termkit.formats.ladder import read_ladder

#: Set → (folder, source, target language, flip gold, files): bible/001 only (006 extends it, so it is not new).
SETS = {"mac-dev": ("mac-dev", "zh", "en", False, None), "text-berg": ("text-berg", "de", "fr", False, None),
        "bible/001": ("bible", "zh", "en", True, ["001"])}
ENCODERS = ("use", "none")
#: Precision of the Gaussian prior on each slope, per unit of (set-balanced) bead weight: weak (a slope of 1
#: costs what one bead's log-likelihood moves by 0.5), enough to keep a feature that never varies in a
#: training set from running off. Set, not tuned.
RIDGE = 1.0


def _aligned_files(name: str) -> list[tuple[list[str], list[str], list[tuple[list[int], list[int]]]]]:
    folder_name, src_lang, tgt_lang, flip, stems = SETS[name]
    folder = data_dir(folder_name)
    stems = stems or sorted(p.stem for p in (folder / "gold").glob("*.align"))
    out = []
    for stem in stems:
        gold = read_ladder(folder / "gold" / f"{stem}.align")
        if flip:
            gold = [(t, s) for s, t in gold]
        out.append((read_lines(folder / src_lang / stem), read_lines(folder / tgt_lang / stem), gold))
    return out


def collect(name: str, encoder: str) -> tuple[np.ndarray, np.ndarray]:
    """Features and rightness of every bead of a set's files."""
    _, src_lang, tgt_lang, _, _ = SETS[name]
    recorded: list[np.ndarray] = []
    original = aligner._confidence

    def recording(path, sc, ev, enc):  # the aligner's own call, with the features kept on the side
        recorded.append(confidence.features(path, sc, ev.x, ev.y, ev.lx, ev.ly, enc))
        return original(path, sc, ev, enc)

    feats, right = [], []
    aligner._confidence = recording
    try:
        for src, tgt, gold in _aligned_files(name):
            beads = align_sentences(src, tgt, src_lang, tgt_lang, mode="parallel", encoder_name=encoder)
            feats.append(recorded.pop())
            right.append(np.asarray(right_beads(gold, beads)))
    finally:
        aligner._confidence = original
    return np.vstack(feats), np.concatenate(right)


def fit_logistic(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted logistic regression by Newton's method; column 0 is the intercept (no prior on it)."""
    beta = np.zeros(x.shape[1])
    prior = np.full(x.shape[1], RIDGE)
    prior[0] = 0.0
    for _ in range(50):
        p = np.exp(-np.logaddexp(0.0, -(x @ beta)))
        grad = x.T @ (w * (y - p)) - prior * beta
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + np.diag(prior) + 1e-9 * np.eye(len(beta))
        step = np.linalg.solve(hess, grad)
        beta += step
        if np.abs(step).max() < 1e-8:
            break
    return beta


def fit(data: dict[str, tuple[np.ndarray, np.ndarray]], names: list[str], encoder: str) -> tuple[float, ...]:
    """One encoder setting's coefficients (``confidence.FEATURES`` order), fitted on sets ``names``, each set
    weighing the same; without the encoder its column is left out (coefficient 0)."""
    cols = [c for c, f in enumerate(confidence.FEATURES) if not (encoder == "none" and f == "encoder")]
    xs = [data[n][0][:, cols] for n in names]
    ys = [data[n][1].astype(np.float64) for n in names]
    w = np.concatenate([np.full(len(y), 1.0 / len(y)) for y in ys])
    beta = fit_logistic(np.vstack(xs), np.concatenate(ys), w / w.mean())
    full = np.zeros(len(confidence.FEATURES))
    full[cols] = beta
    return tuple(round(float(v), 3) for v in full)


def _load(path: Path | None) -> dict[tuple[str, str], tuple[np.ndarray, np.ndarray]]:
    if path is not None and path.is_file():
        stored = np.load(path)
        return {(n, e): (stored[f"{n}|{e}|feats"], stored[f"{n}|{e}|right"]) for n in SETS for e in ENCODERS}
    data = {(n, e): collect(n, e) for e in ENCODERS for n in SETS}
    if path is not None:
        np.savez(path, **{f"{n}|{e}|{part}": arr for (n, e), arrays in data.items()
                          for part, arr in zip(("feats", "right"), arrays, strict=True)})
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=Path, help="keep the per-bead features in this .npz (and reuse them)")
    args = parser.parse_args()
    data = _load(args.features)
    names = list(SETS)
    fitted = {}
    for encoder in ENCODERS:
        per_set = {name: data[(name, encoder)] for name in names}
        fitted[encoder] = fit(per_set, names, encoder)
        summary = []
        for held in names:
            trained = {**confidence.COEFFICIENTS, encoder: fit(per_set, [n for n in names if n != held], encoder)}
            feats, right = per_set[held]
            omit = feats[:, confidence.FEATURES.index("omission")] > 0
            ece = {}
            for label, coefficients in (("held out", trained), ("shipped", confidence.COEFFICIENTS)):
                conf = confidence.probabilities(feats, encoder == "use", coefficients)
                ece[label] = print_reliability(f"{held}, encoder {encoder}, {label}", list(conf), list(right))
            summary.append([held, str(len(right)), f"{right.mean():.3f}", str(int(omit.sum())),
                            f"{ece['shipped']:.3f}", f"{ece['held out']:.3f}"])
        print_table(f"encoder {encoder}: calibration error with the shipped coefficients (fitted on all three sets) "
                    "and held out (fitted on the other two)",
                    ["set", "beads", "right", "omissions", "ECE shipped", "ECE held out"], summary)
    print_table("coefficients fitted on all three sets (confidence.COEFFICIENTS)", ["encoder", *confidence.FEATURES],
                [[e, *(f"{v:.3f}" for v in c)] for e, c in fitted.items()], left=1)
    print(f"COEFFICIENTS = {fitted}")


if __name__ == "__main__":
    main()
