"""The schemas of the tables that flow between termkit's stages.

Stages share nothing but these tables: sources → documents → paragraphs/removed → segments →
alignments → findings, and glossary files → concepts. Each schema is a plain ``dict`` usable as a
polars schema; ``empty(SCHEMA)`` makes a typed empty frame and ``conform(df, SCHEMA)`` checks and orders
the columns of a stage's output, so a stage that drifts from the contract fails loudly at its border.

Conventions
- ``doc_id`` is the manifest id of a source (``"000"``); ids are strings so that users may pick their own.
- Line numbers are 1-based (as editors show them); segment and bead indices are 0-based (as ladders).
- Offsets (``start``, ``end``) are Python string offsets into the *cleaned paragraph text*.
- Languages are BCP-47: ``lang`` is the language (``zh``, ``en``, ``de``...), ``script`` the tag written
  to TMX/TBX (``zh-Hans``, ``zh-Hant``, ``en``).
"""

from __future__ import annotations

import polars as pl

#: One row per source article (the manifest plus what ingest detected).
DOCUMENTS: dict[str, pl.DataType] = {
    "doc_id": pl.String,
    "file": pl.String,  # path as given (relative to the project for bundled sources)
    "lang": pl.String,  # zh | en | ...
    "script": pl.String,  # zh-Hans | zh-Hant | en | ...
    "encoding": pl.String,  # what the bytes were decoded from: utf-8 | utf-16 | gb18030 | big5
    "outlet": pl.String,
    "date": pl.String,  # ISO 8601 date (YYYY-MM-DD) or empty
    "title": pl.String,
    "byline": pl.String,
    "event": pl.String,  # articles with the same event are aligned with each other
}

#: Clean article text, one row per paragraph or heading, in reading order.
PARAGRAPHS: dict[str, pl.DataType] = {
    "doc_id": pl.String,
    "para_id": pl.Int64,  # 0-based, in reading order
    "kind": pl.String,  # body | heading
    "text": pl.String,
    "first_line": pl.Int64,  # 1-based line of the raw file the paragraph starts on
    "last_line": pl.Int64,
}

#: Every block ingest removed, and why (``termkit ingest --explain``). Nothing is dropped silently.
REMOVED: dict[str, pl.DataType] = {
    "doc_id": pl.String,
    "first_line": pl.Int64,
    "last_line": pl.Int64,
    "reason": pl.String,  # navigation | html | related-reading | disclaimer | contact | caption | ...
    "text": pl.String,
}

#: Sentences (and headings), with offsets back into their paragraph.
SEGMENTS: dict[str, pl.DataType] = {
    "doc_id": pl.String,
    "seg_id": pl.Int64,  # 0-based within the document, reading order
    "para_id": pl.Int64,
    "start": pl.Int64,  # offsets into PARAGRAPHS.text of para_id
    "end": pl.Int64,
    "kind": pl.String,  # body | heading
    "lang": pl.String,
    "text": pl.String,
}

#: Beads: a group of source segments paired with a group of target segments.
#: Either side may be empty (omission/addition) in parallel mode; never both.
ALIGNMENTS: dict[str, pl.DataType] = {
    "tuid": pl.String,  # stable id: "<src_doc>-<tgt_doc>-<n>" in build; any unique string elsewhere
    "src_doc": pl.String,
    "tgt_doc": pl.String,
    "src_ids": pl.List(pl.Int64),  # 0-based seg_ids (or line numbers of presplit input)
    "tgt_ids": pl.List(pl.Int64),
    "src_lang": pl.String,  # BCP-47 tag as written to TMX (zh-Hans, zh-Hant, en, de, fr ...)
    "tgt_lang": pl.String,
    "src_text": pl.String,  # the segments joined (no space between CJK segments, one space otherwise)
    "tgt_text": pl.String,
    "score": pl.Float64,  # confidence in [0, 1]
    "mode": pl.String,  # parallel | comparable | imported
}

