"""``termkit align`` (one pair of files, or ``--batch`` folders/manifests) and ``termkit eval``.

Why the loading lives here: ``align`` reads user files in two shapes (raw articles through ingest and
segment, or presplit one-sentence-a-line files as in ``../shared/data``), checks them against the
languages the user claimed, and hands a SEGMENTS table per side to ``termkit.align.align_segments``;
the output formats all start from the one ALIGNMENTS table it returns.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import signal
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import polars as pl
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from termkit.cli.app import app, console, err_console, plural, say, say_error, warn
from termkit.encoding import check_encoding, read_text
from termkit.errors import TermkitError
from termkit.fileio import atomic_write, check_folder_writable, check_writable
from termkit.formats.ladder import format_ladder
from termkit.lang import base_language
from termkit.script import clearly_not_in, detect_language, detect_script, han_ratio
from termkit.tables import ALIGNMENTS, SEGMENTS, conform

#: One side this many times longer (in sentences) than the other: probably not a translation pair.
MISMATCH_RATIO = 10
_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


class Mode(StrEnum):
    parallel = "parallel"
    comparable = "comparable"


class Format(StrEnum):
    ladder = "ladder"
    tsv = "tsv"
    jsonl = "jsonl"
    tmx = "tmx"


SUFFIX = {Format.ladder: ".align", Format.tsv: ".tsv", Format.jsonl: ".jsonl", Format.tmx: ".tmx"}
_BY_SUFFIX = {**{v: k for k, v in SUFFIX.items()}, ".ladder": Format.ladder}


def output_format(fmt: Format | None, out: Path | None) -> Format:
    """``--format`` when given, else what ``-o``'s suffix says (``out.tmx`` → TMX), else ladder.

    Why a contradiction is an error: ``-o o.tmx -f tsv`` would put a TSV where a CAT tool expects TMX.
    """
    implied = _BY_SUFFIX.get(out.suffix.lower()) if out is not None else None
    if fmt is not None and implied is not None and fmt is not implied:
        raise TermkitError(f"--format {fmt.value} contradicts the output's suffix {out.suffix} "
                           f"(which means {implied.value}): drop one of them", out)
    return fmt or implied or Format.ladder


def batch_output_name(name: str, fmt: Format) -> str:
    """A batch output's file name: TSV as ``NAME.alignments.tsv``, as ``termkit build`` writes it."""
    return f"{name}.alignments.tsv" if fmt is Format.tsv else f"{name}{SUFFIX[fmt]}"


@dataclass(frozen=True)
class Side:
    """One input file read as sentences, with its language and the tag written to TMX."""

    path: Path
    lang: str  # zh | en | de ...
    tag: str  # zh-Hans | zh-Hant | en | de ...
    segments: pl.DataFrame  # tables.SEGMENTS


@dataclass(frozen=True)
class AlignOptions:
    """Everything about a run that is the same for every pair of a batch."""

    src_lang: str | None = None
    tgt_lang: str | None = None
    presplit: bool = False
    mode: str = "parallel"
    fmt: Format = Format.ladder
    encoding: str | None = None
    extra_pairs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PairResult:
    """What aligning one pair produced, and what the user should be warned about."""

    alignments: pl.DataFrame
    src: Side
    tgt: Side
    warnings: list[str] = field(default_factory=list)


def _check_lang_flag(value: str | None, option: str) -> str | None:
    if value is not None and not _LANG.match(value):
        raise TermkitError(f"{option} {value!r} is not a language code (e.g. zh, en, de, zh-Hant)")
    return value


def _presplit_segments(path: Path, doc_id: str, encoding: str | None = None) -> pl.DataFrame:
    """One sentence a line; sentence i is line i (0-based), as the ladder indices of ``../shared/data``."""
    text, _ = read_text(path, encoding)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    n = len(lines)
    return pl.DataFrame({
        "doc_id": [doc_id] * n, "seg_id": list(range(n)), "para_id": list(range(n)), "start": [0] * n,
        "end": [len(s) for s in lines], "kind": ["body"] * n, "lang": [""] * n, "text": lines,
    }, schema=SEGMENTS)


def _article_segments(path: Path, doc_id: str, lang: str | None, encoding: str | None = None) -> pl.DataFrame:
    """A raw article through ingest (boilerplate out, paragraphs reflowed) and sentence segmentation
    with the rules of the language the user named, else of the one ingest detected."""
    from termkit.ingest import ingest_file
    from termkit.segment import segment_paragraphs

    got = ingest_file(path, doc_id=doc_id, encoding=encoding)
    if got.paragraphs.height == 0:
        raise TermkitError(f"no text left after removing {got.removed.height} boilerplate block(s)", path)
    rules = base_language(lang) if lang else got.document["lang"]
    return conform(segment_paragraphs(got.paragraphs, rules), SEGMENTS)


