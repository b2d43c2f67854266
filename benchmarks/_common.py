"""Shared helpers of the alignment benchmarks: where the data is, peak memory of a child, printing.

Why a child process per measurement: peak RSS is a property of a process, so each step runs alone in a
fresh interpreter (``os.wait4`` hands back exactly that child's resource usage), and an earlier step's
memory cannot leak into a later step's figure.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TERMKIT_SHARED", ROOT.parent / "shared"))
console = Console(highlight=False, width=None if sys.stdout.isatty() else 140)  # tables unsqueezed in logs


def data_dir(name: str) -> Path:
    """``../shared/data/NAME``, or exit 0 with a clear message (a user's checkout has no shared data)."""
    path = SHARED / "data" / name
    if not path.is_dir():
        console.print(f"skipped: {path} not present (the evaluation data lives beside the repository; "
                      "set TERMKIT_SHARED to its folder)", markup=False)
        sys.exit(0)
    return path


def read_lines(path: Path) -> list[str]:
    """A presplit file: one sentence a line, line i is sentence i."""
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


@dataclass(frozen=True)
class Measured:
    """Wall time, CPU time (user + system: steadier than wall on a shared machine) and peak RSS of a child."""

    wall_s: float
    cpu_s: float
    peak_mb: float
    returncode: int


def run_measured(argv: list[str], cwd: Path = ROOT, stdout: IO | None = None, stderr: IO | None = None) -> Measured:
    """Run ``argv`` as a child; wall time from the parent, peak RSS (of the child and its own children).

    ``stdout`` / ``stderr``: open files for the child's streams (a peer tool writing its result to stdout).
    """
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=stdout, stderr=stderr)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return Measured(wall, cpu, usage.ru_maxrss / 1024, proc.returncode)  # ru_maxrss is in KiB on Linux


def print_table(title: str, headers: list[str], rows: list[list[str]], left: int = 1) -> None:
    """Print a result table: the first ``left`` columns are labels, the rest right-aligned numbers."""
    table = Table(title=title)
    for i, h in enumerate(headers):
        table.add_column(h, justify="left" if i < left else "right")
    for row in rows:
        table.add_row(*row)
    console.print(table)
