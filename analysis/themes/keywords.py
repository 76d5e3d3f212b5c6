"""Keywords: what each article is about, what the corpus is about, and what sets one slice apart.

* Per article, in a corpus of many: TF-IDF (sublinear term frequency, smoothed idf) over the article ×
  term counts, so a term scores high when it is frequent here and rare elsewhere.
* Per article when the corpus is small (one article is a real case) and for the corpus as a whole:
  keyness against general English — Dunning's log-likelihood G² of the observed count against the count
  expected from wordfreq's reference frequencies — so "said" and "think" sink and "Pompeo" rises.
* Between two slices (source A vs B, before vs after a date): log-odds ratio with an informative
  Dirichlet prior (Monroe, Colaresi & Quinn 2008), the z-score of which balances effect size and evidence.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer

from analysis.text.terms import TermMatrix

#: Below this many articles, per-article keywords come from keyness against English, not TF-IDF.
SMALL_CORPUS = 20
_FLOOR = 1e-8  # reference frequency of a term wordfreq has never seen


@lru_cache(maxsize=200_000)
def _reference(term: str) -> float:
    from wordfreq import word_frequency  # loaded on first use: its word list costs ~0.4 s

    return max(word_frequency(term, "en"), _FLOOR)


def reference_frequencies(terms: np.ndarray) -> np.ndarray:
    """Frequency of each term in general English (wordfreq), floored for unseen terms."""
    return np.fromiter((_reference(t) for t in terms), dtype=np.float64, count=len(terms))


def g2_keyness(counts: np.ndarray, total_words: float | np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Signed log-likelihood G² of observed counts against ``total_words × reference`` (over-use > 0)."""
    expected = np.maximum(total_words * reference, 1e-12)
    observed = counts.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2.0 * (np.where(observed > 0, observed * np.log(observed / expected), 0.0) - (observed - expected))
    return np.where(observed >= expected, g2, -g2)


def article_keywords(tm: TermMatrix, doc_ids: list[str], top: int = 10) -> pd.DataFrame:
    """Top ``top`` keywords per article: ``doc_id, rank, term, score, count``."""
    counts = tm.counts.tocsr()
    if counts.shape[0] < SMALL_CORPUS:
        # Keyness of each (article, term) entry, laid out like the counts so one loop serves both cases.
        rows_of_entries = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
        scores = g2_keyness(counts.data, tm.n_words[rows_of_entries].astype(np.float64),
                            reference_frequencies(tm.terms)[counts.indices])
        weights = sparse.csr_matrix((scores, counts.indices, counts.indptr), shape=counts.shape)
    else:
        weights = TfidfTransformer(sublinear_tf=True).fit_transform(counts).tocsr()
    out_doc, out_rank, out_term, out_score, out_count = [], [], [], [], []
    for i, doc_id in enumerate(doc_ids):
        entries = slice(weights.indptr[i], weights.indptr[i + 1])
        indices, scores, entry_counts = weights.indices[entries], weights.data[entries], counts.data[entries]
        order = np.argsort(-scores, kind="stable")[: top * 3]
        order = order[scores[order] > 0]
        order = order[dedupe_phrases(tm.terms[indices[order]], entry_counts[order], top)]
        out_doc += [doc_id] * len(order)
        out_rank += list(range(1, len(order) + 1))
        out_term += list(tm.terms[indices[order]])
        out_score += list(scores[order])
        out_count += list(entry_counts[order])
    return pd.DataFrame({
        "doc_id": pd.array(out_doc, dtype="str"),
        "rank": np.asarray(out_rank, dtype=np.int16),
        "term": pd.array(out_term, dtype="str"),
        "score": np.asarray(out_score, dtype=np.float32),
        "count": np.asarray(out_count, dtype=np.int32),
    })


def dedupe_phrases(terms: np.ndarray, counts: np.ndarray, top: int) -> np.ndarray:
    """Positions of ``top`` of the ranked candidate ``terms`` that do not say the same thing twice.

    A phrase that accounts for at least half of an already chosen word's uses takes that word's place
    ("hong" → "hong kong"); any other term that contains, or is contained in, a chosen one is skipped
    ("land registry figures" after "land registry", "beaten agassi" after "agassi").
    """
    chosen: list[int] = []
    chosen_terms: list[str] = []
    chosen_counts: list[float] = []
    for position, (term, count) in enumerate(zip(terms, counts, strict=True)):
        padded = f" {term} "
        replaced = False
        for k, other in enumerate(chosen_terms):
            if " " not in other and f" {other} " in padded and count >= 0.5 * chosen_counts[k]:
                chosen[k], chosen_terms[k] = position, term
                replaced = True
                break
            if f" {other} " in padded or padded in f" {other} ":
                replaced = True
                break
        if not replaced:
            chosen.append(position)
            chosen_terms.append(term)
            chosen_counts.append(count)
        if len(chosen) == top:
            break
    # A phrase may have replaced two words ("hong", "kong"): keep its first place only.
    seen: set[int] = set()
    return np.asarray([p for p in chosen if not (p in seen or seen.add(p))], dtype=np.int64)


