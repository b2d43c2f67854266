"""Many pairs aligned in one run (``termkit align --batch``): which pairs, and running them in worker processes.

Why its own module: planning a batch (two folders of same-named files, or a manifest) and running it with
clean interrupts are the same whatever prints the progress; the CLI only shows it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.pool import Pool
from pathlib import Path

from termkit.checkpoint import Counts, Entry, is_done, options_digest, pair_key, read_journal
from termkit.corpus import PairResult, Side, align_sides, article_side, presplit_side
from termkit.encoding import read_text
from termkit.errors import TermkitError
from termkit.formats.alignments import Format, file_name, write_aligned


@dataclass(frozen=True)
class AlignOptions:
    """Everything about a run that is the same for every pair of a batch."""

    src_lang: str | None = None
    tgt_lang: str | None = None
    presplit: bool = False
    mode: str = "parallel"
    fmt: Format = Format.ladder
    encoding: str | None = None
    extra_pairs: tuple[tuple[str, str], ...] = ()
    encoder: str | None = None  # the sentence encoder (``termkit.align.encoder``); None: its default


def read_file_side(path: Path, lang: str | None, what: str, opts: AlignOptions) -> Side:
    """One input file as a side: one sentence a line with ``--presplit``, else a raw article."""
    if opts.presplit:
        return presplit_side(path, lang, what=what, encoding=opts.encoding)
    return article_side(path, lang, what=what, encoding=opts.encoding)[0]


def align_files(src: Path, tgt: Path, opts: AlignOptions) -> PairResult:
    """Read, check and align one pair of files as the options say."""
    return align_sides(read_file_side(src, opts.src_lang, "--src-lang", opts),
                       read_file_side(tgt, opts.tgt_lang, "--tgt-lang", opts),
                       mode=opts.mode, extra_pairs=opts.extra_pairs, encoder_name=opts.encoder)


def read_pair_list(path: Path) -> list[tuple[str, Path, Path]]:
    """A batch manifest: TSV with a header naming ``src`` and ``tgt`` (paths relative to the manifest's
    folder) and optionally ``name`` (the output's name; default: the source file's stem)."""
    text, _ = read_text(path)
    lines = text.split("\n")
    header = lines[0].split("\t")
    if "src" not in header or "tgt" not in header:
        raise TermkitError("batch manifest needs a header with 'src' and 'tgt' columns", path, 1)
    pairs = []
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != len(header):
            raise TermkitError(f"expected {len(header)} tab-separated cells, found {len(cells)}", path, n)
        rec = dict(zip(header, cells, strict=True))
        src, tgt = path.parent / rec["src"], path.parent / rec["tgt"]
        pairs.append((rec.get("name") or src.stem, src, tgt))
    if not pairs:
        raise TermkitError("batch manifest lists no pairs", path)
    names = [n for n, _, _ in pairs]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise TermkitError(f"two pairs would write the same output: {', '.join(dupes)} (add a 'name' column)", path)
    return pairs


def plan_batch(src: Path, tgt: Path | None) -> tuple[list[tuple[str, Path, Path]], list[str]]:
    """The pairs of a batch: same-named files of two folders, or the rows of a manifest; plus warnings."""
    if tgt is None:
        if src.is_dir():
            raise TermkitError("--batch with one argument needs a manifest file (TSV with src and tgt)", src)
        return read_pair_list(src), []
    for p in (src, tgt):
        if not p.is_dir():
            raise TermkitError("--batch SRC TGT needs two folders", p)
    src_files = {p.name: p for p in src.iterdir() if p.is_file() and not p.name.startswith(".")}
    tgt_files = {p.name: p for p in tgt.iterdir() if p.is_file() and not p.name.startswith(".")}
    common = sorted(set(src_files) & set(tgt_files))
    if not common:
        raise TermkitError(f"no file name is in both folders ({src} and {tgt})")
    warnings = [f"{folder / name}: no file of the same name in {other}, skipped"
                for folder, other, names in ((src, tgt, set(src_files) - set(tgt_files)),
                                             (tgt, src, set(tgt_files) - set(src_files)))
                for name in sorted(names)]
    stems = [src_files[n].stem for n in common]
    outputs = stems if len(set(stems)) == len(stems) else common
    return [(o, src_files[n], tgt_files[n]) for o, n in zip(outputs, common, strict=True)], warnings


#: What one pair of a batch gives the summary: sentence counts, beads, mean confidence, warnings;
#: or, for a pair that failed, the one-line error.
Outcome = tuple[int, int, int, float, list[str]] | str
Job = tuple[str, Path, Path, Path, AlignOptions]


def batch_jobs(pairs: list[tuple[str, Path, Path]], out_dir: Path, opts: AlignOptions) -> list[Job]:
    """One job per pair: its name, its two files, and the file it writes in ``out_dir``."""
    return [(name, s, t, out_dir / file_name(name, opts.fmt), opts) for name, s, t in pairs]


@dataclass(frozen=True)
class Plan:
    """A batch split by ``--resume``: the jobs to run, the pairs already done (with their counts), and what
    each pair is made of (``checkpoint.pair_key``: the journal records it when the pair finishes)."""

    todo: list[Job]
    done: dict[str, Counts]
    keys: dict[str, str]


def resume_plan(jobs: list[Job], out_dir: Path, resume: bool) -> Plan:
    """Which jobs to run: all of them, or with ``resume`` those whose output is not up to date."""
    options = options_digest(jobs[0][4]) if jobs else ""
    keys = {name: pair_key(src, tgt, options) for name, src, tgt, _, _ in jobs}
    journal: dict[str, Entry] = read_journal(out_dir) if resume else {}
    done = {job[0]: journal[job[0]].counts for job in jobs if is_done(journal.get(job[0]), keys[job[0]], job[3])}
    return Plan([job for job in jobs if job[0] not in done], done, keys)


def run_job(job: Job) -> tuple[str, Outcome]:
    """Align one pair of a batch and write its output (in a worker process, a Dask worker, or this one)."""
    name, src, tgt, out, opts = job
    try:
        result = align_files(src, tgt, opts)
        write_aligned(result.alignments, opts.fmt, out)
    except TermkitError as exc:  # the message, not the exception: it crosses a process boundary
        return name, str(exc)
    scores = result.alignments["score"]
    mean = float(scores.mean()) if scores.len() else 0.0
    counts = result.src.segments.height, result.tgt.segments.height, result.alignments.height, mean
    return name, (*counts, result.warnings)


#: One thread each for the libraries that would start a pool per process: two workers on two cores, each with
#: a polars and a BLAS pool as wide as the machine, spend their time switching threads, not aligning.
ONE_THREAD = {name: "1" for name in ("POLARS_MAX_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                     "MKL_NUM_THREADS")}


def warm_up() -> None:
    """Load what every pair needs (CC-CEDICT, the aligner) once per worker process.

    Why at start: otherwise each worker's first pair pays it (seconds), the progress stays at 0 meanwhile, and
    with pairs ordered largest first the longest pair starts last of all.
    """
    from termkit.align import align_sentences
    from termkit.cedict import load

    load()
    # The aligner's compiled loops, loaded from numba's cache (or compiled, on a first run): two sentences
    # take every one of them, with the argument types of any document.
    align_sentences(["a b", "c"], ["a b", "c"], "en", "en", encoder_name="none")


def _worker_init() -> None:
    """Ctrl-C is the parent's to handle (one line, exit 130); a worker told to stop removes its temp file.

    Why: the terminal sends SIGINT to every process of the group, and each worker would print a traceback;
    SIGTERM from ``Pool.terminate`` would kill a worker without running ``atomic_write``'s clean-up.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)
    warm_up()


