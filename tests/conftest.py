"""Shared fixtures: where the project and ``../shared`` are, and a CLI runner.

Tests that need ``../shared`` (gold alignment data, the XML standards) skip with a reason when it is
absent, so the suite passes on a user's machine that has only the repository.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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


def run_cli(*args: str, cwd: Path | None = None, input: str | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``termkit ARGS`` as a user would (a new process), returning its exit code and output."""
    return subprocess.run(
        [sys.executable, "-m", "termkit", *args],
        cwd=cwd or ROOT, input=input, capture_output=True, text=True, timeout=600,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1", **(env or {})},
    )


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
