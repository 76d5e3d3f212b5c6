"""Chart builders: a layered chart carries its frame once, at the top, as Altair's hoisting of identical
layer frames gives it — built so that Altair never hashes a frame by its printed form."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from ui.charts import CHECK_CHARTS, interval_bars, interval_trend, relevance_bars, tone_bars


def intervals(share: float) -> pd.DataFrame:
    rows = [
        (g, label, share, share - 0.1, share + 0.1, 3, 10, 4, pd.Timestamp(f"2024-0{i + 1}-01"))
        for i, g in enumerate(["A", "B"])
        for label in ("negative", "neutral", "positive")
    ]
    columns = ["group", "label", "share", "low", "high", "count", "sentences", "articles", "period"]
    return pd.DataFrame(rows, columns=columns)


def test_layered_charts_hold_their_data_once_and_name_views_by_the_spec_alone():
    for build in (
        lambda f: interval_bars(f, ["B", "A"], "T", "Ent"),
        lambda f: interval_trend(f, "T", "Ent"),
    ):
        one, two = build(intervals(0.3)).to_dict(), build(intervals(0.6)).to_dict()
        assert all("data" not in layer for layer in one["layer"]) and "data" in one
        assert one["params"] == two["params"], "view names do not depend on the figures"
        assert one["datasets"] != two["datasets"]
    terms = pd.DataFrame({"term": ["a", "b"], "in_topic": [1.0, 2.0], "overall": [3.0, 4.0]})
    spec = relevance_bars(terms, "T").to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["bar", "bar"]
    assert next(iter(spec["datasets"].values())) == terms.to_dict("records")


def test_charts_are_validated_where_the_tests_draw_them_and_not_on_every_rerun_of_the_app(monkeypatch):
    frame = pd.DataFrame({"source": ["a", "b"], "tone": [0.1, -0.2], "articles": [3, 4]})
    broken = tone_bars(frame, "source", "T").copy()
    broken.mark = {"type": "no such mark"}
    with pytest.raises(alt.utils.schemapi.SchemaValidationError):
        broken.to_dict()  # the tests set CHECK_CHARTS (conftest): a chart that breaks the schema fails here
    monkeypatch.delenv(CHECK_CHARTS)
    assert broken.to_dict()["mark"] == {"type": "no such mark"}, "the served app converts without the schema walk"
    assert broken.to_dict(validate=False) == broken.to_dict()
    with pytest.raises(alt.utils.schemapi.SchemaValidationError):
        broken.to_dict(validate=True)


def test_a_line_over_time_breaks_at_periods_with_no_data():
    """Months with no articles get a row of nulls, so the line breaks there instead of joining its
    neighbours with a straight line that shows a trend where there is no data."""
    from ui.charts import BREAK_AT_GAPS, tone_trend, with_gaps

    monthly = pd.DataFrame(
        {"period": pd.to_datetime(["2015-01-01", "2015-02-01", "2015-05-01"]), "tone": [0.1, 0.2, -0.3],
         "articles": [4, 5, 6]}
    )  # fmt: skip
    filled = with_gaps(monthly, "MS")
    assert filled["period"].dt.strftime("%Y-%m").tolist() == ["2015-01", "2015-02", "2015-03", "2015-04", "2015-05"]
    assert filled["tone"].isna().tolist() == [False, False, True, True, False]
    spec = tone_trend(monthly, "Tone over time").to_dict()
    assert spec["mark"]["invalid"] == BREAK_AT_GAPS
    values = next(iter(spec["datasets"].values()))
    assert [v["tone"] for v in values][2:4] == [None, None], "the gap reaches the browser as nulls"
    pd.testing.assert_frame_equal(with_gaps(monthly.iloc[:2], "MS"), monthly.iloc[:2])  # nothing missing

    by_label = pd.DataFrame(
        {"period": pd.to_datetime(["2012-04-01", "2012-04-01", "2013-01-01", "2013-01-01"]),
         "label": ["negative", "positive"] * 2, "share": [0.2, 0.3, 0.4, 0.1]}
    )  # fmt: skip
    quarters = with_gaps(by_label, by="label")  # quarter starts three months or more apart: quarters
    assert sorted(quarters["period"].dt.strftime("%Y-%m").unique()) == ["2012-04", "2012-07", "2012-10", "2013-01"]
    missing = quarters[quarters["share"].isna()]
    assert len(missing) == 4 and set(missing["label"]) == {"negative", "positive"}, "each line breaks"


def test_a_legend_of_topic_labels_shows_them_whole():
    """A topic's label is three terms; Vega-Lite's default legend cut them at 160 pixels ("supreme court ·
    same-se…"), so the topic and theme legends set their own limit, wide enough for such a label, one
    label per line (these charts are half the page wide: a second column was cut off at the edge)."""
    from ui.charts import LEGEND_LABEL_LIMIT, topic_trend

    label = "supreme court · same-sex marriage · samuel alito"
    frame = pd.DataFrame({"period": pd.to_datetime(["2015-01-01", "2015-02-01"]), "label": [label] * 2,
                          "share": [0.4, 0.6]})  # fmt: skip
    colour = alt.Scale(domain=[label], range=["#1f77b4"])
    legend = topic_trend(frame, colour, "Topics over time").to_dict()["encoding"]["color"]["legend"]
    assert legend["labelLimit"] == LEGEND_LABEL_LIMIT >= 6.5 * len(label), "Vega-Lite's 10 px labels: ~6 px a character"
    assert legend["columns"] == 1
    themes = topic_trend(frame, colour, "Themes over time", "theme").to_dict()["encoding"]["color"]
    assert themes["title"] == "theme", "lines of themes are not called topics"
