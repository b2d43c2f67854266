"""The glossary as each CAT tool reads it: ``glossary export --for TOOL`` picks the format and dialect.

Why per tool: OmegaT and Translate Toolkit read only TBX 2008 (``martif``) and ignore term statuses, so
they get one direction without deprecated renderings (``one_way``); memoQ and Trados keep a multilingual
termbase and know statuses, so they get the whole glossary as TBX 2008; TBX 2019 (TBX-Basic) stays for
tools that read the current standard. Whatever the format, a Traditional source language (``zh-Hant``,
``zh-HK``, ``zh-TW``) gets Traditional source terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from termkit.errors import TermkitError
from termkit.formats.omegat import write_omegat
from termkit.formats.one_way import one_way, variant
from termkit.formats.tbx import write_tbx
from termkit.lang import chinese_script


@dataclass(frozen=True)
class Target:
    """What one tool gets: a format (``tbx`` or ``omegat``), a TBX dialect, whether one direction only."""

    format: str
    dialect: str = "2019"
    one_way: bool = False
    where: str = ""


#: ``--for`` choices. OmegaT gets its tab-separated glossary unless the output ends in ``.tbx``.
TARGETS: dict[str, Target] = {
    "omegat": Target("omegat", "2008", True, "the project's glossary/ folder"),
    "tt": Target("tbx", "2008", True, "tbx2po, poterminology --inputs, pretranslate"),
    "memoq": Target("tbx", "2008", False, "Resource console → Term bases → Import"),
    "trados": Target("tbx", "2008", False, "MultiTerm Convert (TBX) → import into a termbase"),
    "tbx-basic": Target("tbx", "2019", False, "tools that read ISO 30042:2019 TBX-Basic"),
}
#: ``--format`` choices, kept for scripts written before ``--for``.
FORMATS: dict[str, Target] = {
    "tbx": Target("tbx", "2019"), "tbx2008": Target("tbx", "2008"), "omegat": Target("omegat", one_way=True),
}


def target_for(tool: str | None, fmt: str | None, output: Path) -> Target:
    """The target ``--for`` or ``--format`` names (TBX 2019 when neither does)."""
    if tool and fmt:
        raise TermkitError("give --for or --format, not both")
    if tool:
        if tool not in TARGETS:
            raise TermkitError(f"unknown tool {tool!r}: use one of {', '.join(TARGETS)}")
        target = TARGETS[tool]
        if tool == "omegat" and output.suffix.lower() == ".tbx":
            return Target("tbx", "2008", True, target.where)
        return target
    fmt = fmt or "tbx"
    if fmt not in FORMATS:
        raise TermkitError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    return FORMATS[fmt]


def export_glossary(concepts: pl.DataFrame, output: Path, target: Target, src_lang: str, tgt_lang: str) -> int:
    """Write the glossary as ``target`` says; return the number of concepts (TBX) or entries (OmegaT)."""
    if target.format == "omegat":
        return write_omegat(concepts, output, src_lang=src_lang, tgt_lang=tgt_lang)
    if target.one_way:
        concepts = one_way(concepts, src_lang, tgt_lang)
        if concepts.height == 0:
            raise TermkitError(f"no {src_lang} → {tgt_lang} term pairs in the glossary (check --src-lang/--tgt-lang)",
                               output)
    hant = next((t for t in (src_lang, tgt_lang) if chinese_script(t) == "zh-Hant"), None)
    return write_tbx(concepts, output, dialect=target.dialect, traditional=variant(hant) if hant else None)
