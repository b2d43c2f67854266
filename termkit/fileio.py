"""Reading user files safely and writing outputs atomically, with the modes a user expects.

Why: a CAT tool or CI job must never see a half-written TMX; a user must get a one-line error for a
directory, an empty file or a binary file instead of a traceback; an output must be readable by whoever
the umask says (a colleague, a web server, a CI step running as another user), as if written with
``open``; and an error names the user's path, never a hidden temporary file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from termkit.errors import TermkitError


def current_umask() -> int:
    """The process umask (there is no way to read it without setting it, so set it back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The mode ``open(path, "w")`` would give a new file: 0666 less the umask."""
    return 0o666 & ~current_umask()


def new_dir_mode() -> int:
    """The mode ``mkdir`` would give a new folder: 0777 less the umask."""
    return 0o777 & ~current_umask()


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def check_writable(path: str | Path) -> None:
    """Fail now, before any computation, if ``path`` cannot be written as a file.

    Why before: a user who waited minutes for an alignment should not then learn that the folder is
    read-only. The check is what the write will need: an existing folder to hold the file (or one that
    can be created), write permission there, and no folder where the file should go.
    """
    target = Path(path)
    if target.is_dir():
        raise TermkitError("is a folder; give a file name to write", target)
    check_folder_writable(target.parent, target)
    if target.exists() and not os.access(target, os.W_OK):
        raise TermkitError("cannot overwrite: the file is not writable", target)


def check_folder_writable(folder: Path, for_path: Path | None = None) -> None:
    """Fail now if files cannot be written into ``folder`` (created as needed); errors name ``for_path``."""
    named = for_path or folder
    parent = _existing_ancestor(folder)
    if not parent.is_dir():
        raise TermkitError(f"cannot write here: {parent} is not a folder", named)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise TermkitError(f"cannot write here: {parent} is not writable", named)


def _existing_ancestor(folder: Path) -> Path:
    """The nearest folder of ``folder``'s chain that exists (the one a ``mkdir -p`` would start in)."""
    p = folder if str(folder) else Path(".")
    while not p.exists() and p != p.parent:
        p = p.parent
    return p


def make_dirs(folder: Path, for_path: Path) -> None:
    """``mkdir -p`` with errors that name the user's output ``for_path``."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise TermkitError(f"cannot write here: {folder} is not a folder", for_path) from None
    except OSError as exc:
        raise TermkitError(f"cannot create folder {folder}: {_reason(exc)}", for_path) from None


@contextlib.contextmanager
def atomic_write(path: str | Path, mode: str = "w", encoding: str | None = "utf-8",
                 newline: str | None = "\n") -> Iterator[IO]:
    """Open a temporary file beside ``path``; rename it over ``path`` only if the block succeeds.

    A new file gets 0666 less the umask, an overwritten file keeps its mode; on any failure (or Ctrl-C)
    the temporary file is removed and ``path`` is untouched.
    """
    target = Path(path)
    if target.is_dir():
        raise TermkitError("is a folder; give a file name to write", target)
    make_dirs(target.parent, target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise TermkitError(f"cannot write: {_reason(exc)}", target) from None
    try:
        try:
            keep = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            keep = new_file_mode()
        os.fchmod(fd, keep)
        fh = os.fdopen(fd, mode) if "b" in mode else os.fdopen(fd, mode, encoding=encoding, newline=newline)
        with fh:
            yield fh
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise TermkitError(f"cannot write: {_reason(exc)}", target) from None
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
