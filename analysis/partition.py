"""What one partition of articles computes on its own, wherever it runs.

Everything here depends on the partition's articles alone — sentences, tone, entities and quotes within
each article, the tokens of the term counts, and (once names are merged across the corpus) the sentiment
toward each entity in each sentence — so a corpus is cut into partitions of a few hundred to a few
thousand articles that run on both cores (or, later, on other machines) and are released as soon as their
frames are back.  The functions take and return plain frames: they pickle to a worker and back.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pandas as pd

from analysis.config import EngineConfig
from analysis.tables import PartRows, rows_of
from analysis.text.sentences import sentence_frame
from analysis.text.terms import Tokens, tokenize_batch

#: Inside a partition nothing runs in parallel: the partitions themselves are spread over the cores.
SERIAL = EngineConfig(n_jobs=1)


@dataclass
class Voices:
    """Phase one of a partition: per-article tables, the names merged within each article only."""

    sentences: pd.DataFrame
    entities: pd.DataFrame
    quotes: pd.DataFrame
    tokens: Tokens | None  # None once the term counts are made
    cpu_seconds: dict[str, float] = field(default_factory=dict)


def _timed(seconds: dict[str, float], name: str, start: float) -> float:
    now = time.process_time()
    seconds[name] = seconds.get(name, 0.0) + now - start
    return now


def read_voices(doc_ids: list[str], texts: list[str], known: pd.DataFrame | None = None) -> Voices:
    """Sentences, tone, entities and quotes of a partition, and its tokens.

    ``known``: doc_ids whose sentences, entities and quotes an earlier analysis holds (same text): for
    them only the tokens are made here (the term counts are refitted over the whole corpus).
    """
    from analysis.voices.batch import analyse_voices

    seconds: dict[str, float] = {}
    start = time.process_time()
    fresh = [i for i, d in enumerate(doc_ids) if known is None or d not in known]
    ids = [doc_ids[i] for i in fresh]
    sentences = sentence_frame(ids, [texts[i] for i in fresh])
    start = _timed(seconds, "sentences", start)
    articles = pd.DataFrame({"doc_id": pd.array(ids, dtype="str"), "text": [texts[i] for i in fresh]})
    sentences, entities, quotes = analyse_voices(articles, sentences, engine=SERIAL)
    start = _timed(seconds, "entities, quotes, tone", start)
    tokens = tokenize_batch(texts)
    _timed(seconds, "tokens", start)
    return Voices(sentences, entities, quotes, tokens, seconds)


def score_stance(
    entities: pd.DataFrame | PartRows, sentences: pd.DataFrame | PartRows, doc_ids: list[str], texts: list[str]
) -> tuple[pd.DataFrame, float]:
    """The sentiment toward each entity in each sentence of a partition (names merged across the corpus),
    and the CPU seconds it took.  ``entities`` and ``sentences``: the rows, or their part files to read."""
    from analysis.stance.model import predict_many
    from analysis.stance.score import entity_sentiment

    start = time.process_time()
    entities, sentences = rows_of(entities), rows_of(sentences)

    def predict(sentence_texts: list[str], spans, sentence_of=None):
        return predict_many(sentence_texts, spans, engine=SERIAL, sentence_of=sentence_of)

    frame = entity_sentiment(entities, sentences, dict(zip(doc_ids, texts, strict=True)), predict)
    return frame, time.process_time() - start
