"""The seed, read by a person: its keywords, topics, entities with their portrayal, and quotes."""

from __future__ import annotations

from analysis.explore.portrayal import portrayal
from analysis.explore.summaries import mention_counts
from analysis.ingest.corpus import load_corpus
from analysis.pipeline import analyze
from benchmarks.evaluation import ROOT


def report() -> None:
    print("== The seed")
    seed = analyze(load_corpus(ROOT / "seeds").articles)
    print("keywords:", ", ".join(seed.keywords["term"]))
    print(f"topics ({seed.meta['topics']['unit']}s as units, k = {seed.meta['topics']['k']}):")
    passages = seed.passages.set_index("passage_id")
    for _, topic in seed.topics.iterrows():
        first = topic["representatives"][0] if len(topic["representatives"]) else None
        where = f"paragraphs {passages.at[first, 'para_start']}-{passages.at[first, 'para_end']}" if first else ""
        print(f"   {topic['label']:<45} {topic['prevalence']:.0%}  {where}")
    print("entities (sentences: negative / neutral / positive toward it):")
    shown = portrayal(seed.entity_sentiment).set_index("entity")
    for row in mention_counts(seed.entities).itertuples():
        p = shown.loc[row.entity] if row.entity in shown.index else None
        figures = (
            f"{p['negative']:.0%} / {p['neutral']:.0%} / {p['positive']:.0%}   score {p['score']:+.2f}"
            if p is not None
            else "not scored"
        )
        print(f"   {row.entity:<26} {row.type:<13} {row.mentions:>2} mention(s) {figures}")
    print("quotes:")
    for quote in seed.quotes.itertuples():
        text = quote.text if len(quote.text) < 70 else quote.text[:67] + "…"
        print(f"   {quote.kind:<8} {quote.speaker:<14} sentences {quote.first_sent}-{quote.last_sent}  “{text}”")
