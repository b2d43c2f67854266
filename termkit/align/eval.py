"""Strict and lax precision, recall and F1 of sentence alignments against a gold ladder.

Why this exact metric: it is Sennrich & Volk (2010) as implemented by Vecalign's ``score.py`` and used
by Bertalign, so our numbers sit beside the published ones in ``../shared/data/README.md``:

- beads empty on both sides are ignored;
- precision counts every test bead (deletions and insertions included): a strict hit is a bead
  identical to a gold bead; a lax hit shares at least one source and one target sentence with a gold
  link (a source–target sentence pair that some gold bead connects);
- recall is the same count with the roles of gold and test swapped, over beads with both sides
  non-empty (it ignores deletions and insertions);
- the overall score is a micro-average: counts summed over all files, then P, R and F1.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from termkit.errors import TermkitError
from termkit.formats.ladder import read_ladder

BeadLike = tuple[Sequence[int], Sequence[int]]


class Counts(NamedTuple):
    """Hits and misses of one comparison; they add up across files for the micro-average."""

    p_strict: int  # test beads identical to a gold bead
    p_lax: int  # test beads sharing a link with gold
    p_total: int  # test beads scored for precision
    r_strict: int  # gold 1+:1+ beads identical to a test bead
    r_lax: int
    r_total: int  # gold beads scored for recall

    def __add__(self, other: object) -> Counts:  # type: ignore[override]
        if not isinstance(other, Counts):
            return NotImplemented
        return Counts(*(a + b for a, b in zip(self, other, strict=True)))


@dataclass(frozen=True)
class Scores:
    """Strict and lax P/R/F1 with the counts they came from."""

    counts: Counts

    @staticmethod
    def _ratio(num: int, den: int) -> float:
        return num / den if den else 0.0

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def strict_precision(self) -> float:
        return self._ratio(self.counts.p_strict, self.counts.p_total)

    @property
    def strict_recall(self) -> float:
        return self._ratio(self.counts.r_strict, self.counts.r_total)

    @property
    def strict_f1(self) -> float:
        return self._f1(self.strict_precision, self.strict_recall)

    @property
    def lax_precision(self) -> float:
        return self._ratio(self.counts.p_lax, self.counts.p_total)

    @property
    def lax_recall(self) -> float:
        return self._ratio(self.counts.r_lax, self.counts.r_total)

    @property
    def lax_f1(self) -> float:
        return self._f1(self.lax_precision, self.lax_recall)

    def as_dict(self) -> dict[str, float | int]:
        """Flat, JSON-ready view (metrics first, then the raw counts)."""
        return {
            "strict_precision": self.strict_precision, "strict_recall": self.strict_recall,
            "strict_f1": self.strict_f1, "lax_precision": self.lax_precision, "lax_recall": self.lax_recall,
            "lax_f1": self.lax_f1, **self.counts._asdict(),
        }


def _bead_set(beads: Iterable[BeadLike]) -> set[tuple[tuple[int, ...], tuple[int, ...]]]:
    return {(tuple(int(i) for i in b[0]), tuple(int(i) for i in b[1])) for b in beads if len(b[0]) or len(b[1])}


def _hits(reference: set, candidates: set) -> tuple[int, int, int]:
    """(strict hits, lax hits, total) of ``candidates`` judged against ``reference``."""
    links: dict[int, set[int]] = defaultdict(set)
    for src, tgt in reference:
        for s in src:
            links[s].update(tgt)
    strict = lax = 0
    for bead in candidates:
        if bead in reference:
            strict += 1
            lax += 1
            continue
        src, tgt = bead
        linked = set().union(*(links.get(s, ()) for s in src)) if src else set()
        if linked.intersection(tgt):
            lax += 1
    return strict, lax, len(candidates)


def count(gold: Iterable[BeadLike], test: Iterable[BeadLike]) -> Counts:
    """Compare one test alignment with its gold alignment."""
    gold_set, test_set = _bead_set(gold), _bead_set(test)
    p = _hits(gold_set, test_set)
    r = _hits({b for b in test_set if b[0] and b[1]}, {b for b in gold_set if b[0] and b[1]})
    return Counts(*p, *r)


def score(gold: Iterable[BeadLike], test: Iterable[BeadLike]) -> Scores:
    """Strict and lax P/R/F1 of one test alignment."""
    return Scores(count(gold, test))


@dataclass(frozen=True)
class Report:
    """Scores per file (in name order) and overall (micro-average over all files)."""

    files: dict[str, Scores]
    overall: Scores
    unmatched_test: tuple[str, ...] = ()  # test files with no gold file of the same name

    def as_dict(self) -> dict:
        """JSON-ready view (``termkit eval --json``)."""
        return {
            "files": {name: s.as_dict() for name, s in self.files.items()},
            "overall": self.overall.as_dict(),
            "unmatched_test": list(self.unmatched_test),
        }


def evaluate(pairs: Mapping[str, tuple[Iterable[BeadLike], Iterable[BeadLike]]]) -> Report:
    """Score ``{name: (gold, test)}`` per file and overall."""
    if not pairs:
        raise TermkitError("nothing to evaluate: no gold/test pairs")
    per_file = {name: count(g, t) for name, (g, t) in sorted(pairs.items())}
    total = Counts(0, 0, 0, 0, 0, 0)
    for c in per_file.values():
        total = total + c
    return Report({n: Scores(c) for n, c in per_file.items()}, Scores(total))


def _align_files(folder: Path) -> dict[str, Path]:
    files = {p.name: p for p in sorted(folder.iterdir()) if p.is_file() and p.suffix == ".align"}
    if not files:
        raise TermkitError("no .align files in folder", folder)
    return files


def _read_test(path: Path, reverse: bool) -> list[tuple[list[int], list[int]]]:
    beads = read_ladder(path)
    return [(t, s) for s, t in beads] if reverse else beads


def evaluate_paths(gold: str | Path, test: str | Path, *, reverse: bool = False) -> Report:
    """Score a test ladder file against a gold one, or two folders of ``.align`` files matched by name.

    Every gold file needs its test file (a missing one would silently raise the score); test files
    without gold are listed in ``Report.unmatched_test``. ``reverse``: the test ran the other way
    (e.g. zh→en against en:zh gold), so its sides are swapped before scoring.
    """
    g, t = Path(gold), Path(test)
    for p in (g, t):
        if not p.exists():
            raise TermkitError("no such file or folder", p)
    if g.is_dir() != t.is_dir():
        raise TermkitError(f"GOLD and TEST must both be files or both folders ({g} and {t})")
    if not g.is_dir():
        return evaluate({t.name: (read_ladder(g), _read_test(t, reverse))})
    gold_files, test_files = _align_files(g), _align_files(t)
    missing = sorted(set(gold_files) - set(test_files))
    if missing:
        shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
        raise TermkitError(f"no test alignment for {len(missing)} gold file(s): {shown}", t)
    report = evaluate({name: (read_ladder(path), _read_test(test_files[name], reverse))
                       for name, path in gold_files.items()})
    return Report(report.files, report.overall, tuple(sorted(set(test_files) - set(gold_files))))
