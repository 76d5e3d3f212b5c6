"""Word vectors learnt from unlabelled news: PPMI of co-occurrence within a window, reduced by SVD.

The target-sentiment model has only ~8,700 labelled examples; words it never saw in training ("lambasted")
still land near the ones it did ("criticized") in a space learnt from unlabelled articles.  No pretrained
vectors can be downloaded here, and this classic recipe (Levy & Goldberg's PPMI-SVD) needs nothing beyond
numpy/scipy/scikit-learn: over the full AllSides set (37,554 articles, 223 M characters) it takes a few
minutes of one core.  Tokens are :func:`analysis.stance.tokens.tokenize`'s, so the vectors' vocabulary is
the model's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator

import numpy as np
from scipy import sparse
from sklearn.utils.extmath import randomized_svd

from analysis.stance.tokens import tokenize

CHUNK = 2_000  # articles tokenized and counted at a time: bounds memory


def _chunks(texts: Iterable[str], size: int = CHUNK) -> Iterator[list[str]]:
    chunk: list[str] = []
    for text in texts:
        chunk.append(text)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def count_words(texts: Callable[[], Iterable[str]]) -> Counter[str]:
    """Token counts over ``texts()`` (every token, punctuation included)."""
    counts: Counter[str] = Counter()
    for chunk in _chunks(texts()):
        counts.update(tokenize(chunk).words)
    return counts


def train_word_vectors(
    texts: Callable[[], Iterable[str]],
    vocabulary: list[str],
    *,
    dim: int = 150,
    window: int = 5,
    random_state: int = 0,
) -> np.ndarray:
    """Unit-length vectors ``(len(vocabulary), dim)`` from ``texts()`` (called once, streamed in chunks).

    Co-occurrences of word tokens (punctuation is skipped, and gets a zero vector) are weighted by
    1/distance; the context distribution is smoothed with exponent 0.75; positive PMI only."""
    index = {word: i for i, word in enumerate(vocabulary)}
    is_word = np.array([word[:1].isalnum() for word in vocabulary], dtype=bool)
    size = len(vocabulary)
    co = sparse.csr_matrix((size, size), dtype=np.float64)
    for chunk in _chunks(texts()):
        tokens = tokenize(chunk)
        ids = np.fromiter(map(index.get, tokens.words, [-1] * len(tokens.words)), dtype=np.int64)
        doc = tokens.sentence_of  # here a "sentence" is an article
        keep = ids >= 0
        keep[keep] = is_word[ids[keep]]
        ids, doc = ids[keep], doc[keep]
        rows, cols, vals = [], [], []
        for distance in range(1, window + 1):
            same = doc[:-distance] == doc[distance:]
            rows.append(ids[:-distance][same])
            cols.append(ids[distance:][same])
            vals.append(np.full(int(same.sum()), 1.0 / distance))
        part = sparse.coo_matrix(
            (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(size, size)
        ).tocsr()
        co = co + part + part.T
    co = co.tocoo()
    total = co.sum()
    row_sum = np.asarray(co.tocsr().sum(axis=1)).ravel()
    context = row_sum**0.75
    context = context / context.sum() * total
    pmi = np.log(co.data * total / (row_sum[co.row] * context[co.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (co.row[keep], co.col[keep])), shape=(size, size))
    u, s, _ = randomized_svd(ppmi, dim, random_state=random_state)
    vectors = u * np.sqrt(s)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    vectors[~is_word | (row_sum == 0)] = 0.0
    return vectors.astype(np.float32)
