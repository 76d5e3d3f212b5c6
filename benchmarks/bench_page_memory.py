"""How much memory each page run takes for a moment, beyond what the server already holds (Linux only).

Run: ``python benchmarks/bench_page_memory.py [--corpus PATH] [--rounds 2]``.  Default corpus: the 8,000
AllSides articles (best a folder written by ``python -m analysis build``, as a host serves them).  The
real app runs in this process through AppTest; before each page run the kernel's peak-RSS mark is reset
(``/proc/self/clear_refs``), so the peak during the run minus the RSS before it is what that run needed
for a moment.  Round 1 computes each slice's tables the first time; later rounds are warm reruns, which
is what many visitors on one corpus do.  With two pages computed at once (``ui.page_slots.CONCURRENT_PAGES``),
a warm page's transient counts about twice in the server's peak: see bench_hosting.py for that figure.
Figures, not assertions.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
ALLSIDES = ROOT.parent / "shared" / "data" / "allsides-news" / "articles.jsonl.gz"
PAGES = ["overview", "keywords", "topics", "sentiment", "people", "articles", "data"]


def status_mb(field: str) -> float:
    """A ``VmRSS``/``VmHWM`` line of this process's status, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"{field} is not in /proc/self/status")


def reset_peak() -> None:
    """Set the peak-RSS mark (VmHWM) to the current RSS."""
    Path("/proc/self/clear_refs").write_text("5")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", default=str(ALLSIDES))
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if not Path(args.corpus).exists():
        raise SystemExit(f"{args.corpus} is absent")
    os.environ["BROADSHEET_CORPUS"] = args.corpus
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
    at.run()
    print(f"corpus opened, RSS {status_mb('VmRSS'):.0f} MB")
    print(f"{'round':>5} {'page':10} {'seconds':>7} {'RSS before':>10} {'transient':>9} {'RSS after':>9}")
    for round_ in range(1, args.rounds + 1):
        for page in PAGES:
            before = status_mb("VmRSS")
            reset_peak()
            start = time.perf_counter()
            at.switch_page(f"pages/{page}.py")
            at.run()
            seconds = time.perf_counter() - start
            problem = " ERROR" if at.exception else ""
            print(
                f"{round_:>5} {page:10} {seconds:7.2f} {before:7.0f} MB {status_mb('VmHWM') - before:6.0f} MB "
                f"{status_mb('VmRSS'):6.0f} MB{problem}"
            )


if __name__ == "__main__":
    main()
