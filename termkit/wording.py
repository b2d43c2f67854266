"""How counts are written in every message and report, so that they agree with their nouns."""

from __future__ import annotations


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """``1 error``, ``2 errors``, ``1,204 pairs``; ``nouns`` for an irregular plural (entry → entries)."""
    return f"{n:,} {noun if n == 1 else (nouns or noun + 's')}"
