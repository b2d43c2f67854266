"""Comparable mode: mine the few sentence pairs two independent articles share, in any order.

Why a likelihood ratio and not a cosine: in comparable text most sentences have no counterpart, so
the question for every pair is "is this pair more likely a rendering of one statement, or two
sentences of the same story that happen to share words?". Each concept (dictionary stem, number,
name, glossary term) a sentence holds is asked the same question: a concept carried over to the
counterpart shows up there with probability ``ρ + (1 − ρ)·p`` (carried, or there by chance), in an
unrelated sentence with probability ``p`` (its share of the other document's sentences, growing with
the size of the sentence looked in). So a shared concept that is rare in the other article is strong
evidence, one that is everywhere ("Shenzhen", "Hong Kong", "cooperation" in a story about both) is
nearly none, and every concept that fails to show up costs ``log(1 − ρ)``: a fragment cannot match a
long sentence that says much more, and a 1-2 bead must earn the second sentence it takes. Digit
numbers that contradict (2025 against 2035) cost more; the words of one multiword name count once; a
heading pairs only with a heading. The two directions (source explained by target
and back) are averaged so each shared concept counts once; with the prior odds that a given pair is
a true one (one partner at most among the other side's sentences) this is the log posterior odds, and
its logistic is the bead's confidence. Pairs are then taken greedily, most confident first, each
sentence once. A first pass's confident pairs re-estimate ρ for the document pair at hand (a
translation keeps more than a reporter's retelling), and the second pass is the answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from math import comb

import numpy as np

from termkit.align.bead import Bead
from termkit.align.concepts import Bag, Side, concept_bags
from termkit.align.numbers import numbers

# Probability that a concept of a sentence in a spaced language reappears in a rendering of it: on
# MAC-Dev chapter 001's gold 1-1 pairs 41 % of an English sentence's concepts are found in its Chinese
# original's glosses against 6 % by chance, a carry-over of 0.37 (the other five chapters: 0.23–0.41).
CARRY = 0.35
# A Chinese word stands in the bags as the stems of all its glosses, one share each, and few of those
# shares can match any one rendering: on the same pairs 19 % of a Chinese sentence's gloss mass
# reappears in its translation against 2 % by chance, a carry-over of about 0.2.
CARRY_GLOSS = 0.25
# Numbers written in digits (years, amounts, counts) are what a translator or reporter copies most
# faithfully; a digit number on one side that the other side, which does give numbers, lacks is
# strong evidence of two different statements (2025 vs 2035).
CARRY_DIGITS = 0.9
# A typical concept sits in about 3 % of a document's sentences (2.5–3.3 % on the English side of the
# six MAC-Dev chapters); a concept's share is estimated as if four more sentences had shown it at that
# rate, which keeps a five-sentence document from calling every concept it has seen common.
PRIOR_SHARE = 0.03
PRIOR_SENTENCES = 4.0
# Prior probability of a 1-2 / 2-1 bead relative to a 1-1 bead: Gale & Church (1993) counted 89 % 1-1
# and 8.9 % 1-2 + 2-1 beads, so each merged shape has about 1/20 of the 1-1 prior.
MERGE_PRIOR = 0.045 / 0.89
# Except where a Chinese sentence meets two sentences of a language that stops more often: Chinese runs
# clauses on with commas where English starts a new sentence, and MAC-Dev's gold ladders hold 282 such
# 1-2 beads for 832 1-1 beads (and 67 of the reverse 2-1, close to Gale & Church).
ZH_SPLIT_PRIOR = 282 / 832
# The defaults above weigh as much as this many confident pairs when the carry-over is re-estimated
# from a first pass: a news pair with five shared statements keeps mostly the default, a chapter with
# fifty follows its own translator.
LEARN_PAIRS = 10
# Concepts that always share their sentences count as one expression only when chance would have put
# two unrelated concepts there less than 5 % of the time.
CO_OCCUR = 0.05
# A pair is returned when its posterior probability exceeds this: more likely right than wrong. On
# shuffled MAC-Dev chapters the beads above it are right about nine times in ten (the confidence errs
# low: see benchmarks/comparable_quality.py).
THRESHOLD = 0.5

_END = re.compile(r"[.!?;。！？；…]+[\"'”’」』)）\]]*\s*$")


def is_heading(sentence: str) -> bool:
    """True for a line that does not end as a sentence does: a title, a label (``南沙：``), a fragment."""
    return not _END.search(sentence)


@dataclass
class Rows:
    """A sparse rows × S matrix (compressed rows): a sentence holds a few dozen of the thousands of concepts.

    Why not dense: two documents of a few thousand sentences share thousands of concepts, and dense
    products would cost rows × S × rows; sparse ones cost what the sentences actually hold.
    """

    indptr: np.ndarray  # rows + 1 offsets into cols/vals
    cols: np.ndarray
    vals: np.ndarray
    width: int

    BLOCK = 1 << 23  # cells of a block made dense for a product: bounds its scratch memory to ~32 MB

    def row(self, r: int) -> np.ndarray:
        """Row ``r`` as a dense vector."""
        out = np.zeros(self.width, dtype=np.float32)
        out[self.cols[self.indptr[r]:self.indptr[r + 1]]] = self.vals[self.indptr[r]:self.indptr[r + 1]]
        return out

    def row_of_entries(self) -> np.ndarray:
        """The row of every stored entry."""
        return np.repeat(np.arange(len(self.indptr) - 1), np.diff(self.indptr))

    def dot(self, dense_t: np.ndarray) -> np.ndarray:
        """``self @ dense_t`` for a dense S × m matrix: blocks of rows made dense, multiplied by BLAS."""
        rows = len(self.indptr) - 1
        out = np.empty((rows, dense_t.shape[1]), dtype=np.float32)
        step = max(1, self.BLOCK // max(self.width, 1))
        entry_row = self.row_of_entries()
        for r0 in range(0, rows, step):
            r1 = min(rows, r0 + step)
            block = np.zeros((r1 - r0, self.width), dtype=np.float32)
            lo, hi = self.indptr[r0], self.indptr[r1]
            block[entry_row[lo:hi] - r0, self.cols[lo:hi]] = self.vals[lo:hi]
            out[r0:r1] = block @ dense_t
        return out


@dataclass
class Units:
    """Sentences, or runs of two adjacent sentences, of one document as mining sees them."""

    ids: list[tuple[int, ...]]
    shared: Rows  # rows × S: weight in (0, 1] of each concept the other document also holds
    explain: Rows  # rows × S: the same, less concepts that are guesses rather than content
    mass: np.ndarray  # rows: total weight of the unit's content concepts, shared with the other side or not
    size: np.ndarray  # rows: distinct concepts of any kind (more concepts, more chance hits)
    digits: np.ndarray  # rows × K: numbers written in digits
    numbers: np.ndarray  # rows × K: numbers in any form (digits, Chinese numerals, number words)
    heading: np.ndarray  # rows: 1 heading, 0 sentence, NaN a heading run together with a sentence


@dataclass
class Document:
    """One side of the pair: its sentences as units, and what a chance hit in it looks like."""

    single: Units
    pairs: Units | None  # adjacent sentences read as one (None for a one-sentence document)
    freq: np.ndarray  # S: share of the document's sentences holding each shared concept
    mean_size: float  # distinct concepts in an average sentence
    carry: float  # how often one of its concepts reappears in a rendering of its sentence
    splits: bool  # one of its sentences is often rendered as two on the other side

    def units(self, k: int) -> Units:
        """Single sentences (k = 1) or runs of two (k = 2)."""
        out = self.single if k == 1 else self.pairs
        if out is None:
            raise ValueError("a one-sentence document has no runs of two")
        return out


def _build(bags: Sequence[Bag], sentences: Sequence[str], lang: str, index: dict[str, int], digit_index: dict[str, int],
           guesses: bool, carry: float, splits: bool) -> Document:
    """Per-sentence and per-adjacent-pair matrices of one document."""

    def content(key: str) -> bool:
        return not (guesses and key.startswith("py:"))

    def units(ids: list[tuple[int, ...]]) -> Units:
        rows = len(ids)
        indptr, cols, vals, kept = [0], [], [], []
        mass, size = np.zeros(rows, dtype=np.float32), np.zeros(rows, dtype=np.float32)
        digits = np.zeros((rows, len(digit_index)), dtype=np.float32)
        nums = np.zeros_like(digits)
        heading = np.zeros(rows)
        for r, unit in enumerate(ids):
            bag: Bag = {}
            for i in unit:
                for k, v in bags[i].items():
                    bag[k] = max(bag.get(k, 0.0), min(1.0, v))  # repetition is not more evidence
            for k, v in bag.items():
                col = index.get(k)
                if col is not None:
                    cols.append(col)
                    vals.append(v)
                    kept.append(content(k))
            indptr.append(len(cols))
            mass[r] = sum(v for k, v in bag.items() if content(k))
            size[r] = len(bag)
            for i in unit:
                for d in numbers(sentences[i], ""):  # a language code other than zh/en reads digits only
                    digits[r, digit_index[d]] = 1.0
                for d in numbers(sentences[i], lang):
                    if d in digit_index:
                        nums[r, digit_index[d]] = 1.0
            kinds = {is_heading(sentences[i]) for i in unit}
            heading[r] = float(kinds.pop()) if len(kinds) == 1 else np.nan
        ptr, c = np.asarray(indptr, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        v = np.asarray(vals, dtype=np.float32)
        shared = Rows(ptr, c, v, len(index))
        explain = Rows(ptr, c, v * np.asarray(kept, dtype=np.float32), len(index)) if guesses else shared
        return Units(ids, shared, explain, mass, size, digits, nums, heading)

    n = len(bags)
    single = units([(i,) for i in range(n)])
    present = np.bincount(single.shared.cols, minlength=len(index))
    return Document(
        single=single, pairs=units([(i, i + 1) for i in range(n - 1)]) if n > 1 else None,
        freq=((present + PRIOR_SHARE * PRIOR_SENTENCES) / (n + PRIOR_SENTENCES)).astype(np.float32),
        mean_size=max(float(single.size.mean()), 1.0) if n else 1.0, carry=carry, splits=splits,
    )


def _chance(size: np.ndarray, freq: np.ndarray, doc: Document) -> np.ndarray:
    """Probability that concepts of frequencies ``freq`` turn up by chance in units of ``doc`` of the given sizes.

    It grows with the unit's size: a unit holding twice the concepts of an average sentence is two
    average sentences' worth of chances.
    """
    reach = size / doc.mean_size
    return np.clip(-np.expm1(np.log1p(-np.minimum(freq, 0.999)) * reach), 1e-6, 0.999)


def _directed(x: Units, x_doc: Document, y: Units, y_doc: Document) -> np.ndarray:
    """log P(x's concepts as found in y | same statement) − log P(… | unrelated), rows of x × rows of y."""
    entry_row = y.shared.row_of_entries()
    chance = _chance(y.size[entry_row], y_doc.freq[y.shared.cols], y_doc)
    missing = np.log1p(-x_doc.carry)
    weights_t = np.zeros((y.shared.width, len(y.ids)), dtype=np.float32)  # S × rows of y
    weights_t[y.shared.cols, entry_row] = np.log1p(x_doc.carry * (1.0 - chance) / chance) - missing
    return x.explain.dot(weights_t) + missing * x.mass[:, None]


def _contradictions(x: Units, y: Units) -> np.ndarray:
    """Digit numbers of each x unit that a y unit, which does give digit numbers, lacks in any form."""
    if not x.digits.shape[1]:
        return np.zeros((len(x.ids), len(y.ids)), dtype=np.float32)
    lacking = x.digits.sum(axis=1)[:, None] - x.digits @ y.numbers.T
    return lacking * (y.digits.sum(axis=1) > 0)[None, :]


def _logits(xu: Units, xd: Document, yu: Units, yd: Document) -> np.ndarray:
    """Log posterior odds of every x unit × y unit pair, before the shape and pair-count priors."""
    llr = (_directed(xu, xd, yu, yd) + _directed(yu, yd, xu, xd).T) / 2
    contra = _contradictions(xu, yu) + _contradictions(yu, xu).T
    llr += contra * (np.log1p(-CARRY_DIGITS) - np.log1p(-CARRY))
    mixed = (xu.heading[:, None] != yu.heading[None, :]) | np.isnan(xu.heading)[:, None] | np.isnan(yu.heading)[None, :]
    llr[mixed] = -np.inf  # a heading renders a heading, not a sentence, nor a heading run into one
    return llr


def mine(src: Document, tgt: Document) -> list[Bead]:
    """Confident 1-1, 2-1 and 1-2 pairs, each sentence used at most once, sorted by source position."""
    n, m = len(src.single.ids), len(tgt.single.ids)
    if n == 0 or m == 0:
        return []
    prior = -np.log(max(n, m))  # prior odds of one given pair: one partner at most among the other side's
    shapes = [(1, 1, 0.0)]
    if src.pairs is not None:
        shapes.append((2, 1, np.log(ZH_SPLIT_PRIOR if tgt.splits else MERGE_PRIOR)))
    if tgt.pairs is not None:
        shapes.append((1, 2, np.log(ZH_SPLIT_PRIOR if src.splits else MERGE_PRIOR)))
    cands: list[tuple[float, tuple[int, ...], tuple[int, ...]]] = []
    for ks, kt, shape_prior in shapes:
        su, tu = src.units(ks), tgt.units(kt)
        conf = 1.0 / (1.0 + np.exp(-(_logits(su, src, tu, tgt) + prior + shape_prior)))
        for i, j in zip(*np.nonzero(conf > THRESHOLD), strict=True):
            cands.append((float(conf[i, j]), su.ids[i], tu.ids[j]))
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_s: set[int] = set()
    used_t: set[int] = set()
    out: list[Bead] = []
    for conf, s, t in cands:
        if used_s.intersection(s) or used_t.intersection(t):
            continue
        used_s.update(s)
        used_t.update(t)
        out.append(Bead(s, t, round(conf, 4)))
    return sorted(out, key=lambda bd: (bd.src, bd.tgt))


def _carry(x_doc: Document, y_doc: Document, pairs: list[tuple[tuple[int, ...], tuple[int, ...]]]) -> float:
    """How often x's concepts reappear in their counterparts, read off a first pass's pairs.

    Coverage c of the pairs, less what chance alone gives (c0), over what chance leaves: (c − c0)/(1 − c0),
    blended with the current value as if it had been seen on LEARN_PAIRS pairs.
    """
    xs = np.stack([x_doc.units(len(u)).explain.row(u[0]) for u, _ in pairs])
    mass = float(sum(x_doc.units(len(u)).mass[u[0]] for u, _ in pairs))
    ys = np.stack([y_doc.units(len(v)).shared.row(v[0]) for _, v in pairs])
    size = np.asarray([y_doc.units(len(v)).size[v[0]] for _, v in pairs])
    c = float((xs * (ys > 0)).sum())
    c0 = float((xs * _chance(size[:, None], y_doc.freq[None, :], y_doc)).sum())
    if mass <= c0:
        return x_doc.carry
    learned = float(np.clip((c - c0) / (mass - c0), 0.05, 0.95))
    return (learned * len(pairs) + x_doc.carry * LEARN_PAIRS) / (len(pairs) + LEARN_PAIRS)


def _guesses_shared(s_bags: list[Bag], t_bags: list[Bag]) -> tuple[list[Bag], list[Bag]]:
    """Keep name spellings and glossary hits only where both documents have them.

    Every capitalised word yields a ``py:`` spelling guess and a glossary hit repeats words already
    counted as stems: when the other document lacks them they are not missing content, only noise.
    Words and numbers stay, missing or not: a sentence whose words the other article never uses has no
    counterpart there, and that is evidence too.
    """
    shared = set().union(*s_bags) & set().union(*t_bags)

    def keep(bag: Bag) -> Bag:
        return {k: v for k, v in bag.items() if k in shared or not k.startswith(("py:", "g:"))}

    return [keep(b) for b in s_bags], [keep(b) for b in t_bags]


def _one_expression(bags: Sequence[Bag]) -> list[Bag]:
    """Share one weight among concepts that always occur together: the words of one name or term.

    "Guangdong-Hong Kong-Macao Greater Bay Area" yields half a dozen stems, spellings and glossary
    hits that say one thing; counted as independent evidence they make any two sentences naming the
    Bay Area look alike. Concepts found in exactly the same sentences of a document count as one, their
    weight split between them, when two unrelated concepts would rarely fall on the same sentences:
    the d sentences are one choice among C(n, d) < 1/CO_OCCUR (a concept seen once proves nothing about
    its company, nor do two seen twice in a three-sentence document).
    """
    where: dict[str, list[int]] = {}
    for r, bag in enumerate(bags):
        for k in bag:
            where.setdefault(k, []).append(r)
    telling = {k: tuple(rows) for k, rows in where.items()
               if len(rows) > 1 and comb(len(bags), len(rows)) >= 1 / CO_OCCUR}
    groups: dict[tuple[int, ...], int] = {}
    for rows in telling.values():
        groups[rows] = groups.get(rows, 0) + 1
    share = {k: 1.0 / groups[rows] for k, rows in telling.items()}
    return [{k: v * share.get(k, 1.0) for k, v in bag.items()} for bag in bags]


def align_comparable(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str,
                     extra_pairs: Iterable[tuple[str, str]] = ()) -> list[Bead]:
    """Comparable mode of ``align_sentences``: the same concepts as parallel mode, mined instead of laddered."""
    if not src or not tgt:
        return []
    s_bags, t_bags = _guesses_shared(*concept_bags(Side(src_lang, src), Side(tgt_lang, tgt), extra_pairs))
    s_bags, t_bags = _one_expression(s_bags), _one_expression(t_bags)
    # Only concepts both documents hold can be found; the rest still count, as mass that goes missing.
    index = {k: c for c, k in enumerate(sorted(set().union(*s_bags) & set().union(*t_bags)))}
    digit_index = {d: c for c, d in enumerate(sorted({d for s in (*src, *tgt) for d in numbers(s, "")}))}
    # Chinese glossed into another language: its bags are guess lists, its sentences split on the way out.
    s_gloss, t_gloss = src_lang == "zh" and tgt_lang != "zh", tgt_lang == "zh" and src_lang != "zh"
    s_doc = _build(s_bags, src, src_lang, index, digit_index, s_gloss, CARRY_GLOSS if s_gloss else CARRY, s_gloss)
    t_doc = _build(t_bags, tgt, tgt_lang, index, digit_index, t_gloss, CARRY_GLOSS if t_gloss else CARRY, t_gloss)
    beads = mine(s_doc, t_doc)
    if beads:
        pairs = [(b.src, b.tgt) for b in beads]
        s_doc.carry, t_doc.carry = _carry(s_doc, t_doc, pairs), _carry(t_doc, s_doc, [(v, u) for u, v in pairs])
        beads = mine(s_doc, t_doc)
    return beads
