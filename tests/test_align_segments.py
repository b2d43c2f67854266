"""``align_segments``: SEGMENTS tables in, an ALIGNMENTS table out; and one real chapter of MAC-Dev."""

from __future__ import annotations

import polars as pl
from conftest import shared_path

from termkit.align import align_segments, align_sentences
from termkit.align.eval import score
from termkit.formats.ladder import read_ladder
from termkit.tables import ALIGNMENTS, SEGMENTS


def _segments(doc: str, lang: str, texts: list[str], first_id: int = 0) -> pl.DataFrame:
    rows = [{"doc_id": doc, "seg_id": first_id + k, "para_id": 0, "start": 0, "end": len(t), "kind": "body",
             "lang": lang, "text": t} for k, t in enumerate(texts)]
    return pl.DataFrame(rows, schema=SEGMENTS)


ZH = ["陈清扬把我拽住，以伟大友谊的名义叫我留下来。", "她承认打我不对。", "她说我的伟大友谊是假的。"]
EN = ["Chen Qingyang caught me.", "She asked me to stay in the name of our great friendship.",
      "She admitted that she had been wrong to slap me.", "She said my great friendship was phony."]


def test_alignments_table() -> None:
    out = align_segments(_segments("002", "zh", ZH, first_id=10), _segments("004", "en", EN), src_tag="zh-Hans",
                         tgt_tag="en", tuid_prefix="002-004")
    assert out.schema == pl.Schema(ALIGNMENTS)
    assert out["tuid"].to_list() == ["002-004-1", "002-004-2", "002-004-3"]
    assert out["src_ids"].to_list() == [[10], [11], [12]]
    assert out["tgt_ids"].to_list() == [[0, 1], [2], [3]]
    assert out["tgt_text"][0] == EN[0] + " " + EN[1]
    assert set(out["src_doc"]) == {"002"} and set(out["tgt_doc"]) == {"004"}
    assert set(out["src_lang"]) == {"zh-Hans"} and set(out["mode"]) == {"parallel"}
    assert out["score"].is_between(0, 1).all()


def test_chinese_segments_join_without_space() -> None:
    out = align_segments(_segments("e", "en", EN), _segments("z", "zh", ZH), src_tag="en", tgt_tag="zh-Hant",
                         tuid_prefix="t")
    first = out.row(0, named=True)
    assert first["src_ids"] == [0, 1] and first["tgt_text"] == ZH[0]
    merged = align_segments(_segments("e", "en", EN[:1]), _segments("z", "zh", ["陈清扬", "把我拽住。"]),
                            src_tag="en", tgt_tag="zh-Hans", tuid_prefix="t")
    assert merged["tgt_text"].to_list() == ["陈清扬把我拽住。"]


def test_empty_and_comparable() -> None:
    none = align_segments(_segments("a", "zh", []), _segments("b", "en", EN), src_tag="zh-Hans", tgt_tag="en",
                          tuid_prefix="x", mode="comparable")
    assert none.is_empty() and none.schema == pl.Schema(ALIGNMENTS)
    out = align_segments(_segments("a", "zh", ZH), _segments("b", "en", EN[::-1]), src_tag="zh-Hans", tgt_tag="en",
                         tuid_prefix="x", mode="comparable")
    assert set(out["mode"]) == {"comparable"}
    assert [2] in out["src_ids"].to_list()


def test_real_chapter_beats_a_conservative_floor() -> None:
    """MAC-Dev 001 (The Golden Age): published Hunalign scores 0.61 strict F1 over MAC-Dev."""
    zh = shared_path("data", "mac-dev", "zh", "001").read_text(encoding="utf-8").splitlines()
    en = shared_path("data", "mac-dev", "en", "001").read_text(encoding="utf-8").splitlines()
    gold = read_ladder(shared_path("data", "mac-dev", "gold", "001.align"))
    beads = align_sentences(zh, en, "zh", "en")
    result = score(gold, [(b.src, b.tgt) for b in beads])
    assert result.strict_f1 >= 0.7
    assert result.lax_f1 >= 0.9
