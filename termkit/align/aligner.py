"""Sentence alignment: evidence → vectors → banded DP, twice (the second pass uses what the first taught:
word pairs, the length ratio and variance, and how often a true counterpart shares nothing with a sentence).

Parallel mode returns a monotonic ladder covering every sentence; comparable mode (see
``comparable.py``) returns only confident pairs in any order.
"""

from __future__ import annotations

import dataclasses
import itertools
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from termkit.align import confidence, dp, encoder, quotes
from termkit.align.band import unit
from termkit.align.bead import Bead
from termkit.align.concepts import BagRows, Side, concept_rows
from termkit.align.learn import Table, dice_table
from termkit.align.vectors import Hashed, dims_for, idf
from termkit.lang import joiner

LEXICAL = 3.0  # log-odds (nats) per sentence of a typical translation's lexical similarity
CAP = 2.0  # a sentence's similarity counts up to twice a typical translation's (``Scoring.cap``); set, not tuned
LENGTH_WEIGHT = 1.0  # Gale–Church's log-probability at face value: a nat of length evidence is a nat of evidence
GC_VARIANCE = 6.8  # Gale & Church (1993), per character; re-estimated from the first pass
COSINE_PAIRS = 4096  # pairs whose rows ``_cosines`` gathers at once: a few MB of copies; set, not tuned
LEARNED_CHUNK = 4096  # sentences whose learnt bags are laid out at once: a few tens of MB of entries; set, not tuned
MIN_FIT = 10  # 1-1 beads of the first pass below which nothing is re-estimated from it (as ``_reestimate``)
#: Nats per sentence of a typical translation's encoder similarity: the same as the concepts' (both terms
#: are calibrated to 1 = a typical translation of this document), set, not tuned.
ENCODER_WEIGHT = LEXICAL
#: Merged beads of up to this many sentences a side are also judged by the encoding of their joined text
#: (``encoder.encode_blocks``, ``dp.Encoded``); 0: by their sentences' summed vectors alone. Measured
#: (MAC-Dev / Text+Berg strict F1): up to 4 sentences 0.893 / 0.910, up to 3 the same for 5/9 of the joined
#: encoding (runs of 2 and 3 rather than 2, 3 and 4), up to 2 0.885 / 0.908, none 0.883 / 0.906.
JOINED = 3
#: ... for document pairs of up to this many sentences (both sides together): the joined runs cost three times
#: the sentences' encoding (longer texts, two runs a sentence), for a gain that shrinks with the document's
#: length. Measured on bible/001 (11,301 sentences, cold): sentences only 32.8 s and strict F1 0.913, with
#: joined runs 133.5 s and 0.916; on MAC-Dev's chapters (450 to 680 sentences a pair) 0.883 → 0.893. Set
#: between the two, not tuned: a long chapter (a few thousand sentences) still gets them.
JOINED_MAX = 5000


@dataclass
class Evidence:
    """Everything the DP needs about one document pair."""

    x: Hashed
    y: Hashed
    lx: np.ndarray
    ly: np.ndarray
    weights: np.ndarray  # per concept id, the idf of those both sides use (0: the others, left out of x and y)


def _lengths(sentences: Sequence[str]) -> np.ndarray:
    """Characters other than white space (split/join runs in C: a long document has millions)."""
    return np.asarray([len("".join(s.split())) for s in sentences], dtype=np.float64)


def _with_learned(bags: BagRows, units: Sequence[Sequence[str]], table: Table) -> BagRows:
    """The bags with what the table learnt of each sentence's units added (same vocabulary): each bag's own
    concepts first, then the learnt ones in the order its units teach them (``BagRows.add_entries``), a
    sentence chunk at a time (``LEARNED_CHUNK``)."""
    taught = {u: ([bags.vocab[t] for t in d], list(d.values())) for u, d in table.items()}
    start, keys, tf, rows = bags.start, bags.keys, bags.tf, bags.rows()
    out = BagRows(bags.vocab)
    for k0 in range(0, len(bags), LEARNED_CHUNK):
        k1 = min(len(bags), k0 + LEARNED_CHUNK)
        new_rows, new_keys, new_tf = array("q"), array("q"), array("d")
        for k in range(k0, k1):
            for u in units[k]:
                got = taught.get(u)
                if got is not None:
                    new_rows.extend(itertools.repeat(k - k0, len(got[0])))
                    new_keys.extend(got[0])
                    new_tf.extend(got[1])
        own = slice(start[k0], start[k1])
        out.add_entries(k1 - k0, np.concatenate([rows[own] - k0, np.frombuffer(new_rows, dtype=np.int64)]),
                        np.concatenate([keys[own], np.frombuffer(new_keys, dtype=np.int64)]),
                        np.concatenate([tf[own], np.frombuffer(new_tf, dtype=np.float64)]))
    return out


