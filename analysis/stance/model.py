"""Sentiment toward a target: is *this* person (or organisation, or place) portrayed negatively, neutrally or
positively in the sentence?

A multinomial logistic regression over :mod:`analysis.target_features`, trained on NewsMTSC (Hamborg &
Donnay 2021, MIT licence) by ``python -m analysis train-sentiment``.  The fitted model ships as
``analysis/stance/target_sentiment.npz``: vocabularies, idf, scaling and weights as plain arrays, loaded with
``allow_pickle=False`` — nothing is unpickled, so the file works across scikit-learn versions and a
tampered file cannot run code.  Its JSON sidecar records how it was chosen (cross-validation on train only).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from scipy import sparse

from analysis.config import ENGINE, EngineConfig
from analysis.stance.features import (
    BLOCKS,
    dense_features,
    sparse_features,
    tokens_and_target,
    vector_features,
)
from analysis.stance.score import LABELS
from analysis.voices.tone import analyzer

MODEL_PATH = Path(__file__).parent / "target_sentiment.npz"
#: Blocks scaled by idf, and of those, the ones counted once per sentence (binary) rather than by
#: sublinear term frequency.
IDF_BLOCKS = frozenset("mck")
BINARY_BLOCKS = frozenset("c")


@dataclass
class Featurizer:
    """Turns ``(sentence, span)`` pairs into the model's feature matrix; fitted = vocabulary + idf + scaling."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    dense_mean: np.ndarray
    dense_scale: np.ndarray
    word_index: dict[str, int]
    word_vectors: np.ndarray
    vector_mean: np.ndarray
    vector_scale: np.ndarray
    vector_weight: float

    @property
    def n_features(self) -> int:
        return len(self.vocabulary) + len(self.dense_mean) + len(self.vector_mean)

    def __post_init__(self) -> None:
        keys = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        block_code = {block: i for i, block in enumerate(BLOCKS)}
        self._block = np.array([block_code[key[0]] for key in keys], dtype=np.int64)
        self._idf_scaled = np.isin(self._block, [block_code[b] for b in IDF_BLOCKS])
        self._binary = np.isin(self._block, [block_code[b] for b in BINARY_BLOCKS])

    def transform(self, raw: Sequence[RawFeatures]) -> sparse.csr_matrix:
        """The feature matrix of already extracted :class:`RawFeatures`, built with array operations:
        one vocabulary look-up for all keys, per-block scaling and L2 norms by ``bincount``."""
        n = len(raw)
        lengths = np.fromiter((len(item.sparse) for item in raw), dtype=np.int64, count=n)
        keys = [key for item in raw for key in item.sparse]
        raw_values = np.fromiter((v for item in raw for v in item.sparse.values()), dtype=np.float64, count=len(keys))
        rows = np.repeat(np.arange(n), lengths)
        lookup = self.vocabulary.get
        cols = np.fromiter((lookup(key, -1) for key in keys), dtype=np.int64, count=len(keys))
        known = cols >= 0
        rows, cols, values = rows[known], cols[known], raw_values[known]
        scaled = self._idf_scaled[cols]
        values = np.where(
            scaled, np.where(self._binary[cols], 1.0, 1.0 + np.log(np.maximum(values, 1e-12))) * self.idf[cols], values
        )
        group = rows * len(BLOCKS) + self._block[cols]
        norms = np.sqrt(np.bincount(group, weights=values * values, minlength=n * len(BLOCKS)))
        values = values / np.maximum(norms[group], 1e-12)
        left = sparse.csr_matrix((values.astype(np.float32), (rows, cols)), shape=(n, len(self.vocabulary)))
        dense = (
            np.array([item.dense for item in raw], dtype=np.float32).reshape(n, -1) - self.dense_mean
        ) / self.dense_scale
        vectors = (
            (np.array([item.vectors for item in raw], dtype=np.float32).reshape(n, -1) - self.vector_mean)
            / self.vector_scale
            * self.vector_weight
        )
        return sparse.hstack([left, sparse.csr_matrix(dense), sparse.csr_matrix(vectors)], format="csr")


@dataclass
class RawFeatures:
    """Features of one target before vocabulary lookup and scaling (the same in training and use)."""

    sparse: dict[str, float]
    dense: list[float]
    vectors: np.ndarray


def raw_features(
    sentences: Sequence[str], spans: Sequence[tuple[int, int]], word_index: dict[str, int], word_vectors: np.ndarray
) -> list[RawFeatures]:
    """:class:`RawFeatures` of each ``(sentence, span)``; VADER runs once per distinct sentence."""
    vader = analyzer()
    seen: dict[str, tuple[float, float, float, float]] = {}

    def sentence_scores(text: str) -> tuple[float, float, float, float]:
        if text not in seen:
            seen[text] = vader.scores(text)
        return seen[text]

    out = []
    for sentence, span in zip(sentences, spans, strict=True):
        tokens, first, last = tokens_and_target(sentence, span)
        out.append(
            RawFeatures(
                sparse_features(tokens, first, last),
                dense_features(sentence, span, tokens, first, last, sentence_scores),
                vector_features(tokens, first, last, word_index, word_vectors),
            )
        )
    return out


