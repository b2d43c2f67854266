"""Rebuilding paragraphs and headings, including newspaper columns broken mid-word."""

from __future__ import annotations

from termkit.boilerplate import Line
from termkit.reflow import is_wrapped, join_lines, looks_like_heading, rebuild_blocks

COLUMN = """國務院上周印發《河套深

港科技創新合作區深圳園區發展規劃》，深圳園區建設本周再進一

步。

便利數據流通 建設國際數據專用通道
深圳市委副書記、市長覃偉中表示，
下一步還在深圳園區加快形成靈活高
效的機制。

國家發展改革委黨組成員
郭蘭峰在5日國新辦記者會
上指出，要發揮優勢。

橫琴粵澳深度合作區：
◆橫琴的106平方公里主要服務於澳門的經濟適
度多元發展。
香港文匯報訊（記者 海巖 北京報道）香港特別
行政區政府表示支持。"""


def _lines(text: str) -> list[Line]:
    return [Line(i, t.strip(), False) for i, t in enumerate(text.split("\n"), start=1)]


def test_join_lines_adds_no_space_inside_chinese():
    assert join_lines("河套深", "港科技") == "河套深港科技"
    assert join_lines("科創空間 150", "萬平方米") == "科創空間 150萬平方米"
    assert join_lines("the State", "Council") == "the State Council"
    assert join_lines("co-", "operation") == "co-operation"


def test_headings():
    assert looks_like_heading("便利數據流通 建設國際數據專用通道", "zh", wrapped=True)
    assert looks_like_heading("「量身定做」四個重大合作平台", "zh", wrapped=True)
    assert looks_like_heading("马不停蹄,深港协同创新再提速", "zh")
    assert not looks_like_heading("马不停蹄,深港协同创新再提速", "zh", wrapped=True)
    assert not looks_like_heading("國務院新聞辦公室舉行《河套深港", "zh", wrapped=True)  # unclosed title mark
    assert not looks_like_heading("國家發展改革委黨組成員", "zh", wrapped=True)  # a title is followed by a name
    assert not looks_like_heading("小湾区,大未来。", "zh")
    assert looks_like_heading("Development plan of the Shenzhen park", "en")
    assert not looks_like_heading("The plan proposes to implement it.", "en")


def test_column_text_is_reflowed_into_paragraphs_and_headings():
    lines = _lines(COLUMN)
    assert is_wrapped(lines)
    blocks, wrapped = rebuild_blocks(lines, "zh")
    assert wrapped
    assert [(b.kind, b.text, b.first_line, b.last_line) for b in blocks] == [
        ("body", "國務院上周印發《河套深港科技創新合作區深圳園區發展規劃》，深圳園區建設本周再進一步。", 1, 5),
        ("heading", "便利數據流通 建設國際數據專用通道", 7, 7),
        ("body", "深圳市委副書記、市長覃偉中表示，下一步還在深圳園區加快形成靈活高效的機制。", 8, 10),
        ("body", "國家發展改革委黨組成員郭蘭峰在5日國新辦記者會上指出，要發揮優勢。", 12, 14),
        ("heading", "橫琴粵澳深度合作區：", 16, 16),
        ("body", "◆橫琴的106平方公里主要服務於澳門的經濟適度多元發展。", 17, 18),
        ("body", "香港文匯報訊（記者 海巖 北京報道）香港特別行政區政府表示支持。", 19, 20),
    ]


def test_one_paragraph_a_line_is_not_reflowed():
    lines = _lines("标题行\n\n第一段。\n第二段，还是一段。\n\n小标题\n第三段。")
    blocks, wrapped = rebuild_blocks(lines, "zh")
    assert not wrapped
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "标题行"), ("body", "第一段。"), ("body", "第二段，还是一段。"), ("heading", "小标题"), ("body", "第三段。")]
