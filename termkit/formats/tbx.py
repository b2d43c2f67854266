"""TBX (ISO 30042:2019, TBX-Basic dialect, DCA style): the glossary for CAT tools and termbases.

Why this mapping: TBX-Basic is a closed set of data categories, and termkit's glossary has a few things
it lacks (the ``candidate`` status, ``properNoun``, case sensitivity). Those travel in one machine-readable
``<note>`` starting ``termkit:`` on the term, so that a file stays valid TBX-Basic, a CAT tool shows the
information to a translator, and an import gives back exactly the glossary that was exported.

| CONCEPTS column | TBX-Basic |
|---|---|
| concept_id | ``conceptEntry/@id`` (ids that are not XML names are escaped: ``001`` → ``__x0030_01``) |
| subject | ``descrip[@type=subjectField]`` on the concept |
| definition | ``descrip[@type=definition]`` on the concept (on the language section when languages differ) |
| lang, script | ``langSec/@xml:lang`` (``zh-Hans``, ``zh-Hant``, ``en``); see below for Chinese without a script |
| term, status, term_type, pos | ``termSec``: ``term``, ``termNote`` administrativeStatus/termType/partOfSpeech |
| source, note | ``admin[@type=source]`` and ``note`` on the term |

Chinese entered once, without a script, matches in both scripts in termkit; a CAT tool working in zh-Hans
or zh-Hant only looks at its own language section, so such a term is written to both: Simplified (marked
``termkit: script=any``) and, unless the concept spells its Traditional form out, the OpenCC Hong Kong
Traditional form (marked ``termkit: derived``). Reading folds the pair back into the one term.

Nothing changes on the way: writing refuses what a reader would not give back as it is (characters XML
cannot carry, whitespace that readers fold, two subjects for one concept), and reading refuses a file that
breaks the TBX-Basic rules termkit relies on (a section without its language, a term section without a term).

Reading also accepts TBX-Basic 2008 (``martif``/``termEntry``/``langSet``/``tig``/``ntig``), the dialect
most CAT tools still export, and DCT-style data categories.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
from lxml import etree

from termkit.errors import TermkitError
from termkit.fileio import atomic_write
from termkit.formats import xmlsafe
from termkit.lang import canonical_tag, lang_script
from termkit.script import to_simplified, to_traditional
from termkit.tables import CONCEPTS, conform, default_case_sensitive, empty

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

STATUS_TO_TBX = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
}
TBX_TO_STATUS = {
    "preferredterm-admn-sts": "preferred", "admittedterm-admn-sts": "admitted",
    "deprecatedterm-admn-sts": "deprecated", "supersededterm-admn-sts": "deprecated",
    "preferred": "preferred", "admitted": "admitted", "deprecated": "deprecated",
}
#: Values TBX-Basic allows (TBX-Basic_DCA.sch); others travel in the ``termkit:`` note.
TBX_POS = frozenset({"noun", "verb", "adjective", "adverb", "other"})
TBX_TERM_TYPES = frozenset({"fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"})
DEFAULT_STATUS = "admitted"  # a term a termbase lists without a status is usable, not merely proposed
_MARK = "termkit:"
_NAME = re.compile(r"^[^\W\d][\w.\-]*$")
_CONCEPT = ("conceptEntry", "termEntry")
_LANG = ("langSec", "langSet")
_TERM = ("termSec", "tig", "ntig")


# --- writing --------------------------------------------------------------------------------------


def encode_id(concept_id: str) -> str:
    """A valid XML ID for a concept id; reversible with ``decode_id`` (``001`` → ``__x0030_01``)."""
    if _NAME.match(concept_id) and not concept_id.startswith("_"):
        return concept_id
    out = ["_"]
    for i, ch in enumerate(concept_id):
        ok = ch.isalnum() or ch in ".-" if i else ch.isalpha()
        out.append(ch if ok else f"_x{ord(ch):04X}_")
    return "".join(out)


def decode_id(xml_id: str) -> str:
    """Inverse of ``encode_id``; ids that were not escaped come back unchanged."""
    if not xml_id.startswith("_"):
        return xml_id
    return re.sub(r"_x([0-9A-F]{4,6})_", lambda m: chr(int(m.group(1), 16)), xml_id[1:])


def _tag(row: dict) -> str:
    return canonical_tag(row["script"] or row["lang"] or "")


def _sub(parent: etree._Element, name: str, text: str, kind: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, f"{{{TBX_NS}}}{name}", {"type": kind} if kind else {})
    el.text = text
    return el


def _marker(row: dict) -> str:
    """The ``termkit:`` note for what TBX-Basic cannot say, or ``""``."""
    parts = []
    if row["status"] and row["status"] not in STATUS_TO_TBX:
        parts.append(f"status={row['status']}")
    if row["pos"] and row["pos"] not in TBX_POS:
        parts.append(f"pos={row['pos']}")
    if row["term_type"] and row["term_type"] not in TBX_TERM_TYPES:
        parts.append(f"term-type={row['term_type']}")
    if bool(row["case_sensitive"]) != default_case_sensitive(row["term_type"], row["term"]):
        parts.append(f"case-sensitive={'yes' if row['case_sensitive'] else 'no'}")
    parts.extend(row.get("_marks", ()))
    return f"{_MARK} {'; '.join(parts)}" if parts else ""


def _script_rows(rows: list[dict], traditional: str | None = None) -> list[dict]:
    """Chinese terms without a script, written out per script (see the module docstring).

    With ``traditional`` (an OpenCC table, ``hk`` or ``tw``: the project's source is Traditional), a concept
    with Simplified terms and no Traditional one also gets their Traditional forms, marked derived.
    """
    explicit_hant = any(r["lang"] == "zh" and r["script"] == "zh-Hant" for r in rows)
    out = []
    for r in rows:
        if r["lang"] != "zh" or r["script"]:
            out.append(r)
            if traditional and not explicit_hant and r["lang"] == "zh" and r["script"] == "zh-Hans":
                out.append({**r, "script": "zh-Hant", "term": to_traditional(r["term"], traditional),
                            "_marks": ["derived"]})
            continue
        hans = to_simplified(r["term"])
        marks = ["script=any"] + ([f"entered={_quote(r['term'])}"] if hans != r["term"] else [])
        out.append({**r, "script": "zh-Hans", "term": hans, "_marks": marks})
        if not explicit_hant:
            out.append({**r, "script": "zh-Hant", "term": to_traditional(r["term"], traditional or "hk"),
                        "_marks": ["derived"]})
    return out


def _term_sec(lang_sec: etree._Element, row: dict) -> None:
    sec = etree.SubElement(lang_sec, f"{{{TBX_NS}}}termSec")
    _sub(sec, "term", row["term"])
    if row["status"] in STATUS_TO_TBX:
        _sub(sec, "termNote", STATUS_TO_TBX[row["status"]], "administrativeStatus")
    if row["term_type"] in TBX_TERM_TYPES:
        _sub(sec, "termNote", row["term_type"], "termType")
    if row["pos"] in TBX_POS:
        pos = row["pos"]
    elif row["pos"] == "properNoun":
        pos = "noun"
    else:
        pos = ""
    if pos:
        _sub(sec, "termNote", pos, "partOfSpeech")
    if row["source"]:
        _sub(sec, "admin", row["source"], "source")
    if row["note"]:
        _sub(sec, "note", row["note"])
    if mark := _marker(row):
        _sub(sec, "note", mark)


def _first(values: list[str]) -> str:
    return next((v for v in values if v), "")


def _concept_entry(body: etree._Element, concept_id: str, rows: list[dict], traditional: str | None) -> None:
    entry = etree.SubElement(body, f"{{{TBX_NS}}}conceptEntry", id=encode_id(concept_id))
    if subject := _first([r["subject"] for r in rows]):
        _sub(entry, "descrip", subject, "subjectField")
    definitions = {r["definition"] for r in rows}
    shared = len(definitions) == 1
    if shared and (definition := definitions.pop()):
        _sub(entry, "descrip", definition, "definition")
    by_lang: dict[str, list[dict]] = {}
    for r in _script_rows(rows, traditional):
        by_lang.setdefault(_tag(r), []).append(r)
    for tag, terms in by_lang.items():
        lang_sec = etree.SubElement(entry, f"{{{TBX_NS}}}langSec", {XML_LANG: tag})
        if not shared and (definition := _first([r["definition"] for r in terms])):
            _sub(lang_sec, "descrip", definition, "definition")
        for r in terms:
            _term_sec(lang_sec, r)


_TEXT_COLUMNS = ("concept_id", "subject", "definition", "source", "lang", "script", "term", "note")


def _clean(concepts: pl.DataFrame) -> pl.DataFrame:
    """The glossary to write, or a ``TermkitError`` for what a TBX reader would not give back as it is."""
    strings = [c for c, t in CONCEPTS.items() if t == pl.String]
    df = conform(concepts, CONCEPTS).with_columns(
        [pl.col(c).fill_null("") for c in strings] + [pl.col("case_sensitive").fill_null(False)]
    )
    bad = df.filter(pl.col("term").str.strip_chars() == "")
    if bad.height:
        r = bad.row(0, named=True)
        raise TermkitError(f"concept {r['concept_id']!r} has an empty term", r["file"] or None, r["line"])
    nolang = df.filter((pl.col("lang") == "") & (pl.col("script") == ""))
    if nolang.height:
        r = nolang.row(0, named=True)
        raise TermkitError(f"term {r['term']!r} has no language", r["file"] or None, r["line"])
    if found := xmlsafe.first_illegal(df, _TEXT_COLUMNS):
        r, col, char = found
        raise TermkitError(f"concept {r['concept_id']!r}: {col} holds {char}, a character XML (and so TBX) "
                           "cannot carry", r["file"] or None, r["line"])
    for r in df.iter_rows(named=True):
        _check_text(r)
    _check_concept_cells(df)
    return df


def _check_text(r: dict) -> None:
    """Refuse text that reading would change: TBX readers fold whitespace, and ``termkit:`` notes are termkit's."""
    where = f"concept {r['concept_id']!r}"
    if r["term"] != _fold_term(r["term"]):
        raise TermkitError(f"{where}: term {r['term']!r} has leading, trailing or repeated whitespace, which "
                           "a TBX reader does not keep", r["file"] or None, r["line"])
    for col in ("subject", "definition", "source", "note"):
        if r[col] != _fold(r[col]):
            raise TermkitError(f"{where}: the {col} holds leading or trailing whitespace, a line break, tab or "
                               "repeated spaces, which a TBX reader folds into one space", r["file"] or None, r["line"])
    if r["note"].startswith(_MARK):
        raise TermkitError(f"{where}: a note may not start with {_MARK!r} (TBX export keeps termkit's own "
                           "information in such notes)", r["file"] or None, r["line"])


def _check_concept_cells(df: pl.DataFrame) -> None:
    """Refuse concepts whose terms disagree where TBX has one value: the subject, a language's definition."""
    for cols, what in ((["concept_id"], "subjects"), (["concept_id", "_tag"], "definitions")):
        col = "subject" if what == "subjects" else "definition"
        tag = pl.when(pl.col("script") != "").then("script").when(pl.col("lang") == "zh").then(pl.lit("zh-Hans"))
        clash = (df.with_columns(tag.otherwise("lang").alias("_tag"))  # the language section a term goes to
                 .filter(pl.col(col) != "").group_by(cols, maintain_order=True)
                 .agg(pl.col(col).unique(maintain_order=True), pl.col("file").first(), pl.col("line").first())
                 .filter(pl.col(col).list.len() > 1))
        if clash.height:
            r = clash.row(0, named=True)
            lang = f" in {r['_tag']}" if "_tag" in r else ""
            raise TermkitError(f"concept {r['concept_id']!r} has {len(r[col])} different {what}{lang} "
                               f"({r[col][0]!r}, {r[col][1]!r}): TBX holds one", r["file"] or None, r["line"])


#: TBX-Basic 2008 (``martif``) names of the 2019 elements, for CAT tools that only read the older dialect.
_TBX2008_NAMES = {"tbx": "martif", "tbxHeader": "martifHeader", "conceptEntry": "termEntry", "langSec": "langSet",
                  "termSec": "tig"}
DIALECTS = ("2019", "2008")


def _to_2008(root: etree._Element) -> etree._Element:
    """The same content as TBX-Basic 2008 (no namespace; 2019 names mapped back to the 2008 ones)."""
    for el in root.iter():
        name = etree.QName(el).localname
        el.tag = _TBX2008_NAMES.get(name, name)
    root.attrib.pop("style", None)
    etree.cleanup_namespaces(root)
    return root


def write_tbx(concepts: pl.DataFrame, path: str | Path, *, dialect: str = "2019",
              traditional: str | None = None) -> int:
    """Write ``tables.CONCEPTS`` as TBX-Basic, atomically; return the number of concepts.

    ``dialect`` ``2019`` is ISO 30042:2019 (DCA style); ``2008`` is the older ``martif`` form that many CAT
    tools (and Translate Toolkit) still expect. ``traditional`` (``hk`` or ``tw``) is for a project whose
    source is Traditional: concepts entered only in Simplified get derived Traditional forms too.
    """
    if dialect not in DIALECTS:
        raise TermkitError(f"unknown TBX dialect {dialect!r}: use {' or '.join(DIALECTS)}")
    df = _clean(concepts)
    if df.height == 0:
        raise TermkitError("the glossary has no terms: TBX needs at least one concept", path)
    root = etree.Element(f"{{{TBX_NS}}}tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: "en"},
                         nsmap={None: TBX_NS})
    header = etree.SubElement(root, f"{{{TBX_NS}}}tbxHeader")
    file_desc = etree.SubElement(header, f"{{{TBX_NS}}}fileDesc")
    _sub(etree.SubElement(file_desc, f"{{{TBX_NS}}}sourceDesc"), "p", "termkit glossary export")
    body = etree.SubElement(etree.SubElement(root, f"{{{TBX_NS}}}text"), f"{{{TBX_NS}}}body")
    groups: dict[str, list[dict]] = {}
    for row in df.iter_rows(named=True):
        groups.setdefault(row["concept_id"], []).append(row)
    for concept_id, rows in groups.items():
        _concept_entry(body, concept_id, rows, traditional)
    if dialect == "2008":
        root = _to_2008(root)
    etree.indent(root, space="  ")
    doctype = '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">' if dialect == "2008" else None
    with atomic_write(path, "wb") as fh:
        fh.write(etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8", doctype=doctype))
        fh.write(b"\n")
    return len(groups)


# --- reading --------------------------------------------------------------------------------------


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _category(el: etree._Element) -> str:
    """The data category an element carries: ``@type`` in DCA style, the element name in DCT style."""
    name = _local(el)
    return el.get("type") or "" if name in ("termNote", "descrip", "admin", "transac") else name


_XML_SPACE = re.compile(r"[ \t\n\r]+")


def _fold(text: str) -> str:
    """Text as a TBX reader takes it: XML whitespace runs (a wrapped line in a pretty-printed file) as one space."""
    return _XML_SPACE.sub(" ", text).strip()


def _fold_term(text: str) -> str:
    """A term as the glossary keeps it: its words one space apart (as ``terms.store`` reads them)."""
    return " ".join(text.split())


def _quote(value: str) -> str:
    """A value safe inside the ``termkit:`` note (``;`` separates its parts); undone by ``_unquote``."""
    return value.replace("%", "%25").replace(";", "%3B")


def _unquote(value: str) -> str:
    return value.replace("%3B", ";").replace("%25", "%")


def _text(el: etree._Element) -> str:
    return _fold("".join(el.itertext()))


def _info(el: etree._Element) -> dict[str, list[str]]:
    """Data categories directly on ``el`` (also inside ``*Grp`` wrappers), excluding nested sections."""
    out: dict[str, list[str]] = {}
    for child in el:
        name = _local(child)
        if name in _LANG or name in _TERM or name == "term":
            continue
        if name.endswith("Grp"):
            for key, vals in _info(child).items():
                if name != "descripGrp" or key not in ("source", "note"):  # a descripGrp's source is its own
                    out.setdefault(key, []).extend(vals)
            continue
        key = "note" if name == "note" else _category(child)
        if key and (value := _text(child)):
            out.setdefault(key, []).append(value)
    return out


def _parse_marker(notes: list[str]) -> tuple[list[str], dict[str, str]]:
    plain, marks = [], {}
    for n in notes:
        if n.startswith(_MARK):
            for part in n[len(_MARK):].split(";"):
                key, _, value = part.strip().partition("=")
                if key:
                    marks[key] = value
        else:
            plain.append(n)
    return plain, marks


def _term_row(sec: etree._Element, lang_tag: str, concept: dict, lang_info: dict, path: Path) -> dict | None:
    holders = [sec, *[c for c in sec if _local(c) == "termGrp"]]
    term_el = next(c for h in holders for c in h if _local(c) == "term")  # _problems made sure there is one
    info = _info(sec)  # includes the termGrp of a 2008 ntig
    notes, marks = _parse_marker(info.get("note", []))
    if "derived" in marks:  # the Traditional form termkit wrote for a term without a script
        return None
    term = _fold_term(_text(term_el))
    lang, script = lang_script(lang_tag)
    if lang == "zh" and marks.get("script") == "any":
        script, term = "", _unquote(marks.get("entered", "")) or term
    status_raw = _first(info.get("administrativeStatus", []))
    term_type = marks.get("term-type") or _first(info.get("termType", []))
    pos = _first(info.get("partOfSpeech", []))
    return {
        "concept_id": concept["id"],
        "subject": concept["subject"],
        "definition": _first(lang_info.get("definition", [])) or concept["definition"],
        "source": _first(info.get("source", [])) or _first(lang_info.get("source", [])) or concept["source"],
        "lang": lang,
        "script": script,
        "term": term,
        "status": marks.get("status") or TBX_TO_STATUS.get(status_raw.lower(), DEFAULT_STATUS),
        "term_type": term_type,
        "pos": marks.get("pos") or pos,
        "case_sensitive": (marks["case-sensitive"] == "yes" if "case-sensitive" in marks
                           else default_case_sensitive(term_type, term)),
        "note": "; ".join(notes),
        "file": str(path),
        "line": term_el.sourceline,
    }


def _problems(entry: etree._Element, dialect_2019: bool) -> list[tuple[int | None, str]]:
    """What the TBX-Basic schema requires of a concept entry and termkit cannot do without, as (line, message).

    Why refuse and not guess: a language section without ``xml:lang`` would inherit the file's language
    (国务院 imported as English), and a term section without a term would vanish without a word.
    """
    found: list[tuple[int | None, str]] = []
    name = _local(entry)
    if dialect_2019 and not entry.get("id"):
        found.append((entry.sourceline, f"<{name}> has no id (TBX-Basic requires one)"))
    lang_secs = [c for c in entry if _local(c) in _LANG]
    if not lang_secs:
        found.append((entry.sourceline, f"<{name}> has no language section (TBX-Basic requires one)"))
    for lang_sec in lang_secs:
        where = f"<{_local(lang_sec)}>"
        if not (lang_sec.get(XML_LANG) or lang_sec.get("lang") or "").strip():
            found.append((lang_sec.sourceline, f"{where} has no xml:lang (TBX-Basic requires one)"))
        secs = [c for c in lang_sec if _local(c) in _TERM]
        if not secs:
            found.append((lang_sec.sourceline, f"{where} has no term section (TBX-Basic requires one)"))
        for sec in secs:
            holders = [sec, *[c for c in sec if _local(c) == "termGrp"]]
            terms = [c for h in holders for c in h if _local(c) == "term"]
            if not terms:
                found.append((sec.sourceline, f"<{_local(sec)}> has no <term> (TBX-Basic requires one)"))
            elif len(terms) > 1:
                found.append((terms[1].sourceline, f"<{_local(sec)}> has more than one <term> (TBX-Basic allows one)"))
            elif not _text(terms[0]):
                found.append((terms[0].sourceline, "<term> is empty (TBX-Basic requires one with text)"))
    return found


def _entry_rows(entry: etree._Element, n: int, path: Path) -> list[dict]:
    """The term rows of one concept entry (already checked by ``_problems``)."""
    info = _info(entry)
    concept = {
        "id": decode_id(entry.get("id") or f"c{n}"),
        "subject": "; ".join(info.get("subjectField", [])),
        "definition": _first(info.get("definition", [])),
        "source": _first(info.get("source", [])),
    }
    rows = []
    for lang_sec in entry:
        if _local(lang_sec) not in _LANG:
            continue
        tag = lang_sec.get(XML_LANG) or lang_sec.get("lang") or ""
        lang_info = _info(lang_sec)
        for sec in lang_sec:
            if _local(sec) in _TERM and (row := _term_row(sec, tag, concept, lang_info, path)):
                rows.append(row)
    return rows


def read_tbx(path: str | Path) -> pl.DataFrame:
    """Read TBX (2019 TBX-Basic, or 2008 ``martif``) into ``tables.CONCEPTS``, one row per term.

    Incremental: each concept entry is cleared once read, so a termbase of millions of entries (IATE's
    export, say) costs the memory of its table, not of its tree.
    """
    p = Path(path)
    rows: list[dict] = []
    problems: list[tuple[int | None, str]] = []
    root_name: str | None = None
    n = 0
    tags = [f"{{*}}{t}" for t in ("tbx", "martif", *_CONCEPT)]
    for event, elem in xmlsafe.iterparse(p, events=("start", "end"), tag=tags):
        name = _local(elem)
        if root_name is None:
            if name not in ("tbx", "martif"):
                raise TermkitError(f"not a TBX file: the root element is <{_local(elem.getroottree().getroot())}>, "
                                   "expected <tbx> or <martif>", p, elem.sourceline)
            root_name = name
            continue
        if event == "end" and name in _CONCEPT:
            n += 1
            found = _problems(elem, root_name == "tbx")
            problems.extend(found)
            if not found and not problems:  # once the file is refused, only its problems are collected
                rows.extend(_entry_rows(elem, n, p))
            elem.clear(keep_tail=False)
            parent = elem.getparent()
            while elem.getprevious() is not None:
                del parent[0]
    if root_name is None:
        raise TermkitError("not a TBX file: no <tbx> or <martif> root element", p)
    if problems:
        line, message = problems[0]
        more = f" (and {len(problems) - 1} more {'problem' if len(problems) == 2 else 'problems'})" \
            if len(problems) > 1 else ""
        raise TermkitError(message + more, p, line)
    if not rows:
        return empty(CONCEPTS)
    return pl.DataFrame(rows, schema=CONCEPTS)
