"""CLI commands for the corpus: ``termkit ingest`` and ``termkit segment``.

Both read raw articles; a file listed in a ``manifest.tsv`` beside it takes that row's metadata. All
files are ingested before anything is printed or written, so a bad file gives one error and no
half-finished output.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from termkit.cli.app import app, err_console, say
from termkit.ingest import Ingested, ingest_file, write_ingested
from termkit.segment import segment_paragraphs
from termkit.sources import manifest_row


def _ingest(path: Path, encoding: str | None) -> Ingested:
    return ingest_file(path, manifest_row(path), encoding=encoding)


ENCODING_HELP = "Read the files in this encoding (utf-8, gb18030, big5hkscs, utf-16...) instead of detecting it."


def _say(text: str) -> None:
    """Print user text as is, bypassing rich: no markup (articles contain brackets), tabs kept for ``cut``."""
    typer.echo(text)


def _print_document(got: Ingested) -> None:
    doc = got.document
    _say(f"# {doc['doc_id']}  {doc['file']}  lang={doc['lang']} script={doc['script']} encoding={doc['encoding']}")
    for key in ("title", "date", "outlet", "byline", "event"):
        if doc[key]:
            _say(f"# {key}: {doc[key]}")
    for row in got.paragraphs.iter_rows(named=True):
        _say(f"{row['para_id']}\t{row['kind']}\t{row['text']}")


def _print_removed(got: Ingested) -> None:
    _say(f"# removed from {got.document['doc_id']}: {got.removed.height} block(s)")
    for row in got.removed.iter_rows(named=True):
        lines = str(row["first_line"]) if row["first_line"] == row["last_line"] else \
            f"{row['first_line']}-{row['last_line']}"
        _say(f"line {lines}\t{row['reason']}\t{row['text']}")


def _summary(docs: list[Ingested]) -> Table:
    table = Table(title="termkit ingest")
    for col in ("doc_id", "file", "script", "encoding", "paragraphs", "headings", "removed"):
        table.add_column(col, justify="right" if col in ("paragraphs", "headings", "removed") else "left")
    for got in docs:
        kinds = got.paragraphs["kind"]
        table.add_row(got.document["doc_id"], got.document["file"], got.document["script"],
                      got.document["encoding"], str(got.paragraphs.height), str((kinds == "heading").sum()),
                      str(got.removed.height))
    return table


@app.command()
def ingest(
    files: list[Path] = typer.Argument(
        ..., help="Article files: text scrapes (UTF-8, GB18030 or Big5), web pages (.html) or Word files (.docx)."),
    explain: bool = typer.Option(False, "--explain", help="List every removed block and why."),
    out: Path = typer.Option(None, "--out", "-o", help="Write <id>.paragraphs.tsv and <id>.removed.tsv here."),
    encoding: str = typer.Option(None, "--encoding", "-e", help=ENCODING_HELP),
) -> None:
    """Clean scraped articles: paragraphs and headings, metadata, and what was removed."""
    if out is not None:
        from termkit.fileio import check_folder_writable

        check_folder_writable(out)
    docs = [_ingest(f, encoding) for f in files]
    for got in docs:
        if out is None:
            _print_document(got)
        if explain:
            _print_removed(got)
        if out is not None:
            for path in write_ingested(got, out):
                say(f"wrote {path}")
    err_console.print(_summary(docs))


@app.command()
def segment(
    file: Path = typer.Argument(..., help="A raw article: it is ingested, then split into sentences."),
    lang: str = typer.Option(None, "--lang", help="Sentence rules to use: zh, en or another rules table "
                             "(default: the article's language)."),
    offsets: bool = typer.Option(False, "--offsets", help="Prefix seg_id, para_id, start, end and kind."),
    encoding: str = typer.Option(None, "--encoding", "-e", help=ENCODING_HELP),
) -> None:
    """Print one sentence (or heading) a line."""
    got = _ingest(file, encoding)
    segs = segment_paragraphs(got.paragraphs, lang or got.document["lang"])
    for row in segs.iter_rows(named=True):
        if offsets:
            _say(f"{row['seg_id']}\t{row['para_id']}\t{row['start']}\t{row['end']}\t{row['kind']}\t{row['text']}")
        else:
            _say(row["text"])
