"""Batch alignment throughput: the local pool against Dask, for 1 and 2 workers, against a serial baseline.

Run: ``.venv/bin/python benchmarks/batch_scale.py [--pairs 200] [--only pool-1,pool-2]``
The six MAC-Dev chapters (zh→en, presplit) are cut along their gold beads into ``--pairs`` document pairs of
consecutive sentences (a news archive's many short pairs, not six long ones). Each configuration runs
``termkit align --batch`` on them in a fresh child process:
- ``pool-1``: one process, no workers: the serial baseline, measured in the same run;
- ``pool-N``: the local pool of N spawned workers;
- ``local-N``: ``--scheduler local``, a LocalCluster of N worker processes started by termkit;
- ``dask-cli-N``: a scheduler and N workers started with Dask's CLI on 127.0.0.1 beforehand (their start-up
  is not timed), joined with ``--scheduler tcp://127.0.0.1:PORT``.
Wall time includes start-up (interpreters, worker warm-up): what a user waits for. Peak MB is the largest
single process among termkit and its workers (``ru_maxrss``); for dask-cli it is the Dask worker's own.
Every configuration's files are compared byte for byte with the baseline's.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import Measured, data_dir, print_table, read_lines, run_measured

CONFIGS = ("pool-1", "pool-2", "local-1", "local-2", "dask-cli-1", "dask-cli-2")


def cut_pairs(folder: Path, n_pairs: int, into: Path) -> int:
    """Write ``n_pairs`` zh/en file pairs into ``into/zh`` and ``into/en``, split along gold beads; sentences."""
    from termkit.formats.ladder import read_ladder

    chapters = sorted(p.name for p in (folder / "gold").glob("*.align"))
    beads = {c.removesuffix(".align"): read_ladder(folder / "gold" / c) for c in chapters}
    total = sum(len(b) for b in beads.values())
    shares = {c: max(1, round(n_pairs * len(b) / total)) for c, b in beads.items()}
    last = chapters[-1].removesuffix(".align")
    shares[last] += n_pairs - sum(shares.values())
    (into / "zh").mkdir(parents=True)
    (into / "en").mkdir()
    n_sentences = 0
    for chapter, ladder in beads.items():
        zh, en = read_lines(folder / "zh" / chapter), read_lines(folder / "en" / chapter)
        k = shares[chapter]
        for i in range(k):
            part = ladder[len(ladder) * i // k: len(ladder) * (i + 1) // k]
            src = [zh[j] for s, _ in part for j in s]
            tgt = [en[j] for _, t in part for j in t]
            (into / "zh" / f"{chapter}-{i:03}").write_text("\n".join(src) + "\n", encoding="utf-8")
            (into / "en" / f"{chapter}-{i:03}").write_text("\n".join(tgt) + "\n", encoding="utf-8")
            n_sentences += len(src)
    return n_sentences


def start_dask_cli(workers: int, tmp: Path) -> tuple[subprocess.Popen, subprocess.Popen, str]:
    """A scheduler and ``workers`` single-threaded worker processes on 127.0.0.1, ready; their address."""
    dask = Path(sys.executable).with_name("dask")
    info = tmp / f"scheduler-{workers}.json"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                  "--scheduler-file", info], **quiet)
    env = {**os.environ, **{k: "1" for k in ("POLARS_MAX_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")}}
    worker = subprocess.Popen([dask, "worker", "--scheduler-file", info, "--nworkers", str(workers),
                               "--nthreads", "1", "--no-dashboard"], env=env, **quiet)
    from distributed import Client

    while not info.exists():
        time.sleep(0.1)
    address = json.loads(info.read_text())["address"]
    with Client(address) as client:
        client.wait_for_workers(workers, timeout=120)
    return scheduler, worker, address


def stop(proc: subprocess.Popen) -> float:
    """Stop a Dask CLI process; its peak RSS in MB (with the worker processes its nannies started)."""
    proc.send_signal(signal.SIGTERM)
    _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=200, help="document pairs to cut [200]")
    parser.add_argument("--only", help=f"comma-separated configurations [{','.join(CONFIGS)}]")
    args = parser.parse_args()
    configs = args.only.split(",") if args.only else list(CONFIGS)
    folder = data_dir("mac-dev")
    termkit = [sys.executable, "-m", "termkit", "align", "--batch", "--presplit", "--src-lang", "zh",
               "--tgt-lang", "en"]
    with tempfile.TemporaryDirectory(prefix="termkit-batch-scale-") as name:
        tmp = Path(name)
        n_sentences = cut_pairs(folder, args.pairs, tmp / "in")
        measured: dict[str, tuple[Measured, float | None]] = {}
        for config in ["pool-1", *(c for c in configs if c != "pool-1")]:
            kind, n = config.rsplit("-", 1)
            out = tmp / config
            argv = [*termkit, "--workers", n, tmp / "in" / "zh", tmp / "in" / "en", "-o", out]
            worker_mb = None
            if kind == "pool":
                m = run_measured([str(a) for a in argv])
            elif kind == "local":
                m = run_measured([str(a) for a in [*argv, "--scheduler", "local"]])
            else:
                scheduler, worker, address = start_dask_cli(int(n), tmp)
                try:
                    m = run_measured([str(a) for a in [*argv, "--scheduler", address]])
                finally:
                    worker_mb = stop(worker)
                    stop(scheduler)
            if m.returncode != 0:
                raise SystemExit(f"{config} failed (exit {m.returncode})")
            files = sorted(p.name for p in (tmp / "pool-1").glob("*.align"))
            same = filecmp.cmpfiles(tmp / "pool-1", out, files, shallow=False)[0]
            if len(same) != len(files) or len(files) != args.pairs:
                raise SystemExit(f"{config}: {args.pairs - len(same)} files differ from the serial run's")
            measured[config] = (m, worker_mb)
    base = measured["pool-1"][0].wall_s
    rows = []
    for config, (m, worker_mb) in measured.items():
        label = "pool-1 (serial baseline)" if config == "pool-1" else config
        rows.append([label, f"{m.wall_s:.1f}", f"{m.cpu_s:.1f}", f"{args.pairs / m.wall_s:.1f}",
                     f"{base / m.wall_s:.2f}×", f"{worker_mb if worker_mb is not None else m.peak_mb:.0f}"])
    print_table(f"align --batch, {args.pairs} MAC-Dev pairs ({n_sentences} zh sentences), {os.cpu_count()} cores",
                ["configuration", "wall s", "CPU s", "pairs/s", "speed-up", "peak MB/process"], rows)


if __name__ == "__main__":
    main()
