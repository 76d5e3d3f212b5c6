"""Page furniture is found from the corpus itself, left out of the analysis, and never of the reporting."""

from __future__ import annotations

import json

import pandas as pd

from analysis.ingest.corpus import load_corpus
from analysis.ingest.furniture import blank, parse_spans
from analysis.ingest.merging import merge_corpora
from analysis.pipeline import analyze

BODIES = [
    "The {n}th council meeting approved a budget for the harbour and its ferries.",
    "Residents asked about parking near the quay, and the mayor promised a survey.",
    "Fishermen said catches of cod had fallen for a {n}th year in a row.",
    "A new lifeboat station will open in spring, the coastguard confirmed.",
]


def outlet(name: str, trailer: str, n: int = 24, start: int = 0) -> list[dict]:
    """Articles of one outlet that nobody here has seen, each ending in the outlet's own trailer line."""
    rows = []
    for i in range(start, start + n):
        body = " ".join(BODIES[(i + k) % 4].format(n=i + k) for k in range(3))
        text = f"{body}\n\nMore on the harbour story {i} follows.\n\n{trailer.format(year=2000 + i)}"
        rows.append({"title": f"{name} story {i}", "source": name, "date": f"2021-{1 + i % 12:02d}-10", "text": text})
    return rows


def corpus_of(rows: list[dict]):
    return load_corpus([("news.jsonl", "\n".join(json.dumps(r) for r in rows).encode())])


def test_an_unseen_outlets_trailer_is_found_and_left_out_of_the_analysis():
    corpus = corpus_of(outlet("Harbour Herald", "© {year} Harbour Herald Media. Reprints on request only."))
    assert set(corpus.furniture["source"]) == {"Harbour Herald"}
    assert corpus.furniture["key"].str.contains("harbour herald media").any(), "one line for every year (digits)"
    articles = corpus.articles
    assert (articles["furniture"] != "").all()
    for text, spans in zip(articles["text"], articles["furniture"], strict=True):
        assert "Reprints on request" in text, "the text as loaded keeps it"
        kept = blank(text, spans)
        assert "Reprints on request" not in kept and len(kept) == len(text), "blanked, every offset kept"
    assert corpus.report["notes"].str.contains("page furniture left out").all()
    result = analyze(articles)
    vocabulary = set(result.vocabulary["term"])
    assert not vocabulary & {"reprints", "request", "media"}, "its words are no terms"
    spans = dict(zip(articles["doc_id"], articles["furniture"].map(parse_spans), strict=True))
    for row in result.sentences.itertuples():
        assert not any(a < row.end and row.start < b for a, b in spans[row.doc_id]), "no sentence in furniture"


def test_reporting_repeated_in_copies_of_one_story_is_not_furniture():
    """Twelve papers running one wire story share its paragraphs: that is one story, and reporting."""
    wire = "The storm closed the coastal road between Westhaven and Eastport for the whole of Tuesday night."
    rows = outlet("Gazette", "Thanks for reading.", n=12)
    for i in range(12):
        text = f"{wire}\n\nPolice said the road would reopen on Wednesday morning at the earliest."
        rows.append({"title": f"Storm copy {i}", "source": "Gazette", "date": "2021-03-01", "text": text})
    corpus = corpus_of(rows)
    keys = set(corpus.furniture["key"])
    assert "thanks for reading." in keys
    assert not any("coastal road" in k or "police said" in k for k in keys), keys


def test_small_outlets_are_left_alone_and_uploads_use_what_the_corpus_knows():
    base = corpus_of(outlet("Harbour Herald", "© {year} Harbour Herald Media. Reprints on request only.")
                     + outlet("Tiny Times", "Tiny Times trailer line here.", n=4))  # fmt: skip
    assert set(base.furniture["source"]) == {"Harbour Herald"}, "four stories prove nothing"
    upload = corpus_of(outlet("Harbour Herald", "© {year} Harbour Herald Media. Reprints on request only.", n=1,
                              start=99))  # fmt: skip
    assert upload.furniture.empty, "one article alone shows no furniture"
    merged = merge_corpora(base, upload)
    new = merged.articles[merged.articles["title"] == "Harbour Herald story 99"]
    assert len(new) == 1 and new["furniture"].iloc[0] != "", "the upload is read with its outlet's furniture"
    assert pd.Series(merged.articles["furniture"].iloc[: len(base.articles)].to_numpy()).equals(
        pd.Series(base.articles["furniture"].to_numpy())
    ), "the known articles keep theirs"


def test_a_short_line_is_furniture_only_where_it_stands_alone():
    """An outlet's one-word or number lines ("Washington", "2019", "Ad") are blanked as whole paragraphs,
    never inside reporting ("The Washington Post reported … in 2019"); a line of digits is no furniture."""
    rows = outlet("Harbour Herald", "Washington", n=24)
    for i, row in enumerate(rows[:6]):
        row["text"] += f"\n\n{2000 + i}"
    prose = "The Washington Post reported that the harbour closed in 2019, and the council said the ad was fine."
    rows[10]["text"] = prose + "\n\n" + rows[10]["text"]
    corpus = corpus_of(rows)
    assert "washington" in set(corpus.furniture["key"])
    assert not corpus.furniture["key"].str.fullmatch(r"[\d\W]+").any(), "digits alone are no furniture"
    article = corpus.articles.iloc[10]
    analysed = blank(article["text"], article["furniture"])
    assert analysed.startswith(prose), "the same word inside reporting is kept"
    assert not analysed.rstrip().endswith("Washington"), "the line standing alone is blanked"
