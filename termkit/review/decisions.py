"""A reviewer's decisions on a pair's beads: ``sources/review/<src_doc>-<tgt_doc>.tsv``, read, written, applied.

Why files under ``sources/``: decisions are input, like the articles, so they live in git beside them and
every ``termkit build`` honours them. Each row names a bead by its sentence ids and carries the texts the
reviewer saw; when the texts of those ids change (a source re-ingested or re-segmented), the decision has
gone stale and is reported instead of applied, because it was about other words.

Applying is the same function for ``termkit build`` (over the aligner's beads) and for the review page (over
the built beads, where it changes nothing that build did already): an ``accept`` or a ``pair`` puts its bead
in the table, marked ``accepted``, in place of any bead sharing one of its sentences; a ``reject`` takes out
the bead with exactly its ids (the page keeps it, marked ``rejected``, so that it can be changed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from termkit.align.segments import join_segments
from termkit.encoding import read_text
from termkit.errors import TermkitError
from termkit.fileio import atomic_write
from termkit.formats.tsv import escape, unescape
from termkit.tables import ALIGNMENTS, conform

HEADER = ("src_ids", "tgt_ids", "verdict", "src_text", "tgt_text", "reviewer", "date", "note")
VERDICTS = ("accept", "reject", "pair")
REVIEW_COLUMN = "review"  # build's extra column: accepted | "" (and rejected on the review page)
#: A pair's beads as build writes them: ALIGNMENTS and the review column.
REVIEWED: dict[str, pl.DataType] = {**ALIGNMENTS, REVIEW_COLUMN: pl.String}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Decision:
    """One row of a decisions file: a verdict on the bead made of these sentence ids."""

    src_ids: tuple[int, ...]
    tgt_ids: tuple[int, ...]
    verdict: str
    src_text: str
    tgt_text: str
    reviewer: str = ""
    date: str = ""
    note: str = ""
    line: int | None = field(default=None, compare=False)  # where it was read from, for messages

    @property
    def key(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        return self.src_ids, self.tgt_ids


@dataclass(frozen=True)
class Stale:
    """A decision that was not applied, and why."""

    path: Path
    decision: Decision
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.decision.line}" if self.decision.line else str(self.path)
        return f"{where}: stale {self.decision.verdict} of {format_ids(self.decision.src_ids)}↔" \
               f"{format_ids(self.decision.tgt_ids)} not applied: {self.reason}"


@dataclass(frozen=True)
class Applied:
    """A pair's beads after its decisions: ALIGNMENTS plus ``review``; the stale decisions left out."""

    table: pl.DataFrame
    stale: list[Stale]


def decisions_path(project: Path, src_doc: str, tgt_doc: str) -> Path:
    """Where the decisions on the pair ``src_doc``–``tgt_doc`` of ``project`` live."""
    return project / "sources" / "review" / f"{src_doc}-{tgt_doc}.tsv"


def format_ids(ids: Iterable[int]) -> str:
    return ",".join(str(i) for i in ids)


def _parse_ids(cell: str, column: str, path: Path, line: int) -> tuple[int, ...]:
    if cell == "":
        return ()
    parts = cell.split(",")
    if not all(p.isdigit() for p in parts):
        raise TermkitError(f"bad {column} {cell!r}: expected sentence ids like 3 or 3,4", path, line)
    ids = tuple(int(p) for p in parts)
    if list(ids) != sorted(set(ids)):
        raise TermkitError(f"bad {column} {cell!r}: ids must be distinct and in order", path, line)
    return ids


def _parse_row(cells: list[str], path: Path, line: int) -> Decision:
    if len(cells) != len(HEADER):
        raise TermkitError(f"expected {len(HEADER)} tab-separated cells, found {len(cells)}", path, line)
    src, tgt, verdict, src_text, tgt_text, reviewer, date, note = cells
    d = Decision(_parse_ids(src, "src_ids", path, line), _parse_ids(tgt, "tgt_ids", path, line), verdict,
                 unescape(src_text), unescape(tgt_text), unescape(reviewer), date, unescape(note), line)
    if verdict not in VERDICTS:
        raise TermkitError(f"bad verdict {verdict!r}: use one of {', '.join(VERDICTS)}", path, line)
    if not d.src_ids and not d.tgt_ids:
        raise TermkitError("a decision needs sentence ids on at least one side", path, line)
    if verdict == "pair" and not (d.src_ids and d.tgt_ids):
        raise TermkitError("a pair needs sentence ids on both sides", path, line)
    if date and not _DATE.match(date):
        raise TermkitError(f"bad date {date!r}: expected YYYY-MM-DD", path, line)
    return d


