"""The typer application and its command groups.

Each command module under ``termkit/cli/`` registers its commands on these objects; the CLI only
parses arguments, calls a stage, and prints. Why markup is off everywhere (help texts, messages, tables):
file names and corpus text are user text, and ``a:100:b.txt`` or ``[bold]`` must print as they are.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import typer
from rich.console import Console

from termkit.wording import plural  # noqa: F401  (the CLI modules' one import for messages)


def _plain(help_text: str) -> typer.Typer:
    return typer.Typer(help=help_text, no_args_is_help=True, rich_markup_mode=None)


def _version(value: bool) -> None:
    if value:
        try:
            v = version("termkit")
        except PackageNotFoundError:
            v = "unknown (not installed)"
        typer.echo(f"termkit {v}")
        raise typer.Exit(0)


app = typer.Typer(
    name="termkit",
    help="Bilingual Chinese–English corpus toolkit: ingest, segment, align, glossary, lint, TMX/TBX.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)


@app.callback()
def _root(version_: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                        help="Print termkit's version and exit.")) -> None:
    """Bilingual Chinese–English corpus toolkit: ingest, segment, align, glossary, lint, TMX/TBX."""


glossary_app = _plain("The controlled glossary: check, export, import, suggest.")
export_app = _plain("Export aligned text for CAT tools (TMX 1.4b).")
import_app = _plain("Import translation memories into termkit's alignment table.")
app.add_typer(glossary_app, name="glossary")
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")

#: ``console``: what a command exists to show (an evaluation table, a report) on stdout.
#: ``err_console``: messages, summaries and progress on stderr, so that stdout stays data.
console = Console(highlight=False, markup=False, emoji=False)
err_console = Console(stderr=True, highlight=False, markup=False, emoji=False)


def say(message: str) -> None:
    """A one-line message for the user (what was written, what was left out) on stderr."""
    err_console.print(message, soft_wrap=True)


def warn(message: str) -> None:
    """Print a one-line warning on stderr."""
    err_console.print(f"termkit: warning: {message}", soft_wrap=True)


def say_error(message: str) -> None:
    """Print a one-line error on stderr."""
    err_console.print(f"termkit: error: {message}", soft_wrap=True)

