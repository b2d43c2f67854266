"""Decoding the encodings Chinese articles really come in."""

from __future__ import annotations

import pytest
from conftest import ROOT

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
