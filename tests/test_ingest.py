"""Ingest of the bundled corpus: what must go, what must stay, metadata, encodings, reflow."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from conftest import ROOT

from termkit.errors import TermkitError
from termkit.ingest import Ingested, ingest_file, ingest_text, write_ingested
from termkit.segment import segment_paragraphs
from termkit.sources import manifest_row
from termkit.tables import DOCUMENTS, PARAGRAPHS, REMOVED

SOURCES = ROOT / "sources"
FILES = {p.name[:3]: p for p in SOURCES.glob("0*.txt")}


@pytest.fixture(scope="module")
def docs() -> dict[str, Ingested]:
    return {k: ingest_file(p, manifest_row(p)) for k, p in FILES.items()}


def _text(got: Ingested) -> str:
    return "\n".join(got.paragraphs["text"])


def test_tables_follow_the_contract(docs):
    for got in docs.values():
        assert list(got.document) == list(DOCUMENTS)
        assert got.paragraphs.schema == pl.Schema(PARAGRAPHS)
        assert got.removed.schema == pl.Schema(REMOVED)
        assert got.paragraphs["para_id"].to_list() == list(range(got.paragraphs.height))
        assert set(got.paragraphs["kind"]) <= {"body", "heading"}


def test_nothing_is_dropped_silently(docs):
    """Every non-blank raw line is inside a paragraph or a removed block."""
    for key, got in docs.items():
        covered = set()
        for df in (got.paragraphs, got.removed):
            for a, b in df.select("first_line", "last_line").iter_rows():
                covered |= set(range(a, b + 1))
        lines = FILES[key].read_text(encoding="utf-8").split("\n")
        assert [n for n, t in enumerate(lines, start=1) if t.strip() and n not in covered] == [], key


def test_000_related_reading_and_disclaimer_do_not_survive(docs):
    got = docs["000"]
    raw = FILES["000"].read_text(encoding="utf-8").split("\n")
    headlines = [ln.strip().lstrip("•").strip() for ln in raw[46:97] if ln.strip().startswith("•")]
    assert len(headlines) == 11
    text = _text(got)
    for h in headlines:
        assert h not in text
    for furniture in ("相关阅读", "时间:09-07", "免责声明", "本网站转载图片", "首页", "<BR/>", "人民日报 》", "来源:"):
        assert furniture not in text
    reasons = set(got.removed["reason"])
    assert {"navigation", "html", "metadata", "source", "print-edition", "related-reading", "disclaimer"} <= reasons
    first = got.paragraphs.row(0, named=True)
    assert (first["kind"], first["text"]) == ("heading", "深入推进河套深港科技创新合作区深圳园区建设 携手香港园区打造国际科技创新重要极点")
    assert got.paragraphs["text"][-1].endswith("全力抓好深圳园区各项建设工作。")


def test_001_captions_editor_and_dateline_go_headings_stay(docs):
    got = docs["001"]
    text = _text(got)
    for caption in ("深港协同创新中心前的河套深港科技创新合作区标识。", "UNI香港青年创业空间为港青在内地创业提供机会和优质空间。",
                    "在河套e站通可实现深港跨境“一件事一次办”。", "量子研究院破解量子装备国产化“卡脖子”难题。",
                    "新美亚科技广场绿树成荫。"):
        assert caption not in text
    assert "编辑" not in text and "读特客户端" not in text and "来源" not in text
    headings = got.paragraphs.filter(pl.col("kind") == "heading")["text"].to_list()
    assert headings == ["深港协同成效显著!河套深港科技创新合作区建设再提速", "马不停蹄,深港协同创新再提速",
                        "四策并用,打造优质科研空间新高地", "水清岸绿,绘就人与自然和谐共生的美丽画卷"]
    assert any(t.startswith("随着时间翻开新的一页") for t in got.paragraphs["text"])
    assert got.paragraphs.height == 20


def test_002_columns_are_reflowed(docs):
    got = docs["002"]
    texts = got.paragraphs["text"].to_list()
    assert not any("\n" in t for t in texts)
    assert not any(re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", t) for t in got.paragraphs.filter(
        pl.col("kind") == "body")["text"])
    assert texts[0].startswith("國務院上周印發《河套深港科技創新合作區深圳園區發展規劃》，深圳園區建設本周再進一步。")
    headings = got.paragraphs.filter(pl.col("kind") == "heading")["text"].to_list()
    assert headings[:4] == ["河套深圳園區加速 約40項目明入駐", "聚焦新一代信息技術生物醫藥數字經濟等前沿領域",
                            "便利數據流通 建設國際數據專用通道", "加速匯聚香港及全球頂尖科創資源"]
    assert "國家發展改革委黨組成員郭蘭峰在5日國新辦記者會上指出" in _text(got)


def test_002_sidebar_items_stay_captions_bylines_and_source_go(docs):
    got = docs["002"]
    text = _text(got)
    assert any(t.startswith("橫琴的106平方公里主要服務於澳門") for t in got.paragraphs["text"])
    assert "在這四個平台裏面的面積最小" in text
    for gone in ("資料圖片", "中新社", "藍海灣孵化港參觀", "港青丁克", "深圳園區一景", "香港文匯報訊", "記者 海巖", "國新網", "◆", "▲"):
        assert gone not in text
    assert got.removed.filter(pl.col("reason") == "caption").height == 5
    assert got.removed.filter(pl.col("reason") == "byline").height == 3
    assert got.document["byline"] == "記者 海巖 北京報道"


def test_002_target_sentence_lies_inside_one_segment(docs):
    segs = segment_paragraphs(docs["002"].paragraphs, "zh")
    hits = segs.filter(pl.col("text").str.contains("力爭到2025年打造深港高水平科研合作平台20個以上", literal=True))
    assert hits.height == 1
    lin = segs.filter(pl.col("text").str.contains("林新", literal=True))
    assert lin.height == 1 and "科技項目" in lin["text"].item()


def test_003_contact_block_does_not_survive(docs):
    got = docs["003"]
    text = _text(got) + "\n".join(segment_paragraphs(got.paragraphs, "zh")["text"])
    for secret in ("13726017833", "0760-86320799", "86697448", "64407753", "广东省中山市三乡镇乌石村万里路2号16卡首层",
                   "乌石村", "联系我们", "联系人", "公众号", "扫一扫", "在线留言", "您的姓名", "留言内容",
                   "微信图片_20210319091229.jpg", "发布时间", "(来源:深圳特区报"):
        assert secret not in text
    assert "住深全国政协委员、专家学者及统一战线各领域优秀代表人士就“双区”建设建言咨政" not in text
    assert got.paragraphs["text"][-1].endswith("促进深港澳青少年广泛交往、全面交流、深度交融。")
    assert got.document["byline"] == "记者 福明"


def test_004_english_segments_into_its_real_sentences(docs):
    segs = segment_paragraphs(docs["004"].paragraphs, "en")["text"].to_list()
    assert len(segs) == 23
    assert segs[0] == ('A few days ago, the State Council issued the "Development Plan for the Shenzhen Park of the Hetao '
                       'Shenzhen-Hong Kong Science and Technology Innovation Cooperation Zone".')
    assert segs[1].startswith("At the press conference held by the State Council Information Office on September 5,")
    assert segs[8].startswith('"The introduction of the plan') and segs[8].endswith('growth pole." Guo Lanfeng said.')
    assert segs[11].endswith("to ensure the smooth flow of people, materials, data, etc.")
    assert segs[12].startswith("At the same time, let Hong Kong give full play")
    assert segs[15].endswith("managed, opened up, and passed quickly. .")
    assert segs[-1] == ("In addition, focus on cutting-edge fields, build a number of R&D service platforms and industrial "
                        "pilot test transformation bases, and strive to allow the most advanced and cutting-edge "
                        "technologies to be tested and successfully transformed here.")


def test_manifest_wins_and_detection_fills_blanks():
    bare = ingest_file(FILES["001"])
    assert bare.document["doc_id"] == "001_805d5054d6d1d388"
    assert (bare.document["lang"], bare.document["script"], bare.document["date"]) == ("zh", "zh-Hans", "2022-01-11")
    assert bare.document["outlet"] == "深圳新闻网"
    assert bare.document["title"] == "深港协同成效显著!河套深港科技创新合作区建设再提速"
    meta = {"id": "x1", "file": "a.txt", "outlet": "Shenzhen News", "date": "", "title": ""}
    got = ingest_file(FILES["001"], meta)
    assert (got.document["doc_id"], got.document["file"], got.document["outlet"]) == ("x1", "a.txt", "Shenzhen News")
    assert got.document["date"] == "2022-01-11"
    assert ingest_file(FILES["002"]).document["script"] == "zh-Hant"
    assert ingest_file(FILES["004"]).document["script"] == "en"


def test_ingest_is_deterministic(docs):
    again = ingest_file(FILES["002"], manifest_row(FILES["002"]))
    assert again.paragraphs.equals(docs["002"].paragraphs) and again.removed.equals(docs["002"].removed)


@pytest.mark.parametrize("key, encoding", [("000", "gb18030"), ("003", "gb18030"), ("002", "big5")])
def test_legacy_encoded_copies_ingest_to_the_same_paragraphs(tmp_path, key, encoding):
    text = FILES[key].read_text(encoding="utf-8")
    if encoding == "big5":  # one glyph has no Big5-HKSCS code; use a neighbour that has
        text = text.replace("◀", "▲")
    (tmp_path / "utf8.txt").write_text(text, encoding="utf-8")
    (tmp_path / "legacy.txt").write_bytes(text.encode("big5hkscs" if encoding == "big5" else encoding))
    a, b = ingest_file(tmp_path / "utf8.txt"), ingest_file(tmp_path / "legacy.txt")
    assert b.document["encoding"] == encoding
    assert b.paragraphs.drop("doc_id").equals(a.paragraphs.drop("doc_id"))
    assert b.removed.drop("doc_id").equals(a.removed.drop("doc_id"))


def test_bad_input_is_one_line_error(tmp_path):
    (tmp_path / "sjis.txt").write_bytes("これは日本語のテキストです。ひらがなとカタカナ。".encode("shift_jis"))
    (tmp_path / "furniture.txt").write_text("首页 » 新闻\n免责声明:本网保持中立。\n", encoding="utf-8")
    for name, message in [("sjis.txt", "unknown text encoding"), ("furniture.txt", "no article text left"),
                          ("missing.txt", "no such file")]:
        with pytest.raises(TermkitError, match=message) as exc:
            ingest_file(tmp_path / name)
        assert "\n" not in str(exc.value) and name in str(exc.value)


def test_write_ingested(tmp_path, docs):
    paths = write_ingested(docs["003"], tmp_path / "out")
    assert [p.name for p in paths] == ["003.paragraphs.tsv", "003.removed.tsv"]
    back = pl.read_csv(paths[1], separator="\t", quote_char=None)
    assert back.columns == list(REMOVED) and back.height == docs["003"].removed.height


def test_short_closing_sentence_is_not_taken_for_a_caption():
    text = "标题\n\n第一段,正文在此。\n\n新美亚科技广场绿树成荫。\n\n第二段,正文在此。\n\n会议由张三主持。\n"
    got = ingest_text(text, "c", "c.txt")
    assert got.paragraphs["text"].to_list() == ["标题", "第一段,正文在此。", "第二段,正文在此。", "会议由张三主持。"]
    assert got.removed.select("first_line", "reason").rows() == [(5, "caption")]


def test_hard_wrapped_english_is_joined_with_spaces():
    text = "The State Council issued the\nplan for the Shenzhen park on\nMonday. It covers 3.89 square\nkilometres of land.\n" \
           "Officials said the plan was\nimportant for the region and\nfor Hong Kong.\n"
    got = ingest_text(text, "e", "e.txt")
    assert got.paragraphs["text"].to_list() == [
        "The State Council issued the plan for the Shenzhen park on Monday. It covers 3.89 square kilometres of land.",
        "Officials said the plan was important for the region and for Hong Kong."]
    assert Path(got.document["file"]).name == "e.txt"
