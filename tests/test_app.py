"""AppTest tests of every page with the seed corpus (and with another corpus chosen by the environment)."""

from __future__ import annotations

import json
import re

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from analysis.explore.portrayal import MIN_SENTENCES
from tests.conftest import ROOT

DASHBOARD = str(ROOT / "dashboard.py")
SEED_TITLE = "Pompeo calls for global coalition against China in meeting with British officials"


def run_page(page: str, monkeypatch: pytest.MonkeyPatch, corpus: str | None = None) -> AppTest:
    if corpus is not None:
        monkeypatch.setenv("BROADSHEET_CORPUS", corpus)
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_overview_shows_the_seed(monkeypatch):
    at = run_page("overview", monkeypatch)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "1" and metrics["Stories"] == "1" and metrics["Sources"] == "1"
    assert metrics["Words"] == "384"
    charts = charts_by_title(at)
    assert {
        "Most distinctive terms",
        "How the articles sound",
        "Topics (passages as units; click one to filter)",
    } <= set(charts)
    keywords = charts["Most distinctive terms"][1]
    assert list(keywords.columns) == ["term", "score"] and keywords["term"].iloc[0] == "pompeo"
    assert charts["How the articles sound"][1]["articles"].sum() == 1
    topics = charts["Topics (passages as units; click one to filter)"]
    assert topics[0]["params"][0]["name"] == "pick", "topic bars can be clicked to filter"
    assert topics[1]["share"].sum() == pytest.approx(1.0, abs=0.01)
    assert any("dates" in i.value for i in at.info), "no timeline without dates, and it says why"
    assert "Mike Pompeo (5 quotes)" in " ".join(m.value for m in at.markdown)


def test_data_page_reports_every_item(monkeypatch, tmp_path):
    (tmp_path / "good.txt").write_text("A headline\n\nSome article text that is long enough to keep.")
    (tmp_path / "empty.txt").write_text("")
    at = run_page("data", monkeypatch, corpus=str(tmp_path))
    report = at.dataframe[0].value
    assert dict(zip(report["item"], report["status"], strict=True)) == {"empty.txt": "rejected", "good.txt": "loaded"}
    assert "1** loaded" in at.markdown[0].value


def test_uploads_join_the_session_corpus_and_bad_files_are_named(monkeypatch):
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.session_state["uploaded_files"] = {
        "mine.txt": b"Council shuts bridge\n\nThe council voted on Monday to close the old bridge to lorries.",
        "broken.csv": b"id,title\n1,No text here\n",
        "<img src=x onerror=alert(1)>.txt": b"<script>alert(1)</script>\n\nText that is not markup at all.",
    }
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "3", "the seed plus two readable uploads"
    at.switch_page("pages/articles.py")
    at.run()
    titles = at.dataframe[0].value["title"].tolist()
    assert "Council shuts bridge" in titles and "<script>alert(1)</script>" in titles
    at.switch_page("pages/data.py")
    at.run()
    assert not at.exception
    errors = [e.value.replace("\\", "") for e in at.error]  # names are shown Markdown-escaped
    assert len(errors) == 1 and "broken.csv" in errors[0] and "no text column" in errors[0]


def test_uploads_stay_in_their_session():
    first = AppTest.from_file(DASHBOARD, default_timeout=60)
    first.session_state["uploaded_files"] = {"mine.txt": b"Private story\n\nOnly my session should see this."}
    first.run()
    second = AppTest.from_file(DASHBOARD, default_timeout=60)
    second.run()
    assert {m.label: m.value for m in first.metric}["Articles"] == "2"
    assert {m.label: m.value for m in second.metric}["Articles"] == "1"


def test_keywords_page_concordance_and_url_term(monkeypatch):
    at = run_page("keywords", monkeypatch)
    assert at.text_input(key="term").value == "pompeo", "the top keyword is the default term"
    assert len(at.dataframe[0].value) == 6
    at.text_input(key="term").set_value("Raab").run()
    table = at.dataframe[0].value
    assert table["match"].tolist() == ["Raab"] * 3
    assert set(table["article"]) == {SEED_TITLE}
    # A shared link with ?term=… reopens the same concordance.
    shared = AppTest.from_file(DASHBOARD, default_timeout=60)
    shared.query_params["term"] = "Liu"
    shared.switch_page("pages/keywords.py")
    shared.run()
    assert shared.text_input(key="term").value == "Liu"
    assert shared.dataframe[0].value["match"].tolist() == ["Liu", "Liu"]
    at.text_input(key="term").set_value("zebra").run()
    assert not at.exception and not at.dataframe
    assert any("No sentence here uses" in i.value for i in at.info)


