"""Word classes learnt from unlabelled news: what kind of word a token is, judged by its neighbours.

CoNLL-2003's 1996 Reuters never saw "Kavanaugh", "Pelosi" or "Airbnb", yet unlabelled modern news writes
them where it writes "Mueller", "Biden" and "Uber": in the same slots before "said", after "Sen." or
"shares of".  Grouping words by the company they keep (Brown et al. 1992; as features of a recogniser,
Ratinov & Roth 2009 and Turian et al. 2010) lets the recogniser's weights for names it has seen carry
over to names it has not.  The recipe needs nothing beyond numpy, scipy and scikit-learn:

* each word type seen at least :data:`MIN_COUNT` times is described by which of the most frequent words
  stand one and two tokens to its left and to its right (direction kept: "X said" and "said X" differ);
* those counts become positive PMI (context distribution smoothed with exponent 0.75), reduced by a
  randomised SVD to :data:`DIM` dimensions and set to unit length;
* k-means cuts the space at three grains (:data:`LEVELS` classes), a coarse-to-fine path like a Brown
  cluster's prefixes.

Case is kept ("Will" the name and "will" the verb are different words here).  The classes are counted on
the unlabelled texts named in the model card (never the texts the recogniser is evaluated on) and shipped
in the recogniser's arrays; deterministic (fixed ``random_state``, texts in file order).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

import numpy as np

from analysis.voices.tokens import tokenize

#: A word type seen fewer times than this in the unlabelled texts gets no class.
MIN_COUNT = 20
#: How many of the most frequent words serve as contexts.
CONTEXT_WORDS = 20_000
#: Neighbour offsets whose words describe a type.
OFFSETS = (-2, -1, 1, 2)
DIM = 100
#: Number of classes at each grain, coarse to fine (the features ``c0=…``, ``c1=…``, ``c2=…``).
LEVELS = (64, 256, 1024)
_CHUNK = 2_000  # texts tokenised at a time: bounds memory


def _token_chunks(texts: Sequence[str]) -> Iterator[list[str]]:
    for lo in range(0, len(texts), _CHUNK):
        text = "\n\n".join(texts[lo : lo + _CHUNK])
        tokens = tokenize(text)
        yield [text[a:b] for a, b in zip(tokens.starts.tolist(), tokens.ends.tolist(), strict=True)]


def word_clusters(
    texts: Iterable[str],
    *,
    min_count: int = MIN_COUNT,
    levels: Sequence[int] = LEVELS,
    dim: int = DIM,
    random_state: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """``(words, classes)``: the word types kept and their class at each grain of ``levels``
    (``int16``, shape ``(words, len(levels))``; a grain finer than the words kept has at most as many
    classes as words).  Texts too small to learn from (fewer than three words kept) give no classes."""
    from scipy import sparse
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.utils.extmath import randomized_svd

    texts = list(texts)
    counts: Counter[str] = Counter()
    for words in _token_chunks(texts):
        counts.update(words)
    # most_common breaks ties by first occurrence: the order (and so the classes) is deterministic.
    vocabulary = [w for w, c in counts.most_common() if c >= min_count]
    if len(vocabulary) < 3:  # an SVD and k-means need a few words at least
        return np.zeros(0, dtype=str), np.zeros((0, len(levels)), dtype=np.int16)
    index = {w: i for i, w in enumerate(vocabulary)}
    size, n_context = len(vocabulary), min(CONTEXT_WORDS, len(vocabulary))
    shape = (size, len(OFFSETS) * n_context)
    co = sparse.csr_matrix(shape, dtype=np.float64)
    for words in _token_chunks(texts):
        ids = np.fromiter((index.get(w, -1) for w in words), dtype=np.int64, count=len(words))
        rows, cols = [], []
        for k, offset in enumerate(OFFSETS):
            word, context = (ids[-offset:], ids[:offset]) if offset < 0 else (ids[:-offset], ids[offset:])
            keep = (word >= 0) & (context >= 0) & (context < n_context)
            rows.append(word[keep])
            cols.append(context[keep] + k * n_context)
        r, c = np.concatenate(rows), np.concatenate(cols)
        co = co + sparse.coo_matrix((np.ones(len(r)), (r, c)), shape=shape).tocsr()
    co = co.tocoo()
    total = co.sum()
    row_sum = np.asarray(co.sum(axis=1)).ravel()
    col_weight = np.asarray(co.sum(axis=0)).ravel() ** 0.75
    col_weight = col_weight / col_weight.sum() * total
    pmi = np.log(co.data * total / (row_sum[co.row] * col_weight[co.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (co.row[keep], co.col[keep])), shape=shape)
    u, s, _ = randomized_svd(ppmi, min(dim, size - 1), random_state=random_state)
    vectors = u * np.sqrt(s)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    classes = np.zeros((size, len(levels)), dtype=np.int16)
    for j, k in enumerate(levels):
        fit = MiniBatchKMeans(min(k, size), random_state=random_state, batch_size=4096, n_init=3).fit(vectors)
        classes[:, j] = fit.labels_
    return np.array(vocabulary, dtype=str), classes


def as_lookup(words: np.ndarray, classes: np.ndarray) -> dict[str, tuple[int, ...]]:
    """The shipped arrays as a word → classes dict, built once when the model loads."""
    return dict(zip(words.tolist(), map(tuple, classes.tolist()), strict=True))


def cluster_features(table: dict[str, tuple[int, ...]], word: str, grains: int = len(LEVELS)) -> list[str]:
    """``c0=…``, ``c1=…`` … of ``word``, the ``grains`` coarsest (``c=none`` for a word without a class)."""
    row = table.get(word)
    if row is None:
        return ["c=none"]
    return [f"c{j}={row[j]}" for j in range(grains)]


__all__ = ["LEVELS", "MIN_COUNT", "as_lookup", "cluster_features", "word_clusters"]
