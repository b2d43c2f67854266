"""OmegaT's tab-separated glossary: one direction, usable renderings first, what to avoid in the comment."""

from __future__ import annotations

import polars as pl
import pytest
from test_tbx import concepts

from termkit.errors import TermkitError
from termkit.formats.omegat import omegat_entries, read_omegat, write_omegat


def test_entries_pair_source_terms_with_usable_targets_preferred_first():
    entries = omegat_entries(concepts(), "zh-Hans", "en")
    assert [(s, t) for s, t, _ in entries] == [
        ("香港特别行政区政府", "Government of the Hong Kong Special Administrative Region"),
        ("香港特别行政区政府", "HKSAR Government"),
        ("一国两制", "one country, two systems"),  # a script-neutral zh term serves both scripts
        ("本地生产总值", "GDP"),  # a Traditional-only concept, converted for a Simplified project
    ]
    assert entries[0][2] == "politics; The executive of the HKSAR.; spell out at first mention"
    assert entries[2][2] == 'do not use "one state, two systems" (a mistranslation)'
    assert "one state, two systems" not in [t for _, t, _ in entries]


@pytest.mark.parametrize("tag", ["zh-Hant", "zh-HK", "zh-Hant-HK"])
def test_a_traditional_project_gets_traditional_source_terms(tag):
    entries = omegat_entries(concepts(), tag, "en")
    assert [s for s, _, _ in entries] == ["香港特別行政區政府", "香港特別行政區政府", "一國兩制", "本地生產總值"]


def test_other_direction_and_candidates():
    entries = omegat_entries(concepts(), "en", "zh-Hant")
    assert ("GDP", "本地生產總值", "economy") in entries
    assert ("one state, two systems", "一國兩制", "") in entries  # deprecated source terms still occur in texts
    rev = omegat_entries(concepts(), "zh-Hant", "en")
    assert ("本地生產總值", "GDP", "economy; a & b <c>; candidate (not yet approved)") in rev


def test_file_is_what_omegat_reads(tmp_path):
    path = tmp_path / "glossary.txt"
    assert write_omegat(concepts(), path) == 4
    lines = path.read_bytes().decode("utf-8").split("\n")
    assert lines[0].startswith("#")  # OmegaT skips lines starting with '#'
    assert lines[3] == '一国两制\tone country, two systems\tdo not use "one state, two systems" (a mistranslation)'
    assert all(1 <= line.count("\t") <= 2 for line in lines[1:] if line)


def test_no_pairs_is_an_error_not_an_empty_file(tmp_path):
    with pytest.raises(TermkitError, match="no de → en term pairs"):
        write_omegat(concepts(), tmp_path / "g.txt", src_lang="de", tgt_lang="en")
    assert not (tmp_path / "g.txt").exists()


def test_read_groups_entries_by_source_term(tmp_path):
    path = tmp_path / "project.txt"
    path.write_text("# comment line\n一国两制\tone country, two systems\tofficial\n"
                    "特区\tSAR\n\n一国两制\tOCTS\n", encoding="utf-8")
    df = read_omegat(path)
    assert df.select("concept_id", "lang", "script", "term", "status", "note", "line").rows() == [
        ("project-1", "zh", "zh-Hans", "一国两制", "preferred", "", 2),
        ("project-1", "en", "", "one country, two systems", "preferred", "official", 2),
        ("project-2", "zh", "zh-Hans", "特区", "preferred", "", 3),
        ("project-2", "en", "", "SAR", "preferred", "", 3),
        ("project-1", "en", "", "OCTS", "admitted", "", 5),
    ]
    assert df.filter(pl.col("term") == "OCTS")["case_sensitive"].to_list() == [True]


def test_read_big5_and_explicit_languages(tmp_path):
    path = tmp_path / "hk.tab"
    path.write_bytes("行政長官\tChief Executive\n".encode("big5"))
    df = read_omegat(path)
    assert df.select("lang", "script").rows() == [("zh", "zh-Hant"), ("en", "")]
    forced = read_omegat(path, src_lang="zh-HK", tgt_lang="en-GB")
    assert forced.select("lang", "script").rows() == [("zh", "zh-Hant"), ("en", "")]


def test_csv_variant(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text('"一国两制","one country, two systems","note, with comma"\n', encoding="utf-8")
    assert read_omegat(path)["term"].to_list() == ["一国两制", "one country, two systems"]


@pytest.mark.parametrize(("header", "langs"), [("Source,Target,Comment", [("zh", "zh-Hans"), ("en", "")]),
                                                ("zh-HK,en-GB", [("zh", "zh-Hant"), ("en", "")]),
                                                ("原文,译文", [("zh", "zh-Hans"), ("en", "")])])
def test_a_header_line_is_not_an_entry_and_names_the_languages(tmp_path, header, langs):
    path = tmp_path / "g.csv"
    path.write_text(f'{header}\n"一国两制","one country, two systems"\n', encoding="utf-8")
    df = read_omegat(path)
    assert df["term"].to_list() == ["一国两制", "one country, two systems"] and df["line"].to_list() == [2, 2]
    assert df.select("lang", "script").rows() == langs


def test_short_latin_terms_that_look_like_language_codes_are_an_entry(tmp_path):
    path = tmp_path / "g.txt"
    path.write_text("PC\tPC\n个人电脑\tPC\n", encoding="utf-8")
    assert read_omegat(path)["term"].to_list() == ["PC", "PC", "个人电脑", "PC"]


def test_malformed_line_names_file_and_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("一国两制\tone country, two systems\n特区 SAR\n", encoding="utf-8")
    with pytest.raises(TermkitError, match=r"bad.txt:2: expected: source term, tab, target term"):
        read_omegat(path)


def test_export_then_import_keeps_the_pairs(tmp_path):
    path = tmp_path / "round.txt"
    write_omegat(concepts(), path)
    back = read_omegat(path)
    pairs = {(s, t) for s, t, _ in omegat_entries(concepts(), "zh-Hans", "en")}
    got = back.group_by("concept_id", maintain_order=True).agg(pl.col("term"))
    assert {(terms[0], t) for terms in got["term"] for t in terms[1:]} == pairs
