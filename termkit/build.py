"""The main job: the whole pipeline over a project's manifest, written to ``aligned/``.

sources/manifest.tsv → ingest → segment → align each Chinese article with the English coverage of the
same event → aligned/ (documents, paragraphs, removed blocks, segments, alignments as TSV and TMX, a
summary). Why one directory swap at the end: a CAT tool or a CI job reading ``aligned/`` sees either the
previous build or this one, never a mixture; and why fixed dates: a second run writes byte-identical
files, so ``git diff aligned/`` shows only real changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from termkit.errors import TermkitError
from termkit.formats.tsv import write_alignments_tsv, write_table_tsv
from termkit.outdir import check_output_dir, replacing_dir
from termkit.review.decisions import REVIEW_COLUMN, REVIEWED, Stale, apply_decisions, pair_docs, read_project_decisions
from termkit.tables import DOCUMENTS, PARAGRAPHS, REMOVED, SEGMENTS, conform, empty

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Pairing:
    """One Chinese document aligned with one English document, and how."""

    src: str
    tgt: str
    mode: str  # parallel (the English is a translation of the Chinese) | comparable (same event)


@dataclass(frozen=True)
class BuildResult:
    """What the build produced: its tables and where it wrote them."""

    out_dir: Path
    documents: pl.DataFrame
    paragraphs: pl.DataFrame
    removed: pl.DataFrame
    segments: pl.DataFrame
    alignments: pl.DataFrame
    summary: pl.DataFrame
    stale: list[Stale]  # review decisions not applied (their texts changed, or their pair is gone)
    warnings: list[str]  # what aligning found (``corpus.align_sides``: unrelated files, the encoder's fallback)


def plan_pairings(documents: pl.DataFrame, translation_of: dict[str, str]) -> list[Pairing]:
    """Pair every Chinese document with every English document of the same event.

    A pair is aligned as a translation (parallel mode) when the manifest says the English is a translation
    of the Chinese (its ``translation_of`` column names it), and as comparable coverage otherwise.
    """
    pairs: list[Pairing] = []
    zh = documents.filter(pl.col("lang") == "zh").sort("doc_id")
    en = documents.filter(pl.col("lang") == "en").sort("doc_id")
    for z in zh.iter_rows(named=True):
        for e in en.iter_rows(named=True):
            if z["event"] and z["event"] == e["event"]:
                zid, eid = z["doc_id"], e["doc_id"]
                linked = translation_of.get(eid) == zid or translation_of.get(zid) == eid
                pairs.append(Pairing(zid, eid, "parallel" if linked else "comparable"))
    return pairs


def _tmx_date(*dates: str) -> str:
    """A reproducible TMX creation date: the newest source date of the pair (midnight UTC)."""
    known = sorted(d for d in dates if d and len(d) >= 10)
    day = known[-1][:10].replace("-", "") if known else "19700101"
    return f"{day}T000000Z"


def _write_table(df: pl.DataFrame, stem: Path) -> None:
    """Write a table as TSV (for people and git) and Parquet (for the machine)."""
    write_table_tsv(df, stem.with_suffix(".tsv"))
    df.write_parquet(stem.with_suffix(".parquet"), statistics=False)


def run_build(project: Path, out_dir: Path | None = None, glossary_dir: Path | None = None,
              progress: Progress | None = None, encoder: str | None = None) -> BuildResult:
    """Run the pipeline over ``project/sources`` and write ``out_dir`` (default ``project/aligned``)."""
    from termkit.corpus import align_sides, article_side, glossary_pairs
    from termkit.formats.tmx import source_date_epoch, write_tmx
    from termkit.sources import load_manifest

    say = progress or (lambda _msg: None)
    sources = project / "sources"
    if not (sources / "manifest.tsv").exists():
        raise TermkitError("not a termkit project: sources/manifest.tsv not found", project)
    out = out_dir or project / "aligned"
    check_output_dir(out, project)
    epoch = source_date_epoch()  # a bad value fails here, before any work; when set, it dates every TMX

    manifest = load_manifest(sources)
    docs, paras, removed, segs, sides = [], [], [], [], {}
    for row in manifest.iter_rows(named=True):
        say(f"ingest {row['file']}")
        side, got = article_side(sources / row["file"], what="the manifest's lang", meta=row, doc_id=row["id"])
        sides[row["id"]] = side
        docs.append(got.document)
        paras.append(got.paragraphs)
        removed.append(got.removed)
        segs.append(side.segments)
    documents = conform(pl.DataFrame(docs, schema=DOCUMENTS), DOCUMENTS)
    paragraphs = pl.concat([conform(p, PARAGRAPHS) for p in paras]) if paras else empty(PARAGRAPHS)
    removed_t = pl.concat([conform(r, REMOVED) for r in removed]) if removed else empty(REMOVED)
    segments = pl.concat([conform(s, SEGMENTS) for s in segs]) if segs else empty(SEGMENTS)

    translation_of = {}
    if "translation_of" in manifest.columns:
        translation_of = {r["id"]: r["translation_of"] for r in manifest.iter_rows(named=True) if r["translation_of"]}
    pairings = plan_pairings(documents, translation_of)
    extra_pairs = glossary_pairs(glossary_dir, default=project / "glossary")
    decisions, stale = read_project_decisions(project, [(p.src, p.tgt) for p in pairings])
    dates = dict(zip(documents["doc_id"], documents["date"], strict=True))

    with replacing_dir(out) as tmp:
        aligned, warnings = [], []
        for p in pairings:
            say(f"align {p.src} ↔ {p.tgt} ({p.mode})")
            pair = align_sides(sides[p.src], sides[p.tgt], mode=p.mode, extra_pairs=extra_pairs,
                               tuid_prefix=f"{p.src}-{p.tgt}", encoder_name=encoder)
            table = pair.alignments
            warnings.extend(pair.warnings)
            path, pair_decisions = decisions[(p.src, p.tgt)]
            reviewed = apply_decisions(table, pair_decisions, pair_docs(segments, p.src, p.tgt, sides[p.src].tag,
                                                                       sides[p.tgt].tag, p.mode), path)
            table = reviewed.table
            stale.extend(reviewed.stale)
            aligned.append(table)
            write_alignments_tsv(table, tmp / f"{p.src}-{p.tgt}.alignments.tsv", extra_columns=(REVIEW_COLUMN,))
            write_tmx(table, tmp / f"{p.src}-{p.tgt}.tmx",
                      creation_date=epoch or _tmx_date(dates[p.src], dates[p.tgt]),
                      reviewed=set(table.filter(pl.col(REVIEW_COLUMN) == "accepted")["tuid"]))
        alignments = pl.concat(aligned) if aligned else empty(REVIEWED)
        summary = summarise(documents, paragraphs, removed_t, segments, alignments)
        _write_table(documents, tmp / "documents")
        _write_table(paragraphs, tmp / "paragraphs")
        _write_table(removed_t, tmp / "removed")
        _write_table(segments, tmp / "segments")
        alignments.write_parquet(tmp / "alignments.parquet", statistics=False)
        _write_table(summary, tmp / "summary")
    return BuildResult(out, documents, paragraphs, removed_t, segments, alignments, summary, stale, warnings)


def summarise(documents: pl.DataFrame, paragraphs: pl.DataFrame, removed: pl.DataFrame,
              segments: pl.DataFrame, alignments: pl.DataFrame) -> pl.DataFrame:
    """Per document: paragraphs, segments, removed blocks, the aligned pairs it takes part in and how many of
    them a reviewer accepted (``review`` column, when the alignments have one)."""
    def count(df: pl.DataFrame, key: str, name: str) -> pl.DataFrame:
        return df.group_by(key).len(name=name).rename({key: "doc_id"})

    beads = alignments.filter((pl.col("src_ids").list.len() > 0) & (pl.col("tgt_ids").list.len() > 0))
    def docs_of(df: pl.DataFrame) -> pl.DataFrame:
        return pl.concat([df.select(pl.col("src_doc").alias("doc_id")), df.select(pl.col("tgt_doc").alias("doc_id"))])

    accepted = beads.filter(pl.col(REVIEW_COLUMN) == "accepted") if REVIEW_COLUMN in beads.columns else beads.clear()
    out = documents.select("doc_id", "lang", "script", "event")
    for part in (count(paragraphs, "doc_id", "paragraphs"), count(segments, "doc_id", "segments"),
                 count(removed, "doc_id", "removed"), count(docs_of(beads), "doc_id", "aligned_pairs"),
                 count(docs_of(accepted), "doc_id", "reviewed")):
        out = out.join(part, on="doc_id", how="left")
    return out.with_columns(pl.col("paragraphs", "segments", "removed", "aligned_pairs", "reviewed").fill_null(0)
                            .cast(pl.Int64)).sort("doc_id")
