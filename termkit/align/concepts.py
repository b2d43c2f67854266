"""Sentences as bags of language-neutral "concepts", the evidence the aligner compares.

Why concepts: Chinese and English share no surface words, so each side is mapped into one space:
English-like words are cut to a 5-letter prefix stem (``admitted`` → ``admit``, ``nationale`` → ``natio``,
a cheap stemmer that also catches de–fr cognates), Chinese words are replaced by the stems of their
CC-CEDICT glosses (a translation distribution restricted to stems the other document actually uses),
numbers by their value (``#2025``), Chinese names by their pinyin / Wade–Giles / Hong Kong spellings (``py:qingyang``)
when the other side has a capitalised word spelt so, glossary terms by their entry (``g:3``), and the
punctuation a translation keeps by its kind (``p:?``, ``p:q`` for any quotation mark, full-width or not).
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from termkit.cedict import clean_gloss, load
from termkit.lang import HAN
from termkit.numbers import numbers_in
from termkit.romanise import spellings
from termkit.script import to_simplified

Bag = dict[str, float]

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_LATIN_IN_ZH = re.compile(r"[A-Za-z][A-Za-z\-']+")
STEM = 5
UNIT_CHARS = 40  # characters of text per learnt multi-character unit in the vocabulary
MAX_PIECE = 4  # longest learnt unit, in characters: words of unspaced scripts are mostly 1-4 characters
#: English function words: never evidence on their own (also what comparable mode treats as a function gloss).
EN_STOP = frozenset("""
    a an the to of and or in on at by for with from as is are was were be been being it its this that these those
    he she they we you i me him her them us my your his our their not no so but if then than also very
    do does did has have had will would can could shall should may might must up out into over about one
    something somebody someone oneself particle used sth sb etc kind
""".split())  # noqa: SIM905 (a word list reads best as words)


def stem(word: str) -> str:
    """Prefix stem: lower-cased, cut to five letters (interned: a long document repeats each stem many times)."""
    return sys.intern(word.lower()[:STEM])


def words(text: str) -> list[str]:
    """Letter runs (with inner apostrophes/hyphens) of a space-separated language."""
    return _WORD.findall(text)


class NameMatcher:
    """The other side's name spellings found in a Chinese document's sentences (1- and 2-syllable pieces).

    Why it is built for the whole document: a piece has up to dozens of spellings (pinyin, Wade–Giles, Hong
    Kong), and a book has a hundred thousand distinct character pairs. Only a character with a spelling that
    begins some name can begin a two-syllable name, and only one with a spelling that ends a name can end it,
    so the pairs worth romanising are found by one regular expression (run in C) over each sentence, and
    each distinct character is romanised once.
    """

    def __init__(self, names: set[str], sentences: Sequence[str]) -> None:
        self.names = names
        self._single: dict[str, tuple[str, ...]] = {}
        self._pair: dict[str, tuple[str, ...]] = {}
        self._pairs: re.Pattern[str] | None = None
        if not names:
            return
        heads = {n[:k] for n in names for k in range(1, len(n))}
        tails = {n[k:] for n in names for k in range(1, len(n))}
        first, second = [], []
        # the distinct characters, not every one (a book's millions of one-character strings took ~70 MB)
        self._spelt = spellings(ch for ch in set("".join(sentences)) if HAN.match(ch))
        for ch, forms in sorted(self._spelt.items()):
            hits = tuple(f for f in forms if f in names)
            if hits:
                self._single[ch] = hits
            if any(f in heads for f in forms):
                first.append(ch)
            if any(f in tails for f in forms):
                second.append(ch)
        if first and second:
            self._pairs = re.compile(f"(?=([{re.escape(''.join(first))}][{re.escape(''.join(second))}]))")

    def __call__(self, text: str) -> set[str]:
        if not self.names:
            return set()
        han = "".join(HAN.findall(text))
        out: set[str] = set()
        for ch in set(han) & self._single.keys():
            out.update(self._single[ch])
        if self._pairs is not None:
            for piece in self._pairs.findall(han):
                hits = self._pair.get(piece)
                if hits is None:
                    heads, tails = self._spelt[piece[0]], self._spelt[piece[1]]
                    hits = self._pair[piece] = tuple(a + b for a in heads for b in tails if a + b in self.names)
                out.update(hits)
        return out


@dataclass
class Side:
    """One document's sentences in one language, with what it contributes to the shared space."""

    lang: str
    sentences: Sequence[str]
    units: list[list[str]] = field(default_factory=list)  # learnable tokens (Chinese words, lower-cased words)

    def __post_init__(self) -> None:
        if self.lang == "zh":
            cd = load()
            self.units = [[sys.intern(t) for t in cd.tokenize(to_simplified(s), 8) if t.strip() and not _punct(t)]
                          for s in self.sentences]
        elif self.lang in UNSPACED:
            self.units = learnt_units(self.sentences)
        else:  # interned: a long document's units are mostly repeats of a few thousand words
            self.units = [[sys.intern(w.lower()) for w in words(s)] for s in self.sentences]


