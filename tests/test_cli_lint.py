"""`termkit lint` and `termkit glossary lint` as a user and a CI job run them."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from conftest import TEST_GLOSSARY, run_cli

from termkit.formats.tsv import write_alignments_tsv
from termkit.tables import ALIGNMENTS

# Sentences of the bundled corpus (002, Wen Wei Po, zh-Hant) and the English coverage (004).
PAIRS = [
    ("香港特別行政區政府政務司司長陳國基5日在國新辦發布會上表示，香港特區政府會繼續積極跟深圳合作，"
     "推動河套深港科技創新合作區在「一國兩制」下「一區兩園」的優勢。",
     "Chen Guoji, Chief Secretary for Administration of the Hong Kong Special Administrative Region Government, said "
     "that the Hong Kong Special Administrative Region Government will continue to actively cooperate with Shenzhen, "
     'give full play to the advantages of "one district, two parks" under the "one country, two systems" of the '
     "Hetao Shenzhen-Hong Kong Science and Technology Innovation Cooperation Zone."),
    ("國務院上周印發《河套深港科技創新合作區深圳園區發展規劃》。",
     'A few days ago, the State Council issued the "Development Plan for the Shenzhen Park of the Hetao '
     'Shenzhen-Hong Kong Science and Technology Innovation Cooperation Zone".'),
]


@pytest.fixture(scope="module")
def aligned(tmp_path_factory) -> Path:
    """A folder shaped like build's aligned/: an alignment table, its TMX twin, and a non-bilingual table."""
    out = tmp_path_factory.mktemp("aligned")
    df = pl.DataFrame([{"tuid": f"002-004-{i}", "src_doc": "002", "tgt_doc": "004", "src_ids": [i], "tgt_ids": [i],
                        "src_lang": "zh-Hant", "tgt_lang": "en", "src_text": s, "tgt_text": t, "score": 0.4,
                        "mode": "comparable"} for i, (s, t) in enumerate(PAIRS)], schema=ALIGNMENTS)
    write_alignments_tsv(df, out / "002-004.alignments.tsv")
    (out / "002-004.tmx").write_text("<not even xml", encoding="utf-8")  # skipped: the TSV twin is checked
    (out / "documents.tsv").write_text("doc_id\tfile\n002\t002.txt\n", encoding="utf-8")
    return out


def test_lint_reports_the_bundled_deprecated_renderings(aligned):
    r = run_cli("lint", str(aligned), "--glossary", str(TEST_GLOSSARY))
    assert r.returncode == 1, r.stderr
    assert "error: deprecated rendering “Chen Guoji” of 陈国基 (eric-chan); write “Eric Chan Kwok-ki” [term-deprecated]" in r.stdout
    assert "“one district, two parks”" in r.stdout and "002-004.alignments.tsv:2 [002-004-0]" in r.stdout
    assert r.stdout.rstrip().endswith("in 1 file")


def test_lint_machine_formats(aligned):
    r = run_cli("lint", str(aligned), "-f", "sarif", "--fail-on", "never")
    assert r.returncode == 0
    results = json.loads(r.stdout)["runs"][0]["results"]
    assert {x["properties"]["term"] for x in results if x["ruleId"] == "term-deprecated"} == {
        "Chen Guoji", "one district, two parks"}
    r = run_cli("lint", str(aligned / "002-004.alignments.tsv"), "-f", "github")
    assert r.returncode == 1
    assert any(line.startswith("::error file=") and ",line=2,title=term-deprecated::" in line
               for line in r.stdout.splitlines())


