"""What one partition of articles computes on its own, wherever it runs.

Everything here depends on the partition's articles alone — sentences, tone, entities and quotes within
each article, the tokens of the term counts, and (once names are merged across the corpus) the sentiment
toward each entity in each sentence — so a corpus is cut into partitions of a few hundred to a few
thousand articles that run on both cores (or, later, on other machines) and are released as soon as their
frames are back.  The functions take and return plain frames: they pickle to a worker and back.
"""

from __future__ import annotations

import functools
import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ParamSpec, TypeVar

import numpy as np
import pandas as pd

from analysis.config import EngineConfig
from analysis.memory import bounded_heap, give_back, trim_heap
from analysis.shared_texts import TextsFile, texts_of
from analysis.tables import PartRows, rows_of
from analysis.text.sentences import sentence_frame
from analysis.text.terms import Tokens, tokenize_batch

#: Inside a partition nothing runs in parallel: the partitions themselves are spread over the cores.
SERIAL = EngineConfig(n_jobs=1)

P = ParamSpec("P")
R = TypeVar("R")


def _releasing(task: Callable[P, R]) -> Callable[P, R]:
    """A partition's task run on a bounded heap: the heap trimmed before it, its freed memory (Arrow's pool
    too) given back after it.

    A worker runs one task after another, stage after stage: without this each kept the pages of every
    task before it (glibc keeps freed heap mapped, and raises its threshold for mapping big blocks as they
    are freed), so a worker's resident size was its largest task's peak plus whatever the next stage
    loaded.  Changes how memory is held, never what is computed.  Only in a worker process: in the calling
    process (a small corpus, run in place) the build gives memory back between its stages already.
    """

    @functools.wraps(task)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if multiprocessing.parent_process() is None:
            return task(*args, **kwargs)
        trim_heap()  # the previous task's result, pickled and sent since
        with bounded_heap():
            result = task(*args, **kwargs)
        give_back(collect=False)  # what it freed, Arrow's pool (the part files it read) included
        return result

    return run


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


@dataclass
class Opening:
    """The build's first pass over a partition: what the Overview needs, ready before the slow rules run."""

    sentences: pd.DataFrame  # the fresh articles' sentences with their tone (``quoted`` comes in pass two)
    tokens: Tokens
    cpu_seconds: dict[str, float] = field(default_factory=dict)


def _fresh(doc_ids: list[str], texts: list[str], known: set[str] | None) -> tuple[list[str], list[str]]:
    fresh = [i for i, d in enumerate(doc_ids) if known is None or d not in known]
    return [doc_ids[i] for i in fresh], [texts[i] for i in fresh]


@_releasing
def read_tone(doc_ids: list[str], texts: list[str] | TextsFile, known: set[str] | None = None) -> Opening:
    """Sentences and their VADER tone for the articles not in ``known``, and every article's tokens.

    The first of the build's two passes: the corpus fits (terms, keywords, topics) and the article tone
    need only this, so the dashboard can draw the Overview while the second pass (:func:`read_voices`)
    finds the entities and quotes.
    """
    from analysis.text.sentences import sentence_texts
    from analysis.voices.tone import TONE_COLUMNS, sentence_tone

    seconds: dict[str, float] = {}
    start = time.process_time()
    texts = texts_of(texts)
    ids, fresh = _fresh(doc_ids, texts, known)
    sentences = sentence_frame(ids, fresh)
    start = _timed(seconds, "sentences", start)
    rows = sentences.groupby("doc_id", sort=False).indices if len(sentences) else {}
    starts, ends = sentences["start"].to_numpy(), sentences["end"].to_numpy()
    pieces = []
    for doc_id, text in zip(ids, fresh, strict=True):
        if doc_id in rows:
            pieces.extend(sentence_texts(text, starts[rows[doc_id]], ends[rows[doc_id]]))
    scores = sentence_tone(pieces)
    for column in TONE_COLUMNS:
        sentences[column] = scores[column].to_numpy()
    start = _timed(seconds, "tone", start)
    tokens = tokenize_batch(texts)
    _timed(seconds, "tokens", start)
    return Opening(sentences, tokens, seconds)


@_releasing
def read_voices(
    doc_ids: list[str],
    texts: list[str] | TextsFile,
    known: set[str] | None = None,
    tone: np.ndarray | None = None,
) -> Voices:
    """Sentences, tone, entities and quotes of a partition, and its tokens.

    ``known``: doc_ids whose sentences, entities and quotes an earlier analysis holds (same text): for
    them only the tokens are made here (the term counts are refitted over the whole corpus).  ``tone``:
    the build's second pass — the fresh sentences' tone columns as :func:`read_tone` scored them (the
    sentences are split again, the same way, rather than shipped back and forth), and no tokens.
    """
    from analysis.voices.batch import analyse_voices
    from analysis.voices.tone import TONE_COLUMNS

    seconds: dict[str, float] = {}
    start = time.process_time()
    texts = texts_of(texts)
    ids, fresh = _fresh(doc_ids, texts, known)
    sentences = sentence_frame(ids, fresh)
    if tone is not None:
        if len(tone) != len(sentences):
            raise ValueError(f"{len(tone)} tone rows for {len(sentences)} sentences: not the first pass's split")
        for k, column in enumerate(TONE_COLUMNS):
            sentences[column] = tone[:, k]
    start = _timed(seconds, "sentences", start)
    articles = pd.DataFrame({"doc_id": pd.array(ids, dtype="str"), "text": fresh})
    sentences, entities, quotes = analyse_voices(articles, sentences, engine=SERIAL, tone=tone is None)
    start = _timed(seconds, "entities, quotes" if tone is not None else "entities, quotes, tone", start)
    tokens = tokenize_batch(texts) if tone is None else None
    _timed(seconds, "tokens", start)
    return Voices(sentences, entities, quotes, tokens, seconds)


@_releasing
def score_stance(
    entities: pd.DataFrame | PartRows,
    sentences: pd.DataFrame | PartRows,
    doc_ids: list[str],
    texts: list[str] | TextsFile,
) -> tuple[pd.DataFrame, float]:
    """The sentiment toward each entity in each sentence of a partition (names merged across the corpus),
    and the CPU seconds it took.  ``entities`` and ``sentences``: the rows, or their part files to read."""
    from analysis.stance.model import predict_many
    from analysis.stance.score import entity_sentiment
    from analysis.voices.ner import forget_types

    if multiprocessing.parent_process() is not None:
        # A worker scoring stance is past the per-article stage: the recogniser's table of the words it
        # saw there (tens of MB after a large corpus) is let go before this stage's own peak.  (A build
        # sharing the worker that still recognises words only weighs them again; a call under way, in
        # another thread of a Dask worker, keeps the table it began with.)
        forget_types()
    start = time.process_time()
    entities, sentences, texts = rows_of(entities), rows_of(sentences), texts_of(texts)

    def predict(sentence_texts: list[str], spans, sentence_of=None):
        return predict_many(sentence_texts, spans, engine=SERIAL, sentence_of=sentence_of)

    frame = entity_sentiment(entities, sentences, dict(zip(doc_ids, texts, strict=True)), predict)
    return frame, time.process_time() - start
