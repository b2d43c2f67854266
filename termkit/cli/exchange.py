"""Exchange with CAT tools: ``export tmx|omegat``, ``import tmx``, ``glossary export``, ``glossary import``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl
import typer

from termkit.cli.app import export_app, glossary_app, import_app, plural, say, warn
from termkit.errors import TermkitError
from termkit.fileio import check_writable
from termkit.tables import CONCEPTS
from termkit.terms.files import read_glossary_file


@export_app.command("tmx")
def export_tmx(
    aligned: Path = typer.Argument(..., help="An aligned TSV/CSV/TMX, or a folder such as aligned/ (its aligned "
                                   "files)."),
    output: Path = typer.Option(..., "--output", "-o", help="The TMX file to write."),
    min_score: float = typer.Option(0.0, "--min-score", min=0.0, max=1.0,
                                    help="Keep only units whose alignment confidence is at least this."),
    src_lang: str = typer.Option(None, "--src-lang", help="Source language tag for rows that lack one (zh-Hans...)."),
    tgt_lang: str = typer.Option(None, "--tgt-lang", help="Target language tag for rows that lack one (en...)."),
    date: str = typer.Option(None, "--date", help="Creation date YYYYMMDDThhmmssZ, for reproducible files."),
    encoding: str = typer.Option(None, "--encoding", "-e", help="Read text tables in this encoding (utf-8, "
                                 "gb18030, big5hkscs, utf-16...) instead of detecting it."),
) -> None:
    """Export aligned text as TMX 1.4b for CAT tools (streaming: millions of units in flat memory)."""
    from termkit.encoding import check_encoding
    from termkit.export import ExportSurvey
    from termkit.formats.tmx import write_tmx

    encoding = encoding and check_encoding(encoding)
    survey = ExportSurvey(src_lang, tgt_lang, min_score, encoding=encoding)
    from termkit.formats.discover import expand

    check_writable(output)
    for f in expand([aligned], encoding=encoding):
        survey.read(f)
    skipped = survey.skipped
    left_out = f"{skipped['one_sided']} one-sided beads, {skipped['below_min_score']} below --min-score {min_score}"
    if survey.units == 0:
        raise TermkitError(f"no translation units to write (left out: {left_out})", aligned)
    n = write_tmx(survey.batches(), output, min_score=min_score, creation_date=date,
                  src_lang=survey.header_language(), reviewed=survey.reviewed)
    say(f"wrote {plural(n, 'translation unit')} to {output} (left out: {left_out})")


@export_app.command("omegat")
def export_omegat(
    project: Path = typer.Argument(..., help="The OmegaT project folder to lay out: new, empty, or one this "
                                   "command wrote before (only its own files are replaced)."),
    aligned: Path = typer.Option(Path("aligned"), "--aligned", "-a", help="Aligned files, or a folder such as "
                                 "aligned/, for the project's translation memory."),
    glossary: Path = typer.Option(Path("glossary"), "--glossary", "-g",
                                  help="The glossary for glossary/ (skipped when the default folder is absent)."),
    threshold: float = typer.Option(0.8, "--threshold", min=0.0, max=1.0,
                                    help="Units at least this confident (or accepted in review) go to tm/auto/, "
                                    "which OmegaT inserts; the rest to tm/penalty-NN/."),
    src_lang: str = typer.Option(None, "--src-lang", help="The project's source language [the memory's commonest]."),
    tgt_lang: str = typer.Option("en", "--tgt-lang", help="The project's target language."),
    date: str = typer.Option(None, "--date", help="Creation date YYYYMMDDThhmmssZ, for reproducible files."),
) -> None:
    """Lay out a ready OmegaT project: translation memory sorted by confidence, the glossary, the settings."""
    from termkit.export import ExportSurvey
    from termkit.formats.discover import expand
    from termkit.omegat_project import write_project

    survey = ExportSurvey(None, None, 0.0)
    for f in expand([aligned]):
        survey.read(f)
    given = glossary != Path("glossary") or glossary.exists()
    concepts = read_glossary_file(glossary) if given else None
    src = src_lang or survey.commonest_source()
    summary = write_project(survey, concepts, project, src_lang=src, tgt_lang=tgt_lang, threshold=threshold,
                            date=date)
    shown = ", ".join(f"{plural(n, 'unit')} in {folder}/" for folder, n in sorted(summary.folders.items()))
    terms = f", {plural(summary.glossary_entries, 'glossary entry', 'glossary entries')}" if concepts is not None \
        else ""
    say(f"wrote the OmegaT project {project} ({src} → {tgt_lang}): {shown}{terms}; left out "
        f"{plural(summary.one_sided, 'one-sided bead')}")


@import_app.command("tmx")
def import_tmx(
    tmx: Path = typer.Argument(..., help="A TMX file from any tool (TMX 1.1 to 1.4b)."),
    output: Path = typer.Option(None, "--output", "-o",
                                help="Aligned TSV, .parquet or .jsonl to write [default: FILE.alignments.tsv]."),
    inline: str = typer.Option("flatten", "--inline", help="Inline codes (bpt/ept/ph/it/hi): flatten or keep."),
    src_lang: str = typer.Option(None, "--src-lang", help="Source language, if not the header's srclang."),
) -> None:
    """Import a translation memory into termkit's alignment table (TSV or Parquet), streaming batch by batch."""
    from termkit.formats.alignments import Format, first_batch, format_for, output_format, write_aligned
    from termkit.formats.tmx import iter_tmx

    out = output or tmx.with_name(tmx.stem + ".alignments.tsv")
    fmt = output_format(None, out) if format_for(out) is not None else Format.tsv
    if fmt in (Format.ladder, Format.tmx):
        raise TermkitError("import writes a table of aligned text: give -o FILE.alignments.tsv, .parquet "
                           "or .jsonl", out)
    check_writable(out)
    counts: dict[str, int] = {}
    pairs: dict[tuple[str, str], None] = {}

    def noted(batches: Iterator[pl.DataFrame]) -> Iterator[pl.DataFrame]:
        for batch in batches:
            pairs.update(dict.fromkeys(batch.select("src_lang", "tgt_lang").unique(maintain_order=True).iter_rows()))
            yield batch

    first, batches = first_batch(noted(iter_tmx(tmx, inline=inline, src_lang=src_lang, counts=counts)))
    if first is None:  # nothing is written for a file without a single pair
        raise TermkitError("no translation units with both a source and a target "
                           f"({plural(counts['units'], 'unit')} read)", tmx)
    rows = write_aligned(batches, fmt, out)
    if counts["no_source"] or counts["no_target"]:
        warn(f"{tmx}: skipped {counts['no_source']} units without source text and "
             f"{counts['no_target']} without any target text")
    shown = ", ".join(f"{s}→{t}" for s, t in pairs)
    say(f"imported {plural(rows, 'pair')} ({shown}) from {plural(counts['units'], 'unit')} into {out}")


