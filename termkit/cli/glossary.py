"""``termkit glossary lint``: the glossary checks itself (other glossary commands live in their own modules)."""

from __future__ import annotations

from pathlib import Path

import typer

from termkit.cli.app import glossary_app
from termkit.cli.lint import check_choice, emit
from termkit.fileio import check_writable


@glossary_app.command("lint")
def glossary_lint(
    path: Path = typer.Argument(Path("glossary"), help="Glossary folder or file."),
    fmt: str = typer.Option("text", "--format", "-f", help="text | json | sarif | github"),
    fail_on: str = typer.Option("error", "--fail-on", help="error | warning | never"),
    output: Path = typer.Option(None, "--output", "-o", help="Write the report to this file instead of stdout."),
) -> None:
    """Check the glossary: malformed rows, duplicate concepts and terms, status conflicts, missing languages,
    terms in the wrong language or script, Traditional forms that disagree with OpenCC. Exit 0 clean,
    1 findings at --fail-on, 2 bad input. `termkit lint` refuses a glossary with errors here."""
    from termkit.lint.report import FORMATS, exit_code, render
    from termkit.terms.check import GLOSSARY_RULES, check_glossary

    check_choice(fmt, FORMATS, "--format")
    if output is not None:
        check_writable(output)  # before the work, not after it
    check_choice(fail_on, ("error", "warning", "never"), "--fail-on")
    findings = check_glossary(path)
    files = [p for p in path.iterdir() if p.suffix.lower() in (".tsv", ".csv")] if path.is_dir() else [path]
    emit(render(findings, fmt, len(files), rules=GLOSSARY_RULES, what="glossary file"), output, findings.height)
    raise typer.Exit(exit_code(findings, fail_on))
