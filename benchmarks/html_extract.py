"""Main-text extraction from news pages: paragraph precision and recall of each extractor, and of termkit ingest.

The pages are built from the five bundled articles (``tests/news_pages.py``) with the furniture Chinese news
sites put around them, twice: with telling class names (``content``, ``comments``, ``footer``) and with
meaningless ones (``c17``), since many sites' markup says nothing. A paragraph counts when its text equals one
of the text version's paragraphs (whitespace aside). Extractors not installed are skipped with a note:
readability-lxml is termkit's own dependency; trafilatura and jusText are measured when present
(``pip install trafilatura justext``).

    .venv/bin/python benchmarks/html_extract.py
"""

from __future__ import annotations

import importlib.util
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import lxml.html
from _common import ROOT, console
from rich.table import Table

sys.path.insert(0, str(ROOT / "tests"))
from news_pages import bundled_article, news_page

from termkit.ingest import ingest_file
from termkit.readers.html import blocks_of


def _readability(page: str) -> list[str]:
    from readability import Document

    return blocks_of(lxml.html.document_fromstring(Document(page).summary(html_partial=True))).texts


def _trafilatura(page: str) -> list[str]:
    import trafilatura

    return (trafilatura.extract(page, include_comments=False) or "").split("\n")


def _justext(page: str) -> list[str]:
    import justext

    # Chinese is unspaced, so stop-word density says nothing: no stop words, lengths in characters
    paras = justext.justext(page.encode(), frozenset(), length_low=10, length_high=40,
                            stopwords_low=0, stopwords_high=0)
    return [p.text for p in paras if not p.is_boilerplate]


EXTRACTORS: dict[str, tuple[str, Callable[[str], list[str]]]] = {
    "readability-lxml": ("readability", _readability),
    "trafilatura": ("trafilatura", _trafilatura),
    "jusText": ("justext", _justext),
}


def _neutral(page: str) -> str:
    names: dict[str, str] = {}
    return re.sub(r'class="([^"]+)"', lambda m: f'class="c{names.setdefault(m.group(1), str(len(names)))}"', page)


def _norm(texts: list[str]) -> list[str]:
    return [" ".join(t.split()) for t in texts if t.strip()]


def _score(got: list[str], gold: list[str]) -> tuple[int, int, int]:
    got, gold = _norm(got), _norm(gold)
    return sum(g in gold for g in got), len(got), sum(g in got for g in gold)


def main() -> int:
    articles = [bundled_article(f"00{i}") for i in range(5)]
    table = Table(title="paragraph precision / recall on 5 built pages × 2 markups")
    for col in ("extractor", "markup", "P", "R", "pages with furniture kept"):
        table.add_column(col)
    rows = [(name, module, fn) for name, (module, fn) in EXTRACTORS.items()]
    for name, module, fn in rows:
        if importlib.util.find_spec(module) is None:
            console.print(f"skipped {name}: not installed", markup=False)
            continue
        for markup, make in (("telling", lambda a: news_page(a)), ("neutral", lambda a: _neutral(news_page(a)))):
            tp = n_got = found = n_gold = dirty = 0
            for a in articles:
                gold = [t for _, t in a.body]
                t, g, f = _score(fn(make(a)), gold)
                tp, n_got, found, n_gold = tp + t, n_got + g, found + f, n_gold + len(gold)
                dirty += t < g
            table.add_row(name, markup, f"{tp / n_got:.3f}", f"{found / n_gold:.3f}", str(dirty))
    with tempfile.TemporaryDirectory() as tmp:
        for markup, make in (("telling", lambda a: news_page(a)), ("neutral", lambda a: _neutral(news_page(a)))):
            tp = n_got = found = n_gold = dirty = 0
            for a in articles:
                path = Path(tmp) / f"{a.doc_id}.html"
                path.write_text(make(a), encoding="utf-8")
                gold = [a.title] + [t for _, t in a.body]
                t, g, f = _score(ingest_file(path).paragraphs["text"].to_list(), gold)
                tp, n_got, found, n_gold = tp + t, n_got + g, found + f, n_gold + len(gold)
                dirty += t < g
            table.add_row("termkit ingest", markup, f"{tp / n_got:.3f}", f"{found / n_gold:.3f}", str(dirty))
    console.print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
