"""The main job: pairing plan, summary, and `termkit build` end to end on a copy of the bundled corpus."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import polars as pl
import pytest
from conftest import ROOT, TEST_GLOSSARY, run_cli, run_process

from termkit.build import plan_pairings, summarise
from termkit.formats.tsv import read_alignments_tsv
from termkit.tables import ALIGNMENTS, DOCUMENTS, PARAGRAPHS, REMOVED, SEGMENTS, empty


def _docs(rows):
    return pl.DataFrame([{**dict.fromkeys(DOCUMENTS, ""), **r} for r in rows], schema=DOCUMENTS)


def test_pairs_chinese_with_english_of_same_event_only():
    docs = _docs([
        {"doc_id": "a", "lang": "zh", "event": "e1"}, {"doc_id": "b", "lang": "zh", "event": "e2"},
        {"doc_id": "c", "lang": "en", "event": "e1"}, {"doc_id": "d", "lang": "en", "event": "e1"},
    ])
    pairs = plan_pairings(docs, {"d": "a"})
    assert [(p.src, p.tgt, p.mode) for p in pairs] == [("a", "c", "comparable"), ("a", "d", "parallel")]


def test_summary_counts_per_document():
    docs = _docs([{"doc_id": "a", "lang": "zh"}, {"doc_id": "b", "lang": "en"}])
    paras = pl.DataFrame({"doc_id": ["a", "a", "b"], "para_id": [0, 1, 0], "kind": ["heading", "body", "body"],
                          "text": ["t", "x", "y"], "first_line": [1, 2, 1], "last_line": [1, 2, 1]}, schema=PARAGRAPHS)
    segs = pl.DataFrame({"doc_id": ["a", "a", "a", "b"], "seg_id": [0, 1, 2, 0], "para_id": [0, 1, 1, 0],
                         "start": [0] * 4, "end": [1] * 4, "kind": ["heading", "body", "body", "body"],
                         "lang": ["zh", "zh", "zh", "en"], "text": ["t", "x", "x", "y"]}, schema=SEGMENTS)
    beads = pl.DataFrame({"tuid": ["1", "2"], "src_doc": ["a", "a"], "tgt_doc": ["b", "b"], "src_ids": [[1, 2], [0]],
                          "tgt_ids": [[0], []], "src_lang": ["zh-Hans"] * 2, "tgt_lang": ["en"] * 2,
                          "src_text": ["xx", "t"], "tgt_text": ["y", ""], "score": [0.9, 0.1],
                          "mode": ["parallel"] * 2}, schema=ALIGNMENTS)
    s = summarise(docs, paras, empty(REMOVED), segs, beads)
    assert s.select("doc_id", "paragraphs", "segments", "removed", "aligned_pairs").rows() == [
        ("a", 2, 3, 0, 1), ("b", 1, 1, 0, 1)]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project's corpus and glossary, built once with the CLI."""
    proj = tmp_path_factory.mktemp("proj")
    shutil.copytree(ROOT / "sources", proj / "sources")
    shutil.copytree(TEST_GLOSSARY, proj / "glossary")
    res = run_cli("build", cwd=proj)
    assert res.returncode == 0, res.stderr
    return proj


def test_build_writes_aligned_outputs_and_summary(project):
    out = project / "aligned"
    names = {p.name for p in out.iterdir()}
    for stem in ("documents", "paragraphs", "removed", "segments", "summary"):
        assert {f"{stem}.tsv", f"{stem}.parquet"} <= names
    assert {"000-004.alignments.tsv", "002-004.alignments.tsv", "000-004.tmx", "002-004.tmx"} <= names
    assert {n for n in names if n.startswith(".")} == {".termkit-build"}  # the mark, no temp files
    mask = os.umask(0)
    os.umask(mask)
    modes = {p.name: p.stat().st_mode & 0o777 for p in out.iterdir()}
    assert set(modes.values()) == {0o666 & ~mask}, modes  # TSV, TMX and Parquet alike, as `open` would make them
    assert out.stat().st_mode & 0o777 == 0o777 & ~mask
    summary = pl.read_parquet(out / "summary.parquet")
    assert summary["doc_id"].to_list() == ["000", "001", "002", "003", "004"]
    assert (summary["segments"] > 0).all()
    assert summary.filter(pl.col("doc_id") == "004")["aligned_pairs"].item() > 0


