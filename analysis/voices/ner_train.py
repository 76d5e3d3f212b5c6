"""``python -m analysis train-entities``: fit the entity recogniser on CoNLL-2003 train, choose it on dev.

Candidates and features are those the recogniser computes on article text (:mod:`analysis.voices.ner`),
from CoNLL documents rebuilt as raw text (:mod:`analysis.voices.conll`), so training and use cannot drift
apart.  The regularisation strength is chosen by entity micro-F1 (PER/ORG/LOC, exact spans) on dev; the
test split is not in the project.  Deterministic: the solver is deterministic and the data are read in
file order.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import numpy as np
import sklearn
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from analysis.text.sentences import split_sentences
from analysis.voices import ner_clusters
from analysis.voices.conll import Document, read_conll, span_scores
from analysis.voices.ner import ROLES, EntityModel, Featurized, feature_names, featurize, save_model, spans, viterbi
from analysis.voices.ner_context import as_lookup, context_table, unlabelled_texts
from analysis.voices.ner_features import LABELS
from analysis.voices.tokens import Tokens, tokenize

#: Candidate regularisation strengths (inverse), tried in this order; the best on dev is kept.
C_GRID = (0.3, 1.0, 3.0)
#: A feature seen fewer times than this in train is left out (smaller arrays, barely any loss).
MIN_COUNT = 2
#: The value of a word-class feature in the design matrix (1 for every other feature).  Below 1, the L2
#: penalty holds its weight back by ``1 / CLASS_SCALE**2``: a class learnt from 2017–20 news is read from
#: 1996 Reuters, where a class of surnames can be mostly sports clubs ("Bolton", "Durham"), and should
#: only nudge what the word's own features say.  The weights are scaled back when the model is saved, so
#: at run time the features are binary like the others.
CLASS_SCALE = 0.3
_CLASS_FEATURE = re.compile(r"\|c\d*=")


def prepare(documents: list[Document]) -> tuple[str, Tokens, Featurized, list[tuple[int, int]]]:
    """The documents joined as one batch text (blank lines between them), its tokens and features, and
    each document's character range."""
    texts = [d.text for d in documents]
    text = "\n\n".join(texts)
    ranges, at = [], 0
    for t in texts:
        ranges.append((at, at + len(t)))
        at += len(t) + 2
    bounds = np.array(split_sentences(text), dtype=np.int64).reshape(-1, 2)
    tokens = tokenize(text)
    return text, tokens, featurize(text, tokens, bounds[:, 0], bounds[:, 1]), ranges


def gold_labels(documents: list[Document], ranges, tokens: Tokens, f: Featurized) -> np.ndarray:
    """BIO label id of each candidate from the gold spans (B at the span's first token, I inside it)."""
    starts = tokens.starts[f.cands.index]
    span_start, span_end, span_type = [], [], []
    for doc, (offset, _) in zip(documents, ranges, strict=True):
        for a, b, kind in doc.entities:
            span_start.append(a + offset)
            span_end.append(b + offset)
            span_type.append(kind)
    span_start_a = np.array(span_start)
    span_end_a = np.array(span_end)
    k = np.searchsorted(span_start_a, starts, side="right") - 1
    inside = (k >= 0) & (starts < span_end_a[np.maximum(k, 0)])
    labels = np.zeros(len(starts), dtype=np.int64)
    for i in np.flatnonzero(inside):
        kind = span_type[k[i]]
        prefix = "B-" if starts[i] == span_start_a[k[i]] else "I-"
        labels[i] = LABELS.index(prefix + kind)
    return labels


def design(
    f: Featurized,
    vocabulary: dict[str, int] | None,
    context: dict[str, tuple[int, ...]],
    clusters: dict[str, tuple[int, ...]],
) -> tuple[sparse.csr_matrix, dict[str, int]]:
    """Binary feature matrix of the candidates; with ``vocabulary=None`` the vocabulary is built (features
    seen at least :data:`MIN_COUNT` times)."""
    rows: list[np.ndarray] = []
    names_of_role = {}
    for role in ROLES:
        chosen = f.role_types[role]
        if role == "0":
            chosen = np.where(f.cands.caps_line, -1, chosen)
        elif role == "0c":
            chosen = np.where(f.cands.caps_line, chosen, -1)
        names_of_role[role] = (chosen, feature_names(f, role, context, clusters))
    if vocabulary is None:
        counts: dict[str, int] = {}
        for chosen, lists in names_of_role.values():
            used, n = np.unique(chosen[chosen >= 0], return_counts=True)
            for t, c in zip(used.tolist(), n.tolist(), strict=True):
                for name in lists[t]:
                    counts[name] = counts.get(name, 0) + c
        for names in f.token_names:
            for name, c in zip(*np.unique(names.astype(str), return_counts=True), strict=True):
                counts[str(name)] = counts.get(str(name), 0) + int(c)
        kept = sorted(name for name, c in counts.items() if c >= MIN_COUNT)
        vocabulary = {name: i for i, name in enumerate(kept)}
    n = len(f.cands.index)
    cols: list[np.ndarray] = []
    for chosen, lists in names_of_role.values():
        ids_of_type = [np.array([vocabulary[m] for m in names if m in vocabulary], dtype=np.int64) for names in lists]
        for i in range(n):
            t = chosen[i]
            if t >= 0:
                rows.append(np.full(len(ids_of_type[t]), i))
                cols.append(ids_of_type[t])
    for names in f.token_names:
        ids = np.array([vocabulary.get(str(m), -1) for m in names])
        keep = ids >= 0
        rows.append(np.flatnonzero(keep))
        cols.append(ids[keep])
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    matrix = sparse.csr_matrix((np.ones(len(r), dtype=np.float32), (r, c)), shape=(n, len(vocabulary)))
    matrix.data[:] = 1.0  # a feature repeated in two roles is still one name: keep it binary
    return matrix @ sparse.diags(class_scales(vocabulary)).tocsr(), vocabulary


