"""``termkit export omegat``: a ready OmegaT project for a translator starting a new document on the subject.

Why this layout: OmegaT inserts whatever ``tm/auto/`` holds as a translation, and lowers the match score of
what ``tm/penalty-NN/`` holds by NN per cent. So only the units a translator can take as they are go to
``tm/auto/`` (confidence at or above the threshold, or accepted in review); the rest go to penalty folders
by how unsure the aligner was (``penalty-10`` just below the threshold … ``penalty-90`` for a coin toss or an
unknown confidence), where they still show as fuzzy matches without passing for sure ones. The glossary goes
to ``glossary/`` in OmegaT's own tab-separated dialect for the project's direction; ``omegat.project`` names
the languages as OmegaT writes them (``zh-HK``, ``zh-CN``) and the tokenisers that suit them (Lucene's CJK
bigrams for Traditional Chinese: the "smart" Chinese tokeniser knows only Simplified words).

A project folder holds a translator's own work, so this writes only its own files, listed in
``.termkit-export``: a later export replaces (or removes) those and never touches anything else.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from lxml import etree

from termkit.errors import TermkitError
from termkit.export import ExportSurvey
from termkit.fileio import atomic_write, make_dirs
from termkit.formats.omegat import write_omegat
from termkit.formats.tmx import select_units, write_tmx
from termkit.lang import parse_tag

MARK = ".termkit-export"
_MARK_HEADER = "# written by termkit export omegat: the files below are its own; the next export replaces them\n"
#: OmegaT's default folders; it expects them to exist.
FOLDERS = ("source", "target", "tm", "tm/auto", "glossary", "dictionary", "omegat")
GLOSSARY = "glossary/termkit.txt"  # not glossary.txt: that is OmegaT's writable glossary, the translator's
TMX_NAME = "termkit.tmx"
#: OmegaT tokenisers (org.omegat.tokenizer) for the languages termkit's corpora bring; others get the default.
TOKENIZERS = {
    "zh-Hans": "LuceneSmartChineseTokenizer", "zh-Hant": "LuceneCJKTokenizer", "ja": "LuceneJapaneseTokenizer",
    "ko": "LuceneCJKTokenizer", "en": "LuceneEnglishTokenizer", "de": "LuceneGermanTokenizer",
    "fr": "LuceneFrenchTokenizer", "es": "LuceneSpanishTokenizer", "it": "LuceneItalianTokenizer",
    "pt": "LucenePortugueseTokenizer", "nl": "LuceneDutchTokenizer", "ru": "LuceneRussianTokenizer",
}


@dataclass
class ProjectSummary:
    """What an export wrote: units per TM folder, glossary entries, units left out."""

    folders: dict[str, int] = field(default_factory=dict)
    glossary_entries: int = 0
    one_sided: int = 0


def omegat_language(tag: str) -> str:
    """A tag as OmegaT's project settings take it (language-REGION): ``zh-Hant`` → ``zh-HK``, ``zh`` → ``zh-CN``."""
    parsed = parse_tag(tag)
    if parsed.base == "zh":
        region = parsed.region or ("HK" if parsed.chinese_script == "zh-Hant" else "CN")
        return f"zh-{region}"
    return f"{parsed.base}-{parsed.region}" if parsed.region else parsed.base


def tokenizer(tag: str) -> str:
    """The OmegaT tokeniser class for a language (Chinese by script; Traditional for HK/TW/MO regions)."""
    parsed = parse_tag(tag)
    key = (parsed.chinese_script or "zh-Hans") if parsed.base == "zh" else parsed.base
    return "org.omegat.tokenizer." + TOKENIZERS.get(key, "DefaultTokenizer")


def folder_of(threshold: float, reviewed: set[str]) -> pl.Expr:
    """``tm/auto`` or ``tm/penalty-NN`` for each unit (see the module docstring): NN is 10 per tenth of doubt
    (1 − score, an unknown score counting as 0), at least 10 and at most 90."""
    sure = (pl.col("score") >= threshold).fill_null(False) | pl.col("tuid").is_in(list(reviewed))
    doubt = pl.lit(1.0) - pl.col("score").fill_null(0.0)
    nn = (doubt * 10).round(6).ceil().mul(10).clip(10, 90).cast(pl.Int64)
    return pl.when(sure).then(pl.lit("tm/auto")).otherwise(pl.lit("tm/penalty-") + nn.cast(pl.String).str.zfill(2))


