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