def read_decisions(path: Path) -> list[Decision]:
    """The decisions in ``path`` (none if it does not exist); a bad row is an error naming its line.

    Two decisions on one bead, or two kept beads (accept/pair) sharing a sentence, are errors too: either
    would make the outcome depend on the order of the rows.
    """
    if not path.exists():
        return []
    lines = read_text(path)[0].split("\n")
    if tuple(lines[0].rstrip("\r").split("\t")) != HEADER:
        raise TermkitError("not a decisions file: the header must be " + "\\t".join(HEADER), path, 1)
    out: list[Decision] = []
    seen: dict[tuple, int] = {}
    kept_src: dict[int, int] = {}
    kept_tgt: dict[int, int] = {}
    for n, raw in enumerate(lines[1:], start=2):
        text = raw.rstrip("\r")
        if not text.strip():
            continue
        d = _parse_row(text.split("\t"), path, n)
        if d.key in seen:
            raise TermkitError(f"a second decision on the bead of line {seen[d.key]}", path, n)
        seen[d.key] = n
        if d.verdict != "reject":
            for ids, kept, side in ((d.src_ids, kept_src, "source"), (d.tgt_ids, kept_tgt, "target")):
                clash = next((kept[i] for i in ids if i in kept), None)
                if clash is not None:
                    raise TermkitError(f"shares a {side} sentence with the bead kept on line {clash}", path, n)
            kept_src.update(dict.fromkeys(d.src_ids, n))
            kept_tgt.update(dict.fromkeys(d.tgt_ids, n))
        out.append(d)
    return out


def write_decisions(path: Path, decisions: Iterable[Decision]) -> None:
    """Write ``decisions`` to ``path`` atomically, one bead a line, in the order given."""
    with atomic_write(path) as fh:
        fh.write("\t".join(HEADER) + "\n")
        for d in decisions:
            fh.write("\t".join([format_ids(d.src_ids), format_ids(d.tgt_ids), d.verdict, escape(d.src_text),
                                escape(d.tgt_text), escape(d.reviewer), d.date, escape(d.note)]) + "\n")


def bead_text(ids: Iterable[int], texts: Mapping[int, str], tag: str) -> str | None:
    """The text of a bead side as the aligner writes it, or None when an id is not a sentence of the document."""
    got = [texts.get(i) for i in ids]
    if any(t is None for t in got):
        return None
    return join_segments([t for t in got if t is not None], tag)


def _number(tuid: str, prefix: str) -> int:
    rest = tuid[len(prefix) + 1:] if tuid.startswith(prefix + "-") else ""
    return int(rest) if rest.isdigit() else 0


@dataclass(frozen=True)
class PairDocs:
    """The two documents of a pair as decisions need them: ids, TMX language tags, mode, sentence texts."""

    src_doc: str
    tgt_doc: str
    src_tag: str
    tgt_tag: str
    mode: str
    src_texts: Mapping[int, str]
    tgt_texts: Mapping[int, str]

    @property
    def tuid_prefix(self) -> str:
        return f"{self.src_doc}-{self.tgt_doc}"

    def staleness(self, d: Decision) -> str | None:
        """Why ``d`` no longer fits these documents (an id gone, a text changed), or None."""
        for side, ids, texts, tag, want in (("source", d.src_ids, self.src_texts, self.src_tag, d.src_text),
                                            ("target", d.tgt_ids, self.tgt_texts, self.tgt_tag, d.tgt_text)):
            now = bead_text(ids, texts, tag)
            if now is None:
                return f"the {side} document has no sentence {format_ids(i for i in ids if i not in texts)}"
            if now != want:
                return f"the {side} text has changed"
        return None


