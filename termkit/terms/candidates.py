"""Term candidates on each side of a translation memory: Chinese word n-grams and English word n-grams.

Why n-grams of dictionary words and not a segmenter's words: a term such as 河套深港科技创新合作区 is not in
any dictionary, but it is a run of dictionary words (河套 深港 科技 创新 合作 区); what makes it a term is that
the run recurs as a unit, which C-value measures (Frantzi, Ananiadou & Mima 2000). Candidates never cross
punctuation and never begin or end with a function word, on either side. Chinese is folded to Simplified
(OpenCC) so that 一區兩園 and 一区两园 count as one candidate; English is kept as written, except that a
capital that only marks the start of a sentence is undone (truecasing), and the words at a candidate's edges
must be able to be nouns (or names), judged by lemminflect's English lexicon since no tagger is installed.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from termkit import cedict
from termkit.script import to_simplified

#: Longest candidate, in dictionary words (Chinese) or words (English).
MAX_ZH_WORDS = 6
MAX_ZH_CHARS = 14
MAX_EN_WORDS = 5
#: A candidate is a fragment when one longer candidate holds at least this share of its occurrences.
FRAGMENT_SHARE = 0.9


def _words(text: str) -> frozenset[str]:
    """A word list written as whitespace-separated text (easier to read and extend than a list literal)."""
    return frozenset(text.split())


#: Characters that never begin or end a Chinese term: particles, prepositions, conjunctions, pronouns,
#: copulas, aspect markers, measure words, adverbs of degree, modal verbs.
ZH_FUNCTION_CHARS = frozenset(
    "的了在和是等与及把被对也都就又还而之其着过个这那我你他她它们有不没很将从向于以为让使给跟同或吗呢吧啊所该此"
    "要会能可应须"
    "每各并但却则即乃亦曾已再更最太很才只又便且若如因由至自当经据按照比像离往朝替除连凡"
)
#: Characters that are never inside a term either, when they stand alone: particles (的 joins a modifier to a
#: noun phrase, not a term's parts), and the prepositions, negations and adverbs that make a run a clause
#: (烧在坛 "burn on the altar", 工都不可作 "do no work"). Inside words they are fine (存在, 不动产).
ZH_NEVER_INSIDE = frozenset("的了着过吗呢吧啊在把被都也就又还不没很才")
#: A numeral and a measure word open a quantity (三颗卫星 "three satellites"), not a term.
ZH_NUMERALS = frozenset("一二三四五六七八九十两几百千万半数")
ZH_MEASURES = frozenset("个颗只条张本位件次种把根头匹辆座间块片双对些部首篇句层名家岁年天月两")
#: Localizers end a place phrase, not a term: 坛上 is "on the altar", 床上 "in bed".
ZH_LOCALIZERS = frozenset("上下里中内外旁边")
#: Function words of more than one character (the same roles, spelled out).
ZH_FUNCTION_WORDS = _words(
    """我们 你们 他们 她们 它们 咱们 自己 这个 那个 这些 那些 这样 那样 这里 那里 这么 那么 什么 怎么 为什么
    因为 所以 但是 可是 而且 并且 或者 还是 如果 虽然 虽然 然后 已经 正在 可以 能够 应该 必须 没有 不是 就是
    一个 一些 一种 一样 所有 其他 其中 以及 以后 以前 以外 以内 以上 以下 之后 之前 之间 对于 关于 通过 根据 为了 由于
    起来 出来 下来 上去 进行 一起 一切 不要 不会 不能 只是 还有 非常 十分 特别 已 便是 于是 便 如此 这般 这儿 那儿 哪里
    的话 说 道 曰 问 答 说道 问道 答道 就是说 也就是说""")

#: English function words: never at a candidate's edge (some, like "of", may sit inside one).
EN_STOPWORDS = _words(
    """a about above across after again against all almost along already also although always am among an and
    another any anybody anyone anything are around as at away back be became because become becomes been before
    behind being below beside besides between beyond both but by can cannot could did do does doing done down
    during each either else enough even ever every everyone everything few for from further had has have having
    he hence her here hers herself him himself his how however i if in indeed into is it its itself just least
    less let like made make many may me might mine more most much must my myself neither never nevertheless no
    nobody none nor not nothing now of off often on once one only onto or other others otherwise our ours
    ourselves out over own per perhaps quite rather really said same say says see seem seemed shall she should
    since so some somebody someone something sometimes still such than that the thee their theirs them
    themselves then there thereby therefore these they thine this those thou though through throughout thus thy
    to together too toward towards under unless until unto up upon us very via was we well were what whatever
    when whence where whereas whether which while who whoever whole whom whose why will with within without
    would ye yet you your yours yourself yourselves 's hath doth shalt wilt art unto lo behold also yea nay
    came come comes go goes went gone get got gets give gave given take took taken tell told know knew known
    put set thing things way ways time times mr mrs ms saying saith spake sayeth cometh goeth didst hast dost
    wherefore thereof therein whereby""") | _words(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand
    thousands million millions billion billions first second third fourth fifth sixth seventh eighth ninth
    tenth half""")