def _evidence(src_bags: BagRows, tgt_bags: BagRows, lx: np.ndarray, ly: np.ndarray) -> Evidence:
    weights = idf(src_bags, tgt_bags)
    dims = dims_for(int(np.count_nonzero(weights)), len(src_bags) + len(tgt_bags))
    return Evidence(Hashed(src_bags, weights, dims), Hashed(tgt_bags, weights, dims), lx, ly, weights)


def _one_to_one(path: dp.Path) -> np.ndarray:
    """(source, target) sentence of each 1-1 bead of a path: what the second pass re-estimates from."""
    return np.asarray([(i, j) for i, a, j, b in path.beads if a == b == 1], dtype=np.int64).reshape(-1, 2)


def _cosines(ev: Evidence, pairs: np.ndarray) -> np.ndarray:
    """Cosine of each (source, target) sentence pair, ``COSINE_PAIRS`` at a time (the rows they gather are
    copies: all of a book's at once would be a few hundred MB)."""
    out = np.zeros(len(pairs), dtype=np.float32)
    for k in range(0, len(pairs), COSINE_PAIRS):
        p = pairs[k:k + COSINE_PAIRS]
        out[k:k + len(p)] = np.einsum("ij,ij->i", unit(ev.x[p[:, 0]]), unit(ev.y[p[:, 1]]))
    return out


def _path_scale(cos: np.ndarray, base: float, fallback: float) -> float:
    """Typical cosine of the first pass's 1-1 beads (``cos``) minus the baseline: what "a translation" looks like."""
    if len(cos) < MIN_FIT:
        return fallback
    return max(0.05, float(np.median(cos)) - base)


def _scoring(cal: tuple[float, float, float], variance: float, ratio: float,
             enc: tuple[float, float, float] | None = None) -> dp.Scoring:
    """The DP's scoring from the concepts' calibration (base, scale, spread: ``dp.calibrate``) and, when the
    encoder is on, the encoder term's."""
    base, scale, spread = cal
    sc = dp.Scoring(lexical=LEXICAL, cap=CAP, length_weight=LENGTH_WEIGHT, ratio=ratio, variance=variance,
                    base=base, scale=scale, spread=spread)
    if enc is None:
        return sc
    return dataclasses.replace(sc, encoder=ENCODER_WEIGHT, enc_base=enc[0], enc_scale=enc[1], enc_spread=enc[2])


def _encoded(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str) -> dp.Encoded:
    """Both sides' encoder vectors, each centred on its own document (``encoder.centred``), and with
    ``JOINED`` those of every block a merged bead can hold, where the pair is short enough (``JOINED_MAX``).
    The model is dropped once they are encoded."""
    x, y = encoder.centred(encoder.encode(src)), encoder.centred(encoder.encode(tgt))
    if not JOINED or len(src) + len(tgt) > JOINED_MAX:
        encoder.release()
        return dp.Encoded(x, y)
    merged = [(a, b) for a, b in dp.SHAPES if a and b and a + b > 2 and max(a, b) <= JOINED]
    enc = dp.Encoded(x, y, encoder.encode_blocks(src, sorted({a for a, _ in merged}), joiner(src_lang)),
                     encoder.encode_blocks(tgt, sorted({b for _, b in merged}), joiner(tgt_lang)))
    encoder.release()
    return enc


def _encoder_cosines(enc: dp.Encoded, pairs: np.ndarray) -> np.ndarray:
    """Encoder cosine of each (source, target) sentence pair (the vectors are unit rows)."""
    return np.einsum("ij,ij->i", enc.x[pairs[:, 0]], enc.y[pairs[:, 1]])


def _confidence(path: dp.Path, sc: dp.Scoring, ev: Evidence, enc: dp.Encoded | None) -> np.ndarray:
    """P(right) of each bead, omissions included: ``confidence.confidence``'s fitted model."""
    return confidence.confidence(path, sc, ev.x, ev.y, ev.lx, ev.ly, enc)


def _path_to_beads(path: dp.Path, conf: np.ndarray) -> list[Bead]:
    return [Bead(tuple(range(i, i + a)), tuple(range(j, j + b)), round(float(c), 4))
            for (i, a, j, b), c in zip(path.beads, conf, strict=True)]


