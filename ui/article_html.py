"""An article as safe HTML: sentences shaded by tone, quotes underlined with their speaker, keywords bold.

Every character of the article goes through :func:`html.escape` before any markup is added, and the
markup is built only from our own numbers and canonical names (escaped too), so nothing an article or an
upload contains can become an element or a script.  Pure Python, no Streamlit, so it is unit-tested.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from itertools import pairwise

import numpy as np
import pandas as pd

from analysis.explore.concordance import term_pattern
from analysis.explore.texts import quote_spans as quote_spans_of

QUOTE_STYLE = "border-bottom:2px solid #e08214;"
SPEAKER_STYLE = "font-size:0.75em;color:#8a4b08;margin-left:0.2em;"
MARK_STYLE = "outline:2px solid #f0b400;"
PARAGRAPH_MARK_STYLE = "border-left:4px solid #f0b400;padding-left:0.6em;"


def tone_colour(compound: float) -> str:
    """A translucent red (negative) or blue (positive) whose strength follows ``|compound|``."""
    if abs(compound) < 0.05:
        return "transparent"
    alpha = round(0.08 + 0.32 * min(abs(compound), 1.0), 3)
    return f"rgba(178,24,43,{alpha})" if compound < 0 else f"rgba(33,102,172,{alpha})"


def paragraphs_of(sentences: pd.DataFrame) -> list[tuple[int, int]]:
    """Each paragraph's span, from its sentences' stored offsets (``para_id, start, end``)."""
    if sentences.empty:
        return []
    bounds = sentences.groupby("para_id", sort=True).agg(start=("start", "min"), end=("end", "max"))
    return list(zip(bounds["start"].tolist(), bounds["end"].tolist(), strict=True))


def article_html(
    text: str, sentences: pd.DataFrame, quotes: pd.DataFrame, terms: Iterable[str], mark: int | None = None
) -> str:
    """One article as HTML paragraphs.

    ``sentences`` are its rows (``start, end, compound``, and ``sent_id`` for ``mark``), ``quotes`` its
    rows (``start, end, kind, speaker``; indirect speech is not marked), ``terms`` the keywords to set in
    bold, ``mark`` the id of a sentence to highlight with its paragraph (the evidence a link points to).
    """
    sent_starts = sentences["start"].to_numpy()
    sent_ends = sentences["end"].to_numpy()
    tone = sentences["compound"].to_numpy() if "compound" in sentences else np.zeros(len(sentences))
    # Underline only what is inside quotation marks, as stored ("said Pompeo" between two halves of a split
    # quote is not), and sign each quote after its last closing mark.
    quote_spans = quote_spans_of(quotes) if len(quotes) else []
    marked = quotes[quotes["kind"] != "indirect"] if len(quotes) else quotes
    speaker_by_end = {
        end: speaker
        for end, speaker in zip(marked["end"].tolist(), marked["speaker"].fillna("").tolist(), strict=True)
        if speaker
    }
    speaker_at = {(y + 1 if text[y : y + 1] in '”"' else y): speaker for y, speaker in speaker_by_end.items()}
    bold: list[tuple[int, int]] = []
    for term in terms:
        pattern = term_pattern(term)
        if pattern is not None:
            bold.extend(match.span() for match in pattern.finditer(text))
    cuts = {0, len(text)}
    cuts.update(sent_starts.tolist())
    cuts.update(sent_ends.tolist())
    for a, b, _ in quote_spans:
        cuts.update((a, b))
    for a, b in bold:
        cuts.update((a, b))
    cuts.update(speaker_at)
    marked_span = None
    if mark is not None and "sent_id" in sentences:
        hit = sentences[sentences["sent_id"] == mark]
        if len(hit):
            marked_span = (int(hit["start"].iloc[0]), int(hit["end"].iloc[0]))
    out = []
    for para_start, para_end in paragraphs_of(sentences):
        points = sorted(c for c in cuts if para_start < c < para_end)
        bounds = [para_start, *points, para_end]
        parts = []
        for a, b in pairwise(bounds):
            if a >= b:
                continue
            i = int(np.searchsorted(sent_starts, a, side="right")) - 1
            inside = 0 <= i < len(sent_starts) and a < sent_ends[i]
            style = f"background:{tone_colour(float(tone[i]))};" if inside else ""
            if marked_span and marked_span[0] <= a and b <= marked_span[1]:
                style += MARK_STYLE
            if any(x <= a and b <= y for x, y, _ in quote_spans):
                style += QUOTE_STYLE
            title = f' title="tone {float(tone[i]):+.2f}"' if inside else ""
            piece = html.escape(text[a:b])
            if any(x <= a and b <= y for x, y in bold):
                piece = f"<b>{piece}</b>"
            parts.append(f'<span style="{style}"{title}>{piece}</span>')
            if b in speaker_at:
                parts.append(f'<span style="{SPEAKER_STYLE}">— {html.escape(speaker_at[b])}</span>')
        evidence = marked_span is not None and para_start < marked_span[1] and marked_span[0] < para_end
        out.append((f'<p style="{PARAGRAPH_MARK_STYLE}">' if evidence else "<p>") + "".join(parts) + "</p>")
    return "\n".join(out)
