"""Share-safe views: every figure and chart, but never more than a small share of any article verbatim.

News text is usually someone else's copyright.  A hosted copy in share-safe mode shows what Voyant calls
non-consumptive use: counts, charts, and short excerpts — a keyword in context, an evidence sentence, a
quote — each bounded, and bounded *per article* in total, so that no page view adds up to the article.

The bound is enforced here, once, not by each page: :func:`redact` makes the analysis the pages receive
(articles and sentences without their text, quotes cut to their share), and the excerpts a page asks for
(:func:`keep_within`, :func:`excerpt`) are counted against each article's budget for that kind of text.
A page shows at most a few kinds together, and the kinds' shares are chosen so that the kinds any one
page combines stay under :data:`PAGE_SHARE` of the article:

========================  =========================================  =====================
page                       kinds of text it shows                     share, at most
========================  =========================================  =====================
Articles (the reader)      keyword in context, linked sentence, quotes  8 + 4 + 8 = 20 %
Keywords                   keyword in context                          8 %
Sentiment                  evidence sentences                          8 %
People & quotes            quotes                                      8 %
Topics                     passages                                    5 %
Data (downloads)           quotes                                      8 %
========================  =========================================  =====================
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.ingest.corpus import ARTICLE_COLUMNS
from analysis.result import ANALYSIS_ARTICLE_COLUMNS, Analysis

#: No page view in share-safe mode shows more than this share of any article's characters verbatim.
PAGE_SHARE = 0.25
#: The shortest run of characters that counts as shown verbatim; shorter pieces are words and names.
RUN = 40
#: What the excerpts of one page may add up to: the rest of :data:`PAGE_SHARE` is headroom for what every
#: page shows anyway (titles, long entity names).
_LARGEST_PAGE = 0.20
WITHHELD = "(withheld in this shared copy)"


@dataclass(frozen=True)
class Exposure:
    """The share of an article's characters each kind of text may show in one page view.

    ``context``: characters of keyword-in-context on each side of the match; ``window``: the longest excerpt
    of one sentence, quote or passage.
    """

    kwic: float = 0.08
    sentence: float = 0.04
    evidence: float = 0.08
    quotes: float = 0.08
    passages: float = 0.05
    context: int = 40
    window: int = 160

    def __post_init__(self) -> None:
        if self.largest_page() > _LARGEST_PAGE:
            raise ValueError(f"the kinds one page shows together exceed {_LARGEST_PAGE:.0%} of an article")

    def largest_page(self) -> float:
        """The largest share any one page combines (the reader: keyword in context, sentence, quotes)."""
        return max(self.kwic + self.sentence + self.quotes, self.evidence, self.passages)


@dataclass(frozen=True)
class Budget:
    """Characters one kind of text may show, per article (``limit``, by ``doc_id``), spent per story
    (``group``: each article's story): syndicated copies of one story share one budget, or twelve copies
    would show twelve different eighths of the same text."""

    limit: pd.Series
    group: pd.Series


def budgets(analysis: Analysis, share: float) -> Budget:
    """The :class:`Budget` of one kind of text: ``share`` of each story's shortest copy.

    Every page shows titles; where an article's text repeats its (shown) title verbatim and the title is
    long enough to count as a run, the budgets shrink so that title and excerpts together stay within
    :data:`PAGE_SHARE` of the article."""
    lengths, overlap = analysis.memo("text_lengths", lambda: _lengths(analysis))
    spare = np.maximum(PAGE_SHARE * lengths - overlap, 0)
    articles = analysis.articles
    per_doc = pd.Series(np.floor(np.minimum(share * lengths, spare * share / _LARGEST_PAGE)).astype(np.int64))
    story = articles["story_id"].fillna(articles["doc_id"]).to_numpy()
    limit = per_doc.groupby(story).transform("min")
    return Budget(limit.set_axis(articles["doc_id"].to_numpy()), pd.Series(story, index=articles["doc_id"].to_numpy()))


def shown_title(title: str, text: str) -> str:
    """The title as a share-safe page shows it: whole, unless it is a long stretch of the article's own
    text (a title taken from the first sentence of a brief), which is cut below a verbatim run."""
    bare = title.removesuffix("…")
    if len(bare) >= RUN and bare in text and len(bare) > (PAGE_SHARE - _LARGEST_PAGE) * len(text):
        return excerpt(bare, 0, 0, RUN - 2)
    return title


def _lengths(analysis: Analysis) -> tuple[np.ndarray, np.ndarray]:
    """Each article's length and the characters its shown title repeats of its text (read once)."""
    lengths, repeated = np.zeros(len(analysis.articles)), np.zeros(len(analysis.articles))
    for rows, titles, texts in _titles_and_texts(analysis):
        lengths[rows] = [len(text) for text in texts]
        shown = [shown_title(t, text) for t, text in zip(titles, texts, strict=True)]
        repeated[rows] = [len(t) if len(t) >= RUN and t in text else 0 for t, text in zip(shown, texts, strict=True)]
    return lengths, repeated


def _titles_and_texts(analysis: Analysis) -> Iterator[tuple[np.ndarray, list[str], list[str]]]:
    """``(rows, titles, texts)`` of every article, a row group at a time (titles as ``str``, "" for none)."""
    titles = analysis.articles["title"].fillna("")
    for rows, texts in analysis.text_batches():
        yield rows, [str(t) for t in titles.iloc[rows]], texts.to_pylist()


def shown_titles(analysis: Analysis) -> list[str]:
    """Every article's title as share-safe pages show it (:func:`shown_title`)."""
    out: list[str] = []
    for _, titles, texts in _titles_and_texts(analysis):
        out += [shown_title(t, text) for t, text in zip(titles, texts, strict=True)]
    return out


def keep_within(doc_ids: pd.Series, sizes: pd.Series | np.ndarray, budget: Budget) -> np.ndarray:
    """Which rows, taken in order, fit their story's budget: a row is kept while the running total of the
    characters kept for its story, itself included, stays within the budget."""
    sizes = np.asarray(sizes, dtype=np.int64)
    limit = budget.limit.reindex(doc_ids.to_numpy()).fillna(0).to_numpy(np.int64)
    groups = budget.group.reindex(doc_ids.to_numpy()).fillna("").to_numpy()
    keep = np.zeros(len(sizes), dtype=bool)
    used: dict[str, int] = {}
    for i, (group, size) in enumerate(zip(groups, sizes, strict=True)):
        total = used.get(group, 0) + int(size)
        if total <= limit[i]:
            keep[i] = True
            used[group] = total
    return keep


def excerpt(text: str, start: int, end: int, limit: int) -> str:
    """At most ``limit`` characters of ``text`` around ``[start, end)``, cut at word boundaries, with "…"
    where something was left out (the ellipses are not the article's characters)."""
    if len(text) <= limit:
        return text
    middle = (start + end) // 2
    lo = max(0, min(middle - limit // 2, len(text) - limit))
    hi = lo + limit
    piece = text[lo:hi]
    if lo > 0 and " " in piece:
        piece = piece.split(" ", 1)[1]
    if hi < len(text) and " " in piece:
        piece = piece.rsplit(" ", 1)[0]
    return ("…" if lo > 0 else "") + piece + ("…" if hi < len(text) else "")


def verbatim_length(shown: str) -> int:
    """The article characters in an excerpt: everything but the ellipses :func:`excerpt` added."""
    return len(shown.replace("…", ""))


def budgeted_text(
    doc_ids: pd.Series, texts: pd.Series, budget: Budget, window: int, anchors: pd.Series | None = None
) -> pd.Series:
    """Each text cut to an excerpt of at most ``window`` characters — and of at most its article's budget,
    so that a short article still shows one excerpt — around ``anchors`` (a character offset in each text;
    default its start), then withheld once the article's budget is spent."""
    limits = np.minimum(budget.limit.reindex(doc_ids.to_numpy()).fillna(0).to_numpy(np.int64), window)
    at = np.zeros(len(texts), dtype=np.int64) if anchors is None else np.asarray(anchors, dtype=np.int64)
    cut = pd.Series(
        [excerpt(t, a, a, int(n)) if n > 0 else "" for t, a, n in zip(texts.fillna(""), at, limits, strict=True)],
        index=texts.index,
        dtype="str",
    )
    keep = keep_within(doc_ids, cut.map(verbatim_length), budget) & (cut != "").to_numpy()
    return cut.where(keep, WITHHELD)


def _short(value: object) -> object:
    """A metadata value as share-safe pages show it: below a verbatim run (an input's extra "content"
    or "description" column may hold the article itself)."""
    if isinstance(value, str) and len(value) >= RUN:
        return excerpt(value, 0, 0, RUN - 2)
    return value


def replaced(values: pd.Series, names: dict[str, str]) -> pd.Series:
    """``values.replace(names)``; a categorical (a lean store's) stays one, with sorted categories, so that
    it compares, sorts and counts as the replaced strings do (two names may become one)."""
    if not isinstance(values.dtype, pd.CategoricalDtype):
        return values.replace(names)
    renamed = values.cat.categories.map(lambda n: names.get(n, n))
    categories = pd.Index(np.unique(renamed.to_numpy(dtype=object)).astype(object), dtype=values.cat.categories.dtype)
    recode = np.append(categories.get_indexer(renamed), -1)  # code -1 (missing) stays missing
    codes = recode[values.cat.codes.to_numpy()]
    categorical = pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories))
    return pd.Series(categorical, index=values.index, name=values.name)


def redact(analysis: Analysis, exposure: Exposure) -> Analysis:
    """The analysis as share-safe pages receive it: the articles' and sentences' text gone; quotes cut to
    ``exposure.quotes`` of each story (the rest withheld); titles that repeat the text, other metadata
    columns and names long enough to be text cut below a verbatim run; figures, offsets and spans kept."""
    frames = dict(analysis.frames)
    articles = frames["articles"]
    titles = shown_titles(analysis)
    articles = articles.drop(columns="text", errors="ignore").assign(title=pd.array(titles, dtype="str"))
    for column in articles.columns:  # the input's extra columns: ours are ids, names, dates and links
        if column not in ARTICLE_COLUMNS and column not in ANALYSIS_ARTICLE_COLUMNS:
            articles[column] = articles[column].map(_short)
    frames["articles"] = articles
    frames["sentences"] = frames["sentences"].drop(columns="text", errors="ignore")
    frames.pop("mentions", None)  # mentions as written are for the build's reuse, never shown
    long_names = {n: str(_short(n)) for n in frames["entities"]["entity"].unique() if len(n) >= RUN}
    if long_names:
        for name, column in (("entities", "entity"), ("entity_sentiment", "entity"), ("quotes", "speaker")):
            frames[name] = frames[name].assign(**{column: replaced(frames[name][column], long_names)})
    quotes = frames["quotes"]
    if len(quotes):
        said = analysis.column("quotes", "text", np.arange(len(quotes)))  # read back where a lean store left it
        texts = budgeted_text(quotes["doc_id"], said, budgets(analysis, exposure.quotes), exposure.window)
        frames["quotes"] = quotes.assign(text=texts)
        if "source_text" in quotes.columns or "source_text" in analysis.left_out("quotes"):
            # Who spoke as written, cut below a verbatim run like any other words of the articles.
            sources = analysis.column("quotes", "source_text", np.arange(len(quotes))).map(_short)
            frames["quotes"] = frames["quotes"].assign(source_text=sources.to_numpy())
    # The view holds its own (cut) quotes and no article text; what else the store left out is read from it.
    stored = analysis.without_stored({"articles": ("text",), "quotes": ("text", "source_text")})
    return Analysis(frames=frames, meta=analysis.meta).reading(stored)
