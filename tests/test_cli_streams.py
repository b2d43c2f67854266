"""Data on stdout, messages on stderr, user text printed as it is (no markup), one-line errors, --version."""

from __future__ import annotations

import pytest
from conftest import ROOT

import termkit


@pytest.mark.parametrize("name", ["a:100:b.txt", "[bold]x[/bold].txt", "[red]"])
def test_file_names_are_printed_as_they_are(tk, tmp_path, name):
    code, out, err = tk("ingest", tmp_path / name)
    assert code == 2 and out == "" and err == f"termkit: error: {tmp_path / name}: no such file\n"


def test_ingest_output_is_data_only_and_the_summary_goes_to_stderr(tk):
    code, out, err = tk("ingest", ROOT / "sources" / "004_023b25b2aed6222f.txt")
    assert code == 0 and out.startswith("# 004") and "termkit ingest" not in out and "termkit ingest" in err


def test_help_keeps_square_brackets_and_defaults(tk):
    code, out, _ = tk("glossary", "import", "--help")
    assert code == 0 and "[default: glossary/]" in out and "[detected]" in out


def test_usage_errors_are_one_line_with_a_pointer_to_help(tk):
    code, out, err = tk("align", "--workers", "0", "a", "b")
    assert code == 2 and out == "" and err.count("\n") == 1 and "(see `termkit align --help`)" in err
    code, _, err = tk("no-such-command")
    assert code == 2 and err.count("\n") == 1 and "No such command" in err


def test_version(tk):
    code, out, _ = tk("--version")
    assert code == 0 and out.strip() == f"termkit {termkit.__version__}"


def test_lint_says_which_files_held_nothing_to_check(tk, tmp_path):
    (tmp_path / "header-only.tsv").write_text("src_text\ttgt_text\n", encoding="utf-8")
    code, report, err = tk("lint", tmp_path / "header-only.tsv", cwd=tmp_path)
    assert code == 0 and "in 1 file" in report
    assert f"termkit: warning: {tmp_path / 'header-only.tsv'}: no translation units to check" in err


def test_a_binary_config_file_is_a_one_line_error(tk, tmp_path):
    (tmp_path / "termkit.toml").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "a.tsv").write_text("src_text\ttgt_text\n园区\tthe park\n", encoding="utf-8")
    code, _, err = tk("lint", tmp_path / "a.tsv", "--config", tmp_path / "termkit.toml")
    assert code == 2 and err.count("\n") == 1 and "termkit.toml: looks like a binary file" in err
    assert "Traceback" not in err