_ZH_RUN = re.compile(r"[^\s\W\d_A-Za-z]+")  # a run of Han (and other non-Latin letters) between punctuation
_EN_CHUNK_SPLIT = re.compile(r"[^\w\s'’\-]+|\s[-–—]+\s|--+|_")
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]|\d+(?:[.,]\d+)*")
_POSSESSIVE = re.compile(r"^(.+?)(['’]s)$")


@dataclass(frozen=True)
class Occurrences:
    """Which candidates occur in which aligned pair, and how they are spelled.

    ``per_pair[i]`` holds the candidate keys of pair ``i`` (each at most once); ``freq`` counts the pairs a
    key occurs in; ``forms`` the surface spellings seen for it; ``cvalue`` its termhood.
    """

    per_pair: list[list[str]]
    freq: Counter
    forms: dict[str, Counter]
    cvalue: dict[str, float]


# --- Chinese -----------------------------------------------------------------------------------------------


def _zh_edge_ok(word: str) -> bool:
    """A word that may begin or end a term. Two-character words that open with a negation (不可 "cannot",
    不知 "not know", 没有) are modal or verbal; longer ones may be nouns (不动产 "real estate")."""
    if word in ZH_FUNCTION_WORDS or word.isascii() or (len(word) == 2 and word[0] in "不没"):
        return False
    return not (len(word) == 1 and word in ZH_FUNCTION_CHARS)


@lru_cache(maxsize=100_000)
def _zh_verb_only(word: str) -> bool:
    """CC-CEDICT defines the word only as a verb ("to ..."): 晓谕 "to tell", 推进 "to push forward".

    Terms are noun phrases, so such a word neither ends one nor sits inside one (合作 "to cooperate;
    cooperation" is also a noun and may)."""
    if len(word) < 2:
        return False
    glosses = [g.strip() for g in cedict.load().lookup(word) if cedict.clean_gloss(g)]
    return bool(glosses) and all(g.startswith("to ") for g in glosses)


def _numeral(word: str) -> bool:
    return all(ch in ZH_NUMERALS for ch in word)


def _in_quantity(words: Sequence[str], i: int) -> bool:
    """``words[i]`` opens a quantity (三 in 三颗卫星, 二十 in 二十两银子) or is its measure word (颗 in
    三颗卫星): a run starting there counts things, it does not name one."""
    opens = _numeral(words[i]) and i + 1 < len(words) and words[i + 1] in ZH_MEASURES
    return opens or (words[i] in ZH_MEASURES and i > 0 and _numeral(words[i - 1]))


@lru_cache(maxsize=200_000)
def _zh_chunk_ngrams(chunk: str) -> tuple[str, ...]:
    """All candidate n-grams of one punctuation-free run of Simplified Chinese."""
    words = cedict.load().tokenize(chunk, max_len=8)
    out: list[str] = []
    n = len(words)
    for i in range(n):
        if not _zh_edge_ok(words[i]) or _in_quantity(words, i):
            continue
        text = ""
        for j in range(i, min(n, i + MAX_ZH_WORDS)):
            w = words[j]
            if w.isascii() or w in ZH_NEVER_INSIDE or (j > i and _zh_verb_only(words[j - 1])):
                break
            text += w
            if len(text) > MAX_ZH_CHARS:
                break
            if len(text) >= 2 and _zh_edge_ok(w) and w not in ZH_LOCALIZERS and not _zh_verb_only(w):
                out.append(text)
    return tuple(out)


