"""Topic agreement with the five BBC categories: NMI between each article's main topic and its folder,
with the number of topics chosen automatically (the categories are never seen by the model)."""

from __future__ import annotations

import time

from sklearn.metrics import normalized_mutual_info_score

from analysis.explore.topics import main_topics
from analysis.ingest.corpus import load_corpus
from analysis.pipeline import analyze
from benchmarks.evaluation import SHARED


def bbc_topic_agreement() -> dict[str, object] | None:
    """NMI of main topics against BBC categories, or None where the corpus is absent."""
    folder = SHARED / "bbc-news" / "bbc"
    if not folder.exists():
        return None
    articles = load_corpus(folder).articles
    start = time.perf_counter()
    result = analyze(articles)
    seconds = time.perf_counter() - start
    main = main_topics(result).set_index("doc_id")["topic_id"]
    truth = articles.set_index("doc_id")["folder"]
    covered = truth.index.isin(main.index)
    nmi = normalized_mutual_info_score(truth[covered], main.reindex(truth.index[covered]))
    return {
        "nmi": nmi,
        "k": result.meta["topics"]["k"],
        "articles": len(articles),
        "without_topic": int((~covered).sum()),
        "seconds": seconds,
        "labels": result.topics["label"].tolist(),
        "candidates": result.meta["topics"]["candidates"],
    }


def report() -> None:
    print("== Topic agreement with BBC categories (automatic k)")
    bbc = bbc_topic_agreement()
    if bbc is None:
        print("skipped: ../shared/data/bbc-news/bbc is absent")
        return
    print(
        f"NMI {bbc['nmi']:.3f} with k = {bbc['k']} chosen automatically "
        f"({bbc['articles']:,} articles, {bbc['without_topic']} without a topic, {bbc['seconds']:.1f} s)"
    )
    for k, scores in bbc["candidates"].items():
        print(
            f"   k={k:>2}: stability {scores['stability']:.3f}  NPMI {scores['npmi']:.3f}  "
            f"diversity {scores['diversity']:.2f}"
        )
    for label in bbc["labels"]:
        print(f"   topic: {label}")
