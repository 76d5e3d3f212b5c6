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

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.result import Analysis

#: No page view in share-safe mode shows more than this share of any article's characters verbatim.
PAGE_SHARE = 0.25
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
        reader = self.kwic + self.sentence + self.quotes
        if max(reader, self.evidence, self.passages) > PAGE_SHARE:
            raise ValueError(f"the kinds one page shows together exceed {PAGE_SHARE:.0%} of an article")


def budgets(analysis: Analysis, share: float) -> pd.Series:
    """Characters of each article (by ``doc_id``) that one kind of text may show: ``share`` of its text."""
    lengths = analysis.memo("text_lengths", lambda: pd.Series(
        analysis.articles["text"].str.len().to_numpy(), index=analysis.articles["doc_id"].to_numpy()))
    return np.floor(lengths * share).astype(np.int64)


def keep_within(doc_ids: pd.Series, sizes: pd.Series | np.ndarray, budget: pd.Series) -> np.ndarray:
    """Which rows, taken in order, fit their article's budget: a row is kept while the running total of
    its article's kept characters, itself included, stays within ``budget[doc_id]``."""
    sizes = np.asarray(sizes, dtype=np.int64)
    limit = budget.reindex(doc_ids.to_numpy()).fillna(0).to_numpy(np.int64)
    keep = np.zeros(len(sizes), dtype=bool)
    used: dict[str, int] = {}
    for i, (doc_id, size) in enumerate(zip(doc_ids.to_numpy(), sizes, strict=True)):
        total = used.get(doc_id, 0) + int(size)
        if total <= limit[i]:
            keep[i] = True
            used[doc_id] = total
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


def budgeted_text(doc_ids: pd.Series, texts: pd.Series, budget: pd.Series, window: int) -> pd.Series:
    """Each text cut to ``window`` characters, and withheld once its article's budget is spent."""
    cut = texts.fillna("").map(lambda t: excerpt(t, 0, min(len(t), window), window))
    keep = keep_within(doc_ids, cut.map(verbatim_length), budget)
    return cut.where(keep, WITHHELD)


def redact(analysis: Analysis, exposure: Exposure) -> Analysis:
    """The analysis as share-safe pages receive it: articles and sentences without their text, quotes
    cut to ``exposure.quotes`` of each article (the rest withheld); figures, offsets and spans untouched."""
    frames = dict(analysis.frames)
    frames["articles"] = frames["articles"].drop(columns="text")
    frames["sentences"] = frames["sentences"].drop(columns="text", errors="ignore")
    quotes = frames["quotes"]
    if len(quotes):
        texts = budgeted_text(quotes["doc_id"], quotes["text"], budgets(analysis, exposure.quotes), exposure.window)
        frames["quotes"] = quotes.assign(text=texts)
    return Analysis(frames=frames, meta=analysis.meta)
