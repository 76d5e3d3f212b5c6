"""``analyze(articles) -> Analysis``: run every stage once, report progress, return tidy frames.

A stage is a function ``(state) -> None`` that reads what earlier stages put in ``state`` and adds its
own frames.  The next stages (tone, entities, quotes) plug in by adding to :data:`STAGES`; the store,
the command line and the dashboard need no change.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from analysis.config import AnalysisConfig
from analysis.keys import code_version, library_versions
from analysis.result import Analysis
from analysis.text.sentences import sentence_frame
from analysis.text.terms import TermMatrix, build_term_matrix, term_count_frames
from analysis.themes.keyness import corpus_keywords
from analysis.themes.keywords import article_keywords
from analysis.themes.topics import fit_topics, term_min_df
from analysis.voices.batch import analyse_voices, link_names
from analysis.voices.tone import article_tone

Progress = Callable[[str, int, int], None]


@dataclass
class _State:
    articles: pd.DataFrame
    config: AnalysisConfig
    previous: Analysis | None
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    term_matrix: TermMatrix | None = None
    notes: dict[str, object] = field(default_factory=dict)

    def reusable(self) -> pd.Index:
        """Articles whose per-article tables the ``previous`` analysis holds: the same id *and* the same
        text (the id folds case and white space, which the entity rules read)."""
        if self.previous is None or "articles" not in self.previous.frames:
            return pd.Index([])
        old = self.previous.frames["articles"][["doc_id", "text"]]
        both = self.articles[["doc_id", "text"]].merge(old, on="doc_id", suffixes=("", "_old"))
        return pd.Index(both.loc[both["text"] == both["text_old"], "doc_id"])


def _sentences(state: _State) -> None:
    articles = state.articles
    reuse = pd.DataFrame()
    todo = articles
    known = state.reusable()
    if len(known):
        old = state.previous.frames["sentences"]
        reuse = old[old["doc_id"].isin(known)]
        todo = articles[~articles["doc_id"].isin(known)]
        state.notes["sentences_reused_for_articles"] = len(known)
    fresh = sentence_frame(todo["doc_id"].tolist(), todo["text"].tolist())
    state.frames["sentences"] = pd.concat([reuse, fresh], ignore_index=True) if len(reuse) else fresh


def _voices(state: _State) -> None:
    """Entities, quotes and sentence tone; articles analysed before keep their rows."""
    sentences = state.frames["sentences"]
    previous = state.previous.frames if state.previous is not None else {}
    known = pd.Index([])
    parts: list[tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]] = []
    if {"entities", "quotes"} <= previous.keys() and "compound" in previous.get("sentences", pd.DataFrame()):
        old = previous["sentences"]
        known = state.reusable()
        parts.append(
            (old[old["doc_id"].isin(known)], _rows_of(previous["entities"], known), _rows_of(previous["quotes"], known))
        )
    todo = state.articles[~state.articles["doc_id"].isin(known)]
    parts.append(analyse_voices(todo, sentences[sentences["doc_id"].isin(todo["doc_id"])]))
    frames = [pd.concat([p[k] for p in parts if len(p[k])] or [parts[-1][k]], ignore_index=True) for k in range(3)]
    sentences = frames[0]
    entities, quotes = link_names(frames[1], frames[2])
    state.frames.update(sentences=sentences, entities=entities, quotes=quotes)
    state.articles = state.articles.merge(article_tone(sentences), on="doc_id", how="left")


def _rows_of(frame: pd.DataFrame, doc_ids: pd.Index) -> pd.DataFrame:
    return frame[frame["doc_id"].isin(doc_ids)]


def _entity_sentiment(state: _State) -> None:
    from analysis.stance.model import predict_many
    from analysis.stance.score import entity_sentiment

    articles = state.articles
    frame = entity_sentiment(
        state.frames["entities"],
        state.frames["sentences"],
        dict(zip(articles["doc_id"], articles["text"], strict=True)),
        predict_many,
    )
    state.frames["entity_sentiment"] = frame
    entities = state.frames["entities"]
    state.notes["entity_sentiment"] = {
        "targets_scored": len(frame),
        "entity_sentences": len(entities.drop_duplicates(["doc_id", "sent_id", "entity"])),
        "entities_scored": int(frame["entity"].nunique()),
        "entities": int(entities["entity"].nunique()),
    }


def _terms(state: _State) -> None:
    texts = state.articles["text"].tolist()
    state.term_matrix = build_term_matrix(texts, min_df=1 if len(texts) < 10 else term_min_df(len(texts)))


def _keywords(state: _State) -> None:
    tm = state.term_matrix
    assert tm is not None
    state.frames["keywords"] = article_keywords(tm, state.articles["doc_id"].tolist(), state.config.top_keywords)
    state.frames["corpus_keywords"] = corpus_keywords(tm)
    # Kept so the dashboard can rank keywords for any filtered slice and contrast two slices without
    # tokenizing the texts again (see analysis.slices).
    state.frames.update(term_count_frames(tm))


def _topics(state: _State) -> None:
    model = fit_topics(
        state.articles["doc_id"].tolist(),
        state.articles["text"].tolist(),
        state.config.topics,
        term_matrix=state.term_matrix,
    )
    state.frames.update(
        topics=model.topics, topic_terms=model.topic_terms, doc_topics=model.doc_topics, passages=model.passages
    )
    state.notes["topics"] = model.quality


STAGES: list[tuple[str, Callable[[_State], None]]] = [
    ("sentences", _sentences),
    ("entities, quotes, tone", _voices),
    ("entity sentiment", _entity_sentiment),
    ("terms", _terms),
    ("keywords", _keywords),
    ("topics", _topics),
]


def analyze(
    articles: pd.DataFrame,
    config: AnalysisConfig | None = None,
    progress: Progress | None = None,
    previous: Analysis | None = None,
) -> Analysis:
    """Analyse an ``articles`` frame (as :func:`analysis.corpus.load_corpus` makes it).

    ``progress(stage, done, total)`` is called before each stage and once at the end; ``previous`` is
    an earlier analysis whose per-article work may be reused (topics are always refitted).
    """
    config = config or AnalysisConfig()
    state = _State(articles=articles.reset_index(drop=True), config=config, previous=previous)
    timings: dict[str, float] = {}
    for done, (name, stage) in enumerate(STAGES):
        if progress:
            progress(name, done, len(STAGES))
        start = time.perf_counter()
        stage(state)
        timings[name] = round(time.perf_counter() - start, 3)
    if progress:
        progress("done", len(STAGES), len(STAGES))
    frames = {"articles": state.articles, **state.frames}
    meta = {
        "analysis_version": code_version(),
        "settings": config.to_dict(),
        "timings_s": timings,
        "n_articles": len(articles),
        "library_versions": library_versions(),
        "frames": list(frames),
        **state.notes,
    }
    return Analysis(frames=frames, meta=meta)