@glossary_app.command("export")
def glossary_export(
    glossary: Path = typer.Argument(Path("glossary"), help="Glossary directory or file (TSV, CSV or TBX)."),
    tool: str = typer.Option(None, "--for", help="The tool the file is for: omegat (its glossary; TBX 2008 when "
                             "-o ends in .tbx), tt (Translate Toolkit), memoq, trados or tbx-basic."),
    fmt: str = typer.Option(None, "--format", "-f",
                            help="Or the format itself: tbx (TBX-Basic, ISO 30042:2019) [default], tbx2008 "
                            "(martif) or omegat."),
    output: Path = typer.Option(..., "--output", "-o", help="The file to write."),
    src_lang: str = typer.Option("zh-Hans", "--src-lang", help="The project's source language; a Traditional one "
                                 "(zh-Hant, zh-HK, zh-TW) gets Traditional terms in every format."),
    tgt_lang: str = typer.Option("en", "--tgt-lang", help="The project's target language (OmegaT, tt)."),
) -> None:
    """Export the glossary for a CAT tool: TBX-Basic (2019 or 2008) or OmegaT's tab-separated glossary."""
    from termkit.formats.cat_tools import export_glossary, target_for

    target = target_for(tool, fmt, output)
    check_writable(output)
    concepts = read_glossary_file(glossary)
    n = export_glossary(concepts, output, target, src_lang, tgt_lang)
    pair = f"{src_lang} → {tgt_lang}"
    if target.format == "omegat":
        say(f"wrote {plural(n, f'{pair} entry', f'{pair} entries')} to {output}")
    elif target.one_way:
        say(f"wrote {plural(n, f'{pair} concept')} to {output} (TBX {target.dialect}, no deprecated renderings)")
    else:
        say(f"wrote {plural(n, 'concept')} ({plural(concepts.height, 'term')}) to {output} (TBX {target.dialect})")


