"""Sentiment toward entities: the shipped model, its artefact, and the scores the pipeline stores."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.explore.texts import sentence_texts as sentence_texts_of
from analysis.ingest.corpus import load_corpus

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds"


@pytest.fixture(scope="module")
def seed_analysis():
    from analysis.pipeline import analyze

    return analyze(load_corpus(SEED).articles)


def test_seed_entity_sentiment(seed_analysis) -> None:
    from analysis.stance.model import LABELS, default_model

    frame = seed_analysis.frames["entity_sentiment"]
    assert {"Mike Pompeo", "China"} <= set(frame["entity"])
    # Each row is the model's own prediction for that entity's first mention in that sentence.
    sentences = seed_analysis.frames["sentences"].set_index(["doc_id", "sent_id"])
    firsts = seed_analysis.frames["entities"].drop_duplicates(["doc_id", "sent_id", "entity"])
    rows = frame.merge(firsts, on=["doc_id", "sent_id", "entity"])
    assert len(rows) == len(frame) == len(firsts), "every entity-sentence scored, once"
    starts = sentences.loc[list(zip(rows["doc_id"], rows["sent_id"], strict=True)), "start"].to_numpy()
    texts = sentence_texts_of(seed_analysis, rows)
    proba = default_model().predict_proba(texts, list(zip(rows["start"] - starts, rows["end"] - starts, strict=True)))
    assert rows["label"].tolist() == [LABELS[i] for i in proba.argmax(axis=1)]
    assert np.allclose(rows["confidence"], proba.max(axis=1), atol=1e-6)
    assert np.allclose(rows["score"], proba[:, 2] - proba[:, 0], atol=1e-6)
    assert rows["label"].nunique() >= 2
    # Every prediction points at a sentence that names the entity.
    keys = seed_analysis.frames["sentences"][["doc_id", "sent_id"]]
    sentences = pd.Series(sentence_texts_of(seed_analysis, keys), index=pd.MultiIndex.from_frame(keys))
    entities = seed_analysis.frames["entities"]
    for row in frame.itertuples():
        mentions = entities[
            (entities["doc_id"] == row.doc_id)
            & (entities["sent_id"] == row.sent_id)
            & (entities["entity"] == row.entity)
        ]
        assert any(m in sentences[(row.doc_id, row.sent_id)] for m in mentions["mention"])


def test_model_artifact_loads_without_pickle_in_a_fresh_process() -> None:
    code = (
        "import json, numpy as np\n"
        "from analysis.stance.model import MODEL_PATH, predict_target_sentiment\n"
        "np.load(MODEL_PATH, allow_pickle=False)\n"
        "s = ['Critics slammed Smith for the disastrous and corrupt deal.', 'Smith was praised as a hero.',"
        " 'Smith arrived on Tuesday.']\n"
        "print(json.dumps(predict_target_sentiment(s, [(16, 21), (0, 5), (0, 5)])))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == ["negative", "positive", "neutral"]


def test_model_sidecar_says_how_it_was_chosen() -> None:
    from analysis.stance.model import MODEL_PATH

    meta = json.loads(MODEL_PATH.with_suffix(".json").read_text())
    assert meta["chosen"] in meta["cv_macro_f1"]
    assert "train.jsonl" in meta["trained_on"]
    assert MODEL_PATH.stat().st_size < 15_000_000


def test_predict_target_sentiment_edge_cases() -> None:
    from analysis.stance.model import predict_target_sentiment

    assert predict_target_sentiment([], []) == []
    # A span at the very end or covering the whole sentence still gets a label.
    labels = predict_target_sentiment(["Trump", "They blamed Trump"], [(0, 5), (11, 17)])
    assert len(labels) == 2 and set(labels) <= {"negative", "neutral", "positive"}