def charts_by_title(at: AppTest) -> dict[str, tuple[dict, pd.DataFrame]]:
    """Each Vega-Lite chart of the page: its spec and the data frame sent with it."""
    out = {}
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        data = (
            pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_pandas()
            if chart.proto.datasets
            else pd.DataFrame()
        )
        title = spec.get("title") or next((layer.get("title") for layer in spec.get("layer", [])), None)
        out[title] = (spec, data)
    return out


def test_people_page_shows_entities_portrayal_and_quotes(monkeypatch):
    at = run_page("people", monkeypatch)
    charts = charts_by_title(at)
    assert {"Most mentioned (click to filter)", "How they are portrayed", "Most quoted (click to filter)"} <= set(
        charts
    )
    assert "Named together: articles naming both" not in charts, "one article names everyone together"
    mentioned = charts["Most mentioned (click to filter)"][1]
    assert {"Mike Pompeo", "Dominic Raab", "Liu Xiaoming", "United Kingdom", "China"} <= set(mentioned["entity"])
    portrayal = charts["How they are portrayed"][1]
    assert set(portrayal["label"]) <= {"negative", "neutral", "positive"}
    assert "text" not in portrayal.columns and "text" not in mentioned.columns, "no article text in a chart"
    assert set(charts["Most quoted (click to filter)"][1]["speaker"]) == {"Mike Pompeo", "Dominic Raab", "Liu Xiaoming"}
    quotes = at.dataframe[1].value
    assert set(quotes["speaker"]) == {"Mike Pompeo", "Dominic Raab", "Liu Xiaoming"}
    assert quotes["article"].eq(SEED_TITLE).all()
    # Narrowing to places only drops the people from the ranking.
    at.segmented_control(key="people_kinds").set_value(["Places"]).run()
    places = set(charts_by_title(at)["Most mentioned (click to filter)"][1]["entity"])
    assert places == {"United Kingdom", "China", "Hong Kong", "United States", "Beijing"}


def test_sentiment_page_with_the_seed(monkeypatch):
    at = run_page("sentiment", monkeypatch)
    metrics = {m.label: m.value for m in at.metric}
    from analysis.ingest.corpus import load_corpus
    from analysis.store import cached_analyze

    tone = cached_analyze(load_corpus(ROOT / "seeds").articles).articles["tone"].mean()
    assert metrics["Mean article tone"] == f"{tone:+.3f}" and abs(tone) > 0.01
    charts = charts_by_title(at)
    arc = charts[f"Tone arc of “{SEED_TITLE}”"][1]
    assert list(arc.columns) == ["sent_id", "compound", "voice"], "no sentence text is sent to the chart"
    assert set(arc["voice"]) == {"reporter", "quoted"} and len(arc) >= 15
    # One article still has tone by topic: over the passages each topic leads.
    by_topic = charts["Tone by topic, over its passages (click to filter)"][1]
    assert len(by_topic) >= 2 and by_topic["articles"].sum() >= 10
    at.selectbox(key="portrayed_entity").set_value("Mike Pompeo").run()
    evidence = at.dataframe[0].value
    assert len(evidence) == 6
    assert evidence["sentence"].str.contains("Pompeo").all()
    assert (evidence["confidence"].diff().dropna() <= 0).all(), "most confident first"
    assert evidence["label"].nunique() >= 2, "Pompeo is not portrayed one way in every sentence"
    warnings = [w.value for w in at.warning]
    assert warnings == ["Too few sentences (6) about Mike Pompeo here for these shares to mean much."]
    assert not any("by source" in str(title) for title in charts_by_title(at)), "one source: nothing to compare"


