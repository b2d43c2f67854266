"""What is not the article: recognising site furniture, credits and captions, each with a reason.

Why patterns a translator would recognise rather than positions: the same furniture (``首页 » 新闻``,
``免责声明``, ``联系我们`` blocks, ``◆… 資料圖片`` captions, ``[编辑:…]``) recurs across Chinese news
sites, and none of it may reach a translation memory. Every rule names its reason, so that
``termkit ingest --explain`` can say why each block went. Two passes: line rules run on the raw lines
(furniture is line-shaped), block rules run on rebuilt paragraphs (captions and bylines may span the
broken lines of a newspaper column).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from termkit.lang import ends_sentence

#: Characters that open a list item or point at a photo.
BULLETS = "◆◇■□●○•·▪▲△▼▽◀◁▶▷►◄※"
#: Of those, the ones that only ever point at a photo (▲ "above", ◀ "left" ...).
PHOTO_POINTERS = "▲△▼▽◀◁▶▷►◄"


def _alt(words: str) -> str:
    """A regex alternation from space-separated words (keeps the word lists below readable)."""
    return "|".join(words.split())


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)(\s[^<>]*)?/?>")
_BREAK_TAGS = {"br", "p", "div", "li", "tr", "td", "h1", "h2", "h3", "h4", "h5", "h6"}
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]{2,8});")

_NAVIGATION = re.compile(
    r"^(" + _alt("首页 首頁 主页 主頁 当前位置 當前位置 您的位置 您现在的位置 您現在的位置 你的位置 位置 Home")
    + r")\s*[:：]?\s*.*?(»|›|＞|→|\s>\s|\s/\s|\s\|\s)", re.I)
_RELATED_HEAD = re.compile(
    r"^[" + BULLETS + r"\-*\s]*(" + _alt("""
        相关阅读 相關閱讀 相关新闻 相關新聞 相关文章 相關文章 延伸阅读 延伸閱讀 推荐阅读 推薦閱讀 更多阅读 更多閱讀
        热点推荐 熱點推薦 相关链接 相關鏈接 猜你喜欢 猜你喜歡""") + r"|Related(\s+\w+)?|Read\s+more)\s*[:：]?$", re.I)
_RELATED_ITEM = re.compile(
    r"^([" + BULLETS + r"\-*]|.*(\.\.\.|…)$|(时间|時間|日期)?\s*[:：]?\s*\d{1,4}[-/.月]\d{1,2}日?$)")
_DISCLAIMER = re.compile(r"^(" + _alt(r"""
    免责声明 免責聲明 版权声明 版權聲明 特别声明 特別聲明 法律声明 法律聲明 版权所有 版權所有 Copyright\b ©
    本网站?转载 本網站?轉載 凡本网 凡本網 凡注明 All\s+rights\s+reserved""") + ")", re.I)
#: A lone label a page puts over an advertisement or sponsored block.
_AD_LABEL = re.compile(
    r"^[\[【(（]?\s*(广告|廣告|推广|推廣|赞助|贊助|Advertisement|Sponsored(\s+content)?|Ad)\s*[\]】)）]?$", re.I)
_DISCLAIMER_INLINE = re.compile(r"(免责声明|免責聲明|版权声明|版權聲明)\s*[:：]")
_CONTACT_HEAD = re.compile(
    r"^(" + _alt(r"联系我们 聯繫我們 聯絡我們 联系方式 聯繫方式 聯絡方式 Contact\s+us") + r")\s*[:：]?$", re.I)
_CONTACT_FIELD = re.compile(r"^(" + _alt("""
    联系人 聯絡人 聯繫人 联系电话 聯繫電話 聯絡電話 手机 手機 电话 電話 座机 座機 传真 傳真 邮箱 郵箱 电子邮箱 電子郵箱
    E-?mail QQ 微信号? 微信號 地址 网址 網址 邮编 郵編 客服热线 客服熱線 热线 熱線 Tel Fax Phone Address""")
    + r")\s*[:：]", re.I)
_PHONE_ONLY = re.compile(r"^[\d\s\-+()（）]{7,}$")
_WECHAT = re.compile(r"^(" + _alt("""
    微信公众号 微信公眾號 扫一扫 掃一掃 扫码 掃碼 长按识别 長按識別 关注我们 關注我們 在线留言 在線留言
    打印本页 打印本頁 关闭窗口 關閉窗口 返回顶部 返回頂部""") + ")")
#: Reader tools and page links around an article: share bars, font-size links, previous/next article.
_SHARE = re.compile(r"^(.{0,20}(分享到|分享至|Share)\s*[:：]|(字号|字號|字体|字體)\s*[:：])", re.I)
_PREV_NEXT = re.compile(
    r"^[\[【]?\s*(" + _alt("上一篇 下一篇 上一頁 下一頁 上一页 下一页 上篇 下篇 Previous Next")
    + r")\s*[\]】]?\s*[:：]", re.I)
#: A comment form and its notices (``网友评论``, ``昵称：``, ``发表评论``): it heads a run of short form lines.
_COMMENTS = re.compile(r"^(" + _alt(r"""
    网友评论 網友評論 发表评论 發表評論 我要评论 我要評論 最新评论 最新評論 热门评论 熱門評論 评论 評論 昵称 暱稱 用户名
    用戶名 验证码 驗證碼 Comments?""") + ")", re.I)
_COMMENT_WORDS = re.compile(_alt("""
    评论 評論 言论 言論 留言 网友 網友 昵称 暱稱 注册 註冊 登录 登錄 匿名 验证码 驗證碼 法规 法規"""))
#: A ranking box (``点击排行``): its head and the short headline links under it.
_RANKING = re.compile(r"^(" + _alt(r"""
    点击排行 點擊排行 热门排行 熱門排行 排行榜 热点排行 熱點排行 阅读排行 閱讀排行 今日热点 今日熱點 热门文章 熱門文章
    热点新闻 熱點新聞 Most\s+read Most\s+popular""") + r")\s*[:：]?", re.I)
_ICP = re.compile(r"ICP\s*(备|備|证|證)|公网安备|公網安備|增值电信业务|增值電信業務")
_DATE = r"(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})\s*日?"
_DATE_LINE = re.compile(
    r"^(?:" + _alt("发布时间 發佈時間 發布時間 发表时间 發表時間 更新时间 更新時間 时间 時間 日期") + r")?\s*[:：]?\s*"
    + _DATE + r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?(?P<rest>.*)$")
_META_FIELD = re.compile(
    r"(" + _alt("来源 來源 稿源 编辑 編輯 责任编辑 責任編輯 作者 记者 記者 字号 字號 浏览 瀏覽 阅读 閱讀")
    + r")\s*[:：]\s*([^\s:：]*)")
_SOURCE_LINE = re.compile(
    r"^[\[【(（]?\s*(来源|來源|稿源|出处|出處|Source)\s*[:：]\s*(?P<what>[^\]】)）]{1,40}?)\s*[\]】)）]?$", re.I)
_EDITOR_LINE = re.compile(
    r"^[\[【(（]?\s*(?:(?P<role>" + _alt("""
        责任编辑 責任編輯 编辑 編輯 责编 責編 校对 校對 审核 審核 审校 審校 作者 记者 記者 撰文 摄影 攝影 Editor""")
    + r")\s*[:：]|(?P<by>By)\s+)\s*(?P<who>[^。！？\]】)）]{1,30}?)\s*[\]】)）]?$")
_PRINT_EDITION = re.compile(
    r"^《\s*(?P<paper>[^》]{1,20}?)\s*》\s*[（(]\s*" + _DATE + r"\s*(第?\s*\d+\s*版)?\s*[)）]$")
_IMAGE_FILE = re.compile(r"^\S+\.(jpe?g|png|gif|webp|bmp|tiff?)$", re.I)

_CREDIT = "(" + _alt("""
    資料圖片 资料图片 資料照片 资料照片 中新社 中通社 新華社 新华社 美聯社 美联社 路透社 法新社
    網絡圖片 网络图片 供圖 供图""") \
    + r"|(?:本報|本报)?(?:記者|记者)?\s*\S{1,8}\s*[攝摄]|(?:圖片來源|图片来源)\s*[:：].*)"
_CREDIT_ONLY = re.compile(r"^" + _CREDIT + r"$")
_CREDIT_END = re.compile(r"\s" + _CREDIT + r"$")
#: English photo credits and caption openers: ``(Xinhua/Li Ming)``, ``Photo: ...``, ``File photo``.
_CREDIT_EN = re.compile(
    r"[(\[](Xinhua|Reuters|AP|AFP|EPA|Getty Images|CFP|IC|VCG|China Daily|CNS)(/[^)\]]{1,40})?[)\]]$")
_CAPTION_EN = re.compile(r"^(Photo|Picture|Image|File photo|Photo taken on)\b\s*[:/]?", re.I)
#: An English dateline: ``BEIJING, Sept. 5 (Xinhua) --`` (the counterpart of 新华社北京9月5日电).
_DATELINE_EN = re.compile(
    r"^(?P<place>[A-Z][A-Z .'-]{2,30}),\s+(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(,\s+\d{4})?)\s+"
    r"\((?P<who>[^)]{2,40})\)\s*(--|—|–|-)\s*")
#: A photo caption glued onto the paragraph after it by a scrape (``图为签约现场。记者 王小红 摄据介绍，…``):
#: it opens as a caption does (图为, a photo pointer) and ends at the photographer's credit.
_GLUED_CAPTION = re.compile(
    r"^(?P<caption>(?:图为|圖為|图片为|圖片為|[" + PHOTO_POINTERS + r"]).{1,150}?"
    r"(?:记者|記者|通讯员|通訊員)\s*[^\s，,。]{2,4}?\s*[摄攝])\s*(?P<rest>\S.*)$")
_BYLINE_LEAD = re.compile(
    r"^(?P<lead>[^\s，。,；;（(]{2,30}?(?:訊|讯|電|电))\s*[（(]"
    r"(?P<who>[^）)]{0,20}(?:记者|記者|通讯员|通訊員|报道|報道|特约|特約|实习生|實習生)[^）)]{0,20})[）)]\s*")
_SOURCE_TAIL = re.compile(r"\s*[（(]\s*(来源|來源|稿源)\s*[:：]\s*(?P<what>[^）)]{1,60})[）)]\s*$")
_REPORTER = re.compile(r"((?:记者|記者|通讯员|通訊員)\s*[^\s，,）)]+)")


@dataclass(frozen=True)
class Line:
    """One raw line: its 1-based number, its text without surrounding space, and whether it was indented."""

    no: int
    text: str
    indented: bool


@dataclass(frozen=True)
class Removal:
    """A block that is not article text, where it was and why it went."""

    first_line: int
    last_line: int
    reason: str
    text: str


@dataclass
class Found:
    """Metadata noticed while removing furniture: the first date and outlet seen, every byline."""

    date: str = ""
    outlet: str = ""
    bylines: list[str] = field(default_factory=list)
    after_image: set[int] = field(default_factory=set)  # line numbers right after an image file name

    def note_date(self, y: str, m: str, d: str) -> None:
        if not self.date:
            self.date = f"{int(y):04d}-{int(m):02d}-{int(d):02d}"

    def note_outlet(self, outlet: str) -> None:
        if not self.outlet and outlet.strip():
            self.outlet = outlet.strip()

    def note_byline(self, who: str) -> None:
        who = " ".join(who.split())
        if who and who not in self.bylines:
            self.bylines.append(who)


def _strip_html(line: Line, removed: list[Removal]) -> list[Line]:
    """Turn HTML residue into text: entities decoded, inline tags out, line-breaking tags (``<BR/>``, ``<p>``)
    a paragraph boundary after a finished sentence (nothing is glued between two Chinese sentences) and a
    space elsewhere (the two lines of a headline)."""
    tags = [m.group(0) for m in _TAG.finditer(line.text)]
    entities = _ENTITY.findall(line.text)
    if not tags and not entities:
        return [line]
    removed.append(Removal(line.no, line.no, "html", " ".join(tags + [f"&{e};" for e in entities])))
    text = _TAG.sub(lambda m: "\n" if m.group(2).lower() in _BREAK_TAGS else "", line.text)
    pieces = [p for p in (html.unescape(piece).replace("\xa0", " ").strip() for piece in text.split("\n")) if p]
    if not pieces:
        return [Line(line.no, "", line.indented)]  # block tags alone still separate paragraphs
    paragraphs = [pieces[0]]
    for piece in pieces[1:]:
        if ends_sentence(paragraphs[-1]):
            paragraphs.append(piece)
        else:
            paragraphs[-1] += " " + piece
    out: list[Line] = []
    for para in paragraphs:
        if out:
            out.append(Line(line.no, "", line.indented))
        out.append(Line(line.no, para, line.indented))
    return out


def _split_glued_disclaimer(line: Line, removed: list[Removal]) -> Line:
    m = _DISCLAIMER_INLINE.search(line.text)
    if not m or m.start() == 0:
        return line
    removed.append(Removal(line.no, line.no, "disclaimer", line.text[m.start():]))
    return Line(line.no, line.text[:m.start()].rstrip(), line.indented)


def _metadata_line(text: str, found: Found) -> bool:
    """A date line, optionally with 来源/编辑 fields (``2022-01-11 来源:深圳新闻网 编辑:陈飞``)."""
    m = _DATE_LINE.match(text)
    if not m:
        return False
    rest = m.group("rest").strip()
    fields = _META_FIELD.findall(rest)
    if rest and _META_FIELD.sub("", rest).strip():
        return False
    found.note_date(m.group(1), m.group(2), m.group(3))
    for key, value in fields:
        if key in ("来源", "來源", "稿源"):
            found.note_outlet(value)
        elif key in ("作者", "记者", "記者"):
            found.note_byline(f"{key} {value}")
    return True


def _line_reason(line: Line, found: Found) -> str | None:
    """Why a single line is not article text, or None."""
    text = line.text
    if _NAVIGATION.match(text) and len(text) <= 80 and not re.search(r"[。！？]", text):
        return "navigation"
    if _DISCLAIMER.match(text):
        return "disclaimer"
    if _ICP.search(text) and len(text) <= 160:
        return "copyright"
    if _SHARE.match(text) and len(text) <= 80:
        return "share-bar"
    if _PREV_NEXT.match(text) and len(text) <= 80:
        return "previous-next"
    if _AD_LABEL.match(text):
        return "advertisement"
    if _IMAGE_FILE.match(text):
        found.after_image.add(line.no)
        return "image"
    if _CONTACT_FIELD.match(text) or _PHONE_ONLY.match(text) or _WECHAT.match(text):
        return "contact"
    if _metadata_line(text, found):
        return "metadata"
    m = _PRINT_EDITION.match(text)
    if m:
        found.note_outlet(m.group("paper"))
        found.note_date(m.group(2), m.group(3), m.group(4))
        return "print-edition"
    m = _SOURCE_LINE.match(text)
    if m:
        found.note_outlet(m.group("what"))
        return "source"
    m = _EDITOR_LINE.match(text)
    if m and not re.search(r"[，,。]", m.group("who")):
        if m.group("by") or m.group("role") in ("作者", "记者", "記者", "撰文"):
            found.note_byline(m.group("who"))
        return "editor"
    return None


def _run_head(text: str) -> str | None:
    """The run a line opens (its reason), or None."""
    if _RELATED_HEAD.match(text):
        return "related-reading"
    if _CONTACT_HEAD.match(text):
        return "contact"
    if _RANKING.match(text) and len(text) <= 20:
        return "ranking"
    if _COMMENTS.match(text) and len(text) <= 100:
        return "comments"
    return None


def strip_lines(lines: list[Line]) -> tuple[list[Line], list[Removal], Found]:
    """Drop furniture line by line; blank lines are kept (layout needs them) and never reported.

    Related-reading lists, contact blocks, rankings and comment forms are runs: after their header, items
    (bullets, truncated teasers, dates; short unpunctuated headlines and form fields; a comment form's
    notices) go with it until a line that is neither.
    """
    kept: list[Line] = []
    removed: list[Removal] = []
    found = Found()
    mode: str | None = None
    for line in (piece for raw in lines for piece in _strip_html(raw, removed)):
        if not line.text:
            kept.append(line)
            continue
        line = _split_glued_disclaimer(line, removed)
        text = line.text
        if mode == "related-reading" and _RELATED_ITEM.match(text):
            removed.append(Removal(line.no, line.no, mode, text))
            continue
        head = _run_head(text)
        short = len(text) <= 30 and not re.search(r"[。！？]", text)
        furniture = bool(_DISCLAIMER.match(text) or _ICP.search(text))
        if not head and not furniture and ((mode in ("contact", "ranking") and short) or (
                mode == "comments" and (short or (_COMMENT_WORDS.search(text) and len(text) <= 100)))):
            removed.append(Removal(line.no, line.no, mode, text))
            continue
        mode = head
        reason = mode or _line_reason(line, found)
        if reason == "contact":
            mode = "contact"
        if reason:
            removed.append(Removal(line.no, line.no, reason, text))
        elif text:
            kept.append(line)
    return kept, removed, found


def is_photo_caption(text: str, after_image: bool) -> bool:
    """Captions: ▲/◀ pointers, a ◆ item ending in a photo credit, a lone credit, the line under an image file."""
    if not text:
        return False
    if text[0] in PHOTO_POINTERS or _CREDIT_ONLY.match(text):
        return True
    if _CREDIT_END.search(text) and (text[0] in BULLETS or len(text) <= 120):
        return True
    if (_CREDIT_EN.search(text) and len(text) <= 400) or (_CAPTION_EN.match(text) and len(text) <= 300):
        return True
    return after_image and len(text) <= 150


def cut_byline(text: str, found: Found) -> tuple[str, list[tuple[str, str]]]:
    """Cut a glued photo caption and a dateline byline (``香港文匯報訊（記者 海巖 北京報道）``) from a paragraph's
    start, and a source credit (``(来源:深圳特区报 记者 福明)``) from its end. Returns the text and
    ``(reason, cut)`` pairs."""
    cut: list[tuple[str, str]] = []
    m = _GLUED_CAPTION.match(text)
    if m and len(m.group("rest")) >= 10:
        cut.append(("caption", m.group("caption")))
        text = m.group("rest")
    m = _BYLINE_LEAD.match(text)
    if m:
        found.note_byline(m.group("who"))
        found.note_outlet(re.sub(r"\d.*$|(訊|讯|電|电)$", "", m.group("lead")))
        cut.append(("byline", m.group(0).strip()))
        text = text[m.end():]
    m = _DATELINE_EN.match(text)
    if m:
        found.note_outlet(m.group("who"))
        cut.append(("byline", m.group(0).strip()))
        text = text[m.end():]
    m = _SOURCE_TAIL.search(text)
    if m:
        what = m.group("what")
        reporter = _REPORTER.search(what)
        if reporter:
            found.note_byline(reporter.group(1))
        found.note_outlet(_REPORTER.sub("", what).strip())
        cut.append(("source", m.group(0).strip()))
        text = text[:m.start()]
    return text, cut


def starts_with_byline(text: str) -> bool:
    """Whether a line opens with a dateline byline (such a line is never a heading)."""
    return bool(_BYLINE_LEAD.match(text) or _DATELINE_EN.match(text))
