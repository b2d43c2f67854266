"""Reading the memory suggestions are mined from: aligned TSV, TMX, gold ladders with their text."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from termkit.errors import TermkitError
from termkit.formats.tsv import write_alignments_tsv
from termkit.tables import ALIGNMENTS
from termkit.terms.memory import read_memory


def alignments(src: list[str], tgt: list[str], src_lang: str, tgt_lang: str) -> pl.DataFrame:
    n = len(src)
    return pl.DataFrame({"tuid": [f"a-b-{i + 1}" for i in range(n)], "src_doc": ["a"] * n, "tgt_doc": ["b"] * n,
                         "src_ids": [[i] for i in range(n)], "tgt_ids": [[i] for i in range(n)],
                         "src_lang": [src_lang] * n, "tgt_lang": [tgt_lang] * n, "src_text": src,
                         "tgt_text": tgt, "score": [0.9] * n, "mode": ["parallel"] * n}, schema=ALIGNMENTS)


def test_aligned_tsv_either_direction(tmp_path: Path):
    write_alignments_tsv(alignments(["科技园区很大。", "你好。"], ["The park is big.", ""], "zh-Hans", "en"),
                         tmp_path / "zh-en.alignments.tsv")
    write_alignments_tsv(alignments(["The park is big."], ["科技園區很大。"], "en", "zh-Hant"),
                         tmp_path / "en-zh.alignments.tsv")
    m = read_memory([tmp_path])
    assert m["zh"].to_list() == ["科技園區很大。", "科技园区很大。"]  # files in name order; empty side skipped
    assert m["en"].to_list() == ["The park is big.", "The park is big."]
    assert m["unit"].to_list() == ["a-b-1", "a-b-1"]
    assert m["doc"][1] == "a + b"


def test_tmx(tmp_path: Path):
    from termkit.formats.tmx import write_tmx

    write_tmx(alignments(["科技园区很大。"], ["The park is big."], "zh-Hans", "en"), tmp_path / "m.tmx")
    m = read_memory([tmp_path / "m.tmx"])
    assert m.select("zh", "en").row(0) == ("科技园区很大。", "The park is big.")


def test_gold_ladder_finds_its_texts_and_which_is_the_source(tmp_path: Path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "en").mkdir()
    (tmp_path / "zh").mkdir()
    (tmp_path / "en" / "001").write_text("In the beginning God created the heaven and the earth.\nAnd it was so.\n")
    (tmp_path / "zh" / "001").write_text("起初神创造天地。\n事就这样成了。\n就这样。\n")
    (tmp_path / "gold" / "001.align").write_text("[0]:[0]\n[1]:[1,2]\n")  # en is the source: 3 zh lines
    m = read_memory([tmp_path / "gold" / "001.align"])
    assert m["zh"].to_list() == ["起初神创造天地。", "事就这样成了。就这样。"]
    assert m["en"][0].startswith("In the beginning")
    assert m["unit"].to_list() == ["line 1", "line 2"]
    assert m["doc"][0] == "zh/001 + en/001"


def test_errors_name_the_file(tmp_path: Path):
    with pytest.raises(TermkitError, match="no such file"):
        read_memory([tmp_path / "missing.tsv"])
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "002.align").write_text("[0]:[0]\n")
    with pytest.raises(TermkitError, match=r"002\.align.*two text files"):
        read_memory([tmp_path / "gold" / "002.align"])
    write_alignments_tsv(alignments(["Der Park ist groß."], ["Le parc est grand."], "de", "fr"), tmp_path / "x.tsv")
    with pytest.raises(TermkitError, match=r"x\.tsv.*Chinese–English"):
        read_memory([tmp_path / "x.tsv"])
    with pytest.raises(TermkitError, match="no aligned files"):
        (tmp_path / "empty").mkdir()
        read_memory([tmp_path / "empty"])
