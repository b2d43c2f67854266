"""A batch's pairs as Dask tasks (``align --batch --scheduler local|tcp://HOST:PORT``): beyond one machine.

Why Dask's distributed scheduler: it is how a batch reaches the machines a terminologist actually has (a
laptop, a Slurm allocation through dask-jobqueue, Kubernetes through the Dask operator) with one protocol,
and it already retries the tasks of a worker that is lost. Each task is ``batch.run_job``, the very function
the local pool runs, so the outputs are byte-identical; the workers must see the same paths (a shared
filesystem) and have termkit installed. Optional: ``pip install 'termkit[cluster]'``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from termkit.batch import Job, Outcome, largest_first, noting_ctrl_c, run_job, starting_workers, warm_up
from termkit.errors import TermkitError

#: How long to wait for a remote scheduler to answer before saying so (Dask's own default is 30 s).
CONNECT_TIMEOUT = "10s"


def _distributed() -> Any:
    """The ``distributed`` package, or a one-line error saying how to install it."""
    try:
        import distributed
    except ImportError:
        raise TermkitError("--scheduler needs Dask's distributed scheduler: pip install 'termkit[cluster]'") from None
    return distributed


def check_scheduler(value: str) -> str:
    """``local``, or a scheduler address such as ``tcp://10.0.0.5:8786``; anything else is refused at once."""
    if value != "local" and "://" not in value:
        raise TermkitError(f"--scheduler {value!r}: give 'local' or an address such as tcp://HOST:8786")
    _distributed()
    return value


def run_on_dask(jobs: list[Job], scheduler: str, workers: int) -> Iterator[tuple[str, Outcome]]:
    """Each job's outcome as its task finishes; on Ctrl-C (or any error) the remaining tasks are cancelled.

    ``local`` starts a LocalCluster of ``workers`` single-threaded processes, gone when the batch ends; an
    address joins a running cluster. A task that raises (not a bad input: a bug, a worker out of memory) is
    reported as that pair's failure, the others go on.
    """
    distributed = _distributed()
    if not jobs:
        return
    cluster = None
    try:
        if scheduler == "local":
            with starting_workers():  # Ctrl-C: cancel, close the cluster, one line; no worker tracebacks
                cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                   dashboard_address=None, silence_logs=logging.CRITICAL)
            client = distributed.Client(cluster)
        else:
            client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT)
    except OSError as exc:
        if cluster is not None:
            cluster.close()
        raise TermkitError(f"--scheduler {scheduler}: cannot reach the scheduler ({exc})") from None
    try:
        try:
            client.run(warm_up)
        except Exception as exc:  # e.g. a remote worker without termkit installed
            raise TermkitError(f"--scheduler {scheduler}: the workers cannot run termkit ({exc!r})") from None
        ordered = largest_first(jobs)
        futures = client.map(run_job, ordered, pure=False)  # unique keys: two batches may share a cluster
        names = {f.key: job[0] for f, job in zip(futures, ordered, strict=True)}
        try:
            with noting_ctrl_c() as noted:
                for future in distributed.as_completed(futures):
                    if noted():
                        raise KeyboardInterrupt
                    if future.status == "error":
                        yield names[future.key], f"{names[future.key]}: the task failed: {future.exception()!r}"
                    else:
                        yield future.result()
                    future.release()
        except BaseException:
            client.cancel(futures)
            raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
