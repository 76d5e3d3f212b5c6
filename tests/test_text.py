"""Sentence splitting and tokenization on the cases news text is full of."""

from __future__ import annotations

import pytest

from analysis.text.sentences import paragraph_spans, sentence_frame, split_sentences
from analysis.text.tokens import BREAK, tokenize


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith went to Washington. He met Gen. Jones at 3 p.m. on Monday.",
            ["Mr. Smith went to Washington.", "He met Gen. Jones at 3 p.m. on Monday."],
        ),
        ("The U.S. Senate voted. The U.S. economy grew.", ["The U.S. Senate voted.", "The U.S. economy grew."]),
        ("Sanctions hit the U.S. The president said so.", ["Sanctions hit the U.S.", "The president said so."]),
        ("He was No. 2 in the race. John F. Kennedy won.", ["He was No. 2 in the race.", "John F. Kennedy won."]),
        (
            '"We will win," he said. "It is over." Then he left.',
            ['"We will win," he said.', '"It is over."', "Then he left."],
        ),
        (
            "“We support those choices,” said Pompeo, “we think well done.” Raab agreed.",
            ["“We support those choices,” said Pompeo, “we think well done.”", "Raab agreed."],
        ),
        ("Is it true? Yes! It is… really.", ["Is it true?", "Yes!", "It is… really."]),
        ("“Why now?” she asked. Nobody knew.", ["“Why now?” she asked.", "Nobody knew."]),
        ("The rate rose 2.5 percent. Markets fell.", ["The rate rose 2.5 percent.", "Markets fell."]),
        (
            "It’s not about words … we want every nation to work together.",
            ["It’s not about words … we want every nation to work together."],
        ),
        (
            "Shares in Acme Inc. rose. Acme Inc. Chief Executive Jo Li said so.",
            ["Shares in Acme Inc. rose.", "Acme Inc. Chief Executive Jo Li said so."],
        ),
    ],
)
def test_news_sentence_boundaries(text, expected):
    assert sentences(text) == expected


def test_one_sentence_no_sentence_and_only_quotes():
    assert sentences("Just one sentence without a full stop") == ["Just one sentence without a full stop"]
    assert sentences("") == [] and sentences("   \n\n ") == []
    assert sentences("“Go.” “Now.”") == ["“Go.”", "“Now.”"]


def test_sentences_never_cross_paragraphs_and_spans_index_the_text():
    text = "First para ends here\n\nSecond para. It has two."
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == ["First para ends here", "Second para.", "It has two."]
    assert paragraph_spans(text) == [(0, 20), (22, len(text))]


def test_sentence_frame_ids():
    frame = sentence_frame(["a", "b"], ["One. Two.\n\nThree.", "Solo"])
    assert frame[["doc_id", "sent_id", "para_id"]].values.tolist() == [
        ["a", 0, 0],
        ["a", 1, 0],
        ["a", 2, 1],
        ["b", 0, 0],
    ]
    texts = {"a": "One. Two.\n\nThree.", "b": "Solo"}
    assert [texts[d][a:b] for d, a, b in zip(frame["doc_id"], frame["start"], frame["end"], strict=True)] == [
        "One.",
        "Two.",
        "Three.",
        "Solo",
    ]
    assert frame["n_words"].tolist() == [1, 1, 1, 1]
    assert "text" not in frame, "the text is held once, in the articles"


def test_sentence_frame_on_empty_input():
    frame = sentence_frame([], [])
    assert len(frame) == 0 and list(frame.columns) == ["doc_id", "sent_id", "para_id", "start", "end", "n_words"]


def test_tokens_keep_news_forms():
    tokens = tokenize("The U.S. and COVID-19, 5G: we’ve seen Pompeo’s state-owned Hong Kong firms in 2020.")
    assert tokens == [
        "the",
        "u.s.",
        "and",
        "covid-19",
        BREAK,
        "5g",
        BREAK,
        "we've",
        "seen",
        "pompeo",
        "state-owned",
        "hong",
        "kong",
        "firms",
        "in",
        BREAK,
    ], "bare numbers are not terms"


def test_non_english_text_does_not_break():
    text = "Der Bundestag hat am Dienstag abgestimmt. Die Regierung begrüßte das Ergebnis."
    assert len(sentences(text)) == 2
    assert "begrüßte" in tokenize(text)
