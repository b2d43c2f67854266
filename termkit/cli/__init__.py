"""termkit's command line: ``termkit COMMAND ...``.

``run`` turns every problem a user can cause into one line on stderr and an exit status: bad input
(``TermkitError``) and usage errors 2, an interrupt 130 (finished outputs kept, no temporary file left).
Why not typer's own handling: it draws usage errors in a box and interprets markup in user text.
"""

from __future__ import annotations

import errno
import sys

import typer

from termkit.cli import (  # noqa: F401  (imported to register their commands)
    align,
    build,
    corpus,
    exchange,
    glossary,
    lint,
    review,
    suggest,
)
from termkit.cli.app import app, say_error
from termkit.errors import TermkitError

INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a program stopped by Ctrl-C


def run(args: list[str]) -> int:
    """Run ``termkit ARGS`` and return its exit status (what ``main`` exits with)."""
    try:
        rv = app(args=args, prog_name="termkit", standalone_mode=False)
    except TermkitError as exc:
        say_error(str(exc))
        return 2
    except typer.TyperException as exc:
        hint = f" (see `{exc.ctx.command_path} --help`)" if getattr(exc, "ctx", None) is not None else ""
        say_error(exc.format_message() + hint)
        return getattr(exc, "exit_code", 2)
    except (KeyboardInterrupt, typer.Abort):
        say_error("interrupted")
        return INTERRUPTED
    except OSError as exc:
        if exc.errno == errno.EPIPE:  # `termkit ... | head`: the reader left; nothing to say
            return 1
        name = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        say_error(f"{name}{exc.strerror or exc}")
        return 2
    if rv == INTERRUPTED:  # typer turns Ctrl-C into this exit status without a word
        say_error("interrupted")
    return rv if isinstance(rv, int) else 0


def main() -> None:
    """Entry point of the ``termkit`` console script."""
    sys.exit(run(sys.argv[1:]))
