"""Read what glossary suggestions are mined from: aligned tables, TMX, or gold ladders with their text.

Why one reader for three formats: a terminologist points ``termkit glossary suggest`` at whatever
translation memory they have — termkit's aligned TSV, a CAT tool's TMX, or a research set such as
``../shared/data`` (``mac-dev/gold/001.align`` beside ``mac-dev/zh/001`` and ``mac-dev/en/001``). All are
turned into one table of Chinese–English pairs with where each came from, whichever side is the source.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from termkit.encoding import read_text
from termkit.errors import TermkitError
from termkit.lang import base_language, base_language_expr
from termkit.script import detect_language

#: One aligned pair, Chinese side first, and where it came from.
MEMORY: dict[str, pl.DataType] = {
    "file": pl.String,  # the input file
    "doc": pl.String,  # documents of the pair ("000 + 004", or the text files of a ladder)
    "unit": pl.String,  # tuid, or "line N" of a ladder
    "zh": pl.String,
    "en": pl.String,
}


def _lang_of(tag: str | None, texts: pl.Series) -> str:
    if tag:
        return base_language(tag)
    sample = " ".join(texts.drop_nulls().head(50).to_list())
    return detect_language(sample) if sample.strip() else ""


def from_alignments(df: pl.DataFrame, file: str | Path) -> pl.DataFrame:
    """MEMORY rows of a tables.ALIGNMENTS frame: beads with both sides, the Chinese side first."""
    df = df.filter((pl.col("src_text").fill_null("") != "") & (pl.col("tgt_text").fill_null("") != ""))
    base = [base_language_expr(c) for c in ("src_lang", "tgt_lang")]
    tagged = df.with_columns(base[0].alias("_s"), base[1].alias("_t"))
    chinese_english = tagged.filter(((pl.col("_s") == "zh") & (pl.col("_t") == "en")) |
                                    ((pl.col("_s") == "en") & (pl.col("_t") == "zh")))
    if chinese_english.height:  # a TMX with several target languages: keep its Chinese–English units
        df = chinese_english.drop("_s", "_t")
    if df.is_empty():
        return pl.DataFrame(schema=MEMORY)
    src = _lang_of(df["src_lang"][0], df["src_text"])
    tgt = _lang_of(df["tgt_lang"][0], df["tgt_text"])
    if (src, tgt) == ("zh", "en"):
        zh, en, zdoc, edoc = "src_text", "tgt_text", "src_doc", "tgt_doc"
    elif (src, tgt) == ("en", "zh"):
        zh, en, zdoc, edoc = "tgt_text", "src_text", "tgt_doc", "src_doc"
    else:
        what = "neither side is Chinese" if "zh" not in (src, tgt) else f"its sides are {src} and {tgt}"
        raise TermkitError(f"glossary suggestions need Chinese–English pairs: {what}", file)
    return df.select(
        pl.lit(str(file)).alias("file"),
        pl.concat_str(pl.col(zdoc).fill_null(""), pl.lit(" + "), pl.col(edoc).fill_null("")).alias("doc"),
        pl.col("tuid").alias("unit"),
        pl.col(zh).alias("zh"),
        pl.col(en).alias("en"),
    )


def _text_lines(path: Path) -> list[str]:
    text, _ = read_text(path)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _ladder_texts(ladder: Path) -> list[Path]:
    """The two sentence files of a gold ladder: files named like it in the folders beside its own."""
    stem = ladder.stem
    found = []
    for folder in sorted(p for p in ladder.parent.parent.iterdir() if p.is_dir() and p != ladder.parent):
        for name in (stem, f"{stem}.txt"):
            if (folder / name).is_file():
                found.append(folder / name)
                break
    if len(found) != 2:
        raise TermkitError(f"cannot find the two text files of this ladder (looked for {stem!r} in the folders "
                           f"beside {ladder.parent.name or '.'}/; found {len(found)})", ladder)
    return found


def from_ladder(ladder: str | Path) -> pl.DataFrame:
    """MEMORY rows of a ladder file plus its text: which text is the source is told by the indices."""
    from termkit.formats.ladder import read_ladder

    ladder = Path(ladder)
    beads = read_ladder(ladder)
    (pa, a), (pb, b) = [(p, _text_lines(p)) for p in _ladder_texts(ladder)]
    max_src = max((i for s, _ in beads for i in s), default=-1)
    max_tgt = max((i for _, t in beads for i in t), default=-1)
    fits_ab = max_src < len(a) and max_tgt < len(b)
    fits_ba = max_src < len(b) and max_tgt < len(a)
    if not (fits_ab or fits_ba):
        raise TermkitError(f"ladder indices go beyond the lines of {pa} and {pb}", ladder)
    if fits_ab and fits_ba:  # both fit: the source is the side whose lines the ladder's source covers best
        src_seen = len({i for s, _ in beads for i in s})
        fits_ba = abs(src_seen - len(b)) < abs(src_seen - len(a))
        fits_ab = not fits_ba
    (ps, src), (pt, tgt) = ((pa, a), (pb, b)) if fits_ab else ((pb, b), (pa, a))
    rows = {"tuid": [], "src_doc": [], "tgt_doc": [], "src_lang": [], "tgt_lang": [], "src_text": [],
            "tgt_text": []}
    src_lang = detect_language(" ".join(src[:50]))
    tgt_lang = detect_language(" ".join(tgt[:50]))
    for n, (s, t) in enumerate(beads, start=1):
        rows["tuid"].append(f"line {n}")
        rows["src_doc"].append(f"{ps.parent.name}/{ps.name}")
        rows["tgt_doc"].append(f"{pt.parent.name}/{pt.name}")
        rows["src_lang"].append(src_lang)
        rows["tgt_lang"].append(tgt_lang)
        rows["src_text"].append(("" if src_lang == "zh" else " ").join(src[i] for i in s))
        rows["tgt_text"].append(("" if tgt_lang == "zh" else " ").join(tgt[i] for i in t))
    return from_alignments(pl.DataFrame(rows, schema=dict.fromkeys(rows, pl.String)), ladder)


def _directory_files(folder: Path) -> list[Path]:
    """The folder's aligned files by the one rule (formats.discover); a folder of gold ladders
    (``*.align`` beside their text folders, as ``../shared/data``) when it holds nothing else."""
    from termkit.formats.discover import aligned_files

    ladders = sorted(folder.glob("*.align"))
    try:
        return aligned_files(folder)
    except TermkitError:
        if ladders:
            return ladders
        raise


def read_memory(paths: list[Path]) -> pl.DataFrame:
    """MEMORY rows of every input: aligned TSV, TMX, ladders (``.align``) with their text, or folders of them."""
    frames: list[pl.DataFrame] = []
    for path in paths:
        path = Path(path)
        if not path.exists():
            raise TermkitError("no such file or folder", path)
        for f in _directory_files(path) if path.is_dir() else [path]:
            if f.suffix.lower() == ".align":
                frames.append(from_ladder(f))
            else:
                from termkit.formats.alignments import read_aligned

                batches = list(read_aligned(f))
                if batches:
                    frames.append(from_alignments(pl.concat(batches), f))
    memory = pl.concat(frames) if frames else pl.DataFrame(schema=MEMORY)
    if memory.is_empty():
        raise TermkitError("no aligned Chinese–English pairs to learn from", paths[0] if paths else None)
    return memory
