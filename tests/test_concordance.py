"""Keyword in context and a term's share of articles over time."""

from __future__ import annotations

import pandas as pd

from analysis.explore.concordance import concordance, term_pattern, term_trend
from analysis.text.sentences import sentence_frame


def sentences_of(texts: dict[str, str]) -> pd.DataFrame:
    return sentence_frame(list(texts), list(texts.values()))


def test_whole_words_any_case_and_dotted_abbreviations():
    sentences = sentences_of({"a": "The UK acted. Ukraine did not. The U.S. and the US agreed. uk sources said so."})
    assert concordance(sentences, "UK")["match"].tolist() == ["UK", "uk"]
    assert concordance(sentences, "u.s.")["match"].tolist() == ["U.S.", "US"]
    assert term_pattern("   ") is None and concordance(sentences, "").empty


def test_phrases_and_context_width():
    text = "Officials in " + "very " * 30 + "distant Hong  Kong said the bridge would close " + "soon " * 30 + "."
    hit = concordance(sentences_of({"a": text}), "hong kong", width=20).iloc[0]
    assert hit["match"] == "Hong  Kong"
    assert hit["left"].startswith("…") and len(hit["left"]) == 21
    assert hit["right"].endswith("…") and hit["right"].startswith(" said the bridge")


def test_regex_characters_in_a_term_are_literal():
    sentences = sentences_of({"a": "Prices rose (a lot) in 2020.", "b": "Growth (5%) slowed."})
    assert concordance(sentences, "(5%)")["match"].tolist() == ["(5%)"]  # literal, not a pattern
    assert concordance(sentences, "a lot")["doc_id"].tolist() == ["a"]
    assert concordance(sentences, ".*").empty


def test_trend_is_a_share_of_each_month():
    articles = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d"],
            "published": pd.to_datetime(["2020-01-05", "2020-01-20", "2020-02-03", None]),
        }
    )
    sentences = sentences_of({"a": "Huawei won.", "b": "Nothing here.", "c": "Huawei lost.", "d": "Huawei again."})
    trend = term_trend(sentences, articles, "huawei")
    assert trend["period"].dt.strftime("%Y-%m").tolist() == ["2020-01", "2020-02"]
    assert trend["share"].tolist() == [0.5, 1.0]
    assert trend["articles"].tolist() == [2, 1]
