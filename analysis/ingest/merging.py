"""A corpus grown by more articles (a visitor's upload, ``build NEW --into STORE``) without re-reading it.

Kept apart from :mod:`analysis.ingest.corpus`, which reads files: here two loaded corpora are joined —
the new articles cleaned with what the corpus knows of their outlets' page furniture, repeats reported as
duplicates — and the stories found again over all of them.
"""

from __future__ import annotations

import pandas as pd

from analysis.ingest.corpus import COPY_OF, DUPLICATE, LOADED, REPORT_COLUMNS, SYNDICATED, Corpus
from analysis.ingest.furniture import mark_furniture
from analysis.ingest.syndication import group_stories


def merge_corpora(base: Corpus, extra: Corpus) -> Corpus:
    """``base`` plus the articles of ``extra`` (an upload), without re-reading ``base``'s files.

    Articles of ``extra`` already in ``base`` (same content id) become duplicates in the report, and
    stories are regrouped over all articles, so an uploaded copy of a known story joins that story.
    """
    return regroup_stories(join_corpora(base, extra))


def join_corpora(base: Corpus, extra: Corpus) -> Corpus:
    """:func:`merge_corpora` before its stories are regrouped: the new articles appended (with their
    outlet's page furniture marked), repeats of known articles reported as duplicates, and the story ids
    as each corpus had them — what the analysis reads, so the regrouping can run beside it."""
    known = set(base.articles["doc_id"])
    report = extra.report.astype({c: object for c in REPORT_COLUMNS})  # all-missing columns load as float
    repeated = report["doc_id"].isin(known) & report["status"].isin([LOADED, SYNDICATED])
    report.loc[repeated, "status"] = DUPLICATE
    report.loc[repeated, "reason"] = "already in the corpus"
    new = extra.articles[~extra.articles["doc_id"].isin(known)]
    # The new articles' furniture by what the corpus knows of their outlets (the known articles keep theirs).
    furniture = pd.concat([f for f in (base.furniture, extra.furniture) if len(f)] or [base.furniture],
                          ignore_index=True).drop_duplicates(["source", "key"])  # fmt: skip
    new = new.assign(furniture=mark_furniture(new, furniture)) if len(new) else new
    articles = pd.concat([base.articles, new], ignore_index=True)
    report = pd.concat([base.report.astype({c: object for c in REPORT_COLUMNS}), report], ignore_index=True)
    return Corpus(articles=articles, report=report, stories=base.stories, furniture=furniture)


def regroup_stories(corpus: Corpus) -> Corpus:
    """``corpus`` with its stories found again over all its articles, and the report's statuses to match
    (a copy of another article's story is a syndicated copy)."""
    articles, report = corpus.articles.copy(), corpus.report.copy()
    story_id, stories = group_stories(articles)
    articles["story_id"] = story_id.astype("str")
    is_article = report["status"].isin([LOADED, SYNDICATED])
    lookup = dict(zip(articles["doc_id"], articles["story_id"], strict=True))
    report.loc[is_article, "story_id"] = report.loc[is_article, "doc_id"].map(lookup)
    copy = is_article & report["story_id"].ne(report["doc_id"])
    report.loc[is_article, "status"] = LOADED
    report.loc[copy, "status"] = SYNDICATED
    report.loc[copy, "reason"] = COPY_OF + report.loc[copy, "story_id"]
    report.loc[is_article & ~copy, "reason"] = None
    return Corpus(articles=articles, report=report, stories=stories, furniture=corpus.furniture)
