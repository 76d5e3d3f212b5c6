"""Keyword in context and a term's share of articles over time."""

from __future__ import annotations

import pandas as pd

from analysis.explore.concordance import concordance, matching_sentences, term_pattern, term_trend
from analysis.text.sentences import sentence_frame


class Texts:
    """A few articles with their sentences; ``.hits(term)`` is what the search finds in them."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.articles = pd.DataFrame({"doc_id": list(texts), "text": list(texts.values())})
        self.sentences = sentence_frame(list(texts), list(texts.values()))

    def hits(self, term: str) -> pd.DataFrame:
        return matching_sentences(self.articles, self.sentences, term)


def kwic(texts: dict[str, str], term: str, **options) -> pd.DataFrame:
    return concordance(Texts(texts).hits(term), term, **options)


def test_whole_words_any_case_and_dotted_abbreviations():
    texts = {"a": "The UK acted. Ukraine did not. The U.S. and the US agreed. uk sources said so."}
    assert kwic(texts, "UK")["match"].tolist() == ["UK", "uk"]
    assert kwic(texts, "u.s.")["match"].tolist() == ["U.S.", "US"]
    assert kwic(texts, "u.s.")["sent_id"].tolist() == [2, 2], "each match in the sentence that holds it"
    assert term_pattern("   ") is None and kwic(texts, "").empty


def test_phrases_and_context_width():
    text = "Officials in " + "very " * 30 + "distant Hong  Kong said the bridge would close " + "soon " * 30 + "."
    hit = kwic({"a": text}, "hong kong", width=20).iloc[0]
    assert hit["match"] == "Hong  Kong"
    assert hit["left"].startswith("…") and len(hit["left"]) == 21
    assert hit["right"].endswith("…") and hit["right"].startswith(" said the bridge")


def test_regex_characters_in_a_term_are_literal():
    texts = {"a": "Prices rose (a lot) in 2020.", "b": "Growth (5%) slowed."}
    assert kwic(texts, "(5%)")["match"].tolist() == ["(5%)"]  # literal, not a pattern
    assert kwic(texts, "a lot")["doc_id"].tolist() == ["a"]
    assert kwic(texts, ".*").empty


def test_a_phrase_across_two_sentences_is_not_a_match():
    texts = Texts({"a": "He flew to Hong. Kong was next. Then Hong Kong itself."})
    assert texts.hits("hong kong")["sent_id"].tolist() == [2]


def test_trend_is_a_share_of_each_month():
    articles = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d"],
            "published": pd.to_datetime(["2020-01-05", "2020-01-20", "2020-02-03", None]),
        }
    )
    texts = Texts({"a": "Huawei won.", "b": "Nothing here.", "c": "Huawei lost.", "d": "Huawei again."})
    trend = term_trend(texts.hits("huawei"), articles, "huawei")
    assert trend["period"].dt.strftime("%Y-%m").tolist() == ["2020-01", "2020-02"]
    assert trend["share"].tolist() == [0.5, 1.0]
    assert trend["articles"].tolist() == [2, 1]
