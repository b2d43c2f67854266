"""TMX export and re-import at scale: wall time and peak memory each way, against a plain-TSV baseline.

Targets (issue 5): 1,000,000 units, ≤ 60 s and ≤ 500 MB peak each way. Each phase runs in a fresh
process (so peaks do not mix) that first loads the same table from Parquet; the table shows the phase's
own time, the process's peak RSS (it includes the 1M-row table itself, ~310 MB in polars, in memory on
both sides), and the peak above what the process held before the phase began. The baseline writes and reads the
same texts as tab-separated values with polars' native CSV code, the floor any XML writer is measured against.

    .venv/bin/python benchmarks/tmx_speed.py            # 1,000,000 units
    .venv/bin/python benchmarks/tmx_speed.py --units 100000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from termkit.tables import ALIGNMENTS

PHASES = ("write-tsv", "write-tmx", "read-tsv", "read-tmx")
MAKE = "make"


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
        ((pl.col("i") % 100) / 100).cast(pl.Float64).alias("score"),
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


def run_phase(phase: str, work: Path, units: int) -> dict:
    """Run one phase in this process; return its time and memory."""
    from termkit.formats.tmx import read_tmx, write_tmx

    if phase == MAKE:
        make_table(units).write_parquet(work / "table.parquet")
        return {}
    table = pl.read_parquet(work / "table.parquet") if phase.startswith("write") else None
    loaded = _peak_mb()
    start = time.perf_counter()
    if phase == "write-tmx":
        n = write_tmx(table, work / "out.tmx", creation_date="20240101T000000Z")
    elif phase == "read-tmx":
        n = read_tmx(work / "out.tmx").height
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
        sizes = {"tsv": (work / "out.tsv").stat().st_size, "tmx": (work / "out.tmx").stat().st_size}
    base = {r["phase"].split("-")[0]: r["seconds"] for r in results if r["phase"].endswith("tsv")}
    print(f"{args.units:,} units; TSV {sizes['tsv'] / 2**20:.0f} MB, TMX {sizes['tmx'] / 2**20:.0f} MB")
    print(f"{'phase':<10} {'units':>10} {'seconds':>8} {'× TSV':>6} {'peak MB':>8} {'above start MB':>15}")
    for r in results:
        ratio = r["seconds"] / base[r["phase"].split("-")[0]]
        print(f"{r['phase']:<10} {r['units']:>10,} {r['seconds']:>8.1f} {ratio:>6.1f} {r['peak_mb']:>8.0f} "
              f"{r['above_start_mb']:>15.0f}")
    print("targets: write-tmx and read-tmx ≤ 60 s and ≤ 500 MB peak each")


if __name__ == "__main__":
    main()
