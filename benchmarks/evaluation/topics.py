"""Topics and themes against the categories people gave the articles (never seen by the model):

* BBC News (5 desks): NMI between each article's main *theme* and its folder, and its main topic's;
* AllSides (8,000 articles, 108 topics of AllSides' own): NMI between each article's main *topic* and its
  ``topic`` field — the topics only, on the articles' term counts (no entities or sentiment needed).
"""

from __future__ import annotations

import time

from sklearn.metrics import normalized_mutual_info_score

from analysis.explore.topics import main_themes, main_topics
from analysis.ingest.corpus import load_corpus
from analysis.pipeline import analyze
from benchmarks.evaluation import SHARED


def _nmi(truth, found) -> float:
    found = found.reindex(truth.index)
    covered = found.notna()
    return float(normalized_mutual_info_score(truth[covered], found[covered]))


def bbc_topic_agreement() -> dict[str, object] | None:
    """NMI of main themes and topics against BBC categories, or None where the corpus is absent."""
    folder = SHARED / "bbc-news" / "bbc"
    if not folder.exists():
        return None
    articles = load_corpus(folder).articles
    start = time.perf_counter()
    result = analyze(articles)
    seconds = time.perf_counter() - start
    truth = articles.set_index("doc_id")["folder"]
    return {
        "theme_nmi": _nmi(truth, main_themes(result).set_index("doc_id")["theme_id"]),
        "nmi": _nmi(truth, main_topics(result).set_index("doc_id")["topic_id"]),
        "themes": result.themes["label"].tolist(),
        "k": result.meta["topics"]["k"],
        "articles": len(articles),
        "seconds": seconds,
        "stage_seconds": result.meta["timings_s"].get("topics"),
        "stability": result.meta["topics"].get("theme_stability", {}),
    }


def allsides_topic_agreement() -> dict[str, object] | None:
    """NMI of main topics against AllSides' ``topic`` field, fitting the topics alone."""
    path = SHARED / "allsides-news" / "articles.jsonl.gz"
    if not path.exists():
        return None
    from analysis.text.terms import build_term_matrix
    from analysis.themes.topics import fit_topics, term_min_df

    articles = load_corpus(path).articles
    texts = articles["text"].tolist()
    tm = build_term_matrix(texts, min_df=term_min_df(len(texts)))
    start = time.perf_counter()
    model = fit_topics(articles["doc_id"].tolist(), texts, term_matrix=tm,
                       banned=frozenset(articles["source"].dropna().str.lower()))  # fmt: skip
    seconds = time.perf_counter() - start
    main = model.doc_topics.sort_values(["doc_id", "weight"], ascending=[True, False]).drop_duplicates("doc_id")
    truth = articles.set_index("doc_id")["topic"]
    return {"nmi": _nmi(truth, main.set_index("doc_id")["topic_id"]), "k": len(model.topics),
            "themes": len(model.themes), "classes": int(truth.nunique()), "seconds": seconds,
            "labels": model.topics["label"].tolist()}  # fmt: skip


def report() -> None:
    print("== Themes and topics against the categories people gave the articles")
    bbc = bbc_topic_agreement()
    if bbc is None:
        print("BBC: skipped, ../shared/data/bbc-news/bbc is absent")
    else:
        print(
            f"BBC ({bbc['articles']:,} articles, 5 desks): theme NMI {bbc['theme_nmi']:.3f} with "
            f"{len(bbc['themes'])} themes chosen automatically; topic NMI {bbc['nmi']:.3f} with {bbc['k']} topics "
            f"(topic stage {bbc['stage_seconds']:.1f} s)"
        )
        print("   theme stability by k:", ", ".join(f"{k}: {v:.2f}" for k, v in bbc["stability"].items()))
        for label in bbc["themes"]:
            print(f"   theme: {label}")
    allsides = allsides_topic_agreement()
    if allsides is None:
        print("AllSides: skipped, ../shared/data/allsides-news/articles.jsonl.gz is absent")
        return
    print(
        f"AllSides ({allsides['classes']} AllSides topics): topic NMI {allsides['nmi']:.3f} with {allsides['k']} "
        f"topics under {allsides['themes']} themes ({allsides['seconds']:.1f} s)"
    )
    for label in allsides["labels"][:20]:
        print(f"   topic: {label}")
