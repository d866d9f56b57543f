"""The Dask engine on a real 2-worker LocalCluster gives the local engine's rows.

The cluster uses worker *processes* (``processes=True``), as production would.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import dask
import pandas as pd
import pytest
from test_batch import (  # type: ignore[import-not-found]
    assert_same_tables,
    interrupt_convert,
    make_corpus,
)

from briefing.batch.convert import convert, read_table
from briefing.batch.corpus import read_corpus
from briefing.batch.rows import TABLES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def patient_dask() -> Iterator[None]:
    """Connections and worker start-up may take long on a busy machine: the bounds here
    only stop a hang (the unreachable-scheduler test sets its own short one)."""
    with dask.config.set(
        {
            "distributed.comm.timeouts.connect": "300s",
            "distributed.comm.timeouts.tcp": "300s",
            "distributed.deploy.lost-worker-timeout": "300s",
        }
    ):
        yield


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    ) as cluster:
        assert len(cluster.workers) == 2
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("dask") / "in", 40)


def test_dask_read_corpus_rows_equal_local_engine(corpus_dir: Path, scheduler: str) -> None:
    local = read_corpus(corpus_dir, jobs=1).tables()
    on_dask = read_corpus(corpus_dir, engine="dask", scheduler=scheduler).tables()
    assert len(on_dask["documents"]) == 40 and len(on_dask["errors"]) == 3
    assert len(on_dask["figures"]) > 40 * 5
    assert_same_tables(local, on_dask)


def test_dask_convert_writes_partitioned_parquet_equal_to_local(
    corpus_dir: Path, scheduler: str, tmp_path: Path
) -> None:
    summary = convert(
        [str(corpus_dir)],
        tmp_path / "dask",
        engine="dask",
        scheduler=scheduler,
        chunk_docs=15,
        chunk_seconds=None,  # parts by count only, however slow the cluster is today
        progress=False,
    )
    assert (summary.files, summary.ok, summary.errors, summary.parts) == (43, 40, 3, 3)
    convert([str(corpus_dir)], tmp_path / "local", jobs=2, progress=False)
    for t in TABLES:
        assert len(list((tmp_path / "dask" / t).glob("part-*.parquet"))) == 3
        a = read_table(tmp_path / "dask", t)
        b = read_table(tmp_path / "local", t)
        pd.testing.assert_frame_equal(a, b, obj=t)


def test_dask_engine_starts_its_own_local_cluster(corpus_dir: Path) -> None:
    local = read_corpus(corpus_dir / "a", jobs=1).tables()
    own = read_corpus(corpus_dir / "a", engine="dask", jobs=2).tables()
    assert_same_tables(local, own)


def test_unreachable_scheduler_is_a_usage_error(corpus_dir: Path) -> None:
    from briefing.errors import UsageError

    # a port bound but not listening: connections are refused, and nothing else can
    # start listening on it while the test runs (a fixed port such as 9 might be served)
    with socket.socket() as reserved:
        reserved.bind(("127.0.0.1", 0))
        port = reserved.getsockname()[1]
        with (
            dask.config.set({"distributed.comm.timeouts.connect": "2s"}),
            pytest.raises(UsageError, match="cannot reach the Dask scheduler"),
        ):
            read_corpus(corpus_dir / "a", engine="dask", scheduler=f"tcp://127.0.0.1:{port}")


def test_ctrl_c_to_the_process_group_stops_the_cluster_quietly(tmp_path: Path) -> None:
    # the workers of our own LocalCluster get the SIGINT too: no traceback from them,
    # no temporary left, only complete parts
    interrupt_convert(tmp_path, whole_group=True, engine="dask")


def test_the_cluster_convert_starts_runs_without_the_dashboards_profiler() -> None:
    """Our own LocalCluster's workers do not sample their stacks every 10 ms (a fifth
    more CPU per file); the settings reach the worker processes."""
    from briefing.batch.engines import QUIET_CLUSTER, map_ordered

    keys = list(QUIET_CLUSTER)
    got = list(map_ordered(dask.config.get, keys, engine="dask", jobs=1))
    assert dict(zip(keys, got, strict=True)) == QUIET_CLUSTER
    assert dask.config.get("distributed.worker.profile.enabled") is True  # ours unchanged


def test_a_heartbeat_to_a_closed_scheduler_logs_no_traceback_on_our_workers() -> None:
    """A worker's heartbeat racing the cluster's closing after a Ctrl-C logged its
    CommClosedError with a traceback (seen once in CI); our workers drop that record,
    and keep every other one (another heartbeat failure, other messages)."""
    from distributed.comm.core import CommClosedError

    from briefing.batch.engines import _LostScheduler

    def record(msg: str, exc: BaseException | None) -> logging.LogRecord:
        info = (type(exc), exc, None) if exc is not None else None
        return logging.LogRecord("distributed.worker", logging.ERROR, "w.py", 1, msg, (), info)

    f = _LostScheduler()
    lost = "Failed to communicate with scheduler during heartbeat."
    assert not f.filter(record(lost, CommClosedError("in <TCP (closed)>: Stream is closed")))
    assert f.filter(record(lost, ValueError("not a closed connection")))
    assert f.filter(record("Unexpected exception during heartbeat. Closing worker.", None))
    assert f.filter(record("Compute Failed", OSError("disk full")))