#: Languages written without spaces between words and with no dictionary shipped: their units are learnt.
UNSPACED = frozenset({"ja", "th", "lo", "km", "my", "bo"})


def learnt_units(sentences: Sequence[str]) -> list[list[str]]:
    """Word-like units of a text written without spaces, learnt from the text itself by SentencePiece.

    Why: without spaces or a dictionary a whole clause is one "word", and nothing can be learnt from it. A
    unigram model trained on the document splits it into the pieces that recur, which is what the word table
    of the second pass needs. The vocabulary grows with the text (a piece needs a few occurrences to be learnt).
    """
    import io

    import sentencepiece as spm

    text = [s for s in sentences if s.strip()]
    distinct = len(set("".join(text)))
    vocab = distinct + 4 + sum(len(s) for s in text) // UNIT_CHARS  # every character, plus multi-character units
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(text), model_writer=model, vocab_size=vocab, model_type="unigram",
        character_coverage=1.0, num_threads=1, shuffle_input_sentence=False, minloglevel=2, hard_vocab_limit=False,
        split_digits=True, max_sentencepiece_length=MAX_PIECE)
    sp = spm.SentencePieceProcessor(model_proto=model.getvalue())
    return [[sys.intern(p.lstrip("▁").lower()) for p in sp.encode(s, out_type=str)
             if p.lstrip("▁") and not _punct(p.lstrip("▁"))] for s in sentences]


#: Punctuation a translation keeps (a question stays a question, a quotation a quotation), in any script.
_MARKS = {c: "p:" + group for group, chars in (("?", "?？"), ("!", "!！"), (":", ":："), (";", ";；"), ("(", "(（"),
                                                ("q", "«»“”„\"「」『』"), ("t", "《》"))
          for c in chars}


_MARK = re.compile(f"[{re.escape(''.join(_MARKS))}]")


def _add_marks(bag: Bag, sentence: str) -> None:
    for c in _MARK.findall(sentence):
        key = _MARKS[c]
        bag[key] = bag.get(key, 0.0) + 1.0


def _punct(token: str) -> bool:
    """No letter or digit in it (most tokens are one: ``isalnum`` answers them in C)."""
    return not token.isalnum() and not any(c.isalnum() for c in token)


def _plain_bag(sentence: str, units: list[str], lang: str) -> Bag:
    """Concepts of a sentence in a space-separated language: stems, numbers, name spellings."""
    bag: Bag = {}
    for w in units:
        if w not in EN_STOP or lang != "en":
            key = stem(w)
            bag[key] = bag.get(key, 0.0) + 1.0
    for w in words(sentence):
        if w[0].isupper() and w.lower() not in EN_STOP:
            for part in {w, *re.split(r"[-'’]", w)}:
                key = sys.intern("py:" + re.sub(r"[^a-z]", "", part.lower()))
                bag[key] = bag.get(key, 0.0) + 1.0
    for v in numbers_in(sentence, lang):
        bag["#" + v] = bag.get("#" + v, 0.0) + 1.0
    _add_marks(bag, sentence)
    return bag


