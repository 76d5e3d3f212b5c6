"""Tone, entities, quotes with speakers, and the target-sentiment model."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis.ingest.corpus import load_corpus
from analysis.text.sentences import sentence_frame, sentence_texts, split_sentences
from analysis.voices.batch import analyse_voices, link_names
from analysis.voices.entities import article_mentions, entity_frame, find_mentions, initialled_names, merge_in_article
from analysis.voices.quotes import find_quotes, quote_segments
from analysis.voices.tone import PRIOR_WORDS, FastVader, analyzer, article_tone, sentence_tone

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = ROOT / "seeds"


# ---------------------------------------------------------------------------------------------- tone

TRICKY = [
    "VADER is VERY smart, but BORING 😀!!",
    "😀good😀 day",
    "not bad at all",
    "kind of good",
    "",
    "At least it isn't terrible",
    "no no good",
    "never so good",
    "without doubt great",
    "good bad ass",
    "the shit yeah right",
    "sad but not BAD",
    ":) great",
    "It was the least bad option.",
    "Very, very good!!!?",
    "The plan is not so great, but it is sort of nice",
    "GREAT news",
    "He didn't like it at all",
]


def test_fast_vader_matches_the_reference_exactly() -> None:
    reference = SentimentIntensityAnalyzer()
    fast = FastVader()
    text = load_corpus(SEED).articles["text"].iloc[0]
    sentences = [text[a:b] for a, b in zip(*sentence_frame(["d"], [text])[["start", "end"]].T.to_numpy(), strict=True)]
    for sentence in TRICKY + sentences:
        expected = reference.polarity_scores(sentence)
        assert fast.scores(sentence) == (expected["compound"], expected["pos"], expected["neu"], expected["neg"]), (
            sentence
        )


def test_one_analyser_scores_correctly_from_many_threads_at_once() -> None:
    """Streamlit runs sessions in threads and two may analyse at once with the one shared analyser: every
    score from every thread must equal the serial one (the analyser once kept a sentence's words on itself,
    and threads read each other's)."""
    text = load_corpus(SEED).articles["text"].iloc[0]
    frame = sentence_frame(["d"], [text])
    sentences = [s for s in TRICKY + sentence_texts(text, frame["start"].to_numpy(), frame["end"].to_numpy()) if s]
    vader = analyzer()
    serial = [vader.scores(s) for s in sentences]
    wrong: list[tuple[str, object]] = []
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for rep in range(150):
                for k in range(len(sentences)):
                    i = (k + offset + rep) % len(sentences)  # threads score different sentences at each moment
                    got = vader.scores(sentences[i])
                    if got != serial[i]:
                        wrong.append((sentences[i], got))
        except BaseException as exc:  # an IndexError from another thread's words counts as a failure too
            errors.append(exc)

    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as the interpreter allows
    try:
        threads = [threading.Thread(target=work, args=(n * 7,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(before)
    assert not errors, errors[:3]
    assert not wrong, wrong[:3]


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "data" / "bbc-news").exists(), reason="../shared/data (BBC News) is absent")
def test_fast_vader_matches_the_reference_on_real_news() -> None:
    files = sorted((SHARED / "data" / "bbc-news" / "bbc").glob("*/*.txt"))[::40]
    texts = [f.read_bytes().decode("latin-1") for f in files]
    frame = sentence_frame([str(i) for i in range(len(texts))], texts)
    sentences = [texts[int(d)][a:b] for d, a, b in zip(frame["doc_id"], frame["start"], frame["end"], strict=True)]
    reference = SentimentIntensityAnalyzer()
    fast = FastVader()
    mismatched = [
        s
        for s in sentences
        if fast.scores(s) != tuple(reference.polarity_scores(s)[k] for k in ("compound", "pos", "neu", "neg"))
    ]
    assert len(sentences) > 1000
    assert mismatched == []


def test_sentence_and_article_tone() -> None:
    tone = sentence_tone(["What a wonderful, brilliant success.", "A horrible, deadly attack.", "It is Tuesday."])
    assert tone["compound"].iloc[0] > 0.5 and tone["compound"].iloc[1] < -0.5 and tone["compound"].iloc[2] == 0
    sentences = pd.DataFrame(
        {
            "doc_id": ["a"] * 3 + ["b"],
            "n_words": [3, 3, 5, 1],  # "Terrible, awful news." "It was bad." "“We are thrilled,” she said." "Awful."
            "compound": [-0.7, -0.5, 0.6, -0.5],
            "quoted": [False, False, True, False],
        }
    )
    by_doc = article_tone(sentences).set_index("doc_id")
    assert by_doc.loc["a", "share_negative"] == pytest.approx(2 / 3)
    assert by_doc.loc["a", "share_positive"] == pytest.approx(1 / 3)
    assert by_doc.loc["a", "tone_reporter"] < 0 < by_doc.loc["a", "tone_quoted"]
    assert np.isnan(by_doc.loc["b", "tone_quoted"])
    # Length-aware: a one-word brief is shrunk towards neutral more than a longer negative article.
    assert abs(by_doc.loc["b", "tone"]) < 0.5 * 0.5
    assert by_doc.loc["a", "tone"] == pytest.approx((-0.7 * 3 - 0.5 * 3 + 0.6 * 5) / (11 + PRIOR_WORDS))


# ------------------------------------------------------------------------------------------ entities


def names(text: str) -> list[tuple[str, str]]:
    """Typed names of one article (untyped single words wait for the corpus step and are left out)."""
    return [(name, m.type) for m, name in merge_in_article(find_mentions(text)) if m.type]


def test_titles_are_cut_and_surnames_merge_within_an_article() -> None:
    found = names("Secretary of State Mike Pompeo met UK Foreign Secretary Dominic Raab. Pompeo praised Raab.")
    assert ("Mike Pompeo", "person") in found and ("Dominic Raab", "person") in found
    assert found.count(("Mike Pompeo", "person")) == 2 and found.count(("Dominic Raab", "person")) == 2
    assert ("United Kingdom", "place") in found
    assert not any("Secretary" in name for name, _ in found)


def test_states_under_every_name() -> None:
    found = names(
        "The UK and Britain, the United Kingdom and the British Government agreed. The U.S. and the US "
        "and the United States and America objected, as did Chinese officials."
    )
    places = [name for name, kind in found if kind == "place"]
    assert places.count("United Kingdom") == 4
    assert places.count("United States") == 4
    assert "China" in places


def test_organisations_and_people_by_context() -> None:
    found = names(
        "Chinese telecoms giant Huawei and the Chinese Communist Party were named. Liu Xiaoming, the "
        "Chinese ambassador to Britain, spoke. Liu later left. Winner wrote a letter. The Department of "
        "Health said so."
    )
    assert ("Huawei", "organisation") in found
    assert ("Chinese Communist Party", "organisation") in found
    assert found.count(("Liu Xiaoming", "person")) == 2
    assert ("Winner", "person") in found
    assert ("Department of Health", "organisation") in found
    assert not any(name in ("Chinese", "The", "Hong Kongers") for name, _ in found)


def test_people_of_a_place_and_sentence_openers_are_not_entities() -> None:
    found = names("However, Americans and Hong Kongers protested on Tuesday. In March, Britons voted.")
    assert found == []


def test_a_lone_surname_merges_across_the_corpus() -> None:
    texts = ["Joe Biden spoke.", "Biden spoke again.", "Then Biden said no."]
    sentences = sentence_frame(["a", "b", "c"], texts)
    entities = entity_frame(["a", "b", "c"], texts, sentences)
    assert set(entities["entity"]) == {"Joe Biden"}
    assert entities["sent_id"].tolist() == [0, 0, 0]


def test_a_name_with_and_without_its_middle_initial_is_one_person() -> None:
    counts = pd.Series(
        {
            "Donald Trump": 40,
            "Donald J. Trump": 3,
            "Robert E. Lee": 5,
            "Robert Lee": 1,
            "George W. Bush": 9,
            "George H.W. Bush": 4,
            "George Bush": 6,
            "John F. Kennedy": 2,
        }
    )
    assert initialled_names(counts) == {"Donald J. Trump": "Donald Trump", "Robert Lee": "Robert E. Lee"}
    # Through the pipeline's steps: mentions and quotes per article, then names linked across the corpus.
    texts = [
        "Donald Trump spoke.",
        "Donald Trump spoke again.",
        "Donald J. Trump signed it. “We will win,” Trump said.",
    ]
    articles = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": texts})
    _, entities, quotes = analyse_voices(articles, sentence_frame(["a", "b", "c"], texts))
    assert "Donald J. Trump" in set(entities["entity"]) and quotes["speaker"].tolist() == ["Donald J. Trump"]
    entities, quotes = link_names(entities, quotes)
    assert set(entities["entity"]) == {"Donald Trump"}
    assert quotes["speaker"].tolist() == ["Donald Trump"]


# ------------------------------------------------------------------------------------------- quotes


def quotes_of(text: str) -> list[tuple[str, str, str]]:
    people = [(start, end, name) for start, end, _, name, kind in article_mentions(text) if kind == "person"]
    starts = np.array([start for start, _ in split_sentences(text)])
    return [(q.kind, q.speaker, q.text(text)) for q in find_quotes(text, people, starts)]


def test_said_after_and_said_before() -> None:
    assert quotes_of("Mike Pompeo spoke. “We will act,” said Pompeo.") == [("direct", "Mike Pompeo", "We will act,")]
    assert quotes_of("Mike Pompeo spoke. “We will act,” Pompeo said.")[0][1] == "Mike Pompeo"
    assert quotes_of("Dominic Raab said: “The reality is plain.”")[0][:2] == ("direct", "Dominic Raab")
    assert quotes_of("According to Dominic Raab, “the reality is plain and we all know it.”")[0][1] == "Dominic Raab"


def test_pronoun_and_unattributed_paragraph_go_to_the_last_speaker() -> None:
    text = (
        "Mike Pompeo met Dominic Raab. While he applauded the UK, Pompeo also called for unity.\n\n"
        "“We think the world must act together,” he said.\n\n“It’s not about words.”"
    )
    found = quotes_of(text)
    assert [q[1] for q in found] == ["Mike Pompeo", "Mike Pompeo"]


def test_split_quote_is_one_quote_and_goes_on_after_attribution() -> None:
    text = (
        "Mike Pompeo spoke. “I want to congratulate them,” said Pompeo, “We support those choices.”\n\n"
        "Dominic Raab replied. “The reality is hard,” said Raab. “But I don’t think so.”"
    )
    found = quotes_of(text)
    assert len(found) == 2
    assert found[0] == ("direct", "Mike Pompeo", "I want to congratulate them, … We support those choices.")
    assert found[1][1] == "Dominic Raab" and "But I don’t think so" in found[1][2]


def test_a_quote_with_its_own_attribution_after_an_attributed_one_is_a_quote_of_its_own() -> None:
    """ "“…,” said Tom Price. “…,” Jane Doe said." are two speakers' words: the second quote was joined to
    the first as if it went on, and Jane Doe's words were Tom Price's."""
    found = quotes_of("“We will win,” said Tom Price. “The plan works,” Jane Doe said.")
    assert found == [("direct", "Tom Price", "We will win,"), ("direct", "Jane Doe", "The plan works,")]
    found = quotes_of("“We will win,” Mr. Smith said. “The plan works,” Mr. Jones said.")  # a title is no surname
    assert [q[1] for q in found] == ["Smith", "Jones"]
    # One quote, as before: it goes on after its attribution, or is split by it; the second attribution
    # names the same speaker, or is a pronoun or a description (who "they" or "the senator from Georgia"
    # is the reader knows from the names); a question's words after it may be a sentence of their own.
    for text in (
        "“We will win,” said Tom Price. “The plan works.”",
        "“We will win,” said Tom Price, “because the plan works,” he said.",
        "“We will win,” said Tom Price. “The plan works,” Price said.",
        "“We will win,” said Tom Price. “The plan works,” he added.",
        "“We will win,” said Tom Price. “The plan works,” the senator from Georgia said.",
        "Sen. Tom Price spoke.\n\n“We will win,” Price said. “The plan works,” said the Georgia Republican.",
        "Ann Bell and Tom Price spoke. “We will win,” Price said. “Why not?” Bell said more was needed.",
    ):
        joined = quotes_of(text)
        assert [q[0] for q in joined if q[0] == "direct"] == ["direct"], text
        assert next(q[1] for q in joined if q[0] == "direct").endswith("Price"), text


def test_a_quotation_standing_alone_is_not_a_possessors() -> None:
    """ "He contrasted Bush’s speech … “…”": the nearest person before the quote is a possessor, the thing
    of theirs is what the sentence is about; the speaker is who was speaking."""
    text = (
        "Rep. Lee Zeldin spoke. “I saw more passion from him today,” Zeldin said. He contrasted Jeb Bush’s speech "
        "to his appearance on Fox News, when “there were opportunities for him to shine.”"
    )
    assert [q[1] for q in quotes_of(text)] == ["Lee Zeldin", "Lee Zeldin"]
    # A long quotation standing alone after the possessor's sentence is the last speaker's too.
    text = text.replace("“there were opportunities for him to shine.”", "nobody spoke.\n\n“He had chances to shine.”")
    assert [q[1] for q in quotes_of(text)] == ["Lee Zeldin", "Lee Zeldin"]


def test_partial_quote_belongs_to_the_subject() -> None:
    found = quotes_of(
        "Liu Xiaoming, the Chinese ambassador to Britain, had previously chosen not to "
        "“dance to the tune of the Americans” or interfere."
    )
    assert found == [("partial", "Liu Xiaoming", "dance to the tune of the Americans")]
    # With a verb of reporting before them, the quoted words are part of reported speech (issue 16):
    found = quotes_of(
        "Liu Xiaoming, the Chinese ambassador to Britain, had previously urged the UK not to "
        "“dance to the tune of the Americans” or interfere."
    )
    assert found == [("mixed", "Liu Xiaoming", "the UK not to “dance to the tune of the Americans” or interfere")]
    found = quotes_of("At a meeting with Dominic Raab, Mike Pompeo spent an hour on efforts to “bully” others.")
    assert found == [("partial", "Mike Pompeo", "bully")]


def test_nested_and_unbalanced_quotes() -> None:
    nested = "Jane Smith said: “He told me ‘never again’ and left.”"
    assert quotes_of(nested) == [("direct", "Jane Smith", "He told me ‘never again’ and left.")]
    # An unclosed quote runs to the end of its paragraph and no further.
    text = "Jane Smith said: “This goes on\n\nA new paragraph without quotes."
    assert quote_segments(text) == [(text.index("This"), text.index("on") + 2)]
    straight = 'Jane Smith said, "It works," and "it is cheap."'
    assert [s for s in quote_segments(straight)] == [
        (straight.index("It"), straight.index('," and') + 1),
        (straight.index("it is"), straight.rindex('"')),
    ]


def test_indirect_speech() -> None:
    found = quotes_of("Dominic Raab spoke. Raab insisted that the UK had not been coerced into any choices.")
    # The content starts at "that", as PolNeAR's annotators mark it (issue 16).
    assert ("indirect", "Dominic Raab", "that the UK had not been coerced into any choices") in found


# ------------------------------------------------------------------------------------------- the seed


@pytest.fixture(scope="module")
def seed_analysis():
    from analysis.pipeline import analyze

    return analyze(load_corpus(SEED).articles)


def test_seed_entities_each_once_under_their_canonical_name(seed_analysis) -> None:
    entities = seed_analysis.frames["entities"]
    canonical = set(entities["entity"])
    expected = {
        "Mike Pompeo",
        "Dominic Raab",
        "Liu Xiaoming",
        "China",
        "United Kingdom",
        "Hong Kong",
        "Huawei",
        "Chinese Communist Party",
    }
    assert expected <= canonical
    assert not canonical & {"Pompeo", "Raab", "Liu", "UK", "Britain", "British Government", "Xiaoming"}
    kinds = entities.drop_duplicates("entity").set_index("entity")["type"]
    assert kinds["Mike Pompeo"] == "person" and kinds["Huawei"] == "organisation" and kinds["China"] == "place"


def test_seed_quotes_all_found_and_attributed(seed_analysis) -> None:
    quotes = seed_analysis.frames["quotes"]
    marked = quotes[quotes["kind"] != "indirect"]
    text = seed_analysis.frames["articles"]["text"].iloc[0]
    # Every quotation mark pair of the article is inside one found quote (a mixed row holds its marks).
    rows = zip(marked["text"], marked["kind"], strict=True)
    pairs = sum(q.count("…") + 1 if kind != "mixed" else q.count("“") for q, kind in rows)
    assert text.count("“") == pairs - text.count("…")
    speakers = dict(zip(marked["text"].str[:20], marked["speaker"], strict=True))
    # Since issue 16 the quoted words after a verb of reporting are part of that reported speech ("mixed").
    assert speakers["the United Kingdom f"] == "Mike Pompeo"
    assert "“coalition”" in marked.loc[marked["text"].str.startswith("the United Kingdom f"), "text"].iloc[0]
    assert speakers["scathing comments on"] == "Mike Pompeo"  # "Pompeo delivered scathing comments … “bully” …"
    assert "“bully”" in marked.loc[marked["text"].str.startswith("scathing comments on"), "text"].iloc[0]
    assert speakers["the UK not to “dance"] == "Liu Xiaoming"
    assert speakers["resolute response"] == "Liu Xiaoming"
    assert speakers["I want to take this "] == "Mike Pompeo"
    assert speakers["We think that the en"] == "Mike Pompeo"
    assert speakers["It’s not about langu"] == "Mike Pompeo"
    assert speakers["The reality is as a "] == "Dominic Raab"
    assert quotes["speaker"].value_counts().to_dict() == {"Mike Pompeo": 5, "Liu Xiaoming": 2, "Dominic Raab": 2}
    assert (quotes["first_sent"] <= quotes["last_sent"]).all()
    # Each quote carries its tone: Pompeo's congratulations read positive.
    assert quotes.loc[quotes["text"].str.startswith("I want to take"), "tone"].iloc[0] > 0.5


def test_seed_tone_columns(seed_analysis) -> None:
    sentences = seed_analysis.frames["sentences"]
    assert {"compound", "pos", "neu", "neg", "quoted"} <= set(sentences.columns)
    assert sentences["quoted"].sum() >= 4 and (~sentences["quoted"]).sum() >= 4
    articles = seed_analysis.frames["articles"]
    assert {"tone", "tone_reporter", "tone_quoted", "share_negative", "share_positive"} <= set(articles.columns)
