"""Downloads: any table as CSV or Parquet, and one zip bundle of the tables with the filters that made
them and a note on how each figure was computed — so a number in a report can be traced and redone."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime

import pandas as pd

#: Tables offered for download, in the order a reader needs them.
TABLES = ("articles", "sentences", "entities", "entity_sentiment", "quotes", "keywords", "topics", "doc_topics")

METHODS = """\
# How Broadsheet computed these tables

Every table covers the articles kept by the filters listed in `filters.json`.

- **articles** — one row per article after cleaning and de-duplication (exact copies and syndicated
  copies of a story are reported on load, not kept twice). `tone` is the length-weighted mean of the
  sentences' VADER compound scores (−1 to +1), shrunk towards 0 by a 60-word prior so that a short
  article cannot look extreme; `tone_reporter` and `tone_quoted` split the reporter's sentences from
  quoted speech; `share_negative`/`share_positive` count sentences with compound ≤ −0.05 / ≥ +0.05.
- **sentences** — sentence spans (character offsets into the article text) with VADER scores and
  whether the sentence lies inside a quotation.
- **entities** — mentions of people, organisations and places found by rules and gazetteers (titles,
  given-name lists, organisation suffixes, country names), linked to one canonical name per article and
  across the corpus.
- **entity_sentiment** — for every sentence naming an entity, a
  logistic-regression model trained on NewsMTSC judges whether the sentence is negative, neutral or
  positive *toward that entity* (macro-F1 0.69 on NewsMTSC's held-out `devtest_rw`). `score` is
  p(positive) − p(negative).
- **quotes** — direct (in quotation marks), partial and indirect ("said that …") quotes with their
  attributed speaker and VADER tone.
- **keywords** — per article: TF-IDF over article × term counts (or, in a corpus under 20 articles,
  log-likelihood keyness against general English from wordfreq). `keywords_selection` ranks the
  selection's terms by Dunning's log-likelihood G² against general English, weighted by document
  frequency.
- **topics** — NMF over TF-IDF (seeded, so reproducible); the number of topics is the most stable under
  resampling. With fewer than 30 articles the units are passages (runs of paragraphs of ~60+ words).
  `coherence` is NPMI of each topic's top terms; **doc_topics** gives each unit's topic shares (≥ 5 %).
"""


def table_bytes(frame: pd.DataFrame, fmt: str) -> bytes:
    """One table as ``csv`` (UTF-8, with a header) or ``parquet`` bytes."""
    if fmt == "csv":
        return frame.to_csv(index=False).encode("utf-8")
    if fmt == "parquet":
        buffer = io.BytesIO()
        _parquet_safe(frame).to_parquet(buffer, index=False)
        return buffer.getvalue()
    raise ValueError(f"unknown format {fmt!r}: use csv or parquet")


def _parquet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    # Empty object columns have no type Parquet can infer: write them as strings.
    fixes = {c: frame[c].astype("str") for c in frame.columns if frame[c].dtype == object and frame[c].isna().all()}
    return frame.assign(**fixes) if fixes else frame


def bundle(tables: dict[str, pd.DataFrame], filters: list[str], meta: dict[str, object]) -> bytes:
    """A zip of every table as CSV, ``filters.json`` (the view that made them) and ``METHODS.md``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, frame in tables.items():
            archive.writestr(f"{name}.csv", table_bytes(frame, "csv"))
        archive.writestr(
            "filters.json",
            json.dumps(
                {
                    "filters": filters or ["none: the whole corpus"],
                    "articles": len(tables.get("articles", [])),
                    "exported": datetime.now(UTC).isoformat(timespec="seconds"),
                    "analysis_version": meta.get("analysis_version"),
                    "settings": meta.get("settings"),
                },
                indent=2,
                default=str,
            ),
        )
        archive.writestr("METHODS.md", METHODS)
    return buffer.getvalue()
