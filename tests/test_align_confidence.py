"""The parallel-mode confidence model (``termkit.align.confidence``) on synthetic vectors: probabilities, the
direction of each piece of evidence, omissions, the encoder on and off, and margins against local alternatives,
checked against path scores summed by brute force from the DP's own bead scores."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from termkit.align import confidence, dp
from termkit.align.band import dots_in_band

SC = dp.Scoring(lexical=3.0, cap=2.0, length_weight=1.0, ratio=1.0, variance=6.8, base=0.0, scale=1.0)
OMISSIONS = ((1, 0), (0, 1))


def _vectors(n: int, seed: int = 0, dims: int = 64) -> np.ndarray:
    """n sparse non-negative "sentences", nearly orthogonal to one another (whole numbers: float32 dot products
    are exact, whichever band they are computed in)."""
    rng = np.random.default_rng(seed)
    x = np.zeros((n, dims), dtype=np.float32)
    for i in range(n):
        x[i, rng.choice(dims, 4, replace=False)] = rng.integers(1, 4, 4)
    return x


def _path(beads: list[tuple[int, int, int, int]]) -> dp.Path:
    return dp.Path(beads)


def _diagonal(n: int) -> dp.Path:
    return _path([(i, 1, i, 1) for i in range(n)])


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=1, keepdims=True)


LENGTHS = np.full(8, 40.0)


def _gapped() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dp.Scoring]:
    """Source sentences 4-6 and target sentences 8-9 have no counterpart (they share nothing with anything),
    with miss charges and omission lengths on: the DP's path has a run of 1-0s and one of 0-1s."""
    core = _vectors(12)
    x = np.vstack([core[:4], _vectors(3, seed=5), core[4:]])
    y = np.vstack([core[:8], _vectors(2, seed=6), core[8:]]) + np.float32(0.25) * _vectors(14, seed=1)
    lx, ly = np.full(len(x), 40.0), np.full(len(y), 40.0)
    lx[5], ly[9] = 25.0, 70.0  # runs whose members' lengths differ: a run's later members pay their prior only
    sc = dataclasses.replace(SC, miss_x=np.full(len(x), -6.0), miss_y=np.full(len(y), -6.0), omission_length=True)
    return x, y, lx, ly, sc


def _table(x: np.ndarray, y: np.ndarray, lx: np.ndarray, ly: np.ndarray, sc: dp.Scoring,
           enc: dp.Encoded | None = None) -> np.ndarray:
    """The DP's bead scores over the whole n × m table (one chunk), [shape, row, column]."""
    n, m = len(x), len(y)
    lo, hi = np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)
    bd = dots_in_band(x, y, lx, ly, lo, hi, dp.MAX_SRC, dp.MAX_TGT)
    ebd = None if enc is None else dots_in_band(enc.x, enc.y, lx, ly, lo, hi, dp.MAX_SRC, dp.MAX_TGT)
    return dp.bead_scores(bd, 0, n + 1, sc, ebd, enc)


def _path_score(beads: list[tuple[int, int, int, int]], table: np.ndarray) -> float:
    """A path's score summed bead by bead from the whole table: each bead's score at its end state, but a 1-0 or
    0-1 right after one of its own shape pays its prior only (a run's later members)."""
    total, before = 0.0, None
    for i, a, j, b in beads:
        if (a, b) not in dp.SHAPES or table[dp.SHAPES.index((a, b)), i + a, j + b] <= dp.NEG / 2:
            return -np.inf
        own = table[dp.SHAPES.index((a, b)), i + a, j + b]
        total += -dp.PRIOR[(a, b)] if (a, b) in OMISSIONS and (a, b) == before else own
        before = (a, b)
    return total


