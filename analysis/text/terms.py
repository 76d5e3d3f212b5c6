"""Document × term counts with phrases, built with array operations instead of a Python loop per n-gram.

scikit-learn's ``CountVectorizer(ngram_range=(1, 3))`` builds every n-gram as a Python string and keeps
the full vocabulary in a dict before pruning; on the 8,000 AllSides articles that is minutes and
gigabytes.  Here each text is tokenized once (a compiled regex), tokens become integer ids in one
hash-table pass (``pandas.factorize``), n-grams are integer arithmetic on those ids, and only the terms
that survive the frequency cuts are ever turned back into strings.

Phrases: bigrams of two content words ("hong kong", "foreign secretary") and trigrams whose ends are
content words and whose middle is a content word or a connector ("secretary of state").  No n-gram
crosses a clause break.  A word that occurs mostly inside one phrase ("hong" in "hong kong") is folded
into the phrase, so multi-word names are kept whole.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.config import ENGINE, EngineConfig
from analysis.text.tokens import is_break, is_stop, raw_tokens

# Only these may join two content words into a trigram ("secretary of state"); "in", "and" make junk.
CONNECTORS = frozenset({"of", "de"})
#: A word is folded into a phrase when the phrase accounts for at least this share of its occurrences.
SUBSUME = 0.7
_FLOOR = 1e-8  # reference frequency of a term wordfreq has never seen


@dataclass
class Tokens:
    """A batch of texts tokenized once: each token as a code into ``distinct``, and tokens per text.

    What a partition hands back for the term counts: token strings are made once per batch, wherever the
    batch runs, and only the distinct ones travel."""

    codes: np.ndarray  # int32 codes into ``distinct``, all texts concatenated
    distinct: list[str]
    lengths: np.ndarray  # tokens per text


def tokenize_batch(texts: list[str]) -> Tokens:
    """:class:`Tokens` of ``texts`` (:func:`analysis.text.tokens.raw_tokens` of each)."""
    token_lists = [raw_tokens(t) for t in texts]
    lengths = np.fromiter((len(t) for t in token_lists), dtype=np.int64, count=len(texts))
    flat = np.array(list(chain.from_iterable(token_lists)), dtype=object)
    if not flat.size:
        return Tokens(np.zeros(0, dtype=np.int32), [], lengths)
    codes, distinct = pd.factorize(flat)
    # int32: a batch has far fewer than 2**31 distinct tokens, and the codes of every partition are held
    # until the term counts are made (half the memory of factorize's int64).
    return Tokens(codes.astype(np.int32), list(distinct), lengths)


@dataclass
class TermMatrix:
    """Counts of terms per unit of text (article or passage)."""

    counts: sparse.csr_matrix  # units × terms, float32 counts
    terms: np.ndarray  # term strings, words joined by a space
    n_words: np.ndarray  # per unit: tokens that are words (stop words included), for rates

    @property
    def ngram(self) -> np.ndarray:
        """How many words each term has (1, 2 or 3)."""
        return np.char.count(self.terms.astype(str), " ") + 1


def build_term_matrix(
    texts: list[str],
    *,
    min_df: int = 2,
    max_df: float = 0.5,
    max_terms: int = 40_000,
    min_phrase_count: int = 2,
    engine: EngineConfig = ENGINE,
    tokens: Iterable[Tokens] | None = None,
    token_count: int | None = None,
) -> TermMatrix:
    """Count unigrams, bigrams and trigrams per text.

    ``min_df``: a term must occur in at least this many texts; ``max_df``: and in at most this share of
    them (ubiquitous terms say nothing; ignored for fewer than 10 texts); ``max_terms``: the vocabulary is
    capped to the most frequent; ``min_phrase_count``: a phrase must occur at least this often in all.

    Memory stays bounded on large corpora: tokens exist as Python strings one batch at a time (as
    integer ids after that), and n-grams are counted per block of texts before the blocks are merged.
    ``tokens``: the texts' :class:`Tokens`, batch by batch in text order, when the caller has them (the
    pipeline's partitions tokenize as they go); else they are made here.  ``token_count``: how many
    tokens they hold, when known, so the corpus's ids are filled in place rather than concatenated.
    """
    n_texts = len(texts)
    ids, lengths, uniques = _token_ids(texts, engine) if tokens is None else _merge_tokens(tokens, token_count)
    stop = np.fromiter((is_stop(u) for u in uniques), dtype=bool, count=len(uniques))
    brk = np.fromiter((is_break(u) for u in uniques), dtype=bool, count=len(uniques))
    connector = np.fromiter((u in CONNECTORS for u in uniques), dtype=bool, count=len(uniques))
    offsets = np.concatenate(([0], np.cumsum(lengths)))
    base = np.int64(len(uniques) + 1)
    if int(base) ** 3 >= 2**62:
        raise ValueError("vocabulary too large for integer n-gram keys")
    none = base - 1
    bounds = [(lo, min(lo + engine.block_docs, n_texts)) for lo in range(0, n_texts, engine.block_docs)]
    n_words = _words_per_text(~brk, ids, offsets, bounds)

    def block_keys(lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
        doc = np.repeat(np.arange(hi - lo, dtype=np.int32), lengths[lo:hi])
        return _ngram_keys(ids[offsets[lo] : offsets[hi]], doc, stop, connector, base, none)

    possible = _possible_terms(bounds, block_keys, min_df, min_phrase_count, none, base, int(offsets[-1]))
    blocks: list[tuple[sparse.csr_matrix, np.ndarray]] = []  # per block: counts, and each column's n-gram key
    for lo, hi in bounds:
        keys, key_doc = block_keys(lo, hi)
        wanted = possible(keys)
        keys, key_doc = keys[wanted], key_doc[wanted]
        column, key_values = pd.factorize(keys)
        counts = sparse.csr_matrix(
            (np.ones(column.size, dtype=np.float32), (key_doc, column)), shape=(hi - lo, len(key_values))
        )
        counts.sum_duplicates()
        blocks.append((counts, np.asarray(key_values, dtype=np.int64)))

    # Corpus-wide totals and document frequencies per n-gram key, merged over the blocks.
    all_keys = np.concatenate([keys for _, keys in blocks]) if blocks else np.zeros(0, dtype=np.int64)
    all_total = np.concatenate([np.asarray(c.sum(axis=0)).ravel() for c, _ in blocks]) if blocks else np.zeros(0)
    all_df = (
        np.concatenate([np.bincount(c.indices, minlength=c.shape[1]) for c, _ in blocks])
        if blocks
        else np.zeros(0, dtype=np.int64)
    )
    key_values, inverse = np.unique(all_keys, return_inverse=True)
    total = np.bincount(inverse, weights=all_total, minlength=key_values.size)
    df = np.bincount(inverse, weights=all_df, minlength=key_values.size)
    first, second, third = key_values // (base * base), (key_values // base) % base, key_values % base
    n_gram = 1 + (second != none) + (third != none)

    keep = df >= min_df
    if n_texts >= 10:
        keep &= df <= max(max_df * n_texts, min_df)
    keep &= (n_gram == 1) | (total >= min_phrase_count)
    keep &= ~_subsumed(key_values, first, second, third, n_gram, total, keep, base, none)
    kept = np.flatnonzero(keep)
    if kept.size > max_terms:
        kept = kept[np.argsort(-total[kept], kind="stable")[:max_terms]]
    kept.sort()
    kept_keys = key_values[kept]
    words = [
        uniques[first[kept]],
        np.where(second[kept] != none, uniques[np.minimum(second[kept], none - 1)], ""),
        np.where(third[kept] != none, uniques[np.minimum(third[kept], none - 1)], ""),
    ]
    terms = np.array([" ".join(w for w in triple if w) for triple in zip(*words, strict=True)], dtype=object)
    # Columns in the terms' alphabetical order, not the order tokens were first met: the vocabulary (and
    # every tie between two terms' scores) is then the same whatever order the articles came in.  Each
    # block's columns go straight to their place in that order (permuting the columns of the whole
    # matrix afterwards copied it twice: +180 MB at 37,554 articles).
    order = np.argsort(terms.astype(str), kind="stable")
    place = np.empty_like(order)
    place[order] = np.arange(order.size)
    rows = []
    while blocks:  # each block's counts over every n-gram are let go as soon as its kept columns are taken
        rows.append(_remap(*blocks.pop(0), kept_keys, place))
    matrix = sparse.vstack(rows, format="csr") if rows else sparse.csr_matrix((n_texts, kept.size), dtype=np.float32)
    del rows
    matrix.sort_indices()
    return TermMatrix(counts=matrix, terms=terms[order], n_words=n_words.astype(np.int64))


def count_on_vocabulary(texts: list[str], terms: np.ndarray, tokens: Iterable[Tokens] | None = None) -> TermMatrix:
    """Counts of a fixed vocabulary's ``terms`` in ``texts``: what :func:`build_term_matrix` would have
    counted for these texts had they been in the corpus it was built on, for every term it kept.

    The growing-corpus path counts new articles this way, so their rows line up with the stored counts
    (same columns) and the stored topic model applies to them.  Unigram counts include their uses inside
    phrases, as in the build; terms the build folded into a phrase are not in ``terms``, so they are not
    counted here either.
    """
    ids, lengths, uniques = _token_ids(texts, EngineConfig(n_jobs=1)) if tokens is None else _merge_tokens(tokens)
    stop = np.fromiter((is_stop(u) for u in uniques), dtype=bool, count=len(uniques))
    brk = np.fromiter((is_break(u) for u in uniques), dtype=bool, count=len(uniques))
    connector = np.fromiter((u in CONNECTORS for u in uniques), dtype=bool, count=len(uniques))
    offsets = np.concatenate(([0], np.cumsum(lengths)))
    n_words = _words_per_text(~brk, ids, offsets, [(0, len(texts))])
    base = np.int64(len(uniques) + 1)
    none = base - 1
    doc = np.repeat(np.arange(len(texts), dtype=np.int32), lengths)
    keys, key_doc = _ngram_keys(ids, doc, stop, connector, base, none)
    # Each vocabulary term as a key over these texts' own token table (-1: a word these texts never use).
    local = {u: i for i, u in enumerate(uniques)}
    term_keys = np.full(len(terms), -1, dtype=np.int64)
    for j, term in enumerate(terms):
        words = [local.get(w) for w in str(term).split(" ")]
        if None in words or len(words) > 3:
            continue
        words += [int(none)] * (3 - len(words))
        term_keys[j] = (words[0] * base + words[1]) * base + words[2]
    present = np.flatnonzero(term_keys >= 0)
    order = present[np.argsort(term_keys[present], kind="stable")]
    sorted_keys = term_keys[order]
    if sorted_keys.size:
        position = np.minimum(np.searchsorted(sorted_keys, keys), sorted_keys.size - 1)
        found = sorted_keys[position] == keys
    else:  # none of the vocabulary's words is in these texts
        position, found = np.zeros(keys.size, dtype=np.int64), np.zeros(keys.size, dtype=bool)
    columns = order[position[found]]
    counts = sparse.csr_matrix(
        (np.ones(columns.size, dtype=np.float32), (key_doc[found], columns)), shape=(len(texts), len(terms))
    )
    counts.sum_duplicates()
    return TermMatrix(
        counts=counts.sorted_indices(), terms=np.asarray(terms, dtype=object), n_words=n_words.astype(np.int64)
    )


def _token_ids(texts: list[str], engine: EngineConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Integer token ids of all texts (concatenated), tokens per text, and the id → token table.

    Texts are tokenized and factorized in batches, on both cores for a large corpus.
    """
    step = engine.token_batch
    batches = [texts[i : i + step] for i in range(0, len(texts), step)]
    if sum(len(t) for t in texts) > engine.parallel_chars and len(batches) > 1:
        # Imported here: the dashboard's read side uses this module's stored term matrix, never the pool.
        from joblib import Parallel, delayed

        results = Parallel(n_jobs=engine.n_jobs, return_as="generator")(delayed(tokenize_batch)(b) for b in batches)
    else:
        results = (tokenize_batch(b) for b in batches)
    return _merge_tokens(results)


