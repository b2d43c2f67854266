"""The glossary files: loading, saving, the format's conveniences and its errors."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from conftest import TEST_GLOSSARY

from termkit.errors import TermkitError
from termkit.tables import CONCEPTS
from termkit.terms import load_glossary, save_glossary

HEADER = "concept_id\tsubject\tdefinition\tsource\tlang\tscript\tterm\tstatus\tterm_type\tpos\tcase_sensitive\tnote\n"


def write(tmp_path: Path, body: str, name: str = "g.tsv") -> Path:
    p = tmp_path / name
    p.write_text(HEADER + body, encoding="utf-8")
    return p


def test_shipped_glossary_has_the_issue_concepts():
    g = load_glossary(TEST_GLOSSARY)
    assert g.schema == pl.Schema(CONCEPTS)
    assert g["concept_id"].n_unique() >= 40
    def terms(cid: str, status: str | None = None) -> set[str]:
        rows = g.filter(pl.col("concept_id") == cid)
        if status:
            rows = rows.filter(pl.col("status") == status)
        return set(rows["term"])
    assert "one zone, two parks" in terms("one-zone-two-parks", "preferred")
    assert "one district, two parks" in terms("one-zone-two-parks", "deprecated")
    assert "Eric Chan Kwok-ki" in terms("eric-chan", "preferred")
    assert "Chen Guoji" in terms("eric-chan", "deprecated")
    assert "Hetao Shenzhen-Hong Kong Science and Technology Innovation Co-operation Zone" in terms("hetao-zone", "admitted")
    for zh in ("一国两制", "粤港澳大湾区", "一线", "二线", "国务院", "国务院新闻办公室", "国家发展改革委", "科技部", "海关总署",
               "中央区域协调发展领导小组", "横琴", "前海", "南沙", "福田口岸", "皇岗口岸", "深圳河", "北部都会区",
               "香港科学园深圳分园", "河套合作区"):
        assert zh in set(g["term"]), zh
    # every concept says where its renderings come from
    assert g.group_by("concept_id").agg((pl.col("source") != "").any().alias("s"))["s"].all()


def test_inheritance_comments_and_defaults(tmp_path):
    p = write(tmp_path, "# a comment\n\nc1\tplace\ta river\tHK gov\tzh\t\t深圳河\tpreferred\tfullForm\tproperNoun\t\t\n"
                        "c1\t\t\t\ten\t\tShenzhen River\t\t\t\t\tthe river\n"
                        "c1\t\t\t\tzh-Hant\t\t深圳河\tadmitted\t\t\t\t\n"
                        "c1\t\t\t\ten\t\tSZR\tadmitted\tabbreviation\t\t\t\n")
    g = load_glossary(p)
    assert g["subject"].to_list() == ["place"] * 4
    assert g["source"].to_list() == ["HK gov"] * 4
    assert g["status"][1] == "preferred"  # blank status means preferred
    assert g.row(2, named=True)["lang"] == "zh" and g.row(2, named=True)["script"] == "zh-Hant"
    assert g["case_sensitive"].to_list() == [False, False, False, True]  # abbreviations match as written
    assert g["line"].to_list() == [4, 5, 6, 7] and g["file"][0] == str(p)


@pytest.mark.parametrize("row, message", [
    ("c1\t\t\t\ten\t\tX\tpreferred\n", "expected 12 cells"),
    ("c1\t\t\t\ten\t\tX\tgood\tfullForm\t\t\t\n", "unknown status"),
    ("c1\t\t\t\t\t\tX\tpreferred\tfullForm\t\t\t\n", "empty lang"),
    ("c1\t\t\t\ten\t\tX\tpreferred\tfullForm\tnoun\tmaybe\t\n", "case_sensitive"),
    ("c1\t\t\t\ten\t\tX\tpreferred\tlongForm\tnoun\t\t\n", "unknown term_type"),
])
def test_malformed_rows_name_file_and_line(tmp_path, row, message):
    p = write(tmp_path, "c0\t\t\t\ten\t\tY\tpreferred\tfullForm\t\t\t\n" + row)
    with pytest.raises(TermkitError, match=rf"g\.tsv:3: .*{message}"):
        load_glossary(p)


def test_bad_header_and_missing_path(tmp_path):
    p = tmp_path / "g.tsv"
    p.write_text("concept\tterm\n", encoding="utf-8")
    with pytest.raises(TermkitError, match=r"g\.tsv:1: bad glossary header"):
        load_glossary(p)
    with pytest.raises(TermkitError, match="no such glossary"):
        load_glossary(tmp_path / "nope")


def test_save_then_load_round_trips_the_shipped_glossary(tmp_path):
    g = load_glossary(TEST_GLOSSARY)
    save_glossary(g, tmp_path / "out.tsv")
    back = load_glossary(tmp_path / "out.tsv")
    cols = [c for c in CONCEPTS if c not in ("file", "line")]
    assert back.select(cols).equals(g.select(cols))
    # concept-level cells are written once per concept: diffs stay small
    text = (tmp_path / "out.tsv").read_text(encoding="utf-8")
    assert text.count("The boundary river between Shenzhen and Hong Kong.") == 1


def test_save_groups_a_concept_and_escapes_cells(tmp_path):
    rows = [
        {"concept_id": "a", "subject": "s", "definition": "d\twith tab", "source": "x", "lang": "zh", "script": "",
         "term": "甲", "status": "preferred", "term_type": "", "pos": "", "case_sensitive": False, "note": "",
         "file": "", "line": 0},
        {"concept_id": "b", "subject": "s", "definition": "", "source": "y", "lang": "en", "script": "",
         "term": "B", "status": "preferred", "term_type": "", "pos": "", "case_sensitive": True, "note": "n",
         "file": "", "line": 0},
        {"concept_id": "a", "subject": "s", "definition": "d\twith tab", "source": "z", "lang": "en", "script": "",
         "term": "A", "status": "admitted", "term_type": "", "pos": "", "case_sensitive": False, "note": "",
         "file": "", "line": 0},
    ]
    df = pl.DataFrame(rows, schema=CONCEPTS)
    save_glossary(df, tmp_path / "dir")
    back = load_glossary(tmp_path / "dir")
    assert back["concept_id"].to_list() == ["a", "a", "b"]
    assert back["definition"][1] == "d\twith tab"
    assert back["source"].to_list() == ["x", "z", "y"]
    assert back["case_sensitive"].to_list() == [False, False, True]
    with pytest.raises(TermkitError, match="empty or '#' concept_id"):
        save_glossary(df.with_columns(pl.lit("#x").alias("concept_id")), tmp_path / "bad.tsv")


def test_csv_and_gb18030_glossaries(tmp_path):
    (tmp_path / "g.csv").write_text(
        "concept_id,lang,term,status\nc1,zh,一区两园,preferred\nc1,en,\"one zone, two parks\",preferred\n",
        encoding="utf-8")
    (tmp_path / "h.tsv").write_bytes("concept_id\tlang\tterm\nc2\tzh\t深圳河\nc2\ten\tShenzhen River\n".encode("gb18030"))
    g = load_glossary(tmp_path)
    assert g["term"].to_list() == ["一区两园", "one zone, two parks", "深圳河", "Shenzhen River"]
