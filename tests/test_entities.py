"""The trained entity recogniser: tokens, the shipped arrays, CoNLL read as articles, the batch path."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pandas as pd
import pytest

from analysis.text.sentences import sentence_frame
from analysis.voices.conll import read_conll, span_scores
from analysis.voices.entities import article_mentions, batch_article_mentions, find_mentions
from analysis.voices.gazetteer import gazetteer_hits
from analysis.voices.ner import MODEL_PATH, load_model, viterbi
from analysis.voices.ner_features import LABELS
from analysis.voices.tokens import tokenize


def words(text: str) -> list[str]:
    tokens = tokenize(text)
    return [text[a:b] for a, b in zip(tokens.starts, tokens.ends, strict=True)]


def test_tokens_keep_names_whole_and_split_possessives() -> None:
    assert words("The U.S. and AT&T's Jean-Pierre O'Neill met Mr. Smith.") == [
        "The", "U.S.", "and", "AT&T", "'s", "Jean-Pierre", "O'Neill", "met", "Mr.", "Smith", ".",
    ]  # fmt: skip
    assert words("Trump’s COVID-19 plan, 3.5%") == ["Trump", "’s", "COVID-19", "plan", ",", "3", ".", "5", "%"]
    assert words("") == []


def test_the_model_ships_as_plain_arrays_with_its_card() -> None:
    with zipfile.ZipFile(MODEL_PATH) as archive:
        for name in archive.namelist():
            with archive.open(name) as member:
                header = member.read(200)
            assert b"'descr': '|O'" not in header, f"{name} holds Python objects"
    model = load_model()
    assert model.weights.shape == (len(model.names), len(LABELS))
    card = json.loads(MODEL_PATH.with_suffix(".json").read_text())
    assert "CoNLL-2003" in card["trained_on"] and card["chosen"] in card["dev_f1"]


def test_viterbi_never_opens_a_name_inside() -> None:
    scores = np.full((3, len(LABELS)), -5.0)
    scores[0, LABELS.index("I-PER")] = 5.0  # the best label alone would start inside a name
    scores[1, LABELS.index("I-PER")] = 5.0
    scores[2, LABELS.index("O")] = 5.0
    labels = [LABELS[i] for i in viterbi(scores, np.zeros(3, dtype=np.int64))]
    assert labels[0] != "I-PER" and labels[1] == "I-PER" and labels[2] == "O"


def test_conll_documents_become_raw_text_with_character_spans(tmp_path) -> None:
    path = tmp_path / "tiny.txt"
    path.write_text(
        "-DOCSTART- -X- -X- O\n\nAcme NNP B-NP B-ORG\nCorp NNP I-NP I-ORG\n's POS B-NP O\nchief NN I-NP O\n"
        "Ann NNP I-NP B-PER\nLee NNP I-NP I-PER\nvisited VBD B-VP O\nOslo NNP B-NP B-LOC\n. . O O\n",
        encoding="utf-8",
    )
    (doc,) = read_conll(path)
    assert doc.text == "Acme Corp's chief Ann Lee visited Oslo."
    assert [(doc.text[a:b], kind) for a, b, kind in doc.entities] == [
        ("Acme Corp", "ORG"), ("Ann Lee", "PER"), ("Oslo", "LOC"),
    ]  # fmt: skip
    perfect = span_scores([set(doc.entities)], [set(doc.entities)])
    assert perfect["micro"]["f1"] == 1.0
    missed = span_scores([set(doc.entities)], [{doc.entities[0]}])
    assert missed["PER"]["recall"] == 0.0 and missed["ORG"]["precision"] == 1.0


def test_the_recogniser_types_names_it_never_saw_in_training() -> None:
    found = {
        (m.name, m.type)
        for m in find_mentions("Zelinda Okonkwo-Hart, a spokeswoman for Veltrix Holdings, said in Tulsa.")
    }
    assert ("Zelinda Okonkwo-Hart", "person") in found
    assert ("Veltrix Holdings", "organisation") in found


def test_gazetteer_hits_stand_as_whole_words() -> None:
    hits = [(canonical, kind) for _, _, canonical, kind in gazetteer_hits("Britain and the UK, not UKIP or Indiana.")]
    assert hits[:2] == [("United Kingdom", "place"), ("United Kingdom", "place")]
    assert ("United Kingdom", "place") not in hits[2:]  # "UKIP" is no United Kingdom


@pytest.mark.parametrize("n", [1, 3])
def test_a_batch_gives_each_article_what_it_gets_alone(n: int) -> None:
    texts = [
        "Secretary of State Mike Pompeo met Dominic Raab in London. Pompeo praised Raab.",
        "The WHO warned on Monday. Angela Merkel said Germany would act.",
        "Huawei denied it.",
    ][:n]
    frame = sentence_frame([str(i) for i in range(n)], texts)
    groups = [frame[frame["doc_id"] == str(i)] for i in range(n)]
    batch = batch_article_mentions(
        texts, [g["start"].to_numpy() for g in groups], [g["end"].to_numpy() for g in groups]
    )
    assert batch == [article_mentions(t) for t in texts]


def people(text: str) -> list[str]:
    return [m.text for m in find_mentions(text) if m.type == "person"]


def test_the_words_after_a_persons_honorific_are_a_person() -> None:
    """The model reads "Price" or "Sessions" by how news writes them elsewhere (in lower case) and leaves
    them out even after "Mr."; the honorific says who it is (``person_honorifics.txt``)."""
    assert people("The board thanked Mr. Price for his years of work.") == ["Price"]
    assert people("Mr. Sessions is the latest official to change his story.") == ["Sessions"]
    assert people("Sen. Sessions and Rep. Van Hollen spoke first.") == ["Sessions", "Van Hollen"]
    assert people("Mrs May said she would stay on.") == ["May"]  # British, without the full stop
    assert people("Mr. and Mrs. Smith arrived late.") == ["Smith"]  # a joining word is no name
    assert people("Gen Z voters want change.") == []
    assert people("He moved to St. Louis last year.") == []


def test_a_transcript_speaker_label_is_a_person() -> None:
    """A label is a person's when the article says so: its turns repeat, or it names that person."""
    transcript = "TAPPER: Is that not the definition of it?\nSANDERS: No.\nTAPPER: Why not?\nSANDERS: It is not."
    assert people(transcript) == ["TAPPER", "SANDERS", "TAPPER", "SANDERS"]
    named = "Neil Armstrong stepped off the ladder.\nNEIL ARMSTRONG: It takes a pretty good jump."
    assert people(named) == ["Neil Armstrong", "NEIL ARMSTRONG"]
    # Common words, places and organisations opening a line with a colon are no speaker.
    assert people("UPDATE: The vote failed.") == []
    assert people("THE FACTS: True, but not all of it.") == []
    assert people("LONDON: Markets fell.") == []


