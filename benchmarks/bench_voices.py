"""The voices stage on AllSides 8k: wall seconds of ``analyse_voices`` + ``link_names`` as the pipeline runs
them (both cores), then CPU seconds per part, each part run once in this process over the whole corpus.

    python benchmarks/bench_voices.py [PATH]   # default ../shared/data/allsides-news/articles.jsonl.gz

Prints figures and asserts nothing; the machine is shared, so read them as one run's.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.ingest.corpus import load_corpus  # noqa: E402
from analysis.text.sentences import sentence_frame, sentence_texts  # noqa: E402
from analysis.voices import batch  # noqa: E402
from analysis.voices.entities import ORG, PERSON, batch_mentions, merge_in_article  # noqa: E402
from analysis.voices.gazetteer import gazetteer_hits  # noqa: E402
from analysis.voices.ner import default_model, featurize, viterbi  # noqa: E402
from analysis.voices.quotes import quote_rows  # noqa: E402
from analysis.voices.tokens import tokenize  # noqa: E402
from analysis.voices.tone import analyzer, sentence_tone  # noqa: E402


def cpu(label: str, work, *args):
    start = time.process_time()
    out = work(*args)
    print(f"   {label:<42} {time.process_time() - start:6.2f} CPU-s")
    return out


def main(path: str) -> None:
    articles = load_corpus(path).articles
    texts = articles["text"].tolist()
    doc_ids = articles["doc_id"].tolist()
    sentences = sentence_frame(doc_ids, texts)
    print(f"{len(articles):,} articles, {sum(map(len, texts)) / 1e6:.1f} M characters, {len(sentences):,} sentences")
    default_model(), analyzer(), gazetteer_hits("warm up")  # loading is not the stage's work
    start = time.perf_counter()
    _, entities, quotes = batch.analyse_voices(articles, sentences)
    linked = batch.link_names(entities, quotes)
    print(f"voices stage (analyse_voices + link_names), wall: {time.perf_counter() - start:.2f} s")
    print(f"   {len(linked[0]):,} entity mentions, {len(linked[1]):,} quotes and reported speech")

    print("per part, one process, CPU seconds:")
    rows = sentences.groupby("doc_id", sort=False).indices
    starts, ends, paras = (sentences[c].to_numpy() for c in ("start", "end", "para_id"))
    offsets = np.cumsum([0, *(len(t) + 2 for t in texts[:-1])])
    joined = "\n\n".join(texts)
    s_b = np.concatenate([starts[rows[d]] + o for d, o in zip(doc_ids, offsets, strict=True)])
    e_b = np.concatenate([ends[rows[d]] + o for d, o in zip(doc_ids, offsets, strict=True)])
    tokens = cpu("tokens (numpy)", tokenize, joined)
    f = cpu("recogniser: candidates and their features", featurize, joined, tokens, s_b, e_b)
    scores = cpu("recogniser: scores", default_model().scores, f)
    cpu("recogniser: Viterbi", viterbi, scores, f.cands.run)
    cpu("gazetteers (Aho-Corasick)", gazetteer_hits, joined)
    found = cpu("entities in all (recogniser + gazetteers + rules)", batch_mentions, joined, tokens, s_b, e_b, offsets)
    where = np.searchsorted(offsets, [m.start for m in found], side="right") - 1
    groups = [[] for _ in texts]
    for m, k in zip(found, where.tolist(), strict=True):
        groups[k].append(m)
    merged = cpu("names merged in each article", lambda: [merge_in_article(g) for g in groups])

    def quotes_all():
        for k, (doc, text) in enumerate(zip(doc_ids, texts, strict=True)):
            r = rows[doc]
            o = int(offsets[k])
            people = [(m.start - o, m.end - o, n) for m, n in merged[k] if m.type == PERSON]
            orgs = [(m.start - o, m.end - o, n) for m, n in merged[k] if m.type == ORG]
            p = paras[r]
            quote_rows(doc, text, people, orgs, starts[r], ends[r], np.r_[True, p[1:] != p[:-1]])

    cpu("quotes, reported speech and speakers", quotes_all)
    pieces = cpu(
        "sentence texts cut",
        lambda: [
            s for d, t in zip(doc_ids, texts, strict=True) for s in sentence_texts(t, starts[rows[d]], ends[rows[d]])
        ],
    )
    cpu("tone (VADER, exact)", sentence_tone, pieces)
    cpu("link_names (corpus)", batch.link_names, entities, quotes)


if __name__ == "__main__":
    main(
        sys.argv[1]
        if len(sys.argv) > 1
        else str(ROOT.parent / "shared" / "data" / "allsides-news" / "articles.jsonl.gz")
    )
