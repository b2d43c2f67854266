"""TMX 1.4b: termkit's alignments out to CAT tools, and translation memories from other tools in.

Why streaming both ways: a TM of millions of units must not be built as one tree. Writing goes through
lxml's incremental writer (``etree.xmlfile``) one ``<tu>`` at a time into an atomic temporary file;
reading uses the hardened ``iterparse`` of ``xmlsafe``, clears each unit once it is a table row and hands
the rows out in polars batches (``iter_tmx``), so memory holds one batch, not the file.

termkit's own metadata travels in ``<prop>`` elements whose types start with ``x-`` (user-defined in
TMX 1.4b), so other tools keep and ignore them and a re-import restores score, documents and segment ids.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from lxml import etree

from termkit import __version__
from termkit.errors import TermkitError
from termkit.fileio import atomic_write
from termkit.formats import xmlsafe
from termkit.lang import base_language, canonical_tag, chinese_script
from termkit.tables import ALIGNMENTS, conform, empty

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

PROP_SCORE = "x-termkit-score"  # alignment confidence in [0, 1]
PROP_MODE = "x-termkit-alignment-mode"  # parallel | comparable | imported
PROP_SRC_DOC = "x-termkit-source-document"
PROP_TGT_DOC = "x-termkit-target-document"
PROP_SRC_IDS = "x-termkit-source-segments"  # 0-based segment ids, comma-separated
PROP_TGT_IDS = "x-termkit-target-segments"
PROP_REVIEW = "x-termkit-review"  # accepted: a translator signed the unit off (termkit review)
#: Score and mode again in a ``<note>`` (``termkit: score=0.91; mode=parallel``): Translate Toolkit and
#: other tools drop ``<prop>`` but keep notes, and a translator sees notes in the CAT tool.
NOTE_MARK = "termkit:"

INLINE_MODES = ("flatten", "keep")
#: Inline elements whose content is native code (tags of the original format), not translatable text.
_CODE_TAGS = frozenset({"bpt", "ept", "ph", "it", "ut", "sub"})
#: Native code that is formatting: HTML/XML tags, RTF groups and control words (``{\b ``, ``}``, ``\par``).
_MARKUP = re.compile(r"\s*(?:(?:<[^<>]*>|\{\\[^{}]*|\\[A-Za-z]+-?\d* ?|\})\s*)+")
_TMX_DATE = re.compile(r"^\d{8}T\d{6}Z$")
_CHUNK = 5_000  # rows per polars chunk (reading) and per slice (writing): bounds the transient Python objects


def source_date_epoch() -> str | None:
    """``SOURCE_DATE_EPOCH`` (reproducible builds) in TMX's date format, or None when it is not set.

    Why: a packager or CI job sets it so that every build of the same input gives the same bytes.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        moment = datetime.fromtimestamp(int(value), UTC)
    except (ValueError, OverflowError, OSError):
        raise TermkitError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC, "
                           f"not {value!r}") from None
    return moment.strftime("%Y%m%dT%H%M%SZ")


def tmx_now() -> str:
    """The creation date for a new file: ``SOURCE_DATE_EPOCH`` if set, else the current UTC time (TMX format)."""
    return source_date_epoch() or datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def select_units(alignments: pl.DataFrame, min_score: float = 0.0,
                 confident: Collection[str] = frozenset()) -> tuple[pl.DataFrame, dict[str, int]]:
    """The beads that become translation units, and how many were left out and why.

    A bead with an empty side (omission or addition) is not a translation unit; with ``min_score`` above
    0 a bead of unknown confidence is left out too, unless its tuid is in ``confident`` (a translator
    accepted it).
    """
    df = conform(alignments, ALIGNMENTS).with_columns(pl.col("src_text", "tgt_text").fill_null(""))
    one_sided = (pl.col("src_text").str.strip_chars() == "") | (pl.col("tgt_text").str.strip_chars() == "")
    low = pl.lit(False) if min_score <= 0 else (pl.col("score").is_null() | (pl.col("score") < min_score))
    if confident:
        low = low & ~pl.col("tuid").is_in(list(confident))
    flagged = df.with_columns(one_sided.alias("_one_sided"), (~one_sided & low).alias("_low"))
    counts = {"one_sided": int(flagged["_one_sided"].sum()), "below_min_score": int(flagged["_low"].sum())}
    kept = flagged.filter(~pl.col("_one_sided") & ~pl.col("_low")).drop("_one_sided", "_low")
    return kept, counts