def test_sentiment_page_compares_sources_and_months(monkeypatch, tmp_path):
    rows = ["title,source,date,text"]
    for i, (source, date, words) in enumerate(
        [
            ("Daily Good", "2024-01-05", "a wonderful, happy and successful day for everyone"),
            ("Daily Good", "2024-02-05", "a great and lovely result that pleased the town"),
            ("Grim Times", "2024-01-09", "a terrible, deadly and tragic crash killed many"),
            ("Grim Times", "2024-02-11", "an awful disaster left people hurt and afraid"),
        ]
    ):
        rows.append(f'Story {i},{source},{date},"The council said it was {words}. Officials met on Monday."')
    (tmp_path / "news.csv").write_text("\n".join(rows))
    at = run_page("sentiment", monkeypatch, corpus=str(tmp_path / "news.csv"))
    charts = charts_by_title(at)
    by_source = charts["Tone by source (click to filter)"][1].set_index("source")
    assert by_source.loc["Daily Good", "tone"] > 0 > by_source.loc["Grim Times", "tone"]
    assert by_source["articles"].tolist() == [2, 2]
    assert len(charts["Tone over time"][1]) == 2


def test_articles_page_reads_the_article_beside_its_features(monkeypatch):
    at = run_page("articles", monkeypatch)
    reader = next(m.value for m in at.markdown if m.value.startswith("<p>"))
    assert "Mike </span>" in reader and "<b>Pompeo</b>" in reader
    assert "— Mike Pompeo" in reader and "— Liu Xiaoming" in reader and "— Dominic Raab" in reader
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Quotes"] == "9" and metrics["Words"] == "384"
    entities = at.dataframe[2].value
    assert {"Mike Pompeo", "China", "Huawei"} <= set(entities["entity"])
    # A search that matches nothing says so, and offers to clear the filters.
    at.sidebar.text_input(key="q").set_value("zebra crossing").run()
    assert not at.exception
    assert any("No article matches the filters" in i.value for i in at.info)
    assert at.button(key="clear_empty")