def _reestimate(ones: np.ndarray, lx: np.ndarray, ly: np.ndarray) -> tuple[float, float]:
    """Length ratio and Gale–Church variance from the 1-1 beads (``ones``) of a path.

    All of them: a bead's confidence already counts its length fit, so keeping only confident beads
    would measure the variance on the beads that fit best and underestimate it.
    """
    if len(ones) < MIN_FIT:
        return float(ly.sum() / max(lx.sum(), 1.0)), GC_VARIANCE
    ls, lt = lx[ones[:, 0]], ly[ones[:, 1]]
    ratio = float(lt.sum() / max(ls.sum(), 1.0))
    var = float(np.mean((lt - ratio * ls) ** 2 / np.maximum((ls * ratio + lt) / 2, 1.0)))
    return ratio, max(1.0, var)


def _masses(bags: BagRows, weights: np.ndarray) -> np.ndarray:
    """Per sentence, the mass of its concepts the other document also uses: what it has to share."""
    keep = weights[bags.keys] != 0
    return np.bincount(bags.rows()[keep], weights=bags.tf[keep], minlength=len(bags))


def fit_miss(n: np.ndarray, z: np.ndarray) -> tuple[float, float]:
    """(p, ε) maximising the likelihood of "shares nothing" events z (soft, in [0, 1]) at concept masses n,
    under P(z = 1 | n) = ε + (1 - ε)(1 - p)^n.

    A grid search (p in steps of 0.01, ε over three decades) over masses binned to quarters: the events
    of a long document (the Bible's 30,000 beads) then fit in a few hundred bins.
    """
    bins, where = np.unique(np.round(n * 4) / 4, return_inverse=True)
    hits = np.bincount(where, weights=z, minlength=len(bins))[:, None, None]
    misses = np.bincount(where, weights=1 - z, minlength=len(bins))[:, None, None]
    p = np.linspace(0.01, 0.99, 99)[None, :, None]
    eps = np.geomspace(1e-3, 0.5, 40)[None, None, :]
    log0 = np.log(eps + (1 - eps) * np.exp(bins[:, None, None] * np.log1p(-p)))
    loglik = (hits * log0 + misses * np.log(np.maximum(-np.expm1(log0), 1e-12))).sum(axis=0)
    k, e = np.unravel_index(int(np.argmax(loglik)), loglik.shape)
    return float(p[0, k, 0]), float(eps[0, 0, e])


def _miss_odds(ones: np.ndarray, cos: np.ndarray, sc: dp.Scoring,
               masses: tuple[np.ndarray, np.ndarray]) -> list[np.ndarray]:
    """Per sentence of each side, log P(a true counterpart shares nothing with it) = log(ε + (1 - ε)(1 - p)^n).

    Why: a merge that glues an unrelated line (a caption, an advertisement, a passage the other side
    lacks) to a good pair loses almost nothing on averaged similarity, and Gale–Church's priors make
    gluing cheaper than an omission; what gives the line away is that it shares nothing while a true
    counterpart of a sentence with that many concepts would. n is the sentence's concept mass; p (the
    share of concepts a counterpart holds) and ε (the rate of free renderings that share nothing however
    long the sentence) are fitted for each side to the first pass's 1-1 beads of this very document pair
    (``ones``, with cosines ``cos``; ``fit_miss``, with the same ``dp.shortfall`` the search charges), so a
    loose translation or a thin dictionary gets a mild penalty and a short sentence is hardly evidence at all.
    """
    z = dp.shortfall((cos - sc.base) / sc.scale)
    out = []
    for mass, idx in zip(masses, (ones[:, 0], ones[:, 1]), strict=True):
        p, eps = fit_miss(mass[idx], z)
        out.append(np.log(eps + (1 - eps) * (1 - p) ** mass))
    return out


def _teach(path: dp.Path, units: Sequence[Sequence[str]], tgt_bags: BagRows) -> Table:
    """Word associations from every non-empty bead of a path.

    Every bead teaches, not only confident ones: Dice's count threshold already rejects chance
    co-occurrence, and where there is no dictionary (de–fr) few beads of a short document are confident
    before anything is learnt, so a confidence threshold would starve the table.
    """
    names, start, keys = tgt_bags.names(), tgt_bags.start.tolist(), tgt_bags.keys.tolist()
    s_units, t_keys = [], []
    for i, a, j, b in path.beads:
        if a and b:
            s_units.append([u for k in range(i, i + a) for u in units[k]])
            t_keys.append([names[c] for c in keys[start[j]:start[j + b]]])
    return dice_table(s_units, t_keys)


