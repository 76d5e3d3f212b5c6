"""Print the build's speed and memory on the shared corpora, beside a naive reference.  No assertions.

Run: ``python benchmarks/bench_pipeline.py [seed|bbc|allsides ...]``.  Each measurement runs in a fresh
Python process so that its peak RSS is its own, cold (an empty store).  Figures, for ours and the naive
reference in the same run: wall seconds (load included), CPU seconds (the process and its workers), peak
RSS (the main process, the largest of its workers and helpers, and the whole build's processes at once,
sampled from ``/proc`` while they run: :mod:`benchmarks.process_tree`), per-stage wall and CPU seconds,
entity-sentences scored and targets per CPU-second, and the time to reopen the analysis from the Parquet
store.  The reference is what one would write first: TfidfVectorizer with 1–2-grams + NMF with k=10 +
VADER on regex-split sentences, after the same load.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.process_tree import TreeSampler  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
CORPORA = {
    "seed": ROOT / "seeds",
    "bbc": SHARED / "bbc-news" / "bbc",
    "allsides": SHARED / "allsides-news" / "articles.jsonl.gz",
}

OURS = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from pathlib import Path
from analysis.ingest.corpus import load_corpus
from analysis.memory import bounded_heap
from analysis.pipeline import analyze
source, cache = sys.argv[1], sys.argv[2]
with bounded_heap():  # as the CLI loads
    corpus = load_corpus(source)
t1 = time.perf_counter()
store = Path(cache) / "store"  # as `python -m analysis build SOURCE --out STORE` does: tables written as made
result = analyze(corpus.articles, out=store)
result.save(store)
t2 = time.perf_counter()
from joblib.externals.loky import get_reusable_executor
get_reusable_executor().shutdown(wait=True)  # reaped workers count in RUSAGE_CHILDREN (their CPU time)
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"load": t1 - t0, "analyze": t2 - t1, "stages": result.meta["timings_s"],
                  "stage_cpu": result.meta.get("cpu_s", {}), "partitions": result.meta.get("partitions"),
                  "cpu": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
                  "articles": len(corpus.articles), "k": result.meta["topics"].get("k"),
                  "themes": result.meta["topics"].get("n_themes"),
                  "peak_mb": me.ru_maxrss / 1024,
                  "entity_sentiment": result.meta.get("entity_sentiment")}))
"""

REOPEN = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from analysis.result import Analysis
from pathlib import Path
stores = [p for p in Path(sys.argv[1]).iterdir() if p.is_dir() and not p.name.startswith(".")]
result = Analysis.load(stores[0])
print(json.dumps({"reopen": time.perf_counter() - t0, "rows": sum(len(f) for f in result.frames.values()),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

NAIVE = r"""
import json, re, resource, sys, time
t_load = time.perf_counter()
from analysis.ingest.corpus import load_corpus
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer
texts = load_corpus(sys.argv[1]).articles["text"].tolist()
t0 = time.perf_counter()
matrix = TfidfVectorizer(ngram_range=(1, 2), min_df=2, stop_words="english").fit_transform(texts)
NMF(n_components=10, random_state=0).fit(matrix)
vader = "skipped (vaderSentiment not installed)"
try:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    analyzer = SentimentIntensityAnalyzer()
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            analyzer.polarity_scores(sentence)
    vader = "included"
except ImportError:
    pass
me = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": time.perf_counter() - t0, "with_load": time.perf_counter() - t_load, "vader": vader,
                  "cpu": me.ru_utime + me.ru_stime, "peak_mb": me.ru_maxrss / 1024}))
"""


def _stage_cpu(cpu: dict[str, float], stage: str) -> float:
    """A stage's CPU seconds; the first pass ("sentences, tone, tokens") is recorded by its parts."""
    if stage in cpu:
        return cpu[stage]
    return sum(cpu.get(part, 0.0) for part in stage.split(", "))


def run(script: str, *args: str) -> dict:
    """``script`` in a fresh process; its printed figures, with its process tree's memory sampled meanwhile
    (``tree_mb``: the most the process and its workers held at one moment, PSS; ``worker_peak_mb``)."""
    process = subprocess.Popen(
        [sys.executable, "-c", script, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    with TreeSampler(process.pid, every=0.2) as tree:  # a sample of a 1.5 GB tree: ~6 ms of CPU
        stdout, stderr = process.communicate()
    if process.returncode != 0:
        return {"error": stderr.strip().splitlines()[-1]}
    figures = json.loads(stdout.strip().splitlines()[-1])
    return {**figures, "tree_mb": tree.pss_mb, "tree_rss_mb": tree.rss_mb, "worker_peak_mb": tree.largest_child_mb}


def main() -> None:
    names = sys.argv[1:] or list(CORPORA)
    for name in names:
        path = CORPORA[name]
        if not path.exists():
            print(f"{name}: skipped, {path} is absent")
            continue
        with tempfile.TemporaryDirectory() as cache:
            ours = run(OURS, str(path), cache)
            reopen = run(REOPEN, cache)
        if "error" in ours:
            print(f"{name}: failed: {ours['error']}")
            continue
        total = ours["load"] + ours["analyze"]
        cpu = ours["stage_cpu"]
        stages = ", ".join(f"{k} {v:.1f} ({_stage_cpu(cpu, k):.1f} CPU)" for k, v in ours["stages"].items())
        print(
            f"== {name}: {ours['articles']:,} articles in {ours['partitions']} partitions, "
            f"{ours['themes']} themes, {ours['k']} topics"
        )
        print(
            f"   broadsheet cold: {total:.1f} s wall (load {ours['load']:.1f} + analyse {ours['analyze']:.1f}), "
            f"{ours['cpu']:.1f} CPU-s; peak RSS: main process {ours['peak_mb']:,.0f} MB, "
            f"largest other process {ours['worker_peak_mb']:,.0f} MB (a worker, or joblib's resource tracker), "
            f"the whole build at once {ours['tree_mb']:,.0f} MB "
            f"(PSS summed over its processes; RSS summed {ours['tree_rss_mb']:,.0f} MB)"
        )
        print(
            f"   stages, wall (CPU summed over workers): {stages}; by part: "
            + ", ".join(f"{k} {cpu[k]:.1f} CPU" for k in ("sentences", "tone", "tokens") if k in cpu)
            + " (the sentences split in both passes: the first pass's CPU above counts both)"
        )
        scored = ours["entity_sentiment"] or {}
        print(
            f"   entity sentiment: {scored.get('targets_scored', 0):,} of {scored.get('entity_sentences', 0):,} "
            f"entity-sentences scored, {scored.get('targets_per_cpu_s', 0):,} targets per CPU-second"
        )
        print(
            f"   reopened from the store: {reopen.get('reopen', float('nan')):.2f} s, "
            f"peak RSS {reopen.get('peak_mb', float('nan')):,.0f} MB"
        )
        if name != "seed":
            naive = run(NAIVE, str(path))
            if "error" in naive:
                print(f"   naive reference failed: {naive['error']}")
                continue
            print(
                f"   naive reference (VADER {naive['vader']}): {naive['with_load']:.1f} s wall with the same load "
                f"({naive['seconds']:.1f} s after it), {naive['cpu']:.1f} CPU-s, peak RSS {naive['peak_mb']:,.0f} MB"
            )
            print(f"   ratio: broadsheet {naive['with_load'] / total:.2f}× faster than the naive reference, wall")


if __name__ == "__main__":
    main()