def test_a_dateline_or_section_label_is_no_speaker() -> None:
    """Review of issue 16: a city the gazetteer does not list ("SYDNEY:", "AUSTIN:"), a company ("FORD:")
    or a label word, once in an article, is a dateline or a section, not a transcript's speaker — even
    when a person of that name is in the article ("Lloyd Austin"), if the label opens it."""
    datelines = "SYDNEY: Fires spread overnight.\nORLANDO: Parks reopened.\nJACKSON: Water service resumed."
    assert people(datelines) == []
    assert people("AUSTIN: Lawmakers met on Monday. Defense Secretary Lloyd Austin did not attend.") == ["Lloyd Austin"]
    assert people("FORD: The company recalled cars.\nHUNTER: Investors are nervous.\nNARRATOR: In 1969.") == []
    entities = {(m.text, m.type) for m in find_mentions("TYLER: Schools closed.\nVICTORIA: Rates were cut.")}
    assert not {name for name, kind in entities if kind == "person"}


def test_an_honorific_before_a_title_brand_or_function_word_makes_no_person() -> None:
    """Review of issue 16: "Mr. President" is a title addressed, "Dr Pepper" and "Dr. Martens" brands, "Gen
    Z" and "Gen Alpha" generations ("Gen" without its stop is no honorific), "Rev. Up" and "Mr. Then" a
    verb's particle and a sentence's next word, "Boulder, Col." a state after its city."""
    assert people("“Thank you, Mr. President,” the reporter said before asking about the budget.") == []
    assert people("Marketers are chasing Gen Alpha shoppers, while Gen Z buyers drift to resale apps.") == []
    brands = {(m.text, m.type) for m in find_mentions("Sales of Dr. Martens boots and Dr Pepper soda rose sharply.")}
    assert brands == {("Dr. Martens", "organisation"), ("Dr Pepper", "organisation")}
    assert people("The award went to the late Mr. Then the ceremony moved on to the next category.") == []
    assert people("Automakers hope to Rev. Up sales this spring with new incentives, dealers said.") == []
    assert "Springs" not in people("The team moved from Boulder, Col. Springs officials welcomed it this week.")
    # What the honorific is for still holds: common words and common surnames that are titles too.
    assert people("Mr. King and Mr. Major met Mrs May and Gen. Milley.") == ["King", "Major", "May", "Milley"]


