"""The one error type users see.

Every stage raises ``TermkitError`` for bad input; the CLI prints its message on one line and exits
non-zero, so a user never meets a traceback for a problem in their files.
"""

from __future__ import annotations

from pathlib import Path


class TermkitError(Exception):
    """Bad input or a failed operation, described in one line that names the file (and line)."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        where = ""
        if path is not None:
            where = str(path)
            if line is not None:
                where += f":{line}"
                if column is not None:
                    where += f":{column}"
            where += ": "
        super().__init__(f"{where}{message}")
        self.path = None if path is None else str(path)
        self.line = line
        self.column = column