def test_lint_config_and_clean_exit(aligned, tmp_path):
    cfg = tmp_path / "termkit.toml"
    cfg.write_text('[lint]\nfail-on = "warning"\n[lint.severity]\nterm-deprecated = "off"\n', encoding="utf-8")
    r = run_cli("lint", str(aligned), "--config", str(cfg), "-f", "json")
    doc = json.loads(r.stdout)
    assert "term-deprecated" not in {f["rule"] for f in doc["findings"]}
    assert r.returncode == (1 if doc["summary"]["warning"] or doc["summary"]["error"] else 0)
    clean = tmp_path / "clean.tsv"
    clean.write_text("src_text\ttgt_text\tsrc_lang\ttgt_lang\n陈国基出席。\tEric Chan Kwok-ki attended.\tzh-Hans\ten\n",
                     encoding="utf-8")
    r = run_cli("lint", str(clean))
    assert r.returncode == 0 and "0 findings" in r.stdout


def test_lint_catches_the_typical_faults_of_a_translation_memory(tmp_path):
    """The faults a new user tries first (issue 14): each one reported by its rule; a custom check from termkit.toml."""
    rows = [("会议开始。", ""), ("会议结束。", "会议结束。"), ("点击<b>保存</b>", "Click Save"),
            ("详见 www.gov.hk。", "See www.gov.cn."), ("他说：「走吧。」", '"Let us go.'),
            ("他走了。", "He  left."), ("他们走了。", "They they left."), ("你去吗？", "You are going."),
            ("2025年", "In ２０２５."), ("型号X5", "Model X6."), ("ok。", "Fine. termkit-ignore: end-punctuation, width")]
    table = tmp_path / "tm.tsv"
    table.write_text("src_text\ttgt_text\tsrc_lang\ttgt_lang\n" + "".join(f"{s}\t{t}\tzh-Hans\ten\n" for s, t in rows),
                     encoding="utf-8")
    cfg = tmp_path / "termkit.toml"
    cfg.write_text("[lint]\n[[lint.custom]]\nname = 'model'\nsource = '型号([A-Z0-9]+)'\ntarget = '(?i)model \\1'\n"
                   "message = 'model number changed'\nseverity = 'error'\n", encoding="utf-8")
    r = run_cli("lint", str(table), "--config", str(cfg), "-f", "json", "--glossary", str(TEST_GLOSSARY))
    assert r.returncode == 1, r.stderr
    got = {(f["line"], f["rule"]) for f in json.loads(r.stdout)["findings"]}
    assert {(2, "untranslated"), (3, "same-as-source"), (4, "tags"), (5, "urls-emails"), (6, "brackets-quotes"),
            (7, "whitespace"), (8, "repeated-word"), (9, "end-punctuation"), (10, "width"), (11, "custom")} <= got
    assert not {rule for line, rule in got if line == 12}
    r = run_cli("lint", "--list-rules", "--config", str(cfg))
    assert r.returncode == 0 and "end-punctuation" in r.stdout and "custom" in r.stdout


@pytest.mark.parametrize("args, message", [
    (("lint", "no/such/dir"), "no/such/dir: no such file or folder"),
    (("lint",), "give the files or directories to check"),
    (("lint", "glossary", "--format", "xml"), "--format must be one of"),
    (("lint", "sources/manifest.tsv"), "manifest.tsv:1: not an aligned table"),
    (("glossary", "lint", "nowhere"), "no such glossary"),
])
def test_usage_and_input_errors_exit_2(args, message):
    r = run_cli(*args)
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr


def test_a_report_written_to_a_file_is_said_on_stderr(aligned, tmp_path):
    report = tmp_path / "report.json"
    r = run_cli("lint", str(aligned), "-f", "json", "-o", str(report), "--fail-on", "never")
    found = len(json.loads(report.read_text(encoding="utf-8"))["findings"])
    assert r.returncode == 0 and r.stdout == "" and found
    assert r.stderr == f"wrote {found} findings to {report}\n"
    r = run_cli("glossary", "lint", str(TEST_GLOSSARY), "-o", str(tmp_path / "g.txt"))
    assert r.returncode == 0 and r.stdout == "" and r.stderr == f"wrote 0 findings to {tmp_path / 'g.txt'}\n"


