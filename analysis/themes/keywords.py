"""Keywords of each article: what it is about, relative to the other articles of the corpus.

TF-IDF (sublinear term frequency, smoothed idf) over the article × term counts, so a term scores high when
it is frequent here and rare elsewhere; in a corpus too small for idf (one article is a real case), keyness
against general English instead (:mod:`analysis.themes.keyness`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer

from analysis.text.terms import TermMatrix, dedupe_phrases, reference_frequencies
from analysis.themes.keyness import SMALL_CORPUS, g2_keyness


def article_keywords(tm: TermMatrix, doc_ids: list[str], top: int = 10, rows: list[int] | None = None) -> pd.DataFrame:
    """Top ``top`` keywords per article: ``doc_id, rank, term, score, count``.

    ``rows``: the rows of ``tm`` that ``doc_ids`` are (default: all, in order) — a grown corpus scores
    its new articles against the whole corpus's document frequencies without redoing the old ones.
    """
    counts = tm.counts.tocsr()
    if counts.shape[1] == 0:  # no term survived the frequency cuts (copies of one story): no keywords
        weights = counts
    elif counts.shape[0] < SMALL_CORPUS:
        # Keyness of each (article, term) entry, laid out like the counts so one loop serves both cases.
        rows_of_entries = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
        scores = g2_keyness(
            counts.data, tm.n_words[rows_of_entries].astype(np.float64), reference_frequencies(tm.terms)[counts.indices]
        )
        weights = sparse.csr_matrix((scores, counts.indices, counts.indptr), shape=counts.shape)
    else:
        weights = TfidfTransformer(sublinear_tf=True).fit_transform(counts).tocsr()
    out_doc, out_rank, out_term, out_score, out_count = [], [], [], [], []
    for i, doc_id in zip(range(len(doc_ids)) if rows is None else rows, doc_ids, strict=True):
        entries = slice(weights.indptr[i], weights.indptr[i + 1])
        indices, scores, entry_counts = weights.indices[entries], weights.data[entries], counts.data[entries]
        # By score, ties (to float noise) in the vocabulary's alphabetical order: the same whatever the
        # order of the articles.
        order = np.lexsort((indices, -np.round(scores, 6)))[: top * 3]
        order = order[scores[order] > 0]
        order = order[dedupe_phrases(tm.terms[indices[order]], entry_counts[order], top)]
        out_doc += [doc_id] * len(order)
        out_rank += list(range(1, len(order) + 1))
        out_term += list(tm.terms[indices[order]])
        out_score += list(scores[order])
        out_count += list(entry_counts[order])
    return pd.DataFrame(
        {
            "doc_id": pd.array(out_doc, dtype="str"),
            "rank": np.asarray(out_rank, dtype=np.int16),
            "term": pd.array(out_term, dtype="str"),
            "score": np.asarray(out_score, dtype=np.float32),
            "count": np.asarray(out_count, dtype=np.int32),
        }
    )
