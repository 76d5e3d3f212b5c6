"""Altair chart builders, one function per chart; each takes a small pre-aggregated frame."""

from __future__ import annotations

import os

import altair as alt
import pandas as pd

from analysis.result import decoded

# Altair validates every piece of a chart as it is made (its "debug mode", for tracebacks that point at the
# line that built a bad chart) and the whole chart again when Streamlit converts it: the first alone was
# about a tenth of the Sentiment page's re-render.  The charts here are fixed and tested; the spec is the same.
alt.utils.schemapi.disable_debug_mode()
CHECK_CHARTS = "BROADSHEET_CHECK_CHARTS"  # set (the tests set it): every chart drawn is validated against the schema


def _validate(validate: bool | None) -> bool:
    return bool(os.environ.get(CHECK_CHARTS)) if validate is None else validate


class _Chart(alt.Chart):
    """An Altair chart that Streamlit converts without validating it against the Vega-Lite schema: the
    schema walk was two thirds of drawing the Sentiment page's seven charts (about 110 ms of each rerun on
    the 37,554-article store), for specs whose shape never changes between reruns — only their data.  The
    tests set :data:`CHECK_CHARTS`, so every chart the page tests draw is still validated."""

    def to_dict(self, validate: bool | None = None, **kwargs) -> dict:  # type: ignore[override]
        return super().to_dict(_validate(validate), **kwargs)


class _Layer(alt.LayerChart):
    """:class:`_Chart` for layered charts."""

    def to_dict(self, validate: bool | None = None, **kwargs) -> dict:  # type: ignore[override]
        return super().to_dict(_validate(validate), **kwargs)


def _month_axis() -> alt.Axis:
    """A time axis of months that always says the year ("Oct 2013"): Vega-Lite's default writes the year
    only on a January tick, so a corpus whose ticks fall in April and October read "October, April, …"
    with no year anywhere."""
    return alt.Axis(format="%b %Y", labelAngle=-40, labelOverlap=True)


#: How a line over time treats a period with no row: the line breaks there (and the empty period leaves
#: the axes alone), where Vega-Lite would otherwise join its neighbours with a straight line.
BREAK_AT_GAPS = "break-paths-filter-domains"


def with_gaps(frame: pd.DataFrame, freq: str | None = None, by: str | None = None) -> pd.DataFrame:
    """``frame`` (a ``period`` column of period starts) with a row of nulls for each period between its
    first and last that has no row at all — one per ``by`` value for a chart of several lines — so that a
    line drawn from it breaks there: joined across months with no articles, a line shows a trend where
    there is no data (Donald Trump's portrayal ran straight from 2012 to 2015).  ``freq``: "MS" (months)
    or "QS" (quarters); by default quarters where every period starts one, else months."""
    if frame.empty:
        return frame
    periods = pd.to_datetime(frame["period"])
    if freq is None:
        quarterly = periods.dt.month.isin([1, 4, 7, 10]).all() and periods.nunique() > 1
        gaps = periods.drop_duplicates().sort_values().diff().dropna()
        freq = "QS" if quarterly and gaps.min() >= pd.Timedelta(days=89) else "MS"
    full = pd.date_range(periods.min(), periods.max(), freq=freq)
    missing = full.difference(pd.DatetimeIndex(periods.unique()))
    if missing.empty:
        return frame
    filler = pd.DataFrame({"period": missing})
    if by is not None:
        filler = filler.merge(frame[[by]].drop_duplicates(), how="cross")
    out = pd.concat([frame.assign(period=periods), filler], ignore_index=True)
    return out.sort_values("period", kind="stable").reset_index(drop=True)