def test_articles_page_restores_search_and_article_from_the_url(monkeypatch, tmp_path):
    from analysis.ingest.corpus import load_corpus

    (tmp_path / "a.txt").write_text("Bridge closes\n\nThe council shut the old bridge to lorries on Monday.")
    (tmp_path / "b.txt").write_text("Library opens\n\nThe council opened a new library, and Raab visited it.")
    second = load_corpus(tmp_path).articles.set_index("title").loc["Library opens", "doc_id"]
    monkeypatch.setenv("BROADSHEET_CORPUS", str(tmp_path))
    at = AppTest.from_file(DASHBOARD, default_timeout=60)  # a fresh session opening a shared link
    at.query_params["q"] = "council"
    at.query_params["article"] = second
    at.switch_page("pages/articles.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.sidebar.text_input(key="q").value == "council"
    assert sorted(at.dataframe[0].value["title"]) == ["Bridge closes", "Library opens"]
    assert at.selectbox(key="article").value == second
    reader = next(m.value for m in at.markdown if m.value.startswith("<p>"))
    assert "opened a new library" in re.sub(r"<[^>]+>", "", reader)


def test_an_injected_upload_is_read_as_text(monkeypatch):
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.session_state["uploaded_files"] = {
        "evil.txt": b"Evil headline\n\n<script>alert(1)</script> <img src=x onerror=alert(2)> "
        b'<a href="javascript:alert(3)">click</a> The council met on Monday.',
    }
    at.run()
    at.switch_page("pages/articles.py")
    at.run()
    titles = at.dataframe[0].value["title"].tolist()
    assert "Evil headline" in titles
    at.selectbox(key="article").select_index(at.selectbox(key="article").options.index("Evil headline")).run()
    assert not at.exception, [e.value for e in at.exception]
    reader = next(m.value for m in at.markdown if m.value.startswith("<p>"))
    plain = re.sub(r"</?(?:span|b|p)\b[^>]*>", "", reader)  # our own markup taken away
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in plain and "&lt;img src=x onerror=alert(2)&gt;" in plain
    assert re.search(r"<[a-zA-Z/]", plain) is None, "no element from the article survives"


COMPARE_STORIES = {
    "Daily Good": (
        "Mayor Anne Smith opened the new library on Monday.",
        "Residents praised Smith for the wonderful and generous gift to the town.",
        "Smith thanked the volunteers, who said she had done a brilliant job.",
        "The town celebrated Smith and her successful plan with a happy parade.",
        "Smith was honoured with an award for her kind and tireless work.",
        "Smith said the library would stay open late.",
    ),
    "Grim Times": (
        "Mayor Anne Smith closed the old library on Monday.",
        "Residents blamed Smith for the terrible and costly failure of the plan.",
        "Critics accused Smith of lying about the disastrous budget.",
        "Smith was condemned by the council for her reckless and corrupt deal.",
        "Protesters attacked Smith over the scandal and demanded she resign.",
        "Smith said the library would stay shut.",
    ),
}


def compare_corpus(path) -> str:
    """Four articles from each of two sources over two quarters (24 sentences about Anne Smith each), and
    one article from a third source: too few sentences to rank it."""
    rows = ["title,source,date,text"]
    days = ("2024-01-10", "2024-02-14", "2024-04-09", "2024-05-21")
    for source, sentences in COMPARE_STORIES.items():
        for i, day in enumerate(days):
            rows.append(f'{source} story {i},{source},{day},"{" ".join(sentences)}"')
    rows.append(f'Tiny story,Tiny Post,2024-03-01,"{" ".join(COMPARE_STORIES["Daily Good"])}"')
    (path / "compare.csv").write_text("\n".join(rows))
    return str(path / "compare.csv")


def test_sentiment_page_compares_an_entity_by_source_and_over_time(monkeypatch, tmp_path):
    at = run_page("sentiment", monkeypatch, corpus=compare_corpus(tmp_path))
    at.selectbox(key="portrayed_entity").set_value("Anne Smith").run()
    assert not at.exception, [e.value for e in at.exception]
    charts = charts_by_title(at)
    spec, by_source = charts["Anne Smith by source, most negative first"]
    assert set(by_source["group"]) == {"Daily Good", "Grim Times"}, "Tiny Post is below the minimum: not drawn"
    assert (by_source["sentences"] >= MIN_SENTENCES).all() and (by_source["articles"] == 4).all()
    assert by_source.groupby("group")["share"].sum().round(6).eq(1).all()
    assert ((by_source["low"] <= by_source["share"]) & (by_source["share"] <= by_source["high"])).all()
    assert (by_source["high"] - by_source["low"] > 0).all(), "every share has an interval"
    assert "text" not in by_source.columns and "sentence" not in by_source.columns, "no text in a chart"
    pick = next(p for p in spec.get("params", []) + [q for layer in spec["layer"] for q in layer.get("params", [])])
    assert pick["name"] == "pick" and pick["select"]["fields"] == ["group", "label"], "every bar is clickable"
    shares = by_source.set_index(["group", "label"])["share"]
    assert shares["Grim Times", "negative"] > shares["Daily Good", "negative"]
    # The minimum-N guard says so plainly, with the count.
    captions = " ".join(c.value for c in at.caption)
    assert "Too few sentences" in captions and "Tiny Post (6)" in captions
    # Who portrays her most negatively / positively: the two ranked sources, never Tiny Post.
    rankings = [d.value for d in at.dataframe if "rank" in d.value.columns]
    assert len(rankings) == 2
    negative, positive = rankings
    assert negative["group"].tolist() == ["Grim Times", "Daily Good"]
    assert positive["group"].tolist() == ["Daily Good", "Grim Times"]
    assert negative["interval"].str.fullmatch(r"\d+%–\d+%").all()
    # Over time: by quarter by default, by month on request.
    quarters = charts["Anne Smith by quarter"][1]
    assert sorted(quarters["group"].unique()) == ["2024 Q1", "2024 Q2"]
    assert quarters.groupby("group")["sentences"].first().tolist() == [30, 24], "Tiny Post's 6 count in Q1"
    at.segmented_control(key="portrayal_period").set_value("month").run()
    assert "Anne Smith by month" not in charts_by_title(at), "12 sentences a month: below the minimum"
    assert any("Fewer than two months" in i.value for i in at.info)
    shown = " ".join(c.value for c in at.caption).replace("\\", "")  # names are shown Markdown-escaped
    assert "2024-01 (12), 2024-02 (12), 2024-04 (12), 2024-05 (12), 2024-03 (6)" in shown
    # Two slices: the two sources with most sentences, side by side.
    slices = charts_by_title(at)["Anne Smith: A against B"][1]
    assert slices["group"].drop_duplicates().tolist() == [
        at.selectbox(key="portrayal_a").value,
        at.selectbox(key="portrayal_b").value,
    ]
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"By source as CSV", "By source as Parquet", "By month as CSV", "A and B as CSV"} <= set(labels)
    assert any("Click a bar or a point" in c.value for c in at.caption)


