"""The reader's article HTML: escaped text, tone shading, quotes with speakers, keywords in bold."""

from __future__ import annotations

import re

import pandas as pd

from ui.article_html import article_html, tone_colour

TEXT = (
    "<script>alert(1)</script> Dr Jane Smith <img src=x onerror=alert(2)> was praised.\n\n"
    '“It works,” said Smith. <a href="javascript:alert(3)">link</a>'
)


def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    first_end = TEXT.index("praised.") + len("praised.")
    second = TEXT.index("“")
    sentences = pd.DataFrame(
        {"para_id": [0, 1], "start": [0, second], "end": [first_end, len(TEXT)], "compound": [0.6, -0.4]}
    )
    inside = (second + 1, TEXT.index("”"))
    quotes = pd.DataFrame(
        {"start": [inside[0]], "end": [inside[1]], "kind": ["direct"], "speaker": ["Jane <b>Smith</b>"],
         "segments": [f"{inside[0]}:{inside[1]}"]}
    )  # fmt: skip
    return sentences, quotes


def test_article_markup_cannot_become_elements() -> None:
    sentences, quotes = frames()
    out = article_html(TEXT, sentences, quotes, ["smith"])
    assert "<script" not in out and "<img" not in out and "<a " not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;img src=x onerror=alert(2)&gt;" in out
    assert "javascript:alert(3)" in out and 'href="javascript' not in out
    # A speaker name is escaped too.
    assert "Jane &lt;b&gt;Smith&lt;/b&gt;" in out


def test_tone_quotes_and_keywords_are_marked() -> None:
    sentences, quotes = frames()
    out = article_html(TEXT, sentences, quotes, ["smith"])
    assert out.count("<p>") == 2
    assert "rgba(33,102,172" in out and "rgba(178,24,43" in out  # a positive and a negative sentence
    assert out.count("<b>Smith</b>") == 2
    assert re.search(r'border-bottom:2px solid #e08214;"[^>]*>It works,</span>', out)
    assert not re.search(r'#e08214;"[^>]*>“', out), "the quotation marks themselves are not underlined"
    assert "— Jane &lt;b&gt;Smith&lt;/b&gt;" in out
    assert tone_colour(0.0) == "transparent"


def test_a_split_quote_underlines_its_two_halves_from_the_stored_segments() -> None:
    text = "“We will win,” said Smith, “and soon.”"
    first, second = (1, text.index("”")), (text.index("“and") + 1, len(text) - 1)
    sentences = pd.DataFrame({"para_id": [0], "start": [0], "end": [len(text)], "compound": [0.5]})
    quotes = pd.DataFrame(
        {"start": [first[0]], "end": [second[1]], "kind": ["direct"], "speaker": ["Jo Smith"],
         "segments": [f"{first[0]}:{first[1]};{second[0]}:{second[1]}"]}
    )  # fmt: skip
    out = article_html(text, sentences, quotes, [])
    underlined = re.findall(r'#e08214;"[^>]*>([^<]*)</span>', out)
    assert underlined == ["We will win,", "and soon."], underlined
    assert "— Jo Smith" in out