def read_side(path: Path, lang: str | None, presplit: bool, option: str, encoding: str | None = None) -> Side:
    """Read one input, check it is in the language claimed by ``option`` (or detect it), tag its script."""
    doc_id = path.stem
    segments = (_presplit_segments(path, doc_id, encoding) if presplit
                else _article_segments(path, doc_id, lang, encoding))
    texts = segments["text"].to_list()
    if not any(t.strip() for t in texts):
        raise TermkitError("no sentences to align", path)
    sample = "\n".join(texts[:2000])
    detected = detect_language(sample)
    if lang is None:
        lang = detected
    base = base_language(lang)
    if clearly_not_in(sample, base):
        share = f"{han_ratio(sample):.0%} of its letters are Chinese characters"
        raise TermkitError(f"{option} {lang} does not fit this text: it reads as {detected} ({share})", path)
    tag = (lang if "-" in lang else detect_script(sample)) if base == "zh" else lang
    return Side(path, base, tag, segments.with_columns(pl.lit(base).alias("lang")))


def align_pair(src_path: Path, tgt_path: Path, opts: AlignOptions) -> PairResult:
    """Read, check and align one pair of files; warnings are returned, not printed (batch workers)."""
    from termkit.align import align_segments

    src = read_side(src_path, opts.src_lang, opts.presplit, "--src-lang", opts.encoding)
    tgt = read_side(tgt_path, opts.tgt_lang, opts.presplit, "--tgt-lang", opts.encoding)
    warnings = []
    n_src, n_tgt = src.segments.height, tgt.segments.height
    if max(n_src, n_tgt) >= MISMATCH_RATIO * min(n_src, n_tgt):
        warnings.append(f"{src_path} has {n_src} sentences and {tgt_path} {n_tgt}: one side is "
                        f"{MISMATCH_RATIO}× the other or more; are these really the same text?")
    table = align_segments(src.segments, tgt.segments, src_tag=src.tag, tgt_tag=tgt.tag, mode=opts.mode,
                           extra_pairs=list(opts.extra_pairs), tuid_prefix=f"{src_path.stem}-{tgt_path.stem}")
    return PairResult(conform(table, ALIGNMENTS), src, tgt, warnings)


def _jsonl(df: pl.DataFrame) -> str:
    rows = []
    for row in df.iter_rows(named=True):
        row["score"] = round(row["score"], 4)
        rows.append(json.dumps(row, ensure_ascii=False) + "\n")
    return "".join(rows)


def write_output(df: pl.DataFrame, fmt: Format, out: Path) -> None:
    """Write the alignment in ``fmt`` to ``out`` (atomically: through fileio or the format's writer)."""
    if fmt is Format.tsv:
        from termkit.formats.tsv import write_alignments_tsv

        write_alignments_tsv(df, out)
    elif fmt is Format.tmx:
        from termkit.formats.tmx import write_tmx

        write_tmx(df, out)
    else:
        text = format_ladder(zip(df["src_ids"], df["tgt_ids"], strict=True)) if fmt is Format.ladder else _jsonl(df)
        with atomic_write(out) as fh:
            fh.write(text)


def _print_output(df: pl.DataFrame, fmt: Format) -> None:
    """Send the output to stdout, byte for byte what ``-o`` would have written."""
    with tempfile.TemporaryDirectory(prefix="termkit-align-") as tmp:
        out = Path(tmp) / f"out{SUFFIX[fmt]}"
        write_output(df, fmt, out)
        sys.stdout.flush()
        sys.stdout.buffer.write(out.read_bytes())
        sys.stdout.flush()


#: What one pair of a batch gives the summary: sentence counts, beads, mean confidence, warnings;
#: or, for a pair that failed, the one-line error.
Outcome = tuple[int, int, int, float, list[str]] | str


def _batch_job(job: tuple[str, Path, Path, Path, AlignOptions]) -> tuple[str, Outcome]:
    """Align one pair of a batch and write its output (in a worker process, or in this one)."""
    name, src, tgt, out, opts = job
    try:
        result = align_pair(src, tgt, opts)
        write_output(result.alignments, opts.fmt, out)
    except TermkitError as exc:  # the message, not the exception: it crosses a process boundary
        return name, str(exc)
    scores = result.alignments["score"]
    mean = float(scores.mean()) if scores.len() else 0.0
    counts = result.src.segments.height, result.tgt.segments.height, result.alignments.height, mean
    return name, (*counts, result.warnings)


