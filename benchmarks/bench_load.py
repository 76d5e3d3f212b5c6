"""Print how long loading the shared corpora takes, and peak memory.  Figures, not assertions.

Run: ``python benchmarks/bench_load.py [--repeat N]``.  Each corpus is loaded N times in this process
(the first run includes imports and cold file caches); the median of the runs is quoted.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

from analysis.ingest.corpus import load_corpus

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
CORPORA = {
    "seed": Path(__file__).resolve().parents[1] / "seeds",
    "bbc (2,225 files)": SHARED / "bbc-news" / "bbc",
    "allsides (8,000 rows, jsonl.gz)": SHARED / "allsides-news" / "articles.jsonl.gz",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'corpus':34} {'median s':>9} {'min s':>7} {'articles':>9} {'stories':>8} {'articles/s':>11}")
    for name, path in CORPORA.items():
        if not path.exists():
            print(f"{name:34} skipped: {path} is absent")
            continue
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            corpus = load_corpus(path)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        summary = corpus.summary()
        print(
            f"{name:34} {median:9.2f} {min(times):7.2f} {summary['articles']:9,} {summary['stories']:8,} "
            f"{summary['articles'] / median:11,.0f}"
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
