"""Web pages built from the bundled articles, with the furniture Chinese news sites put around them.

Why built and not downloaded: the tests and the extraction benchmark need pages whose article text is known
exactly (the text version's paragraphs), in several encodings, and no real site's HTML may be copied. The
furniture is what the issue lists: navigation and breadcrumbs, a font-size and share bar, a photo with its
caption, previous/next links, a comment form, a ranking, related links, a disclaimer and an ICP footer.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from termkit.ingest import ingest_file
from termkit.script import to_traditional
from termkit.sources import manifest_row

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "sources"

#: Text of the furniture blocks; none of it may reach the paragraphs.
FURNITURE = (
    "首页", "新闻中心", "字号", "分享到", "上一篇", "下一篇", "网友评论", "发表评论", "昵称", "点击排行",
    "免责声明", "ICP备", "版权所有", "相关新闻",
)
CAPTION = "图为河套深港科技创新合作区深圳园区一角。记者 王小红 摄"


@dataclass(frozen=True)
class Article:
    """An article's text version as ingest reads it: title, paragraphs (body and headings) and metadata."""

    doc_id: str
    title: str
    body: list[tuple[str, str]]  # (kind, text)
    date: str
    outlet: str


def bundled_article(doc_id: str) -> Article:
    path = next(SOURCES.glob(f"{doc_id}_*.txt"))
    got = ingest_file(path, manifest_row(path))
    rows = list(got.paragraphs.select("kind", "text").iter_rows())
    title = got.document["title"]
    body = [r for r in rows if r[1] != title]
    return Article(doc_id, title, body, got.document["date"], got.document["outlet"].split(" (")[0])


def news_page(article: Article, charset: str = "utf-8", meta: str = "charset", traditional: bool = False) -> str:
    """The article as a news site would serve it; ``meta`` is how the charset is declared (charset, http-equiv),
    ``traditional`` puts the furniture in traditional characters (as a Hong Kong site's); the article is as is."""
    e = html.escape
    declare = (f'<meta charset="{charset}">' if meta == "charset"
               else f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">')
    paras = []
    for i, (kind, text) in enumerate(article.body):
        paras.append(f"<h3>{e(text)}</h3>" if kind == "heading" else f"<p>{e(text)}</p>")
        if i == 1:
            paras.append(f'<figure><img src="/img/hetao.jpg" alt=""><figcaption>{e(to_traditional(CAPTION, "tw") if traditional else CAPTION)}</figcaption></figure>')
    body = "\n    ".join(paras)
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{declare}
<title>@TITLE@--新闻中心--{e(article.outlet)}网</title>
<meta name="keywords" content="河套,深港,科技创新">
<script>var _hmt = _hmt || []; (function() {{ var hm = document.createElement("script"); }})();</script>
<style>body {{ font-family: sans-serif; }} .nav a {{ margin: 0 4px; }}</style>
</head>
<body>
<div class="top-nav"><a href="/">首页</a> | <a href="/news">新闻中心</a> | <a href="/gd">观点</a> | <a href="/sz">深圳</a> | <a href="/hk">港澳</a> | <a href="/en">English</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/news">新闻中心</a> &gt; 正文</div>
<div class="main">
  <div class="article">
    <h1>@TITLE@</h1>
    <div class="info">{e(article.date)} 来源：{e(article.outlet)} 记者：王小红</div>
    <div class="tools">字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a> 分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
    <div class="content">
    @BODY@
    </div>
    <p class="editor">（责任编辑：陈飞）</p>
    <div class="prev-next"><p>上一篇：<a href="/n/1.html">前海深港现代服务业合作区举办招商推介会</a></p><p>下一篇：<a href="/n/3.html">深圳湾口岸迎来客流高峰</a></p></div>
  </div>
  <div class="related"><h4>相关新闻</h4><ul><li><a href="/n/4.html">河套合作区首批项目签约落地</a></li><li><a href="/n/5.html">深港科技创新合作迈上新台阶</a></li></ul></div>
  <div class="comments">
    <h4>网友评论</h4>
    <form action="/comment" method="post"><label>昵称：<input name="nick"></label><textarea name="body"></textarea><button>发表评论</button></form>
    <p>请遵守互联网相关政策法规，严禁发布色情、暴力、反动的言论。</p>
  </div>
  <div class="rank"><h4>点击排行</h4><ol><li><a href="/n/6.html">深圳地铁新线开通运营</a></li><li><a href="/n/7.html">福田区发布人才新政</a></li><li><a href="/n/8.html">香港高校在深设立研究院</a></li></ol></div>
</div>
<div class="footer">
  <p>免责声明：本网站所载文章仅代表作者观点，不代表本网立场。如有侵权，请与本网联系。</p>
  <p>版权所有 {e(article.outlet)}网 粤ICP备12345678号</p>
  <p><a href="/about">关于我们</a> | <a href="/contact">联系我们</a> | <a href="/ads">广告服务</a></p>
</div>
</body>
</html>
"""
    if traditional:
        page = to_traditional(page, "tw")
    return page.replace("@TITLE@", e(article.title)).replace("@BODY@", body)


def write_page(article: Article, path: Path, charset: str = "utf-8", meta: str = "charset") -> Path:
    """Write the page in ``charset`` (GB2312 pages are written in GBK, as servers do; a Big5 page's furniture is
    in traditional characters, as a Hong Kong site's)."""
    codec = {"gb2312": "gbk", "big5": "big5hkscs"}.get(charset.lower(), charset)
    path.write_bytes(news_page(article, charset, meta, traditional=codec == "big5hkscs").encode(codec))
    return path
