r"""Lint settings: severities, disabled rules, ignored terms and paths, from termkit.toml or pyproject.toml.

Why a file: a team agrees once which findings break CI, and that agreement is versioned with the texts.
``termkit.toml`` takes a ``[lint]`` table, ``pyproject.toml`` a ``[tool.termkit.lint]`` table::

    [lint]
    fail-on = "error"              # error | warning | never
    disable = ["script-mix"]
    exclude = ["aligned/old/*"]    # glob patterns of files not to check
    ignore-terms = ["first-line"]  # concept ids or terms never reported
    comparable = "note"            # severity cap for translation-only rules on comparable beads ("off" drops)
    [lint.severity]
    term-inconsistent = "error"    # error | warning | note | off
    [[lint.custom]]                # a user check, as Verifika's: reported as rule "custom"
    name = "model-number"
    source = '型号\s*([A-Z0-9-]+)'          # optional; Python regular expressions
    target = 'model \1'             # \1 or \g<name>: the source's group, matched literally
    message = "the model number is not carried over"
    severity = "error"             # default: the level of rule "custom" (warning)

With a ``source`` pattern a check fires when the source matches and the target does not match ``target``
(back-references filled in from the source's match); without one it fires when the target matches.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from termkit.encoding import decode_bytes
from termkit.errors import TermkitError
from termkit.lint.registry import RULES, SEVERITIES

LEVELS = (*SEVERITIES, "off")
FAIL_ON = ("error", "warning", "never")
_KEYS = {"fail-on", "disable", "exclude", "ignore-terms", "comparable", "severity", "custom"}
_CUSTOM_KEYS = {"name", "source", "target", "message", "severity"}
#: A back-reference in a custom check's target pattern: \1 or \g<name> (or \g<1>).
BACKREF = re.compile(r"\\(\d+)|\\g<(\w+)>")


@dataclass(frozen=True)
class CustomCheck:
    """A user check from ``[[lint.custom]]``: patterns compiled, back-references checked against the source's groups."""

    name: str
    source: re.Pattern[str] | None
    target: str  # pattern text: back-references are filled in per unit
    message: str
    severity: str | None  # None: the level of rule "custom" ([lint.severity], default warning)


@dataclass(frozen=True)
class LintConfig:
    """Effective lint settings; the defaults are what a fresh project gets."""

    severity: dict[str, str] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    ignore_terms: frozenset[str] = frozenset()
    comparable: str = "note"
    fail_on: str = "error"
    custom: tuple[CustomCheck, ...] = ()
    source: str = ""  # the file the settings came from, for messages

    def level(self, rule_id: str) -> str:
        """The severity rule ``rule_id`` reports at, or ``off``."""
        return self.severity.get(rule_id, RULES[rule_id].severity)


def _table(path: Path) -> dict | None:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TermkitError(f"cannot read: {exc.strerror or exc}", path) from None
    text, _ = decode_bytes(raw, path) if raw.strip() else ("", "")  # binary: one line naming it; empty: no settings
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TermkitError(f"bad TOML: {exc}", path) from None
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("termkit", {}).get("lint")
    return data.get("lint", data.get("tool", {}).get("termkit", {}).get("lint"))


def _check_level(value: object, allowed: tuple[str, ...], what: str, path: Path) -> str:
    if value not in allowed:
        raise TermkitError(f"{what} must be one of {', '.join(allowed)}, not {value!r}", path)
    return str(value)


def _check_rules(names: object, what: str, path: Path) -> list[str]:
    if not isinstance(names, list | dict):
        raise TermkitError(f"{what} must be a list of rule ids", path)
    unknown = [n for n in names if n not in RULES]
    if unknown:
        raise TermkitError(f"{what}: unknown rule(s) {unknown}; rules are {', '.join(RULES)}", path)
    return list(names)


def _compile(pattern: object, what: str, path: Path) -> re.Pattern[str]:
    if not isinstance(pattern, str) or pattern == "":
        raise TermkitError(f"{what} must be a non-empty regular expression", path)
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise TermkitError(f"{what}: bad regular expression {pattern!r}: {exc}", path) from None


def _custom_check(n: int, entry: object, path: Path) -> CustomCheck:
    if not isinstance(entry, dict):
        raise TermkitError("custom must be an array of tables ([[lint.custom]])", path)
    name = str(entry.get("name") or f"custom-{n}")
    unknown = set(entry) - _CUSTOM_KEYS
    if unknown:
        raise TermkitError(f"custom check {name}: unknown key(s) {sorted(unknown)}; keys are "
                           f"{', '.join(sorted(_CUSTOM_KEYS))}", path)
    source = _compile(entry["source"], f"custom check {name}: source", path) if "source" in entry else None
    target = entry.get("target")
    _compile(BACKREF.sub("", target) if isinstance(target, str) else target, f"custom check {name}: target", path)
    for number, group in BACKREF.findall(target):
        index = int(number or group) if (number or group).isdigit() else None
        known = source is not None and (index <= source.groups if index is not None else group in source.groupindex)
        if not known:
            raise TermkitError(f"custom check {name}: target refers to group {number or group}, which the source "
                               "pattern does not have", path)
    message = entry.get("message", f"custom check {name}")
    if not isinstance(message, str):
        raise TermkitError(f"custom check {name}: message must be a string", path)
    severity = (_check_level(entry["severity"], SEVERITIES, f"severity of custom check {name}", path)
                if "severity" in entry else None)
    return CustomCheck(name, source, target, message, severity)


def parse_config(table: dict, path: Path) -> LintConfig:
    """Validate a lint table; unknown keys and values are errors, so typos never pass silently."""
    unknown = set(table) - _KEYS
    if unknown:
        raise TermkitError(f"unknown lint setting(s) {sorted(unknown)}; settings are {', '.join(sorted(_KEYS))}", path)
    severity = {}
    sev_table = table.get("severity", {})
    for rid in _check_rules(sev_table, "severity", path):
        severity[rid] = _check_level(sev_table[rid], LEVELS, f"severity of {rid}", path)
    for rid in _check_rules(table.get("disable", []), "disable", path):
        severity[rid] = "off"
    for key in ("exclude", "ignore-terms", "custom"):
        if not isinstance(table.get(key, []), list):
            raise TermkitError(f"{key} must be a list" + (" of strings" if key != "custom" else " of tables"), path)
    return LintConfig(
        severity=severity,
        exclude=tuple(str(x) for x in table.get("exclude", [])),
        ignore_terms=frozenset(str(x) for x in table.get("ignore-terms", [])),
        comparable=_check_level(table.get("comparable", "note"), LEVELS, "comparable", path),
        fail_on=_check_level(table.get("fail-on", "error"), FAIL_ON, "fail-on", path),
        source=str(path),
        custom=tuple(_custom_check(n, entry, path) for n, entry in enumerate(table.get("custom", []), start=1)),
    )


def load_config(path: Path | None = None, start: Path | None = None) -> LintConfig:
    """Settings from ``path``, else from termkit.toml or pyproject.toml in ``start`` (the current directory)."""
    if path is not None:
        if not path.is_file():
            raise TermkitError("no such config file", path)
        table = _table(path)
        if table is None:
            raise TermkitError("no [lint] or [tool.termkit.lint] table", path)
        return parse_config(table, path)
    base = start or Path.cwd()
    for name in ("termkit.toml", "pyproject.toml"):
        candidate = base / name
        if candidate.is_file():
            table = _table(candidate)
            if table is not None:
                return parse_config(table, candidate)
    return LintConfig()
