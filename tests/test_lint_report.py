"""Reporters: text for people, JSON, SARIF 2.1.0 for code scanning, GitHub Actions annotations; exit codes."""

from __future__ import annotations

import json

import polars as pl

from termkit.lint.registry import RULES
from termkit.lint.report import exit_code, render
from termkit.tables import FINDINGS

F = pl.DataFrame([
    {"rule": "term-deprecated", "severity": "error", "file": "aligned/002-004.alignments.tsv", "line": 7,
     "tuid": "002-004-5", "source": "陳國基表示", "target": "Chen Guoji said", "term": "Chen Guoji",
     "message": "deprecated rendering “Chen Guoji”, 50% off: really", "fix": "Eric Chan Kwok-ki"},
    {"rule": "number-mismatch", "severity": "note", "file": "a.tmx", "line": None, "tuid": "t9",
     "source": "5日", "target": "on the 6th", "term": "5, 6", "message": "numbers differ\nhere", "fix": ""},
], schema=FINDINGS)


def test_text_report():
    out = render(F, "text", 2)
    assert "aligned/002-004.alignments.tsv:7 [002-004-5]: error: deprecated rendering" in out
    assert "    fix: Eric Chan Kwok-ki" in out and "a.tmx [t9]: note:" in out
    assert out.rstrip().endswith("2 findings (1 error, 0 warnings, 1 note) in 2 files")


def test_json_report():
    doc = json.loads(render(F, "json", 2))
    assert doc["summary"] == {"error": 1, "warning": 0, "note": 1}
    assert doc["findings"][0]["term"] == "Chen Guoji" and set(doc["findings"][0]) == set(FINDINGS)


def test_sarif_has_the_required_structure():
    log = json.loads(render(F, "sarif", 2))
    assert log["version"] == "2.1.0" and "sarif-schema-2.1.0" in log["$schema"]
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "termkit" and [r["id"] for r in driver["rules"]] == list(RULES)
    for r in driver["rules"]:
        assert r["shortDescription"]["text"] and r["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert r["help"]["markdown"] == RULES[r["id"]].help and "Example" in r["help"]["text"]
        assert "`" not in r["help"]["text"]
    first, second = run["results"]
    assert first["ruleId"] == "term-deprecated" and first["level"] == "error"
    assert driver["rules"][first["ruleIndex"]]["id"] == "term-deprecated"
    assert first["message"]["text"].endswith("Fix: Eric Chan Kwok-ki")
    loc = first["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "aligned/002-004.alignments.tsv" and loc["region"]["startLine"] == 7
    assert "region" not in second["locations"][0]["physicalLocation"]  # TMX units have a tuid, not a line
    assert second["locations"][0]["logicalLocations"][0]["name"] == "t9"
    assert len({r["partialFingerprints"]["termkitFinding/v1"] for r in run["results"]}) == 2


def test_github_annotations_escape_their_syntax():
    lines = render(F, "github", 2).splitlines()
    assert lines[0].startswith("::error file=aligned/002-004.alignments.tsv,line=7,title=term-deprecated::")
    assert "50%25 off: really" in lines[0]
    assert lines[1].startswith("::notice file=a.tmx,title=number-mismatch::numbers differ%0Ahere")


def test_exit_codes():
    assert exit_code(F, "error") == 1 and exit_code(F, "never") == 0
    notes = F.filter(pl.col("severity") == "note")
    assert exit_code(notes, "warning") == 0 and exit_code(F.clear(), "error") == 0
