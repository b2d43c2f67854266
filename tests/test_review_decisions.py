"""Decisions files: strict reading, atomic writing, and their application to a pair's beads."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from termkit.errors import TermkitError
from termkit.review.decisions import (
    HEADER,
    Decision,
    PairDocs,
    apply_decisions,
    read_decisions,
    read_project_decisions,
    write_decisions,
)
from termkit.tables import ALIGNMENTS

SRC = {0: "甲。", 1: "乙。", 2: "丙。", 3: "丁。"}
TGT = {0: "A.", 1: "B.", 2: "C.", 3: "D."}
DOCS = PairDocs("000", "004", "zh-Hans", "en", "parallel", SRC, TGT)


def _beads(*pairs: tuple[list[int], list[int], float]) -> pl.DataFrame:
    rows = [{"tuid": f"000-004-{n}", "src_doc": "000", "tgt_doc": "004", "src_ids": s, "tgt_ids": t,
             "src_lang": "zh-Hans", "tgt_lang": "en", "src_text": "".join(SRC[i] for i in s),
             "tgt_text": " ".join(TGT[j] for j in t), "score": score, "mode": "parallel"}
            for n, (s, t, score) in enumerate(pairs, start=1)]
    return pl.DataFrame(rows, schema=ALIGNMENTS)


def _d(src: tuple[int, ...], tgt: tuple[int, ...], verdict: str) -> Decision:
    return Decision(src, tgt, verdict, "".join(SRC[i] for i in src), " ".join(TGT[j] for j in tgt), "ann",
                    "2026-12-03")


def _file(tmp_path: Path, *rows: str) -> Path:
    p = tmp_path / "000-004.tsv"
    p.write_text("\t".join(HEADER) + "\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return p


def test_write_then_read_gives_the_same_decisions(tmp_path):
    ds = [_d((0,), (0,), "accept"), Decision((1, 2), (1,), "pair", "乙\t丙", "B\nC", "Ann <a@b>", "", "a\\b")]
    p = tmp_path / "review" / "000-004.tsv"
    write_decisions(p, ds)
    assert read_decisions(p) == ds
    assert p.read_text(encoding="utf-8").splitlines()[0] == "\t".join(HEADER)
    assert len(p.read_text(encoding="utf-8").splitlines()) == 3  # escaped: one bead a line


def test_missing_file_is_no_decisions(tmp_path):
    assert read_decisions(tmp_path / "none.tsv") == []


@pytest.mark.parametrize(("row", "message"), [
    ("0\t0\taccept\tx\ty\t\t", "expected 8 tab-separated cells, found 7"),
    ("0;1\t0\taccept\tx\ty\t\t\t", "bad src_ids '0;1'"),
    ("1,0\t0\taccept\tx\ty\t\t\t", "distinct and in order"),
    ("0\t0\tmaybe\tx\ty\t\t\t", "bad verdict 'maybe'"),
    ("0\t\tpair\tx\t\t\t\t", "a pair needs sentence ids on both sides"),
    ("\t\treject\t\t\t\t\t", "at least one side"),
    ("0\t0\taccept\tx\ty\t\t3/12/2026\t", "bad date '3/12/2026'"),
])
def test_a_bad_row_is_one_error_naming_file_and_line(tmp_path, row, message):
    p = _file(tmp_path, "3\t3\treject\tx\ty\t\t\t", row)
    with pytest.raises(TermkitError) as e:
        read_decisions(p)
    assert str(e.value).startswith(f"{p}:3: ") and message in str(e.value)


def test_bad_header_and_conflicting_rows_are_errors(tmp_path):
    p = tmp_path / "x.tsv"
    p.write_text("src\ttgt\n", encoding="utf-8")
    with pytest.raises(TermkitError, match=r"x\.tsv:1: not a decisions file"):
        read_decisions(p)
    p = _file(tmp_path, "0\t0\taccept\tx\ty\t\t\t", "0\t0\treject\tx\ty\t\t\t")
    with pytest.raises(TermkitError, match=r":3: a second decision on the bead of line 2"):
        read_decisions(p)
    p = _file(tmp_path, "0\t0\taccept\tx\ty\t\t\t", "1\t0,1\tpair\tx\ty\t\t\t")
    with pytest.raises(TermkitError, match=r":3: shares a target sentence with the bead kept on line 2"):
        read_decisions(p)
    p = _file(tmp_path, "0,1\t0\treject\tx\ty\t\t\t", "0\t0\tpair\tx\ty\t\t\t")
    assert len(read_decisions(p)) == 2  # a reject may overlap the bead that replaces it


def test_accept_keeps_a_low_bead_and_reject_takes_one_out():
    beads = _beads(([0], [0], 0.1), ([1], [1], 0.9), ([2], [2], 0.2))
    out = apply_decisions(beads, [_d((0,), (0,), "accept"), _d((1,), (1,), "reject")], DOCS, Path("r.tsv"))
    assert out.stale == []
    assert out.table.select("tuid", "score", "review").rows() == [("000-004-1", 0.1, "accepted"),
                                                                    ("000-004-3", 0.2, "")]
    page = apply_decisions(beads, [_d((1,), (1,), "reject")], DOCS, Path("r.tsv"), keep_rejected=True)
    assert page.table["review"].to_list() == ["", "rejected", ""]


def test_a_pair_replaces_the_beads_it_overlaps_in_place():
    beads = _beads(([0], [0], 0.9), ([1, 2], [1], 0.4), ([3], [2, 3], 0.5))
    out = apply_decisions(beads, [_d((1,), (1,), "pair"), _d((2, 3), (2, 3), "pair")], DOCS, Path("r.tsv"))
    t = out.table
    assert t.select("tuid", "src_ids", "tgt_ids", "score", "review").rows() == [
        ("000-004-1", [0], [0], 0.9, ""), ("000-004-4", [1], [1], None, "accepted"),
        ("000-004-5", [2, 3], [2, 3], None, "accepted")]
    assert t["src_text"].to_list() == ["甲。", "乙。", "丙。丁。"]  # Chinese joins without a space
    assert t["tgt_text"][2] == "C. D."


def test_a_pair_of_unpaired_sentences_goes_in_source_order():
    beads = _beads(([0], [0], 0.9), ([3], [3], 0.9))
    out = apply_decisions(beads, [_d((2,), (1,), "pair")], DOCS, Path("r.tsv"))
    assert out.table["src_ids"].to_list() == [[0], [2], [3]]
    empty = apply_decisions(_beads(), [_d((2,), (1,), "pair")], DOCS, Path("r.tsv"))
    assert empty.table.select("tuid", "src_doc", "mode").rows() == [("000-004-1", "000", "parallel")]


def test_stale_decisions_are_reported_not_applied():
    beads = _beads(([0], [0], 0.9), ([1], [1], 0.9))
    changed = Decision((0,), (0,), "reject", "甲!", "A.")
    gone = Decision((1,), (9,), "pair", "乙。", "Z.", line=3)
    out = apply_decisions(beads, [changed, gone], DOCS, Path("r.tsv"))
    assert out.table.height == 2 and out.table["review"].to_list() == ["", ""]
    assert [s.reason for s in out.stale] == ["the source text has changed", "the target document has no sentence 9"]
    assert str(out.stale[1]) == "r.tsv:3: stale pair of 1↔9 not applied: the target document has no sentence 9"


def test_applying_to_built_beads_changes_nothing_build_did():
    raw = _beads(([0], [0], 0.9), ([1, 2], [1], 0.4), ([3], [2, 3], 0.5))
    ds = [_d((0,), (0,), "reject"), _d((1,), (1,), "pair"), _d((3,), (2, 3), "accept")]
    built = apply_decisions(raw, ds, DOCS, Path("r.tsv")).table
    again = apply_decisions(built, ds, DOCS, Path("r.tsv")).table
    assert again.equals(built)


def test_files_of_pairs_not_built_are_reported_stale(tmp_path):
    review = tmp_path / "sources" / "review"
    write_decisions(review / "000-004.tsv", [_d((0,), (0,), "accept")])
    write_decisions(review / "009-004.tsv", [_d((1,), (1,), "accept")])
    found, stale = read_project_decisions(tmp_path, [("000", "004"), ("002", "004")])
    assert found[("000", "004")][1] == [_d((0,), (0,), "accept")] and found[("002", "004")][1] == []
    assert [(s.path.name, s.reason) for s in stale] == [("009-004.tsv", "no pair of this build has these documents")]


@pytest.fixture(scope="module")
def reviewed_build(tmp_path_factory):
    """A copy of the bundled corpus built, reviewed (accept the lowest bead, reject one, pair two unpaired
    sentences, one stale decision), and built again."""
    import shutil

    from conftest import ROOT, TEST_GLOSSARY, run_cli

    from termkit.formats.tsv import read_alignments_tsv

    proj = tmp_path_factory.mktemp("proj")
    shutil.copytree(ROOT / "sources", proj / "sources", ignore=shutil.ignore_patterns("review"))
    shutil.copytree(TEST_GLOSSARY, proj / "glossary")
    first = run_cli("build", "-q", cwd=proj)
    assert first.returncode == 0, first.stderr
    beads = read_alignments_tsv(proj / "aligned" / "000-004.alignments.tsv").sort("score")
    segs = pl.read_parquet(proj / "aligned" / "segments.parquet")
    low, bad = beads.row(0, named=True), beads.row(1, named=True)
    used_s = {i for ids in beads["src_ids"] for i in ids}
    used_t = {i for ids in beads["tgt_ids"] for i in ids}
    s = segs.filter((pl.col("doc_id") == "000") & ~pl.col("seg_id").is_in(list(used_s))).row(0, named=True)
    t = segs.filter((pl.col("doc_id") == "004") & ~pl.col("seg_id").is_in(list(used_t))).row(0, named=True)
    decisions = [
        Decision(tuple(low["src_ids"]), tuple(low["tgt_ids"]), "accept", low["src_text"], low["tgt_text"]),
        Decision(tuple(bad["src_ids"]), tuple(bad["tgt_ids"]), "reject", bad["src_text"], bad["tgt_text"]),
        Decision((s["seg_id"],), (t["seg_id"],), "pair", s["text"], t["text"], "ann", "2026-12-03"),
        Decision((0,), (0,), "reject", "not what 000 says", "nor 004"),
    ]
    write_decisions(proj / "sources" / "review" / "000-004.tsv", decisions)
    res = run_cli("build", cwd=proj)
    assert res.returncode == 0, res.stderr
    return proj, res, low, bad, (s["seg_id"], t["seg_id"])


def test_build_applies_decisions_to_tsv_and_tmx(reviewed_build):
    from lxml import etree

    proj, _, low, bad, (s, t) = reviewed_build
    tsv = pl.read_csv(proj / "aligned" / "000-004.alignments.tsv", separator="\t", quote_char=None,
                      infer_schema=False).fill_null("")
    assert tsv.columns[-1] == "review"
    assert bad["tuid"] not in tsv["tuid"].to_list()
    accepted = tsv.filter(pl.col("review") == "accepted")
    assert sorted(accepted["tuid"].to_list()) == sorted([low["tuid"], accepted.filter(
        pl.col("src_ids") == str(s))["tuid"].item()])
    assert accepted.filter(pl.col("src_ids") == str(s))["tgt_ids"].item() == str(t)
    tree = etree.parse(str(proj / "aligned" / "000-004.tmx"))
    marked = tree.xpath('//tu[prop[@type="x-termkit-review"]="accepted"]/@tuid')
    assert sorted(marked) == sorted(accepted["tuid"].to_list())
    assert bad["tuid"] not in tree.xpath("//tu/@tuid")


def test_build_reports_stale_decisions_and_counts_reviewed_beads(reviewed_build):
    proj, res, *_ = reviewed_build
    stale = [line for line in res.stderr.splitlines() if "stale" in line]
    assert stale == [f"termkit: warning: {Path('sources', 'review', '000-004.tsv')}:5: stale reject of 0↔0 "
                     "not applied: the source text has changed"]
    summary = pl.read_parquet(proj / "aligned" / "summary.parquet")
    assert dict(summary.select("doc_id", "reviewed").rows()) == {"000": 2, "001": 0, "002": 0, "003": 0, "004": 2}
    assert "reviewed" in res.stderr


def test_export_keeps_accepted_beads_whatever_min_score(reviewed_build, tmp_path):
    from conftest import run_cli
    from lxml import etree

    from termkit.review.decisions import accepted_tuids

    proj, _, low, *_ = reviewed_build
    tsv = proj / "aligned" / "000-004.alignments.tsv"
    accepted = accepted_tuids(tsv)
    assert low["tuid"] in accepted and len(accepted) == 2 and accepted_tuids(proj / "aligned" / "segments.tsv") == set()
    res = run_cli("export", "tmx", str(tsv), "-o", str(tmp_path / "x.tmx"), "--min-score", "0.99")
    assert res.returncode == 0, res.stderr
    tree = etree.parse(str(tmp_path / "x.tmx"))
    kept = set(tree.xpath("//tu/@tuid"))
    assert accepted <= kept and set(tree.xpath('//tu[prop[@type="x-termkit-review"]]/@tuid')) == accepted
    scores = {tu.get("tuid"): float(tu.xpath('prop[@type="x-termkit-score"]/text()')[0])
              for tu in tree.xpath("//tu") if tu.xpath('prop[@type="x-termkit-score"]')}
    assert all(s >= 0.99 for t, s in scores.items() if t not in accepted) and scores[low["tuid"]] < 0.99
