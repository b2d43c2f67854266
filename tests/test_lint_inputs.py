"""What lint reads: aligned TSV (fast and careful readers agree), bilingual CSV/TSV, directories."""

from __future__ import annotations

import polars as pl
import pytest
from conftest import run_cli

from termkit.errors import TermkitError
from termkit.formats.discover import expand
from termkit.formats.tsv import read_alignments_tsv, write_alignments_tsv
from termkit.lint.inputs import read_target, read_targets
from termkit.tables import ALIGNMENTS


def table(n: int = 2) -> pl.DataFrame:
    return pl.DataFrame([{"tuid": f"t{i}", "src_doc": "a", "tgt_doc": "b", "src_ids": [i, i + 1], "tgt_ids": [],
                          "src_lang": "zh-Hans", "tgt_lang": "en", "src_text": f"第{i}句\t含制表符\\", "tgt_text": "x\ny",
                          "score": 0.5, "mode": "parallel"} for i in range(n)], schema=ALIGNMENTS)


def test_fast_reader_equals_the_careful_one(tmp_path):
    p = tmp_path / "x.alignments.tsv"
    write_alignments_tsv(table(), p)
    got = read_target(p)
    assert got.select(list(ALIGNMENTS)).equals(read_alignments_tsv(p))
    assert got["line"].to_list() == [2, 3] and got["file"][0] == str(p)


def test_bilingual_tables_in_other_encodings_and_formats(tmp_path):
    hk = "國務院上周印發《河套深港科技創新合作區深圳園區發展規劃》，深圳園區建設本周再進一步。"
    (tmp_path / "b.tsv").write_bytes(f"src_text\ttgt_text\tlint_ignore\n\n{hk}\tthe plan\t*\n".encode("big5"))
    (tmp_path / "c.csv").write_text('tuid,src_text,tgt_text\nk1,"一区两园","one zone, two parks"\n', encoding="utf-8")
    units, files = read_targets([tmp_path])
    assert [f.name for f in files] == ["b.tsv", "c.csv"]
    assert units["line"].to_list() == [3, 2] and units["lint_ignore"].to_list() == ["*", ""]
    assert units["src_text"].to_list() == [hk, "一区两园"] and units["tuid"][1] == "k1"


def test_directory_discovery_skips_twins_hidden_and_excluded(tmp_path):
    write_alignments_tsv(table(1), tmp_path / "000-004.alignments.tsv")
    (tmp_path / "000-004.tmx").write_text("<tmx/>", encoding="utf-8")
    (tmp_path / "001-004.tmx").write_text("<tmx/>", encoding="utf-8")
    (tmp_path / "segments.tsv").write_text("doc_id\ttext\n", encoding="utf-8")
    (tmp_path / ".tmp").mkdir()
    write_alignments_tsv(table(1), tmp_path / ".tmp" / "x.alignments.tsv")
    sub = tmp_path / "old"
    sub.mkdir()
    write_alignments_tsv(table(1), sub / "y.alignments.tsv")
    assert [f.name for f in expand([tmp_path])] == ["000-004.alignments.tsv", "001-004.tmx", "y.alignments.tsv"]
    assert [f.name for f in expand([tmp_path], ("*/old/*",))] == ["000-004.alignments.tsv", "001-004.tmx"]


def test_directory_discovery_finds_cat_tools_xliff_and_po(tmp_path):
    import shutil
    from pathlib import Path

    data = Path(__file__).parent / "data" / "catalogs"
    write_alignments_tsv(table(1), tmp_path / "a.alignments.tsv")
    sub = tmp_path / "project" / "zh-CN"
    sub.mkdir(parents=True)
    for name in ("hetao.xlf", "hetao.po"):
        shutil.copy(data / name, sub / name)
    shutil.copy(data / "hetao.xlf", sub / "other.SDLXLIFF")
    (sub / "hetao.pot").write_text('msgid "x"\nmsgstr ""\n', encoding="utf-8")  # a template: no translations
    assert [f.name for f in expand([tmp_path])] == ["a.alignments.tsv", "hetao.po", "hetao.xlf", "other.SDLXLIFF"]
    units, files = read_targets([tmp_path])
    assert len(files) == 4 and set(units["file"].to_list()) == {str(f) for f in files}


def test_malformed_tables_name_the_line(tmp_path):
    p = tmp_path / "bad.tsv"
    p.write_text("src_text\ttgt_text\na\tb\nc\n", encoding="utf-8")
    with pytest.raises(TermkitError, match=r"bad\.tsv:3: expected 2 tab-separated cells, found 1"):
        read_target(p)
    q = tmp_path / "bad.csv"
    q.write_text("left,right\na,b\n", encoding="utf-8")  # src,tgt is a bilingual header since issue 15
    with pytest.raises(TermkitError, match=r"bad\.csv:1: not a bilingual table"):
        read_target(q)


def test_a_directory_without_aligned_files_is_an_error_not_a_clean_run(tmp_path):
    (tmp_path / "notes.txt").write_text("nothing bilingual here\n", encoding="utf-8")
    with pytest.raises(TermkitError, match="no aligned files"):
        expand([tmp_path])
    res = run_cli("lint", str(tmp_path))
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and "no aligned files" in res.stderr
