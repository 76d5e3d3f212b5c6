"""AppTest tests of every page with a sample of AllSides (400 dated articles from many sources): the key
charts and their data, filters narrowing them, and filters restored from the URL."""

from __future__ import annotations

import gzip
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ALLSIDES, need
from tests.test_app import DASHBOARD, charts_by_title

pytestmark = pytest.mark.slow  # real corpora from ../shared/data

SAMPLE_EVERY = 20  # every 20th article: 400 of the 8,000, spread over the years and sources


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> str:
    """A JSON Lines file of every 20th AllSides article, written to a temporary folder (never the project)."""
    rows = []
    with gzip.open(need(ALLSIDES), "rt", encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if i % SAMPLE_EVERY == 0:
                rows.append(line)
    path = tmp_path_factory.mktemp("allsides") / "sample.jsonl"
    path.write_text("".join(rows), encoding="utf-8")
    return str(path)


def open_page(page: str, corpus: str, monkeypatch, params: dict | None = None) -> AppTest:
    monkeypatch.setenv("BROADSHEET_CORPUS", corpus)
    at = AppTest.from_file(DASHBOARD, default_timeout=300)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_overview_shows_sources_months_and_topics(sample, monkeypatch):
    at = open_page("overview", sample, monkeypatch)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "400"
    charts = charts_by_title(at)
    from analysis.ingest.corpus import load_corpus

    dated = int(load_corpus(sample).articles["published"].notna().sum())
    months = charts["Articles per month, by source (click a source)"]
    assert months[1]["articles"].sum() == dated
    assert set(months[1].columns) == {"period", "source", "articles"}, "only what the chart draws"
    colours = months[0]["encoding"]["color"]["scale"]
    assert colours["domain"][-1] == "other sources" and len(colours["domain"]) == len(colours["range"])
    assert charts["How the articles sound"][1]["articles"].sum() == 400
    assert "Topics (articles as units; click one to filter)" in charts


def test_a_source_filter_narrows_every_page(sample, monkeypatch):
    articles = pd.read_json(sample, lines=True)
    source = articles["source"].value_counts().index[0]
    expected = int((articles["source"] == source).sum())
    at = open_page("overview", sample, monkeypatch)
    at.sidebar.multiselect(key="source").set_value([source]).run()
    assert {m.label: m.value for m in at.metric}["Articles"] == f"{expected:,}"
    months = charts_by_title(at)["Articles per month, by source (click a source)"][1]
    assert set(months["source"]) == {source}

    for page, check in {
        "sentiment": lambda at: charts_by_title(at)["Tone by main topic (click to filter)"][1]["articles"].sum(),
        "articles": lambda at: len(at.dataframe[0].value),
    }.items():
        filtered = open_page(page, sample, monkeypatch, {"source": source})
        assert filtered.sidebar.multiselect(key="source").value == [source], "restored from the URL"
        assert check(filtered) <= expected
    people = open_page("people", sample, monkeypatch, {"source": source})
    everyone = open_page("people", sample, monkeypatch)
    narrowed = charts_by_title(people)["Most mentioned (click to filter)"][1]["mentions"].sum()
    assert narrowed < charts_by_title(everyone)["Most mentioned (click to filter)"][1]["mentions"].sum()


def test_dates_and_tone_from_the_url(sample, monkeypatch):
    at = open_page("sentiment", sample, monkeypatch, {"dates": ["2019-01-01", "2019-12-31"], "tone": ["0", "1"]})
    assert at.sidebar.date_input(key="dates").value == (date(2019, 1, 1), date(2019, 12, 31))
    assert at.sidebar.slider(key="tone").value == (0.0, 1.0)
    monthly = charts_by_title(at)["Tone over time"][1]
    assert monthly["period"].min() >= pd.Timestamp("2019-01-01")
    assert monthly["period"].max() <= pd.Timestamp("2019-12-01")
    assert (monthly["tone"] >= 0).all(), "only articles with tone ≥ 0 are left"


def test_every_page_draws_its_key_charts(sample, monkeypatch):
    expected = {
        "keywords": {
            "Most distinctive terms (click one to read it in context)",
            "Terms typical of each slice (click one to read it)",
        },
        "topics": {
            "Themes (click one to filter)",
            "Their topics (click one to filter)",
            "Map of the articles (placed by their topic mix; click one to read it)",
            "Themes over time",
            "Themes by source",
        },
        "sentiment": {"Tone by source (click to filter)", "Tone over time"},
        "people": {
            "Most mentioned (click to filter)",
            "How they are portrayed",
            "Named together: articles naming both",
        },
    }
    for page, titles in expected.items():
        at = open_page(page, sample, monkeypatch)
        charts = charts_by_title(at)
        assert titles <= set(charts), (page, set(charts))
        for _, data in charts.values():
            assert "text" not in data.columns, f"{page}: no article text in a chart"
    contrast = charts_by_title(open_page("keywords", sample, monkeypatch))[
        "Terms typical of each slice (click one to read it)"
    ][1]
    assert contrast["typical"].nunique() == 2, "terms typical of each of the two sources"
    assert (contrast["z"] > 0).any() and (contrast["z"] < 0).any()
    articles = open_page("articles", sample, monkeypatch)
    assert len(articles.dataframe[0].value) == 400
    data = open_page("data", sample, monkeypatch)
    assert any("**400** loaded" in m.value for m in data.markdown)


def test_keyword_trend_and_contrast_by_date(sample, monkeypatch):
    at = open_page("keywords", sample, monkeypatch, {"term": "trump"})
    charts = charts_by_title(at)
    trend = charts["Articles using “trump”, by month"][1]
    # The same shares counted independently, from the articles' own text.
    from analysis.ingest.corpus import load_corpus

    articles = load_corpus(sample).articles.dropna(subset=["published"])
    uses = articles["text"].str.contains(r"(?<!\w)trump(?!\w)", case=False, regex=True)
    month = articles["published"].dt.tz_localize(None).dt.to_period("M").dt.start_time
    expected = uses.groupby(month).mean()
    drawn = trend.set_index(pd.to_datetime(trend["period"]).dt.tz_localize(None))["share"]
    shown, gaps = drawn.dropna(), drawn[drawn.isna()]
    assert trend["with_term"].sum() > 20 and len(shown) == len(expected)
    assert not gaps.index.isin(expected.index).any(), "the line breaks only at months with no articles"
    assert shown.to_numpy() == pytest.approx(expected.reindex(shown.index).to_numpy())
    by_source = charts["Share of each source's articles using “trump”"][1]
    top = load_corpus(sample).articles
    top_uses = top["text"].str.contains(r"(?<!\w)trump(?!\w)", case=False, regex=True).groupby(top["source"]).mean()
    assert by_source.set_index("source")["share"].to_numpy() == pytest.approx(
        top_uses.reindex(by_source["source"]).to_numpy()
    )
    at.segmented_control(key="contrast_mode").set_value("Before / after a date").run()
    assert not at.exception, [e.value for e in at.exception]
    contrast = charts_by_title(at)["Terms typical of each slice (click one to read it)"][1]
    assert contrast["typical"].nunique() == 2 and len(contrast) > 10
    assert all(name.startswith(("before ", "from ")) for name in contrast["typical"].unique())


def test_topics_at_two_levels_and_a_theme_filter_from_the_url(sample, monkeypatch):
    at = open_page("topics", sample, monkeypatch)
    metrics = {m.label: m.value for m in at.metric}
    n_themes, n_topics = int(metrics["Themes"]), int(metrics["Topics"])
    assert 3 <= n_themes < n_topics, metrics
    charts = charts_by_title(at)
    themes = charts["Themes (click one to filter)"][1]
    nested = charts["Their topics (click one to filter)"][1]
    assert len(themes) == n_themes and set(nested["theme"]) <= set(themes["label"])
    assert nested.groupby("theme")["share"].sum().round(3).to_dict() == pytest.approx(
        themes.set_index("label")["share"].round(3).to_dict(), abs=0.002
    ), "a theme's share is its topics' shares"
    spots = charts["Map of the articles (placed by their topic mix; click one to read it)"][1]
    assert len(spots) == 400 and spots["theme"].notna().all() and spots["doc_id"].is_unique
    # A theme from a shared link narrows every page to the articles about it.
    from analysis.ingest.corpus import load_corpus
    from analysis.store import cached_analyze

    analysis = cached_analyze(load_corpus(sample).articles)
    largest = analysis.themes.sort_values("prevalence").iloc[-1]
    theme = int(largest["theme_id"])
    overview = open_page("overview", sample, monkeypatch, {"theme": largest["label"]})  # the URL holds the label
    assert overview.sidebar.multiselect(key="theme").value == [theme]
    kept = int({m.label: m.value for m in overview.metric}["Articles"].replace(",", ""))
    from analysis.explore.topics import about_themes

    assert kept == len(about_themes(analysis, (theme,))) and 0 < kept < 400
    topics_page = open_page("topics", sample, monkeypatch, {"theme": largest["label"]})
    assert any("themes:" in c.value for c in topics_page.caption), "the filter note names the theme"