_TEXT_COLUMNS = ("tuid", "src_doc", "tgt_doc", "src_lang", "tgt_lang", "src_text", "tgt_text", "mode")


def _check_units(units: pl.DataFrame) -> None:
    """Refuse units that TMX cannot carry as they are, rather than write them changed or lost."""
    blank = [pl.col(c).fill_null("").str.strip_chars().eq("") for c in ("src_lang", "tgt_lang")]
    missing = units.filter(blank[0] | blank[1])
    if missing.height:
        raise TermkitError(f"unit {missing['tuid'][0]!r} has no language tag (src_lang/tgt_lang): "
                           "TMX needs one for every variant")
    same = units.filter(pl.col("src_lang") == pl.col("tgt_lang"))
    if same.height:
        raise TermkitError(f"unit {same['tuid'][0]!r} has the same language ({same['src_lang'][0]}) on both "
                           "sides: a TMX reader could not tell its source from its target")
    if bad := xmlsafe.first_illegal(units, _TEXT_COLUMNS):
        row, col, char = bad
        raise TermkitError(f"unit {row['tuid']!r}: {col} holds {char}, a character XML (and so TMX) cannot "
                           "carry; remove it from the input")


def _prop(parent: etree._Element, kind: str, value: str) -> None:
    el = etree.SubElement(parent, "prop", type=kind)
    el.text = value
    el.tail = "\n  "


def _note(parent: etree._Element, text: str) -> None:
    el = etree.SubElement(parent, "note")
    el.text = text
    el.tail = "\n  "


def _note_values(text: str) -> dict[str, str]:
    """``score``/``mode`` from termkit's note (see NOTE_MARK), for files whose props a tool dropped."""
    if not text.startswith(NOTE_MARK):
        return {}
    pairs = (part.strip().partition("=") for part in text[len(NOTE_MARK):].split(";"))
    return {key: value for key, _, value in pairs if key in ("score", "mode")}


def _tuv(parent: etree._Element, lang: str, text: str, tail: str) -> None:
    tuv = etree.SubElement(parent, "tuv", {XML_LANG: lang})
    etree.SubElement(tuv, "seg").text = text
    tuv.tail = tail


def _tu(row: tuple, header_src: str, date: str, reviewed: bool = False) -> etree._Element:
    tuid, src_doc, tgt_doc, src_ids, tgt_ids, src_lang, tgt_lang, src_text, tgt_text, score, mode = row
    attrs = {"tuid": tuid, "creationdate": date}
    if src_lang != header_src:
        attrs["srclang"] = src_lang
    tu = etree.Element("tu", attrs)
    tu.text = "\n  "
    if score is not None:
        _prop(tu, PROP_SCORE, repr(float(score)))
    if mode:
        _prop(tu, PROP_MODE, mode)
    if src_doc:
        _prop(tu, PROP_SRC_DOC, src_doc)
    if tgt_doc:
        _prop(tu, PROP_TGT_DOC, tgt_doc)
    if src_ids:
        _prop(tu, PROP_SRC_IDS, ",".join(map(str, src_ids)))
    if tgt_ids:
        _prop(tu, PROP_TGT_IDS, ",".join(map(str, tgt_ids)))
    if reviewed:
        _prop(tu, PROP_REVIEW, "accepted")
    if note := "; ".join(p for p in (f"score={float(score)!r}" if score is not None else "",
                                      f"mode={mode}" if mode else "") if p):
        _note(tu, f"{NOTE_MARK} {note}")
    _tuv(tu, src_lang, src_text, "\n  ")
    _tuv(tu, tgt_lang, tgt_text, "\n")
    tu.tail = "\n"
    return tu


