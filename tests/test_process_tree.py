"""The benchmarks' memory of a process tree: a worker's memory is seen while it runs, and counted once."""

from __future__ import annotations

import subprocess
import sys
import time

from benchmarks.process_tree import TreeSampler, descendants

#: A parent that starts a child holding 200 MB (every page touched), both then waiting to be stopped.
PARENT = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "b = bytearray(200 << 20); b[::4096] = b'x' * len(b[::4096]); "
                          "print('ready', flush=True); import time; time.sleep(60)"], stdout=subprocess.PIPE)
child.stdout.readline()
print('ready', flush=True)
time.sleep(60)
"""


def test_a_workers_memory_is_in_the_trees_peak_and_its_own() -> None:
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout.readline().strip() == "ready"
        with TreeSampler(parent.pid, every=0.02) as tree:
            time.sleep(0.3)
        assert len(descendants(parent.pid)) == 1
        assert tree.largest_child_mb >= 200 > tree.high_water_mb[parent.pid]
        assert 200 <= tree.pss_mb < tree.rss_mb < 400  # each process once; shared pages split in PSS
    finally:
        for pid in descendants(parent.pid):
            subprocess.run(["kill", str(pid)], check=False)
        parent.kill()
        parent.wait()
