"""``align --batch``: the journal behind ``--resume``, the local pool's order, and Dask giving the same files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import interrupt_when_one_is_written

from termkit.batch import AlignOptions, batch_jobs, largest_first, plan_batch, resume_plan, run_jobs
from termkit.checkpoint import JOURNAL, Journal, options_digest, pair_key, read_journal
from termkit.formats.ladder import read_ladder

ZH = ["园区面积约3.89平方公里。", "这只是第一步。", "国务院印发了规划。", "科技部将支持园区建设。"]
EN = ["The park covers about 3.89 square kilometres.", "This is only the first step.",
      "The State Council has issued the plan.", "The ministry will support the park."]


def _folders(tmp_path: Path, names: list[str]) -> tuple[Path, Path]:
    for side, lines in (("zh", ZH), ("en", EN)):
        (tmp_path / side).mkdir()
        for i, name in enumerate(names):
            (tmp_path / side / name).write_text("\n".join(lines[: 2 + i % 3]) + "\n", encoding="utf-8")
    return tmp_path / "zh", tmp_path / "en"


def _batch(tk, zh: Path, en: Path, out: Path, *extra: str) -> tuple[int, str]:
    code, _, err = tk("align", "--batch", "--presplit", "--src-lang", "zh", "--tgt-lang", "en", *extra, zh, en,
                      "-o", out)
    return code, err


def test_resume_skips_what_is_up_to_date_and_redoes_the_rest(tk, tmp_path):
    zh, en = _folders(tmp_path, ["a", "b", "c", "d"])
    out = tmp_path / "out"
    code, err = _batch(tk, zh, en, out)
    assert code == 0 and "4 pairs: 4 aligned, 0 up to date (skipped), 0 failed" in err, err
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    code, err = _batch(tk, zh, en, out, "--resume")
    assert code == 0 and "4 pairs: 0 aligned, 4 up to date (skipped), 0 failed" in err, err
    (en / "a").write_text("\n".join(EN) + "\n", encoding="utf-8")  # a changed input
    (out / "b.align").write_text("0:0\n", encoding="utf-8")  # an edited (or half-written) output
    (out / "c.align").unlink()  # a missing output
    code, err = _batch(tk, zh, en, out, "--resume")
    assert code == 0 and "4 pairs: 3 aligned, 1 up to date (skipped), 0 failed" in err, err
    assert (out / "b.align").read_bytes() == first["b.align"] and (out / "c.align").read_bytes() == first["c.align"]
    code, err = _batch(tk, zh, en, out, "--resume", "--mode", "comparable")  # other options: all again
    assert code == 0 and "4 aligned, 0 up to date" in err, err
    code, err = _batch(tk, zh, en, out)  # without --resume everything is aligned again
    assert code == 0 and "4 aligned, 0 up to date" in err, err


def test_a_failed_pair_is_not_recorded_and_is_retried(tk, tmp_path):
    zh, en = _folders(tmp_path, ["a", "b"])
    (en / "b").write_text("   \n", encoding="utf-8")
    out = tmp_path / "out"
    code, err = _batch(tk, zh, en, out)
    assert code == 2 and "2 pairs: 1 aligned, 0 up to date (skipped), 1 failed" in err and "1 of 2 pairs failed: b" in err
    assert set(read_journal(out)) == {"a"}
    (en / "b").write_text("\n".join(EN[:2]) + "\n", encoding="utf-8")
    code, err = _batch(tk, zh, en, out, "--resume")
    assert code == 0 and "2 pairs: 1 aligned, 1 up to date (skipped), 0 failed" in err, err


def test_the_journal_survives_a_torn_last_line(tmp_path):
    out = tmp_path / "out.align"
    out.write_text("0:0\n")
    with Journal(tmp_path) as journal:
        journal.record("a", "k1", out, (1, 1, 1, 0.5))
        journal.record("never", "", out, (1, 1, 1, 0.5))  # inputs unreadable: nothing to record
    with (tmp_path / JOURNAL).open("a") as fh:
        fh.write('{"name": "b", "key"')  # a run killed mid-write
    with Journal(tmp_path) as journal:
        journal.record("c", "k3", out, (2, 2, 2, 0.25))
    entries = read_journal(tmp_path)
    assert sorted(entries) == ["a", "c"] and entries["c"].counts == (2, 2, 2, 0.25)
    lines = (tmp_path / JOURNAL).read_text().splitlines()
    assert len(lines) == 3 and json.loads(lines[2])["name"] == "c"


def test_pair_keys_follow_the_bytes_and_the_options(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_text("x\n")
    b.write_text("y\n")
    opts = options_digest(AlignOptions())
    assert pair_key(a, b, opts) == pair_key(a, b, opts) != pair_key(b, a, opts)
    assert pair_key(a, b, opts) != pair_key(a, b, options_digest(AlignOptions(mode="comparable")))
    assert pair_key(a, tmp_path / "missing", opts) == ""
    assert pair_key(a, b, opts, "0.1.0") != pair_key(a, b, opts, "0.2.0")  # another release redoes the pair


@pytest.mark.slow  # starts worker processes
def test_the_pool_takes_the_largest_pairs_first_and_gives_every_outcome(tmp_path):
    zh, en = _folders(tmp_path, ["a", "b", "c"])  # a: 2 lines, b: 3, c: 4
    jobs = batch_jobs(plan_batch(zh, en)[0], tmp_path / "out", AlignOptions("zh", "en", presplit=True))
    assert [j[0] for j in largest_first(jobs)] == ["c", "b", "a"]
    assert resume_plan(jobs, tmp_path / "out", resume=True).todo == jobs
    outcomes = dict(run_jobs(jobs, workers=1))  # in this process (the CLI tests spawn workers)
    assert sorted(outcomes) == ["a", "b", "c"] and [outcomes[n][:2] for n in "abc"] == [(2, 2), (3, 3), (4, 4)]


@pytest.mark.slow  # starts worker processes
def test_a_local_dask_cluster_writes_the_same_files_as_the_local_run(tk, tmp_path):
    pytest.importorskip("distributed", reason="Dask's distributed scheduler (termkit[cluster]) is not installed")
    zh, en = _folders(tmp_path, ["a", "b", "c"])
    (en / "d").write_text("   \n", encoding="utf-8")
    (zh / "d").write_text("\n".join(ZH) + "\n", encoding="utf-8")
    here, there = tmp_path / "local", tmp_path / "dask"
    code, err = _batch(tk, zh, en, here, "-f", "tsv")
    assert code == 2 and "1 of 4 pairs failed: d" in err, err
    code, err = _batch(tk, zh, en, there, "-f", "tsv", "--scheduler", "local", "--workers", "2")
    assert code == 2 and "1 of 4 pairs failed: d" in err and "en/d: file is empty" in err, err
    files = sorted(p.name for p in here.iterdir())
    assert files == sorted(p.name for p in there.iterdir()) and len(files) == 4  # three outputs and the journal
    assert all((here / n).read_bytes() == (there / n).read_bytes() for n in files if n != JOURNAL)
    assert read_journal(here) == read_journal(there)


def test_scheduler_values_are_checked(tk, tmp_path):
    zh, en = _folders(tmp_path, ["a"])
    code, err = _batch(tk, zh, en, tmp_path / "out", "--scheduler", "somewhere")
    assert code == 2 and "give 'local' or an address" in err and err.count("\n") == 1, err
    code, _, err = tk("align", "--resume", zh / "a", en / "a")
    assert code == 2 and "are for --batch" in err


@pytest.mark.slow  # starts worker processes
def test_ctrl_c_on_a_local_dask_cluster_is_one_line_and_keeps_whole_files(tmp_path):
    pytest.importorskip("distributed", reason="Dask's distributed scheduler (termkit[cluster]) is not installed")
    for side, lines in (("zh", ZH), ("en", EN)):
        (tmp_path / side).mkdir()
        for i in range(40):
            (tmp_path / side / f"{i:03}").write_text("\n".join(lines * 40) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    done = interrupt_when_one_is_written(["align", "--batch", "--presplit", "--scheduler", "local", "-j", "2",
                                          tmp_path / "zh", tmp_path / "en", "-o", out], out)
    err = done.stderr
    assert done.returncode == 130, err
    assert err.strip().splitlines()[-1] == "termkit: error: interrupted" and "Traceback" not in err, err
    names = [p.name for p in out.iterdir() if p.name != JOURNAL]
    assert names and all(n.endswith(".align") and not n.startswith(".") for n in names), names
    assert all(read_ladder(out / n) for n in names)


def test_a_worker_whose_exit_is_swallowed_still_stops(tmp_path):
    """SIGTERM's SystemExit raised inside a C callback is printed and dropped (numba's compiler makes such
    callbacks); the worker must stop anyway, or Pool.terminate waits for ever."""
    import subprocess
    import sys
    import time

    script = ("import signal, time\n"
              "from termkit.batch import _stop\n"
              "signal.signal(signal.SIGTERM, _stop)\n"
              "print('ready', flush=True)\n"
              "while True:\n"
              "    try:\n"
              "        time.sleep(0.05)\n"
              "    except BaseException:\n"
              "        pass  # what a C callback does with an exception raised in it\n")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    start = time.monotonic()
    proc.terminate()
    assert proc.wait(timeout=10) == 1
    assert time.monotonic() - start < 5