def class_scales(vocabulary: dict[str, int]) -> np.ndarray:
    """Per feature of ``vocabulary`` its design value: :data:`CLASS_SCALE` for word classes, else 1."""
    scales = np.ones(len(vocabulary), dtype=np.float32)
    for name, i in vocabulary.items():
        if _CLASS_FEATURE.search(name):
            scales[i] = CLASS_SCALE
    return scales


def fitted(x: sparse.csr_matrix, y: np.ndarray, scales: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    """``(weights, intercept)`` of the logistic regression on design ``x`` (:func:`design`), the weights
    of the scaled features multiplied back by their ``scales``: at run time every feature is binary
    (:meth:`EntityModel.scores` sums weights), so its scores equal the fitted model's decision values."""
    fit = LogisticRegression(C=c, max_iter=500, tol=1e-4).fit(x, y)
    weights = np.zeros((x.shape[1], len(LABELS)), dtype=np.float32)
    weights[:, fit.classes_] = fit.coef_.T
    weights *= scales[:, None]
    intercept = np.full(len(LABELS), -30.0, dtype=np.float32)  # a label train never saw is never chosen
    intercept[fit.classes_] = fit.intercept_
    return weights, intercept


def predicted_spans(model: EntityModel, documents, ranges, tokens: Tokens, f: Featurized) -> list[set]:
    labels = viterbi(model.scores(f), f.cands.run)
    found = spans(f, tokens, labels)
    starts = np.array([a for a, _ in ranges])
    out: list[set] = [set() for _ in documents]
    for a, b, kind in found:
        d = int(np.searchsorted(starts, a, side="right")) - 1
        out[d].add((a - ranges[d][0], b - ranges[d][0], kind))
    return out


def train(data: Path, out: Path) -> dict:
    """Fit on ``data/conll2003/train.txt``, choose C on ``dev.txt``, write the model to ``out``."""
    began = time.perf_counter()
    train_docs = read_conll(data / "conll2003" / "train.txt")
    texts = [*unlabelled_texts(data), *(d.text for d in train_docs)]
    context_words, context_buckets = context_table(texts)
    context = as_lookup(context_words, context_buckets)
    sys.stderr.write(f"context statistics of {len(context_words):,} capitalised words from {len(texts):,} texts\n")
    cluster_words, cluster_ids = ner_clusters.word_clusters(texts)
    clusters = ner_clusters.as_lookup(cluster_words, cluster_ids)
    sys.stderr.write(f"word classes of {len(cluster_words):,} words\n")
    dev_docs = read_conll(data / "conll2003" / "dev.txt")
    _, tr_tokens, tr_f, tr_ranges = prepare(train_docs)
    y = gold_labels(train_docs, tr_ranges, tr_tokens, tr_f)
    x, vocabulary = design(tr_f, None, context, clusters)
    _, dv_tokens, dv_f, dv_ranges = prepare(dev_docs)
    gold = [set(d.entities) for d in dev_docs]
    names = np.array(sorted(vocabulary, key=vocabulary.__getitem__))
    scales = class_scales(vocabulary)
    results, best = {}, None
    for c in C_GRID:
        weights, intercept = fitted(x, y, scales, c)
        model = EntityModel(names, weights, intercept, context_words, context_buckets, cluster_words, cluster_ids)
        scores = span_scores(gold, predicted_spans(model, dev_docs, dv_ranges, dv_tokens, dv_f))
        results[f"C={c}"] = {k: round(v["f1"], 4) for k, v in scores.items()}
        sys.stderr.write(f"C={c}: dev micro-F1 {scores['micro']['f1']:.4f} {results[f'C={c}']}\n")
        if best is None or scores["micro"]["f1"] > best[0]:
            best = (scores["micro"]["f1"], c, model)
    assert best is not None
    card = {
        "trained_on": "CoNLL-2003 English train (eng.train, Reuters 1996; Tjong Kim Sang & De Meulder 2003), "
        "research use under the Reuters Corpus terms; the text itself is not shipped",
        "context_statistics_from": "unlabelled news: BBC News 2004-05 (2,225 files) and the AllSides articles "
        "outside the 8,000-article sample (articles-full minus articles.jsonl.gz), plus CoNLL train's own text; "
        f"{len(context_words)} capitalised words",
        "word_classes_from": "the same unlabelled texts: k-means at "
        f"{'/'.join(map(str, ner_clusters.LEVELS))} classes of PPMI-SVD vectors of {len(cluster_words)} words "
        "(neighbours within two tokens, direction kept)",
        "surnames_from": "1990 US Census surname list, as shipped in the names package (MIT)",
        "selection": "C chosen by entity micro-F1 (PER/ORG/LOC, exact spans) on CoNLL-2003 dev (eng.testa)",
        "dev_f1": results,
        "chosen": f"C={best[1]}",
        "candidates_train": len(y),
        "n_features": len(names),
        "min_count": MIN_COUNT,
        "labels": list(LABELS),
        "scikit_learn": sklearn.__version__,
        "seconds": round(time.perf_counter() - began, 1),
    }
    save_model(out, best[2], card)
    return card


__all__ = ["C_GRID", "gold_labels", "predicted_spans", "prepare", "train"]
