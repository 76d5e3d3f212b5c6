"""Sentiment toward targets on NewsMTSC's held-out devtest files (never used in training, selection or
calibration): macro-F1 and per-class F1 on ``devtest_rw`` (the authors' recommended set) and
``devtest_mt``, the expected calibration error of the confidence, and targets per second on one core."""

from __future__ import annotations

import time

import numpy as np
from sklearn.metrics import f1_score

from benchmarks.evaluation import SHARED

SPEED_COPIES = 4  # the NewsMTSC sentences, each copy made distinct, for a throughput figure on ~45k targets


def target_sentiment_scores() -> dict[str, dict[str, float]] | None:
    """Macro-F1, per-class F1 and calibration error of the shipped model on each devtest file."""
    from analysis.stance.features import prepare
    from analysis.stance.model import LABELS, default_model, softmax
    from analysis.stance.train import ECE_BINS, expected_calibration_error, read_newsmtsc

    folder = SHARED / "newsmtsc"
    if not folder.exists():
        return None
    model = default_model()
    out = {}
    for name in ("devtest_rw", "devtest_mt"):
        sentences, spans, labels, _ = read_newsmtsc(folder / f"{name}.jsonl")
        raw = model.scores(prepare(model.words, sentences, spans))
        proba = softmax(raw / model.temperature)
        predicted = np.array(LABELS)[proba.argmax(axis=1)]
        per_class = f1_score(labels, predicted, average=None, labels=list(LABELS))
        out[name] = {
            "macro_f1": float(f1_score(labels, predicted, average="macro")),
            "targets": len(labels),
            "ece": expected_calibration_error(proba, labels, ECE_BINS),
            "ece_uncalibrated": expected_calibration_error(softmax(raw), labels, ECE_BINS),
            "mean_confidence": float(proba.max(axis=1).mean()),
            "accuracy": float((predicted == labels).mean()),
            **dict(zip(LABELS, per_class.tolist(), strict=True)),
        }
    return out


def throughput() -> dict[str, float] | None:
    """Targets per second of :func:`analysis.stance.model.predict_many` in this one process (no workers),
    over every NewsMTSC sentence made distinct :data:`SPEED_COPIES` times (so none is tokenized once for
    several copies): wall-clock and CPU time, best of three."""
    from analysis.config import EngineConfig
    from analysis.stance.model import default_model, predict_many
    from analysis.stance.train import read_newsmtsc

    folder = SHARED / "newsmtsc"
    if not folder.exists():
        return None
    sentences: list[str] = []
    spans: list[tuple[int, int]] = []
    for name in ("train", "devtest_rw", "devtest_mt"):
        s, p, _, _ = read_newsmtsc(folder / f"{name}.jsonl")
        sentences += s
        spans += p
    many = [f"{s} ({copy})" for copy in range(SPEED_COPIES) for s in sentences]
    many_spans = spans * SPEED_COPIES
    engine = EngineConfig(n_jobs=1)
    default_model()  # loading the arrays is not throughput
    predict_many(many[:1000], many_spans[:1000], engine)
    wall = cpu = float("inf")
    for _ in range(3):
        start, start_cpu = time.perf_counter(), time.process_time()
        predict_many(many, many_spans, engine)
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return {"targets": len(many), "wall": len(many) / wall, "cpu": len(many) / cpu}


def report() -> None:
    print("== Sentiment toward targets (NewsMTSC devtest; the model never saw these)")
    scores = target_sentiment_scores()
    if scores is None:
        print("skipped: ../shared/data/newsmtsc is absent")
        return
    from analysis.stance.model import default_model
    from analysis.stance.train import ECE_BINS

    meta = default_model().meta
    for name, row in scores.items():
        print(
            f"{name}: macro-F1 {row['macro_f1']:.3f} (negative {row['negative']:.3f}, neutral "
            f"{row['neutral']:.3f}, positive {row['positive']:.3f}) on {row['targets']:,} targets; "
            f"ECE {row['ece']:.3f} ({ECE_BINS} equal-width bins of the confidence; {row['ece_uncalibrated']:.3f} "
            f"before calibration), mean confidence {row['mean_confidence']:.3f} vs accuracy {row['accuracy']:.3f}"
        )
    calibration = meta.get("calibration", {})
    print(
        f"train, 5-fold CV by article: macro-F1 {meta['cv_macro_f1'][meta['chosen']]:.3f} ({meta['chosen']}); "
        f"temperature {calibration.get('temperature')}, out-of-fold ECE {calibration.get('cv_ece_before')} -> "
        f"{calibration.get('cv_ece_after')}"
    )
    speed = throughput()
    if speed is not None:
        print(
            f"speed, one process: {speed['wall']:,.0f} targets/s wall-clock, {speed['cpu']:,.0f} targets/s of "
            f"CPU time, on {speed['targets']:,} targets (best of 3; this machine is shared, so wall-clock "
            "varies with the load)"
        )
