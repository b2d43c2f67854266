"""Comparable mode: mine the few sentence pairs two independent articles share, in any order.

Why a likelihood ratio and not a cosine: in comparable text most sentences have no counterpart, so
the question for every pair is "is this pair more likely a rendering of one statement, or two
sentences of the same story that happen to share words?". Each expression a sentence says (a word of
a spaced language, a Chinese word found when any of its dictionary glosses is, a number, a glossary
term) is asked the same question: carried over to the counterpart it shows up there with probability
``ρ + (1 − ρ)·p`` (carried, or there by chance), in an unrelated sentence with probability ``p`` (the
share of the other document's sentences in which it is found, growing with the size of the sentence
looked in). So an expression found everywhere ("Shenzhen", "Hong Kong", "cooperation" in a story about
both; a Chinese word one of whose many glosses is a common word) is nearly no evidence, a rare one is
strong, and every expression that fails to show up costs ``log(1 − ρ)``: a fragment cannot match a long
sentence that says much more. Digit numbers that contradict (2025 against 2035) cost more; the words of
one multiword name count once; a heading pairs only with a heading. The two directions (source
explained by target and back) are averaged so each shared concept counts once; with the prior odds that
a given pair is a true one (one partner at most among the other side's sentences) this is the log
posterior odds, and its logistic is the bead's confidence.

ρ is re-estimated for each document pair (a translation keeps more than a reporter's retelling) by
expectation–maximisation over all pairs, not from the pairs a first pass mined (they were mined for
sharing much, and overstate it). Runs of two neighbouring sentences (1-2, 2-1) must beat their better
sentence alone, and are only as likely as the document is running text: a shuffled list of sentences
has no neighbours. Pairs are taken greedily, most confident first, each sentence once.

With the sentence encoder (``encoder_name`` ``use``, the default, for languages it knows), a pair's cosine is
a second witness, asked the same question (``Similarity``): how likely is this cosine for one statement
rendered, and how likely for two unrelated sentences? Both laws are fitted per document pair, inside the
same expectation–maximisation: unrelated pairs are nearly all of the n × m, so their law is the document
pair's own distribution of cosines (an exponential tail where it thins out), each pair weighted by its
odds of being unrelated; the true pairs' law is fitted to the posterior pairs. Sentences that share words
also encode alike, so the cosine counts only beyond what the shared concepts predict of it (the chain
rule, not two independent witnesses), and each cosine is read in its sentences' own spread of cosines, so a
short stock line that resembles everything is not a match for everything. On MAC-Dev shuffled and halved
(five shuffles a chapter) this lifts recall of gold 1-1 pairs from 0.39 to 0.63 at the same precision
(0.918 → 0.924), on Text+Berg from 0.15 to 0.70 (precision 0.70 → 0.91); ``none`` gives exactly the
concepts-only result.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from math import comb

import numpy as np

from termkit.align import encoder
from termkit.align.bead import Bead
from termkit.align.concepts import EN_STOP, Bag, Side, concept_bags, gloss_stems, stem, words
from termkit.cedict import clean_gloss, load
from termkit.lang import ends_sentence, joiner
from termkit.numbers import numbers_in

# Probability that a concept of a sentence in a spaced language, one that some sentence of the other
# document could show, reappears in a rendering of it (coverage less chance, over what chance leaves):
# 0.34–0.64 on the gold 1-1 pairs of the six MAC-Dev chapters, median 0.43. The default sits a little
# under the median; each document pair re-estimates its own (``_estimate``).
CARRY = 0.4
# The same for a Chinese word the dictionary glosses (found when any gloss is): 0.19–0.42 on the same
# pairs, median 0.28; lower than the other direction because the dictionary's glosses often miss the
# translator's word.
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
# The default carry-overs weigh as much as this many pairs (of posterior weight) when a document pair
# re-estimates its own: a news pair with five shared statements keeps mostly the default, a chapter
# with fifty follows its own translator.
LEARN_PAIRS = 10
# A document a user brings is running text unless its sentences say otherwise (99 to 1 before looking).
ORDER_PRIOR = 0.99
# How much more a sentence shares with its neighbour than with a distant sentence, in standard deviations of
# that excess: 0.25–0.39 for MAC-Dev's English chapters, 0.24–0.53 for their Chinese, 0.35–0.36 for the
# bundled news articles long enough to tell (and 0.01–0.09 for the same English shuffled).
ORDER_EFFECT = 0.3
# Rounds of expectation–maximisation for the carry-overs at most (on MAC-Dev they settle within 0.005 in three).
EM_ROUNDS = 10
# Concepts that always share their sentences count as one expression only when chance would have put
# two unrelated concepts there less than 5 % of the time.
CO_OCCUR = 0.05
# A pair is returned when its posterior probability exceeds this: more likely right than wrong. On
# shuffled MAC-Dev chapters the beads above it are right about nine times in ten (the confidence errs
# low: see benchmarks/comparable_quality.py).
THRESHOLD = 0.5
# The sentence encoder's evidence (``Similarity``). The spread of a true pair's cosine before a document pair fits
# its own: 0.12–0.17 among the gold 1-1 pairs of each MAC-Dev chapter and each Text+Berg file; a round figure in
# the middle, weighing LEARN_PAIRS pairs as the carry-overs do.
TRUE_SPREAD = 0.15
# Share of true pairs the encoder does not see (a cosine like an unrelated pair's), before a document pair fits
# its own: 0–7 % of those gold pairs lie below the 90th percentile of the unrelated pairs' cosines.
ENCODER_MISSES = 0.05
# Unrelated pairs' cosines follow the document pair's own distribution up to this quantile, an exponential tail
# beyond (peaks over a threshold): from there MAC-Dev's unrelated pairs fall by a decade every 0.13–0.17 of
# cosine out to the 99.99th percentile, near exponential and a little lighter, so the tail errs on the safe side.
TAIL_QUANTILE = 0.9
# Pairs sampled to fit the unrelated distribution: 5,000 of them in its tail, so a long document pair's
# millions of pairs need not all be read; a round figure.
UNRELATED_SAMPLE = 50_000
# Cosines at which the likelihood ratio is tabulated: a pair's cosine is read to the nearest 0.0025, which moves
# its ratio by a few hundredths of a nat where the ratio climbs steepest.
GRID = np.linspace(-1.0, 1.0, 801)
# The cosine's rise with the concepts' evidence among unrelated pairs is followed up to the evidence this share of
# them reach, not extrapolated beyond, where there are too few unrelated pairs to tell.
LIFT_QUANTILE = 0.99


def is_heading(sentence: str) -> bool:
    """True for a line that does not end as a sentence does: a title, a label (``南沙：``), a fragment."""
    return not ends_sentence(sentence)


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
    explain: Rows  # rows × E: weight of each expression the unit says that the other side could render
    mass: np.ndarray  # rows: total weight of the unit's expressions
    size: np.ndarray  # rows: distinct concepts of any kind (more concepts, more chance hits)
    digits: np.ndarray  # rows × K: numbers written in digits
    numbers: np.ndarray  # rows × K: numbers in any form (digits, Chinese numerals, number words)
    heading: np.ndarray  # rows: 1 heading, 0 sentence, NaN a heading run together with a sentence
    vectors: np.ndarray | None = None  # rows × 512: the encoder's unit vectors (None: encoder off)


@dataclass
class Document:
    """One side of the pair: its sentences as units, and what a chance hit in it looks like."""

    single: Units
    pairs: Units | None  # adjacent sentences read as one (None for a one-sentence document)
    expressions: Rows  # E × S: the shared concepts any one of which renders each expression
    mean_size: float  # distinct concepts in an average sentence
    carry: float  # how often one of its expressions reappears in a rendering of its sentence
    splits: bool  # one of its sentences is often rendered as two on the other side
    in_order: float = 1.0  # probability that its sentences stand in their running order (runs of two make sense)
    found: dict[int, tuple[Rows, np.ndarray]] = field(default_factory=dict, repr=False)  # see ``_found``

    def units(self, k: int) -> Units:
        """Single sentences (k = 1) or runs of two (k = 2)."""
        out = self.single if k == 1 else self.pairs
        if out is None:
            raise ValueError("a one-sentence document has no runs of two")
        return out


def _rows(bags: Sequence[Bag], index: dict[str, int]) -> Rows:
    """Bags as sparse rows over ``index`` (keys outside it are left out)."""
    indptr, cols, vals = [0], [], []
    for bag in bags:
        for k, v in bag.items():
            col = index.get(k)
            if col is not None:
                cols.append(col)
                vals.append(v)
        indptr.append(len(cols))
    return Rows(np.asarray(indptr, dtype=np.int64), np.asarray(cols, dtype=np.int64),
                np.asarray(vals, dtype=np.float32), len(index))


def _merged(bags: Sequence[Bag], unit: tuple[int, ...]) -> Bag:
    out: Bag = {}
    for i in unit:
        for k, v in bags[i].items():
            out[k] = max(out.get(k, 0.0), min(1.0, v))  # repetition is not more evidence
    return out


def _build(bags: Sequence[Bag], said: Sequence[Bag], renderings: dict[str, list[str]], sentences: Sequence[str],
           lang: str, index: dict[str, int], digit_index: dict[str, int], carry: float, splits: bool) -> Document:
    """Per-sentence and per-adjacent-pair matrices of one document.

    ``bags`` are the concepts the other side finds in a sentence; ``said`` its expressions (the units whose
    absence on the other side counts), each rendered by any one of the shared concepts ``renderings`` lists.
    """
    expr_index = {e: c for c, e in enumerate(renderings)}

    def units(ids: list[tuple[int, ...]]) -> Units:
        rows = len(ids)
        merged = [_merged(bags, u) for u in ids]
        explain = _rows([_merged(said, u) for u in ids], expr_index)
        digits = np.zeros((rows, len(digit_index)), dtype=np.float32)
        nums = np.zeros_like(digits)
        heading = np.zeros(rows)
        for r, unit in enumerate(ids):
            for i in unit:
                for d in numbers_in(sentences[i], ""):  # a language code other than zh/en reads digits only
                    digits[r, digit_index[d]] = 1.0
                for d in numbers_in(sentences[i], lang):
                    if d in digit_index:
                        nums[r, digit_index[d]] = 1.0
            kinds = {is_heading(sentences[i]) for i in unit}
            heading[r] = float(kinds.pop()) if len(kinds) == 1 else np.nan
        mass = np.bincount(explain.row_of_entries(), weights=explain.vals, minlength=rows)
        return Units(ids, _rows(merged, index), explain, mass.astype(np.float32),
                     np.asarray([len(b) for b in merged], dtype=np.float32), digits, nums, heading)

    n = len(bags)
    single = units([(i,) for i in range(n)])
    expressions = _rows([dict.fromkeys(keys, 1.0) for keys in renderings.values()], index)
    return Document(
        single=single, pairs=units([(i, i + 1) for i in range(n - 1)]) if n > 1 else None, expressions=expressions,
        mean_size=max(float(single.size.mean()), 1.0) if n else 1.0, carry=carry, splits=splits,
    )


def in_order(units: Sequence[Sequence[str]]) -> float:
    """Probability that a document's sentences stand in running order (so two neighbours can be one rendering).

    Why ask: a run of two is order evidence, and a list of sentences out of order (a shuffled test set, a
    concordance, a sorted term list) has neighbours that are strangers. Running text betrays itself: a
    sentence shares more words with its neighbour than with the sentence half a document away. Each
    sentence's excess gives a paired z statistic, N(0, 1) when the order means nothing and centred on
    ORDER_EFFECT · √pairs in running text; Bayes' rule with prior odds ORDER_PRIOR decides, so a short
    document keeps the benefit of the doubt and a long shuffled one loses it.
    """
    sets = [set(u) for u in units]
    n = len(sets)
    if n < 3:
        return ORDER_PRIOR
    half = n // 2
    excess = np.asarray([len(sets[i] & sets[i + 1]) - len(sets[i] & sets[(i + half) % n]) for i in range(n - 1)],
                        dtype=np.float64)
    spread = float(excess.std())
    z = float(excess.mean()) / spread * np.sqrt(len(excess)) if spread > 0 else 0.0
    mu = ORDER_EFFECT * np.sqrt(len(excess))
    log_odds = np.log(ORDER_PRIOR / (1.0 - ORDER_PRIOR)) + mu * z - mu * mu / 2
    return float(np.exp(-np.logaddexp(0.0, -log_odds)))  # the logistic, without overflow for a long document


def _chance(size: np.ndarray, freq: np.ndarray, doc: Document) -> np.ndarray:
    """Probability that expressions of frequencies ``freq`` turn up by chance in units of ``doc`` of the given sizes.

    It grows with the unit's size: a unit holding twice the concepts of an average sentence is two
    average sentences' worth of chances.
    """
    reach = size / doc.mean_size
    return np.clip(-np.expm1(np.log1p(-np.minimum(freq, 0.999)) * reach), 1e-6, 0.999)


def _found(x_doc: Document, y: Rows) -> np.ndarray:
    """E × rows of y: 1 where a y unit holds one of the concepts rendering x's expression.

    Kept on x's document: it depends on the two documents only, not on the carry-overs re-estimated between
    the passes that ask for it again.
    """
    key = id(y)
    if key not in x_doc.found:
        x_doc.found[key] = (y, _found_now(x_doc, y))  # y kept alive with its result, so its id stays its own
    return x_doc.found[key][1]


def _found_now(x_doc: Document, y: Rows) -> np.ndarray:
    present = np.zeros((y.width, len(y.indptr) - 1), dtype=np.float32)  # S × rows of y
    present[y.cols, y.row_of_entries()] = 1.0
    return (x_doc.expressions.dot(present) > 0).astype(np.float32)


def _frequency(x_doc: Document, y_doc: Document) -> np.ndarray:
    """E: share of y's sentences in which each of x's expressions is found (smoothed toward PRIOR_SHARE).

    Read off the other document itself, so an expression whose renderings include a common word ("to
    finish; to understand; clear") is found nearly everywhere and weighs nearly nothing.
    """
    hits = _found(x_doc, y_doc.single.shared).sum(axis=1)
    return ((hits + PRIOR_SHARE * PRIOR_SENTENCES) / (len(y_doc.single.ids) + PRIOR_SENTENCES)).astype(np.float32)


def _directed(x: Units, x_doc: Document, y: Units, y_doc: Document) -> np.ndarray:
    """log P(x's expressions as found in y | same statement) − log P(… | unrelated), rows of x × rows of y."""
    chance = _chance(y.size[None, :], _frequency(x_doc, y_doc)[:, None], y_doc)
    missing = np.log1p(-x_doc.carry)
    weights_t = _found(x_doc, y.shared) * (np.log1p(x_doc.carry * (1.0 - chance) / chance) - missing)  # E × rows of y
    return x.explain.dot(weights_t.astype(np.float32)) + missing * x.mass[:, None]


def _contradictions(x: Units, y: Units) -> np.ndarray:
    """Digit numbers of each x unit that a y unit, which does give digit numbers, lacks in any form."""
    if not x.digits.shape[1]:
        return np.zeros((len(x.ids), len(y.ids)), dtype=np.float32)
    lacking = x.digits.sum(axis=1)[:, None] - x.digits @ y.numbers.T
    return lacking * (y.digits.sum(axis=1) > 0)[None, :]


def _cell(cos: np.ndarray) -> np.ndarray:
    """The GRID index nearest each cosine (int16: one per pair of two long documents)."""
    return np.clip(np.rint((cos + 1.0) * ((len(GRID) - 1) / 2)), 0, len(GRID) - 1).astype(np.int16)


def _log_normal(mean: float, spread: float) -> np.ndarray:
    z = (GRID - mean) / spread
    return -0.5 * z * z - np.log(spread * np.sqrt(2 * np.pi))


@dataclass(frozen=True)
class Similarity:
    """The encoder's evidence for one document pair: log P(cosine | concepts, one statement) − log P(… | unrelated).

    Why a likelihood ratio and not a weight on the cosine: it is in nats like the concepts' evidence, and its
    two laws are read off the document pair itself. Why given the concepts: two unrelated sentences that share
    words also encode alike (on shuffled MAC-Dev the unrelated pairs with 2–4 nats of concept evidence average
    a cosine of 0.14, those with none −0.01), so the cosine and the concepts are not two independent witnesses;
    by the chain rule the encoder's share is what the cosine says beyond what the concepts predict. The cosine
    is read as a residual, less ``slope`` times softplus(concept evidence) (the log of one plus the odds the
    concepts give: about 0 when they say nothing, the evidence itself when they say much), the slope fitted on
    the unrelated pairs. Unrelated pairs are nearly all of the n × m (``log_unrelated``, see ``_unrelated``); a
    true pair's residual is normal, save a share ``misses`` of renderings the encoder does not see, whose
    residual looks unrelated: so a low cosine costs at most log(misses), and strong dictionary evidence still
    carries the pair. The ratio is made non-decreasing (a closer pair is never less likely one statement): flat
    below the median unrelated pair, and beyond its peak, where the normal law falls faster than the tail.
    """

    slope: float  # cosine per nat of softplus(concept evidence), among unrelated pairs
    most: float  # ... up to this lift (beyond it, too few unrelated pairs to tell)
    log_unrelated: np.ndarray  # log density of an unrelated pair's residual on GRID
    median: float  # median residual of unrelated pairs
    mean: float  # of a true pair's residual (seen by the encoder)
    spread: float = TRUE_SPREAD
    misses: float = ENCODER_MISSES
    table: np.ndarray = field(init=False, repr=False)  # the ratio on GRID

    def __post_init__(self) -> None:
        ratio = np.logaddexp(np.log1p(-self.misses) + _log_normal(self.mean, self.spread) - self.log_unrelated,
                             np.log(self.misses))
        start = int(np.searchsorted(GRID, self.median))
        ratio[:start] = ratio[start]
        object.__setattr__(self, "table", np.maximum.accumulate(ratio).astype(np.float32))

    def llr(self, cos: np.ndarray, concepts: np.ndarray) -> np.ndarray:
        """The log likelihood ratio of each cosine, given the concepts' evidence on the same pair."""
        return self.table[_cell(_residual(cos, concepts, self.slope, self.most))]

    def seen(self) -> np.ndarray:
        """On GRID: probability that a true pair of this residual is one the encoder sees (not a miss)."""
        seen = np.log1p(-self.misses) + _log_normal(self.mean, self.spread)
        return np.exp(seen - np.logaddexp(seen, np.log(self.misses) + self.log_unrelated))


def _residual(cos: np.ndarray, concepts: np.ndarray, slope: float, most: float) -> np.ndarray:
    """The cosine less what the concepts' evidence predicts of it: ``slope`` × its lift, the lift capped at ``most``."""
    return cos - np.float32(slope) * np.minimum(np.logaddexp(np.float32(0.0), concepts), np.float32(most))


def _unrelated(res: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, float]:
    """Log density on GRID of an unrelated pair's residual, and its median, from pairs weighted by how likely each
    is unrelated.

    Below TAIL_QUANTILE the sample's own histogram, smoothed by a normal kernel of Silverman's bandwidth;
    beyond, an exponential tail of maximum-likelihood rate, where a histogram has too few pairs to tell how
    rare a high cosine is.
    """
    c, w = res.astype(np.float64), weight.astype(np.float64)
    median, threshold = _quantile(c, w, 0.5), _quantile(c, w, TAIL_QUANTILE)
    above = c > threshold
    step = float(GRID[1] - GRID[0])
    excess = float((w[above] * (c[above] - threshold)).sum())
    rate = float(w[above].sum()) / excess if excess > 0 else 1.0 / step
    mean = float((w * c).sum() / w.sum())
    spread = np.sqrt(float((w * (c - mean) ** 2).sum() / w.sum()))
    width = max(1.06 * spread * (w.sum() ** 2 / (w * w).sum()) ** -0.2, step)  # Silverman (1986), weighted
    half = min(int(np.ceil(4 * width / step)), (len(GRID) - 1) // 2)  # four bandwidths, within the grid
    offsets = np.arange(-half, half + 1) * step
    body = np.convolve(np.bincount(_cell(c), weights=w, minlength=len(GRID)), np.exp(-0.5 * (offsets / width) ** 2),
                       mode="same")
    inside = threshold >= GRID
    body *= TAIL_QUANTILE / max(float(body[inside].sum()) * step, 1e-300)
    tail = (1.0 - TAIL_QUANTILE) * rate * np.exp(-rate * (GRID - threshold))
    return np.log(np.maximum(np.where(inside, body, tail), 1e-300)), median


def _quantile(values: np.ndarray, weight: np.ndarray, q: float) -> float:
    """The value below which a share ``q`` of the weight lies."""
    order = np.argsort(values)
    share = np.cumsum(weight[order]) / weight.sum()
    return float(values[order][min(int(np.searchsorted(share, q)), len(values) - 1)])


def _slope(cos: np.ndarray, lift: np.ndarray, weight: np.ndarray) -> float:
    """Weighted least-squares slope of the cosine on the concepts' lift (softplus of their evidence)."""
    w = weight.astype(np.float64)
    mc, ml = float((w * cos).sum() / w.sum()), float((w * lift).sum() / w.sum())
    var = float((w * (lift - ml) ** 2).sum())
    return float((w * (lift - ml) * (cos - mc)).sum()) / var if var > 0 else 0.0


def _fit_similarity(cos: np.ndarray, concepts: np.ndarray, post: np.ndarray, sample: np.ndarray,
                    old: Similarity | None) -> Similarity:
    """One step of expectation–maximisation of the similarity's laws, from every pair's posterior ``post``.

    Unrelated: the sampled pairs, each weighted by its probability of being unrelated (the slope, then the law
    of the residuals). True: every pair weighted by its posterior, split between seen and missed as ``old``
    would split it. The defaults weigh LEARN_PAIRS pairs, so a news pair with a handful of shared statements
    keeps mostly them; the default residual is a sentence's best counterpart's, averaged over the shorter
    side (as parallel mode takes a sentence's best match for "a translation", ``dp.calibrate``). In comparable
    text, where many sentences have no counterpart, that is less than a true pair's: where the document pair
    cannot tell, the encoder's evidence errs mild, both for and against.
    """
    unrelated = np.maximum(1.0 - post.ravel()[sample], 1e-12)  # a pair sure to be true still leaves a weight
    lift = np.logaddexp(0.0, concepts.ravel()[sample])
    most = _quantile(lift, unrelated, LIFT_QUANTILE)
    slope = _slope(cos.ravel()[sample], np.minimum(lift, most), unrelated)
    res = _residual(cos, concepts, slope, most)
    log_unrelated, median = _unrelated(res.ravel()[sample], unrelated)
    total = float(post.sum())
    default = float(res.max(axis=1 if res.shape[0] <= res.shape[1] else 0).mean())
    prior = Similarity(slope, most, log_unrelated, median, default) if old is None else \
        replace(old, slope=slope, most=most, log_unrelated=log_unrelated, median=median)
    seen = post * prior.seen()[_cell(res)]
    weight = float(seen.sum())
    mean = (float((seen * res).sum()) + default * LEARN_PAIRS) / (weight + LEARN_PAIRS)
    var = (float((seen * (res - mean) ** 2).sum()) + TRUE_SPREAD ** 2 * LEARN_PAIRS) / (weight + LEARN_PAIRS)
    misses = (total - weight + ENCODER_MISSES * LEARN_PAIRS) / (total + LEARN_PAIRS)
    misses = float(np.clip(misses, 1e-3, 0.5))  # a finite log, and misses stay a minority
    return Similarity(slope, most, log_unrelated, median, mean, float(np.sqrt(var)), misses)


def _logits(xu: Units, xd: Document, yu: Units, yd: Document, sim: Similarity | None = None) -> np.ndarray:
    """Log posterior odds of every x unit × y unit pair, before the shape and pair-count priors."""
    llr = _concepts(xu, xd, yu, yd)
    if sim is None or xu.vectors is None or yu.vectors is None:
        return llr
    return llr + sim.llr(_cosines(xu.vectors, yu.vectors), llr)


def _cosines(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Cosine of every x × y pair, in units of its two sentences' own spread of cosines (rescaled to the typical
    spread, so it still reads as a cosine).

    Why: some sentences sit close to everything (short stock lines: "What?", "Come in!"), others far from
    all; the standard deviation of a sentence's cosines with the other document's ranges 0.07–0.16 within
    one MAC-Dev chapter. Unrelated pairs of two such "hubs" would otherwise fill the tail of the unrelated
    law, and an encoder that finds everything alike is no evidence (the margin of Artetxe & Schwenk 2019 and
    the CSLS of Conneau et al. 2018 correct the same effect).
    """
    cos = x @ y.T
    if min(cos.shape) < 2:
        return cos  # a spread needs two cosines
    row, col = cos.std(axis=1, keepdims=True), cos.std(axis=0, keepdims=True)
    typical = np.sqrt(float(row.mean()) * float(col.mean()))
    return cos * (typical / np.sqrt(np.maximum(row, 1e-6) * np.maximum(col, 1e-6)))


def _concepts(xu: Units, xd: Document, yu: Units, yd: Document) -> np.ndarray:
    """The concepts' evidence on every x unit × y unit pair (−inf where a heading meets a sentence)."""
    llr = (_directed(xu, xd, yu, yd) + _directed(yu, yd, xu, xd).T) / 2
    contra = _contradictions(xu, yu) + _contradictions(yu, xu).T
    llr += contra * (np.log1p(-CARRY_DIGITS) - np.log1p(-CARRY))
    mixed = (xu.heading[:, None] != yu.heading[None, :]) | np.isnan(xu.heading)[:, None] | np.isnan(yu.heading)[None, :]
    llr[mixed] = -np.inf  # a heading renders a heading, not a sentence, nor a heading run into one
    return llr


def mine(src: Document, tgt: Document, sim: Similarity | None = None) -> list[Bead]:
    """Confident 1-1, 2-1 and 1-2 pairs, each sentence used at most once, sorted by source position.

    A run of two stands against "unrelated" and against the better of its sentences alone: its second
    sentence must earn its place, not ride on its neighbour's evidence; when it does, it replaces the 1-1
    pair it extends. A 1-1 pair is right whether its sentences form the whole bead or part of a run, so
    its confidence counts the runs that contain it too.
    """
    n, m = len(src.single.ids), len(tgt.single.ids)
    if n == 0 or m == 0:
        return []
    prior = -np.log(max(n, m))  # prior odds of one given pair: one partner at most among the other side's
    single = _logits(src.single, src, tgt.single, tgt, sim) + prior
    shapes = []
    if src.pairs is not None:
        shapes.append((2, 1, np.log((ZH_SPLIT_PRIOR if tgt.splits else MERGE_PRIOR) * src.in_order),
                       np.maximum(single[:-1], single[1:])))
    if tgt.pairs is not None:
        shapes.append((1, 2, np.log((ZH_SPLIT_PRIOR if src.splits else MERGE_PRIOR) * tgt.in_order),
                       np.maximum(single[:, :-1], single[:, 1:])))
    within = np.exp(np.minimum(single, 50.0))  # odds that each 1-1 pair lies within one bead, of either shape
    cands: list[tuple[float, tuple[int, ...], tuple[int, ...]]] = []
    extends: dict[tuple[tuple[int, ...], tuple[int, ...]], list[tuple[float, tuple[int, ...], tuple[int, ...]]]] = {}
    for ks, kt, shape_prior, alone in shapes:
        su, tu = src.units(ks), tgt.units(kt)
        logit = _logits(su, src, tu, tgt, sim) + prior + shape_prior
        odds = np.exp(np.minimum(logit, 50.0))
        if ks == 2:
            within[:-1] += odds
            within[1:] += odds
        else:
            within[:, :-1] += odds
            within[:, 1:] += odds
        conf = np.exp(logit - np.logaddexp(np.logaddexp(0.0, logit), alone))
        for i, j in zip(*np.nonzero(conf > THRESHOLD), strict=True):
            run = (float(conf[i, j]), su.ids[i], tu.ids[j])
            cands.append(run)
            for a in run[1]:
                for b in run[2]:
                    extends.setdefault(((a,), (b,)), []).append(run)
    conf1 = within / (1.0 + within)
    for i, j in zip(*np.nonzero(conf1 > THRESHOLD), strict=True):
        cands.append((float(conf1[i, j]), (int(i),), (int(j),)))
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_s: set[int] = set()
    used_t: set[int] = set()
    out: list[Bead] = []
    for cand in cands:
        free = [c for c in [*sorted(extends.get(cand[1:], []), reverse=True), cand]
                if not used_s.intersection(c[1]) and not used_t.intersection(c[2])]
        if free:
            conf, s, t = free[0]
            used_s.update(s)
            used_t.update(t)
            out.append(Bead(s, t, round(conf, 4)))
    return sorted(out, key=lambda bd: (bd.src, bd.tgt))


def _coverage(x: Units, x_doc: Document, y: Units, y_doc: Document) -> tuple[np.ndarray, np.ndarray]:
    """Rows of x × rows of y: the weight of x's expressions found in y, and what chance alone would find."""
    chance = _chance(y.size[None, :], _frequency(x_doc, y_doc)[:, None], y_doc)
    return x.explain.dot(_found(x_doc, y.shared)), x.explain.dot(chance.astype(np.float32))


def _estimate(src: Document, tgt: Document) -> Similarity | None:
    """Re-estimate both carry-overs, and with the encoder its ``Similarity``, for this document pair by
    expectation–maximisation over all 1-1 pairs.

    Why not from the mined pairs: they were mined because they share much, so their coverage overstates
    what a counterpart shares (on MAC-Dev's free chapters by half: 0.28 measured on them against 0.19 on
    the gold pairs), and the second pass then trusts thin overlaps. Every pair instead counts with its
    posterior probability of being the sentence's counterpart (its odds against "no counterpart" and
    every rival in its row and column), coverage less chance over what chance leaves, as in a mixture
    model, until the estimates settle. The defaults weigh as much as LEARN_PAIRS pairs. The first round's
    posteriors are the concepts' alone: the encoder's laws are fitted from them, then refitted each round.
    """
    su, tu = src.single, tgt.single
    (s_cov, s_c0), (t_cov, t_c0) = _coverage(su, src, tu, tgt), _coverage(tu, tgt, su, src)
    s_default, t_default = src.carry, tgt.carry
    cos = None if su.vectors is None or tu.vectors is None else _cosines(su.vectors, tu.vectors)
    sample = None if cos is None else _sample(cos.size)
    sim = None
    for _ in range(EM_ROUNDS):
        concepts = _concepts(su, src, tu, tgt)
        logits = concepts if sim is None or cos is None else concepts + sim.llr(cos, concepts)
        odds = np.exp(np.minimum(logits - np.log(max(len(su.ids), len(tu.ids))), 50.0))
        post = odds / (1.0 + odds.sum(axis=1, keepdims=True) + odds.sum(axis=0, keepdims=True) - odds)
        weight = float(post.sum())
        old = (src.carry, tgt.carry)
        for doc, cov, c0, mass, default in ((src, s_cov, s_c0, su.mass[:, None], s_default),
                                            (tgt, t_cov.T, t_c0.T, tu.mass[None, :], t_default)):
            c, c0_sum, m = float((post * cov).sum()), float((post * c0).sum()), float((post * mass).sum())
            if m > c0_sum:
                learned = float(np.clip((c - c0_sum) / (m - c0_sum), 0.05, 0.95))
                doc.carry = (learned * weight + default * LEARN_PAIRS) / (weight + LEARN_PAIRS)
        settled = max(abs(src.carry - old[0]), abs(tgt.carry - old[1])) < 0.005
        if cos is not None and sample is not None:
            new = _fit_similarity(cos, concepts, post, sample, sim)
            settled = settled and sim is not None and max(abs(new.mean - sim.mean), abs(new.spread - sim.spread),
                                                          abs(new.misses - sim.misses)) < 0.005
            sim = new
        if settled:
            break
    return sim


def _sample(cells: int) -> np.ndarray:
    """Which of a document pair's pairs (flat indices) fit the unrelated law: all, or UNRELATED_SAMPLE at random."""
    if cells <= UNRELATED_SAMPLE:
        return np.arange(cells)
    return np.random.default_rng(0).integers(0, cells, size=UNRELATED_SAMPLE)


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


@cache
def function_word(word: str) -> bool:
    """True for a Chinese word one of whose senses is an English function word (和 "and", 那 "that", 在 "at").

    Its translation is a word the bags drop or no word at all, so its absence is no evidence and what its
    other senses find ("和: to draw (a game)") is chance.
    """
    senses = (words(clean_gloss(g)) for g in load().lookup(word))
    return any(ws and all(w.lower() in EN_STOP for w in ws) for ws in senses)


def said_concepts(bags: Sequence[Bag], units: Sequence[Sequence[str]], glossed: bool,
                  index: dict[str, int]) -> tuple[list[Bag], dict[str, list[str]]]:
    """What each sentence says that the other side could render, and the shared concepts rendering each.

    A spaced language says its own concepts. A Chinese sentence glossed into one says its words: a word
    is found when any of its glosses is (a word and its several glosses are one piece of evidence, not a
    share of each; function words are no evidence), and the concepts that are not glosses (numbers,
    glossary terms, punctuation) say themselves. Name spellings are guesses, never expressions. A word
    the dictionary glosses but whose glosses the other document never uses still counts, as missing:
    the sentence says something the other article does not. A word without glosses (a name, a word
    the dictionary lacks) is no evidence either way.
    """
    if not glossed:
        return [{k: v for k, v in b.items() if k in index} for b in bags], {k: [k] for k in index}
    renderings: dict[str, list[str]] = {}
    said: list[Bag] = []
    for bag, tokens in zip(bags, units, strict=True):
        out: Bag = {}
        for w in tokens:
            if (w.isascii() and not w.isalpha()) or (not w.isascii() and function_word(w)):
                continue  # digits are numbers, counted as such
            keys = (stem(w), "py:" + w.lower()) if w.isascii() else gloss_stems(w)
            if keys:
                renderings.setdefault("w:" + w, [k for k in keys if k in index])
                out["w:" + w] = 1.0
        for k in bag:
            if k in index and k.startswith(("#", "p:", "g:")):
                renderings.setdefault(k, [k])
                out[k] = 1.0
        said.append(out)
    return _one_expression(said), renderings


def _encode(doc: Document, sentences: Sequence[str], lang: str) -> None:
    """Give a document's units their encoder vectors: each sentence's, and each run of two's joined text, centred
    on the document's sentences (``encoder.encode_blocks``, as parallel mode reads its merged beads)."""
    blocks = encoder.encode_blocks(sentences, [1, 2], joiner(lang))
    doc.single.vectors = blocks[1][1:]
    if doc.pairs is not None:
        doc.pairs.vectors = blocks[2][2:]


def align_comparable(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str,
                     extra_pairs: Iterable[tuple[str, str]] = (), *, encoder_name: str = encoder.DEFAULT) -> list[Bead]:
    """Comparable mode of ``align_sentences``: the same concepts as parallel mode, mined instead of laddered;
    with ``encoder_name`` ``use`` (and languages it knows: ``encoder.resolve``), the encoder's evidence too."""
    if not src or not tgt:
        return []
    s_side, t_side = Side(src_lang, src), Side(tgt_lang, tgt)
    s_bags, t_bags = _guesses_shared(*concept_bags(s_side, t_side, extra_pairs))
    s_bags, t_bags = _one_expression(s_bags), _one_expression(t_bags)
    index = {k: c for c, k in enumerate(sorted(set().union(*s_bags) & set().union(*t_bags)))}
    digit_index = {d: c for c, d in enumerate(sorted({d for s in (*src, *tgt) for d in numbers_in(s, "")}))}
    # Chinese glossed into another language: it says words, and its sentences split on the way out.
    s_gloss, t_gloss = src_lang == "zh" and tgt_lang != "zh", tgt_lang == "zh" and src_lang != "zh"
    s_doc = _build(s_bags, *said_concepts(s_bags, s_side.units, s_gloss, index), src, src_lang, index, digit_index,
                   CARRY_GLOSS if s_gloss else CARRY, s_gloss)
    t_doc = _build(t_bags, *said_concepts(t_bags, t_side.units, t_gloss, index), tgt, tgt_lang, index, digit_index,
                   CARRY_GLOSS if t_gloss else CARRY, t_gloss)
    s_doc.in_order, t_doc.in_order = in_order(s_side.units), in_order(t_side.units)
    if encoder.resolve(encoder_name, src_lang, tgt_lang)[0] == encoder.USE:
        _encode(s_doc, src, src_lang)
        _encode(t_doc, tgt, tgt_lang)
    return mine(s_doc, t_doc, _estimate(s_doc, t_doc))
