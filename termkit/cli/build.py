"""``termkit build``: the main job over the project's bundled corpus."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from termkit.align.encoder import DEFAULT as DEFAULT_ENCODER
from termkit.cli.align import ENCODER_HELP, Encoder
from termkit.cli.app import app, err_console, plural, say, warn


@app.command()
def build(
    project: Path = typer.Argument(Path("."), help="Project folder holding sources/manifest.tsv."),
    out: Path = typer.Option(None, "--out", "-o",
                             help="Output folder: new, empty, or a previous build's [default: PROJECT/aligned]."),
    glossary: Path = typer.Option(None, "--glossary", "-g", help="Glossary folder [default: PROJECT/glossary]."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
    encoder: Encoder = typer.Option(Encoder(DEFAULT_ENCODER), "--encoder", help=ENCODER_HELP),
) -> None:
    """Ingest, segment and align every source in the manifest; write aligned/ (TSV, Parquet, TMX, summary)."""
    from termkit.build import run_build

    with err_console.status("building", spinner="dots") as status:
        result = run_build(project, out, glossary, progress=None if quiet else status.update,
                           encoder=encoder.value)
    for note in result.warnings:
        warn(note)
    for stale in result.stale:
        warn(str(stale))
    if quiet:
        return
    shown = result.summary.select("doc_id", "lang", "script", "paragraphs", "segments", "removed", "aligned_pairs",
                                  "reviewed")
    table = Table(title=f"termkit build → {result.out_dir}")
    for col in shown.columns:
        table.add_column(col.replace("_", " "), justify="right" if shown[col].dtype.is_integer() else "left")
    for row in shown.iter_rows():
        table.add_row(*(str(v) for v in row))
    err_console.print(table)
    files = sorted(p.name for p in result.out_dir.iterdir() if not p.name.startswith("."))
    say(f"wrote {plural(len(files), 'file')}: " + ", ".join(files))
