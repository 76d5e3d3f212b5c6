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
        <= budgets(analysis, exposure.quotes).limit[doc_id]
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


STORY = [
    "The harbour at Westhaven reopened on Monday after a storm closed it for a week, the port authority said.",
    "“We are proud of the crews who cleared the channel in record time,” said Mayor Anne Smith, who visited the "
    "quay with engineers from the regional council and thanked volunteers for their work in the rain.",
    "Repairs to the breakwater will cost about two million pounds, according to the council, and will take most "
    "of the summer. Traders said the closure had cost them a busy week of sales at the market.",
    "Fishing boats were the first to leave, followed by two ferries that had waited offshore since Friday, and "
    "the coastguard said the channel would be checked again at the end of the month.",
]


def hostile_corpora(folder) -> dict[str, str]:
    """Corpora a share-safe copy must hold against: a text repeated in an extra column, briefs whose title
    is their first sentence, an article in capitals, a story in many copies, a table without a header."""
    made = {}

    def write(name: str, file: str, content: str) -> None:
        (folder / name).mkdir()
        (folder / name / file).write_text(content)
        made[name] = str(folder / name)

    body = " ".join(STORY)
    rows = [f'"{body.replace(chr(34), "")}","{body.replace(chr(34), "")}",Coast Gazette'] * 1
    write("extra column", "news.csv", "text,description,source\n" + "\n".join(rows) + "\n")
    briefs = [f'"{s.replace(chr(34), "")}",Harbour News,2021-0{i + 1}-10' for i, s in enumerate(STORY)]
    write("briefs", "briefs.csv", "text,source,date\n" + "\n".join(briefs) + "\n")
    write("capitals", "alert.txt", "Harbour plan rejected\n\n" + body.upper().replace("“", '"').replace("”", '"'))
    sentences = [s.strip() + "." for part in STORY for s in part.split(". ") if s.strip()]
    copies = [{"title": f"Harbour reopens ({n})", "source": f"Paper {n}", "date": "2021-03-01",
               "text": "\n\n".join(sentences[n % len(sentences):] + sentences[: n % len(sentences)])}
              for n in range(2 * len(sentences))]  # each copy leads with another sentence  # fmt: skip
    write("copies", "copies.jsonl", "\n".join(json.dumps(c) for c in copies))
    write("no header", "table.csv", f'{body[:180]},2021-01-01,"{body}"\n')
    return made


def bundle_strings(corpus: str) -> list[str]:
    """The cells of the Data page's bundle (every table as CSV) in share-safe mode, as the page makes it."""
    import io
    import zipfile

    from analysis.explore.export import TABLES, bundle
    from analysis.explore.slices import Filters, select

    analysis = cached_analyze(load_corpus(corpus).articles)
    redacted = redact(analysis, Exposure())
    view = Slice(redacted, select(redacted, Filters(), analysis), source=analysis, exposure=Exposure())
    raw = bundle({name: view.download(name) for name in TABLES}, [], analysis.meta)
    cells: list[str] = []
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for name in archive.namelist():
            if name.endswith(".csv"):
                cells += pd.read_csv(archive.open(name), dtype=str).fillna("").to_numpy().ravel().tolist()
    return cells


@pytest.mark.slow
def test_no_page_or_download_shows_more_than_a_quarter_of_a_hostile_corpus(tmp_path, monkeypatch):
    corpora = hostile_corpora(tmp_path)
    table = corpora.pop("no header")
    for name, corpus in corpora.items():
        articles = load_corpus(corpus).articles
        worst = worst_page(corpus, {"keywords": {"term": "the"}}, monkeypatch)  # a term in every sentence
        worst["bundle"] = (float(verbatim_shares(articles, bundle_strings(corpus)).max()), "")
        assert {page: share for page, (share, _) in worst.items() if share > PAGE_SHARE} == {}, (name, worst)
    # A table without a header row is rejected, and the reason names its "columns" without quoting them whole.
    body = pd.DataFrame({"doc_id": ["d"], "text": [" ".join(STORY)]})
    at = visit("data", table, {}, monkeypatch)
    assert verbatim_shares(body, shown_strings(at))["d"] <= PAGE_SHARE


def test_a_shared_copy_cuts_who_spoke_as_written_below_a_verbatim_run(tmp_path, monkeypatch):
    """A source slot is the article's own words: one as long as a verbatim run is cut in a shared copy
    like a long name, and never read back whole from the store (the run shortened here to 10 characters,
    so that "Several friends" counts as long)."""
    import analysis.explore.share_safe as share_safe

    (tmp_path / "a.txt").write_text(
        "Council vote\n\nThe vote was close. Several friends said the plan would fail within a year.\n"
    )
    analysis = cached_analyze(load_corpus(tmp_path).articles)
    assert analysis.quotes["source_text"].tolist() == ["Several friends"]
    monkeypatch.setattr(share_safe, "RUN", 10)
    redacted = redact(analysis, Exposure())
    shown = redacted.quotes["source_text"].tolist()
    assert len(shown) == 1 and len(shown[0]) < 10 and shown[0] != ""
    view = Slice(redacted, np.ones(1, dtype=bool), source=analysis, exposure=Exposure())
    assert view.with_column("quotes", redacted.quotes, "source_text")["source_text"].tolist() == shown
