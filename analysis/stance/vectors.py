"""Word vectors learnt from unlabelled news: PPMI of co-occurrence within a window, reduced by SVD.

The target-sentiment model has only ~8,700 labelled examples; words it never saw in training ("lambasted")
still land near the ones it did ("criticized") in a space learnt from a few thousand unlabelled articles.
No pretrained vectors can be downloaded here, and this classic recipe (Levy & Goldberg's PPMI-SVD) needs
nothing beyond numpy/scipy/scikit-learn and a minute of CPU.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import numpy as np
from scipy import sparse
from sklearn.utils.extmath import randomized_svd

WORD = re.compile(r"[a-z][a-z'’\-]*")


def train_word_vectors(
    texts: Iterable[str],
    *,
    vocab_size: int = 20_000,
    dim: int = 100,
    window: int = 5,
    min_count: int = 5,
    random_state: int = 0,
) -> tuple[list[str], np.ndarray]:
    """``(vocabulary, unit-length vectors)`` from ``texts``; co-occurrences weighted 1/distance, context
    distribution smoothed with exponent 0.75, positive PMI only."""
    docs = [WORD.findall(text.lower()) for text in texts]
    counts = Counter(word for doc in docs for word in doc)
    vocab = [word for word, count in counts.most_common(vocab_size) if count >= min_count]
    index = {word: i for i, word in enumerate(vocab)}
    rows, cols, vals = [], [], []
    for doc in docs:
        ids = np.array([index.get(word, -1) for word in doc], dtype=np.int64)
        for distance in range(1, window + 1):
            left, right = ids[:-distance], ids[distance:]
            keep = (left >= 0) & (right >= 0)
            rows.append(left[keep])
            cols.append(right[keep])
            vals.append(np.full(int(keep.sum()), 1.0 / distance))
    size = len(vocab)
    co = sparse.coo_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(size, size)
    ).tocsr()
    co = (co + co.T).tocoo()
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
    return vocab, vectors.astype(np.float32)