#: The glossary, one row per term (a concept is the group of rows sharing concept_id).
CONCEPTS: dict[str, pl.DataType] = {
    "concept_id": pl.String,
    "subject": pl.String,  # subject field
    "definition": pl.String,  # definition or note on the concept
    "source": pl.String,  # where the rendering comes from (document, URL, authority)
    "lang": pl.String,  # zh | en | ... (language; the script of a Chinese term is in ``script``)
    "script": pl.String,  # zh-Hans | zh-Hant | en ... ; "" when the term is written in its language's only script
    "term": pl.String,
    "status": pl.String,  # preferred | admitted | deprecated | candidate
    "term_type": pl.String,  # fullForm | shortForm | abbreviation | variant | ...
    "pos": pl.String,  # noun | verb | adjective | properNoun | other | ""
    "case_sensitive": pl.Boolean,
    "note": pl.String,  # note on the term
    "file": pl.String,  # glossary file and 1-based line the row came from (for error messages)
    "line": pl.Int64,
}

#: A rendering's statuses, most recommended first: where two renderings compete, the earlier status wins.
STATUSES = ("preferred", "admitted", "candidate", "deprecated")


def status_rank(col: str = "status") -> pl.Expr:
    """The position of ``col``'s status in STATUSES (anything else after them), for sorting renderings."""
    return pl.col(col).replace_strict({s: i for i, s in enumerate(STATUSES)}, default=len(STATUSES),
                                      return_dtype=pl.Int64)


def default_case_sensitive(term_type: str, term: str) -> bool:
    """CONCEPTS' ``case_sensitive`` when a file leaves it out: abbreviations and all-capital terms (NDRC, SCIO)
    match only as written; other terms ignore case. Here because every glossary format fills the column."""
    return term_type in ("abbreviation", "acronym") or (len(term) > 1 and term.isupper())


#: What ``termkit lint`` reads: beads with where they came from and the row's own ignore marks.
LINT_INPUT: dict[str, pl.DataType] = {
    **ALIGNMENTS,
    "file": pl.String,  # the file the bead was read from
    "line": pl.Int64,  # its 1-based line (TSV, CSV), or null (TMX, Parquet, JSON Lines)
    "lint_ignore": pl.String,  # "*" or comma-separated rule ids the row's lint_ignore column names
}

#: The units every lint rule reads (``lint.context.prepare_units``): one row per bead, markers moved out of
#: the texts, and each side's language subtag (from its tag, else detected for its file).
LINT_UNITS: dict[str, pl.DataType] = {
    "_row": pl.Int64,  # the unit's position: findings point back at it
    "tuid": pl.String,
    "file": pl.String,
    "line": pl.Int64,
    "src_doc": pl.String,
    "tgt_doc": pl.String,
    "src_tag": pl.String,  # the BCP-47 tags as given (zh-Hant-HK)
    "tgt_tag": pl.String,
    "src_base": pl.String,  # the language subtags (zh)
    "tgt_base": pl.String,
    "src_text": pl.String,
    "tgt_text": pl.String,
    "mode": pl.String,
    "lint_ignore": pl.String,  # rule ids (or *) not to report for this unit: the column and inline markers
}

#: What a check found.
FINDINGS: dict[str, pl.DataType] = {
    "rule": pl.String,  # term-missing | term-deprecated | term-inconsistent | segment-inconsistent | ...
    "severity": pl.String,  # error | warning | note
    "file": pl.String,
    "line": pl.Int64,  # 1-based line in the file, or null
    "tuid": pl.String,  # unit id, or null
    "source": pl.String,  # excerpt of the source side
    "target": pl.String,  # excerpt of the target side
    "term": pl.String,  # the glossary term or token concerned
    "message": pl.String,
    "fix": pl.String,  # what to write instead, where known
}


def empty(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """A typed empty table, so that a stage with nothing to say still returns the right columns."""
    return pl.DataFrame(schema=schema)


def conform(df: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Select and cast ``df`` to ``schema``; raise ``ValueError`` naming any missing column."""
    missing = [c for c in schema if c not in df.columns]
    if missing:
        raise ValueError(f"table is missing columns {missing}")
    return df.select([pl.col(c).cast(t) for c, t in schema.items()])