@cache
def gloss_stems(word: str) -> tuple[str, ...]:
    """Stems of the content words of a Chinese word's CC-CEDICT glosses (its English concepts)."""
    out: list[str] = []
    for g in load().lookup(word):
        for w in words(clean_gloss(g)):
            s = stem(w)
            if w.lower() not in EN_STOP and s not in out:
                out.append(s)
    return tuple(out)


def _token_concepts(t: str, vocab: set[str]) -> tuple[tuple[str, float], ...]:
    """What one Chinese token adds to a bag: its gloss stems the other side uses, shared out (a Latin string
    its stem and spelling)."""
    if t.isascii():
        return tuple((key, 1.0) for key in (stem(t), sys.intern("py:" + t.lower())) if key in vocab)
    stems = [s for s in gloss_stems(t) if s in vocab]
    return tuple((s, 1.0 / len(stems)) for s in stems)


def _zh_bag(sentence: str, units: list[str], vocab: set[str], names: NameMatcher, other_zh: bool,
            seen: dict[str, tuple[tuple[str, float], ...]]) -> Bag:
    """Concepts of a Chinese sentence: gloss stems the other side uses, numbers, Latin strings, names.

    ``names`` finds the other side's name spellings (``vocab``'s ``py:`` keys without the prefix); ``seen``
    keeps each distinct token's concepts (``_token_concepts``), which a long document repeats.
    """
    bag: Bag = {}
    for t in units:
        if other_zh:
            bag[t] = bag.get(t, 0.0) + 1.0
            continue
        found = seen.get(t)
        if found is None:
            found = seen[t] = _token_concepts(t, vocab)
        for key, w in found:
            bag[key] = bag.get(key, 0.0) + w
    if not other_zh:
        for form in sorted(names(sentence)):
            key = sys.intern("py:" + form)
            bag[key] = bag.get(key, 0.0) + 1.0
    for v in numbers_in(sentence, "zh"):
        bag["#" + v] = bag.get("#" + v, 0.0) + 1.0
    _add_marks(bag, sentence)
    return bag


def _glossary_hits(sentences: Sequence[str], terms: Iterable[tuple[str, str]], fold: bool) -> list[list[str]]:
    keys = [(f"g:{k}", t.lower() if fold else t) for k, t in terms if t]
    out: list[list[str]] = []
    for s in sentences:
        text = s.lower() if fold else s
        out.append([key for key, t in keys if t in text])
    return out


