"""Sentence segmentation driven by per-language rule tables (``termkit/rules/<lang>.toml``).

Why data and not code: the decisions a translator argues about (does ``；`` end a sentence? is ``No.``
an abbreviation?) live in a table a user can read and extend, and a new language is a new file. The
engine only finds candidate stops (terminators, then any closing quotes and brackets, which stay with
their sentence) and asks the table whether each one is a real boundary. Segments keep offsets into the
cleaned paragraph so that every later stage can point back at the text.

A user may put their own ``<lang>.toml`` in the folder named by ``TERMKIT_RULES``; it wins over the
bundled one.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import polars as pl

from termkit.errors import TermkitError
from termkit.lang import base_language
from termkit.tables import SEGMENTS, empty

_KEYS = {
    "terminators", "soft_terminators", "ellipses", "closers", "space_required", "sentence_start", "nonbreaking",
    "numeric_only", "initials", "attribution_verbs", "enumeration_markers", "list_openers", "list_separators",
}
_WORD = re.compile(r"[^\W_]")  # a letter, digit or Han character
_SPACES = re.compile(r"\s*")


@dataclass(frozen=True)
class Rules:
    """One language's sentence rules, as read from its table (see ``termkit/rules/zh.toml`` for the keys)."""

    lang: str
    stop: re.Pattern[str]  # a run of terminators followed by any closers
    terminators: frozenset[str]  # hard stops; a run without one is a soft stop (；) or an ellipsis
    ellipsis: re.Pattern[str] | None  # a run made only of ellipses
    closers: frozenset[str]
    space_required: bool
    sentence_start: re.Pattern[str] | None
    nonbreaking: frozenset[str]
    numeric_only: frozenset[str]
    initials: bool
    attribution_verbs: frozenset[str]
    enumeration: re.Pattern[str] | None
    list_openers: frozenset[str]
    list_separators: frozenset[str]


def _alternation(tokens: list[str]) -> str:
    return "|".join(re.escape(t) for t in sorted(tokens, key=len, reverse=True))


def _rules_file(lang: str) -> tuple[str, str]:
    user_dir = os.environ.get("TERMKIT_RULES")
    if user_dir and (Path(user_dir) / f"{lang}.toml").is_file():
        path = Path(user_dir) / f"{lang}.toml"
        return str(path), path.read_text(encoding="utf-8")
    bundled = resources.files("termkit.rules").joinpath(f"{lang}.toml")
    if not bundled.is_file():
        raise TermkitError(f"no sentence rules for language {lang!r} (add termkit/rules/{lang}.toml "
                           "or a folder named by TERMKIT_RULES)")
    return f"termkit/rules/{lang}.toml", bundled.read_text(encoding="utf-8")


@cache
def load_rules(lang: str) -> Rules:
    """The rules of ``lang`` (a BCP-47 tag: ``zh-Hant`` uses ``zh``); ``TermkitError`` if it has none."""
    base = base_language(lang)
    name, source = _rules_file(base)
    try:
        table = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise TermkitError(f"bad rules table: {exc}", name) from None
    unknown = sorted(set(table) - _KEYS)
    if unknown or not table.get("terminators"):
        raise TermkitError(f"bad rules table: unknown keys {unknown}" if unknown else "bad rules table: no terminators",
                           name)
    stops = table["terminators"] + table.get("soft_terminators", []) + table.get("ellipses", [])
    closers = table.get("closers", [])
    closer_class = f"(?:{_alternation(closers)})*" if closers else ""
    try:
        stop = re.compile(f"(?:{_alternation(stops)})+{closer_class}")
        start = re.compile(table["sentence_start"]) if table.get("sentence_start") else None
        markers = table.get("enumeration_markers", [])
        enumeration = re.compile("|".join(f"(?:{m})" for m in markers)) if markers else None
        ellipsis = re.compile(f"(?:{_alternation(table['ellipses'])})+") if table.get("ellipses") else None
    except re.error as exc:
        raise TermkitError(f"bad rules table: bad pattern ({exc})", name) from None
    return Rules(
        lang=base, stop=stop, terminators=frozenset(table["terminators"]),
        ellipsis=ellipsis,
        closers=frozenset(closers), space_required=bool(table.get("space_required", False)), sentence_start=start,
        nonbreaking=frozenset(table.get("nonbreaking", [])), numeric_only=frozenset(table.get("numeric_only", [])),
        initials=bool(table.get("initials", False)),
        attribution_verbs=frozenset(table.get("attribution_verbs", [])), enumeration=enumeration,
        list_openers=frozenset(table.get("list_openers", [])),
        list_separators=frozenset(table.get("list_separators", [])),
    )


