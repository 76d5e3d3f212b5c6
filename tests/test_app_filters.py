"""AppTest tests of the shared sidebar filters and the Topics page with the seed: filters in the URL,
clear empty states, the relevance slider, and every page still drawn when a filter keeps nothing."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.test_app import DASHBOARD, SEED_TITLE, charts_by_title, run_page

PAGES = ["overview", "keywords", "topics", "sentiment", "people", "articles", "data"]


def test_topics_page_with_the_seed(monkeypatch):
    at = run_page("topics", monkeypatch)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Unit"] == "passages" and int(metrics["Topics"]) >= 2
    from analysis.ingest.corpus import load_corpus
    from analysis.store import cached_analyze

    quality = cached_analyze(load_corpus(ROOT / "seeds").articles).meta["topics"]
    assert metrics["Coherence (NPMI)"] == f"{quality['coherence_npmi']:.2f}"
    charts = charts_by_title(at)
    topic_map = charts["Map of topics (size: share here; click to filter)"][1]
    assert {"label", "x", "y", "share"} <= set(topic_map.columns)
    assert topic_map["share"].sum() == pytest.approx(1.0, abs=0.01)
    chosen = at.selectbox(key="topic_view").value
    label = next(t for t in charts if t and t.startswith("Terms of"))
    frequent = charts[label][1]["term"].tolist()
    at.slider(key="lambda").set_value(0.0).run()
    exclusive = charts_by_title(at)[label][1]["term"].tolist()
    assert at.selectbox(key="topic_view").value == chosen
    assert set(frequent) != set(exclusive) or frequent != exclusive, "λ re-ranks the topic's terms"
    assert any("What represents" in h.value for h in at.subheader)


def test_a_topic_filter_from_the_url_narrows_every_page(monkeypatch):
    first = run_page("topics", monkeypatch)
    label = first.sidebar.multiselect(key="topic").options[0]
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["topic"] = label
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.sidebar.multiselect(key="topic").value == [0], "the first topic, restored from its label"
    assert any("of 1 articles" in c.value and "topics:" in c.value for c in at.caption), "the filter is stated"


def test_a_filter_that_keeps_nothing_gives_every_page_an_empty_state(monkeypatch):
    for page in PAGES:
        at = AppTest.from_file(DASHBOARD, default_timeout=60)
        at.query_params["tone"] = ["0.9", "1.0"]  # the seed's tone is near 0
        if page != "overview":
            at.switch_page(f"pages/{page}.py")
        at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert at.sidebar.slider(key="tone").value == (0.9, 1.0)
        if page != "data":
            assert any("No article matches the filters" in i.value for i in at.info), page
        else:
            assert any("0 articles kept by the filters" in c.value for c in at.caption)


def test_clear_filters_restores_the_corpus(monkeypatch):
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["q"] = "zebra crossing"
    at.run()
    assert any("No article matches" in i.value for i in at.info)
    at.button(key="clear_empty").click().run()
    assert not at.exception
    assert at.sidebar.text_input(key="q").value == ""
    assert {m.label: m.value for m in at.metric}["Articles"] == "1"


def test_text_search_keeps_the_matching_article(monkeypatch):
    at = run_page("articles", monkeypatch)
    at.sidebar.text_input(key="q").set_value("Huawei").run()
    assert at.dataframe[0].value["title"].tolist() == [SEED_TITLE]
    assert any("contains “Huawei”" in c.value for c in at.caption)


def test_a_linked_sentence_is_marked_in_the_article(monkeypatch):
    from analysis.ingest.corpus import load_corpus
    from tests.conftest import SEEDS

    doc_id = load_corpus(SEEDS).articles["doc_id"].iloc[0]
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["article"] = doc_id
    at.query_params["mark"] = "4"
    at.switch_page("pages/articles.py")
    at.run()
    reader = next(m.value for m in at.markdown if m.value.startswith(("<p>", "<p ")))
    assert reader.count("outline:2px solid") >= 1 and reader.count("border-left:4px solid") == 1


def test_data_page_offers_every_table_and_the_bundle(monkeypatch):
    at = run_page("data", monkeypatch)
    labels = [b.label for b in at.get("download_button")]
    assert labels[0].startswith("Download everything")
    assert labels.count("CSV") == labels.count("Parquet") == 9, "eight analysis tables and the selection's keywords"


def test_a_new_upload_shows_the_analysis_stages(monkeypatch, tmp_path):
    import uuid

    monkeypatch.setenv("BROADSHEET_CACHE", str(tmp_path))  # an empty store: the analysis must run
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    at.session_state["uploaded_files"] = {
        "fresh.txt": f"Harbour reopens\n\nThe harbour reopened, said Mayor Anne Smith. {uuid.uuid4()}".encode(),
    }
    at.switch_page("pages/data.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    statuses = [str(e.proto) for e in at.main.children.values() if type(e).__name__ == "Status"]
    # The server's own corpus first (unless an earlier test left its analysis in this process's memory),
    # then the upload added to it: the stages shown in a status box each.
    assert 1 <= len(statuses) <= 2
    assert all('label: "Analysed 1 article"' in s for s in statuses[:-1])
    assert 'label: "Added 1 article to the analysis"' in statuses[-1] and "COMPLETE" in statuses[-1]


def test_a_link_naming_what_the_corpus_lacks_says_so(monkeypatch):
    """A shared link whose filters this corpus cannot show (a source it lacks, a topic label of another
    fit, a person outside the Mentions box, a tone out of range, dates for undated articles) is not
    narrowed silently to nothing or widened silently to everything: the sidebar names each one."""
    first = run_page("overview", monkeypatch)
    source = first.sidebar.multiselect(key="source").options[0]
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["source"] = [source, "Nowhere Times"]
    at.query_params["topic"] = "no, such, topic"
    at.query_params["entity"] = "Nobody Anywhere"
    at.query_params["tone"] = ["-3", "0.5"]
    at.query_params["dates"] = ["2001-01-01", "2001-02-01"]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    warning = " ".join(w.value for w in at.sidebar.warning).replace("\\", "")  # Markdown escapes off
    for part in ("“Nowhere Times”", "“no, such, topic”", "“Nobody Anywhere”", "tone “-3, 0.5”", "no dates"):
        assert part in warning, (part, warning)
    assert f"“{source}”" not in warning, "the source the corpus has is not named"
    assert at.sidebar.multiselect(key="source").value == [source], "what the corpus has is kept"
    at.sidebar.button(key="dismiss_link_note").click().run()
    assert not at.sidebar.warning, "dismissed"
    at.sidebar.text_input(key="q").set_value("Huawei").run()
    assert not at.sidebar.warning, "a later run does not bring it back"


def test_a_link_the_corpus_can_show_gives_no_warning(monkeypatch):
    first = run_page("overview", monkeypatch)
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["source"] = first.sidebar.multiselect(key="source").options[0]
    at.query_params["topic"] = first.sidebar.multiselect(key="topic").options[0]
    at.query_params["tone"] = ["0.2", "-0.2"]  # reversed by hand: read as the range it names
    at.run()
    assert not at.exception and not at.sidebar.warning
    assert any("article tone -0.20 to +0.20" in c.value.replace("\\", "") for c in at.caption)


@pytest.fixture
def dated_corpus(tmp_path, monkeypatch):
    """Three articles dated 5, 20 and 25 January 2020, as the server's corpus."""
    from tests.test_store_keys import ARTICLES, write_corpus

    source = tmp_path / "news.csv"
    write_corpus(source, ARTICLES)
    monkeypatch.setenv("BROADSHEET_CORPUS", str(source))
    monkeypatch.setenv("BROADSHEET_CACHE", str(tmp_path / "cache"))
    return source


