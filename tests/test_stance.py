"""Sentiment toward entities: the shipped model and its artefact, the vectorised features against their
plain-Python definition, the prefix-sum scoring against the explicit feature entries, calibration, and the
scores the pipeline stores."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from analysis.explore.texts import sentence_texts as sentence_texts_of
from analysis.ingest.corpus import load_corpus

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds"


@pytest.fixture(scope="module")
def model():
    from analysis.stance.model import default_model

    return default_model()


@pytest.fixture(scope="module")
def seed_analysis():
    from analysis.pipeline import analyze

    return analyze(load_corpus(SEED).articles)


def _random_sentences(words: list[str], n: int, seed: int) -> tuple[list[str], list[tuple[int, int]]]:
    """Sentences of vocabulary words, punctuation, quotes and odd characters, with a random span each
    (sometimes empty, sometimes between tokens, sometimes the whole sentence)."""
    rng = random.Random(seed)
    extras = [",", ".", "“", "”", '"', "(", ")", "—", "but", "not", "said", "by", "é", "😀", "’s", "-", "can't", "Zyx"]
    sentences, spans = [], []
    for _ in range(n):
        parts = [rng.choice(words) if rng.random() < 0.7 else rng.choice(extras) for _ in range(rng.randint(0, 40))]
        text = ""
        for part in parts:
            text += ("" if rng.random() < 0.15 else " ") + (part.capitalize() if rng.random() < 0.2 else part)
        a = rng.randint(0, len(text))
        b = rng.choice([a, min(len(text), a + rng.randint(1, 15)), len(text)])
        if rng.random() < 0.1:
            a, b = 0, len(text)
        sentences.append(text)
        spans.append((a, b))
    return sentences, spans


# --- The artefact ------------------------------------------------------------------------------------------


def test_model_artifact_loads_without_pickle_in_a_fresh_process() -> None:
    code = (
        "import json, numpy as np\n"
        "from analysis.stance.model import MODEL_PATH, predict_target_sentiment\n"
        "with np.load(MODEL_PATH, allow_pickle=False) as z:\n"
        "    assert all(z[name].dtype != object for name in z.files)\n"
        "s = ['Critics slammed Smith for the disastrous and corrupt deal.', 'Smith was praised as a hero.',"
        " 'Smith arrived on Tuesday.']\n"
        "print(json.dumps(predict_target_sentiment(s, [(16, 21), (0, 5), (0, 5)])))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == ["negative", "positive", "neutral"]


def test_model_sidecar_says_how_it_was_chosen_and_calibrated() -> None:
    from analysis.stance.model import MODEL_PATH, default_model

    meta = json.loads(MODEL_PATH.with_suffix(".json").read_text())
    assert meta["chosen"] in meta["cv_macro_f1"]
    assert meta["cv_macro_f1"][meta["chosen"]] == max(meta["cv_macro_f1"].values())
    assert "train.jsonl" in meta["trained_on"] and "devtest" not in meta["trained_on"]
    assert MODEL_PATH.stat().st_size < 15_000_000
    calibration = meta["calibration"]
    assert calibration["temperature"] == pytest.approx(default_model().temperature, abs=1e-4)
    assert calibration["ece_bins"] >= 10
    assert calibration["cv_ece_after"] <= min(calibration["cv_ece_before"], 0.05)


def test_clear_sentences_get_the_right_labels() -> None:
    from analysis.stance.model import predict_target_sentiment

    cases = [
        ("The senator was convicted of fraud and corruption.", "The senator", "negative"),
        ("Protesters accused the mayor of lying and covering up the scandal.", "the mayor", "negative"),
        ("The governor was widely praised for her brave and effective leadership.", "The governor", "positive"),
        ("Fans cheered as Johnson won the award for his outstanding work.", "Johnson", "positive"),
        ("Johnson will travel to Ohio on Monday.", "Johnson", "neutral"),
    ]
    sentences = [s for s, _, _ in cases]
    spans = [(s.index(m), s.index(m) + len(m)) for s, m, _ in cases]
    assert predict_target_sentiment(sentences, spans) == [label for _, _, label in cases]


def test_edge_cases(model) -> None:
    from analysis.stance.model import predict_many, predict_target_sentiment

    assert predict_target_sentiment([], []) == []
    assert predict_many([], []).shape == (0, 3)
    sentences = ["Trump", "They blamed Trump", "They blamed Trump", "", "  ", "Trump said no.", "Trump  said"]
    # Whole sentence; span at the end; an empty span; an empty sentence; only spaces; a span past the end;
    # a span covering only the space between two tokens.
    spans = [(0, 5), (12, 17), (4, 4), (0, 0), (1, 2), (10, 99), (5, 6)]
    proba = model.predict_proba(sentences, spans)
    assert proba.shape == (len(sentences), 3) and proba.dtype == np.float32
    assert np.all(np.isfinite(proba)) and np.allclose(proba.sum(axis=1), 1.0, atol=1e-5)
    assert set(predict_target_sentiment(sentences, spans)) <= {"negative", "neutral", "positive"}
    # Repeated sentences are tokenized once but scored per target: the same as one at a time.
    one_by_one = np.vstack([model.predict_proba([s], [p]) for s, p in zip(sentences, spans, strict=True)])
    assert np.allclose(proba, one_by_one, atol=1e-6)


def test_predict_many_in_chunks_and_workers_equals_one_batch(model) -> None:
    from analysis.config import EngineConfig
    from analysis.stance.model import predict_many

    sentences, spans = _random_sentences(model.words.words[1:3000], 60, seed=3)
    whole = model.predict_proba(sentences, spans)
    chunked = predict_many(sentences, spans, EngineConfig(n_jobs=1, sentiment_chunk=7))
    parallel = predict_many(sentences, spans, EngineConfig(n_jobs=2, sentiment_chunk=9, parallel_targets=10))
    assert np.allclose(chunked, whole, atol=1e-6) and np.allclose(parallel, whole, atol=1e-6)


# --- Tokens, hashes and the vectorised features -------------------------------------------------------------


def test_tokenize_matches_the_regular_expression_definition() -> None:
    from analysis.stance.tokens import reference_tokens, token_hash, tokenize

    rng = random.Random(0)
    alphabet = "abcXYZ019 '’-_.,;:“”\"()—–éÉßø\tn\u00a0😀"
    sentences = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(400)]
    sentences += ["", "Don't stop—Trump’s well-known U.S. policy", "a--b 'quoted' -x- x-"]
    tokens = tokenize(sentences)
    for s, sentence in enumerate(sentences):
        a, b = tokens.offsets[s], tokens.offsets[s + 1]
        mine = list(zip(tokens.words[a:b], tokens.starts[a:b].tolist(), tokens.ends[a:b].tolist(), strict=True))
        assert mine == reference_tokens(sentence), sentence
    assert np.array_equal(tokens.hashes, token_hash(tokens.words))
    assert np.array_equal(tokenize(sentences, strings=False).hashes, tokens.hashes)


def test_int_table_finds_every_key_and_nothing_else() -> None:
    from analysis.stance.hashing import IntTable

    rng = np.random.default_rng(0)
    keys = np.unique(rng.integers(0, 2**62, 5000))
    table = IntTable(keys, np.arange(len(keys)))
    assert np.array_equal(table.get(keys), np.arange(len(keys)))
    others = np.setdiff1d(rng.integers(0, 2**62, 5000), keys)
    assert (table.get(others) == -1).all() and (table.get(np.array([-1, -7]), default=5) == 5).all()
    # Keys that all want the same slot (multiples of a large power of two) still resolve.
    crowded = np.arange(1, 200, dtype=np.int64) << 40
    assert np.array_equal(IntTable(crowded, crowded).get(crowded), crowded)


def test_vectorised_features_equal_the_plain_python_definition(model) -> None:
    from analysis.stance.features import (
        BUCKET_BLOCK,
        C_SIDE,
        C_SIDE_DISTANCE,
        K_WORD,
        M_AFTER,
        M_BEFORE,
        M_WORD,
        N_BLOCKS,
        N_BUCKETS,
        P_SIDE,
        P_WORD,
        Columns,
        dense_features,
        entries,
        pair_keys,
        prepare,
        reference_features,
        sparse_entries,
        token_tables,
    )
    from analysis.stance.tokens import tokenize

    words = model.words
    sentences, spans = _random_sentences(words.words[1:2000], 150, seed=1)
    batch = prepare(words, sentences, spans)
    tables = token_tables(words, batch)
    found = entries(batch, tables)
    keys = np.unique(pair_keys(batch, tables, len(words)))
    keys = keys[keys >= 0]
    every = Columns.every(len(words), keys, keys)
    rows, cols, vals = sparse_entries(batch, tables, found, every)
    dense = dense_features(words, batch, tables, found)
    v = len(words)
    n_single = N_BUCKETS * v

    def readable(col: int) -> tuple[object, ...]:
        if col >= n_single:
            pair = int(keys[(col - n_single) % len(keys)])
            return ("MM" if col < n_single + len(keys) else "KK", pair // v, pair % v)
        bucket, word = divmod(col, v)
        if bucket == M_WORD:
            return ("M", word)
        if bucket in (M_BEFORE, M_AFTER):
            return ("M<" if bucket == M_BEFORE else "M>", word)
        if C_SIDE_DISTANCE <= bucket < C_SIDE:
            side, k = divmod(bucket - C_SIDE_DISTANCE, 4)
            return ("C", side, k, word)
        if bucket in (C_SIDE, C_SIDE + 1):
            return ("C", bucket - C_SIDE, word)
        if bucket == K_WORD:
            return ("K", word)
        if bucket == P_WORD:
            return ("P", word)
        assert bucket in (P_SIDE, P_SIDE + 1)
        return ("P", bucket - P_SIDE, word)

    block_of = {"M": 0, "M<": 0, "M>": 0, "MM": 0, "C": 1, "K": 2, "KK": 2, "P": 3}
    assert list(BUCKET_BLOCK) == [block_of[readable(b * v + 1)[0]] for b in range(N_BUCKETS)]
    for t in range(batch.n_targets):
        low = int(batch.offsets[batch.sentence[t]])  # the batch numbers tokens across its distinct sentences
        expected, expected_dense = reference_features(
            words, tokenize([sentences[t]]).words, int(batch.first[t]) - low, int(batch.last[t]) - low
        )
        # Normalise the expected values per block as sparse_entries does (per occurrence, unit length).
        got: dict[tuple[object, ...], float] = {}
        for c, value in zip(cols[rows == t].tolist(), vals[rows == t].tolist(), strict=True):
            got[readable(c)] = got.get(readable(c), 0.0) + value
        norms = np.zeros(N_BLOCKS)
        occurrences: dict[tuple[object, ...], list[float]] = {}
        for c, value in zip(cols[rows == t].tolist(), vals[rows == t].tolist(), strict=True):
            occurrences.setdefault(readable(c), []).append(value)
        for key, values in occurrences.items():
            norms[block_of[key[0]]] += sum(x * x for x in values)
        assert np.allclose(norms[norms > 0], 1.0)
        assert set(got) == set(expected), sentences[t]
        for key, value in expected.items():
            # Same direction: the entries' values are the reference's, scaled by one factor per block.
            assert got[key] > 0 and value > 0
        ratios: dict[int, set[float]] = {}
        for key, value in expected.items():
            ratios.setdefault(block_of[key[0]], set()).add(round(got[key] / value, 6))
        assert all(len(r) == 1 for r in ratios.values()), (sentences[t], ratios)
        assert np.allclose(dense[t], expected_dense, atol=1e-9), sentences[t]


def test_prefix_sum_scores_equal_the_explicit_entries(model) -> None:
    from analysis.stance.features import prepare

    sentences, spans = _random_sentences(model.words.words[1:5000], 400, seed=2)
    # Real news sentences too, where the learnt weights are dense.
    sentences += ["Critics slammed Smith, but Jones said he was “not a crook” and praised him by name."] * 3
    spans += [(16, 21), (27, 32), (76, 79)]
    batch = prepare(model.words, sentences, spans)
    # The scoring table holds weights as float32 (summed in float64): agreement to ~1e-7 of a score.
    assert np.allclose(model.scores(batch), model.reference_scores(batch), atol=1e-5)


def test_folded_model_scores_equal_the_training_feature_matrix(model) -> None:
    """The weights a classifier learns over the training matrix, folded into the scoring arrays (dense
    standardisation, word vectors projected per word), give the classifier's own scores."""
    from analysis.stance.features import prepare
    from analysis.stance.train import Design

    rng = np.random.default_rng(0)
    sentences, spans = _random_sentences(model.words.words[1:1500], 300, seed=4)
    vectors = rng.normal(size=(len(model.words), 8)).astype(np.float32)
    vectors[rng.random(len(model.words)) < 0.3] = 0.0
    vectors[0] = 0.0
    batch = prepare(model.words, sentences, spans)
    design = Design.fit(model.words, vectors, batch, vector_weight=0.3)
    matrix = design.transform(batch)
    coef = rng.normal(size=(3, matrix.shape[1]))
    intercept = rng.normal(size=3)
    folded = design.model(coef, intercept)
    expected = matrix @ coef.T + intercept
    assert np.allclose(folded.reference_scores(batch), expected, atol=1e-8)
    assert np.allclose(folded.scores(batch), expected, atol=1e-4)  # float32 scoring table


