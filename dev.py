#!/usr/bin/env python3
"""Set termkit up from nothing but Python 3.11+ and pip, then run the main job or the tests.

    python3 dev.py build    # create .venv, install termkit, run `termkit build` on the bundled corpus
    python3 dev.py test     # create .venv, install termkit[test], lint the glossary, run ruff and pytest

Why a script and not a Makefile: a fresh machine may have no make, but it has the Python that termkit
needs anyway. The virtual environment is reinstalled only when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".termkit-installed"


def _bin(name: str) -> Path:
    sub = "Scripts" if os.name == "nt" else "bin"
    suffix = ".exe" if os.name == "nt" else ""
    return VENV / sub / f"{name}{suffix}"


def _run(cmd: list[str | Path]) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.call([str(c) for c in cmd], cwd=ROOT)


def ensure_env() -> None:
    """Create .venv and install termkit with its test extras, unless already done for this pyproject."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted and _bin("termkit").exists():
        return
    if not _bin("python").exists():
        print(f"+ creating virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    rc = _run([_bin("python"), "-m", "pip", "install", "--quiet", "-e", ".[test]"])
    if rc != 0:
        sys.exit(f"dev.py: installing termkit into {VENV} failed (pip exit {rc})")
    STAMP.write_text(wanted + "\n")


def main(argv: list[str]) -> int:
    if argv and argv[0] in {"-h", "--help", "help"}:
        print(__doc__.strip())
        return 0
    if len(argv) < 1 or argv[0] not in {"build", "test"}:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    ensure_env()
    if argv[0] == "build":
        return _run([_bin("termkit"), "build", *argv[1:]])
    steps: list[list[str | Path]] = [
        [_bin("termkit"), "glossary", "lint", "glossary/"],
        [_bin("ruff"), "check", "termkit", "tests", "benchmarks", "dev.py"],
        [_bin("python"), "-m", "pytest", "-q", *argv[1:]],
    ]
    for step in steps:
        rc = _run(step)
        if rc == 5:
            print("dev.py: pytest collected no tests; that is a failure here", file=sys.stderr)
            return 1
        if rc != 0:
            return rc
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
