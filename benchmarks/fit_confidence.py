"""Fit the parallel-mode confidence model (``termkit.align.confidence.COEFFICIENTS``) on gold alignments.

Run: ``.venv/bin/python benchmarks/fit_confidence.py [--features FILE]`` (``--features`` keeps the per-bead
features in FILE, an ``.npz``, and reads them from there on the next run instead of aligning again).
Every file of MAC-Dev (zh→en), Text+Berg (de→fr) and bible/001 (zh→en; its gold is en:zh, flipped here as in
``align_speed.py``) is aligned in parallel mode with each encoder setting; the features of the chosen beads
are recorded (``confidence.features``, through the aligner's ``_confidence``) with whether each bead is right
(``align_quality.right_beads``), and each file's distance from chance (``confidence.chance_distance``), as
for each of the mismatched pairs (``MISMATCHED``): the two laws of ``confidence.TRANSLATION``. A logistic model
per encoder setting (omissions with their own intercept, the ``omission`` column) is fitted by Newton's method
with a weak Gaussian prior on every coefficient but the intercept (``RIDGE``: it also shrinks the omissions'
intercept toward the pairs', as only Text+Berg has any),
each set weighing the same however many beads it has (the Bible's verse-based gold would otherwise decide alone).
Printed: the coefficients fitted on all three sets and the translation laws (what ``confidence.py`` holds), and
reliability tables leave-one-set-out: fitted on two sets, judged on the third, the honest picture for a document
we do not have; the mismatched pairs are judged by the bead model of all three and the laws.
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
#: Document pairs that are not translations of each other, for ``confidence.TRANSLATION``: each MAC-Dev chapter
#: and Text+Berg file with the next one's translation (what a user who picked the wrong file aligns). No pair
#: bead of theirs is right and every omission is.
MISMATCHED = "mismatched"
ENCODERS = ("use", "none")
#: Precision of the Gaussian prior on each slope, per unit of (set-balanced) bead weight: weak (a slope of 1
#: costs what one bead's log-likelihood moves by 0.5), enough to keep a feature that never varies in a
#: training set from running off. Set, not tuned.
RIDGE = 1.0


Pair = tuple[list[str], list[str], list[tuple[list[int], list[int]]], str, str]  # source, target, gold, languages


def _aligned_files(name: str) -> list[Pair]:
    if name == MISMATCHED:
        return [(src, files[(k + 1) % len(files)][1], [], s_lang, t_lang)
                for files in (_aligned_files("mac-dev"), _aligned_files("text-berg"))
                for k, (src, _, _, s_lang, t_lang) in enumerate(files)]
    folder_name, src_lang, tgt_lang, flip, stems = SETS[name]
    folder = data_dir(folder_name)
    stems = stems or sorted(p.stem for p in (folder / "gold").glob("*.align"))
    out = []
    for stem in stems:
        gold = read_ladder(folder / "gold" / f"{stem}.align")
        if flip:
            gold = [(t, s) for s, t in gold]
        out.append((read_lines(folder / src_lang / stem), read_lines(folder / tgt_lang / stem), gold, src_lang,
                    tgt_lang))
    return out


Collected = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # features, right, each file's distance, file of bead


def collect(name: str, encoder: str) -> Collected:
    """Features and rightness of every bead of a set's files, each file's ``confidence.chance_distance`` (nan
    when too few pairs), and the file of each bead."""
    recorded: list[tuple[np.ndarray, float | None]] = []
    original = aligner._confidence

    def recording(path, sc, ev, enc):  # the aligner's own call, with the features kept on the side
        feats = confidence.features(path, sc, ev.x, ev.y, ev.lx, ev.ly, enc)
        recorded.append((feats, confidence.chance_distance(feats, sc, enc is not None)))
        return original(path, sc, ev, enc)

    feats, right, distance, file_of = [], [], [], []
    aligner._confidence = recording
    try:
        for k, (src, tgt, gold, src_lang, tgt_lang) in enumerate(_aligned_files(name)):
            beads = align_sentences(src, tgt, src_lang, tgt_lang, mode="parallel", encoder_name=encoder)
            f, d = recorded.pop()
            feats.append(f)
            distance.append(np.nan if d is None else d)
            right.append(np.asarray(right_beads(gold, beads)))
            file_of.append(np.full(len(f), k))
    finally:
        aligner._confidence = original
    return np.vstack(feats), np.concatenate(right), np.asarray(distance), np.concatenate(file_of)


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


def fit(data: dict[str, tuple[np.ndarray, ...]], names: list[str], encoder: str) -> tuple[float, ...]:
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


PARTS = ("feats", "right", "distance", "file")


def _load(path: Path | None) -> dict[tuple[str, str], Collected]:
    names = (*SETS, MISMATCHED)
    if path is not None and path.is_file():
        stored = np.load(path)
        return {(n, e): tuple(stored[f"{n}|{e}|{part}"] for part in PARTS) for n in names for e in ENCODERS}
    data = {(n, e): collect(n, e) for e in ENCODERS for n in names}
    if path is not None:
        np.savez(path, **{f"{n}|{e}|{part}": arr for (n, e), arrays in data.items()
                          for part, arr in zip(PARTS, arrays, strict=True)})
    return data


def fit_gate(data: dict[tuple[str, str], Collected], encoder: str) -> tuple[float, float, float, float]:
    """``confidence.TRANSLATION`` for one encoder setting: the mean and standard deviation of each file's chance
    distance, the gold files' (translations) and the mismatched pairs'."""
    real = np.concatenate([data[(n, encoder)][2] for n in SETS])
    fake = data[(MISMATCHED, encoder)][2]
    real, fake = real[~np.isnan(real)], fake[~np.isnan(fake)]
    return tuple(round(float(v), 3) for v in (real.mean(), real.std(ddof=1), fake.mean(), fake.std(ddof=1)))


def gated_confidence(collected: Collected, encoder: str, coefficients: dict[str, tuple[float, ...]],
                     gate: dict[str, tuple[float, float, float, float]]) -> np.ndarray:
    """Each bead's confidence as ``confidence.confidence`` gives it, from recorded features."""
    feats, _, distance, file_of = collected
    on = encoder == "use"
    translation = np.asarray([confidence.translation_probability(None if np.isnan(d) else float(d), on, gate)
                              for d in distance])
    p = confidence.probabilities(feats, on, coefficients)
    return confidence.gated(p, feats, translation[file_of])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=Path, help="keep the per-bead features in this .npz (and reuse them)")
    args = parser.parse_args()
    data = _load(args.features)
    names = list(SETS)
    fitted, gates = {}, {}
    for encoder in ENCODERS:
        per_set = {name: data[(name, encoder)][:2] for name in names}
        fitted[encoder] = fit(per_set, names, encoder)
        gates[encoder] = fit_gate(data, encoder)
        gate = {**confidence.TRANSLATION, encoder: gates[encoder]}
        summary = []
        for held in [*names, MISMATCHED]:
            trained = {**confidence.COEFFICIENTS}
            if held != MISMATCHED:
                trained[encoder] = fit(per_set, [n for n in names if n != held], encoder)
            collected = data[(held, encoder)]
            feats, right, distance, _ = collected
            omit = feats[:, confidence.FEATURES.index("omission")] > 0
            ece = {}
            for label, coefficients, g in (("held out", trained, gate),
                                           ("shipped", confidence.COEFFICIENTS, confidence.TRANSLATION)):
                conf = gated_confidence(collected, encoder, coefficients, g)
                ece[label] = print_reliability(f"{held}, encoder {encoder}, {label}", list(conf), list(right))
            held_conf = gated_confidence(collected, encoder, trained, gate)
            pairs = held_conf[~omit]
            summary.append([held, str(len(right)), f"{right.mean():.3f}", str(int(omit.sum())),
                            f"{ece['shipped']:.3f}", f"{ece['held out']:.3f}", f"{held_conf.mean():.3f}",
                            f"{np.mean(pairs >= 0.9) if len(pairs) else 0.0:.3f}",
                            f"{np.nanmin(distance):.2f}-{np.nanmax(distance):.2f}"])
        print_table(f"encoder {encoder}: calibration error with the shipped model and held out (bead model fitted on "
                    "the other gold sets; the mismatched pairs are never in it), with the translation gate",
                    ["set", "beads", "right", "omissions", "ECE shipped", "ECE held out", "mean conf.",
                     "pairs ≥ 0.9", "chance distance"], summary)
    print_table("coefficients fitted on all three gold sets (confidence.COEFFICIENTS)",
                ["encoder", *confidence.FEATURES], [[e, *(f"{v:.3f}" for v in c)] for e, c in fitted.items()], left=1)
    print(f"COEFFICIENTS = {fitted}")
    print(f"TRANSLATION = {gates}")


if __name__ == "__main__":
    main()
