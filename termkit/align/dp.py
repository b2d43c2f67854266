"""Monotonic alignment by dynamic programming in a band (see ``band.py`` for which states are searched).

Why this shape: bead scores are built a chunk of rows at a time (``bead_scores``, compiled in
``beads.bead_scores``) and the DP keeps path scores for its last few rows only (``_Lattice``), so memory is
a few bytes per band cell whatever the document's length. Each row is filled in three steps: beads that
consume a source sentence, read from earlier rows; runs of 1-0 omissions; then 0-1 omissions, which run
along the row itself (compiled, in ``lattice.fill_rows``). The path is rebuilt from what each state
remembers (``_Lattice.trace``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from termkit.align.band import (
    BUFFER,
    Band,
    Rows,
    anchored_band,
    band_around,
    band_dots,
    dots_in_band,
    length_diagonal,
    unit,
)
from termkit.align.beads import BandArrays, Weights
from termkit.align.beads import bead_scores as fill_beads
from termkit.align.beads import length_logp as length_logp_of
from termkit.align.lattice import fill_rows, trace_back

#: Bead shapes searched: 1-1, omissions, and merges up to 1-4 / 4-1 (plus 2-2).
SHAPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 4), (4, 1))
MAX_SRC = max(a for a, _ in SHAPES)  # most source sentences in a bead (4): how many rows back a bead reaches
MAX_TGT = max(b for _, b in SHAPES)  # most target sentences in a bead (4)
DELETION = SHAPES.index((1, 0))  # a source sentence with no counterpart
INSERTION = SHAPES.index((0, 1))  # a target sentence with no counterpart
_SHAPE_SIZES = np.asarray(SHAPES, dtype=np.int64)  # SHAPES as an array, for the compiled lattice
#: Documents up to this many sentence pairs (n × m, about 500 × 500) are searched in full: their table of dot
#: products is then at most 2 MB (float64) and the search takes well under a second; beyond, the anchored
#: band. A round limit, not tuned: MAC-Dev's and Text+Berg's files are all below it (106,000 at most), the
#: Bible's far above.
FULL_CELLS = 250_000
#: Band cells whose bead scores are held at once: × 10 shapes × 16 bytes (float64 score, float32 cosine and
#: length) ≈ 16 MB, however long the document.
CHUNK_CELLS = 100_000
MIN_CHUNK_ROWS = 16  # ... but never fewer rows than this per chunk (a very wide band)
#: "Impossible" score (states outside the band, beads that do not fit): far below any real path's score,
#: which is at most some tens of nats per bead, yet adding a few of them stays finite in float64.
NEG = -1e18
#: A gain below this is rounding, not a better path: (x - r) + r may come out above x in the insertion scan.
TIE = 1e-9
#: Share of beads whose length no Gale–Church model predicts (OCR debris, footnotes, free rendering): the
#: length evidence is a mixture with this outlier share, so a bead the words support is not vetoed by its
#: length. A round figure (1 in 100), not fitted.
LENGTH_OUTLIERS = 0.01
#: -ln P(shape) / P(1-1), from the shape frequencies Gale & Church (1993, "A program for aligning sentences in
#: bilingual corpora", Computational Linguistics 19(1), the table of match probabilities) counted by hand:
#: 1-1 0.89; 1-0 or 0-1 0.0099 → ln(0.89 / 0.0099) = 4.5; 2-1 or 1-2 0.089 → 2.3; 2-2 0.011 → 4.4. Their
#: counts have no 1-3 or 1-4: those are ours, 1-3 as rare as an omission, 1-4 rarer still. With
#: ``Scoring.omission_length`` an omission also pays their 1-0 length distance, once per run (the rest of a run pays
#: the prior only: a passage missing from one side is one event for the length model, not one per sentence).
PRIOR = {(1, 1): 0.0, (1, 0): 4.5, (0, 1): 4.5, (1, 2): 2.3, (2, 1): 2.3, (2, 2): 4.4, (1, 3): 4.5, (3, 1): 4.5,
         (1, 4): 6.0, (4, 1): 6.0}
_PRIORS = np.asarray([PRIOR[s] for s in SHAPES])  # PRIOR in SHAPES' order, for the compiled bead scoring
#: ``calibrate``: random pairs whose mean cosine is "unrelated" (at most 4 per source sentence), source
#: sentences whose best nearby target is "a translation", the window they look in (5 sentences plus a tenth of
#: the document, at most 200 each way), and the least gap between the two. Round sample sizes, not tuned;
#: measured over 30 seeds on MAC-Dev and Text+Berg file 002, the base varies by 0.001-0.003 (sd) and the
#: scale by 0.005-0.02. The gap's floor keeps a document with no lexical evidence from dividing by ~0.
CALIBRATION_PAIRS = 2000
CALIBRATION_ROWS = 200
CALIBRATION_WINDOW = 5
CALIBRATION_MAX_WINDOW = 200
MIN_SCALE = 0.05
MIN_SPREAD = 0.01  # ... and of the unrelated pairs' spread (a document whose sentences share nothing at all)
#: Hashed slots the concept vectors are folded to for the anchor search (``_Folded``): on a book it compares
#: every sentence with some 2,800 targets (8√m each way), 3.2 of ~20 CPU seconds on bible/006 at 512 slots,
#: 1.7 at 256, with the same anchors and ladders there and on bible/001; the DP keeps the full vectors.
ANCHOR_DIMS = 256
KEPT_ROWS = 4096  # rows ``_kept`` makes at once: a few MB of full-width vectors; set, not tuned


@dataclass(frozen=True)
class Scoring:
    """How bead evidence becomes a path score: higher is better, summed along the path."""

    lexical: float  # nats per sentence for a typical translation's similarity
    cap: float  # similarity beyond this many typical translations earns nothing more
    length_weight: float  # weight of the Gale–Church log-probability
    ratio: float  # expected target length per source character (Gale & Church's c)
    variance: float  # Gale–Church variance per character (their s², 6.8 for their German/French–English)
    base: float  # cosine of unrelated sentences
    scale: float  # cosine of a typical translation minus ``base``
    #: Per source / target sentence, log P(a true counterpart shares nothing with it), nats ≤ 0: what a bead
    #: member pays in full when it shares nothing with the other side's block and in part as its similarity
    #: falls short of a typical translation's (``shortfall``). None: no such evidence (the first pass).
    miss_x: np.ndarray | None = field(default=None, compare=False)
    miss_y: np.ndarray | None = field(default=None, compare=False)
    #: Charge omissions Gale & Church's length evidence too (their 1-0 distance: the sentence against an empty
    #: side), so that dropping a sentence its neighbour's length needs costs what gluing a misfit does. Only
    #: with the miss charge: without it nothing would weigh the other way, and unrelated lines would be glued.
    omission_length: bool = False
    #: The sentence encoder's term (``encoder.py``), beside the concepts': nats per sentence for a typical
    #: translation's encoder similarity (0: no encoder), and that similarity's own calibration, the cosine of
    #: unrelated sentences and how far above it a typical translation sits.
    encoder: float = 0.0
    enc_base: float = 0.0
    enc_scale: float = 1.0
    #: Standard deviation of unrelated pairs' cosines, the concepts' and the encoder's. The DP does not read it;
    #: the confidence does (``confidence.chance_distance``): two documents that are not translations of each
    #: other have a "typical translation" too, chance's best, and only its distance from chance tells.
    spread: float = 1.0
    enc_spread: float = 1.0
    #: Per side, the running count of quotation marks before each sentence (``lang.quote_marks``; n + 1 and
    #: m + 1 entries), and the nats a bead pays when the parities of its two blocks differ: one side closes
    #: (or opens) a quotation the other leaves as it was. None / 0: not charged.
    quotes_x: np.ndarray | None = field(default=None, compare=False)
    quotes_y: np.ndarray | None = field(default=None, compare=False)
    quote: float = 0.0


@dataclass(frozen=True)
class Path:
    """The chosen beads as (first src, src count, first tgt, tgt count)."""

    beads: list[tuple[int, int, int, int]]


def calibrate(x: Rows, y: Rows, lx: np.ndarray, ly: np.ndarray,
              rng: np.random.Generator) -> tuple[float, float, float]:
    """Cosine of unrelated pairs (random), how far above it likely translations (best near the diagonal) sit,
    and the unrelated pairs' standard deviation (``Scoring.spread``)."""
    n, m = len(x), len(y)
    k = rng.integers(0, n, size=min(CALIBRATION_PAIRS, 4 * n))
    r = rng.integers(0, m, size=len(k))
    unrelated = np.einsum("ij,ij->i", unit(x[k]), unit(y[r]))
    base, spread = float(np.mean(unrelated)), max(MIN_SPREAD, float(np.std(unrelated)))
    rows = np.unique(rng.integers(0, n, size=min(CALIBRATION_ROWS, n)))
    centre = length_diagonal(lx, ly)
    win = CALIBRATION_WINDOW + min(m // 10, CALIBRATION_MAX_WINDOW)
    best = [float((unit(y[max(0, centre[i] - win):centre[i] + win + 1]) @ unit(x[i:i + 1])[0]).max()) for i in rows]
    return base, max(MIN_SCALE, float(np.mean(best)) - base), spread


def bead_scores(bd: Band, r0: int, r1: int, sc: Scoring, ebd: Band | None = None,
                enc: Encoded | None = None) -> np.ndarray:
    """The score of every shape ending at every state of rows r0..r1-1, indexed [shape, row - r0, column]: the
    path score the bead adds, NEG where it does not fit (compiled: ``beads.bead_scores``).

    An a-b bead's score is log-odds in nats: lexical evidence summed over the bead's sentences, each judged
    against the other side's whole block and capped (so one strong sentence cannot carry its neighbours), the
    evidence against members that share too little with that block (``Scoring.miss_x``: so a caption or a
    stray line is cheaper as an omission than glued to a neighbour), Gale–Church length, and the shape's
    prior; with the encoder, its cosine of the blocks' summed vectors, calibrated on its own
    (``Scoring.enc_base``, ``enc_scale``), capped as the lexical term is, per sentence of the bead ((a + b) / 2,
    as the lexical term's average over the two sides), and averaged with the joined blocks' (``Encoded``).
    """
    shape = (len(SHAPES), r1 - r0, bd.width)
    out = np.full(shape, NEG)
    with_enc = ebd is not None and enc is not None
    by_joined = np.asarray([with_enc and a + b > 2 and a in (enc.src_blocks or {}) and b in (enc.tgt_blocks or {})
                            for a, b in SHAPES])
    fill_beads(r0, r1, bd.lo, bd.hi, _SHAPE_SIZES, _PRIORS, bd.src_chars, bd.tgt_chars, _band_arrays(bd),
               _band_arrays(ebd if with_enc else bd), _joined_cosines(bd, r0, r1, enc, by_joined), by_joined,
               _weights(sc, with_enc), _misses(sc.miss_x, len(bd.src_chars) - 1), _misses(sc.miss_y, bd.m),
               _quotes(sc.quotes_x, len(bd.src_chars)), _quotes(sc.quotes_y, bd.m + 1), out)
    return out


def _joined_cosines(bd: Band, r0: int, r1: int, enc: Encoded | None, by_joined: np.ndarray) -> np.ndarray:
    """Cosines of the joined blocks of the shapes ``by_joined`` marks, at the states of rows r0..r1-1 (one BLAS
    product per shape: ``band.band_dots``); an empty array when no shape is."""
    joined = np.zeros((len(SHAPES) if by_joined.any() else 0, r1 - r0, bd.width), dtype=np.float32)
    for t in np.flatnonzero(by_joined):
        a, b = SHAPES[t]
        rows = np.arange(max(a, r0), r1)
        joined[t, rows - r0] = band_dots(enc.src_blocks[a][rows], enc.tgt_blocks[b], bd.lo[rows], bd.width)
    return joined


def _band_arrays(bd: Band) -> BandArrays:
    """What the compiled bead scoring reads of a band."""
    return BandArrays(bd.dot_lo, bd.dot_cum, bd.src_adjacent[0], bd.tgt_adjacent[0], tuple(bd.src_block_norms),
                      tuple(bd.tgt_block_norms))


def _weights(sc: Scoring, with_enc: bool) -> Weights:
    """``sc``'s numbers for the compiled bead scoring (the encoder's weight 0 without its band), all floats so
    that one compiled version serves every call."""
    return Weights(float(sc.lexical), float(sc.cap), float(sc.length_weight), float(sc.ratio), float(sc.variance),
                   float(sc.base), float(sc.scale), bool(sc.omission_length), float(sc.encoder) if with_enc else 0.0,
                   float(sc.enc_base), float(sc.enc_scale), math.log1p(-LENGTH_OUTLIERS), math.log(LENGTH_OUTLIERS),
                   float(sc.quote) if sc.quotes_x is not None and sc.quotes_y is not None else 0.0)


def length_logp(ls: np.ndarray, lt: np.ndarray, sc: Scoring) -> np.ndarray:
    """Gale–Church log-probability of each target length ``lt`` given source length ``ls`` (already × ratio),
    as the bead scores have it (``beads.length_logp``)."""
    return length_logp_of(np.ascontiguousarray(ls, dtype=np.float64), np.ascontiguousarray(lt, dtype=np.float64),
                          _weights(sc, False))


def _quotes(counts: np.ndarray | None, n: int) -> np.ndarray:
    """Running quotation-mark counts as the compiled code takes them: int64, zeros for none."""
    return np.zeros(n, dtype=np.int64) if counts is None else np.asarray(counts, dtype=np.int64)


def _misses(miss: np.ndarray | None, n: int) -> np.ndarray:
    """Miss charges of n sentences as the compiled code takes them: float64, zeros for none."""
    return np.zeros(n) if miss is None else np.asarray(miss, dtype=np.float64)


class _Lattice:
    """The DP's memory while it fills rows 0..n of a band ``width`` states wide.

    Path scores are kept for the last MAX_SRC + 1 rows only (row i in ring slot i % ring). Each slot is padded
    with NEG: MAX_TGT columns on the left and width + 1 on the right, so that reading an earlier row shifted
    by lo[i] - lo[i - a] - b (between -MAX_TGT and width) never leaves the array.
    What traceback needs is kept per state: the best bead's shape, and whether an omission there continues a
    run.
    """

    def __init__(self, n: int, width: int) -> None:
        self.width = width
        self.left = MAX_TGT
        self.ring = MAX_SRC + 1
        padded = self.left + 2 * width + 1
        self.scores = np.full((self.ring, padded), NEG)
        #: Best scores of paths whose last bead is a 1-0 (this row's and the previous row's), for runs of them.
        self.deleted = np.full((2, padded), NEG)
        self.back = np.zeros((n + 1, width), dtype=np.int8)  # shape index of the best bead ending at each state
        #: Per state, whether the 1-0 (bit 1) / 0-1 (bit 2) ending there continues a run of them or starts one.
        self.runs = np.zeros((n + 1, width), dtype=np.int8)

    def fill(self, r0: int, r1: int, lo: np.ndarray, scores: np.ndarray) -> None:
        """Best path score into every state of rows r0..r1-1, whose beads' scores are ``scores``
        (``lattice.fill_rows``)."""
        fill_rows(r0, r1, lo, scores, self.scores, self.deleted, self.back, self.runs, _SHAPE_SIZES, self.left, NEG,
                  TIE, DELETION, INSERTION, PRIOR[(1, 0)], PRIOR[(0, 1)])

    def trace(self, lo: np.ndarray, n: int, m: int) -> Path:
        """The best path from (n, m) back to (0, 0), following runs of omissions through ``runs``
        (``lattice.trace_back``)."""
        beads = trace_back(self.back, self.runs, lo, n, m, _SHAPE_SIZES, DELETION, INSERTION)
        return Path([tuple(b) for b in beads.tolist()])


def row_chunks(rows: int, width: int) -> Iterator[tuple[int, int]]:
    """Row ranges [r0, r1) of about ``CHUNK_CELLS`` band cells each: the bead scores held at once."""
    chunk = max(MIN_CHUNK_ROWS, CHUNK_CELLS // width)
    for r0 in range(0, rows, chunk):
        yield r0, min(rows, r0 + chunk)


@dataclass(frozen=True)
class Encoded:
    """Sentence-encoder vectors of the two sides (unit rows), and of their joined blocks when kept:
    ``src_blocks[a][e]`` encodes source sentences [e - a, e) joined (``encoder.encode_blocks``), likewise
    ``tgt_blocks``; a shape whose blocks are not kept is judged by the sums alone.

    A merged bead is judged by the sum of its sentences' vectors (as Vecalign) and, with blocks, by the mean
    of that and its joined texts' cosine (Bertalign encodes joined text): two estimates of one similarity
    whose errors differ. Measured (MAC-Dev / Text+Berg strict F1): sums 0.883 / 0.906, joined text alone
    0.881 / 0.905, the better of the two 0.881 / 0.910, their mean 0.893 / 0.910."""

    x: np.ndarray
    y: np.ndarray
    src_blocks: dict[int, np.ndarray] | None = None
    tgt_blocks: dict[int, np.ndarray] | None = None


def search(x: Rows, y: Rows, lx: np.ndarray, ly: np.ndarray, lo: np.ndarray, hi: np.ndarray,
           sc: Scoring, enc: Encoded | None = None) -> Path:
    """Best monotonic path through states (i, j), lo[i] ≤ j ≤ hi[i], from (0, 0) to (n, m)."""
    n, m = len(x), len(y)
    bd = dots_in_band(x, y, lx, ly, lo, hi, MAX_SRC, MAX_TGT)
    ebd = None if enc is None else dots_in_band(enc.x, enc.y, lx, ly, lo, hi, MAX_SRC, MAX_TGT)
    lattice = _Lattice(n, bd.width)
    for r0, r1 in row_chunks(n + 1, bd.width):
        lattice.fill(r0, r1, lo, bead_scores(bd, r0, r1, sc, ebd, enc))
    return lattice.trace(lo, n, m)


def shortfall(sim: np.ndarray) -> np.ndarray:
    """How far a normalised similarity falls short of a typical translation's: 1 at an unrelated pair's or
    below, 0 at a typical translation's or above, linear between (the scale of ``Scoring.scale``)."""
    return 1.0 - np.clip(sim, 0.0, 1.0)


class _SideBySide:
    """One side's unit concept and encoder vectors side by side, each part divided by the root of its scale, so
    that a pair's dot product is the sum of the two cosines, each in units of its typical translation's; made
    a block of rows at a time (``band.Rows``)."""

    def __init__(self, concepts: Rows, encoded: np.ndarray, sc: Scoring) -> None:
        self.concepts, self.encoded = concepts, encoded
        self.cx, self.cy = math.sqrt(sc.scale), math.sqrt(sc.enc_scale)

    def __len__(self) -> int:
        return len(self.concepts)

    def __getitem__(self, rows: slice | np.ndarray) -> np.ndarray:
        return np.hstack([unit(self.concepts[rows]) / self.cx, self.encoded[rows] / self.cy]).astype(np.float32)


class _Folded:
    """Hashed concept vectors folded to ``ANCHOR_DIMS`` slots (slot s and s + ANCHOR_DIMS summed: the same
    hashing into fewer slots), a block of rows at a time (``band.Rows``)."""

    def __init__(self, v: Rows) -> None:
        self.v = v

    def __len__(self) -> int:
        return len(self.v)

    def __getitem__(self, rows: slice | np.ndarray) -> np.ndarray:
        block = self.v[rows]
        return block.reshape(len(block), -1, ANCHOR_DIMS).sum(axis=1)


def _kept(v: Rows) -> np.ndarray:
    """``v`` as one array, made ``KEPT_ROWS`` rows at a time."""
    out = np.zeros((len(v), v[0:1].shape[1]), dtype=np.float32)
    for k0 in range(0, len(v), KEPT_ROWS):
        out[k0:k0 + KEPT_ROWS] = v[k0:k0 + KEPT_ROWS]
    return out


def _anchor_vectors(x: Rows, y: Rows, sc: Scoring, enc: Encoded | None) -> tuple[Rows, Rows]:
    """What anchors are found with: the concept vectors (folded), and with the encoder both kinds side by side.
    The anchor search reads each block of source rows once and each target some twenty times (its window is
    8√m wide), so the targets' are made once and kept (``_kept``), the sources' as they are read."""
    if enc is None:
        return (_Folded(x), _kept(_Folded(y))) if x[0:1].shape[1] > ANCHOR_DIMS else (x, _kept(y))
    return _SideBySide(x, enc.x, sc), _SideBySide(_kept(y), enc.y, sc)


def align(x: Rows, y: Rows, lx: np.ndarray, ly: np.ndarray, sc: Scoring,
          enc: Encoded | None = None) -> Path:
    """Full search for small documents; anchored banded search for long ones."""
    n, m = len(x), len(y)
    if n * m <= FULL_CELLS or n < 4 or m < 4:
        return search(x, y, lx, ly, np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64), sc, enc)
    lo, hi = anchored_band(*_anchor_vectors(x, y, sc, enc), lx, ly)
    return search(x, y, lx, ly, lo, hi, sc, enc)


def realign(x: Rows, y: Rows, lx: np.ndarray, ly: np.ndarray, sc: Scoring, near: Path,
            enc: Encoded | None = None) -> Path:
    """Search again within ``BUFFER`` sentences of an earlier path."""
    n, m = len(x), len(y)
    if n * m <= FULL_CELLS:
        return align(x, y, lx, ly, sc, enc)
    lo, hi = band_around(near.beads, n, m, BUFFER)
    return search(x, y, lx, ly, lo, hi, sc, enc)
