"""Share-safe mode holds on every page: no page view shows more than a quarter of any article verbatim.

Measured as a demanding reader would: every string the page shows (cells, captions, options, chart data)
is joined into one text, and an article character counts as shown when it lies inside a run of at least
40 characters that appears verbatim in that text (white space folded) — so pieces shown side by side count
together.  The same measure on the normal mode must find the article, or the check could not fail.
"""

from __future__ import annotations

import gzip
import json
import re

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.explore.share_safe import PAGE_SHARE, Exposure, budgets, redact, verbatim_length
from analysis.explore.slices import Slice
from analysis.ingest.corpus import load_corpus
from analysis.store import cached_analyze
from tests.conftest import ALLSIDES, ROOT, SEEDS, need
from tests.shown import shown_strings

DASHBOARD = str(ROOT / "dashboard.py")
RUN = 40
PAGES = ("overview", "keywords", "topics", "sentiment", "people", "articles", "data")


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def verbatim_shares(articles: pd.DataFrame, shown: list[str], run: int = RUN) -> pd.Series:
    """Per article, the share of its characters inside verbatim runs of ≥ ``run`` characters of ``shown``."""
    page = _fold(" ".join(shown))
    windows = {page[i : i + run] for i in range(max(len(page) - run + 1, 0))}
    shares = {}
    for doc_id, text in zip(articles["doc_id"], articles["text"], strict=True):
        body = _fold(text)
        covered = np.zeros(len(body) + 1, dtype=np.int32)
        for i in range(max(len(body) - run + 1, 0)):
            if body[i : i + run] in windows:
                covered[i] += 1
                covered[i + run] -= 1
        shares[doc_id] = float((np.cumsum(covered)[:-1] > 0).mean()) if body else 0.0
    return pd.Series(shares)


def visit(page: str, corpus: str, params: dict[str, str], monkeypatch, safe: bool = True) -> AppTest:
    monkeypatch.setenv("BROADSHEET_CORPUS", corpus)
    if safe:
        monkeypatch.setenv("BROADSHEET_SHARE_SAFE", "1")
    else:
        monkeypatch.delenv("BROADSHEET_SHARE_SAFE", raising=False)
    at = AppTest.from_file(DASHBOARD, default_timeout=180)
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, (page, [e.value for e in at.exception])
    return at


def worst_page(corpus: str, params: dict[str, dict[str, str]], monkeypatch) -> dict[str, tuple[float, str]]:
    articles = load_corpus(corpus).articles
    out = {}
    for page in PAGES:
        shares = verbatim_shares(articles, shown_strings(visit(page, corpus, params.get(page, {}), monkeypatch)))
        out[page] = (float(shares.max()), str(shares.idxmax()))
    return out


def test_the_measure_finds_an_article_shown_whole(monkeypatch):
    articles = load_corpus(SEEDS).articles
    doc_id = articles["doc_id"].iloc[0]
    at = visit("articles", str(SEEDS), {"article": doc_id}, monkeypatch, safe=False)
    assert verbatim_shares(articles, shown_strings(at))[doc_id] > 0.9, "the reader shows the whole article"
    assert verbatim_shares(articles, ["a few words of no article at all, long enough to count"]).max() == 0


def test_no_page_of_the_seed_shows_more_than_a_quarter_of_it(monkeypatch):
    doc_id = load_corpus(SEEDS).articles["doc_id"].iloc[0]
    worst = worst_page(str(SEEDS), {"articles": {"article": doc_id, "mark": "3"}}, monkeypatch)
    assert {page: share for page, (share, _) in worst.items() if share > PAGE_SHARE} == {}, worst


@pytest.mark.slow
def test_no_page_of_an_allsides_sample_shows_more_than_a_quarter_of_any_article(tmp_path, monkeypatch):
    sample = tmp_path / "allsides.jsonl"
    with gzip.open(need(ALLSIDES), "rt") as lines:
        rows = [json.loads(next(lines)) for _ in range(3000)][2000:2080]  # dated rows, several sources
    sample.write_text("\n".join(json.dumps(r) for r in rows))
    articles = load_corpus(sample).articles
    longest = articles.sort_values("n_words")["doc_id"].iloc[-1]
    worst = worst_page(str(sample), {"articles": {"article": longest, "mark": "2"}}, monkeypatch)
    assert {page: share for page, (share, _) in worst.items() if share > PAGE_SHARE} == {}, worst


def test_the_redacted_view_bounds_each_kind_of_text_per_article():
    analysis = cached_analyze(load_corpus(SEEDS).articles)
    exposure = Exposure()
    redacted = redact(analysis, exposure)
    assert "text" not in redacted.articles and "text" not in redacted.sentences, "no full text at all"
    view = Slice(redacted, np.ones(len(analysis.articles), dtype=bool), source=analysis, exposure=exposure)
    doc_id = analysis.articles["doc_id"].iloc[0]
    length = len(analysis.articles["text"].iloc[0])
    quotes = redacted.quotes["text"]
    assert (
        quotes.map(verbatim_length).where(quotes != "(withheld in this shared copy)", 0).sum()
        <= budgets(analysis, exposure.quotes)[doc_id]
        < 0.1 * length
    )
    lines = view.concordance("pompeo")
    assert 0 < len(lines) < len(view.term_use("pompeo")), "some lines shown, the rest held back"
    shown = (lines["left"].map(verbatim_length) + lines["match"].str.len() + lines["right"].map(verbatim_length)).sum()
    assert shown <= exposure.kwic * length
    evidence = view.evidence("Mike Pompeo")
    kept = evidence.loc[evidence["sentence"] != "(withheld in this shared copy)", "sentence"]
    assert 0 < len(kept) < len(evidence) and kept.map(verbatim_length).sum() <= exposure.evidence * length
    assert verbatim_length(view.sentence_text(doc_id, 3)) <= exposure.sentence * length
    full = Slice(analysis, np.ones(len(analysis.articles), dtype=bool))
    assert len(full.concordance("pompeo")) == len(full.term_use("pompeo")), "the normal view holds nothing back"
