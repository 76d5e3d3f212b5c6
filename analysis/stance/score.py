"""Sentiment toward entities, as the build scores it: one prediction per entity per sentence.

Kept apart from the model (:mod:`analysis.stance.model`) so that the read side can use the labels and
columns without loading the model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

#: The target-sentiment labels, in the order of the model's probabilities.
LABELS = ("negative", "neutral", "positive")
ENTITY_SENTIMENT_COLUMNS = ["doc_id", "sent_id", "entity", "type", "label", "confidence", "score"]
Predict = Callable[[list[str], list[tuple[int, int]]], np.ndarray]


def entity_sentiment(
    entities: pd.DataFrame,
    sentences: pd.DataFrame,
    texts: Mapping[str, str],
    predict_proba: Predict,
) -> pd.DataFrame:
    """The sentiment toward each entity in each sentence naming it — every one, no sampling (the first
    mention in a sentence stands for the rest): one row per ``(doc_id, sent_id, entity)`` of ``entities``.

    ``texts`` are the articles' texts by ``doc_id`` (a sentence is cut from its article by its offsets);
    ``predict_proba(sentences, spans)`` returns probabilities of negative, neutral, positive.  ``score`` is
    p(positive) − p(negative), ``confidence`` the winning probability; the evidence is the sentence
    ``(doc_id, sent_id)``.
    """
    if entities.empty:
        return pd.DataFrame(columns=ENTITY_SENTIMENT_COLUMNS)
    firsts = entities.drop_duplicates(["doc_id", "sent_id", "entity"])
    index = sentences.set_index(["doc_id", "sent_id"])
    keys = pd.MultiIndex.from_arrays([firsts["doc_id"], firsts["sent_id"]])
    rows = index.loc[keys, ["start", "end"]]
    sent_start = rows["start"].to_numpy()
    sentence_text = [
        texts[d][a:b] for d, a, b in zip(firsts["doc_id"], sent_start.tolist(), rows["end"].tolist(), strict=True)
    ]
    spans = list(
        zip(
            (firsts["start"].to_numpy() - sent_start).tolist(),
            (firsts["end"].to_numpy() - sent_start).tolist(),
            strict=True,
        )
    )
    proba = predict_proba(sentence_text, spans)
    best = proba.argmax(axis=1) if len(proba) else np.zeros(0, dtype=np.int64)
    labels = np.array(LABELS)
    return pd.DataFrame(
        {
            "doc_id": firsts["doc_id"].to_numpy(),
            "sent_id": firsts["sent_id"].to_numpy().astype(np.int32),
            "entity": firsts["entity"].to_numpy(),
            "type": firsts["type"].astype(str).to_numpy(),
            "label": labels[best],
            "confidence": proba[np.arange(len(best)), best].astype(np.float32),
            "score": (proba[:, 2] - proba[:, 0]).astype(np.float32),
        }
    )
