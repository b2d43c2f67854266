"""Ladder files: parsing (spaces, scores, blank lines), errors with file:line, round trip, the shared gold."""

from __future__ import annotations

import pytest
from conftest import shared_path

from termkit.errors import TermkitError
from termkit.formats.ladder import format_ladder, parse_ladder, read_ladder, write_ladder


def test_parses_every_bead_shape():
    text = "[0,1]:[2]\n\n[2]:[0, 1]\n [3] : [] \n[]:[3]\n[4]:[4]:0.8123\n"
    assert parse_ladder(text) == [([0, 1], [2]), ([2], [0, 1]), ([3], []), ([], [3]), ([4], [4])]


@pytest.mark.parametrize(("text", "line", "msg"), [
    ("[0]:[0]\n[1]-[1]\n", 2, "not a ladder bead"),
    ("[0]:[0]\n\n[a]:[1]\n", 3, "bad index list"),
    ("[0]:[0]\n[1]:[-1]\n", 2, "bad index list"),
    ("[0]:[0]\n[1]:[1]]\n", 2, "not a ladder bead"),
    ("[0]:[0]\n[1]:[1]:high\n", 2, "not a ladder bead"),
])
def test_errors_name_file_and_line(tmp_path, text, line, msg):
    path = tmp_path / "bad.align"
    path.write_text(text)
    with pytest.raises(TermkitError, match=msg) as exc:
        read_ladder(path)
    assert str(exc.value).startswith(f"{path}:{line}: ")
    assert "\n" not in str(exc.value)


def test_file_without_beads_is_an_error(tmp_path):
    path = tmp_path / "blank.align"
    path.write_text("\n  \n\n")
    with pytest.raises(TermkitError, match=r"empty|no beads"):
        read_ladder(path)


def test_round_trip_and_bead_tuples(tmp_path):
    beads = [([0, 1], [0]), ([2], []), ([], [1]), ([3], [2, 3, 4])]
    write_ladder(beads, tmp_path / "x.align")
    assert (tmp_path / "x.align").read_text() == "[0,1]:[0]\n[2]:[]\n[]:[1]\n[3]:[2,3,4]\n"
    assert read_ladder(tmp_path / "x.align") == beads
    # any tuple that starts with the two index lists (e.g. termkit.align.Bead with its score)
    assert format_ladder([((5,), (6, 7), 0.9)]) == "[5]:[6,7]\n"


def test_reads_every_shared_gold_file():
    data = shared_path("data")
    files = sorted(data.glob("*/gold/*.align"))
    assert len(files) >= 15
    for path in files:
        if path.stat().st_size > 1_000_000:  # bible/006 is read by the speed benchmark
            continue
        beads = read_ladder(path)
        assert beads and all(src or tgt for src, tgt in beads)