def _merge_tokens(batches: Iterable[Tokens], total: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Corpus-wide token ids from batches: each batch's distinct tokens mapped with one dict look-up each.

    ``total``: the batches' tokens, when known — the ids are then written into one array as each batch is
    mapped (a batch may be let go by its maker once mapped, as the pipeline's partitions are), instead of
    every batch's ids being held beside their concatenation (+160 MB at 37,554 articles)."""
    vocab: dict[str, int] = {}
    parts: list[np.ndarray] = []
    lengths: list[np.ndarray] = []
    ids = np.empty(total, dtype=np.int32) if total is not None else None
    filled = 0
    for batch in batches:
        distinct = batch.distinct
        mapping = np.fromiter((vocab.setdefault(u, len(vocab)) for u in distinct), dtype=np.int32, count=len(distinct))
        mapped = mapping[batch.codes] if batch.codes.size else batch.codes.astype(np.int32)
        if ids is not None:
            ids[filled : filled + mapped.size] = mapped
        else:
            parts.append(mapped)
        filled += mapped.size
        lengths.append(batch.lengths)
    if ids is None:
        ids = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
    elif filled != ids.size:
        raise ValueError(f"token_count was {ids.size:,}, but the batches held {filled:,} tokens")
    return (
        ids,
        np.concatenate(lengths) if lengths else np.zeros(0, dtype=np.int64),
        np.array(list(vocab), dtype=object),
    )


def _words_per_text(
    is_word: np.ndarray, ids: np.ndarray, offsets: np.ndarray, bounds: list[tuple[int, int]]
) -> np.ndarray:
    """Tokens per text that are words (``is_word`` per distinct token), a block of texts at a time: one
    ``reduceat`` over the whole corpus made an int64 copy of every token's flag (+320 MB at 37,554)."""
    n_words = np.zeros(len(offsets) - 1, dtype=np.int64)
    for lo, hi in bounds:
        running = np.concatenate(([0], np.cumsum(is_word[ids[offsets[lo] : offsets[hi]]], dtype=np.int64)))
        local = offsets[lo : hi + 1] - offsets[lo]
        n_words[lo:hi] = running[local[1:]] - running[local[:-1]]
    return n_words


def _ngram_keys(
    ids: np.ndarray, doc: np.ndarray, stop: np.ndarray, connector: np.ndarray, base: np.int64, none: np.int64
) -> tuple[np.ndarray, np.ndarray]:
    """Integer keys of the unigrams, bigrams and trigrams of one block, with the text each is in."""
    ids = ids.astype(np.int64)
    content = ~stop[ids]
    same1 = np.zeros_like(content)
    same1[:-1] = doc[:-1] == doc[1:]
    same2 = np.zeros_like(content)
    same2[:-2] = doc[:-2] == doc[2:]
    nxt = np.roll(ids, -1)
    nxt2 = np.roll(ids, -2)
    uni = np.flatnonzero(content)
    bi = np.flatnonzero(content & same1 & np.roll(content, -1))
    middle_ok = np.roll(content, -1) | connector[nxt]  # "secretary of state"; a break is never a connector
    tri = np.flatnonzero(content & same2 & middle_ok & np.roll(content, -2))
    keys = np.concatenate(
        [
            (ids[uni] * base + none) * base + none,
            (ids[bi] * base + nxt[bi]) * base + none,
            (ids[tri] * base + nxt[tri]) * base + nxt2[tri],
        ]
    )
    return keys, np.concatenate([doc[uni], doc[bi], doc[tri]])


def _remap(
    counts: sparse.csr_matrix, block_keys: np.ndarray, kept_keys: np.ndarray, place: np.ndarray
) -> sparse.csr_matrix:
    """A block's counts with its own columns mapped onto the kept vocabulary (others dropped): the kept
    key ``kept_keys[i]`` becomes column ``place[i]``."""
    position = np.searchsorted(kept_keys, block_keys)
    found = (
        (position < kept_keys.size) & (kept_keys[np.minimum(position, kept_keys.size - 1)] == block_keys)
        if kept_keys.size
        else np.zeros(block_keys.size, dtype=bool)
    )
    column_map = np.where(found, place[np.minimum(position, kept_keys.size - 1)] if kept_keys.size else -1, -1)
    coo = counts.tocoo()
    new_columns = column_map[coo.col]
    keep = new_columns >= 0
    return sparse.csr_matrix(
        (coo.data[keep], (coo.row[keep], new_columns[keep])), shape=(counts.shape[0], kept_keys.size)
    )


#: Buckets of the first pass over the n-grams (see :func:`_possible_terms`): at most 4 M, 32 MB of counters.
_BUCKET_BITS = 22  # at most: 4 M buckets
_MIN_BUCKET_BITS = 10


def _bucket_bits(n_tokens: int) -> int:
    """Buckets for a corpus of ``n_tokens``: about as many as its possible n-grams (three per token), up to
    :data:`_BUCKET_BITS` — a page of text does not need two 32 MB tables (the filter stays exact with any
    number of buckets; fewer only let more keys through to the exact count)."""
    return min(_BUCKET_BITS, max(_MIN_BUCKET_BITS, (3 * n_tokens).bit_length()))


def _bucket(keys: np.ndarray, bits: int) -> np.ndarray:
    """Each n-gram key's bucket: a multiplicative hash (Fibonacci hashing) of the key, top ``bits`` kept."""
    return ((keys.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(64 - bits)).astype(np.intp)


def _possible_terms(
    bounds: list[tuple[int, int]],
    block_keys: Callable[[int, int], tuple[np.ndarray, np.ndarray]],
    min_df: int,
    min_phrase_count: int,
    none: np.int64,
    base: np.int64,
    n_tokens: int,
) -> Callable[[np.ndarray], np.ndarray]:
    """A filter of n-gram keys that could pass the vocabulary's frequency cuts, from a first pass that
    counts document frequency and occurrences per hash bucket.

    Most distinct n-grams of a corpus occur once: holding every block's counts of all of them until the
    corpus-wide totals are known was the build's largest peak (1.6 GB of the 4.0 GB at 37,554 articles).
    A bucket's counts are at least those of every key in it, so a key whose bucket is under ``min_df``
    documents — or, for a phrase, under ``min_phrase_count`` occurrences — cannot pass; the exact counts
    of the rest are then taken as before.  The vocabulary is the same; a phrase's parts occur at least as
    often as the phrase, so no kept phrase loses the parts that decide whether it subsumes them.
    """
    bits = _bucket_bits(n_tokens)
    df = np.zeros(1 << bits, dtype=np.int64)
    total = np.zeros(1 << bits, dtype=np.int64)
    for lo, hi in bounds:
        keys, key_doc = block_keys(lo, hi)
        buckets = _bucket(keys, bits)
        total += np.bincount(buckets, minlength=df.size)
        # Documents per bucket: each (document, bucket) pair once.
        pairs = pd.unique(key_doc.astype(np.int64) * df.size + buckets)  # hashed: no sort
        df += np.bincount(pairs % df.size, minlength=df.size)
    unigram_ok = df >= min_df
    phrase_ok = unigram_ok & (total >= min_phrase_count)

    def possible(keys: np.ndarray) -> np.ndarray:
        buckets = _bucket(keys, bits)
        unigram = keys % (base * base) == none * base + none  # second and third word: none
        return np.where(unigram, unigram_ok[buckets], phrase_ok[buckets])

    return possible


def _subsumed(
    key_values: np.ndarray,
    first: np.ndarray,
    second: np.ndarray,
    third: np.ndarray,
    n_gram: np.ndarray,
    total: np.ndarray,
    keep: np.ndarray,
    base: np.int64,
    none: np.int64,
) -> np.ndarray:
    """Terms that occur mostly inside one longer kept phrase: "hong" in "hong kong"."""
    index = pd.Index(key_values)
    out = np.zeros(key_values.size, dtype=bool)
    bigrams = np.flatnonzero(keep & (n_gram == 2))
    trigrams = np.flatnonzero(keep & (n_gram == 3))
    inside = [
        (bigrams, (first[bigrams] * base + none) * base + none),  # "hong" of "hong kong"
        (bigrams, (second[bigrams] * base + none) * base + none),  # "kong"
        (trigrams, (first[trigrams] * base + second[trigrams]) * base + none),  # "secretary of" …
        (trigrams, (second[trigrams] * base + third[trigrams]) * base + none),  # … "of state"
    ]
    for phrases, part_keys in inside:
        positions = index.get_indexer(part_keys)
        found = positions >= 0
        share = total[phrases[found]] / np.maximum(total[positions[found]], 1)
        out[positions[found][share >= SUBSUME]] = True
    return out


# ------------------------------------------------------------------------------------- vocabulary


@lru_cache(maxsize=200_000)
def _reference(term: str) -> float:
    from wordfreq import word_frequency  # loaded on first use: its word list costs ~0.4 s

    return max(word_frequency(term, "en"), _FLOOR)


_PLAIN = re.compile(r"^[a-z]+(?: [a-z]+)*$")


@cache
def _frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", "best")


def _plain_reference(term: str, table: dict[str, float]) -> float:
    """wordfreq's ``word_frequency`` of a term of plain lower-case words, read from its table directly:
    for these its tokens are the words, and it combines them as 1/f = Σ 1/fᵢ, rounded to three significant
    digits — the same number, without tokenizing each term again (70 µs a term, 2 s for a corpus)."""
    inverse = 0.0
    for word in term.split(" "):
        freq = table.get(word)
        if not freq:
            return _FLOOR
        inverse += 1.0 / freq
    value = 1.0 / inverse
    return max(round(value, math.floor(-math.log(value, 10)) + 3), _FLOOR)


def reference_frequencies(terms: np.ndarray) -> np.ndarray:
    """Frequency of each term in general English (wordfreq), floored for unseen terms."""
    table = _frequencies()
    return np.fromiter(
        (_plain_reference(t, table) if _PLAIN.match(t) else _reference(t) for t in terms),
        dtype=np.float64,
        count=len(terms),
    )


def dedupe_phrases(terms: np.ndarray, counts: np.ndarray, top: int) -> np.ndarray:
    """Positions of ``top`` of the ranked candidate ``terms`` that do not say the same thing twice.

    A phrase that accounts for at least half of an already chosen word's uses takes that word's place
    ("hong" → "hong kong"); any other term that contains, or is contained in, a chosen one is skipped
    ("land registry figures" after "land registry", "beaten agassi" after "agassi").
    """
    chosen: list[int] = []
    chosen_terms: list[str] = []
    chosen_counts: list[float] = []
    for position, (term, count) in enumerate(zip(terms, counts, strict=True)):
        padded = f" {term} "
        replaced = False
        for k, other in enumerate(chosen_terms):
            if " " not in other and f" {other} " in padded and count >= 0.5 * chosen_counts[k]:
                chosen[k], chosen_terms[k] = position, term
                replaced = True
                break
            if f" {other} " in padded or padded in f" {other} ":
                replaced = True
                break
        if not replaced:
            chosen.append(position)
            chosen_terms.append(term)
            chosen_counts.append(count)
        if len(chosen) == top:
            break
    # A phrase may have replaced two words ("hong", "kong"): keep its first place only.
    seen: set[int] = set()
    return np.asarray([p for p in chosen if not (p in seen or seen.add(p))], dtype=np.int64)


def term_count_frames(tm: TermMatrix) -> dict[str, pd.DataFrame]:
    """The article × term counts as two tidy frames, for the store.

    ``term_counts``: ``row`` (the article's position in ``articles``), ``term_id``, ``count``;
    ``vocabulary``: ``term_id, term, reference`` (frequency in general English) — so slices of the corpus
    can be scored later without the texts or wordfreq.
    """
    counts = tm.counts.tocsr()
    rows = np.repeat(np.arange(counts.shape[0], dtype=np.int32), np.diff(counts.indptr))
    # The matrix's own index and count arrays where they are of the stored types already, not copies (a
    # copy each and the frame's own copies of those: +268 MB for the 12 M counts of 37,554 articles).
    columns = {
        "row": rows,
        "term_id": counts.indices.astype(np.int32, copy=False),
        "count": counts.data.astype(np.float32, copy=False),
    }
    return {
        "term_counts": pd.DataFrame(columns, copy=False),
        "vocabulary": pd.DataFrame(
            {
                "term_id": np.arange(len(tm.terms), dtype=np.int32),
                "term": pd.array(tm.terms.astype(str), dtype="str"),
                "reference": reference_frequencies(tm.terms).astype(np.float64),
            }
        ),
    }


def stored_term_matrix(term_counts_frame: pd.DataFrame, vocabulary: pd.DataFrame, n_words: np.ndarray) -> TermMatrix:
    """Rebuild the :class:`TermMatrix` that :func:`term_counts` stored (``n_words`` per article)."""
    shape = (len(n_words), len(vocabulary))
    counts = sparse.csr_matrix(
        (
            term_counts_frame["count"].to_numpy(np.float32),
            (term_counts_frame["row"].to_numpy(), term_counts_frame["term_id"].to_numpy()),
        ),
        shape=shape,
    )
    return TermMatrix(counts=counts, terms=vocabulary["term"].to_numpy(dtype=object), n_words=np.asarray(n_words))