def test_a_label_whose_turn_is_speech_or_a_full_name_is_a_person_alone() -> None:
    """A transcript's line quoted alone (as NewsMTSC's sentences are) still names its speaker when what
    follows reads as speech or the label is a given name then a surname; "Mr Varoufakis", which the model
    began as an organisation, is still a person."""
    assert people("HORSLEY: Well, the CBO has not had a chance to score it.") == ["HORSLEY"]
    assert people("PORTMAN: 100 percent?") == ["PORTMAN"]
    assert people("ANDREW MCCABE: He did.") == ["ANDREW MCCABE"]
    assert people("But I question whether Mr Varoufakis is truly committed to the cause.") == ["Varoufakis"]


def test_no_span_is_found_twice_and_an_honorific_keeps_the_models_name_whole() -> None:
    """Second review of issue 16: the second look at lone surnames found a transcript label ("TAPPER:")
    again, giving it twice; after an honorific, the model's span is extended to the given name before it
    ("Sen. Mitch McConnell", the model found "McConnell"), not split into two people; a generation ("Gen
    Zers") and a title with its suffix ("Mr. President-elect") are no one."""
    found = find_mentions(
        "Jake Tapper talks to him.\n\nJAKE TAPPER: OK, let’s start.\n\nTAPPER: Let’s go back to the race."
    )
    spans = [(m.start, m.end) for m in found]
    assert len(spans) == len(set(spans))
    assert [m.text for m in found] == ["Jake Tapper", "JAKE TAPPER", "TAPPER"]
    assert people("Sen. Mitch McConnell is demanding a full, government-wide investigation.") == ["Mitch McConnell"]
    assert people("Gen Zers and Gen Xers are voting in record numbers this year.") == []
    assert people("“Congratulations, Mr. President-elect,” the senator said on Wednesday.") == []
    assert people("Mr. Smith-Jones arrived late.") == ["Smith-Jones"]


def test_a_known_persons_possessive_before_a_noun_is_that_person_not_a_demonym() -> None:
    """The model reads "Obama's" before a noun as miscellaneous (an adjective's place); news writes Obama
    after a given name and as a speaker, so a careful reader knows a person.  A demonym after a title
    ("former Soviet president") stays out."""
    people = [(m.text, m.type) for m in find_mentions("ABC declined to carry Obama’s primetime immigration speech.")]
    assert ("Obama", "person") in people
    found = {m.text: m.type for m in find_mentions("He led a former Soviet republic, like a Tanzanian president.")}
    assert found.get("Soviet") != "person" and found.get("Tanzanian") != "person"
    # Only a word news writes as a possessor as often as a person's name: "Nielsen’s ratings" are a company's.
    for company in ("Nielsen", "Gallup", "Netflix", "Comcast"):
        found = {m.text: m.type for m in find_mentions(f"According to {company}’s second quarter ratings, CNN is up.")}
        assert found.get(company) != "person"


def test_an_acronym_is_no_person_however_often_news_writes_it_after_a_title() -> None:
    """ "the FDA", "a KGB colonel": an acronym the model reads as an organisation stays one (a surname
    written after titles turned these into people)."""
    found = {m.text: m.type for m in find_mentions("The FDA’s rule angered a KGB colonel.")}
    assert found.get("FDA") == "organisation" and found.get("KGB") != "person"
    # A name in capitals is no acronym: a headline's "HARRY REID", a transcript's "NORTHAM:".
    assert {m.text: m.type for m in find_mentions("HARRY REID TO RETIRE")}.get("HARRY") == "person"
    text = "Trump called Northam a disgrace.\n\nNORTHAM: I will not resign."
    assert {m.text: m.type for m in find_mentions(text)}.get("NORTHAM") == "person"


def test_a_two_letter_surname_news_writes_after_titles_is_a_person() -> None:
    found = {m.text: m.type for m in find_mentions("Trump informed Xi of the strike at dinner, officials said.")}
    assert found["Xi"] == "person"
    assert "He" not in found and "At" not in found


