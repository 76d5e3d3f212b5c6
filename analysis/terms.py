"""Document × term counts with phrases, built with array operations instead of a Python loop per n-gram.

scikit-learn's ``CountVectorizer(ngram_range=(1, 3))`` builds every n-gram as a Python string and keeps
the full vocabulary in a dict before pruning; on the 8,000 AllSides articles that is minutes and
gigabytes.  Here each text is tokenized once (a compiled regex), tokens become integer ids in one
hash-table pass (``pandas.factorize``), n-grams are integer arithmetic on those ids, and only the terms
that survive the frequency cuts are ever turned back into strings.

Phrases: bigrams of two content words ("hong kong", "foreign secretary") and trigrams whose ends are
content words and whose middle is a content word or a connector ("secretary of state").  No n-gram
crosses a clause break.  A word that occurs mostly inside one phrase ("hong" in "hong kong") is folded
into the phrase, so multi-word names are kept whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd
from scipy import sparse

from .text import is_break, is_stop, raw_tokens

# Only these may join two content words into a trigram ("secretary of state"); "in", "and" make junk.
CONNECTORS = frozenset({"of", "de"})
#: A word is folded into a phrase when the phrase accounts for at least this share of its occurrences.
SUBSUME = 0.7


@dataclass
class TermMatrix:
    """Counts of terms per unit of text (article or passage)."""

    counts: sparse.csr_matrix  # units × terms, float32 counts
    terms: np.ndarray  # term strings, words joined by a space
    n_words: np.ndarray  # per unit: tokens that are words (stop words included), for rates

    @property
    def ngram(self) -> np.ndarray:
        """How many words each term has (1, 2 or 3)."""
        return np.char.count(self.terms.astype(str), " ") + 1


def build_term_matrix(texts: list[str], *, min_df: int = 2, max_df: float = 0.5, max_terms: int = 40_000,
                      min_phrase_count: int = 2) -> TermMatrix:
    """Count unigrams, bigrams and trigrams per text.

    ``min_df``: a term must occur in at least this many texts; ``max_df``: and in at most this share of
    them (ubiquitous terms say nothing; ignored for fewer than 10 texts); ``max_terms``: the vocabulary is
    capped to the most frequent; ``min_phrase_count``: a phrase must occur at least this often in all.
    """
    token_lists = [raw_tokens(t) for t in texts]
    lengths = np.fromiter((len(t) for t in token_lists), dtype=np.int64, count=len(texts))
    flat = np.array(list(chain.from_iterable(token_lists)), dtype=object)
    del token_lists
    n_texts = len(texts)
    doc = np.repeat(np.arange(n_texts, dtype=np.int64), lengths)
    ids, uniques = pd.factorize(flat)
    del flat
    uniques = np.asarray(uniques, dtype=object)
    stop = np.fromiter((is_stop(u) for u in uniques), dtype=bool, count=len(uniques))
    brk = np.fromiter((is_break(u) for u in uniques), dtype=bool, count=len(uniques))
    connector = np.fromiter((u in CONNECTORS for u in uniques), dtype=bool, count=len(uniques))
    n_words = np.bincount(doc[~brk[ids]], minlength=n_texts)

    base = np.int64(len(uniques) + 1)
    if int(base) ** 3 >= 2**62:
        raise ValueError("vocabulary too large for integer n-gram keys")
    none = base - 1
    content = ~stop[ids]
    same1 = np.zeros_like(content)
    same1[:-1] = doc[:-1] == doc[1:]
    same2 = np.zeros_like(content)
    same2[:-2] = doc[:-2] == doc[2:]
    nxt = np.roll(ids, -1)
    nxt2 = np.roll(ids, -2)
    uni = np.flatnonzero(content)
    bi = np.flatnonzero(content & same1 & np.roll(content, -1))
    middle_ok = np.roll(content, -1) | connector[nxt]  # "secretary of state"; a break is never a connector
    tri = np.flatnonzero(content & same2 & middle_ok & np.roll(content, -2))
    keys = np.concatenate([
        (ids[uni] * base + none) * base + none,
        (ids[bi] * base + nxt[bi]) * base + none,
        (ids[tri] * base + nxt[tri]) * base + nxt2[tri],
    ])
    key_doc = np.concatenate([doc[uni], doc[bi], doc[tri]])
    column, key_values = pd.factorize(keys)
    del keys
    counts = sparse.csr_matrix((np.ones(column.size, dtype=np.float32), (key_doc, column)),
                               shape=(n_texts, len(key_values)))
    counts.sum_duplicates()
    total = np.asarray(counts.sum(axis=0)).ravel()
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    key_values = np.asarray(key_values, dtype=np.int64)
    first, second, third = key_values // (base * base), (key_values // base) % base, key_values % base
    n_gram = 1 + (second != none) + (third != none)

    keep = df >= min_df
    if n_texts >= 10:
        keep &= df <= max(max_df * n_texts, min_df)
    keep &= (n_gram == 1) | (total >= min_phrase_count)
    keep &= ~_subsumed(key_values, first, second, third, n_gram, total, keep, base, none)
    kept = np.flatnonzero(keep)
    if kept.size > max_terms:
        kept = kept[np.argsort(-total[kept], kind="stable")[:max_terms]]
    kept.sort()
    words = [uniques[first[kept]], np.where(second[kept] != none, uniques[np.minimum(second[kept], none - 1)], ""),
             np.where(third[kept] != none, uniques[np.minimum(third[kept], none - 1)], "")]
    terms = np.array([" ".join(w for w in triple if w) for triple in zip(*words, strict=True)], dtype=object)
    return TermMatrix(counts=counts[:, kept].tocsr(), terms=terms, n_words=n_words)


def _subsumed(key_values: np.ndarray, first: np.ndarray, second: np.ndarray, third: np.ndarray,
              n_gram: np.ndarray, total: np.ndarray, keep: np.ndarray, base: np.int64,
              none: np.int64) -> np.ndarray:
    """Terms that occur mostly inside one longer kept phrase: "hong" in "hong kong"."""
    index = pd.Index(key_values)
    out = np.zeros(key_values.size, dtype=bool)
    bigrams = np.flatnonzero(keep & (n_gram == 2))
    trigrams = np.flatnonzero(keep & (n_gram == 3))
    inside = [
        (bigrams, (first[bigrams] * base + none) * base + none),  # "hong" of "hong kong"
        (bigrams, (second[bigrams] * base + none) * base + none),  # "kong"
        (trigrams, (first[trigrams] * base + second[trigrams]) * base + none),  # "secretary of" …
        (trigrams, (second[trigrams] * base + third[trigrams]) * base + none),  # … "of state"
    ]
    for phrases, part_keys in inside:
        positions = index.get_indexer(part_keys)
        found = positions >= 0
        share = total[phrases[found]] / np.maximum(total[positions[found]], 1)
        out[positions[found][share >= SUBSUME]] = True
    return out
