"""Findings rendered for people (text), programs (JSON), code scanning (SARIF 2.1.0) and GitHub Actions.

SARIF follows the OASIS SARIF 2.1.0 standard as GitHub code scanning reads it: one run, the tool's
rules with ids, descriptions and default levels, and per result a ruleId, level, message and a physical
location (file URI relative to the repository root, or to ``%SRCROOT%`` outside a repository, with startLine
when the unit has a line: a TSV row, a TMX ``<tu>``).
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path
from urllib.parse import quote

import polars as pl

from termkit import __version__
from termkit.lint.registry import RULES
from termkit.wording import plural

FORMATS = ("text", "json", "sarif", "github")
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "note": "notice"}


def summary(findings: pl.DataFrame) -> dict[str, int]:
    """Counts by severity."""
    counts = dict(findings.group_by("severity").len().iter_rows()) if findings.height else {}
    return {s: int(counts.get(s, 0)) for s in ("error", "warning", "note")}


def _where(row: dict) -> str:
    where = row["file"] or "<input>"
    if row["line"] is not None:
        where += f":{row['line']}"
    if row["tuid"]:
        where += f" [{row['tuid']}]"
    return where


def render_text(findings: pl.DataFrame, n_files: int, what: str = "file") -> str:
    """One block per finding (location, severity, rule, message, both sides, fix) and a summary line."""
    lines = []
    for row in findings.iter_rows(named=True):
        lines.append(f"{_where(row)}: {row['severity']}: {row['message']} [{row['rule']}]")
        for label, key in (("source", "source"), ("target", "target"), ("fix", "fix")):
            if row[key]:
                lines.append(f"    {label}: {row[key]}")
    counts = summary(findings)
    lines.append(f"{plural(findings.height, 'finding')} ({plural(counts['error'], 'error')}, "
                 f"{plural(counts['warning'], 'warning')}, {plural(counts['note'], 'note')}) "
                 f"in {plural(n_files, what)}")
    return "\n".join(lines) + "\n"


def render_json(findings: pl.DataFrame, n_files: int) -> str:
    """{"summary": {...}, "findings": [FINDINGS rows]} for jq and scripts."""
    doc = {"version": __version__, "files": n_files, "summary": summary(findings), "findings": findings.to_dicts()}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _repo_root(path: Path) -> Path | None:
    """The git working tree holding ``path`` (the nearest folder above it with ``.git``), or None."""
    return next((folder for folder in path.parents if (folder / ".git").exists()), None)


def _repo_relative(file: str) -> tuple[str, bool]:
    """``file`` relative to its git top level (True), else to the working directory (False), as a POSIX path;
    absolute when it is in neither."""
    p = Path(file).resolve()
    if (root := _repo_root(p)) is not None:
        return p.relative_to(root).as_posix(), True
    try:
        return p.relative_to(Path.cwd().resolve()).as_posix(), False
    except ValueError:
        return p.as_posix(), False


def _artifact(file: str) -> dict:
    """A SARIF artifactLocation as GitHub code scanning resolves it: relative to the repository root inside a
    git working tree, else relative to ``%SRCROOT%`` (the working directory, see ``originalUriBaseIds``)."""
    path, in_repo = _repo_relative(file)
    if in_repo:
        return {"uri": quote(path)}
    if Path(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(path), "uriBaseId": SRCROOT}


def _information_uri() -> str | None:
    """termkit's home page from its package metadata (``[project.urls]``), if it names one."""
    try:
        urls = metadata("termkit").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    return next((url.strip() for label, _, url in (u.partition(",") for u in urls) if url.strip()), None)


def _descriptor(rid: str, summary: str, level: str, help: str = "") -> dict:
    """A SARIF reportingDescriptor: the rule's id, name, descriptions, default level and help."""
    markdown = help or summary
    return {"id": rid, "name": rid.replace("-", " ").title().replace(" ", ""),
            "shortDescription": {"text": summary}, "fullDescription": {"text": summary},
            "help": {"text": markdown.replace("`", ""), "markdown": markdown},
            "defaultConfiguration": {"level": level}}


def render_sarif(findings: pl.DataFrame, rules: dict | None = None) -> str:
    """A SARIF 2.1.0 log with one run; ``rules`` (id → (summary, default level[, help in Markdown])) defaults to
    lint's rules. The help reaches code scanning as each rule's ``help`` (plain text and Markdown)."""
    rules = rules if rules is not None else {r.id: (r.summary, r.severity, r.help) for r in RULES.values()}
    ids = list(rules)
    results = []
    for row in findings.iter_rows(named=True):
        location: dict = {"physicalLocation": {"artifactLocation": _artifact(row["file"] or "input")}}
        if row["line"] is not None:
            location["physicalLocation"]["region"] = {"startLine": int(row["line"])}
        if row["tuid"]:
            location["logicalLocations"] = [{"name": row["tuid"], "kind": "object"}]
        text = row["message"] + (f" Fix: {row['fix']}" if row["fix"] else "")
        key = "\u241f".join(str(row[k] or "") for k in ("rule", "file", "tuid", "term", "message"))
        result = {"ruleId": row["rule"], "level": row["severity"], "message": {"text": text},
                  "locations": [location],
                  "partialFingerprints": {"termkitFinding/v1": hashlib.sha256(key.encode()).hexdigest()[:32]},
                  "properties": {k: row[k] for k in ("tuid", "term", "source", "target", "fix") if row[k]}}
        if row["rule"] in rules:
            result["ruleIndex"] = ids.index(row["rule"])
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "termkit",
                "version": __version__,
                "rules": [_descriptor(rid, *spec) for rid, spec in rules.items()],
            }},
            "results": results,
        }],
    }
    if uri := _information_uri():
        log["runs"][0]["tool"]["driver"]["informationUri"] = uri
    if any(r["locations"][0]["physicalLocation"]["artifactLocation"].get("uriBaseId") for r in results):
        log["runs"][0]["originalUriBaseIds"] = {SRCROOT: {"uri": Path.cwd().resolve().as_uri() + "/"}}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(findings: pl.DataFrame) -> str:
    """GitHub Actions workflow commands: ``::error file=F,line=N,title=RULE::message``."""
    out = []
    for row in findings.iter_rows(named=True):
        props = [f"file={_escape_property(_repo_relative(row['file'])[0] if row['file'] else 'input')}"]
        if row["line"] is not None:
            props.append(f"line={row['line']}")
        props.append(f"title={_escape_property(row['rule'])}")
        text = row["message"] + (f" (fix: {row['fix']})" if row["fix"] else "")
        if row["tuid"]:
            text += f" [{row['tuid']}]"
        out.append(f"::{_GITHUB_LEVEL[row['severity']]} {','.join(props)}::{_escape_data(text)}")
    return "\n".join(out) + ("\n" if out else "")


def render(findings: pl.DataFrame, fmt: str, n_files: int, rules: dict | None = None, what: str = "file") -> str:
    """Dispatch on ``fmt`` (one of FORMATS)."""
    if fmt == "json":
        return render_json(findings, n_files)
    if fmt == "sarif":
        return render_sarif(findings, rules)
    if fmt == "github":
        return render_github(findings)
    return render_text(findings, n_files, what)


def exit_code(findings: pl.DataFrame, fail_on: str) -> int:
    """0 when nothing reaches ``fail_on`` (error | warning | never), else 1."""
    if fail_on == "never":
        return 0
    levels = ("error",) if fail_on == "error" else ("error", "warning")
    return 1 if findings.filter(pl.col("severity").is_in(levels)).height else 0
