"""Train the target-sentiment model: ``python -m analysis train-sentiment``.

1. Word vectors (:mod:`analysis.word_vectors`) from unlabelled news: the BBC and AllSides corpora in
   ``../shared/data`` (only vectors are kept, no text).
2. Features of every NewsMTSC *train* target; a small grid (regularisation ``C`` × weight of the word
   vectors) scored by 5-fold cross-validation grouped by sentence, macro-F1.  The devtest files are never
   read here: they are for ``benchmarks/evaluate.py`` only.
3. The best setting refitted on all of train and saved as arrays (:meth:`TargetSentimentModel.save`).
"""

from __future__ import annotations

import gzip
import json
import math
import time
from collections import Counter
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from analysis.stance.model import LABELS, MODEL_PATH, Featurizer, RawFeatures, TargetSentimentModel, raw_features
from analysis.stance.vectors import train_word_vectors

POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
GRID_C = (0.5, 1.0)
GRID_VECTOR_WEIGHT = (0.05, 0.1, 0.2)
MIN_DF = 2


def read_newsmtsc(path: Path) -> tuple[list[str], list[tuple[int, int]], np.ndarray, np.ndarray]:
    """Sentences, spans, labels and sentence numbers (for grouping) of one NewsMTSC jsonl file."""
    sentences, spans, labels, groups = [], [], [], []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            record = json.loads(line)
            for target in record["targets"]:
                sentences.append(record["sentence_normalized"])
                spans.append((int(target["from"]), int(target["to"])))
                labels.append(POLARITY[float(target["polarity"])])
                groups.append(number)
    return sentences, spans, np.array(labels), np.array(groups)


def unlabelled_news(data: Path) -> Iterator[str]:
    """Article texts of the BBC and AllSides corpora, for word vectors."""
    for file in sorted((data / "bbc-news" / "bbc").glob("*/*.txt")):
        yield file.read_bytes().decode("latin-1")
    with gzip.open(data / "allsides-news" / "articles.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line).get("text") or ""


def fit_featurizer(
    raw: list[RawFeatures], word_index: dict[str, int], word_vectors: np.ndarray, vector_weight: float
) -> Featurizer:
    """Vocabulary (features in >= :data:`MIN_DF` targets), idf and scaling from training targets."""
    df: Counter[str] = Counter()
    for item in raw:
        df.update(item.sparse.keys())
    keys = sorted(key for key, count in df.items() if count >= MIN_DF)
    n = len(raw)
    idf = np.array([math.log((1 + n) / (1 + df[key])) + 1 for key in keys], dtype=np.float32)
    dense = np.array([item.dense for item in raw], dtype=np.float32)
    vectors = np.array([item.vectors for item in raw], dtype=np.float32)
    return Featurizer(
        vocabulary={key: i for i, key in enumerate(keys)},
        idf=idf,
        dense_mean=dense.mean(axis=0),
        dense_scale=dense.std(axis=0) + 1e-6,
        word_index=word_index,
        word_vectors=word_vectors,
        vector_mean=vectors.mean(axis=0),
        vector_scale=vectors.std(axis=0) + 1e-6,
        vector_weight=vector_weight,
    )


def fit(
    raw: list[RawFeatures],
    labels: np.ndarray,
    word_index: dict[str, int],
    word_vectors: np.ndarray,
    c: float,
    vector_weight: float,
) -> TargetSentimentModel:
    featurizer = fit_featurizer(raw, word_index, word_vectors, vector_weight)
    classifier = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
    classifier.fit(featurizer.transform(raw), labels)
    order = [list(classifier.classes_).index(label) for label in LABELS]
    return TargetSentimentModel(featurizer, classifier.coef_[order], classifier.intercept_[order], {})


def train(data: Path, out: Path = MODEL_PATH, log=print) -> TargetSentimentModel:
    """Train, select by cross-validation on train, refit, save to ``out``; returns the model."""
    start = time.perf_counter()
    words, vectors = train_word_vectors(unlabelled_news(data))
    word_index = {word: i for i, word in enumerate(words)}
    log(f"word vectors: {len(words)} words x {vectors.shape[1]} in {time.perf_counter() - start:.0f} s")
    sentences, spans, labels, groups = read_newsmtsc(data / "newsmtsc" / "train.jsonl")
    raw = raw_features(sentences, spans, word_index, vectors)
    folds = list(GroupKFold(n_splits=5).split(sentences, labels, groups))
    scores: dict[str, float] = {}
    for c in GRID_C:
        for weight in GRID_VECTOR_WEIGHT:
            predicted = np.empty(len(labels), dtype=object)
            for train_rows, test_rows in folds:
                model = fit([raw[i] for i in train_rows], labels[train_rows], word_index, vectors, c, weight)
                probabilities = model.proba_of([raw[i] for i in test_rows])
                predicted[test_rows] = np.array(LABELS)[probabilities.argmax(axis=1)]
            scores[f"C={c} vector_weight={weight}"] = round(float(f1_score(labels, predicted, average="macro")), 4)
            log(f"cv macro-F1 C={c} vector_weight={weight}: {scores[f'C={c} vector_weight={weight}']}")
    best = max(scores, key=scores.__getitem__)
    c, weight = (float(part.split("=")[1]) for part in best.split())
    model = fit(raw, labels, word_index, vectors, c, weight)
    model.meta = {
        "trained_on": "NewsMTSC train.jsonl (Hamborg & Donnay 2021, MIT licence), "
        f"{len(labels)} targets in {len(set(groups.tolist()))} sentences",
        "word_vectors_from": "BBC News + AllSides article texts (unlabelled), PPMI-SVD",
        "selection": "5-fold cross-validation on train grouped by sentence, macro-F1",
        "cv_macro_f1": scores,
        "chosen": best,
        "n_features": model.featurizer.n_features,
        "scikit_learn": metadata.version("scikit-learn"),
        "seconds": round(time.perf_counter() - start, 1),
    }
    model.save(out)
    log(f"chose {best} (cv macro-F1 {scores[best]}); saved {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return model