@pytest.mark.parametrize(
    "dates, kept",
    [(["2020-01-20", "2020-01-20"], 1),  # a one-day range as the app writes it
     (["2020-01-20"], 1),  # the same once Streamlit has folded it (what a link copied after reopening holds)
     (["2020-01-25", "2020-01-10"], 2)],  # reversed by hand
)  # fmt: skip
def test_a_linked_date_range_narrows_as_it_says(dated_corpus, dates, kept):
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["dates"] = dates
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.sidebar.warning, [w.value for w in at.sidebar.warning]
    assert {m.label: m.value for m in at.metric}["Articles"] == str(kept)
    at.sidebar.text_input(key="q").set_value("harbour").run()  # a later run keeps the range
    assert any("of 3 articles" in c.value and "published" in c.value for c in at.caption)


def test_a_dated_link_to_articles_of_one_day_is_the_same_view(tmp_path, monkeypatch):
    """No date filter is drawn for articles all of one day; a link's range holding that day shows them
    all, as the sender saw them — no note."""
    from tests.test_store_keys import write_corpus

    source = tmp_path / "news.csv"
    write_corpus(
        source, [("Harbour reopens", "2020-01-20", "Coast Gazette"), ("Ferry returns", "2020-01-20", "Harbour News")]
    )
    monkeypatch.setenv("BROADSHEET_CORPUS", str(source))
    monkeypatch.setenv("BROADSHEET_CACHE", str(tmp_path / "cache"))
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["dates"] = ["2020-01-20"]
    at.run()
    assert not at.exception and not at.sidebar.warning, [w.value for w in at.sidebar.warning]
    assert {m.label: m.value for m in at.metric}["Articles"] == "2"