class BagRows:
    """A document's bags as flat arrays: sentence k's concepts are ``keys[start[k]:start[k + 1]]`` (ids into
    ``vocab``, shared by both sides of a pair, in each bag's own order) with weights ``tf``.

    Why: a book's bags as dicts are some 150 MB of Python objects (the Bible's 42,687 Chinese verses hold 57
    concepts each), a tenth of that as arrays; and sums over them become vectorised products.
    """

    def __init__(self, vocab: dict[str, int]) -> None:
        self.vocab = vocab
        self._start = array("q", [0])
        self._keys = array("i")  # int32: a book's bags hold millions of entries, its vocabulary far fewer ids
        self._tf = array("d")

    def add_entries(self, n: int, rows: np.ndarray, keys: np.ndarray, weights: np.ndarray) -> None:
        """Add the bags of n sentences from (sentence 0..n-1, concept, weight) entries in the order a bag would
        have met them: a concept met again in a sentence adds to its first place, summed in that order
        (``np.add.at``), as ``bag[key] = bag.get(key, 0.0) + weight`` would."""
        order = np.argsort(rows, kind="stable")
        rows, keys, weights = rows[order], keys[order], weights[order]
        size = max(len(self.vocab), 1)
        cell, first, slot = np.unique(rows * size + keys, return_index=True, return_inverse=True)
        rank = np.empty(len(cell), dtype=np.int64)
        rank[np.argsort(first, kind="stable")] = np.arange(len(cell))
        tf = np.zeros(len(cell))
        np.add.at(tf, rank[slot], weights)
        kept = np.empty(len(cell), dtype=np.int64)
        kept[rank] = cell % size
        ends = len(self._keys) + np.cumsum(np.bincount(rows[np.sort(first)], minlength=n), dtype=np.int64)
        self._start.frombytes(ends.tobytes())
        self._keys.frombytes(kept.astype(np.int32).tobytes())
        self._tf.frombytes(tf.tobytes())

    def append(self, bag: Bag) -> None:
        """Add one sentence's bag (looked up in C; only concepts new to the vocabulary take a Python step)."""
        ids = list(map(self.vocab.get, bag))
        if None in ids:
            ids = [self.vocab.setdefault(key, len(self.vocab)) for key in bag]
        self._keys.extend(ids)
        self._tf.extend(bag.values())
        self._start.append(len(self._keys))

    def __len__(self) -> int:
        return len(self._start) - 1

    @property
    def start(self) -> np.ndarray:
        return np.frombuffer(self._start, dtype=np.int64)

    @property
    def keys(self) -> np.ndarray:
        return np.frombuffer(self._keys, dtype=np.int32)

    @property
    def tf(self) -> np.ndarray:
        return np.frombuffer(self._tf, dtype=np.float64)

    def rows(self) -> np.ndarray:
        """The sentence of each entry."""
        return np.repeat(np.arange(len(self)), np.diff(self.start))

    def names(self) -> list[str]:
        """The concept of each id (the vocabulary in id order)."""
        return list(self.vocab)

    def dicts(self) -> list[Bag]:
        """The bags as dicts, one per sentence, each in its own order."""
        names, start, keys, tf = self.names(), self.start.tolist(), self.keys.tolist(), self.tf.tolist()
        return [{names[c]: t for c, t in zip(keys[start[k]:start[k + 1]], tf[start[k]:start[k + 1]], strict=True)}
                for k in range(len(self))]


def concept_rows(src: Side, tgt: Side, extra_pairs: Iterable[tuple[str, str]] = ()) -> tuple[BagRows, BagRows]:
    """Bags for both sides (Chinese glosses already limited to stems the other side uses), as ``BagRows``
    sharing one vocabulary: what parallel mode keeps."""
    pairs = list(extra_pairs)
    hits = {id(side): _glossary_hits(side.sentences, [(k, p[idx]) for k, p in enumerate(pairs)], side.lang != "zh")
            for side, idx in ((src, 0), (tgt, 1))} if pairs else {}

    def with_hits(bag: Bag, side: Side, k: int) -> Bag:
        for key in hits[id(side)][k] if hits else ():
            bag[key] = bag.get(key, 0.0) + 1.0
        return bag

    ids: dict[str, int] = {}
    out: dict[int, BagRows] = {}
    used: dict[int, set[str]] = {}  # the concepts of each side in a spaced language, before glossary terms
    for side in (src, tgt):
        if side.lang != "zh":
            out[id(side)], used[id(side)] = BagRows(ids), set()
            for k, (sentence, units) in enumerate(zip(side.sentences, side.units, strict=True)):
                bag = _plain_bag(sentence, units, side.lang)
                used[id(side)].update(bag)
                out[id(side)].append(with_hits(bag, side, k))
    for side, other in ((src, tgt), (tgt, src)):
        if side.lang == "zh":
            vocab = used.get(id(other), set())
            names = NameMatcher({k[3:] for k in vocab if k.startswith("py:")}, side.sentences)
            seen: dict[str, tuple[tuple[str, float], ...]] = {}
            out[id(side)] = BagRows(ids)
            for k, (sentence, units) in enumerate(zip(side.sentences, side.units, strict=True)):
                bag = _zh_bag(sentence, units, vocab, names, other.lang == "zh", seen)
                out[id(side)].append(with_hits(bag, side, k))
    return out[id(src)], out[id(tgt)]


def concept_bags(src: Side, tgt: Side, extra_pairs: Iterable[tuple[str, str]] = ()) -> tuple[list[Bag], list[Bag]]:
    """The same bags as dicts, one per sentence (comparable mode's form)."""
    s_rows, t_rows = concept_rows(src, tgt, extra_pairs)
    return s_rows.dicts(), t_rows.dicts()
