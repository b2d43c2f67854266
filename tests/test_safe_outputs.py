"""Nothing lost: build -o replaces only its own folder, outputs honour the umask, errors name the user's path."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from conftest import ROOT

from termkit.errors import TermkitError
from termkit.fileio import atomic_write, check_writable
from termkit.outdir import MARK, check_output_dir, replacing_dir


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


@pytest.fixture
def umask():
    """Set the umask for one test and put the old one back."""
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)


@pytest.mark.parametrize("mask, file_mode, dir_mode", [(0o022, 0o644, 0o755), (0o077, 0o600, 0o700)])
def test_new_outputs_honour_the_umask(tmp_path, umask, mask, file_mode, dir_mode):
    umask(mask)
    with atomic_write(tmp_path / "new" / "x.tmx") as fh:
        fh.write("x")
    assert _mode(tmp_path / "new" / "x.tmx") == file_mode and _mode(tmp_path / "new") == dir_mode
    with replacing_dir(tmp_path / "aligned") as tmp:
        (tmp / "summary.tsv").write_text("x\n", encoding="utf-8")
    assert _mode(tmp_path / "aligned") == dir_mode


def test_an_overwritten_file_keeps_its_mode(tmp_path, umask):
    umask(0o077)
    p = tmp_path / "shared.tsv"
    p.write_text("old\n", encoding="utf-8")
    p.chmod(0o664)
    with atomic_write(p) as fh:
        fh.write("new\n")
    assert p.read_text(encoding="utf-8") == "new\n" and _mode(p) == 0o664


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path):
    p = tmp_path / "keep.tmx"
    p.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_write(p) as fh:
        fh.write("half")
        raise RuntimeError
    assert p.read_text(encoding="utf-8") == "old" and os.listdir(tmp_path) == ["keep.tmx"]


def test_errors_name_the_users_path_not_a_temp_file(tmp_path):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    with pytest.raises(TermkitError, match=r"a-file/out\.tmx: cannot write here: .*a-file is not a folder"):
        check_writable(tmp_path / "a-file" / "out.tmx")
    with pytest.raises(TermkitError, match=r": is a folder; give a file name"):
        check_writable(tmp_path)


@pytest.mark.parametrize("where, message", [
    (".", "is the project folder"), ("..", "a folder that holds the project"), ("PROJECT", "is the project folder"), ("sources/out", "inside"),
    ("en.txt", "exists and is not a folder"), ("victim", "holds notes.txt, which termkit build did not write"),
])
def test_build_output_folders_that_are_refused(tmp_path, monkeypatch, where, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sources").mkdir()
    (tmp_path / "en.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "victim").mkdir()
    (tmp_path / "victim" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(TermkitError, match=message):
        check_output_dir(tmp_path if where == "PROJECT" else Path(where), tmp_path)


def test_a_build_folder_is_replaced_and_only_its_own_files_go(tmp_path):
    out = tmp_path / "aligned"
    with replacing_dir(out) as tmp:
        (tmp / "a.tsv").write_text("1\n", encoding="utf-8")
        (tmp / "b.tmx").write_text("1\n", encoding="utf-8")
    assert sorted(os.listdir(out)) == [MARK, "a.tsv", "b.tmx"]
    check_output_dir(out, tmp_path)  # its own folder: accepted
    with replacing_dir(out) as tmp:
        (tmp / "a.tsv").write_text("2\n", encoding="utf-8")
    assert sorted(os.listdir(out)) == [MARK, "a.tsv"] and (out / "a.tsv").read_text(encoding="utf-8") == "2\n"
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(TermkitError, match=r"notes\.txt"):
        check_output_dir(out, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["aligned"]  # no temp folders left behind


def test_align_batch_refuses_a_build_folder(tk, tmp_path):
    out = tmp_path / "aligned"
    with replacing_dir(out) as tmp:
        (tmp / "a.tsv").write_text("1\n", encoding="utf-8")
    for side in ("zh", "en"):
        (tmp_path / side).mkdir()
        (tmp_path / side / "a").write_text("一\n", encoding="utf-8")
    code, _, err = tk("align", "--batch", "--presplit", tmp_path / "zh", tmp_path / "en", "-o", out)
    assert code == 2 and err.count("\n") == 1 and "termkit build's output folder" in err, err
    assert sorted(os.listdir(out)) == [MARK, "a.tsv"]


def test_cli_build_onto_a_foreign_folder_leaves_it_intact(tk, tmp_path):
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "notes.txt").write_text("my notes", encoding="utf-8")
    code, out, err = tk("build", "-o", "victim", cwd=tmp_path)
    assert code == 2 and out == "" and err.count("\n") == 1 and "notes.txt" in err
    assert os.listdir(victim) == ["notes.txt"] and (victim / "notes.txt").read_text(encoding="utf-8") == "my notes"
    for where in (".", "sources/manifest.tsv"):
        code, _, err = tk("build", "-o", where, cwd=tmp_path)
        assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert (tmp_path / "sources" / "manifest.tsv").is_file()


@pytest.mark.parametrize("command", [
    ["lint", "ALIGNED", "-g", "GLOSSARY", "-o"], ["glossary", "lint", "GLOSSARY", "-o"],
    ["export", "tmx", "ALIGNED", "-o"], ["glossary", "export", "GLOSSARY", "-o"],
    ["glossary", "suggest", "ALIGNED", "-g", "GLOSSARY", "-o"],
    ["align", "--presplit", "ZH", "EN", "-o"], ["ingest", "ZH", "-o"],
])
def test_every_output_is_checked_before_the_work(tk, tmp_path, command):
    from conftest import TEST_GLOSSARY

    (tmp_path / "zh.txt").write_text("园区面积约3.89平方公里。\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("The park covers about 3.89 square kilometres.\n", encoding="utf-8")
    aligned = tmp_path / "a.tsv"
    aligned.write_text("src_text\ttgt_text\n园区\tthe park\n", encoding="utf-8")
    blocker = tmp_path / "a-file"
    blocker.write_text("mine", encoding="utf-8")
    names = {"ALIGNED": aligned, "GLOSSARY": TEST_GLOSSARY, "ZH": tmp_path / "zh.txt", "EN": tmp_path / "en.txt"}
    code, out, err = tk(*[names.get(a, a) for a in command], blocker / "out.x")
    assert code == 2 and out == "" and err.count("\n") == 1 and "cannot write here" in err and "a-file is not a folder" in err, err
    assert blocker.read_text(encoding="utf-8") == "mine"