def zh_candidates(text: str) -> tuple[list[str], dict[str, str]]:
    """Candidate keys (Simplified) of one Chinese text, each once, and the surface form of each key."""
    simp = to_simplified(text)
    keys: dict[str, None] = {}
    forms: dict[str, str] = {}
    # OpenCC maps character for character, so offsets in ``simp`` are offsets in ``text``.
    same_length = len(simp) == len(text)
    for m in _ZH_RUN.finditer(simp):
        chunk = m.group()
        for gram in _zh_chunk_ngrams(chunk):
            if gram not in keys:
                keys[gram] = None
                if same_length:
                    start = m.start() + chunk.find(gram)
                    forms[gram] = text[start:start + len(gram)]
                else:
                    forms[gram] = gram
    return list(keys), forms


# --- English -----------------------------------------------------------------------------------------------


@lru_cache(maxsize=100_000)
def _pos(word: str) -> frozenset[str]:
    """The parts of speech lemminflect's lexicon allows for ``word`` (empty when unknown)."""
    from lemminflect import getAllLemmas

    return frozenset(getAllLemmas(word.lower()))


@lru_cache(maxsize=100_000)
def _participle(word: str) -> bool:
    """A past participle, which may open a term as an adjective does ("burnt offering", "written law").

    The lexicon lists some British participles in -t as past tense only (burnt, learnt): those count too."""
    from lemminflect import getAllLemmas, getInflection

    return any(word in getInflection(lemma, tag="VBN")
               or (word.endswith("t") and word in getInflection(lemma, tag="VBD"))
               for lemma in getAllLemmas(word).get("VERB", ()))


#: The function words a term may hold inside ("Department of Science and Technology", "Lord of the Rings").
EN_INSIDE = frozenset({"of", "and", "the", "for", "on", "in", "to", "de", "&"})


@lru_cache(maxsize=400_000)
def _en_inside_ok(word: str) -> bool:
    """A word that may sit inside a term: a noun, adjective or name, or one of ``EN_INSIDE``.

    Why: "LORD spake unto Moses" has a noun at each edge but is a clause, not a term."""
    low = word.lower()
    if low in EN_INSIDE:
        return True
    return _en_edge_ok(word, last=False) and (not word.islower() or bool(_pos(word) & {"NOUN", "ADJ"})
                                              or not _pos(word))


_CONTRACTION = re.compile(r"(n[’']t|[’'](ve|ll|re|d|m))$")


@lru_cache(maxsize=400_000)
def _en_edge_ok(word: str, last: bool) -> bool:
    low = word.lower()
    if low in EN_STOPWORDS or not word[0].isalpha() or len(word) < 2 or _CONTRACTION.search(low):
        return False  # contractions (didn't, you've) are clauses, never terms
    if word[0].isupper() or "-" in word:
        return True  # a name or a compound: nouns by shape
    pos = _pos(word)
    if not pos:  # unknown to the lexicon: not an adverb, nor an archaic verb form (cometh, knowest)
        return not low.endswith(("ly", "eth", "est"))
    if last:
        return "NOUN" in pos or "PROPN" in pos
    return bool(pos & {"NOUN", "PROPN", "ADJ"}) or _participle(low)


def en_words(text: str) -> list[list[str]]:
    """Words of an English text, as chunks between punctuation marks (a candidate never crosses one).

    Apostrophes inside a word stay (Zhan'ao, O'Brien); a possessive 's is a word of its own.
    """
    chunks: list[list[str]] = []
    for chunk in _EN_CHUNK_SPLIT.split(text):
        words: list[str] = []
        for w in _EN_WORD.findall(chunk):
            m = _POSSESSIVE.match(w)
            words.extend((m.group(1), "'s") if m else (w,))
        if words:
            chunks.append(words)
    return chunks


