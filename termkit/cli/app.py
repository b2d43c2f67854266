"""The typer application and its command groups.

Each command module under ``termkit/cli/`` registers its commands on these objects; the CLI only
parses arguments, calls a stage, and prints.
"""

from __future__ import annotations

import typer
from rich.console import Console

app = typer.Typer(
    name="termkit",
    help="Bilingual Chinese–English corpus toolkit: ingest, segment, align, glossary, lint, TMX/TBX.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
glossary_app = typer.Typer(help="The controlled glossary: check, export, import, suggest.", no_args_is_help=True)
export_app = typer.Typer(help="Export aligned text for CAT tools (TMX 1.4b).", no_args_is_help=True)
import_app = typer.Typer(help="Import translation memories into termkit's alignment table.",
                         no_args_is_help=True)
app.add_typer(glossary_app, name="glossary")
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")

#: Human output (tables, progress) goes to stdout; errors and warnings to stderr.
console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


def warn(message: str) -> None:
    """Print a one-line warning on stderr (markup off: user text may contain brackets)."""
    err_console.print(f"termkit: warning: {message}", markup=False, soft_wrap=True)
