"""Train the target-sentiment model: ``python -m analysis train-sentiment``.

1. Word vectors (:mod:`analysis.stance.vectors`) from unlabelled news: the full AllSides set in
   ``../shared/data/allsides-news/articles-full.jsonl.gz`` (only counts and vectors are kept, no text).
   The word list is its 50,000 most frequent tokens plus VADER's lexicon and the negation, clause and
   quotation words the features read.
2. Features of every NewsMTSC *train* target; a small grid (regularisation ``C`` × weight of the word
   vectors) scored by 5-fold cross-validation grouped by *article* (sentences of one article never sit on
   both sides of a split), macro-F1, with class-balanced weights.  The vocabulary, idf and scaling are
   fitted inside each fold.  The devtest files are never read here: they are for
   ``benchmarks/evaluation/sentiment.py`` only.
3. Calibration: the out-of-fold scores of the chosen setting fit one temperature (minimum log-loss), so the
   probabilities — and the ``confidence`` column — mean what they say; the out-of-fold calibration error
   before and after is recorded.
4. The chosen setting refitted on all of train, the temperature attached, saved as arrays
   (:meth:`TargetSentimentModel.save`).
"""

from __future__ import annotations

import gzip
import json
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from importlib import metadata
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.optimize import minimize_scalar
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from analysis.stance.features import (
    BLOCK_P,
    CLAUSE_MARKS,
    CLAUSE_WORDS,
    CONTRAST,
    N_VECTOR_BLOCKS,
    Batch,
    Columns,
    Words,
    dense_features,
    entries,
    pair_keys,
    prepare,
    sparse_entries,
    token_tables,
    vector_weights,
)
from analysis.stance.model import LABELS, MODEL_PATH, TargetSentimentModel, softmax
from analysis.stance.vectors import count_words, train_word_vectors

POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
GRID_C = (0.25, 0.5)
GRID_VECTOR_WEIGHT = (0.05, 0.1, 0.2)
MIN_DF = 2
N_WORDS = 50_000
ECE_BINS = 15
RANDOM_STATE = 0


def read_newsmtsc(path: Path) -> tuple[list[str], list[tuple[int, int]], np.ndarray, np.ndarray]:
    """Sentences, spans, labels and article ids (for grouping) of one NewsMTSC jsonl file.

    The article is the ``primary_gid`` up to the sentence number: ``allsides_<article>_<event>_…`` and
    ``polusa_v1_<article>_…``."""
    sentences, spans, labels, groups = [], [], [], []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            parts = record["primary_gid"].split("_")
            article = "_".join(parts[:3])
            for target in record["targets"]:
                sentences.append(record["sentence_normalized"])
                spans.append((int(target["from"]), int(target["to"])))
                labels.append(POLARITY[float(target["polarity"])])
                groups.append(article)
    return sentences, spans, np.array(labels), np.array(groups)


def news_texts(data: Path) -> Callable[[], Iterator[str]]:
    """The AllSides article texts (unlabelled), as a function that streams them afresh on each call."""
    path = data / "allsides-news" / "articles-full.jsonl.gz"

    def texts() -> Iterator[str]:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                yield json.loads(line).get("text") or ""

    return texts


def build_words(data: Path, cache: Path | None = None, log: Callable[[str], None] = print) -> tuple[Words, np.ndarray]:
    """The word list and its vectors (row 0, the unknown word, is zero); read from ``cache`` if it exists
    (an ``.npz`` written here before), else learnt from the news and written there."""
    if cache is not None and cache.exists():
        with np.load(cache, allow_pickle=False) as z:
            return Words(z["words"].tobytes().decode().split("\n")), z["vectors"]
    start = time.perf_counter()
    texts = news_texts(data)
    counts = count_words(texts)
    common = [word for word, count in counts.most_common(N_WORDS) if count >= 5]
    vectors = train_word_vectors(texts, common)
    from vaderSentiment.vaderSentiment import NEGATE

    from analysis.voices.tone import analyzer

    extra = set(analyzer().lexicon) | set(NEGATE) | CLAUSE_MARKS | CLAUSE_WORDS | CONTRAST
    known = set(common)
    extra_words = sorted(w for w in extra if w not in known and " " not in w)
    words = ["", *common, *extra_words]
    matrix = np.zeros((len(words), vectors.shape[1]), dtype=np.float32)
    matrix[1 : 1 + len(common)] = vectors
    log(f"word vectors: {len(common)} words x {vectors.shape[1]} in {time.perf_counter() - start:.0f} s")
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, words=np.frombuffer("\n".join(words).encode(), dtype=np.uint8), vectors=matrix)
    return Words(words), matrix


def subset(batch: Batch, rows: np.ndarray) -> Batch:
    """The batch restricted to targets ``rows`` (the sentences' tokens are shared, not copied)."""
    return replace(batch, sentence=batch.sentence[rows], first=batch.first[rows], last=batch.last[rows])


