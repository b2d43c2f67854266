"""Language tags and writing-system facts that every stage shares: one parser, one ``is_han``, one sentence end.

Why one module: ingest, segment, align, the glossary, lint and the file formats all ask "which language,
which Chinese script, is this character Chinese, does this line end a sentence"; answered in several places,
the answers drifted apart (``zh-MY`` was Simplified in one reader and unscripted in another).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

#: Regions whose Chinese is written in Traditional characters (BCP 47 region subtags), and in Simplified.
TRADITIONAL_REGIONS = frozenset({"TW", "HK", "MO"})
SIMPLIFIED_REGIONS = frozenset({"CN", "SG", "MY"})
#: Languages written without spaces between words: their pieces join with no space.
NO_SPACE_LANGUAGES = frozenset({"zh", "ja", "ko", "th", "lo", "km", "my"})


@dataclass(frozen=True)
class LangTag:
    """A BCP 47 tag read into its parts: ``zh-Hant-HK`` → base ``zh``, script ``Hant``, region ``HK``."""

    base: str
    script: str = ""
    region: str = ""

    @property
    def chinese_script(self) -> str:
        """``zh-Hans``/``zh-Hant`` for Chinese whose script the tag tells (by script, else region), else ``""``."""
        if self.base != "zh":
            return ""
        if self.script in ("Hans", "Hant"):
            return f"zh-{self.script}"
        if self.region in TRADITIONAL_REGIONS:
            return "zh-Hant"
        if self.region in SIMPLIFIED_REGIONS:
            return "zh-Hans"
        return ""


def canonical_tag(tag: str) -> str:
    """A tag in BCP 47's canonical case: ``ZH-hans`` → ``zh-Hans``, ``en_us`` → ``en-US``, ``es-419`` kept."""
    parts = [p for p in re.split(r"[-_]", (tag or "").strip()) if p]
    if not parts:
        return ""
    out = [parts[0].lower()]
    for p in parts[1:]:
        if len(p) == 4 and p.isalpha():
            out.append(p.title())
        elif (len(p) == 2 and p.isalpha()) or (len(p) == 3 and p.isdigit()):
            out.append(p.upper())
        else:
            out.append(p.lower())
    return "-".join(out)


def parse_tag(tag: str) -> LangTag:
    """Read a tag (any case, ``-`` or ``_``); variants and extensions after the region are ignored."""
    parts = canonical_tag(tag).split("-")
    script = region = ""
    for p in parts[1:]:
        if not script and not region and len(p) == 4 and p.isalpha():
            script = p
        elif not region and ((len(p) == 2 and p.isalpha()) or (len(p) == 3 and p.isdigit())):
            region = p
    return LangTag(parts[0], script, region)


def base_language(tag: str) -> str:
    """The language subtag alone: ``zh-Hant-HK`` → ``zh``, ``EN_us`` → ``en``, ``""`` → ``""``."""
    return parse_tag(tag).base


def chinese_script(tag: str) -> str:
    """``zh-Hans``, ``zh-Hant``, or ``""`` (not Chinese, or a tag such as plain ``zh`` that does not say)."""
    return parse_tag(tag).chinese_script


def lang_script(tag: str) -> tuple[str, str]:
    """The glossary's ``lang`` and ``script`` columns of a tag:
    ``zh-HK`` → (``zh``, ``zh-Hant``), ``en`` → (``en``, "")."""
    parsed = parse_tag(tag)
    return parsed.base, parsed.chinese_script


def base_language_expr(col: str) -> pl.Expr:
    """``base_language`` over a polars column (lowercased first subtag; null → ``""``)."""
    return pl.col(col).fill_null("").str.strip_chars().str.replace_all("_", "-").str.split("-").list.first() \
        .str.to_lowercase()


def joiner(lang: str) -> str:
    """What goes between two pieces of text in ``lang``: nothing for Chinese and Japanese, a space elsewhere."""
    return "" if base_language(lang) in NO_SPACE_LANGUAGES else " "


#: The Han characters (Unicode script Han: ideographs of every extension block, compatibility ideographs,
#: 々 and 〇); as a regular-expression class body. In polars expressions ``\p{Han}`` is the same set.
HAN_CLASS = "\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
HAN = re.compile(f"[{HAN_CLASS}]")
#: Wide characters besides Han: CJK punctuation, kana, fullwidth forms. No space goes next to them either.
_WIDE = re.compile(f"[{HAN_CLASS}\u3000-\u30ff\uff00-\uffef]")


def is_han(ch: str) -> bool:
    """True for a Chinese character (Han script), in any block, including the astral extensions."""
    return bool(HAN.match(ch))


def is_wide(ch: str) -> bool:
    """True for a character written without spaces around it: Han, CJK punctuation, kana, fullwidth forms."""
    return bool(_WIDE.match(ch))


#: Closing quotes and brackets that may follow the mark that ends a sentence.
_CLOSERS = "」』”’\"')）》\\]"
#: A line ends a sentence when it ends in a full stop, question or exclamation mark, ellipsis, or semicolon
#: (Chinese lists end their items with ；), optionally followed by closers. A full stop right after a capital
#: (``U.S.``, ``J.``) is taken for an abbreviation or an initial: a wrapped line often breaks after one.
_SENTENCE_END = re.compile(f"(?:[。！？!?…；;]+|(?<![A-Z])\\.+)[{_CLOSERS}]*\\s*$")


#: Quotation marks of every script: double, guillemets, CJK corner brackets, fullwidth; single ones (and the
#: straight apostrophe) only where no letter comes before them, so that "don't", "l' homme" and "players'"
#: are not counted.
_QUOTE_MARKS = re.compile(r"[\"“”„‟«»‹›「」『』﹁﹂﹃﹄＂]|(?<![^\W\d_])['‘’‚‛＇]")


def quote_marks(text: str) -> int:
    """How many quotation marks ``text`` holds (``_QUOTE_MARKS``): its parity says whether a quotation opened
    in it is still open at its end, whichever way a language writes its opening and closing marks."""
    return len(_QUOTE_MARKS.findall(text))


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends as a sentence does (a heading, label or broken line does not)."""
    return bool(_SENTENCE_END.search(text))
