"""Reading user files safely and writing outputs atomically.

Why: a CAT tool or CI job must never see a half-written TMX, and a user must get a one-line error for
a directory, an empty file or a binary file instead of a traceback.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from termkit.errors import TermkitError


@contextlib.contextmanager
def atomic_write(path: str | Path, mode: str = "w", encoding: str | None = "utf-8",
                 newline: str | None = "\n") -> Iterator[IO]:
    """Open a temporary file beside ``path``; rename it over ``path`` only if the block succeeds."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        fh = os.fdopen(fd, mode) if "b" in mode else os.fdopen(fd, mode, encoding=encoding, newline=newline)
        with fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def read_bytes(path: str | Path) -> bytes:
    """Read a user's input file, turning the usual mistakes into a one-line ``TermkitError``."""
    p = Path(path)
    if not p.exists():
        raise TermkitError("no such file", p)
    if p.is_dir():
        raise TermkitError("is a directory, expected a file", p)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise TermkitError(f"cannot read: {exc.strerror or exc}", p) from None
    if not data.strip():
        raise TermkitError("file is empty", p)
    return data
