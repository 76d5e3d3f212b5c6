"""Sentiment toward a target: is *this* person (or organisation, or place) portrayed negatively, neutrally or
positively in the sentence?

A multinomial logistic regression over :mod:`analysis.stance.features`, trained on NewsMTSC (Hamborg &
Donnay 2021, MIT licence) by ``python -m analysis train-sentiment``, with its probabilities calibrated by a
temperature fitted on out-of-fold predictions of the training set.  The model ships as
``analysis/stance/target_sentiment.npz``: the word list, the feature vocabulary as look-up arrays, idf,
weights and the temperature, all plain arrays loaded with ``allow_pickle=False`` — nothing is unpickled, so
the file works across library versions and a tampered file cannot run code.  Its JSON sidecar records how
it was chosen (cross-validation on train only) and its calibration.

Scoring never builds the training's feature matrix: a linear model over "weighted average of word vectors"
is a weighted average of each word's *projected* score, so the word vectors are folded into three numbers
per word and block at training time, and the dense features' standardisation into their weights.  What is
left per target is gathers and ``bincount`` sums over its entries (see :mod:`analysis.stance.features`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from analysis.config import ENGINE, EngineConfig
from analysis.stance.features import (
    N_BUCKETS,
    N_VECTOR_BLOCKS,
    Batch,
    Columns,
    Words,
    dense_features,
    entries,
    prepare,
    sparse_entries,
    token_tables,
    vector_weights,
)
from analysis.stance.score import LABELS
from analysis.stance.scoring import scores as fast_scores
from analysis.stance.scoring import scoring_tables

MODEL_PATH = Path(__file__).parent / "target_sentiment.npz"


@dataclass
class TargetSentimentModel:
    """Fitted arrays of the target-sentiment model, ready to score.

    ``sparse_coef`` (n_columns, 3) weighs the sparse blocks; ``dense_coef`` (n_dense, 3) the raw dense
    values (standardisation folded in); ``word_scores`` (3 blocks, n_words, 3) is each word's projected
    vector score per vector block, for the words that ``has_vector``; ``intercept`` (3,) holds every
    folded constant; ``temperature`` divides the scores before the softmax (the calibration)."""

    words: Words
    columns: Columns
    sparse_coef: np.ndarray
    dense_coef: np.ndarray
    word_scores: np.ndarray
    has_vector: np.ndarray
    intercept: np.ndarray
    temperature: float = 1.0
    meta: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._tables = scoring_tables(self.words, self.columns, self.sparse_coef, self.word_scores, self.has_vector)

    def scores(self, batch: Batch) -> np.ndarray:
        """Uncalibrated class scores (n_targets, 3) of a prepared batch, from prefix sums
        (:mod:`analysis.stance.scoring`)."""
        if batch.n_targets == 0:
            return np.zeros((0, 3), dtype=np.float64)
        tokens = token_tables(self.words, batch)
        return fast_scores(self.words, self.columns, self._tables, self.dense_coef, self.intercept, batch, tokens)

    def reference_scores(self, batch: Batch) -> np.ndarray:
        """The same scores from the explicit (target, token) entries that training builds its feature
        matrix from: slower, kept as the definition :meth:`scores` is tested against."""
        n = batch.n_targets
        out = np.zeros((n, 3), dtype=np.float64)
        if n == 0:
            return out
        tables = token_tables(self.words, batch)
        found = entries(batch, tables)
        rows, cols, vals = sparse_entries(batch, tables, found, self.columns)
        weights = self.sparse_coef[cols]
        for k in range(3):
            out[:, k] = np.bincount(rows, weights=vals * weights[:, k], minlength=n)
        out += dense_features(self.words, batch, tables, found) @ self.dense_coef
        for block, (r, w, a) in enumerate(vector_weights(found, self.has_vector, n)):
            scored = self.word_scores[block, w]
            for k in range(3):
                out[:, k] += np.bincount(r, weights=a * scored[:, k], minlength=n)
        return out + self.intercept

    def proba_of(self, batch: Batch) -> np.ndarray:
        """Calibrated probabilities (n, 3) of :data:`LABELS` for a prepared batch."""
        return softmax(self.scores(batch) / self.temperature)

    def predict_proba(
        self,
        sentences: Sequence[str],
        spans: Sequence[tuple[int, int]],
        sentence_of: Sequence[int] | np.ndarray | None = None,
    ) -> np.ndarray:
        """Probabilities (n, 3) float32 of :data:`LABELS` for each target ``(sentences[i], spans[i])``, or,
        with ``sentence_of``, for target ``i`` at ``spans[i]`` of ``sentences[sentence_of[i]]`` (each
        distinct sentence given once)."""
        if len(spans) == 0:
            return np.zeros((0, 3), dtype=np.float32)
        batch = prepare(self.words, sentences, spans, sentence_of)
        return self.proba_of(batch).astype(np.float32)

    def save(self, path: Path) -> None:
        """Arrays only; :func:`load_model` reads them back with ``allow_pickle=False``.  Only the columns
        with weight are stored, and the single-word look-up as (key, column) pairs."""
        c = self.columns
        keys = np.flatnonzero(c.single >= 0)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path,
            words=np.frombuffer("\n".join(self.words.words).encode(), dtype=np.uint8),
            single_keys=keys.astype(np.int64),
            single_columns=c.single[keys].astype(np.int32),
            m_pairs=c.m_pairs.astype(np.int64),
            m_pair_columns=c.m_pair_columns.astype(np.int32),
            k_pairs=c.k_pairs.astype(np.int64),
            k_pair_columns=c.k_pair_columns.astype(np.int32),
            block=c.block.astype(np.int8),
            scale=c.scale.astype(np.float32),
            sparse_coef=self.sparse_coef.astype(np.float32),
            dense_coef=self.dense_coef.astype(np.float64),
            word_scores=self.word_scores.astype(np.float32),
            has_vector=self.has_vector.astype(bool),
            intercept=self.intercept.astype(np.float64),
            temperature=np.array([self.temperature], dtype=np.float64),
        )
        path.with_suffix(".json").write_text(json.dumps(self.meta, indent=2) + "\n")


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax, stable for large scores."""
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def load_model(path: Path = MODEL_PATH) -> TargetSentimentModel:
    """Read a model written by :meth:`TargetSentimentModel.save` (no pickle involved)."""
    with np.load(path, allow_pickle=False) as z:
        words = Words(z["words"].tobytes().decode().split("\n"))
        n_words = len(words)
        single = np.full(N_BUCKETS * n_words, -1, dtype=np.int64)
        single[z["single_keys"]] = z["single_columns"]
        columns = Columns(
            n_words,
            single,
            z["m_pairs"],
            z["m_pair_columns"].astype(np.int64),
            z["k_pairs"],
            z["k_pair_columns"].astype(np.int64),
            z["block"],
            z["scale"],
        )
        model = TargetSentimentModel(
            words,
            columns,
            z["sparse_coef"].astype(np.float64),
            z["dense_coef"],
            z["word_scores"].astype(np.float64),
            z["has_vector"],
            z["intercept"],
            float(z["temperature"][0]),
        )
    if model.word_scores.shape[:2] != (N_VECTOR_BLOCKS, n_words):
        raise ValueError(f"{path}: word scores do not match the word list")
    meta_path = path.with_suffix(".json")
    if meta_path.exists():
        model.meta = json.loads(meta_path.read_text())
    return model


