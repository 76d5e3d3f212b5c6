"""The review's defects of the attribution and speaker code (issue 16), each pinned by a test."""

from __future__ import annotations

import itertools
import sys

import numpy as np
import pandas as pd

from analysis.text.sentences import sentence_frame
from analysis.voices.batch import analyse_voices
from analysis.voices.entities import ORG, PERSON
from analysis.voices.quotes import Quote, find_quotes, quote_segments
from tests.test_attribution import found_quotes


def assert_segments_inside(quotes: list[Quote]) -> None:
    """A quote's spans inside quotation marks never overlap and lie inside its ``[start, end]``."""
    for q in quotes:
        for spans in (q.segments, q.marks):
            assert spans == sorted(spans)
            assert all(q.start <= a < b <= q.end for a, b in spans), (q, spans)
            assert all(b <= c for (_, b), (c, _) in itertools.pairwise(spans)), (q, spans)


# ------------------------------------------------------------------- 1. mismatched quotation marks


def test_a_straight_quote_closed_by_a_curly_one_gives_no_overlapping_segments() -> None:
    text = 'Jane Smith spoke. "We will win the vote in the Senate,” she said. “It is over for them,” she added.'
    segments = quote_segments(text)
    assert [text[a:b] for a, b in segments] == ["We will win the vote in the Senate,", "It is over for them,"]
    quotes = found_quotes(text)
    assert_segments_inside(quotes)
    # One quote split around its attribution, each part once.
    assert [q.text(text) for q in quotes] == ["We will win the vote in the Senate, … It is over for them,"]


def test_a_curly_quote_closed_by_a_straight_one_ends_there() -> None:
    text = 'Jane Smith spoke. “We will win the vote in the Senate," she said. “It is over for them,” she added.'
    assert [text[a:b] for a, b in quote_segments(text)] == [
        "We will win the vote in the Senate,",
        "It is over for them,",
    ]
    # A straight quote nested inside a curly one, or a curly one inside a straight one, stays inside it.
    nested = 'Jane Smith said: “He told me "never again" and left.” Then she went home.'
    assert [nested[a:b] for a, b in quote_segments(nested)] == ['He told me "never again" and left.']
    nested = 'Jane Smith said: "He told me “never again” and left." Then she went home.'
    assert [nested[a:b] for a, b in quote_segments(nested)] == ["He told me “never again” and left."]


def test_no_quote_stores_its_text_twice() -> None:
    text = (
        'Mary Jones spoke. "The plan is dead,” said Jones, “and nobody will revive it," she added, '
        '"not this year." Then she left.'
    )
    quotes = found_quotes(text)
    assert_segments_inside(quotes)
    for q in quotes:
        words = q.text(text).split()
        assert len(words) == len(set(words)) or q.kind != "direct", q.text(text)


# --------------------------------------------------------------------------- 2. mixed quotes' spans


def test_a_mixed_quote_keeps_the_closing_comma_of_its_quoted_words() -> None:
    text = (
        "The site had lost its ads. Google later pushed back, claiming that The Federalist "
        '"was never demonetized," and adding, "We worked with them to address the comments."'
    )
    quotes = found_quotes(text)
    assert_segments_inside(quotes)
    mixed = [q for q in quotes if q.kind == "mixed"]
    assert len(mixed) == 1
    assert mixed[0].text(text).endswith('"was never demonetized,"')


def test_quoted_words_cut_by_the_content_are_clipped_to_it() -> None:
    text = (
        "The rally went on. The crowd was large, and chants of “USA, USA” broke out, Mr Trump said at the "
        "event in Ohio."
    )
    assert_segments_inside(found_quotes(text))


# ------------------------------------------------------------------------------ 3. "that" after a cue


def test_only_a_that_directly_after_the_cue_opens_the_content() -> None:
    text = "Jane Smith spoke. Smith said the report that the agency released was flawed from the start."
    indirect = [q for q in found_quotes(text) if q.kind == "indirect"]
    assert [q.text(text) for q in indirect] == ["the report that the agency released was flawed from the start"]
    for between in ("Tuesday", "on Tuesday", "in a statement", "last week", "publicly"):
        text = f"Jane Smith spoke. Smith said {between} that the agency had failed the town."
        indirect = [q for q in found_quotes(text) if q.kind == "indirect"]
        assert [q.text(text) for q in indirect] == ["that the agency had failed the town"], between
    text = "Jane Smith spoke. Smith told reporters on Tuesday that the agency had failed the town."
    assert [q.text(text) for q in found_quotes(text)] == ["that the agency had failed the town"]


