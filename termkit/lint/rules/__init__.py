"""The checks; importing this package registers every rule (see termkit.lint.registry)."""

from termkit.lint.registry import RULES
from termkit.lint.rules import numbers, scripts, segments, terms  # noqa: F401

#: The order rules run and are listed in: the issue's numbering.
ORDER = ("term-missing", "term-deprecated", "term-inconsistent", "segment-inconsistent", "number-mismatch",
         "script-mix")
for _id in ORDER:
    RULES[_id] = RULES.pop(_id)
