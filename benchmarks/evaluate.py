"""``python -m analysis evaluate``: quality figures on real data, printed for people to judge.

* Topic agreement with the five BBC categories: NMI between each article's dominant topic and its
  folder, with the number of topics chosen automatically (the categories are never seen by the model).
* Sentiment toward targets on NewsMTSC's held-out devtest files (never used in training or selection):
  macro-F1 on ``devtest_rw`` (the authors' recommended set) and ``devtest_mt``, and targets per second.
* Person recall: the share of NewsMTSC's named target mentions (people by construction; pronouns and
  lower-case mentions left out) that the entity rules find as a person, sentence by sentence.
* The seed's keywords, topics, entities with their portrayal, and quotes with speakers.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score, normalized_mutual_info_score

from analysis.ingest.corpus import load_corpus
from analysis.pipeline import analyze

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
    dominant = (
        result.doc_topics.sort_values(["doc_id", "weight"], ascending=[True, False])
        .drop_duplicates("doc_id")
        .set_index("doc_id")["topic_id"]
    )
    truth = articles.set_index("doc_id")["folder"]
    covered = truth.index.isin(dominant.index)
    nmi = normalized_mutual_info_score(truth[covered], dominant.reindex(truth.index[covered]))
    return {
        "nmi": nmi,
        "k": result.meta["topics"]["k"],
        "articles": len(articles),
        "without_topic": int((~covered).sum()),
        "seconds": seconds,
        "labels": result.topics["label"].tolist(),
        "candidates": result.meta["topics"]["candidates"],
    }


def target_sentiment_scores() -> dict[str, dict[str, float]] | None:
    """Macro-F1, per-class F1 and targets/s of the shipped model on each devtest file."""
    from analysis.stance.model import LABELS, default_model
    from analysis.stance.train import read_newsmtsc

    folder = SHARED / "newsmtsc"
    if not folder.exists():
        return None
    model = default_model()
    model.predict_proba(["Warm-up: the lexicon and arrays load on first use."], [(0, 7)])  # not throughput
    out = {}
    for name in ("devtest_rw", "devtest_mt"):
        sentences, spans, labels, _ = read_newsmtsc(folder / f"{name}.jsonl")
        start = time.perf_counter()
        predicted = np.array(LABELS)[model.predict_proba(sentences, spans).argmax(axis=1)]
        seconds = time.perf_counter() - start
        per_class = f1_score(labels, predicted, average=None, labels=list(LABELS))
        out[name] = {
            "macro_f1": float(f1_score(labels, predicted, average="macro")),
            "targets": len(labels),
            "targets_per_s": len(labels) / seconds,
            **dict(zip(LABELS, per_class.tolist(), strict=True)),
        }
    return out


def person_recall() -> dict[str, float] | None:
    """Share of NewsMTSC's capitalised target mentions found inside a person mention of their sentence."""
    import json

    from analysis.voices.entities import PERSON, find_mentions, merge_in_article

    folder = SHARED / "newsmtsc"
    if not folder.exists():
        return None
    found = total = 0
    for name in ("train", "devtest_rw", "devtest_mt"):
        with (folder / f"{name}.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                sentence = record["sentence_normalized"]
                people = [(m.start, m.end) for m, _ in merge_in_article(find_mentions(sentence)) if m.type == PERSON]
                for target in record["targets"]:
                    mention = target["mention"]
                    if not mention[:1].isupper() or mention.lower() in ("he", "she", "they", "him", "her", "i"):
                        continue
                    total += 1
                    a, b = target["from"], target["to"]
                    found += any(x < b and a < y for x, y in people)
    return {"recall": found / total, "mentions": total}


def main() -> int:
    print("== Topic agreement with BBC categories (automatic k)")
    bbc = bbc_topic_agreement()
    if bbc is None:
        print("skipped: ../shared/data/bbc-news/bbc is absent")
    else:
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
    print("\n== Sentiment toward targets (NewsMTSC devtest; the model never saw these)")
    scores = target_sentiment_scores()
    if scores is None:
        print("skipped: ../shared/data/newsmtsc is absent")
    else:
        for name, row in scores.items():
            print(
                f"{name}: macro-F1 {row['macro_f1']:.3f} (negative {row['negative']:.3f}, neutral "
                f"{row['neutral']:.3f}, positive {row['positive']:.3f}) on {row['targets']:,} targets, "
                f"{row['targets_per_s']:,.0f} targets/s"
            )
    recall = person_recall()
    if recall is not None:
        print(f"person recall on NewsMTSC target mentions: {recall['recall']:.3f} of {recall['mentions']:,}")
    print("\n== The seed")
    seed = analyze(load_corpus(ROOT / "seeds").articles)
    print("keywords:", ", ".join(seed.keywords["term"]))
    print(f"topics ({seed.meta['topics']['unit']}s as units, k = {seed.meta['topics']['k']}):")
    passages = seed.passages.set_index("passage_id")
    for _, topic in seed.topics.iterrows():
        first = topic["representatives"][0] if len(topic["representatives"]) else None
        where = f"paragraphs {passages.at[first, 'para_start']}-{passages.at[first, 'para_end']}" if first else ""
        print(f"   {topic['label']:<45} {topic['prevalence']:.0%}  {where}")
    from analysis.explore.portrayal import portrayal

    print("entities (sentences: negative / neutral / positive toward it):")
    counts = seed.entities.groupby(["entity", "type"], observed=True).size().rename("mentions").reset_index()
    shown = portrayal(seed.entity_sentiment).set_index("entity")
    for row in counts.sort_values("mentions", ascending=False).itertuples():
        p = shown.loc[row.entity]
        print(
            f"   {row.entity:<26} {row.type:<13} {row.mentions:>2} mention(s) "
            f"{p['negative']:.0%} / {p['neutral']:.0%} / {p['positive']:.0%}   score {p['score']:+.2f}"
        )
    print("quotes:")
    for quote in seed.quotes.itertuples():
        text = quote.text if len(quote.text) < 70 else quote.text[:67] + "…"
        print(f"   {quote.kind:<8} {quote.speaker:<14} sentences {quote.first_sent}-{quote.last_sent}  “{text}”")
    return 0
