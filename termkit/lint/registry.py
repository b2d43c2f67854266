"""The rule registry: one small named function per check, as Translate Toolkit's checks.py has them.

Why a registry: the CLI lists rules, the config names them, the SARIF reporter describes them, and a new
rule is one decorated function in ``termkit/lint/rules/`` with nothing else to edit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from termkit.lint.context import LintContext

SEVERITIES = ("error", "warning", "note")

#: What a rule function returns: one row per finding, pointing at a unit by ``_row``.
HITS_SCHEMA: dict[str, pl.DataType] = {
    "_row": pl.Int64,  # index into LintContext.units
    "concept_id": pl.String,  # glossary concept concerned, or null
    "term": pl.String,
    "message": pl.String,
    "fix": pl.String,
}
#: A rule may add a ``severity`` column: that finding's own level (a custom check's), over the rule's.

RuleFunc = Callable[["LintContext"], pl.DataFrame]


@dataclass(frozen=True)
class Rule:
    """A check: its id, default severity, one-line summary, help (what it looks for, with an example, and how
    to silence it) and whether it presumes a translation."""

    id: str
    severity: str
    summary: str
    help: str  # Markdown: backticks around examples; shown by --list-rules and carried in SARIF
    translation_only: bool  # meaningful only when the target translates the source (not comparable text)
    func: RuleFunc


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: str, summary: str, help: str,
         translation_only: bool = False) -> Callable[[RuleFunc], RuleFunc]:
    """Register the decorated function as rule ``rule_id``."""
    assert severity in SEVERITIES, severity
    assert "Example" in help, f"{rule_id}: the help text shows an example"

    def register(func: RuleFunc) -> RuleFunc:
        RULES[rule_id] = Rule(rule_id, severity, summary, " ".join(help.split()), translation_only, func)
        return func

    return register


def no_hits() -> pl.DataFrame:
    """A typed empty result for a rule with nothing to say."""
    return pl.DataFrame(schema=HITS_SCHEMA)
