"""Rebuilding paragraphs and headings from lines, including newspaper columns broken mid-sentence.

Why two layouts: web articles give one paragraph a line, while a scanned or copied newspaper (the Hong
Kong article) breaks every column line mid-sentence and even mid-word, with blank lines falling inside
paragraphs. In that "wrapped" layout a paragraph ends only at a line ending a sentence, and a heading is
an unpunctuated line that starts after a paragraph ended. Chinese lines are joined without a space
(a space between two Han characters would be a false word break for every later stage).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from termkit.boilerplate import BULLETS, Line, starts_with_byline
from termkit.lang import ends_sentence, is_wide

#: Punctuation a heading never ends on, and (in wrapped text, where a comma may end a broken line) never holds.
_CLAUSE_END = re.compile(r"[，,。；;、.:：]$")
_CLAUSE_INSIDE = re.compile(r"[，,。；;、]")
#: Words a broken line ending on is not a heading: function words and titles always followed by more text.
_CONTINUES = re.compile(
    r"(的|之|和|與|与|及|或|在|對|对|為|为|將|将|把|被|從|从|向|於|于|並|并|而|但|是|以|其|該|该|各|副|"
    r"成員|成员|主任|部長|部长|司長|司长|書記|书记|委員|委员|局長|局长|市長|市长|省長|省长|主席|總裁|总裁|"
    r"秘書長|秘书长|署長|署长|院長|院长|董事長|董事长|總經理|总经理|行政長官|行政长官)$")
_CONTINUES_EN = re.compile(
    r"\b(the|a|an|of|to|in|on|at|by|for|from|with|and|or|but|as|is|are|was|were|be|been|that|this|its|their|his|"
    r"her|which|who|will|would|has|have|had|not|said)$", re.I)
_PAIRS = ("《》", "「」", "『』", "（）", "()", "“”", "【】")


@dataclass(frozen=True)
class Block:
    """A rebuilt unit of text: a paragraph or a heading, with the raw lines it spans."""

    first_line: int
    last_line: int
    text: str
    kind: str  # body | heading
    indented: bool


def join_lines(left: str, right: str) -> str:
    """Join two pieces of a broken line: no space where either side is Chinese, one space between words."""
    if not left or not right:
        return left + right
    if is_wide(left[-1]) or is_wide(right[0]):
        return left + right
    if left.endswith("-") and right[0].islower():
        return left + right
    return f"{left} {right}"


def _balanced(text: str) -> bool:
    return all(text.count(a) == text.count(b) for a, b in _PAIRS if a != b) and text.count('"') % 2 == 0


def looks_like_heading(text: str, lang: str, wrapped: bool = False) -> bool:
    """A short unit that does not end a sentence or a phrase (``便利數據流通 建設國際數據專用通道``).

    In wrapped text a heading also holds no clause punctuation: there a comma may end any broken line.
    """
    if not text or text[0] in BULLETS or _CLAUSE_END.search(text) or not _balanced(text):
        return False
    if wrapped and (_CLAUSE_INSIDE.search(text) or _CONTINUES.search(text) or _CONTINUES_EN.search(text)):
        return False
    if starts_with_byline(text):
        return False
    if lang == "zh":
        return len(text) <= 50 and not ends_sentence(text)
    words = text.split()
    return len(words) <= 15 and text[0].isupper() and not ends_sentence(text)


def is_wrapped(lines: list[Line]) -> bool:
    """Whether most lines break mid-sentence (a newspaper column or hard-wrapped text).

    Headings count as open-ended too; web articles have far fewer of them than paragraphs.
    """
    texts = [ln.text for ln in lines if ln.text]
    if len(texts) < 5:
        return False
    open_ended = sum(1 for t in texts if not ends_sentence(t))
    return open_ended / len(texts) >= 0.5


def _per_line(lines: list[Line], lang: str) -> list[Block]:
    return [Block(ln.no, ln.no, ln.text, "heading" if looks_like_heading(ln.text, lang) else "body", ln.indented)
            for ln in lines if ln.text]


def _label(text: str) -> bool:
    """A sidebar label such as ``橫琴粵澳深度合作區：`` heading a list of ◆ items."""
    return len(text) <= 30 and text[-1:] in "：:" and not re.search(r"[，,。；;]", text)


def _wrapped(lines: list[Line], lang: str) -> list[Block]:
    texts = [ln for ln in lines if ln.text]
    blocks: list[Block] = []
    current: list[Line] = []

    def close(kind: str = "body") -> None:
        if current:
            text = ""
            for ln in current:
                text = join_lines(text, ln.text)
            blocks.append(Block(current[0].no, current[-1].no, text, kind, current[0].indented))
            current.clear()

    for i, ln in enumerate(texts):
        nxt = texts[i + 1].text if i + 1 < len(texts) else ""
        if ln.text[0] in BULLETS:
            close()
        starts_heading = looks_like_heading(ln.text, lang, wrapped=True) or (_label(ln.text) and nxt[:1] in BULLETS)
        if not current and starts_heading:
            current.append(ln)
            close("heading")
            continue
        current.append(ln)
        if ends_sentence(ln.text):
            close()
    close()
    return blocks


def rebuild_blocks(lines: list[Line], lang: str) -> tuple[list[Block], bool]:
    """Paragraphs and headings from the kept lines, and whether the wrapped (column) layout was used."""
    if is_wrapped(lines):
        return _wrapped(lines, lang), True
    return _per_line(lines, lang), False
