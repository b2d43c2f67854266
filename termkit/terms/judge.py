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

Equivalences the match accepts besides lemmas, each unambiguous and nothing looser (no near-misses, no
synonyms: "Grannie" does not meet "grandmother", "bedroom" does not meet "room"):
- British and American spelling of one word (neighbour ~ neighbor, centre ~ center, organise ~ organize,
  catalogue ~ catalog), by the spelling rules below and only when lemminflect's lexicon knows both
  spellings with the same parts of speech (so "tour" never becomes "tor");
- the irregular plurals of the Authorised Version that the lexicon lacks (brethren ~ brother, kine ~ cow);
- the abbreviated titles "Dr" ~ doctor and "Prof" ~ professor.
Articles, "to" before a verb and classifier or parenthesised notes of a gloss ("CL:...", "(literary)") never
count: stopwords are left out of both sides and glosses are cleaned (termkit.cedict.clean_gloss).

The share of English content words the glosses support (``support``) is also evidence for the ranking of
suggestions: a second witness beside the memory.
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


#: British word endings and their American spelling. They are applied to lemmas, so base forms suffice
#: (organised → its lemma organise → organize); -isation nouns are lemmas of their own.
_SPELLING = (("our", "or"), ("re", "er"), ("ise", "ize"), ("isation", "ization"), ("yse", "yze"),
             ("ogue", "og"), ("ence", "ense"))
#: Words the lexicon does not reduce that are forms of another: archaic plurals and abbreviated titles.
_FORM_OF = {"brethren": "brother", "kine": "cow", "oxen": "ox", "dr": "doctor", "prof": "professor"}


@lru_cache(maxsize=200_000)
def _pos(word: str) -> frozenset[str]:
    from lemminflect import getAllLemmas

    return frozenset(getAllLemmas(word))


def american(word: str) -> str:
    """The American spelling of a lower-case British ``word`` (the word itself when there is none).

    One ending of ``_SPELLING`` is swapped, and the result kept only when the lexicon knows both spellings
    as the same parts of speech. Guards: -our needs a vowel before it (two syllables: colour, armour; not
    four, hour, flour), and -re never follows c (acre, massacre are American too)."""
    for british, us in _SPELLING:
        stem = word[:-len(british)]
        if not word.endswith(british) or not stem:
            continue
        if (british == "our" and not re.search("[aeiouy]", stem)) or (british == "re" and stem.endswith("c")):
            continue
        candidate = stem + us
        if _pos(word) and _pos(candidate) == _pos(word):
            return candidate
    return word


@lru_cache(maxsize=200_000)
def lemmas(word: str) -> frozenset[str]:
    """The word lower-cased, every lemma lemminflect knows for it (any part of speech), their American
    spellings, and their Snowball stems, so that derivations meet too (fluctuation ~ fluctuate)."""
    from lemminflect import getAllLemmas

    low = word.lower()
    out = {low}
    if low in _FORM_OF:
        out.add(_FORM_OF[low])
    for forms in getAllLemmas(low).values():
        out.update(f.lower() for f in forms)
    out |= {american(f) for f in out}
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


@lru_cache(maxsize=200_000)
def _assess(zh: str, en: str) -> tuple[str, float]:
    """The verdict and the share of English content words the dictionary supports (1 for a pinyin name)."""
    letters = re.sub(r"[^a-z]", "", en.lower())
    if letters and letters == _pinyin_letters(to_simplified(zh)):
        return "pinyin", 1.0  # first: 宝玉 is also "precious jade", but "Bao-yu" is the name transliterated
    words = content_words(en)
    glosses = gloss_lemmas(zh)
    if not (words and glosses):
        return "unknown", 0.0
    hits = sum(_meets(w, glosses) for w in words)
    if hits == len(words):
        return "agrees", 1.0
    return ("partial" if hits else "differs"), hits / len(words)


def judge(zh: str, en: str) -> str:
    """One of ``VERDICTS`` for the pair (see the module docstring for the definition)."""
    return _assess(zh, en)[0]


def support(zh: str, en: str) -> float:
    """How far CC-CEDICT vouches for the pair, from 0 to 1: the share of the English content words among
    the glosses of the Chinese, or 1 for a name that is the Chinese in Hanyu Pinyin."""
    return _assess(zh, en)[1]
