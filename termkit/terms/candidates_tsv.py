"""The candidates file: glossary rows first (so accepting a candidate is moving its cells), evidence after.

Why not the glossary file itself: the glossary format (termkit.terms.store) rejects columns it does not
know, and counts, scores and an example pair are what a terminologist decides on. So each candidate is
two rows in the glossary's own columns (Chinese and English, one concept, status ``candidate``) with
a one-line summary of the evidence in ``note``, followed by the evidence as columns of their own. Pairs
the glossary deprecates are listed after the candidates, with status ``deprecated`` and a ``flag``.
"""

from __future__ import annotations

import re
from pathlib import Path

from termkit.fileio import atomic_write
from termkit.formats.tsv import escape
from termkit.terms.store import COLUMNS
from termkit.terms.suggest import Suggestions

#: Evidence columns written after the glossary's own.
EVIDENCE = ("zh_count", "en_count", "joint_count", "llr", "dice", "score", "cedict", "example_file", "example_doc",
            "example_unit", "example_zh", "example_en", "flag")


def concept_id(en: str, taken: set[str]) -> str:
    """A readable, unique concept id from the English ("Chen Qingyang" → ``chen-qingyang``)."""
    base = "-".join(re.findall(r"[a-z0-9]+", en.lower()))[:60] or "candidate"
    cid, n = base, 2
    while cid in taken:
        cid, n = f"{base}-{n}", n + 1
    taken.add(cid)
    return cid


def _note(r: dict) -> str:
    if r["llr"] is None:
        return (f"the memory renders {r['zh']} so in {r['joint_count']} aligned pair(s), e.g. {r['example_doc']} "
                f"{r['example_unit']}")
    verdict = f", CC-CEDICT {r['cedict']}" if r["cedict"] else ""
    return (f"suggested: together in {r['joint_count']} of {r['zh_count']} zh / {r['en_count']} en aligned pairs "
            f"(G² {r['llr']:.1f}, Dice {r['dice']:.2f}{verdict}); e.g. {r['example_doc']} {r['example_unit']}")


def _rows(r: dict, cid: str, status: str, source: str) -> list[dict]:
    common = {"concept_id": cid, "subject": "", "definition": "", "source": source, "status": status,
              "term_type": "", "pos": "", "case_sensitive": "", "note": _note(r)}
    zh_note = f"; written {r['zh_forms']}" if "," in (r["zh_forms"] or "") else ""
    return [
        common | {"lang": "zh", "script": "", "term": r["zh"], "note": common["note"] + zh_note},
        common | {"lang": "en", "script": "", "term": r["en"]},
    ]


def write_candidates(result: Suggestions, path: str | Path, sources: list[str]) -> None:
    """Write candidates (then flagged pairs) as TSV, atomically."""
    source = "termkit glossary suggest over " + ", ".join(sources)
    taken: set[str] = set()
    lines = ["# termkit glossary suggest: candidate rows in the glossary's columns, then their evidence. "
             "Accept a candidate by setting its status (delete the rows you reject), then move its glossary cells "
             "into glossary/ or run `termkit glossary import THIS-FILE -o glossary/NEW.tsv`.",
             "\t".join((*COLUMNS, *EVIDENCE))]
    for r in result.candidates.iter_rows(named=True):
        for row in _rows(r, concept_id(r["en"], taken), "candidate", source):
            lines.append(_line(row, r))
    for r in result.flagged.iter_rows(named=True):
        lines.append(_line(_rows(r, r["concept_id"], "deprecated", source)[1], r))
    with atomic_write(path) as fh:
        fh.write("\n".join(lines) + "\n")


def _line(row: dict, evidence: dict) -> str:
    cells = [row[c] for c in COLUMNS]
    for c in EVIDENCE:
        v = evidence[c]
        cells.append("" if v is None else (f"{v:.2f}" if isinstance(v, float) else str(v)))
    return "\t".join(escape(str(c)) for c in cells)
