"""Web pages: built from the bundled articles (UTF-8, GB2312-declared, Big5) and one hand-made page."""

from __future__ import annotations

import pytest
from conftest import ROOT, run_cli
from news_pages import CAPTION, FURNITURE, bundled_article, news_page, write_page

from termkit.errors import TermkitError
from termkit.ingest import ingest_file
from termkit.readers import sniff

PAGE = ROOT / "tests" / "data" / "pages" / "hetao-news.html"


@pytest.mark.parametrize(("doc_id", "charset", "meta", "encoding"), [
    ("000", "utf-8", "charset", "utf-8"),
    ("001", "gb2312", "http-equiv", "gb18030"),
    ("002", "big5", "http-equiv", "big5"),
    ("004", "utf-8", "charset", "utf-8"),
])
def test_a_page_gives_the_text_versions_paragraphs(tmp_path, doc_id, charset, meta, encoding):
    article = bundled_article(doc_id)
    got = ingest_file(write_page(article, tmp_path / f"{doc_id}.html", charset, meta))
    rows = list(got.paragraphs.select("kind", "text").iter_rows())
    assert rows == [("heading", article.title), *article.body]
    assert got.document["encoding"] == encoding
    assert got.document["title"] == article.title
    text = "\n".join(got.paragraphs["text"])
    for word in FURNITURE:
        assert word not in text
    assert "王小红" not in text and "王小紅" not in text


def test_page_metadata_comes_from_the_page(tmp_path):
    article = bundled_article("002")
    got = ingest_file(write_page(article, tmp_path / "p.html", "big5", "http-equiv"))
    assert got.document["script"] == "zh-Hant" and got.document["lang"] == "zh"
    assert got.document["date"] == "2023-09-06"
    assert got.document["outlet"] == "香港文匯報"
    assert got.document["byline"] == "記者 王小紅"


def test_hand_made_page_furniture_goes_with_its_reason():
    got = ingest_file(PAGE)
    doc = got.document
    assert (doc["title"], doc["date"], doc["outlet"], doc["byline"]) == (
        "河套合作区新一批科研项目落地", "2024-05-20", "示例新闻网", "记者 李明")
    assert got.paragraphs["kind"].to_list() == ["heading"] + ["body"] * 4
    assert got.paragraphs["text"][1].startswith("5月19日，河套")
    reasons = {r["text"]: r["reason"] for r in got.removed.iter_rows(named=True)}
    assert reasons["图为签约仪式现场。记者 张华 摄"] == "caption"
    assert reasons["上一篇：前海跨境金融新政发布"] == "previous-next"
    assert reasons["分享到：微信微博"] == "share-bar"
    assert reasons["点击排行"] == reasons["深圳新增三条公交线路"] == "ranking"
    assert reasons["网友评论"] == reasons["昵称："] == "comments"
    assert reasons["网友评论仅供其表达个人看法，并不表明本网同意其观点或证实其描述。"] == "comments"
    assert reasons["首页"] == "outside-article"
    assert reasons["【编辑:王芳】"] == "editor"
    assert reasons["免责声明：本网转载作品均注明出处，如有侵权请联系删除。"] == "disclaimer"
    # line numbers are the page's own
    lines = PAGE.read_text(encoding="utf-8").split("\n")
    first = got.paragraphs.row(1, named=True)
    assert "5月19日" in lines[first["first_line"] - 1]
    caption = got.removed.filter(got.removed["reason"] == "caption").row(0, named=True)
    assert "图为签约仪式现场" in lines[caption["first_line"] - 1]


def test_a_page_saved_as_txt_is_read_as_a_page(tmp_path):
    saved = tmp_path / "article.txt"
    saved.write_bytes(PAGE.read_bytes())
    assert sniff(saved, saved.read_bytes()) == "html"
    got = ingest_file(saved)
    assert got.paragraphs.height == 5
    assert "<p>" not in "".join(got.paragraphs["text"])


def test_a_text_scrape_stays_text(tmp_path):
    scrape = ROOT / "sources" / "000_a9890f9133504c80.txt"
    assert sniff(scrape, scrape.read_bytes()) == "text"


def test_the_title_loses_the_site_suffix_without_h1(tmp_path):
    article = bundled_article("001")
    page = tmp_path / "p.htm"
    page.write_text(news_page(article).replace("<h1>", "<div>").replace("</h1>", "</div>"), encoding="utf-8")
    assert ingest_file(page).document["title"] == article.title


def test_a_page_without_article_text_is_refused(tmp_path):
    page = tmp_path / "nav.html"
    page.write_text("<!DOCTYPE html><html><head><title>首页</title></head><body>"
                    "<div>首页 | 新闻 | 图片</div><p>版权所有 粤ICP备00000000号</p></body></html>", encoding="utf-8")
    with pytest.raises(TermkitError, match=r"nav\.html: no article text"):
        ingest_file(page)


def test_an_unknown_declared_charset_is_one_line(tmp_path):
    page = tmp_path / "bad.html"
    page.write_bytes(b'<!DOCTYPE html><html><head><meta charset="klingon-8"></head><body><p>x</p></body></html>')
    with pytest.raises(TermkitError, match=r"bad\.html: the page declares an unknown encoding 'klingon-8'"):
        ingest_file(page)


def test_cli_explains_a_page():
    res = run_cli("ingest", "--explain", str(PAGE))
    assert res.returncode == 0, res.stderr
    assert "# title: 河套合作区新一批科研项目落地" in res.stdout
    assert "caption\t图为签约仪式现场。记者 张华 摄" in res.stdout
    assert CAPTION not in res.stdout


def test_cli_page_error_exits_2(tmp_path):
    page = tmp_path / "empty.html"
    page.write_text("<!DOCTYPE html><html><body></body></html>", encoding="utf-8")
    res = run_cli("ingest", str(page))
    assert res.returncode == 2
    assert res.stderr.strip().splitlines()[-1].endswith("empty.html: a web page with no text at all")
