"""Translation checks (issue 4): rules in a registry, run over aligned units, reported for people and CI.

``run_lint(alignments, concepts, config)`` → tables.FINDINGS; ``read_targets`` reads files and
directories; ``termkit.lint.report`` renders findings as text, JSON, SARIF 2.1.0 or GitHub annotations.
"""

from __future__ import annotations

from termkit.lint.config import LintConfig, load_config
from termkit.lint.engine import run_lint
from termkit.lint.registry import RULES

__all__ = ["RULES", "LintConfig", "load_config", "run_lint"]
