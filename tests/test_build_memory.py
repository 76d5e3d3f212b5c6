"""The build's memory-saving steps compute what the plain steps did: the term counts' first-pass filter,
the texts made per slice, tasks made when taken, and names linked without tuples."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import analysis.text.terms as terms
from analysis.config import EngineConfig
from analysis.engine import InProcess, Tasks
from analysis.ingest.corpus import load_corpus
from analysis.ingest.furniture import AnalysedTexts, blank
from analysis.voices.batch import link_names
from analysis.voices.entities import ORG, PERSON, UNKNOWN, corpus_names
from tests.conftest import BBC, need


def _accept_all(*_args: object):
    return lambda keys: np.ones(keys.size, dtype=bool)


@pytest.fixture(scope="module")
def bbc_texts() -> list[str]:
    return load_corpus(need(BBC)).articles["text"].tolist()[:600]


@pytest.mark.parametrize("bucket_bits", [terms._BUCKET_BITS, 6])
def test_first_pass_filter_keeps_the_vocabulary_and_counts_exactly(bbc_texts, monkeypatch, bucket_bits):
    """With the filter, and with every n-gram counted exactly (no filter), the term matrix is the same —
    with the buckets sized to these texts (fewer than the most) and when 64 buckets make nearly every key
    collide (the filter then lets almost everything through)."""
    engine = EngineConfig(n_jobs=1, block_docs=150)  # several blocks, so corpus-wide totals are merged
    monkeypatch.setattr(terms, "_BUCKET_BITS", bucket_bits)
    filtered = terms.build_term_matrix(bbc_texts, min_df=3, engine=engine)
    monkeypatch.setattr(terms, "_possible_terms", _accept_all)
    exact = terms.build_term_matrix(bbc_texts, min_df=3, engine=engine)
    assert filtered.terms.tolist() == exact.terms.tolist()
    assert (filtered.counts != exact.counts).nnz == 0 and filtered.counts.shape == exact.counts.shape
    assert np.array_equal(filtered.n_words, exact.n_words)
    assert any(" " in t for t in filtered.terms)  # phrases are in the comparison, not only words


def test_first_pass_filter_drops_most_rare_n_grams(bbc_texts):
    """The point of the filter: most distinct n-grams occur in too few articles and are never counted."""
    engine = EngineConfig(n_jobs=1, block_docs=150)
    ids, lengths, uniques = terms._token_ids(bbc_texts, engine)
    stop = np.fromiter((terms.is_stop(u) for u in uniques), dtype=bool, count=len(uniques))
    connector = np.fromiter((u in terms.CONNECTORS for u in uniques), dtype=bool, count=len(uniques))
    base = np.int64(len(uniques) + 1)
    offsets = np.concatenate(([0], np.cumsum(lengths)))
    bounds = [(lo, min(lo + 150, len(bbc_texts))) for lo in range(0, len(bbc_texts), 150)]

    def block_keys(lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
        doc = np.repeat(np.arange(hi - lo, dtype=np.int32), lengths[lo:hi])
        return terms._ngram_keys(ids[offsets[lo] : offsets[hi]], doc, stop, connector, base, base - 1)

    possible = terms._possible_terms(bounds, block_keys, 3, 2, base - 1, base, int(offsets[-1]))
    keys = np.unique(np.concatenate([block_keys(lo, hi)[0] for lo, hi in bounds]))
    assert possible(keys).mean() < 0.5


def test_analysed_texts_are_the_blanked_texts_by_slice_and_in_full():
    texts = ["Page furniture. The story itself.", "No furniture here.", "Share this! Another story."]
    furniture = ["0:15", "", "0:11"]
    frame = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": texts, "furniture": furniture})
    expected = [blank(t, f) for t, f in zip(texts, furniture, strict=True)]
    analysed = AnalysedTexts(frame)
    assert len(analysed) == 3 and list(analysed) == expected
    assert analysed[1:] == expected[1:] and analysed[::2] == expected[::2] and analysed[-1] == expected[-1]
    for backwards in (slice(None, None, -1), slice(2, 0, -1), slice(-1, -3, -1), slice(None, None, -2)):
        assert analysed[backwards] == expected[backwards]
    assert expected[0].startswith(" " * 15) and len(expected[0]) == len(texts[0])
    assert list(AnalysedTexts(frame.drop(columns="furniture"))) == texts


def test_tasks_are_made_only_when_the_runner_takes_them():
    made: list[int] = []

    def make(i: int) -> tuple:
        made.append(i)
        return (i,)

    seen: list[tuple[int, int]] = []

    def run(i: int) -> int:
        seen.append((i, len(made)))  # how many tasks existed when this one ran
        return i * i

    tasks = Tasks(4, make)
    assert len(tasks) == 4 and made == []
    assert InProcess().map(run, tasks) == [0, 1, 4, 9]
    assert seen == [(0, 1), (1, 2), (2, 3), (3, 4)]
    assert tasks[2] == (2,) and tasks[1:3] == [(1,), (2,)]


def _linked_reference(entities: pd.DataFrame, quotes: pd.DataFrame, mapping: dict[str, str]) -> list[object]:
    """The speakers as the earlier implementation linked them: a set of (doc, name) tuples."""
    other = entities[~entities["type"].isin([PERSON, UNKNOWN])]
    not_people = set(zip(other["doc_id"].tolist(), other["entity"].tolist(), strict=True))
    return [
        name if (doc, name) in not_people else mapping.get(name, name)
        for doc, name in zip(quotes["doc_id"].tolist(), quotes["speaker"].tolist(), strict=True)
    ]


def test_speakers_are_linked_as_before():
    rows = [
        ("a", 0, 0, 12, "Theresa May", "Theresa May", PERSON),
        ("a", 1, 20, 23, "May", "May", PERSON),
        ("b", 0, 0, 3, "May", "May", UNKNOWN),
        ("c", 0, 0, 5, "House", "House", ORG),
        ("d", 0, 0, 13, "Jonathan House", "Jonathan House", PERSON),
        ("e", 0, 0, 5, "House", "House", PERSON),
    ]
    entities = pd.DataFrame(rows, columns=["doc_id", "sent_id", "start", "end", "mention", "entity", "type"])
    quotes = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c", "e", "e"],
            "speaker": ["May", "May", "House", "House", None],
            "text": ["one", "two", "three", "four", "five"],
        }
    )

    mapping = corpus_names(entities)
    assert mapping.get("May") == "Theresa May" and mapping.get("House") == "Jonathan House"
    linked_entities, linked_quotes = link_names(entities, quotes)
    expected = _linked_reference(entities, quotes, mapping)
    assert linked_quotes["speaker"].tolist()[:4] == expected[:4] == ["Theresa May", "Theresa May", "House",
                                                                       "Jonathan House"]  # fmt: skip
    assert pd.isna(linked_quotes["speaker"].iloc[4]) and pd.isna(expected[4])  # no speaker stays none
    assert linked_quotes["text"].tolist() == quotes["text"].tolist()
    assert "House" in set(linked_entities.loc[linked_entities["doc_id"] == "c", "entity"])
    assert set(linked_entities.loc[linked_entities["doc_id"] == "b", "entity"]) == {"Theresa May"}


def test_speakers_link_whatever_the_ids_and_speakers_are_typed():
    """Ids need not be strings (an ``analyze()`` caller's own), and a quotes frame whose speakers are all
    missing may be read as floats: neither is cast to the other's type."""
    columns = ["doc_id", "sent_id", "start", "end", "mention", "entity", "type"]
    entities = pd.DataFrame(
        [(1, 0, 0, 10, "Jane Smith", "Jane Smith", PERSON), (2, 0, 0, 5, "Smith", "Smith", ORG),
         (3, 0, 0, 5, "Smith", "Smith", PERSON)],
        columns=columns,
    )  # fmt: skip
    quotes = pd.DataFrame({"doc_id": [2, 3], "speaker": ["Smith", "Smith"]})
    assert link_names(entities, quotes)[1]["speaker"].tolist() == ["Smith", "Jane Smith"]  # an organisation in 2
    no_speakers = pd.DataFrame({"doc_id": [2], "speaker": [np.nan]})
    assert link_names(entities, no_speakers)[1]["speaker"].isna().all()


def test_words_per_text_counts_each_text_block_by_block_empty_texts_included():
    """Words per text are counted a block at a time (no corpus-wide int64 copy); a text without tokens —
    also the last one of a block or of the corpus — has none, and punctuation is no word."""
    texts = ["The bridge opened today.", "", "A new bridge, at last.", "", "Council votes", ""]
    engine = EngineConfig(n_jobs=1, block_docs=2)  # blocks of two: empty texts end blocks and the corpus
    tm = terms.build_term_matrix(texts, min_df=1, engine=engine)
    assert tm.n_words.tolist() == [4, 0, 5, 0, 2, 0]
    whole = terms.build_term_matrix(texts, min_df=1, engine=EngineConfig(n_jobs=1, block_docs=100))
    assert whole.n_words.tolist() == tm.n_words.tolist()


def test_token_ids_filled_in_place_are_the_concatenated_ones(bbc_texts):
    """Told how many tokens the batches hold, the term counts fill one array as each batch is mapped: the
    same matrix as from the concatenated batches; a wrong count is an error, not a silent short array."""
    batches = [terms.tokenize_batch(bbc_texts[i : i + 100]) for i in range(0, 300, 100)]
    engine = EngineConfig(n_jobs=1, block_docs=150)
    joined = terms.build_term_matrix(bbc_texts[:300], min_df=2, engine=engine, tokens=iter(batches))
    count = sum(b.codes.size for b in batches)
    filled = terms.build_term_matrix(bbc_texts[:300], min_df=2, engine=engine, tokens=iter(batches), token_count=count)
    assert filled.terms.tolist() == joined.terms.tolist() and (filled.counts != joined.counts).nnz == 0
    with pytest.raises(ValueError, match="token_count"):
        terms.build_term_matrix(bbc_texts[:300], min_df=2, engine=engine, tokens=iter(batches), token_count=count + 1)


def _resident_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS"))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_freed_arrays_leave_the_process_at_once():
    """With the heap bounded, 160 MB of 8 MB arrays freed under a block still in use are given back at
    once — glibc's own threshold would have risen to 8 MB after the first such free, and the arrays would
    have come from the heap, held until a trim."""
    from analysis.memory import LIBC, bounded_heap

    if LIBC is None:
        pytest.skip("not glibc")
    with bounded_heap():
        warm = np.ones(1 << 20)
        del warm  # what raises glibc's own threshold
        arrays = [np.ones(1 << 20) for _ in range(20)]
        pinned = np.ones(1 << 20)  # above them, in use
        before = _resident_mb()
        del arrays
        assert before - _resident_mb() > 120, "the freed arrays are still resident"
    assert pinned.sum() == 1 << 20


def test_arrow_buffers_freed_while_building_leave_the_process_at_once():
    """Arrow allocates from the bounded heap while building, so a Parquet part read and let go (the names
    merged a partition at a time read every partition's mentions) does not stay resident in Arrow's own
    pool; its pool is put back after the outermost bounded heap."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from analysis.memory import LIBC, bounded_heap

    if LIBC is None:
        pytest.skip("not glibc")
    before_pool = pa.default_memory_pool().backend_name
    with bounded_heap():
        with bounded_heap():
            assert pa.default_memory_pool().backend_name == "system"
        assert pa.default_memory_pool().backend_name == "system", "an inner heap leaves the outer one's pool"
        base = pa.array(np.ones(1 << 20))
        columns = [pc.multiply(base, 2.0) for _ in range(20)]  # 160 MB of buffers from Arrow's pool
        pinned = pc.multiply(base, 1.0)
        before = _resident_mb()
        del columns
        assert before - _resident_mb() > 120, "the freed Arrow buffers are still resident"
    assert pa.default_memory_pool().backend_name == before_pool
    assert pinned.to_numpy().sum() == 1 << 20


def test_topic_matrices_made_without_copies_are_the_same():
    """The presence matrix sharing the counts' index arrays, and TF-IDF made as one matrix normalised in
    place, equal what the copying expressions gave."""
    from scipy import sparse
    from sklearn.preprocessing import normalize

    from analysis.themes.hierarchy import tfidf
    from analysis.themes.topics import _presence

    rng = np.random.default_rng(0)
    counts = sparse.random(200, 300, density=0.05, format="csr", random_state=rng, dtype=np.float32)
    counts.data = np.ceil(counts.data * 5)  # counts of 1 to 5
    assert (_presence(counts) != (counts > 0).astype(np.float32)).nnz == 0
    with_zero = counts.copy()
    with_zero.data[0] = 0.0  # a stored zero is no presence
    assert (_presence(with_zero) != (with_zero > 0).astype(np.float32)).nnz == 0
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = (np.log((1 + counts.shape[0]) / (1 + df)) + 1).astype(np.float32)
    copied = counts.copy()
    copied.data = (1 + np.log(copied.data)) * idf[copied.indices]
    weights, got_idf = tfidf(counts)
    assert np.array_equal(got_idf, idf)
    assert np.array_equal(weights.toarray(), normalize(copied).toarray())
    assert counts.data.max() == 5  # the counts themselves are untouched


def test_texts_moved_out_of_the_rows_a_chunk_at_a_time_load_the_same_corpus(tmp_path, monkeypatch):
    import analysis.ingest.corpus as corpus_module

    rows = [{"title": f"Story {i}", "source": "Wire" if i % 3 else "Post", "published": f"2024-03-{1 + i % 28:02d}",
             "text": f"Story {i} opens here.\n\n“Quoted,” said Ann Lee {i}. " + "Café words ü. " * (i % 5)}
            for i in range(11)]  # fmt: skip
    rows.append(dict(rows[4]))  # an exact duplicate, dropped by the load: a filter of the text column
    path = tmp_path / "news.jsonl"
    pd.DataFrame(rows).to_json(path, orient="records", lines=True, force_ascii=False)
    monkeypatch.setattr(corpus_module, "TEXT_CHUNK", 10**6)
    whole = load_corpus(path)
    monkeypatch.setattr(corpus_module, "TEXT_CHUNK", 3)  # four chunks, the last one short
    chunked = load_corpus(path)
    pd.testing.assert_frame_equal(chunked.articles, whole.articles, check_exact=True)
    pd.testing.assert_frame_equal(chunked.report, whole.report, check_exact=True)
    assert len(whole.articles) == 11 and whole.articles["text"].str.contains("Ann Lee").all()
    assert chunked.articles["text"].array._pa_array.num_chunks == 1, "one chunk, as a column built from a list"


def test_held_out_fit_squared_a_block_of_rows_at_a_time_is_the_same(monkeypatch):
    from scipy import sparse

    import analysis.themes.hierarchy as hierarchy

    rng = np.random.default_rng(1)
    counts = sparse.random(50, 40, density=0.2, format="csr", random_state=rng, dtype=np.float32)
    counts.data = np.ceil(counts.data * 5)
    counts.data[counts.indptr[7] : counts.indptr[8]] = 0  # an empty article
    counts.eliminate_zeros()
    weights, _ = hierarchy.tfidf(counts)
    labels = rng.integers(0, 4, weights.shape[0])
    labels[:4] = np.arange(4)
    labels[labels == 3] = 2
    labels[3] = 3  # topic 3 of one article: its leave-one-out mean is empty
    member = sparse.csr_matrix((np.ones(len(labels), np.float32), (labels, np.arange(len(labels)))), shape=(4, 50))
    topic_terms = np.asarray((member @ weights).todense(), dtype=np.float32) / np.bincount(labels)[:, None]
    monkeypatch.setattr(hierarchy, "SQUARED_ROWS", 10**6)
    whole = hierarchy.held_out_fit(weights, topic_terms, labels)
    monkeypatch.setattr(hierarchy, "SQUARED_ROWS", 3)  # 17 blocks, the last one of two rows
    assert np.array_equal(hierarchy.held_out_fit(weights, topic_terms, labels), whole)
    assert np.isfinite(whole).all() and 0.0 < whole.max() <= 1.0 + 1e-6


def test_held_out_fit_squares_a_few_topics_at_a_time_to_the_same_figures(monkeypatch):
    from scipy import sparse

    import analysis.themes.hierarchy as hierarchy

    rng = np.random.default_rng(2)
    counts = sparse.random(120, 60, density=0.2, format="csr", random_state=rng, dtype=np.float32)
    counts.data = np.ceil(counts.data * 5)
    weights, _ = hierarchy.tfidf(counts)
    labels = np.arange(120) % 19  # 19 topics: blocks of 8, 8 and 3
    member = sparse.csr_matrix((np.ones(120, np.float32), (labels, np.arange(120))), shape=(19, 120))
    topic_terms = np.asarray((member @ weights).todense(), dtype=np.float32) / np.bincount(labels)[:, None]
    monkeypatch.setattr(hierarchy, "SQUARED_TOPICS", 10**6)
    whole = hierarchy.held_out_fit(weights, topic_terms, labels)
    monkeypatch.setattr(hierarchy, "SQUARED_TOPICS", 8)
    assert np.array_equal(hierarchy.held_out_fit(weights, topic_terms, labels), whole)
    monkeypatch.setattr(hierarchy, "SQUARED_TOPICS", 1)
    assert np.array_equal(hierarchy.held_out_fit(weights, topic_terms, labels), whole)


def test_term_count_frames_share_the_matrix_arrays_and_hold_its_counts(bbc_texts):
    tm = terms.build_term_matrix(bbc_texts[:200], min_df=2)
    frame = terms.term_count_frames(tm)["term_counts"]
    counts = tm.counts.tocsr()
    assert np.shares_memory(frame["term_id"].to_numpy(), counts.indices), "no copy of the 12 M term ids at 37.5k"
    assert np.shares_memory(frame["count"].to_numpy(), counts.data)
    again = sparse_of(frame, counts.shape)
    assert (again != counts).nnz == 0 and frame["row"].is_monotonic_increasing


def sparse_of(frame: pd.DataFrame, shape: tuple[int, int]):
    from scipy import sparse

    return sparse.csr_matrix((frame["count"], (frame["row"], frame["term_id"])), shape=shape)


def test_nonnegative_fit_a_block_of_rows_at_a_time_is_the_same(monkeypatch):
    import analysis.themes.hierarchy as hierarchy

    rng = np.random.default_rng(2)
    targets = rng.standard_normal((101, 12)).astype(np.float32)
    parts = rng.standard_normal((5, 12)).astype(np.float32)
    monkeypatch.setattr(hierarchy, "FIT_ROWS", 10**6)
    whole = hierarchy.nonnegative_fit(targets, parts)
    monkeypatch.setattr(hierarchy, "FIT_ROWS", 7)  # 15 blocks, the last one of three rows
    blocked = hierarchy.nonnegative_fit(targets, parts)
    assert blocked.dtype == np.float32 and blocked.shape == (101, 5)
    assert np.array_equal(blocked, whole) and (whole >= 0).all() and (whole > 0).any()
    assert hierarchy.nonnegative_fit(targets[:0], parts).shape == (0, 5)


def test_freed_memory_is_given_back_only_after_work_on_a_corpus_worth_it(monkeypatch):
    """A full collection costs about 0.1 s once the build side is imported; a one-article corpus frees
    nothing worth it, seven times a build (0.72 of the seed's 1.89 s analysis in a cold process)."""
    import analysis.memory as memory

    collections: list[int] = []
    monkeypatch.setattr(memory.gc, "collect", lambda *args: collections.append(1) or 0)
    memory.give_back(memory.WORTH_GIVING_BACK - 1)
    assert collections == [], "a small corpus's stage: nothing collected"
    memory.give_back(memory.WORTH_GIVING_BACK)
    memory.give_back()  # no size given: always
    assert collections == [1, 1]


def test_the_per_article_stage_gives_the_same_tables_whatever_its_batch(bbc_texts):
    """Articles are joined into batches for the tokenizer, the recogniser and the gazetteers (a smaller
    batch is a smaller peak in each worker); no table may depend on where a batch ends."""
    from analysis.text.sentences import sentence_frame
    from analysis.voices.batch import analyse_voices

    texts = bbc_texts[:120]
    ids = [f"d{k}" for k in range(len(texts))]
    articles = pd.DataFrame({"doc_id": ids, "text": texts})
    sentences = sentence_frame(ids, texts)
    tables = [
        analyse_voices(articles, sentences, engine=EngineConfig(n_jobs=1, batch_articles=size)) for size in (7, 120)
    ]
    for small, whole in zip(*tables, strict=True):
        assert len(whole) > 100
        pd.testing.assert_frame_equal(small, whole)


def test_names_merge_the_same_from_counts_kept_per_partition(bbc_texts):
    """The build keeps each partition's mention counts per (entity, type), not every mention's name, until
    the corpus's names are merged: the mapping is the same as from every row, however the rows were cut."""
    from analysis.voices.entities import article_mentions, name_counts

    rows = [
        (f"d{k}", name, kind)
        for k, text in enumerate(bbc_texts[:300])
        for _, _, _, name, kind in article_mentions(text)
    ]
    mentions = pd.DataFrame(rows, columns=["doc_id", "entity", "type"])
    from_rows = corpus_names(mentions)
    assert len(from_rows) >= 10  # lone surnames of full names named in other articles ("Brown" → Gordon Brown)
    cuts = [0, 37, 1000, 2500, len(mentions)]
    per_part = [name_counts(mentions.iloc[a:b]) for a, b in itertools.pairwise(cuts)]
    merged = name_counts(pd.concat(per_part, ignore_index=True))
    assert merged["count"].sum() == len(mentions)
    assert corpus_names(merged) == from_rows
    assert corpus_names(name_counts(mentions.iloc[::-1])) == from_rows  # nor in which order
    # Nor in which dtype: a categorical's categories no article mentions are no names (they counted 0).
    coded = mentions.iloc[: len(mentions) // 2].astype({"entity": "category", "type": "category"})
    assert corpus_names(coded.assign(entity=coded["entity"].cat.set_categories(mentions["entity"].unique()))) == (
        corpus_names(mentions.iloc[: len(mentions) // 2])
    )
