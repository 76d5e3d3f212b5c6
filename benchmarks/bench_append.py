"""Print what growing a store costs against building it: the 8,000 AllSides articles built cold, then N
more appended with ``build NEW --into STORE`` — wall, CPU and peak RSS of each, in one run, the share of
the build the append took, and whether the topics kept their ids and labels.  Figures only, no assertions.

Run: ``python benchmarks/bench_append.py [N]`` (default 500).  The N new articles are the first N of
``articles-full.jsonl.gz`` (37,554) whose ``id`` is not among the 8,000, written to a file of their own.
Each command runs in a fresh process; its CPU and peak RSS come from ``os.wait4`` on that process (its
worker processes included once they are waited for).
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
ALLSIDES = ROOT.parent / "shared" / "data" / "allsides-news"


def timed(args: list[str]) -> dict[str, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one command in a fresh process."""
    start = time.perf_counter()
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    error = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if status != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{error[-2000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}


def new_articles(n: int, folder: Path) -> Path:
    """The first ``n`` articles of the full file that are not among the 8,000."""
    with gzip.open(ALLSIDES / "articles.jsonl.gz", "rt", encoding="utf-8") as known_file:
        known = {json.loads(line)["id"] for line in known_file}
    path = folder / f"new-{n}.jsonl.gz"
    written = 0
    with (
        gzip.open(ALLSIDES / "articles-full.jsonl.gz", "rt", encoding="utf-8") as full,
        gzip.open(path, "wt", encoding="utf-8") as out,
    ):
        for line in full:
            if json.loads(line)["id"] not in known:
                out.write(line)
                written += 1
                if written == n:
                    break
    return path


def main() -> None:
    if not (ALLSIDES / "articles-full.jsonl.gz").exists():
        print(f"skipped: {ALLSIDES} is absent")
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        store, extra = Path(folder) / "store", new_articles(n, Path(folder))
        build = timed([python, "-m", "analysis", "build", str(ALLSIDES / "articles.jsonl.gz"), "--out", str(store)])
        before = pd.read_parquet(store / "topics.parquet", columns=["topic_id", "label", "terms"])
        n_before = len(pd.read_parquet(store / "articles.parquet", columns=["doc_id"]))
        grow = timed([python, "-m", "analysis", "build", str(extra), "--into", str(store)])
        after = pd.read_parquet(store / "topics.parquet", columns=["topic_id", "label", "terms"])
        report = json.loads((store / "report.json").read_text())["append"]
        n_after = len(pd.read_parquet(store / "articles.parquet", columns=["doc_id"]))
    for name, figures in (("build 8,000", build), (f"append {n:,}", grow)):
        wall, cpu, peak = figures["wall"], figures["cpu"], figures["peak_mb"]
        print(f"{name:>12}: {wall:6.1f} s wall, {cpu:6.1f} CPU-s, peak RSS {peak:,.0f} MB")
    print(f"append / build: {grow['wall'] / build['wall']:.1%} of the time ({n / n_before:.1%} more articles)")
    print(f"articles: {n_before:,} → {n_after:,}; analysed in the append: {report['articles_analysed']:,}; "
          f"entity sentiment re-scored for {report['entity_sentiment_rescored_articles']:,} old articles")  # fmt: skip
    same = before.equals(after)
    far = report["new_articles_far_from_topics"]
    print(f"topics: {report['topics']}; ids, labels and terms of all {len(before)} kept: {same}; new articles "
          f"farther from every topic than 90 % of the fitted ones: {far:.1%}")  # fmt: skip
    print("append stages (s):", json.dumps(report["timings_s"]))


if __name__ == "__main__":
    main()
