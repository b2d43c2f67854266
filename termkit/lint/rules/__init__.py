"""The checks; importing this package registers every rule (see termkit.lint.registry)."""

from termkit.lint.registry import RULES
from termkit.lint.rules import completeness, custom, markup, numbers, punctuation, scripts, segments, terms, words  # noqa: F401

#: The order rules run and are listed in: the glossary rules, then the QA checks of issue 14, then custom.
ORDER = ("term-missing", "term-deprecated", "term-inconsistent", "segment-inconsistent", "target-inconsistent",
         "number-mismatch", "script-mix", "untranslated", "same-as-source", "tags", "urls-emails", "brackets-quotes",
         "whitespace", "repeated-word", "end-punctuation", "width", "length", "custom")
for _id in ORDER:
    RULES[_id] = RULES.pop(_id)