# ------------------------------------------------------------------------------------ 4. "they"


def test_they_never_resolves_to_one_person() -> None:
    text = "John Smith met the lawyers on Monday. They said the deal would close within a month."
    quotes = found_quotes(text)
    assert [q.speaker for q in quotes if q.kind == "indirect"] in ([], [""])
    text = "John Smith met the board of Goldman Sachs on Monday. They said the deal would close within a month."
    speakers = [q.speaker for q in found_quotes(text)]
    assert "John Smith" not in speakers
    assert speakers == ["Goldman Sachs"]


# ------------------------------------------------------------------------ 5. long articles are linear


def _long_article(n: int) -> tuple[str, list, list]:
    """A synthetic article of ``n`` paragraphs, each naming its own people and organisation."""
    given = ["John", "Mary", "Peter", "Anna", "David"]
    pieces, people, orgs, at = [], [], [], 0

    def add(piece: str, kind: str | None = None, name: str = "") -> None:
        nonlocal at
        if kind == PERSON:
            people.append((at, at + len(piece), name or piece))
        elif kind == ORG:
            orgs.append((at, at + len(piece), piece))
        pieces.append(piece)
        at += len(piece)

    for i in range(n):
        surname = "".join(chr(ord("a") + int(d)) for d in f"{i:04d}").capitalize() + "son"
        full = f"{given[i % 5]} {surname}"
        org = f"Bank {surname.upper()}"
        add(full, PERSON)
        add(" met officials of ")
        add(org, ORG)
        add(". “We will act on the plan now and not later,” ")
        add(surname, PERSON, full)
        add(" said. ")
        add(surname, PERSON, full)
        add(" said that the talks had gone well for everyone there. She said the deal was “a total disaster,” ")
        add("and they warned that prices would rise soon. It called the move “unfair” on Monday.\n\n")
    return "".join(pieces), people, orgs


def _lines_run(n: int) -> int:
    """Python lines the quote and speaker code executes on an article of ``n`` paragraphs (every loop
    iteration counts, a comprehension's too): a count, not a time, so the machine's load cannot sway it."""
    text, people, orgs = _long_article(n)
    frame = sentence_frame(["d"], [text])
    starts, ends = frame["start"].to_numpy(), frame["end"].to_numpy()
    ours = ("analysis/voices/quotes.py", "analysis/voices/attribution.py", "analysis/voices/speakers.py")
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame, event, arg):
        return local if frame.f_code.co_filename.endswith(ours) else None

    sys.settrace(tracer)
    try:
        found = find_quotes(text, people, starts, ends, orgs)
    finally:
        sys.settrace(None)
    assert len(found) >= 3 * n  # the article's quotes are found, so the count measures real work
    return count


def test_the_quote_and_speaker_rules_grow_linearly_with_the_article() -> None:
    """The review: on a 1 M-character article the voices stage called ``_is_org`` 12 M times (a scan of
    every organisation per speaker), and other scans walked the whole article per quote."""
    small, large = _lines_run(40), _lines_run(320)
    assert large / small < 8 * 1.25, (small, large)  # 8× the article: linear is 8×, quadratic 64×


def test_a_long_article_keeps_its_quotes_and_entities() -> None:
    text, _, _ = _long_article(60)
    articles = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    _, entities, quotes = analyse_voices(articles, sentence_frame(["d"], [text]))
    assert len(quotes) >= 180 and len(entities) >= 240


# ----------------------------------------------------------------- 7. every speaker is an entity


def test_a_speaker_the_recogniser_missed_goes_through_the_entity_rules() -> None:
    text = "The lab closed in May. Professor Hunt said the results were wrong from the very start."
    found: list[tuple] = []
    quotes = find_quotes(text, [], np.array([0, text.index("Professor")]), None, [], None, found)
    assert [q.speaker for q in quotes] == ["Hunt"]  # the title cut off, as for any person
    assert found == [(text.index("Hunt"), text.index("Hunt") + 4, "Hunt", "Hunt", "person")]
    # A lone surname is the full name the article uses.
    text = "Tim Hunt ran the lab. Later, Professor Hunt said the results were wrong from the very start."
    found = []
    quotes = find_quotes(text, [(0, 8, "Tim Hunt")], np.array([0, text.index("Later")]), None, [], None, found)
    assert [q.speaker for q in quotes] == ["Tim Hunt"] and [m[3] for m in found] == ["Tim Hunt"]


