"""The manifest loader: the bundled corpus, and every way a manifest can be wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from termkit.errors import TermkitError
from termkit.sources import COLUMNS, load_manifest, manifest_row

HEADER = "\t".join(COLUMNS)


def _project(tmp_path: Path, rows: list[str], files: tuple[str, ...] = ("a.txt",)) -> Path:
    src = tmp_path / "sources"
    src.mkdir()
    for name in files:
        (src / name).write_text("正文。", encoding="utf-8")
    (src / "manifest.tsv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return src


def test_bundled_manifest():
    m = load_manifest(ROOT / "sources")
    assert m.columns[:8] == list(COLUMNS)
    assert m["id"].to_list() == ["000", "001", "002", "003", "004"]
    assert dict(zip(m["id"], m["script"], strict=True)) == {
        "000": "zh-Hans", "001": "zh-Hans", "002": "zh-Hant", "003": "zh-Hans", "004": "en"}
    same_event = m.filter(m["event"] == "hetao-shenzhen-park-plan-2023")["id"].to_list()
    assert same_event == ["000", "002", "004"]


def test_extra_columns_are_kept(tmp_path):
    src = tmp_path / "sources"
    src.mkdir()
    (src / "a.txt").write_text("x", encoding="utf-8")
    (src / "manifest.tsv").write_text(HEADER + "\ttranslation_of\na\ta.txt\tzh\tzh-Hans\t\t\t\t\tb\n", encoding="utf-8")
    m = load_manifest(src)
    assert m.columns == [*COLUMNS, "translation_of"]
    assert m["translation_of"].to_list() == ["b"]


@pytest.mark.parametrize("rows, files, message", [
    (["a\ta.txt\tzh"], ("a.txt",), r"manifest.tsv:2: malformed row: expected 8 tab-separated cells, found 3"),
    (["a\ta.txt\t\tzh-Hans\t\t\t\t"], ("a.txt",), r"manifest.tsv:2: malformed row: empty lang"),
    (["a\ta.txt\tzh\tzh-Hans\t\t5 Sept\t\t"], ("a.txt",), r"manifest.tsv:2: malformed row: date '5 Sept'"),
    (["a\ta.txt\tzh\tzh-Hans\t\t\t\t", "a\tb.txt\tzh\tzh-Hans\t\t\t\t"], ("a.txt", "b.txt"),
     r"manifest.tsv:3: duplicate id 'a' \(first on line 2\)"),
    (["a\tgone.txt\tzh\tzh-Hans\t\t\t\t"], (), r"manifest.tsv:2: file 'gone.txt' of id 'a' does not exist"),
    (["a\ta.txt\tzh\tzh-Hans\t\t\t\t"], ("a.txt", "999_extra.txt"), r"999_extra.txt: missing manifest entry"),
])
def test_manifest_errors_name_file_and_line(tmp_path, rows, files, message):
    src = _project(tmp_path, rows, files)
    with pytest.raises(TermkitError, match=message) as exc:
        load_manifest(src)
    assert "\n" not in str(exc.value)


def test_no_manifest_and_bad_header(tmp_path):
    with pytest.raises(TermkitError, match="no manifest"):
        load_manifest(tmp_path)
    (tmp_path / "manifest.tsv").write_text("id\tfile\n", encoding="utf-8")
    with pytest.raises(TermkitError, match=r"manifest.tsv:1: manifest header lacks columns lang, script"):
        load_manifest(tmp_path)


def test_comments_blank_lines_and_readme_are_ignored(tmp_path):
    src = _project(tmp_path, ["# a comment", "", "a\ta.txt\tzh\tzh-Hans\t\t2023-09-05\t\t"], ("a.txt", "README.md"))
    assert load_manifest(src)["id"].to_list() == ["a"]


def test_manifest_row_finds_the_row_beside_an_article(tmp_path):
    assert manifest_row(ROOT / "sources" / "002_3430000063e81d4c.txt")["id"] == "002"
    shutil.copy(ROOT / "sources" / "004_023b25b2aed6222f.txt", tmp_path / "x.txt")
    assert manifest_row(tmp_path / "x.txt") is None
    src = _project(tmp_path, ["a\ta.txt\tzh\tzh-Hans\t\t\t\t"], ("a.txt", "b.txt"))
    with pytest.raises(TermkitError, match=r"b.txt: missing manifest entry"):
        manifest_row(src / "b.txt")