def corpus_keywords(tm: TermMatrix, top: int = 200, reference: np.ndarray | None = None) -> pd.DataFrame:
    """The corpus's most distinctive terms against general English: ``term, score, count, df, n_words``.

    ``reference``: the terms' general-English frequencies when the caller has them (the stored
    vocabulary does), which spares loading wordfreq's word list.
    """
    counts = np.asarray(tm.counts.sum(axis=0)).ravel()
    df = np.bincount(tm.counts.indices, minlength=tm.counts.shape[1])
    reference = reference_frequencies(tm.terms) if reference is None else reference
    scores = g2_keyness(counts, float(tm.n_words.sum()), reference)
    # Topicality, not only rarity: a term used in one article only is a local detail, not a corpus theme.
    if tm.counts.shape[0] >= SMALL_CORPUS:
        scores = scores * np.log1p(df) / np.log1p(df.max())
    order = np.argsort(-scores, kind="stable")[: top * 3]
    order = order[scores[order] > 0]
    order = order[dedupe_phrases(tm.terms[order], counts[order], top)]
    return pd.DataFrame({
        "term": pd.array(tm.terms[order], dtype="str"),
        "score": scores[order].astype(np.float32),
        "count": counts[order].astype(np.int32),
        "df": df[order].astype(np.int32),
        "n_words": tm.ngram[order].astype(np.int8),
    })


def log_odds_dirichlet(counts_a: np.ndarray, counts_b: np.ndarray, prior: np.ndarray | None = None,
                       alpha: float = 0.01) -> np.ndarray:
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
    delta = (np.log((a + prior_scaled) / (a0 + p0 - a - prior_scaled))
             - np.log((b + prior_scaled) / (b0 + p0 - b - prior_scaled)))
    variance = 1.0 / (a + prior_scaled) + 1.0 / (b + prior_scaled)
    return delta / np.sqrt(variance)


def distinctive_terms(tm: TermMatrix, in_slice: np.ndarray, versus: np.ndarray | None = None,
                      top: int = 30, min_count: int = 3) -> pd.DataFrame:
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
    return pd.DataFrame({
        "term": pd.array(tm.terms[chosen], dtype="str"),
        "z": z[chosen].astype(np.float32),
        "count_a": a[chosen].astype(np.int32),
        "count_b": b[chosen].astype(np.int32),
        "rate_a": (a[chosen] / words_a * 1e4).astype(np.float32),
        "rate_b": (b[chosen] / words_b * 1e4).astype(np.float32),
    })


def term_counts(tm: TermMatrix) -> dict[str, pd.DataFrame]:
    """The article × term counts as two tidy frames, for the store.

    ``term_counts``: ``row`` (the article's position in ``articles``), ``term_id``, ``count``;
    ``vocabulary``: ``term_id, term, reference`` (frequency in general English) — so slices of the corpus
    can be scored later without the texts or wordfreq.
    """
    counts = tm.counts.tocsr()
    rows = np.repeat(np.arange(counts.shape[0], dtype=np.int32), np.diff(counts.indptr))
    return {
        "term_counts": pd.DataFrame({"row": rows, "term_id": counts.indices.astype(np.int32),
                                     "count": counts.data.astype(np.float32)}),
        "vocabulary": pd.DataFrame({"term_id": np.arange(len(tm.terms), dtype=np.int32),
                                    "term": pd.array(tm.terms.astype(str), dtype="str"),
                                    "reference": reference_frequencies(tm.terms).astype(np.float64)}),
    }


def stored_term_matrix(term_counts_frame: pd.DataFrame, vocabulary: pd.DataFrame,
                       n_words: np.ndarray) -> TermMatrix:
    """Rebuild the :class:`TermMatrix` that :func:`term_counts` stored (``n_words`` per article)."""
    shape = (len(n_words), len(vocabulary))
    counts = sparse.csr_matrix((term_counts_frame["count"].to_numpy(np.float32),
                                (term_counts_frame["row"].to_numpy(), term_counts_frame["term_id"].to_numpy())),
                               shape=shape)
    return TermMatrix(counts=counts, terms=vocabulary["term"].to_numpy(dtype=object),
                      n_words=np.asarray(n_words))
