"""Furniture removal rules, line by line and on rebuilt blocks, each with its reason."""

from __future__ import annotations

import pytest

from termkit.boilerplate import Found, Line, cut_byline, is_photo_caption, strip_lines


def _strip(*texts: str):
    lines = [Line(i, t.strip(), t.startswith(" ")) for i, t in enumerate(texts, start=1)]
    kept, removed, found = strip_lines(lines)
    return [k.text for k in kept if k.text], [(r.reason, r.text) for r in removed], found


@pytest.mark.parametrize("line, reason", [
    ("首页  »  新闻频道  »  国内新闻", "navigation"),
    ("当前位置：首页 > 新闻 > 正文", "navigation"),
    ("Home > News > China", "navigation"),
    ("来源:人民网-人民日报", "source"),
    ("來源：國新網", "source"),
    ("[编辑:陈飞]", "editor"),
    ("责任编辑：王小明", "editor"),
    ("《 人民日报 》( 2023年09月05日 10 版)", "print-edition"),
    ("2023-09-05 08:38:00", "metadata"),
    ("发布时间:2021-03-23 18:58:28", "metadata"),
    ("2022-01-11 来源:深圳新闻网     编辑:陈飞", "metadata"),
    ("免责声明:本网对文中陈述、观点判断保持中立。", "disclaimer"),
    ("版權所有 © 香港文匯報", "disclaimer"),
    ("微信图片_20210319091229.jpg", "image"),
    ("手机:13726017833", "contact"),
    ("QQ:64407753", "contact"),
    ("地址:广东省中山市三乡镇乌石村万里路2号16卡首层", "contact"),
    ("扫一扫,关注公众号", "contact"),
    ("Copyright 2023 Xinhua. All rights reserved.", "disclaimer"),
    ("By John Smith", "editor"),
])
def test_line_rules(line, reason):
    kept, removed, _ = _strip("正文第一段。", line, "正文第二段。")
    assert kept == ["正文第一段。", "正文第二段。"]
    assert [r for r, _ in removed] == [reason]


def test_article_sentences_mentioning_the_same_words_stay():
    body = ["记者从深圳市获悉，合作区地址选在福田。", "他说，来源广泛的资金将支持项目。", "编辑部的故事。",
            "2023年9月5日，国务院新闻办公室举行发布会。"]
    kept, removed, _ = _strip(*body)
    assert kept == body and removed == []


def test_related_reading_run_ends_at_the_first_line_that_is_not_an_item():
    kept, removed, _ = _strip("正文。", "• 相关阅读", "• 某某新闻标题", "新华网记者张敏彦 长江经济带覆盖沿江11省市...",
                              "时间:09-07", "免责声明:本网对文中陈述保持中立。")
    assert kept == ["正文。"]
    assert [r for r, _ in removed] == ["related-reading"] * 4 + ["disclaimer"]


def test_contact_block_takes_its_form_fields():
    kept, removed, _ = _strip("正文。", "联系我们", "联系人:舒工", "微信公众号", "在线留言", "您的姓名", "邮箱", "留言内容")
    assert kept == ["正文。"]
    assert {r for r, _ in removed} == {"contact"} and len(removed) == 7


def test_html_residue_and_glued_disclaimer():
    kept, removed, _ = _strip("深入推进建设<BR/>携手打造极点", "正文&nbsp;结束。免责声明:本网保持中立。")
    assert kept == ["深入推进建设 携手打造极点", "正文 结束。"]
    assert [r for r, _ in removed] == ["html", "html", "disclaimer"]
    lines = [Line(1, "园区发布规划。<BR/>规划提出目标。<br>", False), Line(2, "<p>广告</p>", False)]
    kept, removed, _ = strip_lines(lines)
    assert [k.text for k in kept] == ["园区发布规划。", "", "规划提出目标。"]  # two paragraphs, nothing glued
    assert [r.reason for r in removed] == ["html", "html", "advertisement"]
    kept, removed, _ = _strip('<p class="x">If a < b and b > c, then a < c.</p>')
    assert kept == ["If a < b and b > c, then a < c."] and removed == [("html", '<p class="x"> </p>')]


def test_metadata_is_noticed():
    _, _, found = _strip("2022-01-11 来源:深圳新闻网 编辑:陈飞", "作者:张三", "正文。")
    assert (found.date, found.outlet, found.bylines) == ("2022-01-11", "深圳新闻网", ["张三"])


@pytest.mark.parametrize("text, after_image, caption", [
    ("◆河套深港科技創新合作區深圳園區一景。 資料圖片", False, True),
    ("▲港青在位於河套的香港科技大學藍海灣孵化港參觀。", False, True),
    ("◀早前，港青丁克（中）創立顯揚科技。圖為丁克和團隊成員在討論工作。", False, True),
    ("資料圖片", False, True),
    ("图为服贸会展区外景。 本报记者 任彦摄", False, True),
    ("◆橫琴的106平方公里主要服務於澳門的經濟適度多元發展，是一個大的突破。", False, False),
    ("住深全国政协委员就“双区”建设建言咨政。", True, True),
    ("住深全国政协委员就“双区”建设建言咨政。", False, False),
    ("Officials attend the press conference in Beijing, Sept. 5, 2023. (Xinhua/Li Ming)", False, True),
    ("Photo: the Hetao zone seen from Hong Kong.", False, True),
    ("Photos show the progress, officials said.", False, False),
])
def test_photo_captions(text, after_image, caption):
    assert is_photo_caption(text, after_image) is caption


def test_bylines_are_cut_and_kept_as_metadata():
    found = Found()
    text, cut = cut_byline("香港文匯報訊（記者 海巖 北京報道）國務院上周印發規劃。", found)
    assert text == "國務院上周印發規劃。"
    assert cut == [("byline", "香港文匯報訊（記者 海巖 北京報道）")]
    text, cut = cut_byline("促进深港澳青少年深度交融。(来源:深圳特区报 记者 福明)", found)
    assert text == "促进深港澳青少年深度交融。" and cut[0][0] == "source"
    assert found.bylines == ["記者 海巖 北京報道", "记者 福明"]
    assert found.outlet == "香港文匯報"
    assert cut_byline("中国电信（China Telecom）宣布新计划。", Found())[1] == []
    english = Found()
    text, cut = cut_byline("SHENZHEN, Sept. 5 (Xinhua) -- The plan was issued.", english)
    assert (text, cut, english.outlet) == ("The plan was issued.", [("byline", "SHENZHEN, Sept. 5 (Xinhua) --")], "Xinhua")
