"""`termkit ingest` and `termkit segment` end to end, as a user runs them."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT, run_cli

SRC = ROOT / "sources"


def test_ingest_prints_paragraphs_metadata_and_explains_removals():
    res = run_cli("ingest", "sources/000_a9890f9133504c80.txt", "--explain")
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "# 000  000_a9890f9133504c80.txt  lang=zh script=zh-Hans encoding=utf-8" in out
    assert "0\theading\t深入推进河套深港科技创新合作区深圳园区建设 携手香港园区打造国际科技创新重要极点" in out
    assert "line 47\trelated-reading\t• 相关阅读" in out
    assert "line 98\tdisclaimer\t免责声明" in out
    assert "termkit ingest" in res.stderr and "37" in res.stderr  # the summary table counts 37 removed blocks
    assert "termkit ingest" not in out  # and stays out of the data stream


def test_ingest_writes_tables(tmp_path):
    res = run_cli("ingest", str(SRC / "002_3430000063e81d4c.txt"), str(SRC / "003_dad705bf9ac830e1.txt"),
                  "-o", str(tmp_path))
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "002.paragraphs.tsv", "002.removed.tsv", "003.paragraphs.tsv", "003.removed.tsv"]
    removed = (tmp_path / "003.removed.tsv").read_text(encoding="utf-8")
    assert "contact\tQQ:64407753" in removed
    assert "64407753" not in (tmp_path / "003.paragraphs.tsv").read_text(encoding="utf-8")


def test_segment_prints_one_sentence_a_line():
    res = run_cli("segment", "sources/004_023b25b2aed6222f.txt")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert len(lines) == 23
    assert lines[6] == ("The four major tasks are to cooperate with Hong Kong to promote international scientific and "
                        "technological innovation, build an internationally competitive industrial pilot transformation "
                        "base, build an international scientific and technological innovation system and mechanism, and "
                        "create a scientific and technological cooperation platform that gathers global wisdom.")


def test_segment_with_offsets_on_the_hong_kong_article():
    res = run_cli("segment", "sources/002_3430000063e81d4c.txt", "--offsets", "--lang", "zh")
    assert res.returncode == 0, res.stderr
    rows = [line.split("\t") for line in res.stdout.splitlines()]
    assert all(len(r) == 6 for r in rows)
    hit = [r for r in rows if "力爭到2025年打造深港高水平科研合作平台20個以上" in r[5]]
    assert len(hit) == 1 and hit[0][4] == "body"
    assert ["3", "1", "0", "17", "heading", "河套深圳園區加速 約40項目明入駐"] in rows


@pytest.mark.parametrize("case", ["empty", "binary", "directory", "encoding", "unlisted"])
def test_bad_input_is_a_one_line_error(tmp_path, case):
    args, expect = {
        "empty": (["ingest", "empty.txt"], "file is empty"),
        "binary": (["ingest", "bin.txt"], "binary"),
        "directory": (["ingest", "."], "is a directory"),
        "encoding": (["segment", "sjis.txt"], "unknown text encoding"),
        "unlisted": (["ingest", "sources/999_extra.txt"], "missing manifest entry"),
    }[case]
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "sjis.txt").write_bytes("これは日本語のテキストです。".encode("shift_jis"))
    shutil.copytree(SRC, tmp_path / "sources")
    (tmp_path / "sources" / "999_extra.txt").write_text("一篇没有登记的文章。", encoding="utf-8")
    res = run_cli(*args, cwd=tmp_path)
    assert res.returncode == 2
    assert res.stderr.startswith("termkit: error: ") and expect in res.stderr
    assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert res.stdout == ""