def _stop(*_: object) -> None:
    """SIGTERM in a worker: leave by SystemExit, so that ``atomic_write`` removes its temp file; and a hard exit
    a second later in case that exception is swallowed: raised inside a C library's callback into Python (as
    numba's compiler makes while it writes its cache), it is printed and dropped, and the worker would go on,
    leaving ``Pool.terminate`` waiting for ever (seen on a first run, Ctrl-C during the compile)."""
    signal.signal(signal.SIGALRM, lambda *_: os._exit(1))
    signal.alarm(1)
    sys.exit(1)


def largest_first(jobs: list[Job]) -> list[Job]:
    """Jobs by their inputs' size, largest first: the last pair to start is a short one, so no worker is left
    finishing a long pair alone at the end (longest-processing-time-first scheduling)."""
    def size(job: Job) -> int:
        return sum(p.stat().st_size if p.is_file() else 0 for p in job[1:3])

    return sorted(jobs, key=size, reverse=True)


@contextlib.contextmanager
def child_environment(changes: dict[str, str]) -> Iterator[None]:
    """``os.environ`` with ``changes`` while child processes are started (they copy it), then as it was."""
    before = {k: os.environ.get(k) for k in changes}
    os.environ.update({k: v for k, v in changes.items() if k not in os.environ})  # the user's choice wins
    try:
        yield
    finally:
        for k, v in before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@contextlib.contextmanager
def starting_workers() -> Iterator[None]:
    """While worker processes start (a local pool or a Dask LocalCluster): SIGINT ignored, so that they start
    ignoring it (an ignored signal stays so across exec) and Ctrl-C stays the parent's to report in one line;
    and one BLAS/polars thread each (``ONE_THREAD``), unless the user chose otherwise."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with child_environment(ONE_THREAD):
            yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def noting_ctrl_c() -> Iterator[Callable[[], bool]]:
    """Ctrl-C raises KeyboardInterrupt as usual and is also noted; the block checks ``noted()`` between pairs.

    Why: the interrupt lands wherever the main thread is, and there it can be swallowed, inside a finaliser or
    a library's callback (seen once with Dask: Ctrl-C lost, the whole batch ran on and exited 0); the check
    after each finished pair makes it stop all the same."""
    hit: list[bool] = []

    def handler(*_: object) -> None:
        hit.append(True)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield lambda: bool(hit)
    finally:
        signal.signal(signal.SIGINT, previous)


def run_jobs(jobs: list[Job], workers: int) -> Iterator[tuple[str, Outcome]]:
    """Each job's outcome as it finishes; on Ctrl-C the workers are stopped before the interrupt goes on."""
    if workers <= 1 or len(jobs) <= 1:
        yield from map(run_job, jobs)
        return
    warm_up()  # here first: a first run compiles the aligner's loops once, and the workers read them from the cache
    with worker_pool(min(workers, len(jobs)), _worker_init) as pool, noting_ctrl_c() as noted:
        for outcome in pool.imap_unordered(run_job, largest_first(jobs)):
            if noted():
                raise KeyboardInterrupt
            yield outcome


@contextlib.contextmanager
def worker_pool(processes: int, initializer: Callable[[], None] | None = None) -> Iterator[Pool]:
    """A pool of spawned worker processes (``starting_workers``), closed when the block ends; on an error or
    Ctrl-C its workers are stopped first (``terminate``), before the exception goes on.

    Spawned, not forked: a forked child inherits polars' thread pool mid-use and can deadlock in it.
    """
    with starting_workers():
        pool = multiprocessing.get_context("spawn").Pool(processes, initializer=initializer)
    try:
        yield pool
    except BaseException:
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()
