"""Sentiment toward targets on NewsMTSC's held-out devtest files (never used in training or selection):
macro-F1 and per-class F1 on ``devtest_rw`` (the authors' recommended set) and ``devtest_mt``, and
targets per second on one core."""

from __future__ import annotations

import time

import numpy as np
from sklearn.metrics import f1_score

from benchmarks.evaluation import SHARED


def target_sentiment_scores() -> dict[str, dict[str, float]] | None:
    """Macro-F1, per-class F1 and targets/s of the shipped model on each devtest file."""
    from analysis.stance.model import LABELS, default_model
    from analysis.stance.train import read_newsmtsc

    folder = SHARED / "newsmtsc"
    if not folder.exists():
        return None
    model = default_model()
    model.predict_proba(["Warm-up: the lexicon and arrays load on first use."], [(0, 7)])  # not throughput
    out = {}
    for name in ("devtest_rw", "devtest_mt"):
        sentences, spans, labels, _ = read_newsmtsc(folder / f"{name}.jsonl")
        start = time.perf_counter()
        predicted = np.array(LABELS)[model.predict_proba(sentences, spans).argmax(axis=1)]
        seconds = time.perf_counter() - start
        per_class = f1_score(labels, predicted, average=None, labels=list(LABELS))
        out[name] = {
            "macro_f1": float(f1_score(labels, predicted, average="macro")),
            "targets": len(labels),
            "targets_per_s": len(labels) / seconds,
            **dict(zip(LABELS, per_class.tolist(), strict=True)),
        }
    return out


def report() -> None:
    print("== Sentiment toward targets (NewsMTSC devtest; the model never saw these)")
    scores = target_sentiment_scores()
    if scores is None:
        print("skipped: ../shared/data/newsmtsc is absent")
        return
    for name, row in scores.items():
        print(
            f"{name}: macro-F1 {row['macro_f1']:.3f} (negative {row['negative']:.3f}, neutral "
            f"{row['neutral']:.3f}, positive {row['positive']:.3f}) on {row['targets']:,} targets, "
            f"{row['targets_per_s']:,.0f} targets/s"
        )
