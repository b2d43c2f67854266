"""Streaming TMX export and import: batches give the same bytes and tables as whole frames, in flat memory."""

from __future__ import annotations

import polars as pl
import pytest
from conftest import run_cli
from test_tmx import DATE, sample_beads

from termkit.errors import TermkitError
from termkit.export import ExportSurvey
from termkit.formats import tsv
from termkit.formats.alignments import Format, write_aligned
from termkit.formats.tmx import header_language, iter_tmx, read_tmx, read_tmx_report, write_tmx
from termkit.formats.tsv import (
    iter_alignments_tsv,
    read_alignments_tsv,
    write_alignments_tsv,
    write_alignments_tsv_batches,
)


def _many(n: int = 40) -> pl.DataFrame:
    """``n`` copies of the test beads with distinct ids, every fourth copy in the other direction."""
    copies = [sample_beads().with_columns(pl.col("tuid") + f"-{i}") for i in range(n)]
    for i in range(0, n, 4):
        copies[i] = copies[i].with_columns(pl.lit("en").alias("src_lang"), pl.lit("zh-Hant").alias("tgt_lang"))
    return pl.concat(copies)


def _slices(df: pl.DataFrame, size: int) -> list[pl.DataFrame]:
    return [df.slice(i, size) for i in range(0, df.height, size)]


def test_small_batches_write_the_same_tmx_as_one_frame(tmp_path):
    df = _many()
    whole, batched = tmp_path / "whole.tmx", tmp_path / "batched.tmx"
    n = write_tmx(df, whole, creation_date=DATE)
    assert write_tmx(iter(_slices(df, 7)), batched, creation_date=DATE, src_lang=header_language(df)) == n
    assert batched.read_bytes() == whole.read_bytes()
    assert write_tmx(_slices(df, 7), batched, min_score=0.5, creation_date=DATE,
                     src_lang=header_language(df)) == write_tmx(df, whole, min_score=0.5, creation_date=DATE)
    assert batched.read_bytes() == whole.read_bytes()


def test_batches_without_a_source_language_take_the_first_batch_s(tmp_path):
    df = _many()
    path = tmp_path / "b.tmx"
    write_tmx([df.head(0), *_slices(df, 5)], path, creation_date=DATE)  # the first batch with rows is all en
    assert b'srclang="en" datatype' in path.read_bytes()
    write_tmx(df, tmp_path / "w.tmx", creation_date=DATE)  # zh-Hans, the commonest
    assert b'srclang="zh-Hans" datatype' in (tmp_path / "w.tmx").read_bytes()
    assert read_tmx(path).equals(read_tmx(tmp_path / "w.tmx"))  # the units mean the same either way


def test_iter_tmx_yields_several_batches_that_make_read_tmx(tmp_path):
    path = tmp_path / "m.tmx"
    write_tmx(_many(), path, creation_date=DATE)
    counts: dict[str, int] = {}
    batches = list(iter_tmx(path, batch_rows=25, counts=counts))
    assert len(batches) == 5 and {b.height for b in batches[:-1]} == {25} and batches[-1].height == 20
    whole, whole_counts = read_tmx_report(path)
    assert pl.concat(batches).equals(whole) and whole.height == 120
    assert counts == whole_counts == {"units": 120, "no_source": 0, "no_target": 0}


def test_iter_tmx_checks_its_options_before_reading(tmp_path):
    with pytest.raises(TermkitError, match="inline mode"):
        iter_tmx(tmp_path / "absent.tmx", inline="strip")


def test_tsv_batches_write_the_same_bytes(tmp_path):
    df = _many(6).with_columns(
        pl.when(pl.int_range(pl.len()) == 3).then(pl.lit("tab\there\\n, new\nline\r\\")).otherwise(pl.col("src_text"))
        .alias("src_text"),
        pl.when(pl.int_range(pl.len()) == 4).then(None).otherwise(pl.col("src_ids")).alias("src_ids"),
        pl.when(pl.int_range(pl.len()) == 5).then(pl.lit([None, 2], dtype=pl.List(pl.Int64)))
        .otherwise(pl.col("tgt_ids")).alias("tgt_ids"),
        pl.col("score").fill_null(1 / 3) * 1e3)
    write_alignments_tsv(df, tmp_path / "one.tsv")
    assert write_alignments_tsv_batches(iter(_slices(df, 4)), tmp_path / "many.tsv") == df.height
    assert (tmp_path / "many.tsv").read_bytes() == (tmp_path / "one.tsv").read_bytes()