def test_a_transcript_label_of_a_surname_news_writes_after_titles_is_a_person() -> None:
    """ "OBAMA:" is no census surname nor given name, but unlabelled news writes it after titles: with a
    turn that reads as speech it is a speaker's label; a city's dateline is not."""
    found = {m.text: m.type for m in find_mentions("OBAMA: We will not back down. We never did.")}
    assert found.get("OBAMA") == "person"
    # … and it is the person the prose names, in the article and across the corpus.
    from analysis.voices.entities import corpus_names, merge_in_article

    text = "Barack Obama spoke.\n\nOBAMA: We will not back down.\n\nOBAMA: I think so."
    assert {name for m, name in merge_in_article(find_mentions(text)) if m.text == "OBAMA"} == {"Barack Obama"}
    names = pd.DataFrame({"entity": ["Barack Obama", "OBAMA", "CLINTON", "Hillary Clinton", "Bill Clinton"]})
    mapping = corpus_names(names.assign(type="person"))
    assert mapping.get("OBAMA") == "Barack Obama" and "CLINTON" not in mapping  # two Clintons: neither forced
    assert {m.text: m.type for m in find_mentions("PARIS: Fires spread overnight.")}.get("PARIS") != "person"


def _viterbi_run_by_run(scores: np.ndarray, run: np.ndarray) -> np.ndarray:
    """The textbook decoder, one run at a time in plain loops: what the vectorised one must equal."""
    allowed = np.ones((len(LABELS), len(LABELS)), dtype=bool)
    for j, label in enumerate(LABELS):
        if label.startswith("I-"):
            allowed[:, j] = False
            allowed[[LABELS.index("B-" + label[2:]), j], j] = True
    log = scores - scores.max(axis=1, keepdims=True)
    log = log - np.log(np.exp(log).sum(axis=1, keepdims=True))
    out = np.zeros(len(run), dtype=np.int64)
    for r in np.unique(run):
        rows = np.flatnonzero(run == r)
        best = {j: (log[rows[0], j], [j]) for j, label in enumerate(LABELS) if not label.startswith("I-")}
        for row in rows[1:]:
            best = {
                j: max(
                    ((s + log[row, j], [*path, j]) for i, (s, path) in best.items() if allowed[i, j]),
                    key=lambda x: x[0],
                )
                for j in range(len(LABELS))
                if any(allowed[i, j] for i in best)
            }
        out[rows] = max(best.values(), key=lambda x: x[0])[1]
    return out


def test_viterbi_equals_the_run_by_run_decoder_on_runs_of_every_length() -> None:
    """Back-pointers are kept per step for the runs still going (not a block as long as the longest run
    for every run): the labels are still the best path of each run."""
    rng = np.random.default_rng(0)
    lengths = np.r_[1, 1, 2, 3, 30, rng.integers(1, 8, size=200)]  # one long capitalised line among them
    run = np.repeat(np.arange(len(lengths)), lengths)
    scores = rng.normal(0.0, 3.0, size=(len(run), len(LABELS)))
    assert viterbi(scores, run).tolist() == _viterbi_run_by_run(scores, run).tolist()


def test_new_token_types_weighed_in_chunks_give_the_same_scores(monkeypatch) -> None:
    """The recogniser sums each new word's feature weights a chunk of words at a time (a batch's first
    call held tens of thousands of words' feature names at once): the same scores as all in one go."""
    import analysis.voices.ner as ner

    text = (
        "Secretary of State Mike Pompeo met Dominic Raab in London on Tuesday. The Bank of England said "
        "Huawei and the World Health Organization would answer. Liu Xiaoming, China's ambassador, replied."
    )
    tokens = tokenize(text)
    sentences = sentence_frame(["d"], [text])
    f = ner.featurize(text, tokens, sentences["start"].to_numpy(), sentences["end"].to_numpy())
    at_once = load_model().scores(f)
    monkeypatch.setattr(ner, "TYPE_CHUNK", 3)
    assert np.array_equal(load_model().scores(f), at_once)


def _toy_news() -> list[str]:
    """People and places written in the slots news gives them, each name in many sentences."""
    people = ["Alice", "Bruno", "Carla", "Dmitri", "Esther", "Farid"]
    places = ["Paris", "Lagos", "Lima", "Oslo", "Quito", "Hanoi"]
    texts = []
    for k in range(60):
        p, q = people[k % 6], people[(k + 1) % 6]
        a, b = places[k % 6], places[(k + 2) % 6]
        texts.append(
            f"{p} said the plan would work. Officials in {a} disagreed. {q} told reporters that {p} was "
            f"wrong. Flights from {b} to {a} stopped."
        )
    return texts