def align_sentences(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str, *,
                    mode: str = "parallel", extra_pairs: Iterable[tuple[str, str]] = (),
                    encoder_name: str = encoder.DEFAULT) -> list[Bead]:
    """Align two lists of sentences.

    Parallel mode: monotonic beads (up to 1-4/4-1, and 1-0/0-1 omissions) covering every sentence once.
    Comparable mode: only confident 1-1, 1-2, 2-1 pairs in any order, each sentence used at most once.
    ``extra_pairs`` are (source term, target term) glossary renderings, used as extra evidence.
    ``encoder_name``: ``use`` adds the sentence encoder's similarity beside the concepts' in parallel mode
    (``none`` for a language it lacks: see ``encoder.resolve``, which also words the notice for the user).

    BLAS runs single-threaded here: the products are small blocks, and on a busy machine (or with
    ``--workers``) a second BLAS thread spins for a core that is not free: measured on bible/001 under load,
    CPU time 14.1 s with two threads against 6.8 s with one.
    """
    if mode not in ("parallel", "comparable"):
        raise ValueError(f"unknown alignment mode {mode!r}")
    with threadpool_limits(limits=1, user_api="blas"):
        return _align_sentences(src, tgt, src_lang, tgt_lang, mode, extra_pairs,
                                encoder.resolve(encoder_name, src_lang, tgt_lang)[0])


def _align_sentences(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str, mode: str,
                     extra_pairs: Iterable[tuple[str, str]], encoder_name: str) -> list[Bead]:
    if not src or not tgt:
        if mode == "comparable":
            return []
        return [Bead((i,), (), 0.5) for i in range(len(src))] + [Bead((), (j,), 0.5) for j in range(len(tgt))]
    if mode == "comparable":
        from termkit.align.comparable import align_comparable

        return align_comparable(src, tgt, src_lang, tgt_lang, extra_pairs, encoder_name=encoder_name)
    s_side, t_side = Side(src_lang, src), Side(tgt_lang, tgt)
    s_bags, t_bags = concept_rows(s_side, t_side, extra_pairs)
    lx, ly = _lengths(src), _lengths(tgt)
    rng = np.random.default_rng(0)
    enc = _encoded(src, tgt, src_lang, tgt_lang) if encoder_name == encoder.USE else None
    enc_cal = None if enc is None else dp.calibrate(enc.x, enc.y, lx, ly, np.random.default_rng(1))
    ev = _evidence(s_bags, t_bags, lx, ly)
    base, scale, spread = dp.calibrate(ev.x, ev.y, lx, ly, rng)
    sc = _scoring((base, scale, spread), GC_VARIANCE, float(ly.sum() / max(lx.sum(), 1.0)), enc_cal)
    qx, qy = quotes.counts(src), quotes.counts(tgt)
    sc = dataclasses.replace(sc, quotes_x=qx, quotes_y=qy, quote=quotes.chance_odds(qx, qy))
    path = dp.align(ev.x, ev.y, lx, ly, sc, enc)
    ones = _one_to_one(path)
    ratio, variance = _reestimate(ones, lx, ly)
    del ev  # the second pass embeds afresh; freeing the first pass's vectors keeps the learning step's peak low
    table = _teach(path, s_side.units, t_bags)
    learned = _with_learned(s_bags, s_side.units, table)
    del s_bags  # what the second pass needs of them is in ``learned``
    ev = _evidence(learned, t_bags, lx, ly)
    if table:
        base, _, spread = dp.calibrate(ev.x, ev.y, lx, ly, rng)
    cos = _cosines(ev, ones)
    scale = _path_scale(cos, base, scale)
    if enc is not None and enc_cal is not None:
        enc_cal = (enc_cal[0], _path_scale(_encoder_cosines(enc, ones), enc_cal[0], enc_cal[1]), enc_cal[2])
    sc = dataclasses.replace(_scoring((base, scale, spread), variance, ratio, enc_cal), quotes_x=qx, quotes_y=qy,
                             quote=quotes.path_odds(path, qx, qy))
    if len(ones) >= MIN_FIT:
        miss_x, miss_y = _miss_odds(ones, cos, sc, (_masses(learned, ev.weights), _masses(t_bags, ev.weights)))
        sc = dataclasses.replace(sc, miss_x=miss_x, miss_y=miss_y, omission_length=True)
    path = dp.realign(ev.x, ev.y, lx, ly, sc, path, enc)
    return _path_to_beads(path, _confidence(path, sc, ev, enc))
