"""Term matrix, keywords, topics, the pipeline and its store."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from analysis.config import AnalysisConfig, TopicConfig
from analysis.ingest.corpus import load_corpus
from analysis.pipeline import analyze
from analysis.result import FRAMES, Analysis
from analysis.store import cached_analyze, store_key
from analysis.text.terms import build_term_matrix
from analysis.themes.keyness import distinctive_terms, log_odds_dirichlet
from analysis.themes.topics import fit_topics, passages_of
from tests.conftest import BBC, ROOT, SEEDS, need


@pytest.fixture(scope="module")
def seed_analysis() -> Analysis:
    return analyze(load_corpus(SEEDS).articles)


def articles_frame(texts: list[str], sources: list[str] | None = None) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(texts))],
            "title": [f"T{i}" for i in range(len(texts))],
            "source": sources or ["S"] * len(texts),
            "text": texts,
        }
    )


# ---------------------------------------------------------------------------------------------- terms


def test_phrases_kept_whole_and_stop_words_dropped():
    texts = [
        "Hong Kong protesters marched in Hong Kong. The Secretary of State said Hong Kong matters.",
        "The Secretary of State visited Hong Kong and said it would act.",
    ]
    tm = build_term_matrix(texts, min_df=1)
    terms = set(tm.terms)
    assert "hong kong" in terms and "secretary of state" in terms
    assert "hong" not in terms and "kong" not in terms, "words used only inside a phrase fold into it"
    assert not terms & {"said", "would", "the", "of"}
    counts = dict(zip(tm.terms, np.asarray(tm.counts.sum(axis=0)).ravel(), strict=True))
    assert counts["hong kong"] == 4


def test_phrases_do_not_cross_clause_breaks():
    tm = build_term_matrix(["Prices rose. Markets fell sharply.", "Prices rose. Markets fell again."], min_df=1)
    assert "rose markets" not in set(tm.terms)
    assert "prices rose" in set(tm.terms)


# ------------------------------------------------------------------------------------------- keywords


def test_seed_keywords_are_about_the_story(seed_analysis):
    keywords = seed_analysis.keywords["term"].tolist()
    assert {"pompeo", "china", "raab", "uk", "hong kong", "sanctions"} <= set(keywords)
    assert not set(keywords) & {"said", "think", "would", "mr"}


def test_log_odds_points_to_the_slice_that_uses_a_term_more():
    z = log_odds_dirichlet(np.array([50, 5, 20]), np.array([5, 50, 20]))
    assert z[0] > 2 and z[1] < -2 and abs(z[2]) < 1


def test_distinctive_terms_between_slices():
    texts = ["football match goal striker"] * 5 + ["election vote ballot minister"] * 5
    tm = build_term_matrix(texts, min_df=1)
    result = distinctive_terms(tm, np.array([True] * 5 + [False] * 5))
    top_positive = result[result["z"] > 0]["term"].tolist()
    top_negative = result[result["z"] < 0]["term"].tolist()
    assert set(top_positive[:4]) <= {
        "football",
        "match",
        "goal",
        "striker",
        "football match",
        "match goal",
        "goal striker",
        "football match goal",
        "match goal striker",
    }
    assert "election" in " ".join(top_negative)


# --------------------------------------------------------------------------------------------- topics


def test_seed_topics_use_passages(seed_analysis):
    quality = seed_analysis.meta["topics"]
    assert quality["unit"] == "passage" and 2 <= quality["k"] <= 6
    topics = seed_analysis.topics
    assert len(topics) == quality["k"]
    assert topics["prevalence"].sum() == pytest.approx(1.0, abs=0.01)
    assert topics["label"].str.len().gt(0).all()
    assert set(seed_analysis.doc_topics["unit_id"]) <= set(seed_analysis.passages["passage_id"])
    words = " ".join(topics["label"])
    assert "pompeo" in words and "raab" in words


def test_passages_group_paragraphs():
    text = "\n\n".join(f"Paragraph {i} " + "word " * 25 for i in range(6))
    passages = passages_of(["a"], [text], min_words=60)
    assert passages["para_start"].tolist() == [0, 3] and passages["para_end"].tolist() == [2, 5]
    assert passages["text"].iloc[0] == text[passages["start"].iloc[0] : passages["end"].iloc[0]]


def test_topics_are_deterministic_and_separate_clear_themes():
    rng = np.random.default_rng(1)
    sport = "football match goal striker league season coach stadium fans referee".split()
    politics = "election vote ballot minister parliament campaign party policy budget senate".split()
    texts = [" ".join(rng.choice(sport if i % 2 else politics, size=40)) for i in range(60)]
    first = fit_topics([f"d{i}" for i in range(60)], texts, TopicConfig(n_topics=2))
    second = fit_topics([f"d{i}" for i in range(60)], texts, TopicConfig(n_topics=2))
    pd.testing.assert_frame_equal(first.topics, second.topics)
    dominant = first.doc_topics.sort_values("weight").drop_duplicates("doc_id", keep="last")
    by_doc = dict(zip(dominant["doc_id"], dominant["topic_id"], strict=True))
    assert len({by_doc[f"d{i}"] for i in range(0, 60, 2)}) == 1
    assert {by_doc["d0"], by_doc["d1"]} == {0, 1}


def test_odd_inputs_do_not_crash():
    odd = [
        "One sentence only.",
        "",
        "“Only a quote.”",
        "Ceci n'est pas un article en anglais. Pas du tout.",
        "word " * 100_000,
    ]
    result = analyze(articles_frame(odd))
    assert set(result.frames) == set(FRAMES)
    assert result.sentences[result.sentences["doc_id"] == "d1"].empty
    assert len(result.sentences[result.sentences["doc_id"] == "d4"]) == 1


def test_no_articles_at_all():
    result = analyze(load_corpus([]).articles)
    assert all(len(result.frames[name]) == 0 for name in FRAMES)


# ---------------------------------------------------------------------------------------- store / CLI


def test_store_reuses_and_recovers_from_corruption(tmp_path):
    articles = load_corpus(SEEDS).articles
    stages: list[str] = []
    first = cached_analyze(articles, cache_dir=tmp_path, progress=lambda s, d, n: stages.append(s))
    assert first.meta["store"]["reused"] is False and stages
    stages.clear()
    second = cached_analyze(articles, cache_dir=tmp_path, progress=lambda s, d, n: stages.append(s))
    assert second.meta["store"]["reused"] is True and not stages
    pd.testing.assert_frame_equal(first.keywords, second.keywords)
    key = store_key(articles, AnalysisConfig())
    (tmp_path / key / "topics.parquet").write_bytes(b"not parquet")
    third = cached_analyze(articles, cache_dir=tmp_path)
    assert third.meta["store"]["reused"] is False
    pd.testing.assert_frame_equal(first.topics, third.topics)


def test_frames_hold_each_text_column_in_one_chunk(tmp_path):
    """A filter of a column in several Arrow chunks first copies the whole column; frames come in one."""
    first = pd.DataFrame({"doc_id": ["a", "b"], "text": ["One.", "Two."], "n": [1, 2]})
    second = pd.DataFrame({"doc_id": ["c"], "text": ["Three."], "n": [3]})
    split = pd.concat([first, second], ignore_index=True)

    def chunks(frame: pd.DataFrame, column: str) -> int:
        return frame[column].array.__arrow_array__().num_chunks

    assert chunks(split, "text") == 2, "the case being guarded against"
    held = Analysis(frames={"sentences": split}, meta={"frames": ["sentences"]})
    assert chunks(held.sentences, "text") == chunks(held.sentences, "doc_id") == 1
    pd.testing.assert_frame_equal(held.sentences, split)  # same values, dtypes and index
    reopened = Analysis.load(held.save(tmp_path / "store"))
    assert chunks(reopened.sentences, "text") == 1
    pd.testing.assert_frame_equal(reopened.sentences, split)


def test_adding_articles_reuses_per_article_work(tmp_path):
    seed = load_corpus(SEEDS).articles
    cached_analyze(seed, cache_dir=tmp_path)
    more = load_corpus([("extra.txt", b"Extra story\n\nThe council met on Monday. It approved the budget.")])
    both = pd.concat([seed, more.articles], ignore_index=True)
    result = cached_analyze(both, cache_dir=tmp_path)
    assert result.meta["sentences_reused_for_articles"] == 1
    assert set(result.sentences["doc_id"]) == set(both["doc_id"])


def test_cli_build_writes_every_frame(tmp_path):
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "build", str(SEEDS), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    for name in FRAMES:
        assert (out / f"{name}.parquet").exists(), name
    assert (out / "report.json").exists() and "100% done" in done.stderr
    assert Analysis.load(out).articles["title"].iloc[0].startswith("Pompeo calls")


@pytest.mark.slow
def test_bbc_topics_agree_with_categories():
    need(BBC)
    from benchmarks.evaluation.topics import bbc_topic_agreement

    result = bbc_topic_agreement()
    assert result is not None
    assert result["theme_nmi"] >= 0.80, result


def test_choosing_k_on_a_narrower_vocabulary_is_an_option():
    rng = np.random.default_rng(2)
    themes = [
        "football match goal striker league",
        "election vote ballot minister senate",
        "market shares profit bank economy",
    ]
    texts = [" ".join(rng.choice(themes[i % 3].split(), size=30)) for i in range(90)]
    full = fit_topics([f"d{i}" for i in range(90)], texts, TopicConfig(method="nmf", candidates=(2, 3, 4)))
    assert full.quality["k"] == 3, "on every term, the three themes are found"
    for terms in full.topics["terms"]:
        assert len({j for t in terms[:3] for j in range(3) if t in themes[j].split()}) == 1, "one theme per topic"
    model = fit_topics(
        [f"d{i}" for i in range(90)], texts, TopicConfig(method="nmf", selection_terms=5, candidates=(2, 3, 4))
    )
    scores = {int(k): s["stability"] for k, s in model.quality["candidates"].items()}
    assert sorted(scores) == [2, 3, 4], "every candidate was scored on the narrow vocabulary"
    best = max(scores.values())
    assert model.quality["k"] == min(k for k, s in scores.items() if s >= best - 0.01), "the most stable k, ties small"
    assert len(model.topics) == model.quality["k"] and model.quality["n_terms"] == full.quality["n_terms"], (
        "the final model is fitted on every term"
    )


def test_keywords_and_vocabulary_do_not_depend_on_the_order_of_the_articles():
    """The store key ignores the order of the articles, so nothing stored may depend on it (ties included)."""
    texts = [
        "Harbour reopens as storm passes and ferries return to the harbour at dawn.",
        "Council approves harbour repairs and ferries timetable for the summer season.",
        "Storm damage closes the coastal road and the council promises repairs soon.",
        "Ferries return, the harbour reopens and the council counts the storm damage.",
    ] * 6
    forward = build_term_matrix(texts, min_df=2)
    backward = build_term_matrix(texts[::-1], min_df=2)
    assert list(forward.terms) == list(backward.terms) == sorted(forward.terms)
    frame = articles_frame(texts)
    one = analyze(frame).keywords
    other = analyze(frame.iloc[::-1].reset_index(drop=True)).keywords
    key = ["doc_id", "rank", "term"]
    assert len(one) and one[key].sort_values(key).values.tolist() == other[key].sort_values(key).values.tolist()
