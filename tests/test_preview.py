"""The build's two passes: what ``analyze(ready=…)`` hands over after the first pass and the corpus fits is
final where it says so (the articles' tone, keywords, topics, term counts) and empty where the second pass
has still to run — and splitting the work in two changed no table."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from analysis.config import ENGINE
from analysis.engine import InProcess
from analysis.ingest.corpus import load_corpus
from analysis.partition import read_tone, read_voices
from analysis.pipeline import PENDING, analyze
from analysis.result import Analysis
from analysis.text.sentences import sentence_frame
from analysis.voices.batch import analyse_voices
from tests.conftest import BBC, need

#: Four partitions of 25 articles.
ENGINE_4 = replace(ENGINE, partition_articles=25)
FINAL = ("keywords", "corpus_keywords", "topics", "topic_terms", "doc_topics", "themes", "term_counts", "vocabulary")


@pytest.fixture(scope="module")
def bbc_articles() -> pd.DataFrame:
    return load_corpus(need(BBC)).articles.iloc[:100].reset_index(drop=True)


def _built(articles: pd.DataFrame, **kwargs) -> tuple[Analysis, list[Analysis], list[list[str]]]:
    previews: list[Analysis] = []
    stages: list[str] = []
    seen_at_ready: list[list[str]] = []

    def ready(preview: Analysis) -> None:
        previews.append(preview)
        seen_at_ready.append(list(stages))

    result = analyze(
        articles, engine=ENGINE_4, runner=InProcess(), progress=lambda s, d, t: stages.append(s), ready=ready, **kwargs
    )
    return result, previews, seen_at_ready


@pytest.mark.parametrize("written", [False, True], ids=["held", "written-as-it-goes"])
def test_the_preview_holds_the_final_tone_keywords_and_topics_and_nothing_yet_of_the_rest(
    bbc_articles, tmp_path, written
):
    result, previews, seen = _built(bbc_articles, **({"out": tmp_path / "out"} if written else {}))
    if written:
        result.save(tmp_path / "out")
        result = Analysis.load(tmp_path / "out")
    assert len(previews) == 1, "ready is called once"
    preview = previews[0]
    assert preview.meta["preview"] is True and "preview" not in result.meta
    assert "entities, quotes" not in seen[0] and "topics" in seen[0], "after the fits, before the second pass"
    for name in FINAL:
        pd.testing.assert_frame_equal(preview.frames[name].reset_index(drop=True), result.frames[name])
    for column in ("doc_id", "title", "tone", "share_negative", "share_positive"):
        pd.testing.assert_series_equal(preview.articles[column], result.articles[column])
    assert result.articles["tone_reporter"].notna().any()
    assert "tone_reporter" not in preview.articles, "the reporter's tone needs the quotes: not guessed"
    for name in PENDING:
        assert preview.frames[name].empty
        assert set(result.frames[name].columns) <= set(preview.frames[name].columns) | {"speaker_in_article"}
    assert len(result.entities) and len(result.quotes) and len(result.entity_sentiment)


def test_two_passes_make_the_tables_one_pass_made(bbc_articles):
    """The second pass takes the first's sentence tone: the sentences, entities and quotes are those of
    the one pass that a store's growth (analysis.append) still makes."""
    ids, texts = bbc_articles["doc_id"].tolist()[:30], bbc_articles["text"].tolist()[:30]
    one = read_voices(ids, texts)
    opening = read_tone(ids, texts)
    tone = opening.sentences[["compound", "pos", "neu", "neg"]].to_numpy(np.float32)
    two = read_voices(ids, texts, tone=tone)
    pd.testing.assert_frame_equal(one.sentences, two.sentences)
    pd.testing.assert_frame_equal(one.entities, two.entities)
    pd.testing.assert_frame_equal(one.quotes, two.quotes)
    assert two.tokens is None and np.array_equal(one.tokens.codes, opening.tokens.codes)


def test_tone_from_another_split_is_refused(bbc_articles):
    ids, texts = bbc_articles["doc_id"].tolist()[:3], bbc_articles["text"].tolist()[:3]
    with pytest.raises(ValueError, match="not the first pass's split"):
        read_voices(ids, texts, tone=np.zeros((2, 4), np.float32))


def test_voices_without_tone_keep_the_tone_columns_given(bbc_articles):
    articles = bbc_articles.iloc[:5][["doc_id", "text"]]
    sentences = sentence_frame(articles["doc_id"].tolist(), articles["text"].tolist())
    given = np.linspace(-1, 1, len(sentences), dtype=np.float32)
    sentences = sentences.assign(compound=given, pos=given, neu=given, neg=given)
    out, _, _ = analyse_voices(articles, sentences, tone=False)
    merged = out.merge(sentences[["doc_id", "sent_id", "compound"]], on=["doc_id", "sent_id"], suffixes=("", "_in"))
    assert len(merged) == len(sentences) and (merged["compound"] == merged["compound_in"]).all()
