"""Engines: map one function over a stream of tasks, results in input order.

Every engine keeps a bounded window of tasks in flight and yields results in the
order the tasks came in, so memory does not grow with the number of tasks and the
rows come out identical whichever engine ran them:

* ``serial`` — this process (``jobs=1``).
* ``local`` — a :class:`concurrent.futures.ProcessPoolExecutor` (``jobs`` processes,
  default ``os.cpu_count()``).  Its workers ignore Ctrl-C (the parent stops the pool)
  and, on Linux, are killed by the kernel when the parent dies (``PR_SET_PDEATHSIG``),
  so a killed ``convert`` leaves no orphan working on.
* ``dask`` — ``distributed``: ``scheduler="tcp://host:8786"`` connects to a running
  cluster, otherwise a :class:`~distributed.LocalCluster` of ``jobs`` single-threaded
  worker processes is started and stopped.  Tasks carry file *paths*, so workers of a
  remote cluster must see the input files at the same paths (a shared file system).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from briefing.errors import UsageError

T = TypeVar("T")
R = TypeVar("R")

ENGINES = ("local", "dask")


def default_jobs() -> int:
    return os.cpu_count() or 1


def _ignore_sigint() -> None:
    """Pool initializer: Ctrl-C is the parent's to handle (it stops the pool).

    A worker is born with SIGINT blocked (see :func:`_sigint_blocked`), so a Ctrl-C
    sent to the whole process group before this line runs stays pending, and is
    discarded here rather than raising KeyboardInterrupt in a half-started worker.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


#: PR_SET_PDEATHSIG from <linux/prctl.h>
_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int | None = None) -> bool:
    """Have the kernel kill this process (SIGKILL) when the process that started it dies.

    Linux only (``prctl(PR_SET_PDEATHSIG)``); True when set.  ``parent``: the pid that
    must still be this process's parent — if it died before the call, exit now.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if parent is not None and os.getppid() != parent:  # orphaned before the call
        os._exit(1)
    return True


def _init_worker(parent: int, extra: Callable[[], None] | None = None) -> None:
    """Pool initializer: leave Ctrl-C to the parent, die with it, then ``extra``."""
    _ignore_sigint()
    die_with_parent(parent)
    if extra is not None:
        extra()


#: Dask settings of the LocalCluster ``convert`` starts (a cluster given by address keeps
#: its own): no statistical profiler sampling each worker's stack every 10 ms, no GIL
#: monitor, and the event loop's and memory monitor's timers at 1 s, not 20 and 100 ms.
#: These feed the dashboard; in a batch run they cost a fifth more CPU per file
#: (benchmarks/batch.py: Dask over one local process).
QUIET_CLUSTER: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
}


class _LostScheduler(logging.Filter):
    """Drops the worker's "Failed to communicate with scheduler during heartbeat" record
    (logged with its traceback) when the connection to the scheduler is closed: a
    heartbeat that races the cluster's closing after a Ctrl-C.  The worker is closed,
    or dies with its parent, either way; every other record passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.getMessage().startswith("Failed to communicate with scheduler"):
            return True
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, OSError)  # (CommClosedError is one)


def dask_setup(worker: Any) -> None:
    """Preload of the workers of our own LocalCluster: a Ctrl-C to the process group is
    this process's to handle (it closes the cluster), not a traceback per worker (nor a
    heartbeat's to a scheduler already closed: :class:`_LostScheduler`); and a worker
    dies with the process that started it."""
    _ignore_sigint()
    logging.getLogger("distributed.worker").addFilter(_LostScheduler())
    die_with_parent()


@contextlib.contextmanager
def _sigint_blocked() -> Iterator[None]:
    """Block SIGINT in this thread for the block: processes and threads started in it
    inherit the mask (a SIGINT arriving meanwhile waits, and is then delivered)."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def map_ordered(
    func: Callable[[T], R],
    tasks: Iterable[T],
    *,
    engine: str = "local",
    jobs: int | None = None,
    scheduler: str | None = None,
    window: int | None = None,
    init: Callable[[], None] | None = None,
) -> Iterator[R]:
    """``map(func, tasks)`` on ``engine``, at most ``window`` tasks in flight, in order.

    ``init`` runs once in each local worker process before its first task (and in this
    process when ``jobs=1``); pool workers ignore Ctrl-C and die with this process.
    """
    if engine not in ENGINES:
        raise UsageError(None, f"unknown engine {engine!r} (use local or dask)")
    if jobs is not None and jobs < 1:
        raise UsageError(None, f"--jobs must be at least 1, not {jobs}")
    if scheduler is not None and engine != "dask":
        raise UsageError(None, "--scheduler needs --engine dask")
    n = jobs or default_jobs()
    win = window or max(4, n * 4)
    if engine == "dask":
        yield from _map_dask(func, tasks, n, scheduler, win)
    elif n == 1:
        if init is not None:
            init()
        for t in tasks:
            yield func(t)
    else:
        yield from _map_pool(func, tasks, n, win, init)


def _map_pool(
    func: Callable[[T], R],
    tasks: Iterable[T],
    jobs: int,
    window: int,
    init: Callable[[], None] | None = None,
) -> Iterator[R]:
    from concurrent.futures import Future, ProcessPoolExecutor

    pool = ProcessPoolExecutor(
        max_workers=jobs, initializer=_init_worker, initargs=(os.getpid(), init)
    )
    pending: deque[Future[R]] = deque()
    try:
        it = iter(tasks)
        for t in it:
            # submit() starts the worker processes (and the pool's threads): they must
            # not see a Ctrl-C before their initializer has set it aside
            with _sigint_blocked():
                pending.append(pool.submit(func, t))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for f in pending:
            f.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _map_dask(
    func: Callable[[T], R], tasks: Iterable[T], jobs: int, scheduler: str | None, window: int
) -> Iterator[R]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError(
            None, "the dask engine needs dask.distributed (pip install 'briefing[dask]')"
        ) from None

    cluster: Any = None
    if scheduler:
        try:
            # honours dask's distributed.comm.timeouts.connect setting
            client = Client(scheduler)
        except OSError as e:
            raise UsageError(scheduler, f"cannot reach the Dask scheduler ({e})") from None
    else:
        import dask

        with dask.config.set(QUIET_CLUSTER):
            cluster = LocalCluster(
                n_workers=jobs,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # a free port: the scheduler always serves HTTP
                silence_logs=logging.ERROR,
                preload=[__name__],  # dask_setup below: workers leave Ctrl-C to us
            )
        client = Client(cluster)
    pending: deque[Any] = deque()
    try:
        for t in tasks:
            pending.append(client.submit(func, t, pure=False))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for f in pending:
            f.cancel()
        client.close()
        if cluster is not None:
            cluster.close()


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for x in items:
        batch.append(x)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