def apply_decisions(beads: pl.DataFrame, decisions: list[Decision], docs: PairDocs, path: Path, *,
                    keep_rejected: bool = False) -> Applied:
    """The pair's beads with ``decisions`` applied (see the module docstring); deterministic.

    ``beads`` is the pair's ALIGNMENTS table. A bead that is put in keeps its tuid (and score) when the
    table had it; one the reviewer made is numbered after the others and has no score.
    """
    rows = conform(beads, ALIGNMENTS).to_dicts()
    for r in rows:
        r[REVIEW_COLUMN] = ""
    prefix = docs.tuid_prefix
    next_n = max((_number(r["tuid"], prefix) for r in rows), default=0) + 1
    stale: list[Stale] = []
    for d in decisions:
        why = docs.staleness(d)
        if why:
            stale.append(Stale(path, d, why))
            continue
        at = next((i for i, r in enumerate(rows) if (tuple(r["src_ids"]), tuple(r["tgt_ids"])) == d.key), None)
        if at is not None:
            rows[at][REVIEW_COLUMN] = "rejected" if d.verdict == "reject" else "accepted"
            continue
        if d.verdict == "reject":
            continue
        src_set, tgt_set = set(d.src_ids), set(d.tgt_ids)
        hit = [i for i, r in enumerate(rows) if src_set & set(r["src_ids"]) or tgt_set & set(r["tgt_ids"])]
        if hit:
            place = hit[0]
        else:
            first = d.src_ids[0] if d.src_ids else None
            place = next((i for i, r in enumerate(rows)
                          if first is not None and r["src_ids"] and r["src_ids"][0] > first), len(rows))
        new = {"tuid": f"{prefix}-{next_n}", "src_doc": docs.src_doc, "tgt_doc": docs.tgt_doc,
               "src_ids": list(d.src_ids), "tgt_ids": list(d.tgt_ids), "src_lang": docs.src_tag,
               "tgt_lang": docs.tgt_tag, "src_text": d.src_text, "tgt_text": d.tgt_text, "score": None,
               "mode": docs.mode, REVIEW_COLUMN: "accepted"}
        next_n += 1
        rows = [r for i, r in enumerate(rows) if i not in hit]
        rows.insert(place - sum(1 for i in hit if i < place), new)
    if not keep_rejected:
        rows = [r for r in rows if r[REVIEW_COLUMN] != "rejected"]
    return Applied(pl.DataFrame(rows, schema=REVIEWED) if rows else pl.DataFrame(schema=REVIEWED), stale)


def pair_docs(segments: pl.DataFrame, src_doc: str, tgt_doc: str, src_tag: str, tgt_tag: str,
              mode: str) -> PairDocs:
    """``PairDocs`` from a SEGMENTS table holding (at least) the two documents."""
    def texts(doc: str) -> dict[int, str]:
        part = segments.filter(pl.col("doc_id") == doc)
        return dict(zip(part["seg_id"].to_list(), part["text"].to_list(), strict=True))

    return PairDocs(src_doc, tgt_doc, src_tag, tgt_tag, mode, texts(src_doc), texts(tgt_doc))


def review_pair(project: Path, beads: pl.DataFrame, docs: PairDocs, *, keep_rejected: bool = False) -> Applied:
    """``beads`` with the decisions of ``project`` on this pair applied (none: all unreviewed)."""
    path = decisions_path(project, docs.src_doc, docs.tgt_doc)
    return apply_decisions(beads, read_decisions(path), docs, path, keep_rejected=keep_rejected)


def read_project_decisions(project: Path, pairs: Iterable[tuple[str, str]],
                           ) -> tuple[dict[tuple[str, str], tuple[Path, list[Decision]]], list[Stale]]:
    """Every pair's decisions (path and rows), read before any work so that a bad row fails fast; and, as
    stale, the decisions of files in ``sources/review/`` that name no pair of ``pairs``."""
    paths = {pair: decisions_path(project, *pair) for pair in pairs}
    found = {pair: (path, read_decisions(path)) for pair, path in paths.items()}
    known = {path for path, _ in found.values()}
    folder = project / "sources" / "review"
    orphans = sorted(p for p in folder.glob("*.tsv") if p not in known) if folder.is_dir() else []
    stale = [Stale(p, d, "no pair of this build has these documents") for p in orphans for d in read_decisions(p)]
    return found, stale


def accepted_tuids(path: Path) -> set[str]:
    """The tuids an aligned TSV marks ``review=accepted`` (build's column), so that exports keep them as
    confident; none when the file has no such column (its header alone is read then)."""
    with open(path, "rb") as fh:
        head = fh.readline().decode("utf-8-sig", errors="replace").rstrip("\r\n").split("\t")
    if REVIEW_COLUMN not in head or "tuid" not in head:
        return set()
    lines = read_text(path)[0].split("\n")
    header = lines[0].rstrip("\r").split("\t")
    tuid, review = header.index("tuid"), header.index(REVIEW_COLUMN)
    rows = (line.rstrip("\r").split("\t") for line in lines[1:])
    return {unescape(cells[tuid]) for cells in rows if len(cells) == len(header) and cells[review] == "accepted"}