def _sentence_initial(text: str) -> set[int]:
    """Character offsets of words that start a sentence (their capital may only mark that)."""
    starts: set[int] = set()
    for m in re.finditer(r"[.!?…:;\"“”]\s+[\"“‘']?([A-Za-z])", text):
        starts.add(m.start(1))
    first = re.search(r"[A-Za-z]", text)
    if first:
        starts.add(first.start())
    return starts


_EN_TOKEN = re.compile(r"[A-Za-z][A-Za-z\-]*")


def _name_followers(text: str) -> Iterable[tuple[re.Match, str]]:
    """Each word of ``text`` followed, after a space, by a capitalised word: (the word's match, that word)."""
    prev = None
    for m in _EN_TOKEN.finditer(text):
        if prev is not None and m.group()[0].isupper() and text[prev.end():m.start()] == " ":
            yield prev, m.group()
        prev = m


class Truecaser:
    """Undo capitals that only mark a sentence start: "The Park" at a sentence start stays, "Parks" → "parks".

    Why: a terminologist wants "science park" and "Science Park" told apart, but not because one of them
    happened to open a sentence. A word is lowered at a sentence start when, elsewhere in the corpus, it is
    written in lower case more often than capitalised, unless it opens a name the corpus writes capitalised
    ("Old Hai" stays whole though "old" is mostly lower case, so the name is one candidate, not two).
    """

    def __init__(self, texts: Iterable[str]) -> None:
        lower: Counter = Counter()
        upper: Counter = Counter()
        name_upper: Counter = Counter()
        name_lower: Counter = Counter()
        for text in texts:
            initial = _sentence_initial(text)
            for m in _EN_TOKEN.finditer(text):
                if m.start() in initial:
                    continue
                w = m.group()
                (upper if w[0].isupper() else lower)[w.lower()] += 1
            for m, follower in _name_followers(text):
                if m.start() not in initial:
                    w = m.group()
                    (name_upper if w[0].isupper() else name_lower)[(w.lower(), follower)] += 1
        self._lower = {w for w in lower if lower[w] > upper.get(w, 0)}
        self._name_openers = {k for k in name_upper if name_upper[k] > name_lower.get(k, 0)}

    def apply(self, text: str) -> str:
        """``text`` with sentence-initial capitals lowered where the corpus writes the word in lower case."""
        chars = list(text)
        initial = _sentence_initial(text)
        keep = {m.start() for m, follower in _name_followers(text)
                if m.start() in initial and (m.group().lower(), follower) in self._name_openers}
        for pos in initial - keep:
            m = _EN_TOKEN.match(text, pos)
            if m and m.group()[0].isupper() and not m.group().isupper() and m.group().lower() in self._lower:
                chars[pos] = chars[pos].lower()
        return "".join(chars)


@lru_cache(maxsize=200_000)
def _en_chunk_ngrams(words: tuple[str, ...]) -> tuple[str, ...]:
    """All candidate n-grams of one punctuation-free run of English words (cached: memories repeat)."""
    out: list[str] = []
    n = len(words)
    for i in range(n):
        if not _en_edge_ok(words[i], last=False):
            continue
        # a participle opens a term before a common noun ("burnt offering"), a clause before a name
        # ("commanded Moses")
        participle_only = words[i].islower() and not _pos(words[i]) & {"NOUN", "PROPN", "ADJ"}
        if participle_only and (i + 1 >= n or not words[i + 1].islower()):
            continue
        for j in range(i, min(n, i + MAX_EN_WORDS)):
            name_part = j > i and _name_part(words[j - 1], words[j])
            if words[j] == "'s" or (j > i and not (_en_inside_ok(words[j]) or name_part)):
                break
            if _en_edge_ok(words[j], last=True) or name_part:
                out.append(" ".join(words[i:j + 1]))
    return tuple(out)


def _name_part(before: str, word: str) -> bool:
    """A capitalised function word right after a capitalised word is a name, not the function word:
    "Professor Ye" (叶), "Brother Will"."""
    return len(word) > 1 and word[0].isupper() and before[0].isupper() and word.lower() in EN_STOPWORDS