@dataclass
class Design:
    """A featurizer fitted on training targets: columns with idf, dense and vector standardisation."""

    words: Words
    vectors: np.ndarray
    has_vector: np.ndarray
    columns: Columns
    dense_mean: np.ndarray
    dense_scale: np.ndarray
    vector_mean: np.ndarray
    vector_scale: np.ndarray
    vector_weight: float

    @classmethod
    def fit(cls, words: Words, vectors: np.ndarray, batch: Batch, vector_weight: float) -> Design:
        """Columns of features in at least :data:`MIN_DF` targets, idf, and the dense scaling."""
        tables = token_tables(words, batch)
        found = entries(batch, tables)
        keys = np.unique(pair_keys(batch, tables, len(words)))
        keys = keys[keys >= 0]
        every = Columns.every(len(words), keys, keys)
        rows, cols, _ = sparse_entries(batch, tables, found, every)
        distinct = np.unique(rows * every.n_columns + cols)
        df = np.bincount(distinct % every.n_columns, minlength=every.n_columns)
        kept = np.flatnonzero(df >= MIN_DF)
        n = batch.n_targets
        idf = np.log((1 + n) / (1 + df[kept])) + 1
        scale = np.where(every.block[kept] == BLOCK_P, 1.0, idf)
        columns = every.keep(kept, scale)
        has_vector = np.abs(vectors).sum(axis=1) > 0
        dense = dense_features(words, batch, tables, found)
        vec = _vector_block(found, has_vector, vectors, n)
        return cls(
            words,
            vectors,
            has_vector,
            columns,
            dense.mean(axis=0),
            dense.std(axis=0) + 1e-6,
            vec.mean(axis=0),
            vec.std(axis=0) + 1e-6,
            vector_weight,
        )

    def transform(self, batch: Batch) -> sparse.csr_matrix:
        """The feature matrix: sparse blocks, standardised dense values, weighted standardised vectors."""
        tables = token_tables(self.words, batch)
        found = entries(batch, tables)
        n = batch.n_targets
        rows, cols, vals = sparse_entries(batch, tables, found, self.columns)
        left = sparse.csr_matrix((vals, (rows, cols)), shape=(n, self.columns.n_columns))
        dense = (dense_features(self.words, batch, tables, found) - self.dense_mean) / self.dense_scale
        vec = (_vector_block(found, self.has_vector, self.vectors, n) - self.vector_mean) / self.vector_scale
        return sparse.hstack([left, sparse.csr_matrix(dense), sparse.csr_matrix(vec * self.vector_weight)]).tocsr()

    def model(self, coef: np.ndarray, intercept: np.ndarray) -> TargetSentimentModel:
        """The scoring model of a linear classifier over :meth:`transform`'s features, every scaling
        folded into its weights (the scores equal ``transform(batch) @ coef.T + intercept``)."""
        n_sparse = self.columns.n_columns
        n_dense = len(self.dense_mean)
        dim = self.vectors.shape[1]
        sparse_coef = coef[:, :n_sparse].T
        dense_w = coef[:, n_sparse : n_sparse + n_dense] / self.dense_scale
        intercept = intercept - dense_w @ self.dense_mean
        vec_w = coef[:, n_sparse + n_dense :] * self.vector_weight / self.vector_scale
        intercept = intercept - vec_w @ self.vector_mean
        word_scores = (
            np.stack([self.vectors @ vec_w[:, b * dim : (b + 1) * dim].T for b in range(N_VECTOR_BLOCKS)])
            * self.has_vector[None, :, None]
        )
        return TargetSentimentModel(
            self.words, self.columns, sparse_coef, dense_w.T, word_scores, self.has_vector, intercept
        )


def _vector_block(found, has_vector: np.ndarray, vectors: np.ndarray, n: int) -> np.ndarray:
    """Word vectors averaged per vector block (left, right, sentence): ``(n, 3 * dim)``."""
    parts = []
    for rows, word, weight in vector_weights(found, has_vector, n):
        average = sparse.csr_matrix((weight, (rows, word)), shape=(n, len(vectors)))
        parts.append(average @ vectors)
    return np.hstack(parts)


def fit(
    words: Words, vectors: np.ndarray, batch: Batch, labels: np.ndarray, c: float, vector_weight: float
) -> tuple[TargetSentimentModel, Design]:
    """A class-balanced multinomial logistic regression over a design fitted on ``batch``."""
    design = Design.fit(words, vectors, batch, vector_weight)
    classifier = LogisticRegression(
        C=c, solver="newton-cg", max_iter=1000, class_weight="balanced", random_state=RANDOM_STATE
    )
    classifier.fit(design.transform(batch), labels)
    order = [list(classifier.classes_).index(label) for label in LABELS]
    return design.model(classifier.coef_[order], classifier.intercept_[order]), design


def expected_calibration_error(proba: np.ndarray, labels: np.ndarray, bins: int = ECE_BINS) -> float:
    """ECE of the winning probability: equal-width bins over [0, 1], |accuracy − confidence| weighted by
    the share of targets in each bin."""
    confidence = proba.max(axis=1)
    correct = np.array(LABELS)[proba.argmax(axis=1)] == labels
    which = np.minimum((confidence * bins).astype(np.int64), bins - 1)
    total = 0.0
    for b in range(bins):
        inside = which == b
        if inside.any():
            total += inside.mean() * abs(correct[inside].mean() - confidence[inside].mean())
    return float(total)