def test_a_slow_load_is_watched_then_its_bar_taken_away_and_shared_by_the_next_visitor(monkeypatch, tmp_path):
    """A load that takes a while draws its bar (ui/loading.py) and leaves nothing once done; a second
    visitor gets the same corpus without loading it again."""
    import time

    import ui.source

    (tmp_path / "good.txt").write_text("A headline\n\nSome article text that is long enough to keep.")
    real, calls = ui.source.load_corpus, []

    def slow(path, **kwargs):
        calls.append(path)
        time.sleep(0.8)  # long enough for the watching run to draw the bar a few times
        return real(path, **kwargs)

    import ui.loading

    drawn: list[str] = []
    real_draw = ui.loading.draw
    monkeypatch.setattr(ui.source, "load_corpus", slow)
    monkeypatch.setattr(
        ui.loading, "draw", lambda slot, tracker: drawn.append(tracker.stage) or real_draw(slot, tracker)
    )
    monkeypatch.setenv("BROADSHEET_CORPUS", str(tmp_path))
    first = AppTest.from_file(DASHBOARD, default_timeout=60)
    first.run()
    bars = [p for p in first.get("progress") if "Loading the articles" in str(p.proto)]
    assert not first.exception and drawn and not bars, "the bar drawn while the load ran, none left after it"
    assert {m.label: m.value for m in first.metric}["Articles"] == "1"
    second = AppTest.from_file(DASHBOARD, default_timeout=60)
    second.run()
    assert not second.exception and {m.label: m.value for m in second.metric}["Articles"] == "1"
    assert calls == [str(tmp_path)], "loaded once for both visitors"


def test_a_load_that_fails_says_so_plainly_and_loads_again_on_request(monkeypatch, tmp_path):
    """A server corpus that cannot be read (a disk gone, a library failing on the whole source) gets a
    plain message and a button, not a traceback; the button's run loads again."""
    import ui.source

    (tmp_path / "good.txt").write_text("A headline\n\nSome article text that is long enough to keep.")
    real, calls = ui.source.load_corpus, []

    def flaky(path, **kwargs):
        calls.append(path)
        if len(calls) == 1:
            raise OSError("Input/output error")
        return real(path, **kwargs)

    monkeypatch.setattr(ui.source, "load_corpus", flaky)
    monkeypatch.setenv("BROADSHEET_CORPUS", str(tmp_path))
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    assert not at.exception
    assert "could not be loaded: Input/output error" in at.error[0].value
    at.button[0].click().run()
    assert not at.exception and not at.error and len(calls) == 2
    assert {m.label: m.value for m in at.metric}["Articles"] == "1"


def test_people_and_articles_pages_name_an_unnamed_source_by_the_articles_words(monkeypatch, tmp_path):
    """A quote whose source names no one ("Several friends said …") is listed with those words in
    quotation marks where its speaker would be; a named speaker stays as it is."""
    rows = ["title,source,date,text"]
    for i in range(2):
        rows.append(
            f'Story {i},Daily Good,2024-01-0{i + 1},"The vote was close. Several friends said the plan would fail '
            'within a year. Senator Elizabeth Warren said that the bill would fail in the Senate."'
        )
    (tmp_path / "news.csv").write_text("\n".join(rows))
    for page in ("people", "articles"):
        at = run_page(page, monkeypatch, corpus=str(tmp_path / "news.csv"))
        quotes = next(frame.value for frame in at.dataframe if "kind" in frame.value.columns)
        assert "“Several friends”" in quotes["speaker"].tolist(), page
        assert "Elizabeth Warren" in quotes["speaker"].tolist(), page