def _worker_init() -> None:
    """Ctrl-C is the parent's to handle (one line, exit 130); a worker told to stop removes its temp file.

    Why: the terminal sends SIGINT to every process of the group, and each worker would print a traceback;
    SIGTERM from ``Pool.terminate`` would kill a worker without running ``atomic_write``'s clean-up.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))


def _run_jobs(jobs: list[tuple[str, Path, Path, Path, AlignOptions]], workers: int) -> Iterator[tuple[str, Outcome]]:
    """Each job's outcome as it finishes; on Ctrl-C the workers are stopped before the interrupt goes on."""
    if workers <= 1:
        yield from map(_batch_job, jobs)
        return
    pool = multiprocessing.Pool(min(workers, len(jobs)), initializer=_worker_init)
    try:
        yield from pool.imap_unordered(_batch_job, jobs)
    except BaseException:
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()


def _read_pair_list(path: Path) -> list[tuple[str, Path, Path]]:
    """A batch manifest: TSV with a header naming ``src`` and ``tgt`` (paths relative to the manifest's
    folder) and optionally ``name`` (the output's name; default: the source file's stem)."""
    text, _ = read_text(path)
    lines = text.split("\n")
    header = lines[0].split("\t")
    if "src" not in header or "tgt" not in header:
        raise TermkitError("batch manifest needs a header with 'src' and 'tgt' columns", path, 1)
    pairs = []
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != len(header):
            raise TermkitError(f"expected {len(header)} tab-separated cells, found {len(cells)}", path, n)
        rec = dict(zip(header, cells, strict=True))
        src, tgt = path.parent / rec["src"], path.parent / rec["tgt"]
        pairs.append((rec.get("name") or src.stem, src, tgt))
    if not pairs:
        raise TermkitError("batch manifest lists no pairs", path)
    names = [n for n, _, _ in pairs]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise TermkitError(f"two pairs would write the same output: {', '.join(dupes)} (add a 'name' column)", path)
    return pairs


def plan_batch(src: Path, tgt: Path | None) -> tuple[list[tuple[str, Path, Path]], list[str]]:
    """The pairs of a batch: same-named files of two folders, or the rows of a manifest; plus warnings."""
    if tgt is None:
        if src.is_dir():
            raise TermkitError("--batch with one argument needs a manifest file (TSV with src and tgt)", src)
        return _read_pair_list(src), []
    for p in (src, tgt):
        if not p.is_dir():
            raise TermkitError("--batch SRC TGT needs two folders", p)
    src_files = {p.name: p for p in src.iterdir() if p.is_file() and not p.name.startswith(".")}
    tgt_files = {p.name: p for p in tgt.iterdir() if p.is_file() and not p.name.startswith(".")}
    common = sorted(set(src_files) & set(tgt_files))
    if not common:
        raise TermkitError(f"no file name is in both folders ({src} and {tgt})")
    warnings = [f"{folder / name}: no file of the same name in {other}, skipped"
                for folder, other, names in ((src, tgt, set(src_files) - set(tgt_files)),
                                             (tgt, src, set(tgt_files) - set(src_files)))
                for name in sorted(names)]
    stems = [src_files[n].stem for n in common]
    outputs = stems if len(set(stems)) == len(stems) else common
    return [(o, src_files[n], tgt_files[n]) for o, n in zip(outputs, common, strict=True)], warnings


