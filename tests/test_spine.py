"""The spine: table contract, file reading errors, encodings, atomic writes, aligned TSV round trip."""

from __future__ import annotations

import polars as pl
import pytest

from termkit import tables
from termkit.encoding import decode_bytes, read_text
from termkit.errors import TermkitError
from termkit.fileio import atomic_write
from termkit.formats.tsv import read_alignments_tsv, write_alignments_tsv


def test_conform_names_missing_columns():
    with pytest.raises(ValueError, match="tuid"):
        tables.conform(pl.DataFrame({"src_text": ["a"]}), tables.ALIGNMENTS)


def test_empty_has_schema():
    assert tables.empty(tables.SEGMENTS).schema == pl.Schema(tables.SEGMENTS)


@pytest.mark.parametrize("enc", ["gb18030", "big5hkscs"])
def test_decodes_chinese_legacy_encodings(enc):
    text = "香港特別行政區政府政務司司長陳國基表示，會繼續積極跟深圳合作。" if "big5" in enc else \
        "国务院印发《河套深港科技创新合作区深圳园区发展规划》，标志着开发建设进入全面实施阶段。"
    decoded, name = decode_bytes(text.encode(enc))
    assert decoded == text
    assert name == ("big5" if "big5" in enc else "gb18030")


def test_read_errors_are_one_line(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 4)
    for name, msg in [("empty.txt", "empty"), ("bin.txt", "binary"), ("missing.txt", "no such file"), ("", "directory")]:
        with pytest.raises(TermkitError, match=msg) as exc:
            read_text(tmp_path / name)
        assert "\n" not in str(exc.value)
        assert str(tmp_path) in str(exc.value)


def test_atomic_write_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "out.tmx"
    with pytest.raises(RuntimeError), atomic_write(target) as fh:
        fh.write("half")
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_aligned_tsv_round_trip(tmp_path):
    df = pl.DataFrame({
        "tuid": ["a-b-1", "a-b-2"], "src_doc": ["a", "a"], "tgt_doc": ["b", "b"],
        "src_ids": [[0, 1], []], "tgt_ids": [[0], [1]], "src_lang": ["zh-Hans"] * 2, "tgt_lang": ["en"] * 2,
        "src_text": ["一区两园\t好", ""], "tgt_text": ["one zone,\ntwo parks", "extra \\ line"],
        "score": [0.91234, 0.5], "mode": ["parallel"] * 2,
    }, schema=tables.ALIGNMENTS)
    write_alignments_tsv(df, tmp_path / "a.tsv")
    back = read_alignments_tsv(tmp_path / "a.tsv")
    assert back.drop("score").equals(df.drop("score"))
    assert back["score"].to_list() == [0.9123, 0.5]
    assert len((tmp_path / "a.tsv").read_text().splitlines()) == 3


def test_aligned_tsv_bad_row_names_line(tmp_path):
    p = tmp_path / "bad.tsv"
    p.write_text("tuid\tsrc_text\ttgt_text\n1\ta\tb\n2\tonly-two\n")
    with pytest.raises(TermkitError, match=r"bad.tsv:3"):
        read_alignments_tsv(p)


def test_aligned_tsv_keeps_unknown_scores(tmp_path):
    df = pl.DataFrame({
        "tuid": ["u1"], "src_doc": ["a"], "tgt_doc": ["b"], "src_ids": [[0]], "tgt_ids": [[0]],
        "src_lang": ["en"], "tgt_lang": ["zh-Hant"], "src_text": ["park"], "tgt_text": ["園區"],
        "score": [None], "mode": ["imported"],
    }, schema=tables.ALIGNMENTS)
    write_alignments_tsv(df, tmp_path / "imported.tsv")
    assert read_alignments_tsv(tmp_path / "imported.tsv")["score"].to_list() == [None]