def test_glossary_lint_cli(tmp_path):
    r = run_cli("glossary", "lint", str(TEST_GLOSSARY))
    assert r.returncode == 0, r.stdout
    bad = tmp_path / "g.tsv"
    bad.write_text("concept_id\tlang\tterm\tstatus\nc\tzh\t深圳河\tpreferred\nc\ten\tShenzhen River\tgood\n",
                   encoding="utf-8")
    r = run_cli("glossary", "lint", str(bad), "-f", "github")
    assert r.returncode == 1
    assert r.stdout.startswith("::error file=") and ",line=3,title=glossary-malformed::unknown status" in r.stdout


GLOSSARY_HEADER = "concept_id\tsource\tlang\tterm\tstatus\n"


@pytest.mark.parametrize("rows", [
    # one id for two concepts, apart: merged, they would make "Shenzhen River" an inconsistent rendering
    "c\tsrc\tzh\t深圳河\tpreferred\nc\t\ten\tShenzhen River\tpreferred\nd\tsrc\tzh\t前海\tpreferred\n"
    "d\t\ten\tQianhai\tpreferred\nc\tsrc\tzh\t深港\tpreferred\nc\t\ten\tShenzhen-Hong Kong\tpreferred\n",
    # three errors: no Chinese term, and one rendering twice, preferred and deprecated
    "z\tsrc\ten\tShenzhen Park\tpreferred\nz\t\ten\tShenzhen park\tdeprecated\n",
    # a Traditional term tagged Simplified, a Chinese term under en
    "z\tsrc\tzh-Hans\t深圳園區\tpreferred\nz\t\ten\t一区两园\tpreferred\nz\t\ten\tShenzhen Park\tadmitted\n",
], ids=["duplicate-concept", "no-chinese-term", "wrong-script"])
def test_lint_refuses_the_glossary_glossary_lint_refuses(aligned, tmp_path, rows):
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "a.tsv").write_text(GLOSSARY_HEADER + rows, encoding="utf-8")
    checked = run_cli("glossary", "lint", "glossary", cwd=tmp_path)
    assert checked.returncode == 1, checked.stdout
    errors = [line for line in checked.stdout.splitlines() if ": error: " in line]
    more = f" (and {len(errors) - 1} more; run `termkit glossary lint glossary`)" if len(errors) > 1 else ""
    for args in (("-g", "glossary"), ()):  # given, and found in the working directory
        r = run_cli("lint", str(aligned), *args, cwd=tmp_path)
        assert (r.returncode, r.stdout) == (2, "")
        assert r.stderr == "termkit: error: " + errors[0].replace(": error: ", ": ", 1) + more + "\n"


def test_glossary_lint_cli_reports_wrong_script_rows(tmp_path):
    g = tmp_path / "g.tsv"
    g.write_text(GLOSSARY_HEADER + "z\tsrc\tzh-Hans\t深圳園區\tpreferred\nz\t\ten\t一区两园\tpreferred\n"
                 "z\t\tzh\tShenzhen Park\tadmitted\nz\t\tzh-HK\t深圳园区\tadmitted\nz\t\ten\tShenzhen Park\tpreferred\n",
                 encoding="utf-8")
    r = run_cli("glossary", "lint", str(g))
    assert r.returncode == 1
    assert (f"{g}:2: error: '深圳園區' is tagged zh-Hans but written in Traditional script (園 區); "
            "Simplified: 深圳园区 [glossary-wrong-variant]") in r.stdout
    assert f"{g}:3: error: '一区两园' is tagged en but written in Chinese characters" in r.stdout
    assert f"{g}:4: error: 'Shenzhen Park' is tagged zh but has no Chinese characters" in r.stdout
    assert f"{g}:5: error: '深圳园区' is tagged zh-Hant but written in Simplified script" in r.stdout
    assert "    fix: 深圳園區" in r.stdout