def _brute_margins(beads: list[tuple[int, int, int, int]], table: np.ndarray) -> np.ndarray:
    """``confidence.margins`` worked out path by path: every boundary moved by one sentence either way or both,
    each changed path scored in full (``_path_score``)."""
    i, a, j, b = beads[-1]
    padded = [(0, 0, 0, 0), *beads, (i + a, 0, j + b, 0)]
    own = _path_score(beads, table)
    boundary = []
    for k in range(len(padded) - 1):
        (i0, _, j0, _), (i1, a1, j1, b1) = padded[k], padded[k + 1]
        best = -np.inf
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                mi, mj = i1 + di, j1 + dj
                first, second = (i0, mi - i0, j0, mj - j0), (mi, i1 + a1 - mi, mj, j1 + b1 - mj)
                if min(first[1], first[3], second[1], second[3]) < 0:
                    continue
                changed = [q for q in [*padded[:k], first, second, *padded[k + 2:]] if q[1] + q[3] > 0]
                if changed != beads:
                    best = max(best, _path_score(changed, table))
        boundary.append(np.clip(own - best, -confidence.MARGIN_CLIP, confidence.MARGIN_CLIP))
    return np.minimum(boundary[:-1], boundary[1:])


def _random_path(rng: np.random.Generator, n: int, m: int) -> list[tuple[int, int, int, int]]:
    """A random monotone path from (0, 0) to (n, m) of the DP's shapes, omissions frequent."""
    beads, i, j = [], 0, 0
    while i < n or j < m:
        fit = [(a, b) for a, b in dp.SHAPES if i + a <= n and j + b <= m]
        a, b = fit[rng.integers(len(fit))]
        beads.append((i, a, j, b))
        i, j = i + a, j + b
    return beads


def _margins(path: dp.Path, sc: dp.Scoring, x: np.ndarray, y: np.ndarray, lx: np.ndarray,
             ly: np.ndarray) -> np.ndarray:
    """``confidence.margins`` of a path, before ``_per_run``, from the DP's scores in the confidence's band."""
    cmp = confidence.compared(np.asarray(path.beads))
    return confidence.margins(cmp, confidence.dp_scores(cmp.beads, sc, confidence._bands(cmp.beads, x, y, lx, ly,
                                                                                          None)))


def test_the_brute_force_path_score_is_the_dps_including_omission_runs() -> None:
    """The test's own path score (``_path_score``) is what the DP's lattice sums for its best path."""
    x, y, lx, ly, sc = _gapped()
    n, m = len(x), len(y)
    path = dp.align(x, y, lx, ly, sc)
    shapes = [(a, b) for _, a, _, b in path.beads]
    assert shapes.count((1, 0)) == 3 and shapes.count((0, 1)) == 2  # the two runs
    lo = np.zeros(n + 1, dtype=np.int64)
    lattice = dp._Lattice(n, m + 1)
    table = _table(x, y, lx, ly, sc)
    lattice.fill(0, n + 1, lo, table)
    assert _path_score(path.beads, table) == pytest.approx(lattice.scores[n % lattice.ring, lattice.left + m])


def test_margins_are_the_dp_score_differences_against_the_best_alternative() -> None:
    x, y, lx, ly, sc = _gapped()
    table = _table(x, y, lx, ly, sc)
    path = dp.align(x, y, lx, ly, sc)
    got = _margins(path, sc, x, y, lx, ly)
    np.testing.assert_allclose(got, _brute_margins(path.beads, table), atol=1e-9)
    assert np.all(got > 0)  # the DP's path is the best in its band: no alternative beats it
    rng = np.random.default_rng(3)
    lx, ly = rng.uniform(10, 90, len(x)), rng.uniform(10, 90, len(y))  # omissions whose lengths cost a lot or little
    table = _table(x, y, lx, ly, sc)
    for _ in range(30):  # paths that are not the best, with runs and alternatives continuing or ending them
        beads = _random_path(rng, len(x), len(y))
        np.testing.assert_allclose(_margins(_path(beads), sc, x, y, lx, ly), _brute_margins(beads, table),
                                   atol=1e-9)


