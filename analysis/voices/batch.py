"""The per-article half of "who says what, and how": entities, quotes and sentence tone, in batches.

Everything here depends on one article alone, so a large corpus is cut into batches that run on both
cores, and an article analysed before (same ``doc_id`` = same content) keeps its rows.  What depends on the
whole corpus — merging a lone surname across articles — is done afterwards, in :func:`link_names`.
"""

from __future__ import annotations

import bisect

import numpy as np
import pandas as pd
from joblib import Parallel, delayed

from analysis.config import ENGINE, EngineConfig
from analysis.text.sentences import sentence_texts
from analysis.voices.entities import (
    ENTITY_COLUMNS,
    ORG,
    PERSON,
    UNKNOWN,
    batch_article_mentions,
    corpus_names,
    entity_table,
    link_corpus,
    mention_rows,
)
from analysis.voices.quotes import QUOTE_COLUMNS, quote_rows, quote_table
from analysis.voices.tone import TONE_COLUMNS, sentence_tone

#: A sentence is quoted speech when at least this share of its characters is inside quotation marks.
QUOTED = 0.5


def _batch(
    doc_ids: list[str], texts: list[str], sentences: pd.DataFrame, tone: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray | None, np.ndarray]:
    """Entities, quotes, tone (``None`` unless ``tone``) and quoted share of a batch; ``sentences`` grouped
    by article in batch order."""
    starts = sentences["start"].to_numpy()
    ends = sentences["end"].to_numpy()
    paras = sentences["para_id"].to_numpy()
    rows_of = sentences.groupby("doc_id", sort=False).indices if len(sentences) else {}
    none = np.zeros(0, dtype=np.int64)
    entity_rows: list[tuple] = []
    quote_rows_: list[tuple] = []
    shares = []
    pieces: list[str] = []
    article_rows = [rows_of.get(doc_id, none) for doc_id in doc_ids]
    every = batch_article_mentions(texts, [starts[r] for r in article_rows], [ends[r] for r in article_rows])
    for doc_id, text, rows, mentions in zip(doc_ids, texts, article_rows, every, strict=True):
        doc_starts, doc_ends = starts[rows], ends[rows]
        if tone:
            pieces.extend(sentence_texts(text, doc_starts, doc_ends))
        people = [(start, end, name) for start, end, _, name, kind in mentions if kind == PERSON]
        organisations = [(start, end, name) for start, end, _, name, kind in mentions if kind == ORG]
        doc_paras = paras[rows]
        para_first = np.r_[True, doc_paras[1:] != doc_paras[:-1]] if len(rows) else np.zeros(0, bool)
        speakers: list[tuple[int, int, str, str, str]] = []
        found, share = quote_rows(doc_id, text, people, organisations, doc_starts, doc_ends, para_first, speakers)
        entity_rows.extend(mention_rows(doc_id, with_speakers(mentions, speakers), doc_starts))
        quote_rows_.extend(found)
        shares.append(share)
    scores = sentence_tone(pieces).to_numpy() if tone else None
    share = np.concatenate(shares) if shares else np.zeros(0, dtype=np.float32)
    return entity_table(entity_rows), quote_table(quote_rows_), scores, share


def with_speakers(mentions: list[tuple], speakers: list[tuple]) -> list[tuple]:
    """An article's mentions with the speakers the recogniser left out (:func:`~analysis.voices.quotes.
    find_quotes`'s ``found_mentions``), in text order; a speaker replaces a mention it overlaps (an
    untyped word kept for the corpus step, "Viguerie", is a person once it speaks)."""
    if not speakers:
        return mentions
    starts = [s for s, *_ in speakers]
    ends = [e for _, e, *_ in speakers]
    kept = []
    for mention in mentions:
        i = bisect.bisect_right(starts, mention[0]) - 1
        inside = i >= 0 and mention[0] < ends[i]
        after = i + 1 < len(starts) and starts[i + 1] < mention[1]
        if not (inside or after):
            kept.append(mention)
    return sorted(kept + speakers)


def analyse_voices(
    articles: pd.DataFrame, sentences: pd.DataFrame, engine: EngineConfig = ENGINE, tone: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``(sentences with tone columns and quoted, entities, quotes)`` of the given articles.

    The returned sentences are grouped by article in the order of ``articles``.  ``tone=False``: the
    sentences carry their tone columns already (:func:`analysis.partition.read_tone` scored them in the
    build's first pass), which travel with their rows.
    """
    doc_ids = articles["doc_id"].tolist()
    texts = articles["text"].tolist()
    rows_of = sentences.groupby("doc_id", sort=False).indices if len(sentences) else {}
    none = np.zeros(0, dtype=np.int64)
    jobs = []
    step = engine.batch_articles
    for i in range(0, len(doc_ids), step):
        ids = doc_ids[i : i + step]
        rows = np.concatenate([rows_of.get(d, none) for d in ids])
        jobs.append((ids, texts[i : i + step], sentences.iloc[rows], tone))
    if sum(map(len, texts)) > engine.parallel_chars and len(jobs) > 1:
        results = Parallel(n_jobs=engine.n_jobs)(delayed(_batch)(*job) for job in jobs)
    else:
        results = [_batch(*job) for job in jobs]
    mentions = [r[0] for r in results if len(r[0])]
    quotes = [r[1] for r in results if len(r[1])]
    share = np.concatenate([r[3] for r in results]) if results else np.zeros(0, dtype=np.float32)
    sentences = pd.concat([job[2] for job in jobs], ignore_index=True) if jobs else sentences.copy()
    if tone:
        scores = np.concatenate([r[2] for r in results]) if results else np.zeros((0, 4), dtype=np.float32)
        for k, column in enumerate(TONE_COLUMNS):
            sentences[column] = scores[:, k].astype(np.float32)
    sentences["quoted"] = share >= QUOTED
    entity_rows = pd.concat(mentions, ignore_index=True) if mentions else pd.DataFrame(columns=ENTITY_COLUMNS)
    quote_rows = pd.concat(quotes, ignore_index=True) if quotes else pd.DataFrame(columns=QUOTE_COLUMNS)
    return sentences, entity_rows, quote_rows


def link_names(entities: pd.DataFrame, quotes: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Merge lone surnames across the corpus, in the entities and in the quotes' speakers alike."""
    mapping = corpus_names(entities)
    return link_corpus(entities, mapping), link_speakers(quotes, entities, mapping)


def link_speakers(quotes: pd.DataFrame, entities: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    """The quotes with their speakers' lone names merged by ``mapping`` (:func:`corpus_names` of the
    corpus), given the mentions of the same articles (``entities``, as found) — so any set of whole
    articles can be linked on its own once the corpus's mapping is known."""
    # A speaker that is an organisation or a place of its article keeps its name, as its mentions do: the
    # mapping is for lone names of people ("House" the chamber is not Jonathan House).
    # Matched as index pairs, not a set of Python tuples: a corpus has hundreds of thousands of mentions.
    other = entities.loc[~entities["type"].isin([PERSON, UNKNOWN]), ["doc_id", "entity"]].drop_duplicates()
    speakers = quotes["speaker"]
    not_people = pd.MultiIndex.from_arrays([quotes["doc_id"], speakers]).isin(pd.MultiIndex.from_frame(other))
    mapped = speakers.map(mapping)
    linked = speakers.where(not_people | mapped.isna(), mapped)
    return quotes.assign(speaker=linked)
