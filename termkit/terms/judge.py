"""An automatic second opinion on a candidate pair: does CC-CEDICT define the Chinese with the English?

Why a judge at all: the benchmark needs a precision that no person has to compute, and a terminologist
sorting hundreds of candidates is helped by a column saying which ones the dictionary already supports.

The match, defined carefully: the English candidate's content words (stopwords out, lower-cased, reduced
to their lemmas by lemminflect and stems by Snowball, so "sons" meets "son", "created" "create") must each
meet a word of the cleaned CC-CEDICT glosses of the Chinese. When the Chinese is not a headword, it is read as the
dictionary words it is made of (埃及王 = 埃及 + 王 = "Egypt" + "king"), provided every part is a headword.
Verdicts: ``agrees`` (every English content word is in the glosses), ``partial`` (some are), ``differs``
(none is), ``unknown`` (the dictionary has no usable gloss: most personal names), and ``pinyin`` for an
unknown whose English is the Chinese in Hanyu Pinyin (陈清扬 ↔ Chen Qingyang), a name rendered by the rule.
"""

from __future__ import annotations

import re
from functools import lru_cache

from termkit import cedict
from termkit.script import to_simplified
from termkit.terms.candidates import EN_STOPWORDS

VERDICTS = ("agrees", "partial", "differs", "pinyin", "unknown")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def lemmas(word: str) -> frozenset[str]:
    """The word lower-cased, every lemma lemminflect knows for it (any part of speech), and their Snowball
    stems, so that derivations meet too (fluctuation ~ fluctuate)."""
    from lemminflect import getAllLemmas

    low = word.lower()
    out = {low}
    for forms in getAllLemmas(low).values():
        out.update(f.lower() for f in forms)
    return frozenset(out | set(_stemmer().stemWords(sorted(out))))


def content_words(text: str) -> list[str]:
    """Words of ``text`` that carry meaning (hyphenated compounds split: Co-operation → co, operation)."""
    words = [p for w in _WORD.findall(text) for p in re.split(r"[-']", w) if p]
    return [w for w in words if w.lower() not in EN_STOPWORDS and len(w) > 1]


@lru_cache(maxsize=100_000)
def gloss_lemmas(zh: str) -> frozenset[str]:
    """Lemmas of every word of the cleaned glosses of ``zh``, whole or read part by part (empty: no gloss)."""
    dic = cedict.load()
    key = to_simplified(zh)
    parts = [key] if key in dic else dic.tokenize(key, max_len=8)
    # A reading part by part needs real words: 罗小四 read as 罗 + 小 + 四 is a name, not "net small four".
    if any(p not in dic for p in parts) or sum(len(p) == 1 for p in parts) > 1:
        return frozenset()
    out: set[str] = set()
    for part in parts:
        for gloss in dic.lookup(part):
            if gloss.lower().startswith("compare "):  # a cross-reference, not a definition
                continue
            for w in _WORD.findall(cedict.clean_gloss(gloss)):
                for p in re.split(r"[-']", w):
                    if p:
                        out |= lemmas(p)
    return frozenset(out)


def _meets(word: str, glosses: frozenset[str]) -> bool:
    """A lemma of ``word`` is a gloss word, or the head or the start of one (glasses ~ eyeglasses, lab ~
    laboratory), or derived from one (Egyptians ~ Egypt): compounds, clippings and derivations."""
    forms = lemmas(word)
    if forms & glosses:
        return True
    return any((len(f) >= 3 and any(len(g) > len(f) and (g.endswith(f) or g.startswith(f)) for g in glosses))
               or any(len(g) >= 5 and len(f) > len(g) and f.startswith(g) for g in glosses)
               for f in forms)


def _pinyin_letters(zh: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(zh)).lower()


def judge(zh: str, en: str) -> str:
    """One of ``VERDICTS`` for the pair (see the module docstring for the definition)."""
    letters = re.sub(r"[^a-z]", "", en.lower())
    if letters and letters == _pinyin_letters(to_simplified(zh)):
        return "pinyin"  # first: 宝玉 is also "precious jade", but "Bao-yu" is the name transliterated
    words = content_words(en)
    glosses = gloss_lemmas(zh)
    if words and glosses:
        hits = sum(_meets(w, glosses) for w in words)
        if hits == len(words):
            return "agrees"
        return "partial" if hits else "differs"
    return "unknown"