@pytest.mark.parametrize("with_encoder", [False, True])
def test_dp_scores_are_the_dps_bead_scores_gathered_over_chunks(with_encoder: bool, monkeypatch) -> None:
    """Each bead's score is the DP's at its end state, also when the band's rows come in several chunks, and with
    the encoder (its joined blocks too) as the DP scored it."""
    monkeypatch.setattr(dp, "CHUNK_CELLS", 1)
    monkeypatch.setattr(dp, "MIN_CHUNK_ROWS", 3)
    x, y, lx, ly, sc = _gapped()
    enc = None
    if with_encoder:
        rng = np.random.default_rng(4)
        blocks = ({2: _unit(rng.normal(size=(len(x) + 1, 8)))}, {2: _unit(rng.normal(size=(len(y) + 1, 8)))})
        enc = dp.Encoded(_unit(x + 1), _unit(y + 1), *blocks)
        sc = dataclasses.replace(sc, encoder=2.0, enc_base=0.3, enc_scale=0.5)
    path = _path(_random_path(np.random.default_rng(5), len(x), len(y)))
    bands = confidence._bands(confidence.compared(np.asarray(path.beads)).beads, x, y, lx, ly, enc)
    lo, hi = bands.concepts.lo, bands.concepts.hi
    q = np.asarray([(i - a, a, j - b, b) for a, b in dp.SHAPES for i in range(a, len(x) + 1)
                    for j in range(max(b, lo[i]), hi[i] + 1)])
    table = _table(x, y, lx, ly, sc, enc)
    want = table[[dp.SHAPES.index((a, b)) for a, b in q[:, [1, 3]]], q[:, 0] + q[:, 1], q[:, 2] + q[:, 3]]
    np.testing.assert_allclose(confidence.dp_scores(q, sc, bands), want, rtol=1e-12, atol=1e-9)


def test_beads_the_dp_does_not_search_or_that_leave_the_band_are_impossible() -> None:
    x = _vectors(12)
    bands = confidence._bands(confidence.compared(np.asarray(_diagonal(12).beads)).beads, x, x, np.full(12, 40.0),
                              np.full(12, 40.0), None)
    hi = int(bands.concepts.hi[6])
    q = np.asarray([(0, 1, 0, 1), (0, 0, 0, 0), (0, 2, 0, 0), (0, 0, 0, 2), (0, dp.MAX_SRC + 1, 0, 1), (1, 2, 1, 3),
                    (5, 1, hi - 4, 4), (5, 1, hi - 3, 4)])
    got = confidence.dp_scores(q, SC, bands)
    assert np.isfinite(got[0]) and got[1] == 0.0 and np.isfinite(got[6])
    assert np.isneginf(got[[2, 3, 4, 5, 7]]).all()
    feats = confidence.features(_path([(0, 2, 0, 2), (2, 1, 2, 1)]), SC, x[:3], x[:3], LENGTHS[:3], LENGTHS[:3])
    assert list(feats[:, confidence.FEATURES.index("extra")]) == [2, 0]


def test_each_omission_of_a_run_takes_the_runs_smallest_margin() -> None:
    x, y, lx, ly, sc = _gapped()
    path = dp.align(x, y, lx, ly, sc)
    margin = confidence.features(path, sc, x, y, lx, ly)[:, confidence.FEATURES.index("margin")]
    own = _margins(path, sc, x, y, lx, ly)
    for shape in OMISSIONS:
        run = [k for k, (_, a, _, b) in enumerate(path.beads) if (a, b) == shape]
        assert run == list(range(run[0], run[-1] + 1))  # one run
        assert np.all(margin[run] == own[run].min())
        assert len(set(own[run])) > 1  # ... which their own margins are not
    pairs = [k for k, (_, a, _, b) in enumerate(path.beads) if a and b]
    assert np.all(margin[pairs] == own[pairs])


def test_probabilities_one_per_bead_in_the_unit_interval_for_both_encoder_settings() -> None:
    x = _vectors(8)
    y = x + 0.3 * _vectors(8, seed=1)
    path = _path([(0, 1, 0, 1), (1, 2, 1, 1), (3, 1, 2, 0), (4, 1, 2, 2), (5, 0, 4, 1), (5, 3, 5, 3)])
    enc = dp.Encoded(_unit(x), _unit(y))
    for e, sc in ((None, SC), (enc, dataclasses.replace(SC, encoder=3.0, enc_base=0.0, enc_scale=1.0))):
        conf = confidence.confidence(path, sc, x, y, LENGTHS, LENGTHS, e)
        assert conf.shape == (len(path.beads),)
        assert np.all((conf >= 0.0) & (conf <= 1.0))


def test_a_bead_whose_sides_share_nothing_is_less_likely_right() -> None:
    x = _vectors(8)
    y = x.copy()
    y[3] = _vectors(1, seed=9)[0]  # target 3 unrelated to source 3
    conf = confidence.confidence(_diagonal(8), SC, x, y, LENGTHS, LENGTHS)
    assert conf[3] < conf[[0, 1, 2, 4, 5, 6, 7]].min()


