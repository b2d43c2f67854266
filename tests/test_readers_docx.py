"""Word files: built with python-docx from a bundled article; headings by style, tables, captions, bad files."""

from __future__ import annotations

import zipfile

import docx
import pytest
from conftest import run_cli
from news_pages import bundled_article

from termkit.errors import TermkitError
from termkit.ingest import ingest_file


def _word_file(path, article, *, caption: str = "图为园区一角。记者 王小红 摄"):
    doc = docx.Document()
    doc.core_properties.title = article.title
    doc.add_heading(article.title, level=1)
    for i, (kind, text) in enumerate(article.body):
        if kind == "heading":
            doc.add_heading(text, level=2)
        else:
            doc.add_paragraph(text)
        if i == 1:
            doc.add_paragraph(caption, style="Caption")
    table = doc.add_table(rows=2, cols=2)
    for r, row in enumerate((("项目", "数量"), ("签约项目", "40个"))):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    doc.save(path)
    return path


def test_a_word_file_gives_the_text_versions_paragraphs(tmp_path):
    article = bundled_article("000")
    got = ingest_file(_word_file(tmp_path / "a.docx", article))
    rows = list(got.paragraphs.select("kind", "text").iter_rows())
    assert rows[: 1 + len(article.body)] == [("heading", article.title), *article.body]
    assert [t for _, t in rows[1 + len(article.body):]] == ["项目", "数量", "签约项目", "40个"]
    assert got.document["title"] == article.title and got.document["encoding"] == "docx"
    assert got.removed.filter(got.removed["reason"] == "caption")["text"].to_list() == ["图为园区一角。记者 王小红 摄"]


def test_style_headings_win_over_the_length_guess(tmp_path):
    article = bundled_article("004")
    got = ingest_file(_word_file(tmp_path / "en.docx", article))
    assert got.document["lang"] == "en"
    assert got.paragraphs.filter(got.paragraphs["kind"] == "heading")["text"][0] == article.title


def test_a_renamed_word_file_is_read_as_word(tmp_path):
    path = _word_file(tmp_path / "a.docx", bundled_article("001"))
    renamed = tmp_path / "article.txt"
    renamed.write_bytes(path.read_bytes())
    assert ingest_file(renamed).paragraphs.height > 10


def test_a_zip_that_is_not_a_word_file_is_one_line(tmp_path):
    bad = tmp_path / "report.docx"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(TermkitError, match=r"report\.docx: not a Word document \(\.docx\)"):
        ingest_file(bad)
    res = run_cli("ingest", str(bad))
    assert res.returncode == 2 and "Traceback" not in res.stderr


def test_a_corrupt_word_file_is_one_line(tmp_path):
    good = _word_file(tmp_path / "a.docx", bundled_article("001")).read_bytes()
    bad = tmp_path / "cut.docx"
    bad.write_bytes(good[: len(good) // 2])
    with pytest.raises(TermkitError, match=r"cut\.docx: not a Word document"):
        ingest_file(bad)
    text = tmp_path / "plain.docx"
    text.write_text("just text", encoding="utf-8")
    with pytest.raises(TermkitError, match=r"plain\.docx: not a Word document \(\.docx\): it is not a ZIP"):
        ingest_file(text)
