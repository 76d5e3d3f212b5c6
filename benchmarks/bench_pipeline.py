"""Print the pipeline's speed and memory on the shared corpora, beside a naive reference.  No assertions.

Run: ``python benchmarks/bench_pipeline.py [bbc|allsides|seed ...]``.  Each measurement runs in a fresh
Python process so that its peak RSS is its own.  Figures: load and per-stage seconds, articles/s, peak
RSS (of the main process, and of the largest worker process), how many entity-sentences were scored, and
the time to reopen the analysis from the Parquet store.  The reference is what one would write first:
TfidfVectorizer with 1–2-grams + NMF with k=10 (+ VADER on regex-split sentences, where vaderSentiment
is installed).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
CORPORA = {
    "seed": ROOT / "seeds",
    "bbc": SHARED / "bbc-news" / "bbc",
    "allsides": SHARED / "allsides-news" / "articles.jsonl.gz",
}

OURS = r"""
import json, resource, sys, time
from analysis.ingest.corpus import load_corpus
from analysis.store import cached_analyze
source, cache = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
corpus = load_corpus(source)
t1 = time.perf_counter()
result = cached_analyze(corpus.articles, cache_dir=cache)
t2 = time.perf_counter()
from joblib.externals.loky import get_reusable_executor
get_reusable_executor().shutdown(wait=True)  # reaped workers count in RUSAGE_CHILDREN
print(json.dumps({"load": t1 - t0, "analyze": t2 - t1, "stages": result.meta["timings_s"],
                  "articles": len(corpus.articles), "k": result.meta["topics"].get("k"),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
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
print(json.dumps({"seconds": time.perf_counter() - t0, "vader": vader,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(script: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


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
        stages = ", ".join(f"{k} {v:.2f}" for k, v in ours["stages"].items())
        print(f"== {name}: {ours['articles']:,} articles, k = {ours['k']}")
        print(
            f"   broadsheet cold: {total:.2f} s (load {ours['load']:.2f} + analyse {ours['analyze']:.2f}: {stages})"
            f", {ours['articles'] / total:,.0f} articles/s, peak RSS {ours['peak_mb']:,.0f} MB "
            f"(largest worker process {ours['worker_peak_mb']:,.0f} MB)"
        )
        print(f"   entity sentiment: {ours['entity_sentiment']}")
        print(
            f"   reopened from the store: {reopen.get('reopen', float('nan')):.2f} s, "
            f"peak RSS {reopen.get('peak_mb', float('nan')):,.0f} MB"
        )
        if name != "seed":
            naive = run(NAIVE, str(path))
            if "error" in naive:
                print(f"   naive reference failed: {naive['error']}")
            else:
                print(
                    f"   naive reference (analysis only, VADER {naive['vader']}): {naive['seconds']:.2f} s, "
                    f"peak RSS {naive['peak_mb']:,.0f} MB"
                )


if __name__ == "__main__":
    main()
