"""termkit's command line: ``termkit COMMAND ...``.

``main`` turns every ``TermkitError`` (bad input) into one line on stderr and exit status 2.
"""

from __future__ import annotations

import sys

from termkit.cli import (  # noqa: F401  (imported to register their commands)
    align,
    build,
    corpus,
    exchange,
    glossary,
    lint,
    suggest,
)
from termkit.cli.app import app, err_console
from termkit.errors import TermkitError


def main() -> None:
    """Entry point of the ``termkit`` console script."""
    try:
        app(prog_name="termkit")
    except TermkitError as exc:
        err_console.print(f"termkit: error: {exc}", markup=False, soft_wrap=True)
        sys.exit(2)
    except OSError as exc:
        name = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        err_console.print(f"termkit: error: {name}{exc.strerror or exc}", markup=False, soft_wrap=True)
        sys.exit(2)
    except KeyboardInterrupt:
        err_console.print("termkit: interrupted", markup=False, soft_wrap=True)
        sys.exit(130)