def _stop_kind(run: str, rules: Rules) -> str:
    """``hard``, ``soft`` or ``ellipsis``: what kind of stop a run such as ``！？”`` or ``……`` is."""
    body = run.rstrip("".join(rules.closers))
    if rules.ellipsis is not None and rules.ellipsis.fullmatch(body):
        return "ellipsis"
    return "hard" if any(t in body for t in rules.terminators) else "soft"


def _word_before(text: str, i: int) -> str:
    j = i
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    return text[j:i].lstrip("\"'“‘([")


def _is_abbreviation(text: str, start: int, after: str, rules: Rules) -> bool:
    word = _word_before(text, start)
    if not word:
        return False
    if word in rules.nonbreaking:
        return True
    if word in rules.numeric_only and after[:1].isdigit():
        return True
    return rules.initials and len(word) == 1 and word.isupper()


def _is_attribution(after: str, run: str, rules: Rules) -> bool:
    """``"…growth pole." Guo Lanfeng said.``: a short reporting clause after a closing quote."""
    if not rules.attribution_verbs or run[-1:] not in rules.closers or run[-1:] in ")]）":
        return False
    m = re.match(r"[^.!?]*", after)
    words = m.group(0).split() if m else []
    return 0 < len(words) <= 5 and any(w.strip(",") in rules.attribution_verbs for w in words)


def _clause_before(text: str, start: int, i: int, rules: Rules) -> str:
    """The clause ending at ``i``: back to the last comma, semicolon or colon of the sentence."""
    cut = max((text.rfind(c, start, i) for c in ("，", ",", "；", ";", *rules.list_openers)), default=-1)
    return text[max(cut + 1, start):i]


def _is_boundary(text: str, m: re.Match[str], sent_start: int, rules: Rules) -> bool:
    """Whether the stop ``m`` ends a sentence. Looks only at a short window after it (long texts stay linear)."""
    end = m.end()
    gap = _SPACES.match(text, end).end()
    if gap == len(text):
        return True
    after = text[gap:gap + 80]
    if rules.space_required and gap == end:
        return False
    if rules.sentence_start is not None and not rules.sentence_start.match(after):
        return False
    kind = _stop_kind(m.group(0), rules)
    if kind == "soft":
        if rules.enumeration is not None and rules.enumeration.match(after):
            return False
        return not any(o in text[sent_start:m.start()] for o in rules.list_openers)
    if kind == "ellipsis":
        closed = m.group(0)[-1:] in rules.closers
        clause = _clause_before(text, sent_start, m.start(), rules)
        return closed or not any(s in clause for s in rules.list_separators)
    if m.group(0).rstrip("".join(rules.closers)) == "." and _is_abbreviation(text, m.start(), after, rules):
        return False
    return not _is_attribution(after, m.group(0), rules)


def segment_text(text: str, lang: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` into ``text``, without surrounding whitespace, in order.

    A fragment holding no letter, digit or Han character (a stray ``.``) joins the sentence before it.
    """
    rules = load_rules(lang)
    cuts: list[int] = []
    sent_start = 0
    for m in rules.stop.finditer(text):
        if _is_boundary(text, m, sent_start, rules):
            cuts.append(m.end())
            sent_start = m.end()
    if not cuts or cuts[-1] < len(text):
        cuts.append(len(text))
    spans: list[tuple[int, int]] = []
    prev = 0
    for cut in cuts:
        piece = text[prev:cut]
        lead = len(piece) - len(piece.lstrip())
        start, end = prev + lead, prev + len(piece.rstrip())
        prev = cut
        if start >= end:
            continue
        if spans and not (_WORD.search(text[start:end]) and _WORD.search(text[spans[-1][0]:spans[-1][1]])):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def segment_paragraphs(paragraphs: pl.DataFrame, lang: str) -> pl.DataFrame:
    """SEGMENTS for a PARAGRAPHS table: sentences of body paragraphs, one segment per heading.

    ``seg_id`` counts from 0 across each document in reading order (``para_id``).
    """
    if paragraphs.is_empty():
        return empty(SEGMENTS)
    rows: dict[str, list] = {c: [] for c in SEGMENTS}
    next_id: dict[str, int] = {}
    for para in paragraphs.sort("doc_id", "para_id", maintain_order=True).iter_rows(named=True):
        text = para["text"]
        if para["kind"] == "heading":
            lead = len(text) - len(text.lstrip())
            spans = [(lead, len(text.rstrip()))] if text.strip() else []
        else:
            spans = segment_text(text, lang)
        for start, end in spans:
            seg_id = next_id.get(para["doc_id"], 0)
            next_id[para["doc_id"]] = seg_id + 1
            for col, val in (("doc_id", para["doc_id"]), ("seg_id", seg_id), ("para_id", para["para_id"]),
                             ("start", start), ("end", end), ("kind", para["kind"]), ("lang", lang),
                             ("text", text[start:end])):
                rows[col].append(val)
    return pl.DataFrame(rows, schema=SEGMENTS)
