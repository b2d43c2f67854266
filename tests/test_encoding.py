"""Decoding the encodings Chinese articles really come in."""

from __future__ import annotations

import pytest
from conftest import ROOT, TEST_GLOSSARY

from termkit.encoding import decode_bytes
from termkit.errors import TermkitError


def test_seed_articles_round_trip_through_legacy_encodings():
    simp = (ROOT / "sources" / "003_dad705bf9ac830e1.txt").read_text(encoding="utf-8")
    trad = (ROOT / "sources" / "002_3430000063e81d4c.txt").read_text(encoding="utf-8").replace("◀", "▲")
    assert decode_bytes(simp.encode("gb18030")) == (simp, "gb18030")
    assert decode_bytes(trad.encode("big5hkscs")) == (trad, "big5")


def test_bom_and_windows_line_ends():
    assert decode_bytes("\ufeff第一行\r\n第二行\r".encode()) == ("第一行\n第二行\n", "utf-8")
    assert decode_bytes("第一行\r\nline two".encode("utf-16")) == ("第一行\nline two", "utf-16")


@pytest.mark.parametrize("data, message", [
    ("これは日本語のテキストです。ひらがなとカタカナ。".encode("shift_jis"), "unknown text encoding"),
    ("café au lait, s'il vous plaît".encode("cp1252"), "unknown text encoding"),
    (b"PK\x03\x04\x00\x00binary", "binary"),
])
def test_undecodable_input_names_the_file(data, message):
    with pytest.raises(TermkitError, match=f"article.txt: .*{message}"):
        decode_bytes(data, "article.txt")


def test_a_named_encoding_replaces_detection_and_says_where_it_does_not_fit(tmp_path):
    from termkit.encoding import read_text

    p = tmp_path / "gbk.txt"
    p.write_bytes("第一行\n园区面积约3.89平方公里。\n".encode("gb18030"))
    assert read_text(p, "GB18030") == ("第一行\n园区面积约3.89平方公里。\n", "gb18030")
    q = tmp_path / "mixed.txt"
    q.write_bytes(b"first line\nsecond line\n" + "园区".encode("gb18030") + b"\n")
    with pytest.raises(TermkitError, match=r"mixed\.txt:3: not valid utf-8: byte 0xc7 at offset 25"):
        read_text(q, "utf-8")
    with pytest.raises(TermkitError, match="unknown encoding 'klingon'"):
        read_text(p, "klingon")


def test_encoding_option_on_the_commands_that_read_text(tk, tmp_path):
    p = tmp_path / "hk.txt"
    p.write_bytes("香港園區。\n深圳園區。\n".encode("big5hkscs"))
    code, out, err = tk("segment", p, "-e", "big5hkscs")
    assert code == 0 and out == "香港園區。\n深圳園區。\n", err
    code, _, err = tk("ingest", p, "--encoding", "utf-8")
    assert code == 2 and err.startswith(f"termkit: error: {p}:1: not valid utf-8") and err.count("\n") == 1
    code, _, err = tk("align", "--presplit", "-e", "nope", p, p)
    assert code == 2 and "unknown encoding 'nope'" in err


def test_encoding_option_on_lint_and_export(tk, tmp_path):
    table = tmp_path / "hk.tsv"
    table.write_bytes("src_text\ttgt_text\tsrc_lang\ttgt_lang\n香港園區\tHong Kong Park\tzh-Hant\ten\n".encode("big5hkscs"))
    code, report, err = tk("lint", tmp_path, "-e", "big5hkscs", "-g", TEST_GLOSSARY)
    assert code in (0, 1) and "in 1 file" in report, err
    code, _, err = tk("export", "tmx", tmp_path, "-o", tmp_path / "hk.tmx", "--encoding", "big5hkscs")
    assert code == 0 and "香港園區" in (tmp_path / "hk.tmx").read_text(encoding="utf-8"), err
    code, _, err = tk("lint", table, "-e", "utf-8", "-g", TEST_GLOSSARY)
    assert code == 2 and "hk.tsv:2: not valid utf-8" in err
