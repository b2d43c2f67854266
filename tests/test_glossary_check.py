"""`termkit glossary lint` checks: each problem found with file and line; the shipped glossary is clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from termkit.errors import TermkitError
from termkit.terms.check import check_glossary, load_checked_glossary

ROOT = Path(__file__).resolve().parents[1]
HEADER = "concept_id\tsource\tlang\tscript\tterm\tstatus\n"


def rules_of(tmp_path: Path, body: str, extra: dict[str, str] | None = None) -> list[tuple[str, int | None, str]]:
    (tmp_path / "a.tsv").write_text(HEADER + body, encoding="utf-8")
    for name, text in (extra or {}).items():
        (tmp_path / name).write_text(HEADER + text, encoding="utf-8")
    f = check_glossary(tmp_path)
    return [(r["rule"], r["line"], r["severity"]) for r in f.iter_rows(named=True)]


def test_shipped_glossary_has_no_errors():
    f = check_glossary(ROOT / "glossary")
    assert f.filter(f["severity"] == "error").height == 0, f.to_dicts()


def test_clean_concept_passes(tmp_path):
    assert rules_of(tmp_path, "c\tsrc\tzh\t\t深圳河\tpreferred\nc\t\ten\t\tShenzhen River\tpreferred\n") == []


def test_each_problem_is_reported_at_its_line(tmp_path):
    body = ("c1\tsrc\tzh\t\t深圳河\tpreferred\n"        # 2
            "c1\t\ten\t\tShenzhen River\tpreferred\n"   # 3
            "c1\t\ten\t\tShenzhen  river\tadmitted\n"   # 4 duplicate term (same words)
            "c2\tsrc\tzh\t\t一区两园\tpreferred\n"      # 5
            "c2\t\ten\t\tShenzhen River\tdeprecated\n"  # 6 preferred in c1, deprecated here
            "c3\tsrc\ten\t\tlonely\tpreferred\n"        # 7 no zh term
            "c4\t\tzh\t\t里面\tpreferred\n"             # 8 no source anywhere in c4
            "c4\t\tzh\tzh-Hant\t入面\tpreferred\n"      # 9 disagrees with OpenCC
            "c4\t\ten\t\tinside\tadmitted\n"            # 10 no preferred en
            "c1\t\ten\t\tagain\tadmitted\n"             # 11 c1 again after other concepts
            "c5\tsrc\ten\n")                            # 12 malformed
    got = rules_of(tmp_path, body)
    assert ("glossary-duplicate-term", 4, "error") in got
    assert ("glossary-status-conflict", 6, "error") in got
    assert ("glossary-missing-language", 7, "error") in got
    assert ("glossary-no-source", 8, "warning") in got
    assert ("glossary-script-mismatch", 9, "warning") in got
    assert ("glossary-no-preferred", 8, "warning") in got
    assert ("glossary-duplicate-concept", 11, "error") in got
    assert ("glossary-malformed", 12, "error") in got


def test_concept_split_across_files_is_a_duplicate(tmp_path):
    got = rules_of(tmp_path, "c\tsrc\tzh\t\t深圳河\tpreferred\nc\t\ten\t\tShenzhen River\tpreferred\n",
                   {"b.tsv": "c\tsrc\ten\t\tRiver Shenzhen\tadmitted\n"})
    assert [r for r in got if r[0] == "glossary-duplicate-concept"] == [("glossary-duplicate-concept", 2, "error")]


def test_load_checked_glossary_refuses_what_glossary_lint_reports_as_error(tmp_path):
    (tmp_path / "a.tsv").write_text(HEADER + "c\tsrc\tzh\t\t深圳河\tpreferred\nc\t\ten\t\tShenzhen River\tpreferred\n"
                                    "d\tsrc\tzh\t\t前海\tpreferred\nd\t\ten\t\tQianhai\tpreferred\n"
                                    "c\tsrc\tzh\t\t深港\tpreferred\nc\t\ten\t\tShenzhen-Hong Kong\tpreferred\n",
                                    encoding="utf-8")
    [finding] = check_glossary(tmp_path).to_dicts()
    with pytest.raises(TermkitError) as err:
        load_checked_glossary(tmp_path)
    assert str(err.value) == f"{finding['file']}:{finding['line']}: {finding['message']} [{finding['rule']}]"


def test_load_checked_glossary_takes_a_glossary_with_warnings_only(tmp_path):
    (tmp_path / "a.tsv").write_text(HEADER + "c\t\tzh\t\t深圳河\tpreferred\nc\t\ten\t\tShenzhen River\tpreferred\n",
                                    encoding="utf-8")
    assert check_glossary(tmp_path)["rule"].to_list() == ["glossary-no-source"]
    assert load_checked_glossary(tmp_path)["concept_id"].to_list() == ["c", "c"]
