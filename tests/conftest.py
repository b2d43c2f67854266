"""Shared fixtures: where the project and ``../shared`` are, and CLI runners.

Tests that need ``../shared`` (gold alignment data, the XML standards) skip with a reason when it is
absent, so the suite passes on a user's machine that has only the repository. CLI tests run termkit in
this process (``run_cli``, ``tk``): fast, and CC-CEDICT is loaded once; ``run_process`` starts a new one
where the process boundary is the point (signals, another hash seed, another user).
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("COLUMNS", "200")  # before termkit's consoles exist: tables are not cut at 80
os.environ.setdefault("NO_COLOR", "1")

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TERMKIT_SHARED", ROOT.parent / "shared"))
#: The tests' own glossary: a frozen copy of the bundled one, so that a terminologist's edit of glossary/
#: never breaks a test (the glossary itself is checked by `termkit glossary lint glossary/` in CI).
TEST_GLOSSARY = ROOT / "tests" / "data" / "glossary"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared() -> Path:
    """``../shared``, or skip the test saying why."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} not present (gold data and standards live beside the repository)")
    return SHARED


def shared_path(*parts: str) -> Path:
    """A path under ``../shared``; skips the calling test when it is missing."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} not present (shared data lives beside the repository)")
    return p


def run_process(*args: str, cwd: Path | None = None, input: str | None = None,
                env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``termkit ARGS`` as a user would, in a new process; its exit code and output."""
    return subprocess.run(
        [sys.executable, "-m", "termkit", *args],
        cwd=cwd or ROOT, input=input, capture_output=True, text=True, timeout=600,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1", **(env or {})},
    )


def interrupt_when_one_is_written(argv: list[str], out: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    """Start ``termkit ARGV`` (a batch writing into folder ``out``), wait for its first whole output (not the
    journal, not a temporary file), send SIGINT to its process group as a terminal's Ctrl-C does, and
    return how it ended. Fails when the batch ended before it could be interrupted."""
    import signal
    import time

    proc = subprocess.Popen([sys.executable, "-m", "termkit", *map(str, argv)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None and not (
            out.is_dir() and any(p.suffix == ".align" and not p.name.startswith(".") for p in out.iterdir())):
        time.sleep(0.05)
    assert proc.poll() is None, "the batch finished before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=timeout)
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)


def run_cli(*args: str, cwd: Path | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    """Run ``termkit ARGS`` in this process (from ``cwd``, default the repository), as ``run_process`` would
    report it: exit status, stdout and stderr as text."""
    from termkit.cli import run

    out, err = (io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="", write_through=True) for _ in "oe")
    with contextlib.chdir(cwd or ROOT), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        stdin, sys.stdin = sys.stdin, io.StringIO(input or "")
        try:
            code = run([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            sys.stdin = stdin
    text = [s.buffer.getvalue().decode("utf-8") for s in (out, err)]
    return subprocess.CompletedProcess(["termkit", *args], code, text[0], text[1])


@pytest.fixture
def cli():
    """The ``run_cli`` helper as a fixture."""
    return run_cli


@pytest.fixture
def tk(capsys, monkeypatch):
    """Run ``termkit ARGS`` in this process (fast: no interpreter start-up, CC-CEDICT loaded once);
    returns (exit status, stdout, stderr). ``cwd=`` runs it in another folder."""
    from termkit.cli import run

    def call(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
        capsys.readouterr()
        with monkeypatch.context() as m:
            if cwd is not None:
                m.chdir(cwd)
            code = run([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return call


#: Fixtures that build the bundled corpus or start a real browser: what makes a test slow.
_SLOW_FIXTURES = {"shared", "built", "reviewed_build", "browser", "server"}
_SLOW_MODULES = {"test_build", "test_review_browser", "test_roundtrip_properties", "test_eval"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``slow`` what builds the corpus, reads a data set, runs a browser or a property search, so that
    ``pytest -m "not slow"`` is the quick loop while editing (the whole suite still runs by default)."""
    for item in items:
        module = item.module.__name__ if item.module else ""
        if module in _SLOW_MODULES or _SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
