"""Language and script: detection, and conversion between Chinese scripts with OpenCC.

Why OpenCC round trips: a text is Simplified when converting it to Simplified changes (almost) nothing
and converting it to Traditional changes much; Hong Kong Traditional is told from Taiwan's by the
same test against OpenCC's ``s2hk`` and ``s2tw`` tables.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, partial

import opencc

from termkit.lang import is_han


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


def han_ratio(text: str) -> float:
    """Share of Han characters among the letters of ``text`` (0 for a text without letters)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(is_han(c) for c in letters) / len(letters)


#: The commonest function words of the Latin-script languages termkit users bring most (after the frequency
#: lists of each language): enough to tell them apart on a paragraph, not a general language identifier.
_FUNCTION_WORDS: dict[str, frozenset[str]] = {lang: frozenset(words.split()) for lang, words in {
    "en": "the and of to is that for it with was on as be by are this have from or which were not his",
    "de": "der die und das ist nicht ein eine zu den mit sich des auf für im dem von auch es wir",
    "fr": "le la les et des est une que du pour dans pas qui sur au avec il elle nous ce sont",
    "es": "el los las que del por con una para es se lo como más pero sus le ya fue este",
    "it": "il di che gli non per una sono della le con è del anche come nella ma questo alla",
    "pt": "o os que do da em um para com não uma no na por mais se como dos ao ele",
    "nl": "het een en van is dat op te zijn niet met voor die ook aan er maar om bij",
}.items()}
_NON_LATIN = ("zh", "ja", "ko")
_WORD = re.compile(r"[^\W\d_]+")


def _latin_language(text: str) -> str | None:
    """The language whose function words the text uses most, when it clearly leads; else ``None``."""
    words = [w.lower() for w in _WORD.findall(text[:20000])]
    if len(words) < 8:
        return None
    hits = sorted(((sum(w in fw for w in words), lang) for lang, fw in _FUNCTION_WORDS.items()), reverse=True)
    (best, lang), (second, _) = hits[0], hits[1]
    # A real paragraph has a function word every few words; a name list or a table row does not.
    return lang if best >= max(4, 0.08 * len(words)) and best >= 1.5 * second else None


def detect_language(text: str) -> str:
    """ISO 639-1 code: ``ja``/``ko`` by kana/hangul, ``zh`` when Han characters dominate the letters, a Latin-script
    language by its function words (en, de, fr, es, it, pt, nl), else ``en`` (termkit's other bundled language)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "en"
    if sum("\u3040" <= c <= "\u30ff" for c in letters) >= 0.1 * len(letters):
        return "ja"
    if sum("\uac00" <= c <= "\ud7af" or "\u1100" <= c <= "\u11ff" for c in letters) >= 0.3 * len(letters):
        return "ko"
    if sum(is_han(c) for c in letters) >= 0.3 * len(letters):
        return "zh"
    return _latin_language(text) or "en"


def clearly_not_in(text: str, lang: str) -> bool:
    """Whether the text is confidently in another language than ``lang``: only then is a user's flag refused.

    Han, kana and hangul are unmistakable; between Latin-script languages only a clear function-word lead counts.
    """
    detected = detect_language(text)
    if detected == lang:
        return False
    return detected in _NON_LATIN or lang in _NON_LATIN or _latin_language(text) is not None


def traditional_only_chars(text: str) -> int:
    """How many Han characters of ``text`` change when converted to Simplified."""
    simp = to_simplified(text)
    return sum(a != b for a, b in zip(text, simp, strict=False) if is_han(a))


def simplified_only_chars(text: str) -> int:
    """How many Han characters of ``text`` change when converted to (Hong Kong) Traditional."""
    trad = to_traditional(text, "t")
    return sum(a != b for a, b in zip(text, trad, strict=False) if is_han(a))


@cache
def _changes_alone(ch: str, to: str) -> bool:
    """Whether the character on its own is converted (周 alone stays 周; only 上周 → 上週 is phrase context)."""
    if to == "zh-Hans":
        return to_simplified(ch) != ch
    return all(to_traditional(ch, v) != ch for v in ("t", "hk", "tw"))


def conversions_to(script: str) -> list[Callable[[str], str]]:
    """The conversions into ``script``: to Simplified, or from Simplified to each Traditional variant
    (Hong Kong, standard, Taiwan)."""
    if script == "zh-Hans":
        return [to_simplified]
    return [partial(to_traditional, variant=v) for v in ("hk", "t", "tw")]


def conversions(text: str, script: str) -> list[str]:
    """``text`` in ``script`` by each of ``conversions_to(script)``; Traditional forms go by Simplified."""
    base = to_simplified(text) if script == "zh-Hant" else text
    return [convert(base) for convert in conversions_to(script)]


@cache
def _big5_common(ch: str) -> bool:
    """Whether the character is in Big5's frequently used set (A440–C67E, after Taiwan's standard common characters)."""
    try:
        code = int.from_bytes(ch.encode("big5"), "big")
    except UnicodeEncodeError:
        return False
    return 0xA440 <= code <= 0xC67E


def foreign_chars(text: str, script: str, converted: list[str] | None = None) -> str:
    """The Han characters of ``text`` that do not belong to ``script`` (``zh-Hans`` or ``zh-Hant``), space-separated.

    A character counts only when every conversion into ``script`` changes it, in context and alone: most Han
    characters are common to both scripts, and those Hong Kong shares with the mainland (着, 台) are Traditional
    too. Simplified → Traditional is one-to-many (几 is 幾 or the table 几, 岩 is 巖 or 岩), so the conversions
    to Traditional start from the text made Simplified (OpenCC's phrases then apply: 涂爾幹 keeps its 涂), and
    in a text that holds Traditional-only characters, a character Traditional writes every day (Big5's common
    set) is not taken as Simplified. ``converted``: ``conversions(text, script)``, when the caller has them
    already (lint converts whole columns).
    """
    if converted is None:
        converted = conversions(text, script)
    seen: dict[str, None] = {}
    convs = [c for c in converted if len(c) == len(text)]
    if convs:
        for j, ch in enumerate(text):
            if is_han(ch) and all(c[j] != ch for c in convs) and _changes_alone(ch, script):
                seen[ch] = None
    if seen and script == "zh-Hant" and to_simplified(text) != text:
        seen = {ch: None for ch in seen if not _big5_common(ch)}
    return " ".join(seen)


def detect_script(text: str) -> str:
    """BCP-47 tag of the text's script: ``zh-Hans``, ``zh-Hant``, or the language's code (``en``, ``de``...).

    Chinese is Traditional when more characters are Traditional-only than Simplified-only.
    """
    if (lang := detect_language(text)) != "zh":
        return lang
    traditional = traditional_only_chars(text)
    # none: Simplified whatever the other count, and the Traditional converter (27 MB) is not loaded for it
    return "zh-Hant" if traditional and traditional > simplified_only_chars(text) else "zh-Hans"
