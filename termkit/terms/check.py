"""The glossary checks itself (``termkit glossary lint``): findings in the same table as ``termkit lint``.

Why a check and not only load errors: CI wants every problem of a glossary change at once, with file and
line, including the ones that load fine but mislead the checks (a rendering both preferred and deprecated,
a concept that cannot be checked because it lacks a Chinese or English term, a term in the wrong language or
script). ``termkit lint -g`` loads the glossary through the same check, so both refuse the same glossaries.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from termkit.errors import TermkitError
from termkit.script import foreign_chars, han_ratio, script_variants, to_simplified, to_traditional
from termkit.tables import FINDINGS, empty
from termkit.terms.forms import normalise
from termkit.terms.store import read_glossary_rows

#: rule id → (summary, default severity)
GLOSSARY_RULES: dict[str, tuple[str, str]] = {
    "glossary-malformed": ("A glossary row cannot be read (wrong cell count, empty or unknown value).", "error"),
    "glossary-duplicate-concept": ("A concept id is used by two separate groups of rows or in two files.", "error"),
    "glossary-duplicate-term": ("The same term appears twice in one concept.", "error"),
    "glossary-shared-term": ("A Chinese term is preferred or admitted in two concepts: one concept entered twice, "
                             "or a homograph.", "warning"),
    "glossary-status-conflict": ("A rendering is preferred or admitted in one concept and deprecated in another.",
                                 "error"),
    "glossary-missing-language": ("A concept has no Chinese or no English term.", "error"),
    "glossary-no-preferred": ("A concept has terms in a language but none of them is preferred.", "warning"),
    "glossary-wrong-language": ("A Chinese term without Chinese characters, or an English term written in them.",
                                "error"),
    "glossary-wrong-variant": ("A term tagged Simplified written in Traditional script or the reverse, or a term "
                               "mixing both.", "error"),
    "glossary-script-mismatch": ("An explicit Traditional form differs from the OpenCC conversion of the concept's "
                                 "Chinese term.", "warning"),
    "glossary-no-source": ("A concept says nowhere where its rendering comes from.", "warning"),
}
REQUIRED_LANGS = ("zh", "en")


def _finding(rule: str, file: str, line: int | None, term: str, message: str, fix: str = "") -> dict:
    return {"rule": rule, "severity": GLOSSARY_RULES[rule][1], "file": file, "line": line, "tuid": None,
            "source": "", "target": "", "term": term, "message": message, "fix": fix}


def _key(df: pl.DataFrame) -> list[str]:
    """Comparison key of each term: Simplified for Chinese, normalised words for other languages."""
    return [to_simplified(t) if lang == "zh" else " ".join(n.lower().split()) for t, lang, n in
            zip(df["term"], df["lang"], normalise(df["term"].to_list()), strict=True)]


def _check(path: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The glossary at ``path`` as tables.CONCEPTS (its well-formed rows) and every problem as tables.FINDINGS."""
    concepts, problems = read_glossary_rows(Path(path))
    out = [_finding("glossary-malformed", p.file, p.line, "", p.message) for p in problems]
    if concepts.height:
        df = concepts.with_columns(pl.Series("key", _key(concepts)), pl.int_range(pl.len()).alias("_n"))
        out += _duplicate_concepts(df) + _duplicate_terms(df) + _shared_terms(df) + _status_conflicts(df)
        out += _languages(df)
        out += _wrong_languages(df) + _wrong_variants(df) + _scripts(df) + _sources(df)
    if not out:
        return concepts, empty(FINDINGS)
    return concepts, pl.DataFrame(out, schema=FINDINGS).sort(["file", "line", "rule"], nulls_last=True)


def check_glossary(path: Path) -> pl.DataFrame:
    """Every problem of the glossary at ``path`` (file or directory) → tables.FINDINGS."""
    return _check(path)[1]


def load_checked_glossary(path: Path) -> pl.DataFrame:
    """The glossary at ``path`` → tables.CONCEPTS, refused exactly when ``termkit glossary lint`` fails it.

    Why not plain load_glossary: a glossary that reads but is wrong (one id for two concepts, a Chinese term
    under en) would make the checks built on it report false findings. Raises TermkitError naming file:line
    at the first error, with the message ``glossary lint`` gives for it.
    """
    concepts, findings = _check(path)
    errors = findings.filter(pl.col("severity") == "error")
    if errors.height:
        first = errors.row(0, named=True)
        more = f" (and {errors.height - 1} more; run `termkit glossary lint {path}`)" if errors.height > 1 else ""
        raise TermkitError(f"{first['message']} [{first['rule']}]{more}", first["file"], first["line"])
    return concepts


