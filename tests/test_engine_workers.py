"""The local worker pool ends with the server that made it, not by loky's idle timeout minutes later."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

SCRIPT = """
import os, time
from joblib import Parallel, delayed
from joblib.externals.loky import reusable_executor
from analysis.engine import stop_workers

stop_workers()  # no pool yet: nothing is made only to be stopped
assert reusable_executor._executor is None
pids = set(Parallel(n_jobs=2)(delayed(os.getpid)() for _ in range(8)))
assert os.getpid() not in pids and pids
stop_workers()
deadline = time.time() + 10
while time.time() < deadline and any(os.path.exists(f"/proc/{pid}") for pid in pids):
    time.sleep(0.1)
alive = [pid for pid in pids if os.path.exists(f"/proc/{pid}") and open(f"/proc/{pid}/stat").read().split()[2] != "Z"]
print("alive", alive)
"""


def test_stop_workers_ends_the_pool_at_once():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("alive []"), done.stdout
