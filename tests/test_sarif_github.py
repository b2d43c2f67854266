"""SARIF as GitHub code scanning takes it: valid against the SARIF 2.1.0 schema, URIs relative to the repository
root (or ``%SRCROOT%``), TMX findings at the line of their ``<tu>`` (and the same line in ``--format github``)."""

from __future__ import annotations

import json

import polars as pl
import pytest
from conftest import ROOT, TEST_GLOSSARY
from lxml import etree

from termkit.formats.tmx import write_tmx
from termkit.lint.report import render
from termkit.tables import ALIGNMENTS, FINDINGS

SCHEMA = ROOT / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json"


def _validate(log: dict) -> None:
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def _findings(file: str, line: int | None = 3) -> pl.DataFrame:
    return pl.DataFrame([{"rule": "term-deprecated", "severity": "error", "file": file, "line": line, "tuid": "t1",
                          "source": "陳國基表示", "target": "Chen Guoji said", "term": "Chen Guoji",
                          "message": "deprecated rendering", "fix": "Eric Chan"}], schema=FINDINGS)


def test_inside_a_repository_uris_are_relative_to_its_top_level(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / "aligned").mkdir()
    monkeypatch.chdir(tmp_path / "aligned")  # run from a subfolder: the folder must not be lost
    log = json.loads(render(_findings("000-004 年.tsv"), "sarif", 1))
    _validate(log)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "aligned/000-004%20%E5%B9%B4.tsv"}
    assert "originalUriBaseIds" not in log["runs"][0]
    assert render(_findings("x.tsv"), "github", 1).startswith("::error file=aligned/x.tsv,line=3,")


def test_outside_a_repository_uris_are_relative_to_srcroot(tmp_path, monkeypatch):
    if any((p / ".git").exists() for p in tmp_path.parents):
        pytest.skip("the temporary folder is inside a git working tree")
    monkeypatch.chdir(tmp_path)
    log = json.loads(render(_findings("aligned/x.tsv"), "sarif", 1))
    _validate(log)
    run = log["runs"][0]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] == \
        {"uri": "aligned/x.tsv", "uriBaseId": "%SRCROOT%"}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"


def test_lint_findings_in_a_tmx_point_at_the_tu(tmp_path, tk):
    beads = pl.DataFrame({
        "tuid": ["t0", "t1"], "src_doc": ["a", "a"], "tgt_doc": ["b", "b"], "src_ids": [[0], [1]],
        "tgt_ids": [[0], [1]], "src_lang": ["zh-Hans"] * 2, "tgt_lang": ["en"] * 2,
        "src_text": ["今天天气好。", "陈国基表示同意。"], "tgt_text": ["The weather is fine today.", "Chen Guoji agreed."],
        "score": [0.9, 0.9], "mode": ["parallel"] * 2}, schema=ALIGNMENTS)
    tmx = tmp_path / "tm.tmx"
    write_tmx(beads, tmx, creation_date="20240101T000000Z")
    tu_line = next(tu.sourceline for tu in etree.parse(str(tmx)).iter("tu") if tu.get("tuid") == "t1")
    code, out, err = tk("lint", tmx, "--glossary", TEST_GLOSSARY, "--format", "sarif", "--fail-on", "never")
    assert code == 0, err
    log = json.loads(out)
    _validate(log)
    deprecated = [r for r in log["runs"][0]["results"] if r["ruleId"] == "term-deprecated"]
    assert deprecated and deprecated[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": tu_line}
    code, out, _ = tk("lint", tmx, "--glossary", TEST_GLOSSARY, "--format", "github", "--fail-on", "never")
    assert f"line={tu_line},title=term-deprecated" in out


def test_the_repository_lint_report_is_schema_valid(tk):
    if not (ROOT / "aligned").is_dir():
        pytest.skip("no aligned/ in this checkout")
    code, out, err = tk("lint", ROOT / "aligned", "--glossary", TEST_GLOSSARY, "--format", "sarif",
                        "--fail-on", "never")
    assert code == 0, err
    _validate(json.loads(out))
