"""Numbers as language-neutral evidence: ``2025年`` ↔ ``2025``, ``五个`` ↔ ``5`` ↔ ``five``, ``3.89`` ↔ ``3,89``.

Why values and not strings: a translator writes a number in digits, in Chinese numerals or in words,
and with the decimal and thousands separators of the target language; the value is what survives.
"""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\d+(?:[.,\u00a0\u202f ']\d{3})*(?:[.,]\d+)?")
_ZH_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
_ZH_UNIT = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_ZH_RUN = re.compile("[零〇一二两兩三四五六七八九十百千万萬亿億]+")
_EN_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "million": 1_000_000,
    "billion": 1_000_000_000, "first": 1, "second": 2, "third": 3, "half": 0.5, "dozen": 12,
}


def _digits_value(text: str) -> str:
    """Canonical string of a digit run: thousands separators dropped, decimal comma read as a point."""
    t = re.sub(r"[\u00a0\u202f ']", "", text)
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", t):
        t = re.sub(r"[.,]", "", t)  # 1,000,000 or 1.000.000
    t = t.replace(",", ".")
    if "." in t:
        t = t.rstrip("0").rstrip(".")
    return t.lstrip("0") or "0"


def zh_numeral_value(run: str) -> int | None:
    """Value of a Chinese numeral such as ``二十三``, ``两千零二十五``, ``三万``; None when it is not one."""
    if all(c in _ZH_DIGIT for c in run):
        if len(run) == 1:
            return _ZH_DIGIT[run]
        return int("".join(str(_ZH_DIGIT[c]) for c in run))  # 二〇二五 = 2025
    total = section = digit = 0
    for c in run:
        if c in _ZH_DIGIT:
            digit = _ZH_DIGIT[c]
        elif c in _ZH_UNIT:
            section += (digit or 1) * _ZH_UNIT[c]
            digit = 0
        elif c in _ZH_BIG:
            total += (section + digit) * _ZH_BIG[c]
            section = digit = 0
        else:
            return None
    return total + section + digit


def numbers(text: str, lang: str) -> list[str]:
    """The numeric values mentioned in ``text``, as canonical strings (``"2025"``, ``"3.89"``)."""
    out = [_digits_value(m.group()) for m in _DIGITS.finditer(text)]
    if lang == "zh":
        for m in _ZH_RUN.finditer(text):
            run = m.group()
            if run in ("一",):  # "one"/"a" is too common a particle to be evidence
                continue
            value = zh_numeral_value(run)
            if value is not None:
                out.append(str(value))
    elif lang == "en":
        for w in re.findall(r"[a-z]+", text.lower()):
            if w in _EN_WORDS and w not in ("one", "second", "first"):
                out.append(str(_EN_WORDS[w]))
    return out
