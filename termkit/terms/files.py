"""A glossary from any file a terminologist brings: which reader takes it, decided in one place.

termkit's own glossary (a folder, or one TSV/CSV, checked as ``glossary lint`` checks it), TBX (both
dialects), an OmegaT glossary, or the candidates ``glossary suggest`` wrote (its flagged rows left out).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from termkit.formats.discover import table_header

TBX_SUFFIXES = (".tbx",)
OMEGAT_SUFFIXES = (".txt", ".utf8", ".tab")


def _has_glossary_header(path: Path, columns: tuple[str, ...]) -> bool:
    """Whether a TSV/CSV starts with termkit's glossary header (else it is read as an OmegaT glossary)."""
    cells = {c.lower() for c in table_header(path, comments=True)} - {""}
    return "term" in cells and "concept_id" in cells and cells <= set(columns)


def read_glossary_file(path: Path, src_lang: str | None = None, tgt_lang: str | None = None) -> pl.DataFrame:
    """tables.CONCEPTS from a glossary in any of the formats above; ``src_lang``/``tgt_lang`` name an
    OmegaT glossary's two columns (detected when absent)."""
    from termkit.formats.omegat import read_omegat
    from termkit.formats.tbx import read_tbx
    from termkit.terms.candidates_tsv import EVIDENCE
    from termkit.terms.check import load_checked_glossary
    from termkit.terms.store import COLUMNS, load_glossary

    suffix = path.suffix.lower()
    if path.is_dir():
        return load_checked_glossary(path)
    if suffix in TBX_SUFFIXES:
        return read_tbx(path)
    table = suffix in (".tsv", ".csv")
    if table and _has_glossary_header(path, COLUMNS + EVIDENCE) and not _has_glossary_header(path, COLUMNS):
        # `glossary suggest`'s candidates, kept or edited by a terminologist: the rows it flags are the
        # glossary's own deprecated renderings seen in the memory, not new concepts.
        return load_glossary(path, extra=EVIDENCE, keep=lambda raw: not raw.get("flag"))
    if suffix in OMEGAT_SUFFIXES or (table and not _has_glossary_header(path, COLUMNS)):
        return read_omegat(path, src_lang=src_lang, tgt_lang=tgt_lang)
    return load_checked_glossary(path)