def run_batch(src: Path, tgt: Path | None, out_dir: Path, opts: AlignOptions, workers: int) -> None:
    """Align every pair of a batch into ``out_dir``; one failed pair does not stop the others."""
    pairs, notes = plan_batch(src, tgt)
    for note in notes:
        warn(note)
    rows: dict[str, tuple] = {}
    failed: list[str] = []
    columns = (TextColumn("aligning"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.description}"))
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task("", total=len(pairs))

        jobs = [(name, s, t, out_dir / batch_output_name(name, opts.fmt), opts) for name, s, t in pairs]
        for name, outcome in _run_jobs(jobs, workers):
            if isinstance(outcome, str):
                failed.append(name)
                say_error(outcome)
            else:
                *counts, pair_warnings = outcome
                rows[name] = tuple(counts)
                for w in pair_warnings:
                    warn(w)
            progress.update(task, advance=1, description=name)
    table = Table(title=f"termkit align --batch → {out_dir}")
    for col in ("pair", "src sentences", "tgt sentences", "beads", "mean confidence"):
        table.add_column(col, justify="left" if col == "pair" else "right")
    for name in sorted(rows):
        n_src, n_tgt, beads, mean = rows[name]
        table.add_row(name, str(n_src), str(n_tgt), str(beads), f"{mean:.3f}")
    err_console.print(table)
    if failed:
        raise TermkitError(f"{len(failed)} of {plural(len(pairs), 'pair')} failed: {', '.join(sorted(failed))}")


def glossary_pairs(path: Path | None) -> tuple[tuple[str, str], ...]:
    """(Chinese, English) term pairs of a glossary file or folder, every script: anchors for the aligner."""
    if path is None:
        return ()
    if not path.exists():
        raise TermkitError("no such glossary file or folder", path)
    from termkit.terms import load_glossary, term_pairs

    return tuple((a, b) for a, b in term_pairs(load_glossary(path)))


@app.command()
def align(
    src: Path = typer.Argument(..., help="Source file (or folder / batch manifest with --batch)."),
    tgt: Path = typer.Argument(None, help="Target file (or folder with --batch)."),
    src_lang: str = typer.Option(None, "--src-lang", help="Source language (zh, en, de, zh-Hant...), else detected."),
    tgt_lang: str = typer.Option(None, "--tgt-lang", help="Target language, else detected."),
    presplit: bool = typer.Option(False, "--presplit", help="Inputs are one sentence a line (no ingest/split)."),
    mode: Mode = typer.Option(Mode.parallel, "--mode", help="parallel: a translation; comparable: same story."),
    fmt: Format = typer.Option(None, "--format", "-f", show_default=False,
                               help="Output format (default: from -o's suffix, else ladder)."),
    out: Path = typer.Option(None, "--out", "-o", help="Output file (a folder with --batch); stdout if absent."),
    glossary: Path = typer.Option(None, "--glossary", "-g", help="Glossary file or folder: term pairs as anchors."),
    batch: bool = typer.Option(False, "--batch", help="SRC and TGT are folders of same-named files, or SRC is "
                               "a TSV manifest with src and tgt columns."),
    workers: int = typer.Option(1, "--workers", "-j", min=1, help="Processes for --batch."),
    encoding: str = typer.Option(None, "--encoding", "-e", help="Read both inputs in this encoding (utf-8, "
                                 "gb18030, big5hkscs, utf-16...) instead of detecting it."),
) -> None:
    """Align the sentences of SRC with those of TGT; every bead carries a confidence in [0, 1]."""
    fmt = (fmt or Format.ladder) if batch else output_format(fmt, out)
    opts = AlignOptions(_check_lang_flag(src_lang, "--src-lang"), _check_lang_flag(tgt_lang, "--tgt-lang"),
                        presplit, mode.value, fmt, encoding and check_encoding(encoding), glossary_pairs(glossary))
    if batch:
        if out is None:
            raise TermkitError("--batch writes one file per pair: give the output folder with -o DIR")
        if out.exists() and not out.is_dir():
            raise TermkitError("-o must be a folder with --batch", out)
        check_folder_writable(out)
        run_batch(src, tgt, out, opts, workers)
        return
    if tgt is None:
        raise TermkitError("align needs two files, SRC and TGT (or --batch)")
    if out is not None:
        check_writable(out)
    with err_console.status(f"aligning {src.name} with {tgt.name}", spinner="dots"):
        result = align_pair(src, tgt, opts)
    for w in result.warnings:
        warn(w)
    if out is None:
        _print_output(result.alignments, fmt)
        return
    write_output(result.alignments, fmt, out)
    say(f"wrote {plural(result.alignments.height, 'bead')} ({result.src.segments.height} × "
        f"{result.tgt.segments.height} sentences) to {out}")


@app.command("eval")
def eval_command(
    gold: Path = typer.Argument(..., help="Gold ladder file, or folder of .align files."),
    test: Path = typer.Argument(..., help="Test ladder file, or folder of .align files (matched by name)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    reverse: bool = typer.Option(False, "--reverse", help="TEST was aligned the other way round (its source "
                                 "is GOLD's target): swap its sides first."),
) -> None:
    """Score alignments against gold: strict and lax precision, recall and F1 (Sennrich & Volk 2010)."""
    from termkit.align.eval import evaluate_paths

    report = evaluate_paths(gold, test, reverse=reverse)
    for name in report.unmatched_test:
        warn(f"{test / name}: no gold file of the same name, not scored")
    if as_json:
        sys.stdout.write(json.dumps(report.as_dict(), indent=2) + "\n")
        return
    table = Table(title=f"alignment quality: {test} against {gold}")
    table.add_column("file", no_wrap=True)
    for col in ("test beads", "strict P", "strict R", "strict F1", "lax P", "lax R", "lax F1"):
        table.add_column(col, justify="right")
    items = list(report.files.items())
    for i, (name, s) in enumerate([*items, ("overall", report.overall)]):
        table.add_row(name, str(s.counts.p_total), *(f"{v:.3f}" for v in (
            s.strict_precision, s.strict_recall, s.strict_f1, s.lax_precision, s.lax_recall, s.lax_f1)),
            end_section=i == len(items) - 1, style="bold" if name == "overall" else None)
    console.print(table)