@cache
def default_model() -> TargetSentimentModel:
    """The shipped model, loaded once per process."""
    return load_model(MODEL_PATH)


def predict_many(
    sentences: Sequence[str],
    spans: Sequence[tuple[int, int]],
    engine: EngineConfig = ENGINE,
    sentence_of: Sequence[int] | np.ndarray | None = None,
) -> np.ndarray:
    """Probabilities for many targets, in chunks of ``engine.sentiment_chunk`` targets (bounded memory);
    on ``engine.n_jobs`` processes only past ``engine.parallel_targets`` targets, where starting workers
    pays.  ``sentence_of`` as in :meth:`TargetSentimentModel.predict_proba`; without it, repeated sentences
    are found here and tokenized once."""
    n = len(spans)
    if n == 0:
        return np.zeros((0, 3), dtype=np.float32)
    if sentence_of is None:  # each distinct sentence tokenized once
        first_seen: dict[str, int] = {}
        sentence_of = np.fromiter(map(first_seen.setdefault, sentences, range(n)), dtype=np.int64, count=n)
    sentence_of = np.asarray(sentence_of, dtype=np.int64)
    span_array = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    chunks = []
    for start in range(0, n, engine.sentiment_chunk):
        ids = sentence_of[start : start + engine.sentiment_chunk]
        distinct, local = np.unique(ids, return_inverse=True)
        chunks.append(([sentences[i] for i in distinct.tolist()], span_array[start : start + len(ids)], local))
    if n > engine.parallel_targets and engine.n_jobs > 1:
        from joblib import Parallel, delayed

        groups = np.array_split(np.arange(len(chunks)), min(engine.n_jobs, len(chunks)))
        parts = Parallel(n_jobs=engine.n_jobs)(delayed(_predict_chunks)([chunks[i] for i in g]) for g in groups)
        return np.concatenate(parts)
    return _predict_chunks(chunks)


def _predict_chunks(chunks: list[tuple[list[str], np.ndarray, np.ndarray]]) -> np.ndarray:
    model = default_model()
    return np.concatenate([model.predict_proba(s, spans, local) for s, spans, local in chunks])


def predict_target_sentiment(sentences: Sequence[str], spans: Sequence[tuple[int, int]]) -> list[str]:
    """The sentiment toward each target: ``negative``, ``neutral`` or ``positive``.

    ``spans[i]`` are the character offsets ``(start, end)`` of the mention in ``sentences[i]``, end
    exclusive.  Labels come from the shipped model (see :mod:`analysis.stance.model`).
    """
    probabilities = predict_many(sentences, spans)
    return [LABELS[i] for i in probabilities.argmax(axis=1)]


__all__ = ["LABELS", "TargetSentimentModel", "load_model", "predict_many", "predict_target_sentiment"]