def commonest_language(counts: dict[str, int]) -> str:
    """The commonest of some language tags with their unit counts (ties: the first by name), else ``en``."""
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0] if counts else "en"


def srclang_of(counts: dict[str, int]) -> str:
    """The header's srclang for units with these source languages (tag → units).

    ``*all*`` when Chinese sources mix scripts: a tool that takes the header's ``zh-Hans`` as every unit's
    source would treat the Traditional units as having no source (each unit carries its own srclang then);
    otherwise the commonest language.
    """
    scripts = {chinese_script(tag) for tag in counts if base_language(tag) == "zh"} - {""}
    return "*all*" if len(scripts) > 1 else commonest_language(counts)


def header_language(alignments: pl.DataFrame) -> str:
    """The header's srclang of a table: ``srclang_of`` its units' source languages."""
    return srclang_of(dict(alignments.drop_nulls("src_lang").group_by("src_lang").len().iter_rows()))


def _batches(alignments: pl.DataFrame | Iterable[pl.DataFrame],
             src_lang: str | None) -> tuple[str, Iterator[pl.DataFrame]]:
    """The header's srclang and the table in slices: a frame is sliced, an iterable is taken as it comes."""
    if isinstance(alignments, pl.DataFrame):
        table = conform(alignments, ALIGNMENTS)
        slices = (table.slice(start, _CHUNK) for start in range(0, table.height, _CHUNK))
        return src_lang or header_language(table), slices
    it = iter(alignments)
    head: list[pl.DataFrame] = []
    for batch in it:  # up to the first batch with rows
        head.append(batch)
        if batch.height:
            break
    if src_lang is None:
        src_lang = header_language(conform(head[-1], ALIGNMENTS)) if head else "en"
    return src_lang, itertools.chain(head, it)


