"""The parallel-mode confidence model (``termkit.align.confidence``) on synthetic vectors: probabilities, the
direction of each piece of evidence, omissions, the encoder on and off, and margins against local alternatives."""

from __future__ import annotations

import dataclasses

import numpy as np

from termkit.align import confidence, dp

SC = dp.Scoring(lexical=3.0, cap=2.0, length_weight=1.0, ratio=1.0, variance=6.8, base=0.0, scale=1.0)


def _vectors(n: int, seed: int = 0, dims: int = 64) -> np.ndarray:
    """n sparse non-negative "sentences", nearly orthogonal to one another."""
    rng = np.random.default_rng(seed)
    x = np.zeros((n, dims), dtype=np.float32)
    for i in range(n):
        x[i, rng.choice(dims, 4, replace=False)] = rng.uniform(0.5, 1.5, 4)
    return x


def _path(beads: list[tuple[int, int, int, int]]) -> dp.Path:
    return dp.Path(beads)


def _diagonal(n: int) -> dp.Path:
    return _path([(i, 1, i, 1) for i in range(n)])


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=1, keepdims=True)


LENGTHS = np.full(8, 40.0)


def _evidence(q: np.ndarray, sc: dp.Scoring, x: np.ndarray, y: np.ndarray) -> confidence._Evidence:
    """The evidence of beads ``q`` over all of x and y (a band around the whole document)."""
    bands = confidence._bands([(0, len(x), 0, len(y))], x, y, LENGTHS[:len(x)], LENGTHS[:len(y)], None)
    return confidence._evidence(q, sc, bands, LENGTHS[:len(x)], LENGTHS[:len(y)])


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


def test_shapes_the_dp_does_not_search_are_no_alternative_and_size_is_generic() -> None:
    q = np.asarray([(0, 1, 0, 1), (0, 2, 0, 2), (0, 0, 0, 0), (0, 0, 0, 2), (0, dp.MAX_SRC + 1, 0, 1)])
    x = _vectors(8)
    assert np.isfinite(confidence._priors(q[:3])).all() and np.isinf(confidence._priors(q[3:])).all()
    valid = q[:3]
    local = confidence._local_scores(valid, SC, _evidence(valid, SC, x, x))
    assert np.isfinite(local[:2]).all() and local[2] == 0.0
    feats = confidence.features(_path([(0, 2, 0, 2), (2, 1, 2, 1)]), SC, x, x, LENGTHS, LENGTHS)
    assert list(feats[:, confidence.FEATURES.index("extra")]) == [2, 0]


def test_a_merged_member_that_shares_nothing_pays_its_miss_charge_as_in_the_dp() -> None:
    x = _vectors(8)
    y = x.copy()
    x[1] = _vectors(1, seed=11)[0]  # source 1, glued to the 0-0 pair, shares nothing with target 0
    q = np.asarray([(0, 2, 0, 1)])
    charged = dataclasses.replace(SC, miss_x=np.full(8, -3.0), miss_y=np.full(8, -3.0))
    free = confidence._local_scores(q, SC, _evidence(q, SC, x, y))
    paid = confidence._local_scores(q, charged, _evidence(q, charged, x, y))
    assert paid[0] < free[0] - 2.5  # about the full 3 nats of the stray member, a little of the others'


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
    monkeypatch.setattr(dp, "SHAPES", (*dp.SHAPES, (2, 3), (3, 2)))
    monkeypatch.setattr(dp, "PRIOR", {**dp.PRIOR, (2, 3): 6.0, (3, 2): 6.0})
    x = _vectors(8)
    y = x.copy()
    path = _path([(0, 2, 0, 3), (2, 1, 3, 1), (3, 1, 4, 1), (4, 1, 5, 1), (5, 3, 6, 2)])
    feats = confidence.features(path, SC, x, y, LENGTHS, LENGTHS)
    assert list(feats[:, confidence.FEATURES.index("extra")]) == [3, 0, 0, 0, 3]
    assert np.isfinite(confidence._priors(np.asarray([(0, 2, 0, 3), (0, 3, 0, 2)]))).all()
    conf = confidence.probabilities(feats, False)
    assert np.all((conf > 0) & (conf < 1))
