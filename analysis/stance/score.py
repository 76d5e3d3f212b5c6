"""Sentiment toward entities, as the build scores it: one prediction per entity per sentence.

Kept apart from the model (:mod:`analysis.stance.model`) so that the read side can use the labels and
columns without loading the model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pandas is imported where the table is built: the model's workers need only the labels
    import pandas as pd

#: The target-sentiment labels, in the order of the model's probabilities.
LABELS = ("negative", "neutral", "positive")
ENTITY_SENTIMENT_COLUMNS = ["doc_id", "sent_id", "entity", "type", "label", "confidence", "score"]
#: ``predict_proba(sentences, spans, sentence_of=...)``: probabilities (n, 3) of :data:`LABELS` for target
#: ``i`` at ``spans[i]`` of ``sentences[sentence_of[i]]`` — each distinct sentence passed once, so it is
#: tokenized once however many entities it names (:func:`analysis.stance.model.predict_many`).
Predict = Callable[..., np.ndarray]


def entity_sentiment(
    entities: pd.DataFrame,
    sentences: pd.DataFrame,
    texts: Mapping[str, str],
    predict_proba: Predict,
) -> pd.DataFrame:
    """The sentiment toward each entity in each sentence naming it — every one, no sampling (the first
    mention in a sentence stands for the rest): one row per ``(doc_id, sent_id, entity)`` of ``entities``.

    ``texts`` are the articles' texts by ``doc_id`` (a sentence is cut from its article by its offsets,
    once per sentence); ``predict_proba`` is a :data:`Predict`.  ``score`` is p(positive) − p(negative),
    ``confidence`` the winning (calibrated) probability; the evidence is the sentence ``(doc_id, sent_id)``.
    """
    import pandas as pd

    if entities.empty:
        return pd.DataFrame(columns=ENTITY_SENTIMENT_COLUMNS)
    firsts = entities.drop_duplicates(["doc_id", "sent_id", "entity"])
    # Each distinct (doc_id, sent_id) once, by integer keys (hashing tuples of strings costs seconds on a
    # corpus): doc code × (largest sent_id + 1) + sent_id.
    doc_code, docs = pd.factorize(firsts["doc_id"])
    sent_id = firsts["sent_id"].to_numpy(dtype=np.int64)
    sentence_doc = docs.get_indexer(sentences["doc_id"])
    sentence_sent = sentences["sent_id"].to_numpy(dtype=np.int64)
    width = int(max(sent_id.max(), sentence_sent.max(initial=0))) + 1
    sentence_of, keys = pd.factorize(doc_code * width + sent_id)
    known = sentence_doc >= 0
    rows = pd.Index(sentence_doc[known] * width + sentence_sent[known]).get_indexer(keys)
    if (rows < 0).any():
        raise KeyError("an entity names a sentence that the sentences table does not have")
    starts = sentences["start"].to_numpy(dtype=np.int64)[known][rows]
    ends = sentences["end"].to_numpy(dtype=np.int64)[known][rows]
    doc_of_sentence = docs[np.asarray(keys) // width].tolist()
    sentence_text = [texts[d][a:b] for d, a, b in zip(doc_of_sentence, starts.tolist(), ends.tolist(), strict=True)]
    offset = starts[sentence_of]
    spans = np.column_stack((firsts["start"].to_numpy() - offset, firsts["end"].to_numpy() - offset))
    proba = predict_proba(sentence_text, spans, sentence_of=sentence_of)
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
