"""Numbers as language-neutral values: ``2025年`` ↔ ``2025``, ``五个`` ↔ ``5`` ↔ ``five``, ``3.89`` ↔ ``3,89``,
``壹仟贰佰`` ↔ ``1200``, ``twenty-five`` ↔ ``二十五``.

Why values and not strings: a translator writes a number in digits, in Chinese numerals or in words, and with
the decimal and thousands separators of the target language; the value is what survives. One reader serves
the aligner (numbers as evidence that two sentences say the same) and lint (numbers that must reappear).
Values are ``Decimal``: exact, so 1.5 × 万 is 15000 and a long digit string keeps every digit.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

#: A number written in digits: thousands groups separated by . , a space, a (narrow) no-break space or an
#: apostrophe (1,000 · 1.000 · 1 000 · 1'000), and a decimal part after . or , (3.89 · 3,89).
DIGITS = re.compile(r"\d+(?:[.,\u00a0\u202f ']\d{3})*(?:[.,]\d+)?")
_GROUPS = re.compile(r"\d{1,3}(?:,\d{3})+|\d{1,3}(?:\.\d{3})+")  # 1,000,000 or 1.000.000: no decimal part

#: Chinese digits: everyday (〇零一二两…), financial (大写, written on cheques and contracts so that no stroke can
#: be added: 壹贰叁肆伍陆柒捌玖) and the Traditional forms that differ (兩 貳 參 陸).
ZH_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9, "壹": 1, "贰": 2, "貳": 2, "叁": 3, "參": 3, "肆": 4, "伍": 5, "陆": 6, "陸": 6, "柒": 7,
             "捌": 8, "玖": 9}
ZH_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}  # within a group of four digits
ZH_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}  # multiply everything before them
#: The financial characters are also ordinary words (陸續 "one after another", 參加 "attend", 收拾 "tidy up", 队伍
#: "ranks"), so a run holding one is read as a number only with a unit, as financial numerals are written.
_FINANCIAL = frozenset("壹贰貳叁參肆伍陆陸柒捌玖拾佰仟")
#: Every character of a Chinese numeral, for character classes in patterns.
ZH_NUMERAL_CHARS = "".join([*ZH_DIGITS, *ZH_UNITS, *ZH_BIG])
_ZH_RUN = re.compile(f"[{ZH_NUMERAL_CHARS}]+")

#: English number words by how they combine: "twenty" + "five", "three" × "hundred", … × "thousand".
EN_ONES = {w: i for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
     "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"])}
EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
           "ninety": 90}
EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
#: Ordinals end a number ("twenty-first"); the rest stand alone.
EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
               "ninth": 9, "tenth": 10}
EN_ALONE = {"dozen": Decimal(12), "half": Decimal("0.5"), "twice": Decimal(2), "double": Decimal(2)}
EN_WORDS = frozenset([*EN_ONES, *EN_TENS, *EN_SCALES, *EN_ORDINALS, *EN_ALONE])
_EN_WORD = "(?:" + "|".join(sorted(EN_WORDS, key=len, reverse=True)) + ")"
#: A run of number words, read as one or more numbers: words joined by spaces or hyphens, "and" after a scale.
EN_RUN = rf"\b{_EN_WORD}(?:(?:[\s-]+|\s+and\s+){_EN_WORD})*\b"
_EN_TOKEN = re.compile(r"[a-z]+", re.IGNORECASE)

#: The English words the aligner takes as evidence, read one by one ("twenty-five" is 20 and 5): the reading
#: its scores were measured with (MAC-Dev strict F1 0.866). Reading whole phrases, or adding zero, the
#: ordinals after "third", "twice", "double" and "trillion", moves a MAC-Dev bead and the comparable scores
#: of the bundled corpus: a change of evidence to measure on its own, not part of sharing the reader.
_EVIDENCE_WORDS = frozenset([*EN_ONES, *EN_TENS, *EN_SCALES, "third", "half", "dozen"]) - {
    "zero", "one", "trillion"}

#: Words and characters that multiply the number before them: 150万, 2.5亿, 1.5 million.
SCALES = {"万": Decimal(10**4), "萬": Decimal(10**4), "亿": Decimal(10**8), "億": Decimal(10**8),
          "thousand": Decimal(1000), "million": Decimal(10**6), "billion": Decimal(10**9),
          "trillion": Decimal(10**12)}
_AMOUNT = re.compile(r"(\d[\d,.]*)\s*(\S*)")


def canonical(value: Decimal | int) -> str:
    """The one spelling of a value, so equal numbers compare equal as strings: ``1000``, ``3.89``, ``0.5``."""
    return format(Decimal(value).normalize(), "f")


def digits_value(text: str) -> Decimal:
    """Value of a digit number (a ``DIGITS`` match): thousands separators dropped, the decimal mark read.

    A run of groups of three after one kind of separator is thousands (1,000,000 · 1.000.000); otherwise the
    last separator is the decimal mark and any before it are thousands (1,234.5 · 1.234,5 · 3,89).
    """
    t = re.sub(r"[\u00a0\u202f ']", "", text)
    last = max(t.rfind("."), t.rfind(","))
    if last < 0 or _GROUPS.fullmatch(t):
        return Decimal(re.sub(r"[.,]", "", t))
    return Decimal(re.sub(r"[.,]", "", t[:last]) + "." + t[last + 1:])


def chinese_value(run: str) -> int | None:
    """Value of a Chinese numeral: 十二, 一百零八, 两千零二十五, 三千五百万, 二〇二五 (digit by digit), 壹仟贰佰;
    None when the run is not one (a financial character used as a word, see ``_FINANCIAL``).

    零 only holds a place (一千零十 = 1010); 万 and 亿 multiply what comes before them, a larger one all of it
    (一万亿 = 10¹²), and alone stand for themselves (万 = 10000).
    """
    if not run or any(c not in ZH_DIGITS and c not in ZH_UNITS and c not in ZH_BIG for c in run):
        return None
    if _FINANCIAL.intersection(run) and (len(run) < 2 or not any(c in ZH_UNITS or c in ZH_BIG for c in run)):
        return None
    if all(c in ZH_DIGITS for c in run):
        return int("".join(str(ZH_DIGITS[c]) for c in run))  # 二〇二五 = 2025
    total = section = digit = 0
    last_big = 0
    for c in run:
        if c in ZH_DIGITS:
            digit = ZH_DIGITS[c]
        elif c in ZH_UNITS:
            section += (digit or 1) * ZH_UNITS[c]
            digit = 0
        else:
            big = ZH_BIG[c]
            group = section + digit or (0 if total else 1)
            total = (total + group) * big if big >= last_big else total + group * big
            last_big = big
            section = digit = 0
    return total + section + digit


def english_values(phrase: str) -> list[Decimal]:
    """Values of a run of English number words: "twenty-five" → 25, "one hundred and five" → 105,
    "two thousand" → 2000, "ten twenty" → 10, 20 (a word that cannot continue a number starts the next).
    Words that are not number words are skipped."""
    out: list[Decimal] = []
    total = group = 0
    last = ""  # what the previous word was: "" (none), "one" (1-9), "teen" (0, 10-19), "tens", "scale"
    after_and = False

    def flush() -> None:
        nonlocal total, group, last
        if last:
            out.append(Decimal(total + group))
        total = group = 0
        last = ""

    for w in (t.lower() for t in _EN_TOKEN.findall(phrase)):
        if w == "and":
            after_and = last == "scale"
            if not after_and:
                flush()
            continue
        if w in EN_ALONE:
            flush()
            out.append(EN_ALONE[w])
        elif w in EN_ONES or w in EN_ORDINALS:
            v = EN_ONES.get(w, EN_ORDINALS.get(w, 0))
            kind = "one" if 0 < v < 10 else "teen"
            if not (last in ("", "scale") or (last == "tens" and kind == "one")):
                flush()
            group += v
            last = kind
            if w in EN_ORDINALS:
                flush()
        elif w in EN_TENS:
            if last not in ("", "scale"):
                flush()
            group += EN_TENS[w]
            last = "tens"
        elif w in EN_SCALES:
            scale = EN_SCALES[w]
            if (last == "scale" and group == 0) or after_and:
                flush()
            if scale == 100:
                group = (group or 1) * 100
            else:
                total, group = total + (group or (0 if total else 1)) * scale, 0
            last = "scale"
        after_and = False
    flush()
    return out


def amount(token: str) -> Decimal | None:
    """Value of digits with an optional multiplier after them: 150万 → 1500000, 2.5亿 → 250000000,
    1.5 million → 1500000, 1,000 → 1000; None when ``token`` does not start with a digit number."""
    m = _AMOUNT.fullmatch(token.strip())
    if not m or not DIGITS.fullmatch(m.group(1)):
        return None
    value = digits_value(m.group(1))
    scale = m.group(2).lower()
    if scale and scale not in SCALES:
        return None
    return value * SCALES[scale] if scale else value


def numbers_in(text: str, lang: str) -> list[str]:
    """The numbers mentioned in ``text``, as ``canonical`` values: digits in any language, Chinese numerals in
    ``zh``, English number words in ``en``.

    What is too common as a word to be evidence of a number is left out: 一 alone ("a", "one"), and "one",
    "first" and "second" ("one of them", "a second look"). English is read word by word (``_EVIDENCE_WORDS``).
    """
    out = [canonical(digits_value(m.group())) for m in DIGITS.finditer(text)]
    if lang == "zh":
        for m in _ZH_RUN.finditer(text):
            value = chinese_value(m.group()) if m.group() != "一" else None
            if value is not None:
                out.append(canonical(value))
    elif lang == "en":
        for w in _EN_TOKEN.findall(text.lower()):
            if w in _EVIDENCE_WORDS:
                out.append(_word_value(w))
    return out


@cache
def _word_value(word: str) -> str:
    """``canonical`` value of one number word (looked up once: a long document repeats them)."""
    return canonical(english_values(word)[0])
