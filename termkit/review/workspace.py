"""The build being reviewed: its pairs, what the page shows of each, and the actions that change decisions.

Why read the built TSV rather than re-align: review must not wait for the aligner, and the built beads
already have the decisions applied, so applying them again (keeping rejected beads, to show them) is
what the next build will write. Each action re-reads the decisions file, changes it and writes it at
once, so a reload, an editor or ``git checkout`` of the file is always what the page shows.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from termkit.errors import TermkitError
from termkit.formats.tsv import read_alignments_tsv
from termkit.review.decisions import (
    REVIEW_COLUMN,
    Decision,
    PairDocs,
    apply_decisions,
    decisions_path,
    pair_docs,
    read_decisions,
    write_decisions,
)
from termkit.review.edits import Signer, apply_action
from termkit.tables import ALIGNMENTS, CONCEPTS, conform, empty

if TYPE_CHECKING:
    from termkit.lint import LintConfig

SUFFIX = ".alignments.tsv"
#: Confidence bands the page colours by; a bead below HIGH (or not 1:1) is one to look at.
HIGH, MEDIUM = 0.9, 0.6


def band(score: float | None) -> str:
    """high | medium | low by confidence; ``none`` for a bead the reviewer made (it has no score)."""
    if score is None:
        return "none"
    return "high" if score >= HIGH else "medium" if score >= MEDIUM else "low"


@dataclass(frozen=True)
class Pair:
    """One aligned pair of the build: its key (``000-004``), file, documents and decisions file."""

    key: str
    file: Path
    docs: PairDocs
    decisions: Path
    src_title: str
    tgt_title: str


class Workspace:
    """A build folder and its project, as the review page and the report see them."""

    def __init__(self, project: Path, aligned: Path, reviewer: str = "", lint: bool = True) -> None:
        self.project = project
        self.aligned = aligned
        self.reviewer = reviewer
        for name in ("documents.parquet", "segments.parquet"):
            if not (aligned / name).is_file():
                raise TermkitError(f"not a termkit build folder (no {name}); run `termkit build` first", aligned)
        documents = pl.read_parquet(aligned / "documents.parquet")
        segments = pl.read_parquet(aligned / "segments.parquet")
        docs = {r["doc_id"]: r for r in documents.iter_rows(named=True)}
        self.pairs: dict[str, Pair] = {}
        for f in sorted(aligned.glob("*" + SUFFIX)):
            key = f.name[: -len(SUFFIX)]
            beads = read_alignments_tsv(f)
            src, tgt = self._documents(key, f, beads, docs)
            mode = beads["mode"][0] if beads.height else "comparable"
            both = pair_docs(segments, src, tgt, docs[src]["script"], docs[tgt]["script"], mode)
            self.pairs[key] = Pair(key, f, both, decisions_path(project, src, tgt), docs[src]["title"] or "",
                                   docs[tgt]["title"] or "")
        if not self.pairs:
            raise TermkitError(f"no aligned pairs (*{SUFFIX}) to review", aligned)
        self._lock = threading.Lock()
        self._undo: dict[str, list[list[Decision]]] = {k: [] for k in self.pairs}
        self._concepts, self._lint_config = self._lint_setup() if lint else (None, None)

    @staticmethod
    def _documents(key: str, f: Path, beads: pl.DataFrame, docs: dict) -> tuple[str, str]:
        """The pair's document ids: from its beads, else the split of the file name that names two documents."""
        if beads.height:
            src, tgt = beads["src_doc"][0], beads["tgt_doc"][0]
        else:
            splits = [(key[:i], key[i + 1:]) for i, c in enumerate(key) if c == "-"]
            src, tgt = next(((a, b) for a, b in splits if a in docs and b in docs), ("", ""))
        if src not in docs or tgt not in docs:
            raise TermkitError("the documents of this pair are not in documents.parquet", f)
        return src, tgt

    def _lint_setup(self) -> tuple[pl.DataFrame, LintConfig]:
        """The project's glossary and lint settings, loaded once: the page runs lint on every state."""
        from termkit.lint import load_config
        from termkit.terms.check import load_checked_glossary

        glossary = self.project / "glossary"
        concepts = load_checked_glossary(glossary) if glossary.is_dir() else empty(CONCEPTS)
        return concepts, load_config(None, start=self.project)

    def pair(self, key: str) -> Pair:
        if key not in self.pairs:
            raise KeyError(key)
        return self.pairs[key]

    def applied(self, key: str) -> tuple[pl.DataFrame, list[str], set]:
        """The beads shown (decisions applied, rejected ones kept), the stale decisions, the built bead keys."""
        p = self.pair(key)
        base = read_alignments_tsv(p.file)
        got = apply_decisions(base, read_decisions(p.decisions), p.docs, p.decisions, keep_rejected=True)
        built = {(tuple(s), tuple(t)) for s, t in zip(base["src_ids"], base["tgt_ids"], strict=True)}
        return got.table, [str(s) for s in got.stale], built

    def progress(self, key: str) -> dict[str, int]:
        table = self.applied(key)[0]
        return {"reviewed": int((table[REVIEW_COLUMN] != "").sum()), "total": table.height}

    def _findings(self, table: pl.DataFrame) -> dict[str, list[dict]]:
        if self._concepts is None or table.height == 0:
            return {}
        from termkit.lint import run_lint

        found = run_lint(conform(table, ALIGNMENTS), self._concepts, self._lint_config)
        out: dict[str, list[dict]] = {}
        for f in found.iter_rows(named=True):
            out.setdefault(f["tuid"], []).append({k: f[k] or "" for k in ("rule", "severity", "term", "message",
                                                                           "fix")})
        return out

    def state(self, key: str) -> dict:
        """Everything the page shows of one pair, as JSON-ready data."""
        p = self.pair(key)
        table, stale, built = self.applied(key)
        findings = self._findings(table)
        beads = []
        for r in table.iter_rows(named=True):
            k = (tuple(r["src_ids"]), tuple(r["tgt_ids"]))
            beads.append({
                "tuid": r["tuid"], "src_ids": r["src_ids"], "tgt_ids": r["tgt_ids"],
                "src": [{"id": i, "text": p.docs.src_texts[i]} for i in r["src_ids"]],
                "tgt": [{"id": j, "text": p.docs.tgt_texts[j]} for j in r["tgt_ids"]],
                "score": r["score"], "band": band(r["score"]), "review": r[REVIEW_COLUMN], "built": k in built,
                "shape": f"{len(r['src_ids'])}:{len(r['tgt_ids'])}", "findings": findings.get(r["tuid"], []),
            })
        used_s = {i for b in beads for i in b["src_ids"]}
        used_t = {j for b in beads for j in b["tgt_ids"]}
        return {
            "key": key, "src_doc": p.docs.src_doc, "tgt_doc": p.docs.tgt_doc, "mode": p.docs.mode,
            "src_title": p.src_title, "tgt_title": p.tgt_title, "decisions": str(p.decisions.relative_to(self.project)),
            "beads": beads, "stale": stale, "undo": len(self._undo[key]),
            "unpaired": {"src": [{"id": i, "text": t} for i, t in sorted(p.docs.src_texts.items()) if i not in used_s],
                         "tgt": [{"id": j, "text": t} for j, t in sorted(p.docs.tgt_texts.items()) if j not in used_t]},
            "progress": {"reviewed": sum(1 for b in beads if b["review"]), "total": len(beads)},
        }

    def act(self, key: str, action: dict) -> dict:
        """Apply one action of the page (or ``undo``), write the decisions file at once, return the new state."""
        p = self.pair(key)
        with self._lock:
            before = read_decisions(p.decisions)
            if action.get("op") == "undo":
                if not self._undo[key]:
                    raise TermkitError("nothing to undo")
                self._save(p, self._undo[key].pop())
            else:
                table, _, built = self.applied(key)
                i, tuid = action.get("index"), action.get("tuid")
                fits = isinstance(i, int) and 0 <= i < table.height and table["tuid"][i] == tuid
                if tuid is not None and not fits:
                    raise TermkitError("the page is out of date (the decisions changed elsewhere): reload it")
                shown = [(tuple(s), tuple(t)) for s, t in zip(table["src_ids"], table["tgt_ids"], strict=True)]
                who = Signer(self.reviewer, datetime.now(UTC).date().isoformat())
                after = apply_action(before, shown, built, action, p.docs, who)
                if after != before:
                    self._undo[key].append(before)
                    self._save(p, after)
        return self.state(key)

    @staticmethod
    def _save(p: Pair, decisions: list[Decision]) -> None:
        """Write the decisions; none at all means no file (so that undoing everything leaves git clean)."""
        if decisions:
            write_decisions(p.decisions, decisions)
        elif p.decisions.exists():
            p.decisions.unlink()
