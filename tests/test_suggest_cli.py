"""``termkit glossary suggest`` end to end, as a user runs it."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT, TEST_GLOSSARY, run_cli, shared_path
from test_suggest import TEMPLATES, TERMS

from termkit.formats.tsv import write_alignments_tsv
from termkit.tables import ALIGNMENTS
from termkit.terms import load_glossary
from termkit.terms.store import COLUMNS

GLOSSARY = """concept_id\tsubject\tdefinition\tsource\tlang\tscript\tterm\tstatus\tterm_type\tpos\tcase_sensitive\tnote
one-zone-two-parks\tzone\t\t\tzh\t\t一区两园\tpreferred\tfullForm\tnoun\t\t
one-zone-two-parks\t\t\t\ten\t\tone zone, two parks\tpreferred\tfullForm\tnoun\t\t
one-zone-two-parks\t\t\t\ten\t\tone district, two parks\tdeprecated\tfullForm\tnoun\t\t
customs\tpolicy\t\t\tzh\t\t海关\tpreferred\t\tnoun\t\t
customs\t\t\t\ten\t\tcustoms\tpreferred\t\tnoun\t\t
"""


def make_project(tmp_path: Path) -> Path:
    import polars as pl

    pairs = [(zt.format(zh=zh), et.format(en=en)) for zh, en in TERMS for zt, et in TEMPLATES]
    pairs += [("一區兩園很重要。", 'The "one district, two parks" plan matters.')]
    n = len(pairs)
    df = pl.DataFrame({"tuid": [f"000-004-{i + 1}" for i in range(n)], "src_doc": ["000"] * n,
                       "tgt_doc": ["004"] * n, "src_ids": [[i] for i in range(n)], "tgt_ids": [[i] for i in range(n)],
                       "src_lang": ["zh-Hans"] * n, "tgt_lang": ["en"] * n, "src_text": [z for z, _ in pairs],
                       "tgt_text": [e for _, e in pairs], "score": [0.9] * n, "mode": ["parallel"] * n},
                      schema=ALIGNMENTS)
    (tmp_path / "aligned").mkdir()
    write_alignments_tsv(df, tmp_path / "aligned" / "000-004.alignments.tsv")
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "g.tsv").write_text(GLOSSARY, encoding="utf-8")
    return tmp_path


def test_suggest_writes_candidates_in_glossary_columns_and_flags_deprecated(tmp_path: Path):
    project = make_project(tmp_path)
    r = run_cli("glossary", "suggest", "aligned", "-o", "candidates.tsv", "--top", "5", "--min-count", "3",
                cwd=project)
    assert r.returncode == 0, r.stderr
    assert "one district, two parks" in r.stderr and "one zone, two parks" in r.stderr
    lines = (project / "candidates.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[1].split("\t")
    assert header[:len(COLUMNS)] == list(COLUMNS)
    assert {"joint_count", "llr", "example_unit", "example_zh", "example_en"} <= set(header)
    rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[2:]]
    candidates = [r for r in rows if r["status"] == "candidate"]
    terms = {(r["lang"], r["term"]) for r in candidates}
    assert ("zh", "科技园区") in terms and ("en", "science park") in terms
    assert ("en", "customs") not in terms  # the glossary has it already
    flagged = [r for r in rows if r["flag"]]
    assert flagged and flagged[0]["term"] == "one district, two parks" and flagged[0]["status"] == "deprecated"
    assert all(r["example_unit"].startswith("000-004-") for r in rows)
    # accepting a candidate = moving its glossary cells: they load as a glossary
    accepted = tmp_path / "accepted.tsv"
    accepted.write_text("\n".join(["\t".join(COLUMNS)] + ["\t".join(line.split("\t")[:len(COLUMNS)])
                                                          for line in lines[2:6]]) + "\n", encoding="utf-8")
    concepts = load_glossary(accepted)
    assert set(concepts["status"]) == {"candidate"} and concepts.height == 4


def test_suggest_prints_a_table_and_checks_against_the_shipped_glossary(tmp_path: Path):
    project = make_project(tmp_path)
    r = run_cli("glossary", "suggest", "aligned/000-004.alignments.tsv", "--glossary", str(TEST_GLOSSARY),
                cwd=project)
    assert r.returncode == 0, r.stderr
    assert "science park" in r.stdout and "candidates from" in r.stdout
    assert "one district, two parks" in r.stderr and "one zone, two parks" in r.stderr


def test_suggest_bad_input_is_one_line_error(tmp_path: Path):
    r = run_cli("glossary", "suggest", "nothing.tsv", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.startswith("termkit: error:") and "nothing.tsv" in r.stderr
    assert "Traceback" not in r.stderr
    (tmp_path / "aligned").mkdir()
    r = run_cli("glossary", "suggest", "aligned", "--glossary", "no-such-glossary", cwd=tmp_path)
    assert r.returncode == 2 and "termkit: error:" in r.stderr


def test_suggest_on_gold_ladders_of_a_novel():
    ladder = shared_path("data", "mac-dev", "gold", "001.align")
    r = run_cli("glossary", "suggest", str(ladder), "--top", "15", "--glossary", str(TEST_GLOSSARY))
    assert r.returncode == 0, r.stderr
    assert "陈清扬" in r.stdout and "Chen Qingyang" in r.stdout and "pinyin" in r.stdout


def test_bundled_corpus_flags_deprecated_renderings_and_proposes_no_glossary_fragments(tmp_path: Path):
    import shutil

    for folder in ("sources", "glossary"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    assert run_cli("build", cwd=tmp_path).returncode == 0
    r = run_cli("glossary", "suggest", "aligned", "-o", "candidates.tsv", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "'one district, two parks'" in r.stderr and "'Chen Guoji'" in r.stderr
    rows = [line.split("\t") for line in (tmp_path / "candidates.tsv").read_text(encoding="utf-8").splitlines()[2:]]
    proposed = {row[6] for row in rows if row[7] == "candidate"}
    # 深港科技创新 ↔ "Shenzhen-Hong Kong Science and Technology" is only a piece of the glossary's Hetao zone
    assert not proposed & {"深港科技創新", "深港科技创新", "Shenzhen-Hong Kong Science and Technology"}