def test_words_that_name_no_one_are_no_speakers_and_every_speaker_is_an_entity() -> None:
    texts = [
        "The vote was close. Critics said the plan would fail within a year.",
        "The vote was close. Reports said the plan would fail within a year.",
        "The vote was close. Everyone said the plan would fail within a year.",
        "The vote was close. Viguerie tells the crowd that the plan would fail within a year.",
    ]
    ids = [f"d{i}" for i in range(len(texts))]
    articles = pd.DataFrame({"doc_id": ids, "text": texts})
    _, entities, quotes = analyse_voices(articles, sentence_frame(ids, texts))
    speakers = dict(zip(quotes["doc_id"], quotes["speaker"], strict=True))
    # The speech is kept (it has a source), its speaker left empty: "Critics" is nobody's name.
    assert [speakers.get(d) for d in ids[:3]] == ["", "", ""]
    assert speakers["d3"] == "Viguerie"
    named = set(zip(entities["doc_id"], entities["entity"], strict=True))
    assert all((d, s) in named for d, s in zip(quotes["doc_id"], quotes["speaker"], strict=True) if s)


def test_a_description_that_names_no_one_is_a_source_all_the_same() -> None:
    """Reported speech whose source is a description news annotators count as one ("several friends",
    "police", "a new poll": source_heads.tsv, learnt from PolNeAR) is kept with its speaker empty; a
    clause whose subject is no such noun ("his long silence", "the old bridge") reports nothing."""
    texts = [
        "The vote was close. Several friends said the plan would fail within a year.",
        "The vote was close. A new poll shows the plan would fail within a year.",
        "The vote was close. Police said the driver had fled the scene on foot.",
        "The vote was close. His long silence said the plan would fail within a year.",
        "The vote was close. The old bridge said nothing about the plan failing within a year.",
        "The vote was close. The campaign said the plan would fail within a year.",  # no campaign named before
        "The vote was close. Reporters briefed on the investigation said the plan would fail within a year.",
    ]
    ids = [f"d{i}" for i in range(len(texts))]
    articles = pd.DataFrame({"doc_id": ids, "text": texts})
    _, _, quotes = analyse_voices(articles, sentence_frame(ids, texts))
    kept = dict(zip(quotes["doc_id"], zip(quotes["kind"], quotes["speaker"], strict=True), strict=True))
    assert [kept.get(d) for d in ids[:3]] == [("indirect", "")] * 3
    assert "d3" not in kept and "d4" not in kept
    assert kept.get("d5") == ("indirect", "")
    assert "d6" not in kept  # the slot's last word is inside a phrase ("on the investigation"), no source's head
    # Who spoke, as the article words it, is kept beside the (empty) speaker.
    assert quotes["source_text"].tolist() == ["Several friends", "A new poll", "Police", "The campaign"]


def test_reported_speech_keeps_its_source_as_written_beside_the_speaker() -> None:
    text = "Senator Elizabeth Warren said that the bill would fail in the Senate. “It is over,” she said."
    _, _, quotes = analyse_voices(pd.DataFrame({"doc_id": ["d"], "text": [text]}), sentence_frame(["d"], [text]))
    rows = list(zip(quotes["kind"], quotes["speaker"], quotes["source_text"], strict=True))
    assert rows == [("indirect", "Elizabeth Warren", "Senator Elizabeth Warren"), ("direct", "Elizabeth Warren", "")]


def test_the_people_page_names_an_unnamed_source_by_the_articles_words() -> None:
    from analysis.explore.summaries import described

    speaker = pd.Series(["Elizabeth Warren", "", "", None])
    source = pd.Series(["Senator Elizabeth Warren", "several friends", "", "Police"])
    assert described(speaker, source).tolist() == ["Elizabeth Warren", "“several friends”", "", "“Police”"]


def test_speech_kept_for_its_quoted_words_alone_shows_no_source() -> None:
    """Reported speech kept because it holds quoted words, whose slot names no source, has no
    ``source_text``: the slot's words ("The shops have been") are no one."""
    texts = [
        "The vote was close. Stores that have shut down in the city warned of “a lost year” for small shops.",
        "The vote was close. The shops have been told to stay “closed until further notice” by the council.",
    ]
    ids = ["a", "b"]
    _, _, quotes = analyse_voices(pd.DataFrame({"doc_id": ids, "text": texts}), sentence_frame(ids, texts))
    assert quotes["kind"].tolist() == ["mixed", "mixed"]
    assert quotes["speaker"].tolist() == ["", ""] and quotes["source_text"].tolist() == ["", ""]