# --- Calibration ---------------------------------------------------------------------------------------------


def test_calibration_error_and_temperature() -> None:
    from analysis.stance.model import LABELS, softmax
    from analysis.stance.train import expected_calibration_error, fit_temperature

    rng = np.random.default_rng(0)
    logits = rng.normal(scale=3.0, size=(20_000, 3))
    true = softmax(logits / 2.0)  # the real probabilities: scores twice too sharp
    labels = np.array(LABELS)[[rng.choice(3, p=p) for p in true]]
    assert expected_calibration_error(true, labels) < 0.02
    assert expected_calibration_error(softmax(logits), labels) > 0.08
    assert fit_temperature(logits, labels) == pytest.approx(2.0, rel=0.08)
    # Always right at 100 % confidence: no error; always wrong at 100 %: all error.
    certain = np.eye(3)[[0, 1, 2, 0]]
    assert expected_calibration_error(certain, np.array(["negative", "neutral", "positive", "negative"])) == 0.0
    assert expected_calibration_error(certain, np.array(["neutral", "positive", "negative", "neutral"])) == 1.0


# --- The pipeline's table -------------------------------------------------------------------------------------


def test_seed_entity_sentiment(seed_analysis, model) -> None:
    from analysis.stance.model import LABELS

    frame = seed_analysis.frames["entity_sentiment"]
    assert {"Mike Pompeo", "China"} <= set(frame["entity"])
    # Each row is the model's own prediction for that entity's first mention in that sentence.
    sentences = seed_analysis.frames["sentences"].set_index(["doc_id", "sent_id"])
    firsts = seed_analysis.frames["entities"].drop_duplicates(["doc_id", "sent_id", "entity"])
    rows = frame.merge(firsts, on=["doc_id", "sent_id", "entity"])
    assert len(rows) == len(frame) == len(firsts), "every entity-sentence scored, once"
    assert not frame.duplicated(["doc_id", "sent_id", "entity"]).any()
    starts = sentences.loc[list(zip(rows["doc_id"], rows["sent_id"], strict=True)), "start"].to_numpy()
    texts = sentence_texts_of(seed_analysis, rows)
    proba = model.predict_proba(texts, list(zip(rows["start"] - starts, rows["end"] - starts, strict=True)))
    assert rows["label"].tolist() == [LABELS[i] for i in proba.argmax(axis=1)]
    assert np.allclose(rows["confidence"], proba.max(axis=1), atol=1e-6)
    assert np.allclose(rows["score"], proba[:, 2] - proba[:, 0], atol=1e-6)
    assert rows["label"].nunique() >= 2
    # Every prediction points at a sentence that names the entity.
    for row in rows.itertuples():
        text = texts[row.Index]
        start = row.start - starts[row.Index]
        assert text[start : start + len(row.mention)] == row.mention


def test_entity_sentiment_of_no_entities() -> None:
    import pandas as pd

    from analysis.stance.model import predict_many
    from analysis.stance.score import ENTITY_SENTIMENT_COLUMNS, entity_sentiment

    empty = pd.DataFrame(columns=["doc_id", "sent_id", "start", "end", "mention", "entity", "type"])
    sentences = pd.DataFrame(columns=["doc_id", "sent_id", "para_id", "start", "end", "n_words"])
    assert list(entity_sentiment(empty, sentences, {}, predict_many).columns) == ENTITY_SENTIMENT_COLUMNS