def _duplicate_concepts(df: pl.DataFrame) -> list[dict]:
    # a new group starts where the concept id differs from the previous row's, or the file changes
    groups = df.with_columns(((pl.col("concept_id") != pl.col("concept_id").shift(1))
                              | (pl.col("file") != pl.col("file").shift(1))).fill_null(True).cum_sum().alias("g"))
    starts = groups.group_by("g", maintain_order=True).agg(pl.col("concept_id", "file", "line").first())
    out = []
    for cid, rows in starts.group_by("concept_id", maintain_order=True):
        if rows.height > 1:
            first = rows.row(0, named=True)
            for r in rows.slice(1).iter_rows(named=True):
                out.append(_finding("glossary-duplicate-concept", r["file"], r["line"], cid[0],
                                    f"concept {cid[0]!r} already defined at {first['file']}:{first['line']}; "
                                    "keep a concept's rows together in one place"))
    return out


def _duplicate_terms(df: pl.DataFrame) -> list[dict]:
    dup = df.filter(pl.col("_n") != pl.col("_n").min().over(["concept_id", "lang", "script", "key"]))
    return [_finding("glossary-duplicate-term", r["file"], r["line"], r["term"],
                     f"term {r['term']!r} appears twice in concept {r['concept_id']!r}")
            for r in dup.iter_rows(named=True)]


def _shared_terms(df: pl.DataFrame) -> list[dict]:
    """Why a warning: a Chinese term of two concepts is most often one concept imported twice under two ids
    (its renderings then check against each other); a true homograph is a warning to read once (`glossary
    lint` fails on errors unless told otherwise), with definitions that tell the two apart."""
    good = df.filter((pl.col("lang") == "zh") & pl.col("status").is_in(["preferred", "admitted"]))
    first = good.group_by("key").agg(pl.col("concept_id", "file", "line", "_n").sort_by("_n").first())
    later = good.join(first, on="key", suffix="_first").filter(pl.col("concept_id") != pl.col("concept_id_first"))
    later = later.unique(["concept_id", "key"], keep="first", maintain_order=True)
    return [_finding("glossary-shared-term", r["file"], r["line"], r["term"],
                     f"{r['term']!r} of concept {r['concept_id']!r} is also a term of {r['concept_id_first']!r} "
                     f"({r['file_first']}:{r['line_first']}): merge them if they are one concept")
            for r in later.sort("_n").iter_rows(named=True)]


def _status_conflicts(df: pl.DataFrame) -> list[dict]:
    good = df.filter(pl.col("status").is_in(["preferred", "admitted"])).select(
        "lang", "key", pl.col("concept_id").alias("other"), pl.col("file").alias("of"), pl.col("line").alias("ol"),
        pl.col("status").alias("ostatus"))
    bad = df.filter(pl.col("status") == "deprecated").join(good, on=["lang", "key"])
    return [_finding("glossary-status-conflict", r["file"], r["line"], r["term"],
                     f"{r['term']!r} is deprecated in {r['concept_id']!r} but {r['ostatus']} in {r['other']!r} "
                     f"({r['of']}:{r['ol']})") for r in bad.iter_rows(named=True)]


def _languages(df: pl.DataFrame) -> list[dict]:
    out = []
    for (cid,), rows in df.group_by("concept_id", maintain_order=True):
        first = rows.row(0, named=True)
        langs = set(rows["lang"])
        for lang in REQUIRED_LANGS:
            if lang not in langs:
                out.append(_finding("glossary-missing-language", first["file"], first["line"], cid,
                                    f"concept {cid!r} has no {'Chinese' if lang == 'zh' else 'English'} ({lang}) term"))
        for lang in sorted(langs):
            if not rows.filter((pl.col("lang") == lang) & (pl.col("status") == "preferred")).height:
                out.append(_finding("glossary-no-preferred", first["file"], first["line"], cid,
                                    f"concept {cid!r} has {lang} terms but none is preferred"))
    return out