def test_word_classes_put_words_used_alike_together_and_are_deterministic() -> None:
    """The word classes come from the neighbours alone: names written where people stand share a class
    apart from names written where places stand; the same texts give the same classes."""
    from analysis.voices.ner_clusters import as_lookup, word_clusters

    words, classes = word_clusters(_toy_news(), min_count=20, levels=(2, 4), dim=8)
    again_words, again = word_clusters(_toy_news(), min_count=20, levels=(2, 4), dim=8)
    assert words.tolist() == again_words.tolist() and np.array_equal(classes, again)
    lookup = as_lookup(words, classes)
    people = {lookup[w][0] for w in ("Alice", "Bruno", "Carla", "Dmitri", "Esther", "Farid")}
    places = {lookup[w][0] for w in ("Paris", "Lagos", "Lima", "Oslo", "Quito", "Hanoi")}
    assert len(people) == 1 and len(places) == 1 and people != places
    assert classes.shape == (len(words), 2) and classes.dtype == np.int16


def test_the_recogniser_reads_a_words_class_and_its_neighbours_classes() -> None:
    """A word's classes are features of the word (every grain) and of its near neighbours (the coarser
    ones); a word without a class says so."""
    from analysis.voices.ner_clusters import LEVELS
    from analysis.voices.ner_features import type_features

    clusters = {"Kavanaugh": (3, 17, 901)}
    seen = type_features("Kavanaugh", {}, clusters)
    assert {"c0=3", "c1=17", "c2=901"} <= set(seen["0"])
    assert {"c0=3", "c1=17"} <= set(seen["-1"]) and "c2=901" not in seen["-1"]
    assert "c0=3" in seen["+2"] and "c1=17" not in seen["+2"]
    assert "c=none" in type_features("Zqxvbn", {}, clusters)["0"]
    model = load_model()
    assert model.cluster_ids.shape == (len(model.cluster_words), len(LEVELS))
    assert model.clusters["Trump"] == tuple(model.cluster_ids[model.cluster_words.tolist().index("Trump")])
    assert any(name.startswith("0|c2=") for name in model.names.tolist()), "the shipped model reads no classes"


def test_the_model_saved_again_loads_the_same(tmp_path) -> None:
    """The loaded model keeps its words as the look-ups' own strings (object arrays, not fixed-width
    copies): saved again it is still plain arrays, and loads to the same words, classes and weights."""
    from analysis.voices.ner import save_model

    model = load_model()
    assert model.names.dtype == object and model.cluster_words.dtype == object
    save_model(tmp_path / "again.npz", model, {"chosen": "C=1"})
    again = load_model(tmp_path / "again.npz")
    with zipfile.ZipFile(tmp_path / "again.npz") as archive:
        assert all(b"'descr': '|O'" not in archive.open(name).read(200) for name in archive.namelist())
    assert again.names.tolist() == model.names.tolist()
    assert again.context == model.context and again.clusters == model.clusters
    assert np.array_equal(again.weights, model.weights)


def test_forgetting_the_recognisers_word_table_changes_no_score() -> None:
    """A worker past the per-article stage lets the recogniser's per-word table go; the next batch weighs
    its words again, to the same scores."""
    from analysis.voices import ner

    text = "Secretary of State Mike Pompeo met Dominic Raab in London. Huawei said nothing."
    tokens = tokenize(text)
    sentences = sentence_frame(["d"], [text])
    f = ner.featurize(text, tokens, sentences["start"].to_numpy(), sentences["end"].to_numpy())
    before = ner.default_model().scores(f)
    assert "Pompeo" in ner.default_model()._cache
    ner.forget_types()
    assert not ner.default_model()._cache
    assert np.array_equal(ner.default_model().scores(f), before)


def test_word_classes_keep_the_direction_of_a_neighbour() -> None:
    """The slots "X said" and "said X" differ: words seen only before "said" and words seen only after
    it, with the same words around them otherwise, fall into different classes."""
    from analysis.voices.ner_clusters import as_lookup, word_clusters

    before = ["Alice", "Bruno", "Carla", "Dmitri"]
    after = ["Esther", "Farid", "Gina", "Hugo"]
    texts = [f"so {before[k % 4]} said now . now said {after[(k + 1) % 4]} so ." for k in range(80)]
    lookup = as_lookup(*word_clusters(texts, min_count=20, levels=(2, 3), dim=6))
    assert len({lookup[w] for w in before}) == 1 and len({lookup[w] for w in after}) == 1
    assert lookup["Alice"] != lookup["Esther"]


