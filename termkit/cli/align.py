"""``termkit align`` (one pair of files, or ``--batch`` folders/manifests) and ``termkit eval``.

Only arguments, progress and messages live here: reading and checking the inputs is ``termkit.corpus``,
planning and running a batch ``termkit.batch``, the output formats ``termkit.formats.alignments``.
"""

from __future__ import annotations

import json
import sys
import tempfile
from enum import StrEnum
from pathlib import Path

import polars as pl
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from termkit import outdir
from termkit.align.encoder import DEFAULT as DEFAULT_ENCODER
from termkit.align.encoder import use_processes
from termkit.batch import AlignOptions, align_files, batch_jobs, plan_batch, resume_plan, run_jobs
from termkit.checkpoint import Journal
from termkit.cli.app import app, console, err_console, plural, say, say_error, warn
from termkit.cluster import check_scheduler, run_on_dask
from termkit.corpus import check_language_tag, glossary_pairs
from termkit.encoding import check_encoding
from termkit.errors import TermkitError
from termkit.fileio import check_folder_writable, check_writable
from termkit.formats.alignments import Format, file_name, output_format, write_aligned


class Encoder(StrEnum):
    use = "use"
    none = "none"


ENCODER_HELP = ("Sentence encoder beside the dictionary evidence (parallel mode): use (bundled multilingual USE; "
                "a language it lacks falls back to none) or none.")


class Mode(StrEnum):
    parallel = "parallel"
    comparable = "comparable"


def _print_output(df: pl.DataFrame, fmt: Format) -> None:
    """Send the output to stdout, byte for byte what ``-o`` would have written."""
    with tempfile.TemporaryDirectory(prefix="termkit-align-") as tmp:
        out = Path(tmp) / file_name("out", fmt)
        write_aligned(df, fmt, out)
        sys.stdout.flush()
        sys.stdout.buffer.write(out.read_bytes())
        sys.stdout.flush()


def run_batch(src: Path, tgt: Path | None, out_dir: Path, opts: AlignOptions, workers: int, *,
              resume: bool = False, scheduler: str | None = None) -> None:
    """Align every pair of a batch into ``out_dir``; one failed pair does not stop the others.

    Finished pairs are recorded in ``out_dir``'s journal as they finish; with ``resume`` those still up to date
    are skipped. ``scheduler`` (``local`` or an address) runs the pairs on Dask instead of the local pool.
    """
    pairs, notes = plan_batch(src, tgt)
    for note in notes:
        warn(note)
    jobs = batch_jobs(pairs, out_dir, opts)
    plan = resume_plan(jobs, out_dir, resume)
    outputs = {job[0]: job[3] for job in jobs}
    rows: dict[str, tuple] = {name: (*counts, "up to date") for name, counts in plan.done.items()}
    failed: list[str] = []
    columns = (TextColumn("aligning"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.description}"))
    outcomes = run_jobs(plan.todo, workers) if scheduler is None else run_on_dask(plan.todo, scheduler, workers)
    with Journal(out_dir) as journal, Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task("starting", total=len(plan.todo))
        for finished, (name, outcome) in enumerate(outcomes, start=1):
            if isinstance(outcome, str):
                failed.append(name)
                say_error(outcome)
            else:
                *counts, pair_warnings = outcome
                rows[name] = (*counts, "aligned")
                journal.record(name, plan.keys[name], outputs[name], tuple(counts))
                for w in pair_warnings:
                    warn(w)
            rate = finished / max(progress.tasks[0].elapsed or 0.0, 1e-9)
            progress.update(task, advance=1, description=f"{rate:.2f} pairs/s  {name}")
    table = Table(title=f"termkit align --batch → {out_dir}")
    for col in ("pair", "src sentences", "tgt sentences", "beads", "mean confidence", "this run"):
        table.add_column(col, justify="left" if col in ("pair", "this run") else "right")
    for name in sorted(rows):
        n_src, n_tgt, beads, mean, status = rows[name]
        table.add_row(name, str(n_src), str(n_tgt), str(beads), f"{mean:.3f}", status)
    err_console.print(table)
    aligned = len(rows) - len(plan.done)
    say(f"{plural(len(pairs), 'pair')}: {aligned} aligned, {len(plan.done)} up to date (skipped), "
        f"{len(failed)} failed")
    if failed:
        raise TermkitError(f"{len(failed)} of {plural(len(pairs), 'pair')} failed: {', '.join(sorted(failed))}")


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
    glossary: Path = typer.Option(None, "--glossary", "-g", help="Glossary file or folder: term pairs as anchors "
                                  "[default: ./glossary, if present]."),
    batch: bool = typer.Option(False, "--batch", help="SRC and TGT are folders of same-named files, or SRC is "
                               "a TSV manifest with src and tgt columns."),
    workers: int = typer.Option(1, "--workers", "-j", min=1, help="Processes: for --batch, pairs aligned at "
                                "once (local pool or --scheduler local); for one pair, processes encoding a long "
                                "document's sentences."),
    resume: bool = typer.Option(False, "--resume", help="--batch: skip pairs whose output is up to date (same "
                                "inputs and options, recorded in the output folder's .termkit-batch.jsonl)."),
    scheduler: str = typer.Option(None, "--scheduler", help="--batch on Dask: 'local' (a LocalCluster of "
                                  "--workers processes) or a scheduler address tcp://HOST:PORT; needs "
                                  "termkit[cluster]."),
    encoding: str = typer.Option(None, "--encoding", "-e", help="Read both inputs in this encoding (utf-8, "
                                 "gb18030, big5hkscs, utf-16...) instead of detecting it."),
    encoder: Encoder = typer.Option(Encoder(DEFAULT_ENCODER), "--encoder", help=ENCODER_HELP),
) -> None:
    """Align the sentences of SRC with those of TGT; every bead carries a confidence in [0, 1]."""
    fmt = (fmt or Format.ladder) if batch else output_format(fmt, out)
    opts = AlignOptions(check_language_tag(src_lang, "--src-lang"), check_language_tag(tgt_lang, "--tgt-lang"),
                        presplit, mode.value, fmt, encoding and check_encoding(encoding),
                        glossary_pairs(glossary, default=Path("glossary")), encoder.value)
    if not batch and (resume or scheduler):
        raise TermkitError("--resume and --scheduler are for --batch")
    if batch:
        if out is None:
            raise TermkitError("--batch writes one file per pair: give the output folder with -o DIR")
        if out.exists() and not out.is_dir():
            raise TermkitError("-o must be a folder with --batch", out)
        if (out / outdir.MARK).exists():  # the next build would refuse the folder, or its files be read twice
            raise TermkitError("is termkit build's output folder, which a build replaces whole: give --batch a "
                               "folder of its own", out)
        check_folder_writable(out)
        run_batch(src, tgt, out, opts, workers, resume=resume, scheduler=scheduler and check_scheduler(scheduler))
        return
    if tgt is None:
        raise TermkitError("align needs two files, SRC and TGT (or --batch)")
    if out is not None:
        check_writable(out)
    with use_processes(workers), err_console.status(f"aligning {src.name} with {tgt.name}", spinner="dots"):
        result = align_files(src, tgt, opts)
    for w in result.warnings:
        warn(w)
    if out is None:
        _print_output(result.alignments, fmt)
        return
    write_aligned(result.alignments, fmt, out)
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