def _import_target(source: Path, output: Path | None) -> Path:
    """Where an import goes: a .tsv/.csv path as given, else SOURCE-STEM.tsv inside the directory."""
    if output is not None and output.suffix.lower() in (".tsv", ".csv"):
        return output
    return (output or Path("glossary")) / f"{source.stem}.tsv"


def _check_id_clash(concepts: pl.DataFrame, target: Path) -> None:
    """Refuse ids that other files of the glossary directory already use: load_glossary would merge them."""
    from termkit.terms.store import load_glossary

    others = [p for p in target.parent.glob("*.[tc]sv") if p.resolve() != target.resolve()] \
        if target.parent.is_dir() else []
    for other in others:
        try:
            existing = set(load_glossary(other)["concept_id"].to_list())
        except TermkitError:
            continue
        clash = sorted(existing & set(concepts["concept_id"].to_list()))
        if clash:
            raise TermkitError(f"concept ids {', '.join(clash[:3])} are already used in {other}; "
                               "choose --id-prefix so the imported concepts stay separate", target)


@glossary_app.command("import")
def glossary_import(
    source: Path = typer.Argument(..., help="A TBX file, an OmegaT glossary (.txt/.tsv/.csv), a termkit glossary, "
                                  "or the candidates of `termkit glossary suggest` (flagged rows are skipped)."),
    output: Path = typer.Option(None, "--output", "-o",
                                help="Glossary directory (gets SOURCE.tsv) or .tsv/.csv file [default: glossary/]."),
    src_lang: str = typer.Option(None, "--src-lang", help="OmegaT only: language of the first column [detected]."),
    tgt_lang: str = typer.Option(None, "--tgt-lang", help="OmegaT only: language of the second column [detected]."),
    id_prefix: str = typer.Option("", "--id-prefix", help="Prefix for the imported concept ids (e.g. 'memoq-')."),
    force: bool = typer.Option(False, "--force", help="Replace the output file if it exists."),
) -> None:
    """Import a glossary from a CAT tool into termkit's glossary format (a new file in the glossary)."""
    from termkit.terms.store import save_glossary

    target = _import_target(source, output)
    check_writable(target)
    concepts = read_glossary_file(source, src_lang, tgt_lang)
    if concepts.height == 0:
        raise TermkitError("no terms found", source)
    if id_prefix:
        concepts = concepts.with_columns((pl.lit(id_prefix) + pl.col("concept_id")).alias("concept_id"))
    if target.exists() and not force:
        raise TermkitError("exists already; use --force to replace it", target)
    _check_id_clash(concepts, target)
    save_glossary(concepts.select(list(CONCEPTS)), target)
    n = concepts["concept_id"].n_unique()
    say(f"imported {plural(n, 'concept')} ({plural(concepts.height, 'term')}) from {source} into {target}")
    _warn_shared_terms(target)


def _warn_shared_terms(target: Path) -> None:
    """Say when imported concepts repeat Chinese terms of concepts already in the glossary (the same glossary
    imported again under new ids, most often): `glossary lint` lists them as glossary-shared-term."""
    from termkit.terms.check import check_glossary

    folder = target.parent
    shared = check_glossary(folder).filter((pl.col("rule") == "glossary-shared-term")
                                           & (pl.col("file") == str(target)))
    if shared.height:
        first = shared.row(0, named=True)
        verb = "shares" if shared.height == 1 else "share"
        warn(f"{target}: {plural(shared.height, 'imported concept')} {verb} a Chinese term with another concept "
             f"(first: line {first['line']}, {first['term']}); merge them if they are one concept, see "
             f"`termkit glossary lint {folder}`")
