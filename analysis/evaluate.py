"""``python -m analysis evaluate``: quality figures on real data, printed for people to judge.

* Topic agreement with the five BBC categories: NMI between each article's dominant topic and its
  folder, with the number of topics chosen automatically (the categories are never seen by the model).
* The seed's keywords and topics.
"""

from __future__ import annotations

import time
from pathlib import Path

from sklearn.metrics import normalized_mutual_info_score

from .corpus import load_corpus
from .pipeline import analyze

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def bbc_topic_agreement() -> dict[str, object] | None:
    """NMI of dominant topics against BBC categories, or None where the corpus is absent."""
    folder = SHARED / "bbc-news" / "bbc"
    if not folder.exists():
        return None
    articles = load_corpus(folder).articles
    start = time.perf_counter()
    result = analyze(articles)
    seconds = time.perf_counter() - start
    dominant = (result.doc_topics.sort_values(["doc_id", "weight"], ascending=[True, False])
                .drop_duplicates("doc_id").set_index("doc_id")["topic_id"])
    truth = articles.set_index("doc_id")["folder"]
    covered = truth.index.isin(dominant.index)
    nmi = normalized_mutual_info_score(truth[covered], dominant.reindex(truth.index[covered]))
    return {"nmi": nmi, "k": result.meta["topics"]["k"], "articles": len(articles),
            "without_topic": int((~covered).sum()), "seconds": seconds,
            "labels": result.topics["label"].tolist(), "candidates": result.meta["topics"]["candidates"]}


def main() -> int:
    print("== Topic agreement with BBC categories (automatic k)")
    bbc = bbc_topic_agreement()
    if bbc is None:
        print("skipped: ../shared/data/bbc-news/bbc is absent")
    else:
        print(f"NMI {bbc['nmi']:.3f} with k = {bbc['k']} chosen automatically "
              f"({bbc['articles']:,} articles, {bbc['without_topic']} without a topic, {bbc['seconds']:.1f} s)")
        for k, scores in bbc["candidates"].items():
            print(f"   k={k:>2}: stability {scores['stability']:.3f}  NPMI {scores['npmi']:.3f}  "
                  f"diversity {scores['diversity']:.2f}")
        for label in bbc["labels"]:
            print(f"   topic: {label}")
    print("\n== The seed")
    seed = analyze(load_corpus(ROOT / "seeds").articles)
    print("keywords:", ", ".join(seed.keywords["term"]))
    print(f"topics ({seed.meta['topics']['unit']}s as units, k = {seed.meta['topics']['k']}):")
    passages = seed.passages.set_index("passage_id")
    for _, topic in seed.topics.iterrows():
        first = topic["representatives"][0] if len(topic["representatives"]) else None
        where = f"paragraphs {passages.at[first, 'para_start']}-{passages.at[first, 'para_end']}" if first else ""
        print(f"   {topic['label']:<45} {topic['prevalence']:.0%}  {where}")
    return 0
