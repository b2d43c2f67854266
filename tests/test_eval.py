"""The Sennrich & Volk strict/lax metric on cases worked out by hand, and scoring files and folders."""

from __future__ import annotations

import pytest
from conftest import shared_path

from termkit.align.eval import count, evaluate, evaluate_paths, score
from termkit.errors import TermkitError
from termkit.formats.ladder import read_ladder, write_ladder

GOLD = [([0], [0]), ([1, 2], [1]), ([3], []), ([], [2]), ([4], [3])]
TEST = [([0], [0]), ([1], [1]), ([2], []), ([3], []), ([4], [2, 3])]


def test_hand_worked_case():
    # precision over all 5 test beads: [0]:[0] and [3]:[] strict; [1]:[1] and [4]:[2,3] share a gold link
    # ([2]:[] has no target, so it cannot); recall over gold's 3 one-or-more:one-or-more beads, against
    # test's 3: [0]:[0] strict, [1,2]:[1] and [4]:[3] lax.
    c = count(GOLD, TEST)
    assert tuple(c) == (2, 4, 5, 1, 3, 3)
    s = score(GOLD, TEST)
    assert s.strict_precision == pytest.approx(0.4)
    assert s.strict_recall == pytest.approx(1 / 3)
    assert s.strict_f1 == pytest.approx(2 * 0.4 / 3 / (0.4 + 1 / 3))
    assert s.lax_precision == pytest.approx(0.8)
    assert s.lax_recall == pytest.approx(1.0)
    assert s.lax_f1 == pytest.approx(2 * 0.8 / 1.8)


def test_perfect_and_disjoint():
    assert score(GOLD, GOLD).strict_f1 == 1.0
    wrong = [([0], [3]), ([1, 2], [2]), ([4], [0, 1])]
    s = score(GOLD, wrong)
    assert (s.strict_f1, s.lax_f1) == (0.0, 0.0)


def test_recall_ignores_deletions_and_insertions_but_precision_does_not():
    gold = [([0], [0]), ([1], []), ([], [1])]
    only_links = [([0], [0])]
    s = score(gold, only_links)
    assert (s.strict_precision, s.strict_recall) == (1.0, 1.0)
    wrong_deletion = [([0], [0]), ([1], [1])]  # gold says 1 and 1 are unrelated
    s = score(gold, wrong_deletion)
    assert s.strict_precision == 0.5 and s.lax_precision == 0.5 and s.strict_recall == 1.0


def test_empty_beads_and_duplicates_are_ignored():
    assert count(GOLD, [*TEST, ([], []), ([0], [0])]) == count(GOLD, TEST)


def test_lax_uses_links_of_any_gold_bead():
    # [1,2]:[5] is not a gold bead, but source 2 is linked to target 5 by gold's [2]:[5]
    s = score([([1], [4]), ([2], [5])], [([1, 2], [5])])
    assert (s.strict_precision, s.lax_precision) == (0.0, 1.0)


def test_overall_is_micro_average():
    small = ([([0], [0])], [([0], [0])])  # 1/1 strict
    big = ([([i], [i]) for i in range(3)], [([0], [1]), ([1], [0]), ([2], [2])])  # 1/3 strict
    report = evaluate({"b": big, "a": small})
    assert list(report.files) == ["a", "b"]
    assert report.overall.strict_precision == pytest.approx(2 / 4)  # not (1 + 1/3) / 2
    assert report.as_dict()["overall"]["p_total"] == 4


def test_evaluate_paths_files_and_folders(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "test").mkdir()
    write_ladder(GOLD, tmp_path / "gold" / "001.align")
    write_ladder(GOLD, tmp_path / "gold" / "002.align")
    write_ladder(TEST, tmp_path / "test" / "001.align")
    write_ladder(GOLD, tmp_path / "test" / "002.align")
    write_ladder(GOLD, tmp_path / "test" / "extra.align")
    report = evaluate_paths(tmp_path / "gold", tmp_path / "test")
    assert list(report.files) == ["001.align", "002.align"]
    assert report.unmatched_test == ("extra.align",)
    assert report.files["002.align"].strict_f1 == 1.0
    single = evaluate_paths(tmp_path / "gold" / "001.align", tmp_path / "test" / "001.align")
    assert single.overall == score(GOLD, TEST)
    write_ladder([(t, s) for s, t in GOLD], tmp_path / "test" / "reversed.align")
    flipped = evaluate_paths(tmp_path / "gold" / "001.align", tmp_path / "test" / "reversed.align", reverse=True)
    assert flipped.overall.strict_f1 == 1.0
    (tmp_path / "test" / "002.align").unlink()
    with pytest.raises(TermkitError, match=r"no test alignment for 1 gold file.*002\.align"):
        evaluate_paths(tmp_path / "gold", tmp_path / "test")
    with pytest.raises(TermkitError, match="both be files or both folders"):
        evaluate_paths(tmp_path / "gold", tmp_path / "test" / "001.align")


def test_gold_scores_itself_perfectly():
    gold = shared_path("data", "mac-dev", "gold")
    report = evaluate_paths(gold, gold)
    assert report.overall.strict_f1 == 1.0 and report.overall.lax_f1 == 1.0
    beads = read_ladder(gold / "001.align")
    shifted = [(s, [t + 1 for t in tg]) for s, tg in beads]
    assert score(beads, shifted).strict_f1 < 0.3