@dataclass
class TargetSentimentModel:
    """A fitted featurizer and the weights of a linear model over its features."""

    featurizer: Featurizer
    coef: np.ndarray  # (3, n_features)
    intercept: np.ndarray  # (3,)
    meta: dict[str, object]

    def predict_proba(self, sentences: Sequence[str], spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """Probabilities (n, 3) of :data:`LABELS` for each target."""
        if not sentences:
            return np.zeros((0, 3), dtype=np.float32)
        f = self.featurizer
        return self.proba_of(raw_features(sentences, spans, f.word_index, f.word_vectors))

    def proba_of(self, raw: Sequence[RawFeatures]) -> np.ndarray:
        """Probabilities (n, 3) of :data:`LABELS` for already extracted features."""
        scores = np.asarray(self.featurizer.transform(raw) @ self.coef.T) + self.intercept
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return (exp / exp.sum(axis=1, keepdims=True)).astype(np.float32)

    def save(self, path: Path) -> None:
        """Arrays only; :func:`load_model` reads them back with ``allow_pickle=False``."""
        f = self.featurizer
        keys = sorted(f.vocabulary, key=f.vocabulary.__getitem__)
        words = sorted(f.word_index, key=f.word_index.__getitem__)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path,
            vocabulary=np.frombuffer("\n".join(keys).encode(), dtype=np.uint8),
            idf=f.idf.astype(np.float32),
            dense_mean=f.dense_mean,
            dense_scale=f.dense_scale,
            words=np.frombuffer("\n".join(words).encode(), dtype=np.uint8),
            word_vectors=f.word_vectors.astype(np.float16),
            vector_mean=f.vector_mean,
            vector_scale=f.vector_scale,
            vector_weight=np.array([f.vector_weight], dtype=np.float32),
            coef=self.coef.astype(np.float32),
            intercept=self.intercept.astype(np.float32),
        )
        path.with_suffix(".json").write_text(json.dumps(self.meta, indent=2) + "\n")


def load_model(path: Path = MODEL_PATH) -> TargetSentimentModel:
    """Read a model written by :meth:`TargetSentimentModel.save` (no pickle involved)."""
    with np.load(path, allow_pickle=False) as z:
        keys = bytes(z["vocabulary"]).decode().split("\n")
        words = bytes(z["words"]).decode().split("\n")
        featurizer = Featurizer(
            vocabulary={key: i for i, key in enumerate(keys)},
            idf=z["idf"].astype(np.float32),
            dense_mean=z["dense_mean"].astype(np.float32),
            dense_scale=z["dense_scale"].astype(np.float32),
            word_index={word: i for i, word in enumerate(words)},
            word_vectors=z["word_vectors"].astype(np.float32),
            vector_mean=z["vector_mean"].astype(np.float32),
            vector_scale=z["vector_scale"].astype(np.float32),
            vector_weight=float(z["vector_weight"][0]),
        )
        model = TargetSentimentModel(featurizer, z["coef"].astype(np.float32), z["intercept"].astype(np.float32), {})
    meta_path = path.with_suffix(".json")
    if meta_path.exists():
        model.meta = json.loads(meta_path.read_text())
    return model


@cache
def default_model() -> TargetSentimentModel:
    """The shipped model, loaded once per process."""
    return load_model(MODEL_PATH)


def predict_many(
    sentences: Sequence[str], spans: Sequence[tuple[int, int]], engine: EngineConfig = ENGINE
) -> np.ndarray:
    """Probabilities for many targets: in chunks, on both cores when there are many."""
    from joblib import Parallel, delayed

    step = engine.sentiment_chunk  # bounds memory: ~10 kB of features per target
    chunks = [(sentences[i : i + step], spans[i : i + step]) for i in range(0, len(sentences), step)]
    if not chunks:
        return np.zeros((0, 3), dtype=np.float32)
    if len(sentences) > engine.parallel_targets:
        results = Parallel(n_jobs=engine.n_jobs)(delayed(_predict_chunk)(list(a), list(b)) for a, b in chunks)
    else:
        results = [_predict_chunk(list(a), list(b)) for a, b in chunks]
    return np.concatenate(results)


def _predict_chunk(sentences: list[str], spans: list[tuple[int, int]]) -> np.ndarray:
    return default_model().predict_proba(sentences, spans)


def predict_target_sentiment(sentences: list[str], spans: list[tuple[int, int]]) -> list[str]:
    """The sentiment toward each target: ``negative``, ``neutral`` or ``positive``.

    ``spans[i]`` are the character offsets ``(start, end)`` of the mention in ``sentences[i]``, end
    exclusive.  Labels come from the shipped model (see :mod:`analysis.sentiment`).
    """
    probabilities = default_model().predict_proba(sentences, spans)
    return [LABELS[i] for i in probabilities.argmax(axis=1)]


__all__ = ["LABELS", "TargetSentimentModel", "load_model", "predict_many", "predict_target_sentiment"]
