"""Language and script: detection, and conversion between Chinese scripts with OpenCC.

Why OpenCC round trips: a text is Simplified when converting it to Simplified changes (almost) nothing
and converting it to Traditional changes much; Hong Kong Traditional is told from Taiwan's by the
same test against OpenCC's ``s2hk`` and ``s2tw`` tables.
"""

from __future__ import annotations

from functools import cache

import opencc


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional (any variant) → Simplified."""
    return _converter("t2s").convert(text)


def to_traditional(text: str, variant: str = "hk") -> str:
    """Simplified → Traditional in the ``hk`` (Hong Kong), ``tw`` (Taiwan) or ``t`` (OpenCC standard) variant."""
    return _converter({"hk": "s2hk", "tw": "s2tw", "t": "s2t"}[variant]).convert(text)


def script_variants(text: str) -> set[str]:
    """The forms a Chinese string takes across scripts: itself, Simplified, and HK/TW/standard Traditional."""
    simp = to_simplified(text)
    return {text, simp, to_traditional(simp, "hk"), to_traditional(simp, "tw"), to_traditional(simp, "t")}


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0002ffff"


def han_ratio(text: str) -> float:
    """Share of Han characters among the letters of ``text`` (0 for a text without letters)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(_is_han(c) for c in letters) / len(letters)


def detect_language(text: str) -> str:
    """``zh`` when Han characters dominate the letters, else ``en`` (termkit's other bundled language)."""
    return "zh" if han_ratio(text) >= 0.3 else "en"


def traditional_only_chars(text: str) -> int:
    """How many Han characters of ``text`` change when converted to Simplified."""
    simp = to_simplified(text)
    return sum(a != b for a, b in zip(text, simp, strict=False) if _is_han(a))


def simplified_only_chars(text: str) -> int:
    """How many Han characters of ``text`` change when converted to (Hong Kong) Traditional."""
    trad = to_traditional(text, "t")
    return sum(a != b for a, b in zip(text, trad, strict=False) if _is_han(a))


def detect_script(text: str) -> str:
    """BCP-47 tag of the text's script: ``zh-Hans``, ``zh-Hant`` or ``en``.

    Chinese is Traditional when more characters are Traditional-only than Simplified-only.
    """
    if detect_language(text) != "zh":
        return "en"
    return "zh-Hant" if traditional_only_chars(text) > simplified_only_chars(text) else "zh-Hans"