def test_confidence_rises_with_similarity() -> None:
    x = _vectors(8)
    noise = _vectors(8, seed=2)
    conf = [confidence.confidence(_diagonal(8), SC, x, x + w * noise, LENGTHS, LENGTHS)[4] for w in (2.0, 1.0, 0.3)]
    assert conf[0] < conf[1] < conf[2]


def test_the_model_reads_each_feature_in_its_direction() -> None:
    """More similarity (either kind), a better length fit and a wider margin raise P(right); a bigger bead lowers it."""
    names = confidence.FEATURES
    base = np.asarray([[1.0, 0.0, 0.8, 0.8, -1.0, 0.0, 3.0]])
    for feature, step in (("concepts", 0.5), ("encoder", 0.5), ("length", 1.0), ("margin", 2.0), ("extra", -1.0)):
        up = base.copy()
        up[0, names.index(feature)] += step
        for on in (True, False):
            if feature == "encoder" and not on:
                continue
            assert confidence.probabilities(up, on)[0] > confidence.probabilities(base, on)[0], (feature, on)


def test_without_the_encoder_its_column_is_zero_and_with_it_the_encoder_counts() -> None:
    x = _vectors(8)
    sc = dataclasses.replace(SC, encoder=3.0, enc_base=0.0, enc_scale=1.0)
    path = _diagonal(8)
    off = confidence.features(path, SC, x, x, LENGTHS, LENGTHS)
    assert np.all(off[:, confidence.FEATURES.index("encoder")] == 0.0)
    agree = dp.Encoded(_unit(x), _unit(x))
    ey = _unit(x).copy()
    ey[2] = _unit(_vectors(1, seed=7))[0]  # the encoder says target 2 is not source 2's translation
    disagree = dp.Encoded(_unit(x), ey)
    good = confidence.confidence(path, sc, x, x, LENGTHS, LENGTHS, agree)
    bad = confidence.confidence(path, sc, x, x, LENGTHS, LENGTHS, disagree)
    assert bad[2] < good[2]


def test_margins_are_positive_on_the_right_path_and_negative_where_a_path_is_off_by_one() -> None:
    x = _vectors(8)
    right = confidence.features(_diagonal(8), SC, x, x, LENGTHS, LENGTHS)[:, confidence.FEATURES.index("margin")]
    assert np.all(right > 0)
    # source 3 and 4 swapped partners' neighbours: 3-4 and 4-3 beads where 3-3 and 4-4 are right
    wrong = _path([(0, 1, 0, 1), (1, 1, 1, 1), (2, 1, 2, 1), (3, 1, 3, 0), (4, 1, 3, 1), (5, 0, 4, 1),
                   (5, 1, 5, 1), (6, 1, 6, 1), (7, 1, 7, 1)])
    margin = confidence.features(wrong, SC, x, x, LENGTHS, LENGTHS)[:, confidence.FEATURES.index("margin")]
    assert margin[4] < 0 < margin[0]


def test_an_omission_that_a_neighbour_would_take_is_doubted_more_than_a_stray_line() -> None:
    x = _vectors(6)
    y = np.delete(x, 3, axis=0)  # source 3 has no counterpart
    stray = x.copy()
    stray[3] = _vectors(1, seed=5)[0]  # ... and shares nothing with anything
    echo = x.copy()
    echo[3] = x[2] + x[4]  # ... or repeats its neighbours' words (a merge would be as good a reading)
    path = _path([(0, 1, 0, 1), (1, 1, 1, 1), (2, 1, 2, 1), (3, 1, 3, 0), (4, 1, 3, 1), (5, 1, 4, 1)])
    lengths = np.full(6, 40.0)
    sure = confidence.confidence(path, SC, stray, y, lengths, lengths[:5])[3]
    doubtful = confidence.confidence(path, SC, echo, y, lengths, lengths[:5])[3]
    assert confidence.features(path, SC, stray, y, lengths, lengths[:5])[3, confidence.FEATURES.index("omission")] == 1
    assert doubtful < sure


