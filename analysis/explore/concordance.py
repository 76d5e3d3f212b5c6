"""Keyword in context (KWIC): every sentence that uses a term, cut around the match, and the term's trend.

Matching is case-insensitive on whole words ("uk" does not match "ukraine"); a phrase matches with any
white space between its words, and "U.S." matches with or without its dots.  It runs as one vectorised
regular-expression pass over the sentences table, so it is quick on 400,000 sentences.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from analysis.result import Analysis

KWIC_COLUMNS = ["doc_id", "sent_id", "left", "match", "right"]


def term_pattern(term: str) -> re.Pattern[str] | None:
    """A whole-word, case-insensitive pattern for a term or phrase; None for an empty term."""
    words = term.split()
    if not words:
        return None
    parts = [re.escape(w.replace(".", "")).replace(r"\-", "-") for w in words]
    dotted = [
        r"\.?".join(map(re.escape, p)) if p.isalpha() and len(p) <= 4 and "." in w else p
        for p, w in zip(parts, words, strict=True)
    ]
    tail = r"\.?" if words[-1].endswith(".") else ""  # "U.S." keeps its final dot, a plain word takes none
    return re.compile(r"(?<!\w)" + r"\s+".join(dotted) + tail + r"(?!\w)", re.IGNORECASE)


def matching_sentences(sentences: pd.DataFrame, term: str) -> pd.DataFrame:
    """The sentences that use ``term`` (none for an empty term).

    The one pass over the whole sentences table: a page that shows both the concordance and the trend
    filters once and hands the (small) result to both.
    """
    pattern = term_pattern(term)
    if pattern is None or sentences.empty:
        return sentences.iloc[:0]
    # A plain substring test first (Arrow's, several times faster than a regex), then the exact
    # whole-word pattern on the few sentences that can match.
    needle = max(re.findall(r"\w+", term.split()[0]) or [""], key=len)
    if needle:
        sentences = sentences[sentences["text"].str.contains(needle, case=False, regex=False, na=False)]
    return sentences[sentences["text"].str.contains(pattern, regex=True, na=False)]


def term_hits(analysis: Analysis, term: str) -> pd.DataFrame:
    """Every sentence of the whole corpus that uses ``term``, scanned once per analysis and term (the 32
    most recent terms are kept): a filter change only restricts the hits, it never scans again."""
    scan = analysis.memo(
        "term_hits", lambda: lru_cache(maxsize=32)(lambda needle: matching_sentences(analysis.sentences, needle))
    )
    return scan(term.strip().lower())


def concordance(
    sentences: pd.DataFrame, term: str, width: int = 70, limit: int = 500, matched: bool = False
) -> pd.DataFrame:
    """Up to ``limit`` occurrences of ``term``: ``doc_id, sent_id, left, match, right`` (``width`` characters
    each side).  ``sentences`` may be the whole table or, with ``matched=True``, :func:`matching_sentences`
    of it (then it is not scanned again)."""
    pattern = term_pattern(term)
    if pattern is None:
        return pd.DataFrame(columns=KWIC_COLUMNS)
    hits = sentences if matched else matching_sentences(sentences, term)
    rows = []
    for doc_id, sent_id, text in zip(hits["doc_id"], hits["sent_id"], hits["text"], strict=True):
        for found in pattern.finditer(text):  # every occurrence, as a concordance lists them
            left = text[: found.start()]
            right = text[found.end() :]
            rows.append(
                (
                    doc_id,
                    sent_id,
                    ("…" + left[-width:]) if len(left) > width else left,
                    found.group(0),
                    (right[:width] + "…") if len(right) > width else right,
                )
            )
        if len(rows) >= limit:
            break
    rows = rows[:limit]
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)


def term_trend(
    sentences: pd.DataFrame, articles: pd.DataFrame, term: str, freq: str = "MS", matched: bool = False
) -> pd.DataFrame:
    """Share of dated articles per period that use ``term``: ``period, articles, with_term, share``.

    A share, not a count, so that a busy month does not look like a surge of interest.  ``sentences``
    may be the whole table or, with ``matched=True``, :func:`matching_sentences` of it.
    """
    dated = articles[["doc_id", "published"]].dropna(subset=["published"])  # not a copy of the text
    if term_pattern(term) is None or dated.empty:
        return pd.DataFrame(columns=["period", "articles", "with_term", "share"])
    using = pd.Index((sentences if matched else matching_sentences(sentences, term))["doc_id"].unique())
    frame = pd.DataFrame(
        {"period": dated["published"].dt.to_period(freq[0]).dt.start_time, "hit": dated["doc_id"].isin(using)}
    )
    trend = frame.groupby("period").agg(articles=("hit", "size"), with_term=("hit", "sum")).reset_index()
    trend["share"] = trend["with_term"] / trend["articles"]
    return trend


def term_by_source(
    sentences: pd.DataFrame, articles: pd.DataFrame, term: str, top: int = 15, matched: bool = False
) -> pd.DataFrame:
    """Share of each source's articles that use ``term``: ``source, articles, with_term, share``, for the
    ``top`` sources with most articles (a share, so a prolific source does not dominate).  ``matched``
    as for :func:`term_trend`."""
    if term_pattern(term) is None or articles.empty:
        return pd.DataFrame(columns=["source", "articles", "with_term", "share"])
    using = pd.Index((sentences if matched else matching_sentences(sentences, term))["doc_id"].unique())
    frame = pd.DataFrame(
        {
            "source": articles["source"].fillna("(no source)").to_numpy(),
            "hit": articles["doc_id"].isin(using).to_numpy(),
        }
    )
    table = frame.groupby("source").agg(articles=("hit", "size"), with_term=("hit", "sum")).reset_index()
    table["share"] = table["with_term"] / table["articles"]
    return table.sort_values("articles", ascending=False, kind="stable").head(top)
