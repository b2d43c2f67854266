"""TMX export and re-import at scale: wall time and peak memory each way, against a plain-TSV baseline.

Targets (issue 5): 1,000,000 units, ≤ 60 s and ≤ 500 MB peak each way. Each phase runs in a fresh
process, so peaks do not mix; the table shows the phase's own time, the process's peak RSS, and the
peak above what the process held before the phase began.

- ``export-cli`` / ``import-cli``: what a user runs, ``termkit export tmx ALIGNED.tsv`` and ``termkit
  import tmx FILE.tmx -o FILE.tsv``, streaming batch by batch (run in-process in the fresh process).
- ``write-tmx`` / ``read-tmx``: the in-memory API (``write_tmx`` of a table loaded from Parquet, and
  ``read_tmx``); their peaks include the whole 1M-row table.
- ``write-tsv`` / ``read-tsv``: the baseline, the same table as tab-separated values with polars' native
  CSV code (whole table in memory), the floor any XML writer is measured against.

The CLI export must give the same bytes as the API export (checked and printed).

    .venv/bin/python benchmarks/tmx_speed.py            # 1,000,000 units
    .venv/bin/python benchmarks/tmx_speed.py --units 100000
"""

from __future__ import annotations

import argparse
import contextlib
import filecmp
import io
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from termkit.tables import ALIGNMENTS

PHASES = ("write-tsv", "read-tsv", "write-tmx", "read-tmx", "export-cli", "import-cli")
BASELINE = {"write-tmx": "write-tsv", "export-cli": "write-tsv", "read-tmx": "read-tsv", "import-cli": "read-tsv"}
MAKE = "make"
DATE = "20240101T000000Z"


def make_table(n: int) -> pl.DataFrame:
    """``n`` beads of realistic length (about 40 Chinese characters and 120 English characters)."""
    i = pl.int_range(n, eager=True).alias("i")
    df = pl.DataFrame(i).with_columns(
        pl.format("000-001-{}", "i").alias("tuid"),
        pl.lit("000").alias("src_doc"),
        pl.lit("001").alias("tgt_doc"),
        pl.concat_list(pl.col("i")).alias("src_ids"),
        pl.concat_list(pl.col("i")).alias("tgt_ids"),
        pl.lit("zh-Hans").alias("src_lang"),
        pl.lit("en").alias("tgt_lang"),
        pl.format("香港特区政府今日公布第{}号公告，宣布推出多项措施支持本地中小企业及稳定就业。", "i")
        .alias("src_text"),
        pl.format("The HKSAR Government today issued notice No. {}, announcing several measures to support "
                  "local small and medium enterprises and stabilise employment.", "i").alias("tgt_text"),
        ((pl.col("i") % 100) / 100).round(2).alias("score"),  # as a TSV with 4 decimals holds it
        pl.lit("parallel").alias("mode"),
    )
    return df.select(list(ALIGNMENTS))


def _peak_mb() -> float:
    """Peak RSS of this process: VmHWM (fresh at exec, unlike ru_maxrss, which Linux carries over from the parent)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_cli(*args: str) -> str:
    """Run ``termkit ARGS`` in this process, as the console script does; return what it printed."""
    from termkit.cli import main

    out = io.StringIO()
    sys.argv = ["termkit", *args]
    with contextlib.redirect_stdout(out):
        try:
            main()
        except SystemExit as exc:
            if exc.code:
                raise RuntimeError(f"termkit {' '.join(args)} failed with status {exc.code}") from None
    return out.getvalue()


def run_phase(phase: str, work: Path, units: int) -> dict:
    """Run one phase in this process; return its time and memory."""
    from termkit.formats.tmx import read_tmx, write_tmx
    from termkit.formats.tsv import write_alignments_tsv_batches

    if phase == MAKE:
        table = make_table(units)
        table.write_parquet(work / "table.parquet")
        write_alignments_tsv_batches(table.iter_slices(10_000), work / "bench.alignments.tsv")
        return {}
    table = pl.read_parquet(work / "table.parquet") if phase.startswith("write") else None
    loaded = _peak_mb()
    start = time.perf_counter()
    if phase == "write-tmx":
        n = write_tmx(table, work / "out.tmx", creation_date=DATE)
    elif phase == "read-tmx":
        n = read_tmx(work / "out.tmx").height
    elif phase == "export-cli":
        said = run_cli("export", "tmx", str(work / "bench.alignments.tsv"), "-o", str(work / "cli.tmx"), "--date", DATE)
        n = int(re.search(r"wrote (\d+)", said).group(1))
    elif phase == "import-cli":
        said = run_cli("import", "tmx", str(work / "out.tmx"), "-o", str(work / "back.tsv"))
        n = int(re.search(r"imported (\d+)", said).group(1))
    elif phase == "write-tsv":
        table.select(pl.exclude("src_ids", "tgt_ids")).write_csv(work / "out.tsv", separator="\t")
        n = table.height
    else:
        n = pl.read_csv(work / "out.tsv", separator="\t", quote_char=None).height
    seconds = time.perf_counter() - start
    peak = _peak_mb()
    return {"phase": phase, "units": n, "seconds": seconds, "peak_mb": peak, "above_start_mb": peak - loaded}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--phase", choices=(MAKE, *PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(run_phase(args.phase, args.work, args.units)))
        return
    with tempfile.TemporaryDirectory(prefix="tmx-bench-") as tmp:
        work = Path(tmp)
        results = []
        for phase in (MAKE, *PHASES):  # each in a fresh process, the table made in one too
            out = subprocess.run([sys.executable, __file__, "--phase", phase, "--work", str(work),
                                  "--units", str(args.units)], capture_output=True, text=True, check=True)
            if phase != MAKE:
                results.append(json.loads(out.stdout))
        size = {name: (work / name).stat().st_size / 2**20 for name in ("out.tsv", "bench.alignments.tsv", "out.tmx")}
        same = filecmp.cmp(work / "out.tmx", work / "cli.tmx", shallow=False)
    seconds = {r["phase"]: r["seconds"] for r in results}
    print(f"{args.units:,} units; plain TSV {size['out.tsv']:.0f} MB, "
          f"aligned TSV {size['bench.alignments.tsv']:.0f} MB, TMX {size['out.tmx']:.0f} MB; "
          f"CLI export byte-identical to API export: {'yes' if same else 'NO'}")
    print(f"{'phase':<11} {'units':>10} {'seconds':>8} {'× TSV':>6} {'peak MB':>8} {'above start MB':>15}")
    for r in results:
        ratio = f"{r['seconds'] / seconds[BASELINE[r['phase']]]:>6.1f}" if r["phase"] in BASELINE else f"{'':>6}"
        print(f"{r['phase']:<11} {r['units']:>10,} {r['seconds']:>8.1f} {ratio} {r['peak_mb']:>8.0f} "
              f"{r['above_start_mb']:>15.0f}")
    print("targets: TMX export and import ≤ 60 s and ≤ 500 MB peak each (the CLI streams; the API holds the table)")


if __name__ == "__main__":
    main()
