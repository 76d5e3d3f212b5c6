"""Topic labels: relevance-ranked, furniture left out, one form of each word, never two topics alike."""

from __future__ import annotations

import numpy as np

from analysis.themes.labels import ranked_terms, unique_labels


def _rank(terms: list[str], p_topic: list[float]) -> list[str]:
    vocabulary = np.array(terms, dtype=object)
    p = np.array([p_topic], dtype=np.float64)
    background = np.full(len(terms), 1.0 / len(terms))
    top = ranked_terms(p, background, vocabulary, np.ones(len(terms)), frozenset({"the daily"}), 3, weight=1.0)[0]
    return [str(vocabulary[i]) for i in top]


def test_a_label_shows_one_form_of_a_word():
    chosen = _rank(["film", "award", "awards", "actor", "companies", "company"], [0.3, 0.25, 0.2, 0.1, 0.1, 0.05])
    assert chosen == ["film", "award", "actor"]
    assert _rank(["companies", "company", "shares", "share price"], [0.4, 0.3, 0.2, 0.1]) == [
        "share price",
        "companies",
        "shares",
    ]


def test_numbers_credits_and_sources_never_label_a_topic():
    chosen = _rank(["2019", "reuters", "the daily", "senate", "vote", "bill"], [0.3, 0.2, 0.2, 0.1, 0.1, 0.1])
    assert chosen == ["senate", "vote", "bill"]


def test_two_topics_never_share_a_label():
    vocabulary = np.array(["tax", "budget", "deficit", "spending"], dtype=object)
    same = [np.array([0, 1, 2, 3]), np.array([0, 1, 2, 3])]
    assert unique_labels(same, vocabulary, same) == ["tax · budget · deficit", "tax · budget · deficit · spending"]