def test_too_little_text_gives_no_word_classes() -> None:
    from analysis.voices.ner_clusters import LEVELS, word_clusters

    for texts in ([], [""], ["Alice said hello."], ["hello world " * 50]):
        words, classes = word_clusters(texts)
        assert len(words) == 0 and classes.shape == (0, len(LEVELS))


def test_the_shipped_recogniser_scores_with_its_word_classes() -> None:
    """The classes are read at run time: the same model without them scores a name differently."""
    from analysis.voices import ner

    model = load_model()
    blind = ner.EntityModel(
        model.names,
        model.weights,
        model.intercept,
        model.context_words,
        model.context_buckets,
        np.zeros(0, dtype=str),
        np.zeros((0, model.cluster_ids.shape[1]), dtype=np.int16),
    )
    text = "Kavanaugh said the hearing was unfair. Manafort denied it."
    tokens = tokenize(text)
    sentences = sentence_frame(["d"], [text])
    f = ner.featurize(text, tokens, sentences["start"].to_numpy(), sentences["end"].to_numpy())
    assert not np.allclose(model.scores(f), blind.scores(f))


def test_a_lone_titled_surname_the_model_called_miscellaneous_is_a_person_unless_it_qualifies_a_noun() -> None:
    def people(text: str) -> list[str]:
        return [m.text for m in find_mentions(text) if m.type == "person"]

    assert people("He criticized his party for not taking on Obama over health care.") == ["Obama"]
    for text in ("He bought a used Ford pickup last year.", "She visited a Ford dealership.", "The Bush family met."):
        assert people(text) == [], text


def test_training_folds_the_held_back_classes_into_binary_weights(tmp_path) -> None:
    """The recogniser is fitted on a design where word classes count 0.3; its shipped weights are scaled
    back, so the run-time sum of binary features' weights gives the fitted model's decision values."""
    from analysis.voices import ner, ner_train

    path = tmp_path / "tiny.txt"
    rows = []
    for first, last, org, town in [("Ann", "Lee", "Acme", "Oslo"), ("Bob", "Hart", "Zenco", "Lima"),
                                   ("Cara", "Diaz", "Omni", "Rome"), ("Dan", "Moss", "Vex", "Kiev")] * 3:  # fmt: skip
        rows.append(
            f"-DOCSTART- -X- -X- O\n\n{first} NNP B-NP B-PER\n{last} NNP I-NP I-PER\nof IN O O\n{org} NNP B-NP B-ORG\n"
            f"said VBD B-VP O\nin IN O O\n{town} NNP B-NP B-LOC\n. . O O\n\n"
        )
    path.write_text("".join(rows), encoding="utf-8")
    documents = read_conll(path)
    model = load_model()
    _, tokens, f, ranges = ner_train.prepare(documents)
    y = ner_train.gold_labels(documents, ranges, tokens, f)
    x, vocabulary = ner_train.design(f, None, model.context, model.clusters)
    scales = ner_train.class_scales(vocabulary)
    assert np.allclose(np.unique(scales), [ner_train.CLASS_SCALE, 1.0])  # classes are among the features
    weights, intercept = ner_train.fitted(x, y, scales, 1.0)
    names = np.array(sorted(vocabulary, key=vocabulary.__getitem__))
    trained = ner.EntityModel(names, weights, intercept, model.context_words, model.context_buckets,
                              model.cluster_words, model.cluster_ids)  # fmt: skip
    from sklearn.linear_model import LogisticRegression

    fit = LogisticRegression(C=1.0, max_iter=500, tol=1e-4).fit(x, y)  # the same fit, its own decisions
    assert np.allclose(trained.scores(f)[:, fit.classes_], fit.decision_function(x), atol=1e-3)


def test_a_call_under_way_keeps_its_word_table_when_another_thread_forgets_it(monkeypatch) -> None:
    from analysis.voices import ner

    model = load_model()
    text = "Secretary of State Mike Pompeo met Dominic Raab in London. Huawei said nothing."
    tokens = tokenize(text)
    sentences = sentence_frame(["d"], [text])
    f = ner.featurize(text, tokens, sentences["start"].to_numpy(), sentences["end"].to_numpy())
    expected = model.scores(f)
    model.forget()
    add = model._add_types

    def add_then_forget(missing, cache):  # another thread lets the table go between two chunks
        add(missing, cache)
        model.forget()

    monkeypatch.setattr(ner, "TYPE_CHUNK", 2)
    monkeypatch.setattr(model, "_add_types", add_then_forget)
    assert np.array_equal(model.scores(f), expected)