def _wrong_languages(df: pl.DataFrame) -> list[dict]:
    out = []
    for r in df.filter(pl.col("lang").is_in(["zh", "en"])).iter_rows(named=True):
        term, han = r["term"], han_ratio(r["term"])
        if r["lang"] == "en" and han > 0:
            out.append(_finding("glossary-wrong-language", r["file"], r["line"], term,
                                f"{term!r} is tagged en but written in Chinese characters; give the English "
                                "rendering here and put the Chinese term in a zh row of the concept"))
        elif (r["lang"] == "zh" and han == 0 and any(c.isalpha() for c in term)
              and r["term_type"] not in ("abbreviation", "acronym")):
            out.append(_finding("glossary-wrong-language", r["file"], r["line"], term,
                                f"{term!r} is tagged {r['script'] or 'zh'} but has no Chinese characters; put it "
                                "under the language it is written in (an abbreviation Chinese text uses as it is, "
                                "like GDP, may stay with term_type abbreviation)"))
    return out


def _written(wrong: str, right: str, script: str) -> str:
    """How a term tagged with one script is written: wholly in the other (``wrong`` characters), or mixed."""
    if right:
        other = "Simplified" if script == "Traditional" else "Traditional"
        return f"mixes {script} ({wrong}) and {other} ({right}) characters"
    return f"written in {script} script ({wrong})"


def _wrong_variants(df: pl.DataFrame) -> list[dict]:
    out = []
    for r in df.filter(pl.col("lang") == "zh").iter_rows(named=True):
        term, script = r["term"], r["script"]
        trad, simp = foreign_chars(term, "zh-Hans"), foreign_chars(term, "zh-Hant")
        if script == "zh-Hans" and trad:
            fix = to_simplified(term)
            message = f"{term!r} is tagged zh-Hans but {_written(trad, simp, 'Traditional')}; Simplified: {fix}"
        elif script == "zh-Hant" and simp:
            fix = to_traditional(to_simplified(term), "hk")
            message = f"{term!r} is tagged zh-Hant but {_written(simp, trad, 'Simplified')}; Traditional: {fix}"
        elif not script and trad and simp:
            fix = to_simplified(term)
            message = (f"{term!r} mixes Traditional ({trad}) and Simplified ({simp}) characters; write it in one "
                       f"script: Simplified {fix}, Traditional {to_traditional(fix, 'hk')}")
        else:
            continue
        out.append(_finding("glossary-wrong-variant", r["file"], r["line"], term, message, fix))
    return out


def _scripts(df: pl.DataFrame) -> list[dict]:
    out = []
    zh = df.filter(pl.col("lang") == "zh")
    for _, rows in zh.group_by("concept_id", maintain_order=True):
        hant = rows.filter(pl.col("script") == "zh-Hant")
        plain = rows.filter(pl.col("script") != "zh-Hant")
        if not hant.height or not plain.height:
            continue
        expected = set().union(*(script_variants(t) for t in plain["term"]))
        for r in hant.iter_rows(named=True):
            if r["term"] not in expected and not foreign_chars(r["term"], "zh-Hant"):  # else a wrong variant
                conv = to_traditional(to_simplified(plain["term"][0]), "hk")
                out.append(_finding("glossary-script-mismatch", r["file"], r["line"], r["term"],
                                    f"zh-Hant form {r['term']!r} differs from OpenCC's conversion {conv!r} of "
                                    f"{plain['term'][0]!r}; fine if intended (it overrides the conversion)", conv))
    return out


def _sources(df: pl.DataFrame) -> list[dict]:
    missing = df.group_by("concept_id", maintain_order=True).agg(
        (pl.col("source") != "").any().alias("has"), pl.col("file", "line").first()).filter(~pl.col("has"))
    return [_finding("glossary-no-source", r["file"], r["line"], r["concept_id"],
                     f"concept {r['concept_id']!r} has no source for its renderings")
            for r in missing.iter_rows(named=True)]


def glossary_or_default(path: Path | None, default: Path | None) -> pl.DataFrame | None:
    """The user's glossary (which must exist), else the project's ``default`` folder when there is one, else None;
    checked either way. The one rule align, build, lint and suggest follow for "which glossary"."""
    if path is not None:
        return load_checked_glossary(path)
    return load_checked_glossary(default) if default is not None and default.is_dir() else None
