"""What a batch has finished, recorded beside its outputs, so that ``align --batch --resume`` skips it.

Why a journal in the output folder: a batch of thousands of pairs gets interrupted, or a few pairs fail, and
the rerun must redo only what is not done. A pair counts as done when its output still has the bytes recorded
when it was written, for inputs with the same bytes and the same options: a missing, edited or stale output,
or a changed input or option, is aligned again. Outputs are written atomically (``fileio.atomic_write``) and
recorded only once renamed into place, so a half-written file is never taken for a finished one.

One line of JSON is appended per finished pair (a single short write, so an interrupted run keeps every line
but perhaps a torn last one, which reading skips); the latest line of a name wins. The file's name starts with
a dot: the readers of aligned folders (lint, export, suggest, eval) pass over it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path

from termkit import __version__
from termkit.errors import TermkitError

JOURNAL = ".termkit-batch.jsonl"

#: What the summary shows of a finished pair: source and target sentences, beads, mean confidence.
Counts = tuple[int, int, int, float]


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes; "" when it cannot be read (the pair then fails, with its own message)."""
    try:
        with path.open("rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return ""


def options_digest(options: object) -> str:
    """SHA-256 of a frozen dataclass of options (the output format, languages, glossary anchors...)."""
    text = json.dumps(dataclasses.asdict(options), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pair_key(src: Path, tgt: Path, options: str, version: str = __version__) -> str:
    """What an output was made from: both inputs' bytes, the options' digest and termkit's version (another
    release aligns differently: its outputs are not this one's); "" if an input is unreadable."""
    a, b = file_digest(src), file_digest(tgt)
    if not a or not b:
        return ""
    return hashlib.sha256(f"{a}\n{b}\n{options}\n{version}".encode()).hexdigest()


@dataclasses.dataclass(frozen=True)
class Entry:
    """One finished pair: what it was made from, the bytes it wrote, and its counts."""

    key: str
    output: str  # SHA-256 of the output file
    counts: Counts


def read_journal(out_dir: Path) -> dict[str, Entry]:
    """The latest entry of each pair name in ``out_dir``'s journal; torn or foreign lines are skipped."""
    entries: dict[str, Entry] = {}
    try:
        text = (out_dir / JOURNAL).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return entries
    for line in text.split("\n"):
        try:
            rec = json.loads(line)
            entries[rec["name"]] = Entry(rec["key"], rec["output"], tuple(rec["counts"]))
        except (ValueError, KeyError, TypeError):
            continue
    return entries


def is_done(entry: Entry | None, key: str, output: Path) -> bool:
    """True when ``output`` is the file recorded for inputs and options that give ``key``."""
    return entry is not None and bool(key) and entry.key == key and file_digest(output) == entry.output


class Journal:
    """The journal of ``out_dir``, appended one line per finished pair (created with the first line)."""

    def __init__(self, out_dir: Path) -> None:
        self._path = out_dir / JOURNAL
        self._fd: int | None = None

    def record(self, name: str, key: str, output: Path, counts: Counts) -> None:
        """Note that ``output`` is finished; nothing is noted for a pair whose inputs could not be read."""
        if not key:
            return
        line = json.dumps({"name": name, "key": key, "output": file_digest(output), "counts": list(counts)},
                          ensure_ascii=False) + "\n"
        try:
            if self._fd is None:
                self._fd = os.open(self._path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o666)
                size = os.fstat(self._fd).st_size
                if size and os.pread(self._fd, 1, size - 1) != b"\n":
                    line = "\n" + line  # an interrupted run's torn last line stays alone on its line
            os.write(self._fd, line.encode("utf-8"))
        except OSError as exc:
            raise TermkitError(f"cannot record the finished pair {name}: {exc.strerror}", self._path) from None

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
