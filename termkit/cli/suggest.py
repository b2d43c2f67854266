"""``termkit glossary suggest``: candidate glossary rows mined from aligned text, with their evidence."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from termkit.cli.app import console, err_console, glossary_app, say, warn

#: Candidates shown on screen when neither --top nor -o says otherwise.
SCREEN_ROWS = 50


@glossary_app.command("suggest")
def suggest(
    aligned: list[Path] = typer.Argument(..., help="Aligned TSV, TMX, or gold ladders (.align) beside their "
                                         "text folders; folders of them."),
    out: Path = typer.Option(None, "--out", "-o", help="Write the candidates TSV here (glossary columns first)."),
    top: int = typer.Option(None, "--top", "-n", min=1, help="Keep the N strongest new candidates."),
    min_count: int = typer.Option(3, "--min-count", "-k", min=2,
                                  help="Fewest aligned pairs a candidate pair must share."),
    glossary: Path = typer.Option(None, "--glossary", "-g",
                                  help="Glossary to leave out and check against (default: ./glossary)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but warnings and errors."),
) -> None:
    """Propose Chinese–English term pairs the memory uses consistently; flag deprecated renderings."""
    from termkit.terms.candidates_tsv import write_candidates
    from termkit.terms.memory import read_memory
    from termkit.terms.suggest import suggest_terms

    if out is not None:
        from termkit.fileio import check_writable

        check_writable(out)
    from termkit.terms.check import glossary_or_default

    concepts = glossary_or_default(glossary, Path("glossary"))
    with err_console.status("reading the memory", spinner="dots") as status:  # drawn only on a terminal
        memory = read_memory(aligned)
        status.update(f"mining {memory.height:,} aligned pairs")
        result = suggest_terms(memory, concepts, min_count=min_count, top=top)
    if out is not None:
        write_candidates(result, out, sources=[str(p) for p in aligned])
    for r in result.flagged.iter_rows(named=True):
        warn(f"{r['zh']} is rendered {r['en']!r} in {r['joint_count']} pair(s), e.g. {r['example_doc']} "
             f"{r['example_unit']}: {r['flag']}")
    if quiet:
        return
    if result.candidates.is_empty():
        say(f"no new candidates in {result.pairs:,} aligned pairs: none shares {min_count} or more pairs "
            "significantly (a small memory rarely does)" +
            (f"; {result.left_out} already in the glossary" if result.left_out else ""))
        return
    shown = result.candidates.head(20 if out is not None else (top or SCREEN_ROWS))
    table = Table(title=f"{result.candidates.height} candidates from {result.pairs:,} aligned pairs"
                        + (f" ({result.left_out} already in the glossary)" if result.left_out else ""))
    for col, justify in (("zh", "left"), ("en", "left"), ("joint_count", "right"), ("score", "right"),
                         ("cedict", "left"), ("example_unit", "left")):
        table.add_column(col.replace("_count", ""), justify=justify)
    for r in shown.iter_rows(named=True):
        table.add_row(r["zh"], r["en"], str(r["joint_count"]), f"{r['score']:.1f}", r["cedict"],
                      f"{r['example_doc']} {r['example_unit']}")
    console.print(table)
    if shown.height < result.candidates.height:
        say(f"showing the strongest {shown.height}; " +
            ("all are in " + str(out) if out is not None else "use -o FILE for all, or --top N"))
    if out is not None:
        say(f"wrote {result.candidates.height} candidates and {result.flagged.height} flagged pairs "
            f"to {out}")
