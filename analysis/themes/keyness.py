"""Keyness: which terms a body of text over-uses, against general English or against another slice.

* Against general English — Dunning's log-likelihood G² of the observed count against the count expected
  from wordfreq's reference frequencies — so "said" and "think" sink and "Pompeo" rises.  Used for the
  corpus's keywords, any slice's keywords, and an article's keywords in a small corpus.
* Between two slices (source A vs B, before vs after a date): log-odds ratio with an informative
  Dirichlet prior (Monroe, Colaresi & Quinn 2008), the z-score of which balances effect size and evidence.

Pure numpy over a :class:`~analysis.text.terms.TermMatrix`: the dashboard scores slices with it on every
filter change, so it must not pull in scikit-learn.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.text.terms import TermMatrix, dedupe_phrases, reference_frequencies

#: Below this many articles, keywords weigh rarity alone (no document-frequency weighting), and per-article
#: keywords come from keyness against English rather than TF-IDF.
SMALL_CORPUS = 20


def g2_keyness(counts: np.ndarray, total_words: float | np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Signed log-likelihood G² of observed counts against ``total_words × reference`` (over-use > 0)."""
    expected = np.maximum(total_words * reference, 1e-12)
    observed = counts.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2.0 * (np.where(observed > 0, observed * np.log(observed / expected), 0.0) - (observed - expected))
    return np.where(observed >= expected, g2, -g2)


def corpus_keywords(
    tm: TermMatrix, top: int = 200, reference: np.ndarray | None = None, total_words: float | None = None
) -> pd.DataFrame:
    """The corpus's most distinctive terms against general English: ``term, score, count, df, n_words``.

    ``reference``: the terms' general-English frequencies when the caller has them (the stored
    vocabulary does), which spares loading wordfreq's word list; ``total_words``: the corpus's words when
    ``tm.n_words`` does not hold them all (a grown store keeps the total, not each old article's).
    """
    counts = np.asarray(tm.counts.sum(axis=0)).ravel()
    df = np.bincount(tm.counts.indices, minlength=tm.counts.shape[1])
    reference = reference_frequencies(tm.terms) if reference is None else reference
    total = float(tm.n_words.sum()) if total_words is None else float(total_words)
    scores = g2_keyness(counts, total, reference)
    # Topicality, not only rarity: a term used in one article only is a local detail, not a corpus theme.
    if tm.counts.shape[0] >= SMALL_CORPUS and df.size:
        scores = scores * np.log1p(df) / np.log1p(df.max())
    order = np.lexsort((np.arange(scores.size), -np.round(scores, 6)))[: top * 3]  # ties: alphabetical
    order = order[scores[order] > 0]
    order = order[dedupe_phrases(tm.terms[order], counts[order], top)]
    return pd.DataFrame(
        {
            "term": pd.array(tm.terms[order], dtype="str"),
            "score": scores[order].astype(np.float32),
            "count": counts[order].astype(np.int32),
            "df": df[order].astype(np.int32),
            "n_words": tm.ngram[order].astype(np.int8),
        }
    )


def log_odds_dirichlet(
    counts_a: np.ndarray, counts_b: np.ndarray, prior: np.ndarray | None = None, alpha: float = 0.01
) -> np.ndarray:
    """Z-scores of the log-odds ratio of each term between slices A and B with an informative prior.

    The prior is the pooled counts (or ``prior``), rescaled so that its total is ``alpha`` × the number
    of words in both slices; positive z means over-represented in A.
    """
    a = counts_a.astype(np.float64)
    b = counts_b.astype(np.float64)
    pooled = (a + b) if prior is None else prior.astype(np.float64)
    prior_scaled = np.maximum(pooled, 0) / max(pooled.sum(), 1.0) * alpha * max(a.sum() + b.sum(), 1.0)
    prior_scaled = np.maximum(prior_scaled, 1e-3)
    a0, b0, p0 = a.sum(), b.sum(), prior_scaled.sum()
    delta = np.log((a + prior_scaled) / (a0 + p0 - a - prior_scaled)) - np.log(
        (b + prior_scaled) / (b0 + p0 - b - prior_scaled)
    )
    variance = 1.0 / (a + prior_scaled) + 1.0 / (b + prior_scaled)
    return delta / np.sqrt(variance)


def distinctive_terms(
    tm: TermMatrix, in_slice: np.ndarray, versus: np.ndarray | None = None, top: int = 30, min_count: int = 3
) -> pd.DataFrame:
    """Terms that set the units in ``in_slice`` apart from ``versus`` (default: all other units).

    Returns ``term, z, count_a, count_b, rate_a, rate_b`` (rates per 10,000 words), strongest first in
    both directions: positive z is typical of the slice, negative z of the comparison.
    """
    in_slice = np.asarray(in_slice, dtype=bool)
    versus = ~in_slice if versus is None else np.asarray(versus, dtype=bool)
    a = np.asarray(tm.counts[in_slice].sum(axis=0)).ravel()
    b = np.asarray(tm.counts[versus].sum(axis=0)).ravel()
    z = log_odds_dirichlet(a, b)
    enough = (a + b) >= min_count
    order = np.argsort(-np.abs(np.where(enough, z, 0)), kind="stable")
    order = order[enough[order]]
    positive = order[z[order] > 0][:top]
    negative = order[z[order] < 0][:top]
    chosen = np.concatenate([positive, negative])
    words_a = max(float(tm.n_words[in_slice].sum()), 1.0)
    words_b = max(float(tm.n_words[versus].sum()), 1.0)
    return pd.DataFrame(
        {
            "term": pd.array(tm.terms[chosen], dtype="str"),
            "z": z[chosen].astype(np.float32),
            "count_a": a[chosen].astype(np.int32),
            "count_b": b[chosen].astype(np.int32),
            "rate_a": (a[chosen] / words_a * 1e4).astype(np.float32),
            "rate_b": (b[chosen] / words_b * 1e4).astype(np.float32),
        }
    )
