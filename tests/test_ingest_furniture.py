"""The furniture of Chinese news pages when it arrives as a text scrape (tests/data/pages/hetao-scrape.txt)."""

from __future__ import annotations

from conftest import ROOT

from termkit.boilerplate import Found, cut_byline
from termkit.ingest import ingest_file

SCRAPE = ROOT / "tests" / "data" / "pages" / "hetao-scrape.txt"


def test_scrape_furniture_goes_with_its_reason():
    got = ingest_file(SCRAPE)
    assert got.paragraphs["text"].to_list() == [
        "河套合作区新一批科研项目落地",
        "5月19日,河套深港科技创新合作区深圳园区举行新一批科研项目签约仪式,共有12个项目集中落地。",
        "据介绍,此次签约的项目涵盖集成电路、生物医药和人工智能等领域。",
        "深圳园区有关负责人表示,园区将继续完善科研设施,为深港两地科研人员提供便利。",
    ]
    reasons = {(r["first_line"], r["reason"]) for r in got.removed.iter_rows(named=True)}
    assert {(4, "share-bar"), (6, "caption"), (8, "previous-next"), (9, "previous-next"), (10, "comments"),
            (11, "comments"), (12, "comments"), (13, "comments"), (14, "ranking"), (15, "ranking"),
            (16, "ranking"), (17, "disclaimer")} <= reasons
    assert got.document["byline"] == "记者 李明"


def test_a_glued_caption_is_cut_only_before_a_real_paragraph():
    text, cut = cut_byline("图为签约仪式现场。记者 王小红 摄据介绍,此次签约的项目涵盖集成电路等领域。", Found())
    assert cut == [("caption", "图为签约仪式现场。记者 王小红 摄")] and text.startswith("据介绍")
    lone = "图为签约仪式现场。记者 王小红 摄"
    assert cut_byline(lone, Found()) == (lone, [])
    prose = "记者王小红摄下了签约仪式现场的照片,此次签约的项目涵盖集成电路等领域。"
    assert cut_byline(prose, Found()) == (prose, [])