def project_file(src_lang: str, tgt_lang: str) -> bytes:
    """``omegat.project``: OmegaT's default folders, the languages and their tokenisers."""
    root = etree.Element("omegat")
    project = etree.SubElement(root, "project", version="1.0")
    for name, value in (("source_dir", "__DEFAULT__"), ("target_dir", "__DEFAULT__"), ("tm_dir", "__DEFAULT__"),
                        ("glossary_dir", "__DEFAULT__"), ("glossary_file", "__DEFAULT__"),
                        ("dictionary_dir", "__DEFAULT__"), ("source_lang", omegat_language(src_lang)),
                        ("target_lang", omegat_language(tgt_lang)), ("source_tok", tokenizer(src_lang)),
                        ("target_tok", tokenizer(tgt_lang)), ("sentence_seg", "true"),
                        ("support_default_translations", "true"), ("remove_tags", "false")):
        etree.SubElement(project, name).text = value
    etree.indent(root, space="")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True) + b"\n"


def _owned(project: Path) -> set[str] | None:
    """The files an earlier export wrote in ``project`` (None: it holds a project termkit did not write)."""
    mark = project / MARK
    if mark.is_file():
        return {ln for ln in mark.read_text(encoding="utf-8").split("\n") if ln and not ln.startswith("#")}
    return None if (project / "omegat.project").exists() else set()


def _in_folder(batches: Iterable[pl.DataFrame], folder: str, threshold: float,
               reviewed: set[str]) -> Iterator[pl.DataFrame]:
    for batch in batches:
        yield batch.filter(folder_of(threshold, reviewed) == folder)


def write_project(survey: ExportSurvey, concepts: pl.DataFrame | None, project: Path, *, src_lang: str,
                  tgt_lang: str, threshold: float = 0.8, date: str | None = None) -> ProjectSummary:
    """Lay out the OmegaT project in ``project`` from a read ``survey`` (see the module docstring)."""
    if project.exists() and not project.is_dir():
        raise TermkitError("exists and is not a folder; an OmegaT project is a folder", project)
    owned = _owned(project) if project.is_dir() else set()
    if owned is None:
        raise TermkitError("holds an OmegaT project that termkit did not write (omegat.project); give a new "
                           "or empty folder", project)
    summary = ProjectSummary(one_sided=survey.skipped["one_sided"])
    for batch in survey.batches():
        units, _ = select_units(batch)
        for folder, n in units.group_by(folder_of(threshold, survey.reviewed).alias("f")).len().iter_rows():
            summary.folders[folder] = summary.folders.get(folder, 0) + n
    if not summary.folders:
        raise TermkitError("no translation units to put in the project's memory")
    for folder in FOLDERS:
        make_dirs(project / folder, project / folder)
    written = ["omegat.project"]
    with atomic_write(project / "omegat.project", "wb") as fh:
        fh.write(project_file(src_lang, tgt_lang))
    header = omegat_language(src_lang)  # OmegaT warns about a TMX whose srclang is not the project's
    for folder in sorted(summary.folders):
        path = project / folder / TMX_NAME
        make_dirs(path.parent, path)
        write_tmx(_in_folder(survey.batches(), folder, threshold, survey.reviewed), path, creation_date=date,
                  src_lang=header, reviewed=survey.reviewed)
        written.append(f"{folder}/{TMX_NAME}")
    if concepts is not None and concepts.height:
        summary.glossary_entries = write_omegat(concepts, project / GLOSSARY, src_lang=src_lang, tgt_lang=tgt_lang)
        written.append(GLOSSARY)
    for stale in sorted(owned - set(written)):
        old = project / stale
        if old.is_file():
            old.unlink()
            if old.parent != project and old.parent.name.startswith("penalty-") and not any(old.parent.iterdir()):
                old.parent.rmdir()
    with atomic_write(project / MARK) as fh:
        fh.write(_MARK_HEADER + "".join(f"{n}\n" for n in written))
    return summary