def to_browser(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` as it is sent to the browser: a lean store's categorical columns as their strings (an Arrow
    dictionary would carry every category along, 150,000 names for a table of ten rows)."""
    return decoded(frame)


def _chart(data: pd.DataFrame, **kwargs) -> alt.Chart:
    return _Chart(to_browser(data), **kwargs)


def _layered(data: pd.DataFrame, *layers: alt.Chart) -> alt.LayerChart:
    """``layers`` (built on a chart without data) over ``data``, given once to the layer chart: the spec a
    layer of charts over the same frame gives, where Altair would hash each layer's copy of the frame by
    its printed form (about 10 ms a layer) to name the views."""
    return _Layer(layer=list(layers), data=to_browser(data))


def ranked_bars(frame: pd.DataFrame, label: str, value: str, title: str, value_title: str) -> alt.Chart:
    """Horizontal bars of ``value`` per ``label``, largest on top."""
    return (
        _chart(frame[[label, value]], title=title)
        .mark_bar(color="#1f4e79")
        .encode(
            x=alt.X(f"{value}:Q", title=value_title),
            y=alt.Y(f"{label}:N", sort="-x", title=None, axis=alt.Axis(labelOverlap=False, labelLimit=260)),
            tooltip=[alt.Tooltip(f"{label}:N"), alt.Tooltip(f"{value}:Q", format=",.2f")],
        )
        .properties(height=alt.Step(22))
    )


def selectable_bars(frame: pd.DataFrame, label: str, value: str, title: str, value_title: str) -> alt.Chart:
    """:func:`ranked_bars` whose bars can be clicked: the selection is named ``pick`` and holds ``label``."""
    pick = alt.selection_point(name="pick", fields=[label])
    return (
        ranked_bars(frame, label, value, title, value_title)
        .add_params(pick)
        .encode(opacity=alt.condition(pick, alt.value(1.0), alt.value(0.55)))
    )


def share_over_time(frame: pd.DataFrame, title: str) -> alt.Chart:
    """Line of ``share`` per ``period`` (a share of the period's articles), with counts in the tooltip."""
    return (
        _chart(with_gaps(frame[["period", "share", "with_term", "articles"]], "MS"), title=title)
        .mark_line(point=True, color="#1f4e79", invalid=BREAK_AT_GAPS)
        .encode(
            x=alt.X("period:T", title=None, axis=_month_axis()),
            y=alt.Y("share:Q", title="share of articles", axis=alt.Axis(format="%")),
            tooltip=[
                alt.Tooltip("period:T", format="%B %Y"),
                alt.Tooltip("share:Q", format=".1%"),
                alt.Tooltip("with_term:Q", title="articles using it"),
                alt.Tooltip("articles:Q", title="articles that month"),
            ],
        )
    )


PORTRAYAL_COLOURS = alt.Scale(domain=["negative", "neutral", "positive"], range=["#b2182b", "#bababa", "#2166ac"])


def portrayal_bars(frame: pd.DataFrame, title: str) -> alt.Chart:
    """Stacked shares of negative / neutral / positive sentences per entity (``entity, label, share,
    sentences, mentions``), entities in order of mentions like the ranking beside it."""
    return (
        _chart(frame[["entity", "label", "share", "sentences", "mentions"]], title=title)
        .mark_bar()
        .encode(
            x=alt.X("share:Q", title="share of the sentences naming it", axis=alt.Axis(format="%"), stack="normalize"),
            y=alt.Y(
                "entity:N",
                sort=alt.EncodingSortField("mentions", order="descending"),
                title=None,
                axis=alt.Axis(labelLimit=220),
            ),
            color=alt.Color("label:N", scale=PORTRAYAL_COLOURS, title="portrayed as"),
            order=alt.Order("label:N"),
            tooltip=[
                alt.Tooltip("entity:N"),
                alt.Tooltip("label:N", title="portrayed as"),
                alt.Tooltip("share:Q", format=".0%"),
                alt.Tooltip("sentences:Q", title="sentences scored"),
            ],
        )
        .properties(height=alt.Step(22))
    )


# Red–blue around neutral, stretched to the data: mean tones are small numbers (±0.1).
TONE_COLOURS = alt.Scale(scheme="redblue", domainMid=0)


def tone_bars(frame: pd.DataFrame, label: str, title: str, value_title: str = "mean article tone") -> alt.Chart:
    """Mean article tone per ``label`` (``label, tone, articles``), coloured red–blue around neutral; a
    clicked bar is the selection ``pick`` on ``label``."""
    pick = alt.selection_point(name="pick", fields=[label])
    return (
        _chart(frame[[label, "tone", "articles"]], title=title)
        .mark_bar(stroke="#888", strokeWidth=0.5)
        .add_params(pick)
        .encode(
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.55)),
            x=alt.X("tone:Q", title=value_title),
            y=alt.Y(f"{label}:N", sort="-x", title=None, axis=alt.Axis(labelLimit=220)),
            color=alt.Color("tone:Q", scale=TONE_COLOURS, legend=None),
            tooltip=[
                alt.Tooltip(f"{label}:N"),
                alt.Tooltip("tone:Q", format="+.3f"),
                alt.Tooltip("articles:Q", title="articles"),
            ],
        )
        .properties(height=alt.Step(22))
    )


def tone_trend(frame: pd.DataFrame, title: str) -> alt.Chart:
    """Mean article tone per month (``period, tone, articles``)."""
    return (
        _chart(with_gaps(frame[["period", "tone", "articles"]], "MS"), title=title)
        .mark_line(point=True, color="#1f4e79", invalid=BREAK_AT_GAPS)
        .encode(
            x=alt.X("period:T", title=None, axis=_month_axis()),
            y=alt.Y("tone:Q", title="mean article tone"),
            tooltip=[
                alt.Tooltip("period:T", format="%B %Y"),
                alt.Tooltip("tone:Q", format="+.3f"),
                alt.Tooltip("articles:Q", title="articles"),
            ],
        )
    )


def tone_arc(frame: pd.DataFrame, title: str) -> alt.Chart:
    """Sentence-by-sentence compound of one article (``sent_id, compound, voice``); no sentence text."""
    return (
        _chart(frame[["sent_id", "compound", "voice"]], title=title)
        .mark_bar()
        .encode(
            x=alt.X("sent_id:O", title="sentence", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("compound:Q", title="tone (VADER compound)", scale=alt.Scale(domain=[-1, 1])),
            color=alt.Color(
                "voice:N", scale=alt.Scale(domain=["reporter", "quoted"], range=["#1f4e79", "#e08214"]), title=None
            ),
            tooltip=[
                alt.Tooltip("sent_id:O", title="sentence"),
                alt.Tooltip("compound:Q", format="+.3f"),
                alt.Tooltip("voice:N"),
            ],
        )
    )


def articles_over_time(frame: pd.DataFrame, colour: alt.Scale, title: str) -> alt.Chart:
    """Stacked bars of articles per ``period`` and ``source`` (``period, source, articles``); clicking a
    source's colour in a bar selects the source (selection ``pick`` on ``source``)."""
    pick = alt.selection_point(name="pick", fields=["source"])
    return (
        _chart(frame[["period", "source", "articles"]], title=title)
        .mark_bar()
        .encode(
            x=alt.X("period:T", title=None, axis=_month_axis()),
            y=alt.Y("articles:Q", title="articles", stack="zero"),
            color=alt.Color("source:N", scale=colour, title="source", legend=alt.Legend(orient="bottom", columns=4)),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.5)),
            tooltip=[
                alt.Tooltip("period:T", format="%B %Y", title="month"),
                alt.Tooltip("source:N"),
                alt.Tooltip("articles:Q", format=","),
            ],
        )
        .add_params(pick)
    )


def source_bars(
    frame: pd.DataFrame,
    value: str,
    colour: alt.Scale,
    title: str,
    value_title: str,
    value_format: str = ",",
    axis_format: str | None = None,
) -> alt.Chart:
    """Bars of ``value`` per ``source``, in the sources' own colours; clicking one selects it (``pick``)."""
    pick = alt.selection_point(name="pick", fields=["source"])
    return (
        _chart(frame[["source", value, "articles"]] if value != "articles" else frame[["source", value]], title=title)
        .mark_bar()
        .encode(
            x=alt.X(f"{value}:Q", title=value_title, axis=alt.Axis(format=axis_format) if axis_format else alt.Axis()),
            y=alt.Y("source:N", sort="-x", title=None, axis=alt.Axis(labelLimit=220)),
            color=alt.Color("source:N", scale=colour, legend=None),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.5)),
            tooltip=[alt.Tooltip("source:N"), alt.Tooltip(f"{value}:Q", format=value_format)]
            + ([alt.Tooltip("articles:Q", format=",")] if value != "articles" else []),
        )
        .add_params(pick)
        .properties(height=alt.Step(20))
    )


def tone_histogram(frame: pd.DataFrame, title: str) -> alt.Chart:
    """How many articles fall in each tone bin (``low, high, articles``), red to blue."""
    return (
        _chart(frame[["low", "high", "articles"]], title=title)
        .mark_bar(stroke="#888", strokeWidth=0.3)
        .encode(
            x=alt.X("low:Q", bin="binned", title="article tone (VADER compound)", scale=alt.Scale(domain=[-1, 1])),
            x2="high:Q",
            y=alt.Y("articles:Q", title="articles", axis=alt.Axis(tickMinStep=1, format=",d")),
            color=alt.Color("low:Q", scale=alt.Scale(scheme="redblue", domain=[-1, 1]), legend=None),
            tooltip=[
                alt.Tooltip("low:Q", format="+.2f", title="from"),
                alt.Tooltip("high:Q", format="+.2f", title="to"),
                alt.Tooltip("articles:Q", format=","),
            ],
        )
    )


def topic_bars(frame: pd.DataFrame, colour: alt.Scale, title: str, value_title: str) -> alt.Chart:
    """Share of each topic (``label, share``) in its colour; clicking one selects it (``pick`` on label)."""
    return _share_bars(frame, colour, title, value_title, "topic", label_limit=260, dimmed=0.5, step=24)


def _share_bars(frame: pd.DataFrame, colour: alt.Scale, title: str, value_title: str, noun: str, *,
                label_limit: int, dimmed: float, step: int) -> alt.Chart:  # fmt: skip
    """Clickable bars of each label's share in its colour, the largest first (topics and themes alike)."""
    pick = alt.selection_point(name="pick", fields=["label"])
    return (
        _chart(frame[["label", "share"]], title=title)
        .mark_bar()
        .encode(
            x=alt.X("share:Q", title=value_title, axis=alt.Axis(format="%")),
            y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=label_limit)),
            color=alt.Color("label:N", scale=colour, legend=None),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(dimmed)),
            tooltip=[alt.Tooltip("label:N", title=noun), alt.Tooltip("share:Q", format=".1%")],
        )
        .add_params(pick)
        .properties(height=alt.Step(step))
    )


def topic_map(frame: pd.DataFrame, colour: alt.Scale, title: str) -> alt.Chart:
    """Topics as circles at their 2-D positions (``label, x, y, share``), sized by prevalence."""
    pick = alt.selection_point(name="pick", fields=["label"])
    base = _Chart(title=title).encode(
        x=alt.X("x:Q", title=None, axis=None, scale=alt.Scale(domain=[-1.4, 1.4])),
        y=alt.Y("y:Q", title=None, axis=None, scale=alt.Scale(domain=[-1.4, 1.4])),
    )
    circles = (
        base.mark_circle(opacity=0.6, stroke="#333", strokeWidth=0.5)
        .encode(
            size=alt.Size("share:Q", scale=alt.Scale(range=[300, 4000]), legend=None),
            color=alt.Color("label:N", scale=colour, legend=None),
            tooltip=[alt.Tooltip("label:N", title="topic"), alt.Tooltip("share:Q", format=".1%")],
        )
        .add_params(pick)
    )
    words = base.mark_text(fontSize=11, dy=-2).encode(text="label:N")
    return _layered(frame[["label", "x", "y", "share"]], circles, words).properties(height=360)


def relevance_bars(frame: pd.DataFrame, title: str) -> alt.Chart:
    """A topic's terms in relevance order (``term, in_topic, overall``): the term's estimated uses in the
    topic (red) drawn over its uses in the whole corpus (pale), as LDAvis draws them."""
    order = frame["term"].tolist()
    base = _Chart(title=title).encode(
        y=alt.Y("term:N", sort=order, title=None, axis=alt.Axis(labelOverlap=False, labelLimit=200)),
        tooltip=[
            alt.Tooltip("term:N"),
            alt.Tooltip("in_topic:Q", format=",.0f", title="est. uses in this topic"),
            alt.Tooltip("overall:Q", format=",.0f", title="uses in the corpus"),
        ],
    )
    overall = base.mark_bar(color="#c6dbef").encode(
        x=alt.X("overall:Q", title="estimated uses (pale: whole corpus, red: this topic)")
    )
    in_topic = base.mark_bar(color="#b2182b", height=10).encode(x="in_topic:Q")
    return _layered(frame[["term", "in_topic", "overall"]], overall, in_topic).properties(height=alt.Step(20))


#: Pixels of a legend's label: a topic's label is three terms ("supreme court · same-sex marriage · samuel
#: alito"), which Vega-Lite's default of 160 cut to "supreme court · same-se…".
LEGEND_LABEL_LIMIT = 340


#: Under bars labelled by source the legend starts where the bars do, about 150 pixels in: less room.
BESIDE_LABELS_LIMIT = 240


def _long_labels(title: str | None = None, limit: int = LEGEND_LABEL_LIMIT) -> alt.Legend:
    """A legend of long labels below the chart, one per line and whole (or cut with an ellipsis inside the
    chart, never by its edge): these charts sit in half the page, where two columns of such labels do
    not fit (the second column was cut off at the chart's edge)."""
    extra = {} if title is None else {"title": title}
    return alt.Legend(orient="bottom", columns=1, labelLimit=limit, **extra)


#: The topic lines' height: Streamlit fits the whole chart — title, axes and the legend of five long labels
#: below — into it, and at 320 the legend left the lines a strip 20 pixels high.
TREND_HEIGHT = 460


def topic_trend(frame: pd.DataFrame, colour: alt.Scale, title: str, level: str = "topic") -> alt.Chart:
    """Share of each period's text per topic (``period, label, share``), as lines; ``level`` names what
    the labels are in the legend ("topic", or "theme" where the lines are themes)."""
    return (
        _chart(with_gaps(frame[["period", "label", "share"]], by="label"), title=title)
        .mark_line(point=True, invalid=BREAK_AT_GAPS)
        .encode(
            x=alt.X("period:T", title=None, axis=_month_axis()),
            y=alt.Y("share:Q", title="share of the period's articles", axis=alt.Axis(format="%")),
            color=alt.Color("label:N", scale=colour, title=level, legend=_long_labels()),
            tooltip=[
                alt.Tooltip("period:T", format="%B %Y", title="from"),
                alt.Tooltip("label:N", title=level),
                alt.Tooltip("share:Q", format=".1%"),
            ],
        )
        .properties(height=TREND_HEIGHT)
    )


def topic_by_source(frame: pd.DataFrame, colour: alt.Scale, title: str, level: str = "topic") -> alt.Chart:
    """Each source's topic mix (``source, label, share``) as normalized stacked bars (``level``: as in
    :func:`topic_trend`)."""
    return (
        _chart(frame[["source", "label", "share"]], title=title)
        .mark_bar()
        .encode(
            x=alt.X("share:Q", stack="normalize", title="share of the source's articles", axis=alt.Axis(format="%")),
            y=alt.Y("source:N", title=None, axis=alt.Axis(labelLimit=200)),
            color=alt.Color("label:N", scale=colour, title=level, legend=_long_labels(limit=BESIDE_LABELS_LIMIT)),
            tooltip=[
                alt.Tooltip("source:N"),
                alt.Tooltip("label:N", title=level),
                alt.Tooltip("share:Q", format=".1%"),
            ],
        )
        .properties(height=alt.Step(20))
    )


def contrast_scatter(frame: pd.DataFrame, names: tuple[str, str], title: str) -> alt.Chart:
    """Scattertext's idea server-side: each term at its rate in slice A (x) and slice B (y), per 10,000
    words on log axes, coloured by which slice it is typical of (``term, rate_a, rate_b, z, side``).
    Clicking a term selects it (``pick`` on ``term``)."""
    pick = alt.selection_point(name="pick", fields=["term"])
    data = frame.assign(
        rate_a=frame["rate_a"].clip(lower=0.05),
        rate_b=frame["rate_b"].clip(lower=0.05),
        typical=frame["side"].map({"A": names[0], "B": names[1]}),
        strength=frame["z"].abs(),
    )
    # Only the strongest terms of each side are labelled: forty labels on one plot are unreadable.
    data["label"] = data["term"].where(data.groupby("side")["strength"].rank(ascending=False, method="first") <= 12, "")
    base = _Chart(title=title).encode(
        x=alt.X("rate_a:Q", scale=alt.Scale(type="log"), title=f"per 10,000 words in {names[0]}"),
        y=alt.Y("rate_b:Q", scale=alt.Scale(type="log"), title=f"per 10,000 words in {names[1]}"),
    )
    points = (
        base.mark_circle(size=60)
        .encode(
            color=alt.Color(
                "typical:N",
                scale=alt.Scale(domain=list(names), range=["#1f77b4", "#d62728"]),
                title="typical of",
                legend=alt.Legend(orient="bottom"),
            ),
            opacity=alt.condition(pick, alt.value(0.9), alt.value(0.35)),
            tooltip=[
                alt.Tooltip("term:N"),
                alt.Tooltip("z:Q", format="+.1f", title="z (log-odds)"),
                alt.Tooltip("rate_a:Q", format=".2f", title=f"rate in {names[0]}"),
                alt.Tooltip("rate_b:Q", format=".2f", title=f"rate in {names[1]}"),
            ],
        )
        .add_params(pick)
    )
    labels = base.mark_text(fontSize=10, dx=5, align="left").encode(text="label:N")
    shown = data[["term", "rate_a", "rate_b", "z", "typical", "label"]]
    return _layered(shown, points, labels).properties(height=460)


def co_mention_matrix(frame: pd.DataFrame, title: str) -> alt.Chart:
    """How many articles name both entities (``a, b, articles``), as a heat map in mention order."""
    order = list(dict.fromkeys(frame["a"]))
    return (
        _chart(frame[["a", "b", "articles"]], title=title)
        .mark_rect()
        .encode(
            x=alt.X("a:N", sort=order, title=None, axis=alt.Axis(labelAngle=-40, labelLimit=140, labelOverlap=False)),
            y=alt.Y("b:N", sort=order, title=None, axis=alt.Axis(labelLimit=160, labelOverlap=False)),
            color=alt.Color(
                "articles:Q",
                scale=alt.Scale(scheme="blues"),
                title="articles naming both",
                legend=alt.Legend(format=",d", tickMinStep=1),
            ),  # counts: no "1.000000"
            tooltip=[
                alt.Tooltip("a:N", title="entity"),
                alt.Tooltip("b:N", title="and"),
                alt.Tooltip("articles:Q", format=","),
            ],
        )
        .properties(height=alt.Step(22), width=alt.Step(40))
    )


def theme_topic_bars(frame: pd.DataFrame, colour: alt.Scale, title: str) -> alt.Chart:
    """Themes and their topics as one list of bars (``theme, label, share``): each theme's topics together,
    themes largest first, in the theme's colour; clicking a topic selects it (``pick`` on label)."""
    pick = alt.selection_point(name="pick", fields=["label"])
    frame = frame[["theme", "label", "share"]].copy()
    order = frame.groupby("theme")["share"].sum().sort_values(ascending=False).index.tolist()
    frame["rank"] = frame["theme"].map({t: i for i, t in enumerate(order)})
    frame = frame.sort_values(["rank", "share"], ascending=[True, False], kind="stable")
    return (
        _chart(frame[["theme", "label", "share"]], title=title)
        .mark_bar()
        .encode(
            x=alt.X("share:Q", title="share here", axis=alt.Axis(format="%")),
            y=alt.Y(
                "label:N", sort=frame["label"].tolist(), title=None, axis=alt.Axis(labelLimit=300, labelOverlap=False)
            ),
            color=alt.Color("theme:N", scale=colour, legend=None),  # the themes' chart beside it is the legend
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.55)),
            tooltip=[
                alt.Tooltip("theme:N"),
                alt.Tooltip("label:N", title="topic"),
                alt.Tooltip("share:Q", format=".1%"),
            ],
        )
        .add_params(pick)
        .properties(height=alt.Step(20))
    )


def theme_bars(frame: pd.DataFrame, colour: alt.Scale, title: str) -> alt.Chart:
    """Each theme's share (``label, share``) in its colour; clicking one selects it (``pick`` on label)."""
    return _share_bars(frame, colour, title, "share here", "theme", label_limit=300, dimmed=0.6, step=26)


def article_map(frame: pd.DataFrame, colour: alt.Scale, title: str) -> alt.Chart:
    """Articles as points placed by their topic mix (``doc_id, title, theme, x, y``), coloured by theme;
    clicking one selects it (``pick`` on doc_id)."""
    pick = alt.selection_point(name="pick", fields=["doc_id"])
    return (
        _chart(frame[["doc_id", "title", "theme", "x", "y"]], title=title)
        .mark_circle(size=28, opacity=0.65)
        .encode(
            x=alt.X("x:Q", title=None, axis=None),
            y=alt.Y("y:Q", title=None, axis=None),
            color=alt.Color("theme:N", scale=colour, legend=_long_labels("theme")),
            tooltip=[alt.Tooltip("title:N", title="article"), alt.Tooltip("theme:N")],
        )
        .add_params(pick)
        .properties(height=420)
    )


def _interval_tooltip(group_title: str) -> list[alt.Tooltip]:
    return [
        alt.Tooltip("group:N", title=group_title),
        alt.Tooltip("label:N", title="portrayed as"),
        alt.Tooltip("share:Q", format=".1%"),
        alt.Tooltip("low:Q", format=".1%", title="interval from"),
        alt.Tooltip("high:Q", format=".1%", title="to"),
        alt.Tooltip("count:Q", format=",", title="sentences with this label"),
        alt.Tooltip("sentences:Q", format=",", title="sentences"),
        alt.Tooltip("articles:Q", format=",", title="articles"),
    ]


def interval_bars(
    frame: pd.DataFrame, order: list[str], title: str, entity: str, group_title: str = "source"
) -> alt.Chart:
    """Shares negative / neutral / positive side by side per group (``group, label, share, low, high,
    count, sentences, articles``), each bar with its interval as a rule, groups in ``order`` and labelled
    with their sentence count; clicking a bar selects its group and label (``pick``)."""
    data = frame[["group", "label", "share", "low", "high", "count", "sentences", "articles"]].assign(
        shown=[f"{g} ({n:,})" for g, n in zip(frame["group"], frame["sentences"], strict=True)]
    )
    shown_order = [data.loc[data["group"] == g, "shown"].iloc[0] for g in order if (data["group"] == g).any()]
    pick = alt.selection_point(name="pick", fields=["group", "label"])
    y = alt.Y(
        "shown:N",
        sort=shown_order,
        title=f"{group_title} (sentences)",
        axis=alt.Axis(labelLimit=260, labelOverlap=False),
    )
    offset = alt.YOffset("label:N", sort=list(PORTRAYAL_COLOURS.domain), scale=alt.Scale(paddingInner=0.05))
    base = _Chart(title=title).encode(y=y, yOffset=offset, tooltip=_interval_tooltip(group_title))
    bars = (
        base.mark_bar()
        .encode(
            x=alt.X(
                "share:Q", title=f"share of the sentences naming {entity}", axis=alt.Axis(format="%", tickCount=10)
            ),
            color=alt.Color("label:N", scale=PORTRAYAL_COLOURS, title="portrayed as", legend=alt.Legend(orient="top")),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.45)),
        )
        .add_params(pick)
    )
    rules = base.mark_rule(color="#222", strokeWidth=1.5).encode(x="low:Q", x2="high:Q")
    return _layered(data, bars, rules).properties(height=alt.Step(9))


def interval_trend(frame: pd.DataFrame, title: str, entity: str, period_title: str = "quarter") -> alt.Chart:
    """Shares negative / neutral / positive per period (``period, group, label, share, low, high, …``) as
    lines with each point's interval as a rule; clicking a point selects its period and label (``pick``)."""
    data = frame[["period", "group", "label", "share", "low", "high", "count", "sentences", "articles"]]
    data = with_gaps(data, "QS" if period_title == "quarter" else "MS", by="label")
    pick = alt.selection_point(name="pick", fields=["group", "label"])
    # One tick per quarter written "2016 Q3" (Vega's quarter() counts 1–4), or one per month "Jul 2016".
    axis = (
        alt.Axis(
            tickCount={"interval": "month", "step": 3},
            labelExpr="year(datum.value) + ' Q' + quarter(datum.value)",
            labelAngle=-40,
        )
        if period_title == "quarter"
        else alt.Axis(format="%b %Y", labelAngle=-40)
    )
    base = _Chart(title=title).encode(
        x=alt.X("period:T", title=None, axis=axis),
        color=alt.Color("label:N", scale=PORTRAYAL_COLOURS, title="portrayed as", legend=alt.Legend(orient="top")),
        tooltip=_interval_tooltip(period_title),
    )
    lines = base.mark_line(strokeWidth=1.5, invalid=BREAK_AT_GAPS).encode(
        y=alt.Y("share:Q", title=f"share of the sentences naming {entity}", axis=alt.Axis(format="%"))
    )
    rules = base.mark_rule(strokeWidth=1.5, opacity=0.6).encode(y="low:Q", y2="high:Q")
    points = (
        base.mark_point(filled=True, size=50)
        .encode(y="share:Q", opacity=alt.condition(pick, alt.value(1.0), alt.value(0.45)))
        .add_params(pick)
    )
    return _layered(data, rules, lines, points).properties(height=340)