def test_build_finds_lin_xin_statement(project):
    beads = read_alignments_tsv(project / "aligned" / "002-004.alignments.tsv")
    assert (beads["mode"] == "comparable").all()
    lin = beads.filter(pl.col("tgt_text").str.contains("Lin Xin"))
    assert lin.height == 1
    assert "林新" in lin["src_text"].item() and "科技項目" in lin["src_text"].item()
    assert beads["score"].is_between(0, 1).all()


def test_lint_of_the_build_reports_the_deprecated_renderings(project):
    """Issue 4's acceptance check, on the real pipeline: the English coverage's pinyin name and old slogan."""
    res = run_cli("lint", "aligned", "--format", "json", cwd=project)
    assert res.returncode == 1, res.stderr
    findings = json.loads(res.stdout)["findings"]
    deprecated = {f["term"] for f in findings if f["rule"] == "term-deprecated"}
    assert {"Chen Guoji", "one district, two parks"} <= deprecated
    assert all(f["file"].startswith("aligned") for f in findings)


def test_build_is_byte_identical_on_rerun(project, tmp_path):
    """Another process with another string-hash seed: nothing may depend on set or dict order of strings."""
    first = {p.name: p.read_bytes() for p in (project / "aligned").iterdir()}
    res = run_process("build", "--quiet", cwd=project, env={"PYTHONHASHSEED": "12345"})
    assert res.returncode == 0, res.stderr
    assert res.stdout == ""
    second = {p.name: p.read_bytes() for p in (project / "aligned").iterdir()}
    assert first.keys() == second.keys()
    assert [n for n in first if first[n] != second[n]] == []


def test_build_outside_a_project_is_a_one_line_error(tmp_path):
    res = run_cli("build", cwd=tmp_path)
    assert res.returncode == 2
    assert "manifest.tsv" in res.stderr and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_build_missing_manifest_entry_is_an_error(tmp_path):
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    (tmp_path / "sources" / "999_extra.txt").write_text("一篇没有登记的文章。", encoding="utf-8")
    res = run_cli("build", cwd=tmp_path)
    assert res.returncode == 2
    assert "999_extra.txt" in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "aligned").exists()


def test_a_manifest_lang_that_does_not_fit_the_text_is_an_error(tmp_path):
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    manifest = tmp_path / "sources" / "manifest.tsv"
    lines = manifest.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1].replace("\tzh\tzh-Hans\t", "\ten\ten\t", 1)  # 000 is Chinese; say it is English
    manifest.write_text("\n".join(lines), encoding="utf-8")
    res = run_cli("build", cwd=tmp_path)
    assert res.returncode == 2 and res.stderr.count("\n") == 1, res.stderr
    assert "000_a9890f9133504c80.txt: the manifest's lang en does not fit this text: it reads as zh" in res.stderr
    assert not (tmp_path / "aligned").exists()


def test_source_date_epoch_dates_the_build_tmx(project, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    res = run_cli("build", "--quiet", "-o", str(tmp_path / "out"), cwd=project)
    assert res.returncode == 0, res.stderr
    tmx = (tmp_path / "out" / "000-004.tmx").read_bytes()
    assert set(re.findall(rb'creationdate="([^"]*)"', tmx)) == {b"20231114T221320Z"}


def test_what_aligning_a_pair_warns_reaches_the_user(project, tmp_path, tk, monkeypatch):
    """align_sides' warnings (unrelated files, a tenfold length mismatch, the encoder's fallback) were dropped."""
    import dataclasses

    import termkit.corpus as corpus

    real = corpus.align_sides

    def warning(*args, **kwargs):
        result = real(*args, **kwargs)
        return dataclasses.replace(result, warnings=[*result.warnings, f"{result.src.path.name}: look at this"])

    monkeypatch.setattr(corpus, "align_sides", warning)
    code, _, err = tk("build", "-o", tmp_path / "out", cwd=project)
    assert code == 0
    assert err.count("look at this") == 2 and "termkit: warning: 000_" in err  # one a pair, two pairs
