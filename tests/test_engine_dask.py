"""The Dask engine: the same per-partition functions on a ``dask.distributed`` cluster, the same store."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis.__main__ import main as cli
from analysis.engine import DaskRunner, EngineUnavailable
from tests.conftest import BBC, ROOT, SEEDS, need


def _slow_square(x: int) -> int:
    """Later tasks finish first, so completion order is not task order."""
    time.sleep(0.05 * (4 - x))
    return x * x


def _fail(x: int) -> int:
    raise ValueError(f"task {x} failed")


def _tables(store: Path) -> dict[str, pd.DataFrame]:
    """Every table of a built store, read as a reader of stores reads it (a file or a folder of parts)."""
    return {p.name: pd.read_parquet(p) for p in sorted(store.glob("*.parquet"))}


def test_the_dask_engine_without_dask_is_refused_before_loading(monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)  # what an install without the extra looks like
    with pytest.raises(EngineUnavailable, match=r"pip install -e \"\.\[dask\]\""):
        DaskRunner()
    assert cli(["build", str(SEEDS), "--out", str(tmp_path / "out"), "--engine", "dask"]) == 2
    err = capsys.readouterr().err
    assert "not installed" in err and "loading" not in err, "refused before the corpus is read"
    assert not (tmp_path / "out").exists()


def test_a_scheduler_without_the_dask_engine_is_an_error(tmp_path):
    with pytest.raises(SystemExit):
        cli(["build", str(SEEDS), "--out", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:8786"])


def test_an_unreachable_scheduler_is_a_clear_error():
    pytest.importorskip("distributed")
    with pytest.raises(EngineUnavailable, match=r"no Dask scheduler reachable at tcp://127\.0\.0\.1:9"):
        DaskRunner(scheduler="tcp://127.0.0.1:9", timeout=1).client  # noqa: B018 — port 9 (discard): nobody


def test_results_come_back_in_task_order_with_progress_as_tasks_complete():
    pytest.importorskip("distributed")
    done: list[int] = []
    # Threads in this process: the ordering logic is the runner's, whatever the workers are.
    with DaskRunner(n_workers=1, threads_per_worker=4, processes=False) as runner:
        assert runner.map(_slow_square, [(x,) for x in range(4)], done.append) == [0, 1, 4, 9]
        assert done == [1, 2, 3, 4]
        assert runner.map(_slow_square, []) == []
        with pytest.raises(ValueError, match="task 1 failed"):
            runner.map(_fail, [(1,)])
        cluster = runner._cluster
    assert runner._client is None and cluster.status.name == "closed", "the cluster it started is shut down"


@pytest.mark.slow
def test_the_cli_builds_on_a_local_cluster_by_default(tmp_path):
    """``--engine dask`` with no scheduler starts its own cluster and shuts it down when the build ends."""
    pytest.importorskip("distributed")
    runs = {}
    for engine in ("local", "dask"):
        command = ["build", str(SEEDS), "--out", str(tmp_path / engine), "--engine", engine]
        done = subprocess.run(
            [sys.executable, "-m", "analysis", *command],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        runs[engine] = _tables(tmp_path / engine)
    assert "engine: dask on a local cluster" in done.stderr and "100% done" in done.stderr
    assert list(runs["dask"]) == list(runs["local"])
    for name, frame in runs["local"].items():
        pd.testing.assert_frame_equal(runs["dask"][name], frame, check_exact=True, obj=name)


@pytest.mark.slow
def test_a_bbc_store_built_on_a_real_cluster_equals_the_local_engines(tmp_path):
    """A scheduler and two worker processes on 127.0.0.1, reached as an existing cluster (``--scheduler``):
    every table of the store equals the local engine's, value for value, and so do the settings."""
    source = need(BBC)
    distributed = pytest.importorskip("distributed")
    import json

    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        pids = client.run(os.getpid)
        assert len(pids) == 2 and os.getpid() not in pids.values(), "two worker processes of their own"
        assert cli(["build", str(source), "--out", str(tmp_path / "dask"), "--engine", "dask",
                    "--scheduler", cluster.scheduler_address]) == 0  # fmt: skip
        assert client.run(os.getpid) == pids, "the runner left the cluster it did not start running"
    assert cli(["build", str(source), "--out", str(tmp_path / "local")]) == 0
    local, dask = _tables(tmp_path / "local"), _tables(tmp_path / "dask")
    assert list(dask) == list(local) and len(local["articles.parquet"]) > 2000
    for name, frame in local.items():
        pd.testing.assert_frame_equal(dask[name], frame, check_exact=True, obj=name)
    meta = {engine: json.loads((tmp_path / engine / "meta.json").read_text()) for engine in ("local", "dask")}
    for field in ("analysis_version", "settings", "frames", "partitions", "n_articles"):
        assert meta["dask"][field] == meta["local"][field], field
    assert meta["local"]["partitions"] > 2, "more partitions than workers: tasks queue and finish out of order"
