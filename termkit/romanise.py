"""Hong Kong spellings of Chinese names: Cantonese readings (Jyutping) turned into the romanisation the Hong Kong
government and press use (陳國基 → Chan Kwok-ki, 梁 → Leung, 曾 → Tsang, 李 → Lee).

Why: Hong Kong names appear in English in this spelling, not in pinyin, so a translator's Hong Kong article and its
English coverage share a name only through it. The readings come from ToJyutping (a maintained Cantonese
pronunciation dictionary); the mapping from Jyutping to the Hong Kong spelling is not one-to-one (z is written
"ch" or "ts"; ei "ei", "i" or "ee"; the short a of an/am also "u": 振 Chun, 沈 Shum), so every common spelling is
produced.

Spellings are kept on disk per character (``spellings``): the two libraries' own tables take about 125 MB of
memory once loaded (pypinyin 57 MB, ToJyutping 69 MB, measured), more than the aligner's whole evidence for
a short book, while the characters a corpus uses fit in a few hundred kilobytes; the libraries are loaded only
for characters not seen before.
"""

from __future__ import annotations

import importlib.metadata
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from termkit.cedict import cache_dir, read_cached, write_cached

#: Bump when what ``_spell`` returns changes, so stale tables are not read.
TABLE_FORMAT = 1

_INITIALS = ("gw", "kw", "ng", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "z", "c", "s", "w", "j")
_INITIAL = {"b": ("p",), "p": ("p",), "d": ("t",), "t": ("t",), "g": ("k",), "k": ("k",), "gw": ("kw",),
            "kw": ("kw",), "z": ("ch", "ts"), "c": ("ch", "ts"), "s": ("s", "sh"), "j": ("y",), "": ("",)}
_FINAL = {
    "aa": ("a", "ah"), "an": ("an", "un"), "am": ("am", "um"),
    "ei": ("ei", "i", "ee"), "i": ("i", "ee"), "o": ("o", "or"), "ou": ("o", "ou"),
    "u": ("u", "oo"), "ui": ("ui", "ooi"), "un": ("un", "oon"), "eoi": ("ui", "eui"), "eon": ("un", "eun"),
    "eot": ("ut", "eut"), "oeng": ("eung",), "oek": ("euk",), "yu": ("u", "ue", "yu"), "yun": ("un", "uen", "yun"),
    "yut": ("ut", "uet", "yut"),
}
#: After z, c and s the final i is also written "z"/"ze" (子 Tsz, 思 Sze, 詩 Sze).
_SIBILANT_I = ("z", "ze")
_SYLLABLE = re.compile(r"^([a-z]+?)([1-6])$")


def _split(syllable: str) -> tuple[str, str]:
    for initial in _INITIALS:
        if syllable.startswith(initial) and len(syllable) > len(initial):
            return initial, syllable[len(initial):]
    return "", syllable  # syllabic m / ng (吳 Ng) and vowel-initial syllables


def jyutping_to_hk(syllable: str) -> tuple[str, ...]:
    """Hong Kong spellings of one Jyutping syllable (``can4`` → ``chan``, ``tsan``), lower case, letters only."""
    m = _SYLLABLE.match(syllable)
    if not m:
        return ()
    initial, final = _split(m.group(1))
    finals = _FINAL.get(final, (final,))
    if final == "i" and initial in ("z", "c", "s"):
        finals = finals + _SIBILANT_I
    return tuple(sorted({a + b for a in _INITIAL.get(initial, (initial,)) for b in finals}))


@cache
def hk_spellings(ch: str) -> tuple[str, ...]:
    """Hong Kong spellings of one Han character in its commonest Cantonese reading (empty if it has none)."""
    import ToJyutping

    got = ToJyutping.get_jyutping_list(ch)
    reading = got[0][1] if got else None
    return jyutping_to_hk(reading.split()[0]) if reading else ()


def _spell(ch: str) -> tuple[str, ...]:
    """Pinyin, Wade–Giles and Hong Kong spellings of one Han character, letters only, from the libraries."""
    from pypinyin import Style, lazy_pinyin

    forms = {lazy_pinyin(ch)[0], lazy_pinyin(ch, style=Style.WADEGILES)[0], *hk_spellings(ch)}
    return tuple(sorted({re.sub(r"[^a-z]", "", f.lower()) for f in forms} - {""}))


def table_path() -> Path:
    """Where spellings are kept between runs: named by the versions of the libraries that made them."""
    versions = "-".join(importlib.metadata.version(p) for p in ("pypinyin", "ToJyutping"))
    return cache_dir() / f"spellings-{versions}-{TABLE_FORMAT}.pickle"


_table: dict[str, tuple[str, ...]] | None = None


def spellings(chars: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Pinyin, Wade–Giles and Hong Kong spellings (letters only) of each Han character in ``chars``.

    From the table on disk where it has them; characters it lacks are spelt by the libraries and added to it
    (a table that cannot be read or written is simply skipped: the libraries spell everything then).
    """
    global _table
    if _table is None:
        loaded = read_cached(table_path(), dict)
        _table = loaded if isinstance(loaded, dict) else {}
    wanted = set(chars)
    missing = sorted(wanted - _table.keys())
    if missing:
        _table.update((ch, _spell(ch)) for ch in missing)
        write_cached(table_path(), _table)
    return {ch: _table[ch] for ch in wanted}
