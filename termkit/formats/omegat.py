"""OmegaT's glossary format: one entry a line, ``source term<TAB>target term[<TAB>comment]``, UTF-8.

Why a separate, lossy format: OmegaT (and tools that copy its format) shows these entries while a
translator works, for one language direction. The export therefore pairs every source-language term of
a concept (deprecated ones too: they still occur in source texts), in the project's script, with its
usable target terms, preferred first (``cat_tools.one_way``), and puts what a translator needs to decide
into the comment: subject, definition, the term's note, and each rendering not to use with its reason.
"""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl

from termkit.encoding import read_text
from termkit.errors import TermkitError
from termkit.fileio import atomic_write
from termkit.formats.bilingual_csv import bilingual_columns
from termkit.formats.one_way import one_way
from termkit.lang import base_language, lang_script
from termkit.script import detect_script
from termkit.tables import CONCEPTS, default_case_sensitive, empty


def _cell(text: str) -> str:
    return " ".join(text.split())


def _comment(target: dict) -> str:
    parts = [target["subject"], target["definition"], target["note"]]
    if target["status"] == "candidate":
        parts.append("candidate (not yet approved)")
    return "; ".join(_cell(p) for p in parts if p and p.strip())


def omegat_entries(concepts: pl.DataFrame, src_lang: str, tgt_lang: str) -> list[tuple[str, str, str]]:
    """``(source, target, comment)`` entries for one language direction, in glossary order.

    The terms are ``cat_tools.one_way``'s: source terms in the project's script, no deprecated target,
    each target's comment naming the renderings not to use.
    """
    df = one_way(concepts, src_lang, tgt_lang)
    s_lang = lang_script(src_lang)[0]
    groups: dict[str, list[dict]] = {}
    for row in df.iter_rows(named=True):
        groups.setdefault(row["concept_id"], []).append(row)
    entries: list[tuple[str, str, str]] = []
    for rows in groups.values():
        sources = [r for r in rows if r["lang"] == s_lang]
        targets = [r for r in rows if r["lang"] != s_lang]
        for s in sources:
            for t in targets:
                entries.append((_cell(s["term"]), _cell(t["term"]), _comment(t)))
    return entries


def write_omegat(concepts: pl.DataFrame, path: str | Path, *, src_lang: str = "zh-Hans", tgt_lang: str = "en") -> int:
    """Write the OmegaT glossary for ``src_lang`` → ``tgt_lang`` (atomically); return the number of entries."""
    entries = omegat_entries(concepts, src_lang, tgt_lang)
    if not entries:
        raise TermkitError(f"no {src_lang} → {tgt_lang} term pairs in the glossary (check --src-lang/--tgt-lang)",
                           path)
    with atomic_write(path) as fh:
        fh.write(f"# termkit glossary: {src_lang}\t{tgt_lang}\tcomment\n")
        for entry in entries:
            fh.write("\t".join(entry).rstrip("\t") + "\n")
    return len(entries)


def _column_lang(terms: list[str], given: str | None) -> tuple[str, str]:
    if given:
        return lang_script(given)
    return lang_script(detect_script("".join(terms[:200])))


def _header(first: str, second: str) -> tuple[str, str] | None:
    """The languages a first line names when it is a header, not an entry (``("", "")`` for column names):
    a spreadsheet's export starts ``Source,Target`` or ``zh-CN,en-US`` (``bilingual_csv.bilingual_columns``),
    which OmegaT shows as one more entry. Language codes count only with a Chinese one among them, since two
    short Latin terms (CPU, GPU) look like codes too."""
    try:
        si, ti, a, b = bilingual_columns([first, second])
    except ValueError:
        return None
    if (si, ti) != (0, 1) or (a and "zh" not in (base_language(a), base_language(b))):
        return None
    return a, b


def read_omegat(path: str | Path, *, src_lang: str | None = None, tgt_lang: str | None = None) -> pl.DataFrame:
    """Read an OmegaT glossary (tab-separated; comma-separated for ``.csv``) into ``tables.CONCEPTS``.

    Entries with the same source term form one concept (its first target preferred, later ones admitted);
    the comment becomes the target term's note. A header line (``_header``) is not an entry; languages are
    those given, else those the header names, else detected per column.
    """
    p = Path(path)
    text, _ = read_text(p)
    delimiter = "," if p.suffix.lower() == ".csv" else "\t"
    reader = csv.reader(text.split("\n"), delimiter=delimiter,
                        quoting=csv.QUOTE_MINIMAL if delimiter == "," else csv.QUOTE_NONE)
    entries: list[tuple[int, str, str, str]] = []
    for n, cells in enumerate(reader, 1):
        if not cells or not "".join(cells).strip() or cells[0].lstrip().startswith("#"):
            continue
        if len(cells) < 2 or not cells[0].strip() or not cells[1].strip():
            raise TermkitError("expected: source term, tab, target term (and optionally tab, comment)", p, n)
        entries.append((n, _cell(cells[0]), _cell(cells[1]), _cell("\t".join(cells[2:]))))
    named = _header(entries[0][1], entries[0][2]) if entries else None
    if named is not None:
        entries = entries[1:]
    if not entries:
        raise TermkitError("no glossary entries found", p)
    s_lang, s_script = _column_lang([e[1] for e in entries], src_lang or (named and named[0]))
    t_lang, t_script = _column_lang([e[2] for e in entries], tgt_lang or (named and named[1]))
    rows: list[dict] = []
    concept_of: dict[str, str] = {}
    targets_of: dict[str, set[str]] = {}

    def add(cid: str, lang: str, script: str, term: str, status: str, note: str, line: int) -> None:
        rows.append({"concept_id": cid, "subject": "", "definition": "", "source": p.name, "lang": lang,
                     "script": script, "term": term, "status": status, "term_type": "", "pos": "",
                     "case_sensitive": default_case_sensitive("", term), "note": note, "file": str(p), "line": line})

    for n, src, tgt, comment in entries:
        cid = concept_of.get(src)
        if cid is None:
            cid = concept_of[src] = f"{p.stem}-{len(concept_of) + 1}"
            add(cid, s_lang, s_script, src, "preferred", "", n)
        targets = targets_of.setdefault(cid, set())
        if tgt not in targets:
            add(cid, t_lang, t_script, tgt, "admitted" if targets else "preferred", comment, n)
            targets.add(tgt)
    return pl.DataFrame(rows, schema=CONCEPTS) if rows else empty(CONCEPTS)