@pytest.mark.parametrize("fmt", list(Format))
def test_batches_leave_no_file_when_the_input_fails(tmp_path, fmt):
    def write(batches, out):
        return write_aligned(batches, fmt, out)

    out = tmp_path / "out"
    out.write_text("before\n")

    def failing():
        yield sample_beads()
        raise TermkitError("truncated input")

    with pytest.raises(TermkitError, match="truncated"):
        write(failing(), out)
    assert out.read_text() == "before\n" and [p.name for p in tmp_path.iterdir()] == ["out"]
    assert write(iter(_slices(_many(), 7)), out) == 200


@pytest.mark.parametrize("streamed", [False, True], ids=["small-file", "large-file"])
def test_iter_alignments_tsv_batches_make_the_whole_table(tmp_path, monkeypatch, streamed):
    if streamed:  # the lazy line reader that files above tsv._SMALL get
        monkeypatch.setattr(tsv, "_SMALL", 0)
        monkeypatch.setattr(tsv, "_HEAD", 256)
    path = tmp_path / "a.tsv"
    write_alignments_tsv(_many(6).with_columns(pl.col("tgt_text").str.replace("S", "S\\")), path)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))  # BOM and CRLF, as Excel saves
    batches = list(iter_alignments_tsv(path, batch_rows=7))
    assert len(batches) == 5
    assert pl.concat(batches).equals(read_alignments_tsv(path), null_equal=True)


def test_iter_alignments_tsv_names_the_bad_line_in_a_later_batch(tmp_path):
    path = tmp_path / "bad.tsv"
    write_alignments_tsv(_many(3), path)
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[12] = lines[12].rsplit("\t", 1)[0]  # a cell short, on line 13
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(TermkitError, match=r"bad\.tsv:13: expected 11 tab-separated cells, found 10"):
        list(iter_alignments_tsv(path, batch_rows=4))


def test_export_survey_detects_languages_across_batches_as_from_the_whole_file(tmp_path):
    path = tmp_path / "pairs.tsv"
    rows = ["src_lang\tsrc_text\ttgt_text"] + [f"\t香港特別行政區政府今日宣佈第{i}項措施。\tMeasure {i}." for i in range(300)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    small, large = ExportSurvey(None, "en", 0.0, batch_rows=9), ExportSurvey(None, "en", 0.0)
    for survey in (small, large):
        survey.read(path)
    assert small.fills == large.fills == {path: {"src": "zh-Hant", "tgt": "en"}}
    assert small.header_language() == "zh-Hant" and small.units == 300
    assert pl.concat(small.batches()).equals(pl.concat(large.batches()))


def test_import_of_a_tmx_without_pairs_writes_nothing(tmp_path):
    tm = tmp_path / "lonely.tmx"
    tm.write_text('<tmx version="1.4"><header srclang="en"/><body>'
                  '<tu><tuv xml:lang="en"><seg>Alone</seg></tuv></tu></body></tmx>')
    out = tmp_path / "sub" / "out.tsv"
    r = run_cli("import", "tmx", str(tm), "-o", str(out))
    assert r.returncode == 2 and "no translation units with both a source and a target (1 unit read)" in r.stderr
    assert not out.parent.exists()


def test_import_to_parquet_streams_the_same_table(tmp_path):
    tm = tmp_path / "m.tmx"
    write_tmx(_many(), tm, creation_date=DATE)
    out = tmp_path / "m.parquet"
    r = run_cli("import", "tmx", str(tm), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert "imported 120 pairs (en→zh-Hant, zh-Hans→en) from 120 units" in r.stderr
    assert pl.read_parquet(out).equals(read_tmx(tm))
    cut = tmp_path / "cut.tmx"
    cut.write_bytes(tm.read_bytes()[:-300])
    r = run_cli("import", "tmx", str(cut), "-o", str(out))
    assert r.returncode == 2 and "truncated" in r.stderr and "Traceback" not in r.stderr
    assert pl.read_parquet(out).height == 120  # the earlier import, untouched