def fit_temperature(scores: np.ndarray, labels: np.ndarray) -> float:
    """The temperature minimising the log-loss of ``softmax(scores / T)`` (searched over log T)."""
    y = np.array([LABELS.index(label) for label in labels])

    def loss(log_t: float) -> float:
        p = softmax(scores / math.exp(log_t))
        return float(-np.log(np.maximum(p[np.arange(len(y)), y], 1e-12)).mean())

    return float(math.exp(minimize_scalar(loss, bounds=(-3.0, 3.0), method="bounded").x))


def cross_validate(
    words: Words,
    vectors: np.ndarray,
    batch: Batch,
    labels: np.ndarray,
    folds: list[tuple[np.ndarray, np.ndarray]],
    c: float,
    vector_weight: float,
) -> np.ndarray:
    """Out-of-fold uncalibrated scores (n, 3) of one setting."""
    scores = np.zeros((len(labels), 3))
    for train_rows, test_rows in folds:
        model, _ = fit(words, vectors, subset(batch, train_rows), labels[train_rows], c, vector_weight)
        scores[test_rows] = model.scores(subset(batch, test_rows))
    return scores


def train(
    data: Path, out: Path = MODEL_PATH, log: Callable[[str], None] = print, vectors_cache: Path | None = None
) -> TargetSentimentModel:
    """Train, select by cross-validation on train, calibrate on the out-of-fold scores, refit, save to
    ``out``; returns the model.  ``vectors_cache`` keeps the word vectors between runs."""
    start = time.perf_counter()
    words, vectors = build_words(data, vectors_cache, log)
    sentences, spans, labels, groups = read_newsmtsc(data / "newsmtsc" / "train.jsonl")
    batch = prepare(words, sentences, spans)
    folds = list(GroupKFold(n_splits=5).split(sentences, labels, groups))
    scores: dict[str, float] = {}
    out_of_fold: dict[str, np.ndarray] = {}
    for c in GRID_C:
        for weight in GRID_VECTOR_WEIGHT:
            name = f"C={c} vector_weight={weight}"
            out_of_fold[name] = cross_validate(words, vectors, batch, labels, folds, c, weight)
            predicted = np.array(LABELS)[out_of_fold[name].argmax(axis=1)]
            scores[name] = round(float(f1_score(labels, predicted, average="macro")), 4)
            log(f"cv macro-F1 {name}: {scores[name]}")
    best = max(scores, key=scores.__getitem__)
    c, weight = (float(part.split("=")[1]) for part in best.split())
    temperature = fit_temperature(out_of_fold[best], labels)
    before = expected_calibration_error(softmax(out_of_fold[best]), labels)
    after = expected_calibration_error(softmax(out_of_fold[best] / temperature), labels)
    predicted = np.array(LABELS)[out_of_fold[best].argmax(axis=1)]
    per_class = f1_score(labels, predicted, average=None, labels=list(LABELS))
    model, design = fit(words, vectors, batch, labels, c, weight)
    model.temperature = temperature
    model.meta = {
        "trained_on": "NewsMTSC train.jsonl (Hamborg & Donnay 2021, MIT licence), "
        f"{len(labels)} targets in {len(set(sentences))} sentences of {len(set(groups.tolist()))} articles",
        "word_vectors_from": "AllSides articles-full.jsonl.gz (37,554 articles, unlabelled), PPMI-SVD, "
        f"{vectors.shape[1]} dimensions over {int(design.has_vector.sum())} words",
        "selection": "5-fold cross-validation on train grouped by article, macro-F1, class-balanced weights",
        "cv_macro_f1": scores,
        "chosen": best,
        "cv_per_class_f1": dict(zip(LABELS, [round(float(x), 4) for x in per_class], strict=True)),
        "calibration": {
            "method": "temperature scaling fitted on the chosen setting's out-of-fold scores (train only)",
            "temperature": round(temperature, 4),
            "ece_bins": ECE_BINS,
            "cv_ece_before": round(before, 4),
            "cv_ece_after": round(after, 4),
        },
        "n_features": {
            "sparse": model.columns.n_columns,
            "dense": int(model.dense_coef.shape[0]),
            "vector": int(N_VECTOR_BLOCKS * vectors.shape[1]),
        },
        "random_state": RANDOM_STATE,
        "scikit_learn": metadata.version("scikit-learn"),
        "numpy": metadata.version("numpy"),
        "date": date.today().isoformat(),
        "seconds": round(time.perf_counter() - start, 1),
    }
    model.save(out)
    log(
        f"chose {best} (cv macro-F1 {scores[best]}; ECE {before:.3f} -> {after:.3f} at T={temperature:.2f}); "
        f"saved {out} ({out.stat().st_size / 1e6:.1f} MB)"
    )
    return model