def write_tmx(alignments: pl.DataFrame | Iterable[pl.DataFrame], path: str | Path, *, min_score: float = 0.0,
              creation_date: str | None = None, src_lang: str | None = None,
              reviewed: Collection[str] = frozenset()) -> int:
    """Write ``tables.ALIGNMENTS`` as TMX 1.4b (streaming, atomic); return the number of units written.

    ``alignments`` is one table or an iterable of batches (e.g. ``tsv.iter_alignments_tsv``), which is
    consumed once, so that millions of units pass with flat memory. The header's ``srclang`` is
    ``src_lang`` if given, else the commonest source language of the table (of the first batch with rows,
    for batches); units in another source language carry their own ``srclang``. ``creation_date``
    (``YYYYMMDDThhmmssZ``) stamps header and units so that re-runs are byte-identical; it defaults to
    ``SOURCE_DATE_EPOCH`` if set, else now (UTC). Units whose tuid is in ``reviewed`` carry the
    ``x-termkit-review`` prop (``accepted``) and pass ``min_score`` whatever their score.
    """
    date = creation_date or tmx_now()
    if not _TMX_DATE.match(date):
        raise TermkitError(f"bad TMX creation date {date!r}: expected YYYYMMDDThhmmssZ, e.g. 20240131T120000Z")
    header_src, batches = _batches(alignments, src_lang)
    header = etree.Element("header", {
        "creationtool": "termkit", "creationtoolversion": __version__, "segtype": "sentence",
        "o-tmf": "termkit", "adminlang": "en", "srclang": header_src, "datatype": "plaintext",
        "creationdate": date,
    })
    header.tail = "\n"
    written = 0
    with atomic_write(path, "wb") as fh, etree.xmlfile(fh, encoding="utf-8") as xf:
        xf.write_declaration()
        xf.write_doctype('<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
        with xf.element("tmx", version="1.4"):
            xf.write("\n")
            xf.write(header)
            with xf.element("body"):
                xf.write("\n")
                for batch in batches:
                    for start in range(0, batch.height, _CHUNK):  # slice by slice: memory stays flat
                        units, _ = select_units(batch.slice(start, _CHUNK), min_score, reviewed)
                        _check_units(units)
                        for row in units.iter_rows():
                            xf.write(_tu(row, header_src, date, row[0] in reviewed))
                        written += units.height
            xf.write("\n")
    return written


def _is_markup(code: str) -> bool:
    """Whether a native code is formatting of the original file (tags, RTF control words), not a placeholder."""
    return not code.strip() or bool(_MARKUP.fullmatch(code))


def _flatten(el: etree._Element) -> str:
    """The translatable text of a segment: text, ``<hi>`` content and placeholders; formatting codes dropped.

    Why placeholders stay: ``about <ph>{1}</ph> billion yuan`` stands for a number the translation must
    keep, so its text is part of the sentence; a ``<bpt>&lt;b&gt;</bpt>`` is only formatting.
    """
    out = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            if child.tag not in _CODE_TAGS:
                out.append(_flatten(child))
            elif not _is_markup(code := "".join(child.itertext())):
                out.append(code)
        out.append(child.tail or "")
    return "".join(out)


def _keep(el: etree._Element) -> str:
    """Segment text with its inline elements kept as their XML (``<bpt i="1">&lt;b&gt;</bpt>``)."""
    out = [el.text or ""]
    for child in el:
        out.append(etree.tostring(child, encoding="unicode", with_tail=False))
        out.append(child.tail or "")
    return "".join(out)


def _ids(value: str | None) -> list[int]:
    if not value:
        return []
    try:
        return [int(x) for x in value.split(",")]
    except ValueError:
        return []


def _score(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _pick_source(variants: list[tuple[str, str]], want: str | None) -> int | None:
    """Index of the source variant: exact tag, else same primary language, else (no wish) the first."""
    if not want or want.lower() == "*all*":
        return 0 if variants else None
    want_c = canonical_tag(want)
    for i, (lang, _) in enumerate(variants):
        if lang == want_c:
            return i
    primary = want_c.split("-")[0]
    for i, (lang, _) in enumerate(variants):
        if lang.split("-")[0] == primary:
            return i
    return None


class _Rows:
    """Column buffers handed out as polars batches of ``batch_rows`` rows."""

    def __init__(self, batch_rows: int, lines: bool = False) -> None:
        self.batch_rows = batch_rows
        self.lines = lines
        self.schema = {**ALIGNMENTS, "line": pl.Int64} if lines else ALIGNMENTS
        self.cols: dict[str, list] = {c: [] for c in self.schema}

    def add(self, *values: object, line: int | None = None) -> None:
        for col, v in zip(self.cols.values(), (*values, line) if self.lines else values, strict=True):
            col.append(v)

    def full(self) -> bool:
        return len(self.cols["tuid"]) >= self.batch_rows

    def take(self) -> pl.DataFrame:
        df = pl.DataFrame(self.cols, schema=self.schema)
        self.cols = {c: [] for c in self.schema}
        return df


def iter_tmx(path: str | Path, *, inline: str = "flatten", src_lang: str | None = None,
             batch_rows: int = 10_000, counts: dict[str, int] | None = None,
             lines: bool = False) -> Iterator[pl.DataFrame]:
    """``read_tmx`` as batches of up to ``batch_rows`` rows (never empty), so that memory stays flat.

    ``counts``, if given, is filled in as the file is read: units read, and units skipped for lack of
    a source or target text. ``lines`` adds a ``line`` column: the line of each unit's ``<tu>`` (so that a
    finding points at it).
    """
    if inline not in INLINE_MODES:
        raise TermkitError(f"unknown inline mode {inline!r}: use one of {', '.join(INLINE_MODES)}")
    if batch_rows < 1:
        raise ValueError("batch_rows must be at least 1")
    counts = {} if counts is None else counts
    counts.update(units=0, no_source=0, no_target=0)
    return _units(Path(path), _flatten if inline == "flatten" else _keep, src_lang, _Rows(batch_rows, lines), counts)


def _units(p: Path, text_of: Callable[[etree._Element], str], src_lang: str | None, rows: _Rows,
           counts: dict[str, int]) -> Iterator[pl.DataFrame]:
    """The parsing loop of ``iter_tmx`` (a generator, so that ``iter_tmx`` checks its options at once)."""
    header_src: str | None = None
    seen_root = False
    stem = p.stem
    for event, elem in xmlsafe.iterparse(p, events=("start", "end"), tag=("tmx", "header", "tu")):
        tag = elem.tag
        if event == "start":
            if tag == "tmx":
                seen_root = True
            elif tag == "header":
                header_src = elem.get("srclang")
            elif not seen_root:
                break
            continue
        if tag != "tu":
            continue
        counts["units"] += 1
        props: dict[str, str] = {}
        noted: dict[str, str] = {}
        variants: list[tuple[str, str]] = []
        for child in elem:
            if child.tag == "prop":
                props.setdefault(child.get("type") or "", child.text or "")
            elif child.tag == "note":
                noted = noted or _note_values((child.text or "").strip())
            elif child.tag == "tuv":
                seg = child.find("seg")
                text = "" if seg is None else (seg.text or "") if len(seg) == 0 else text_of(seg)
                variants.append((canonical_tag(child.get(XML_LANG) or child.get("lang") or ""), text))
        src_i = _pick_source(variants, src_lang or elem.get("srclang") or header_src)
        if src_i is None or not variants[src_i][1].strip():
            counts["no_source"] += 1
        else:
            s_lang, s_text = variants[src_i]
            targets = [(lang, t) for lang, t in variants if lang != s_lang and t.strip()]
            if not targets:
                counts["no_target"] += 1
            tuid = elem.get("tuid") or str(counts["units"])
            for t_lang, t_text in targets:
                rows.add(tuid if len(targets) == 1 else f"{tuid}:{t_lang}",
                         props.get(PROP_SRC_DOC) or stem, props.get(PROP_TGT_DOC) or stem,
                         _ids(props.get(PROP_SRC_IDS)), _ids(props.get(PROP_TGT_IDS)),
                         s_lang, t_lang, s_text, t_text, _score(props.get(PROP_SCORE) or noted.get("score")),
                         props.get(PROP_MODE) or noted.get("mode") or "imported", line=elem.sourceline)
        elem.clear(keep_tail=False)
        parent = elem.getparent()
        while elem.getprevious() is not None:
            del parent[0]
        if rows.full():
            yield rows.take()
    if not seen_root:
        raise TermkitError("not a TMX file (the root element is not <tmx>)", p)
    if rows.cols["tuid"]:
        yield rows.take()


def read_tmx_report(path: str | Path, *, inline: str = "flatten",
                    src_lang: str | None = None) -> tuple[pl.DataFrame, dict[str, int]]:
    """``read_tmx`` plus counts: units read, and units skipped for lack of a source or target text."""
    counts: dict[str, int] = {}
    batches = list(iter_tmx(path, inline=inline, src_lang=src_lang, batch_rows=_CHUNK, counts=counts))
    return (pl.concat(batches, rechunk=False) if batches else empty(ALIGNMENTS)), counts


def read_tmx(path: str | Path, *, inline: str = "flatten", src_lang: str | None = None) -> pl.DataFrame:
    """Read TMX (1.1–1.4b, from any tool) into ``tables.ALIGNMENTS``, one row per target language.

    ``inline`` is ``flatten`` (text only: formatting codes in bpt/ept/ph/it/ut dropped, placeholders such as
    ``{1}`` and ``hi`` text kept)
    or ``keep`` (inline elements kept as their XML). ``src_lang`` overrides the header's source language.
    Scores come from termkit's own prop where present (else null); mode is ``imported``. For files too
    large to hold as one table, ``iter_tmx`` gives the same rows in batches.
    """
    return read_tmx_report(path, inline=inline, src_lang=src_lang)[0]