def en_candidates(text: str) -> list[str]:
    """Candidate n-grams of one (truecased) English text, each once, kept as written."""
    keys: dict[str, None] = {}
    for words in en_words(text):
        for gram in _en_chunk_ngrams(tuple(words)):
            keys.setdefault(gram, None)
    return list(keys)


@lru_cache(maxsize=100_000)
def _singular(word: str) -> str:
    """The singular of a plural noun; the word itself otherwise, and also when the singular is an adjective
    too ("goods" is not "good")."""
    from lemminflect import getAllLemmas

    nouns = getAllLemmas(word).get("NOUN")
    if not nouns or nouns[0] == word or "ADJ" in getAllLemmas(nouns[0]):
        return word
    return nouns[0]


def en_key(candidate: str) -> str:
    """The key English spellings of one candidate share: its last word in the singular ("movie stars" and
    "movie star" are one candidate; the glossary records the singular, and matching adds the plural)."""
    head, _, last = candidate.rpartition(" ")
    if not last.islower():
        return candidate
    single = _singular(last)
    return f"{head} {single}" if head else single


# --- termhood ----------------------------------------------------------------------------------------------


def _units(key: str, lang: str) -> list[str]:
    return cedict.load().tokenize(key, max_len=8) if lang == "zh" else key.split(" ")


def c_values(freq: Counter, lang: str) -> dict[str, float]:
    """C-value of every candidate seen in two pairs or more: log2(1 + length) × (frequency − mean frequency
    of the longer candidates containing it). A run that (almost) never occurs outside one longer candidate
    (陈清 in 陈清扬) scores 0: it is a fragment, whatever the other candidates containing it. "Almost":
    dictionary segmentation sometimes splits a name differently (韦小宝贝 → 韦 小 宝贝), which must not
    save the fragment 韦小."""
    nested_sum: dict[str, float] = defaultdict(float)
    nested_n: dict[str, int] = defaultdict(int)
    nested_max: dict[str, int] = defaultdict(int)
    joiner = "" if lang == "zh" else " "
    # A candidate seen in one pair only is never evidence: leaving it out keeps this linear in the repeats.
    freq = Counter({k: f for k, f in freq.items() if f >= 2})
    units_of = {key: _units(key, lang) for key in freq}
    for key, f in freq.items():
        units = units_of[key]
        n = len(units)
        seen: set[str] = set()
        for i in range(n):
            for j in range(i + 1, n + 1):
                if j - i == n:
                    continue
                sub = joiner.join(units[i:j])
                if sub in freq and sub not in seen:
                    seen.add(sub)
                    nested_sum[sub] += f
                    nested_n[sub] += 1
                    nested_max[sub] = max(nested_max[sub], f)
    out: dict[str, float] = {}
    for key, f in freq.items():
        if nested_max.get(key, 0) >= FRAGMENT_SHARE * f:
            out[key] = 0.0
            continue
        length = len(units_of[key])
        own = f - (nested_sum[key] / nested_n[key] if nested_n.get(key) else 0.0)
        out[key] = math.log2(1 + length) * own
    return out


def collect(texts: Sequence[str], lang: str) -> Occurrences:
    """Candidates of every text of one side of a memory (``lang`` ``zh`` or ``en``), with termhood."""
    per_pair: list[list[str]] = []
    forms: dict[str, Counter] = defaultdict(Counter)
    if lang == "zh":
        for text in texts:
            keys, surface = zh_candidates(text or "")
            per_pair.append(keys)
            for k, s in surface.items():
                forms[k][s] += 1
    else:
        caser = Truecaser(texts)
        for text in texts:
            keys: dict[str, None] = {}
            for cand in en_candidates(caser.apply(text or "")):
                key = en_key(cand)
                keys.setdefault(key, None)
                forms[key][cand] += 1
            per_pair.append(list(keys))
    freq: Counter = Counter()
    for keys in per_pair:
        freq.update(keys)
    return Occurrences(per_pair, freq, dict(forms), c_values(freq, lang))
