"""Output folders that a command owns as a whole (``termkit build``'s ``aligned/``).

Why a mark: a build replaces its whole output folder, so that a CAT tool or CI job sees the previous build
or this one and never a mixture; but replacing a folder must never delete what the build did not write.
Every build leaves ``.termkit-build`` in its folder, listing the files it wrote; a later build replaces the
folder only when everything in it is on that list. A folder with anything else in it, the project or the
current folder, a file, or a folder holding the sources is refused before any work starts.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from termkit.errors import TermkitError
from termkit.fileio import check_folder_writable, new_dir_mode

MARK = ".termkit-build"
_MARK_HEADER = "# written by termkit build: the files below are its own; the next build replaces them\n"
#: What builds before the mark existed wrote (accepted, with nothing else, as a build's folder).
_LEGACY = re.compile(r"((documents|paragraphs|removed|segments|summary)\.(tsv|parquet)|alignments\.parquet"
                     r"|[^/]+\.alignments\.tsv|[^/]+\.tmx)")


def _owned(out: Path) -> set[str] | None:
    """The names a previous build wrote in ``out``, or None when ``out`` carries no build's mark."""
    mark = out / MARK
    if mark.is_file():
        text = mark.read_text(encoding="utf-8", errors="replace")
        return {ln for ln in text.split("\n") if ln and not ln.startswith("#")} | {MARK}
    names = {p.name for p in out.iterdir()}
    if {"documents.tsv", "summary.tsv"} <= names and all(_LEGACY.fullmatch(n) for n in names):
        return names
    return None


def foreign_entries(out: Path) -> list[str]:
    """What in ``out`` a build did not write (all of it when there is no mark), sorted."""
    names = sorted(p.name for p in out.iterdir())
    owned = _owned(out) if names else set()
    if owned is None:
        return names
    return [n for n in names if n not in owned or (out / n).is_dir()]


def check_output_dir(out: Path, project: Path) -> None:
    """Refuse, before any computation, an output folder the build may not replace (see module doc)."""
    here, home = Path.cwd().resolve(), project.resolve()
    target = out.resolve()
    if target in (here, home) or target in here.parents or target in home.parents:
        what = "the project folder" if target == home else "the current folder" if target == here else \
            "a folder that holds the project"
        raise TermkitError(f"is {what}; the build writes a folder of its own: give a new or empty one", out)
    for keep in (home / "sources", home / "glossary"):
        if target == keep or keep in target.parents:
            raise TermkitError(f"is inside {keep}; the build must not write among the sources", out)
    if out.exists() and not out.is_dir():
        raise TermkitError("exists and is not a folder; the build writes a folder: give a new or empty one", out)
    if out.is_dir():
        foreign = foreign_entries(out)
        if foreign:
            shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
            raise TermkitError(f"holds {shown}, which termkit build did not write; refusing to replace the "
                               "folder (move them away, or give a new or empty folder)", out)
        if not os.access(out, os.W_OK | os.X_OK):
            raise TermkitError("cannot write here: the folder is not writable", out)
    check_folder_writable(out.parent, out)


@contextlib.contextmanager
def replacing_dir(out: Path) -> Iterator[Path]:
    """A fresh folder to write the build into; swapped in for ``out`` only if the block succeeds.

    The new folder gets the old folder's mode (or 0777 less the umask), and the old folder's files are
    removed by name, only those the build wrote; a folder that gained a foreign file meanwhile stops the swap.
    """
    parent = out.parent
    mode = out.stat().st_mode & 0o7777 if out.is_dir() else new_dir_mode()
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise TermkitError(f"cannot write here: {exc.strerror or exc}", out) from None
    try:
        os.chmod(tmp, mode)
        yield tmp
        written = sorted(p.name for p in tmp.iterdir())
        (tmp / MARK).write_text(_MARK_HEADER + "".join(f"{n}\n" for n in written), encoding="utf-8")
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _swap(tmp: Path, out: Path) -> None:
    if not out.exists():
        tmp.rename(out)
        return
    foreign = foreign_entries(out)
    if foreign:
        raise TermkitError(f"gained {', '.join(foreign[:3])} during the build; left as it was", out)
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
    old.rmdir()
    out.rename(old)
    tmp.rename(out)
    for p in old.iterdir():
        p.unlink()
    old.rmdir()
