"""``termkit lint FILE...``: check aligned TSV, bilingual tables and TMX against the glossary and themselves."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from termkit.cli.app import app, say, warn
from termkit.encoding import check_encoding
from termkit.errors import TermkitError
from termkit.fileio import check_writable


def emit(text: str, output: Path | None, findings: int) -> None:
    """Write a report to ``output`` atomically (saying so on stderr, or a run looks silent), or to stdout."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from termkit.fileio import atomic_write

    with atomic_write(output) as fh:
        fh.write(text)
    say(f"wrote {findings} finding{'' if findings == 1 else 's'} to {output}")


def check_choice(value: str, allowed: tuple[str, ...], option: str) -> str:
    """Usage errors exit 2 with one line, like bad input."""
    if value not in allowed:
        raise TermkitError(f"{option} must be one of {', '.join(allowed)}, not {value!r}")
    return value


@app.command()
def lint(
    paths: list[Path] = typer.Argument(None, help="Aligned TSV, bilingual TSV/CSV, TMX files or directories."),
    glossary: Path = typer.Option(None, "--glossary", "-g",
                                  help="Glossary folder or file [default: ./glossary, if present]; refused when "
                                  "`termkit glossary lint` finds errors in it."),
    fmt: str = typer.Option("text", "--format", "-f", help="text | json | sarif | github"),
    fail_on: str = typer.Option(None, "--fail-on", help="error | warning | never [default: error, or the config's]"),
    config: Path = typer.Option(None, "--config", "-c",
                                help="Settings file [default: termkit.toml or pyproject.toml here]."),
    output: Path = typer.Option(None, "--output", "-o", help="Write the report to this file instead of stdout."),
    encoding: str = typer.Option(None, "--encoding", "-e", help="Read text tables in this encoding (utf-8, "
                                 "gb18030, big5hkscs, utf-16...) instead of detecting it."),
    list_rules: bool = typer.Option(False, "--list-rules", help="List the rules and their severities, then exit."),
) -> None:
    """Report untranslated, deprecated and inconsistent terms, inconsistent segments, number mismatches and mixed
    scripts. Exit 0 when clean, 1 when a finding reaches --fail-on, 2 on a usage or input error."""
    from termkit.lint import RULES, load_config, run_lint
    from termkit.lint.inputs import read_targets
    from termkit.lint.report import FORMATS, exit_code, render
    from termkit.tables import CONCEPTS, empty
    from termkit.terms.check import glossary_or_default

    settings = load_config(config)
    if list_rules:
        for r in RULES.values():
            print(f"{r.id:22} {settings.level(r.id):8} {r.summary}")
        raise typer.Exit(0)
    check_choice(fmt, FORMATS, "--format")
    if output is not None:
        check_writable(output)  # before the work, not after it
    threshold = check_choice(fail_on or settings.fail_on, ("error", "warning", "never"), "--fail-on")
    if not paths:
        raise TermkitError("give the files or directories to check, e.g. `termkit lint aligned/`")
    concepts = glossary_or_default(glossary, Path("glossary"))
    if concepts is None:
        warn("no glossary (./glossary not found, no --glossary): the term rules have nothing to check")
        concepts = empty(CONCEPTS)
    units, files = read_targets(list(paths), settings.exclude, encoding and check_encoding(encoding))
    if not files:
        warn("no aligned tables or TMX files found in " + ", ".join(str(p) for p in paths))
    read = set(units["file"].unique().to_list())
    for f in files:
        if str(f) not in read:  # a header alone, or TMX units with one side: nothing was checked there
            warn(f"{f}: no translation units to check")
    findings = run_lint(units, concepts, settings)
    emit(render(findings, fmt, len(files)), output, findings.height)
    raise typer.Exit(exit_code(findings, threshold))