def test_a_lone_bead_is_weighed_against_splitting_it_into_two_omissions() -> None:
    x = _vectors(2)
    lone = _path([(0, 1, 0, 1)])
    margin = confidence.FEATURES.index("margin")
    related = confidence.features(lone, SC, x[:1], x[:1], LENGTHS[:1], LENGTHS[:1])[0, margin]
    unrelated = confidence.features(lone, SC, x[:1], x[1:], LENGTHS[:1], LENGTHS[:1])[0, margin]
    assert unrelated < related
    assert unrelated < confidence.MARGIN_CLIP  # the 1-0 + 0-1 alternative is there to beat


def test_new_shapes_need_no_new_coefficients(monkeypatch) -> None:
    """A shape the DP comes to search (2-3, say) is scored, sized and offered as an alternative like the others."""
    shapes = (*dp.SHAPES, (2, 3), (3, 2))
    prior = {**dp.PRIOR, (2, 3): 6.0, (3, 2): 6.0}
    monkeypatch.setattr(dp, "SHAPES", shapes)
    monkeypatch.setattr(dp, "PRIOR", prior)
    monkeypatch.setattr(dp, "_SHAPE_SIZES", np.asarray(shapes, dtype=np.int64))
    monkeypatch.setattr(dp, "_PRIORS", np.asarray([prior[s] for s in shapes]))
    x = _vectors(8)
    y = x.copy()
    path = _path([(0, 2, 0, 3), (2, 1, 3, 1), (3, 1, 4, 1), (4, 1, 5, 1), (5, 3, 6, 2)])
    feats = confidence.features(path, SC, x, y, LENGTHS, LENGTHS)
    assert list(feats[:, confidence.FEATURES.index("extra")]) == [3, 0, 0, 0, 3]
    q = np.asarray([(0, 2, 0, 3), (5, 3, 6, 2)])
    assert np.isfinite(confidence.dp_scores(q, SC, confidence._bands(q, x, y, LENGTHS, LENGTHS, None))).all()
    conf = confidence.probabilities(feats, False)
    assert np.all((conf > 0) & (conf < 1))


def test_translation_probability_rises_with_the_distance_from_chance() -> None:
    for on in (True, False):
        p = [confidence.translation_probability(d, on) for d in np.linspace(-5.0, 30.0, 200)]
        assert bool(np.all(np.diff(p) >= 0))  # monotone, even in the laws' far tails
        assert p[0] < 0.01 and p[-1] > 0.99
        assert confidence.translation_probability(None, on) == 1.0  # too few pairs to judge: not judged


def test_a_pair_of_documents_that_are_not_translations_has_no_right_pair_and_every_omission_right() -> None:
    feats = np.zeros((3, len(confidence.FEATURES)))
    feats[2, confidence.FEATURES.index("omission")] = 1.0
    p = np.asarray([0.9, 0.6, 0.7])
    np.testing.assert_allclose(confidence.gated(p, feats, 1.0), p)
    np.testing.assert_allclose(confidence.gated(p, feats, 0.0), [0.0, 0.0, 1.0])
    np.testing.assert_allclose(confidence.gated(p, feats, 0.5), [0.45, 0.3, 0.85])


@pytest.mark.parametrize("encoder", ["none", "use"])
def test_the_wrong_file_gets_low_confidence_and_the_right_one_keeps_its_own(encoder: str) -> None:
    """A MAC-Dev chapter aligned with its translation, and with the next chapter's: the second's pairs are all
    wrong, and the confidence must say so (the per-bead model alone gave them 0.74-0.87 on average)."""
    from conftest import shared_path

    from termkit.align import align_sentences

    folder = shared_path("data", "mac-dev")
    names = sorted(p.name for p in (folder / "zh").iterdir())[:2]
    zh, en, other = ((folder / lang / name).read_text(encoding="utf-8").splitlines()
                     for lang, name in (("zh", names[0]), ("en", names[0]), ("en", names[1])))
    right = [b.score for b in align_sentences(zh, en, "zh", "en", encoder_name=encoder) if b.src and b.tgt]
    wrong = [b.score for b in align_sentences(zh, other, "zh", "en", encoder_name=encoder) if b.src and b.tgt]
    assert np.mean(right) > 0.8 and np.mean(wrong) < 0.1
