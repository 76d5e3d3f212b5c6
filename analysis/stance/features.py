"""Features of target mentions, computed for all targets of a batch at once with numpy.

Sentiment *toward* a target depends on which words are near it and on its side of the clause, not only on
the sentence's tone ("Pompeo praised the UK" is positive toward the UK, not toward Pompeo).  Each
``(sentence, span)`` gets sparse features in four blocks, each scaled to unit length, plus dense values:

* ``M``: every word of the sentence outside the target, the word pairs among them, and the words just before
  and after the target paired with it ("TGT said", "criticized TGT");
* ``C``: the six words either side, by side and distance (1, 2, 3, 4+) and by side alone;
* ``K``: words and word pairs of the clause holding the target (cut at punctuation and "but", "while", …);
* ``P``: every word weighted by its nearness (1 / (1 + (d - 1) / 2), constant within distance bands), with
  and without its side;
* dense: lexicon valence (VADER's word list, flipped after a negation) near the target, by side, in its
  clause and in the sentence; where the target sits; quotation; contrast after it; word vectors
  (:mod:`analysis.stance.vectors`) averaged over each side, weighted by nearness, and over the sentence.

How it is fast: a batch's distinct sentences are tokenized once (:mod:`analysis.stance.tokens`), their
tokens mapped to word ids once, and every per-token quantity — lexicon valence, negation, clause breaks,
the column of each word pair — computed once per token and shared by the targets of that sentence.  Each
target then only *gathers* from those arrays: an "entry" is one (target, token of its sentence) pair, and
every block is a vectorised function of the entry's word, side, distance and clause membership.  A feature
is an integer key (block-bucket × vocabulary + word id for single words, a sorted key for pairs), so the
fitted vocabulary is a look-up array, not a dict of strings.  :func:`reference_features` computes the same
features one target at a time with plain Python, for the tests.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from vaderSentiment.vaderSentiment import N_SCALAR

from analysis.lexicon import words as word_list
from analysis.stance.hashing import IntTable
from analysis.stance.tokens import Tokens, token_hash, tokenize

WINDOW = 6
CLAUSE_MARKS = frozenset(',;:()“”"—–')
CLAUSE_WORDS = word_list("clause_words")
SPEECH_VERBS = word_list("speech_verbs")
#: Words that turn the sentence ("X won, but …"): the rest may be about someone else.
CONTRAST = word_list("contrast_words")
NEGATION_SCALAR = N_SCALAR  # VADER's: a negated word's valence is flipped and shrunk (× -0.74)

# Buckets of single-word keys: key = bucket * n_words + word id.
M_WORD, M_BEFORE, M_AFTER = 0, 1, 2
C_SIDE_DISTANCE = 3  # + side * 4 + min(distance - 1, 3): buckets 3..10
C_SIDE = 11  # + side: 11, 12
K_WORD = 13
P_WORD = 14
P_SIDE = 15  # + side: 15, 16
N_BUCKETS = 17
# Normalisation blocks, and the block of each bucket.
BLOCK_M, BLOCK_C, BLOCK_K, BLOCK_P = 0, 1, 2, 3
N_BLOCKS = 4
BUCKET_BLOCK = np.array([0, 0, 0, *([1] * 10), 2, 3, 3, 3], dtype=np.int8)
#: Buckets counted once per target (presence) rather than per occurrence, and buckets scaled by idf.
IDF_BUCKETS = frozenset(range(0, 14))
DENSE_NAMES = (
    "near_pos",
    "near_neg",
    "left_val",
    "right_val",
    "clause_pos",
    "clause_neg",
    "sentence_pos",
    "sentence_neg",
    "clause_negations",
    "position",
    "at_start",
    "log_tokens",
    "target_tokens",
    "has_quote",
    "in_quote",
    "contrast_after",
    "contrast_before",
    "left_clause_pos",
    "left_clause_neg",
    "right_clause_pos",
    "right_clause_neg",
    "speaker",
    "speaker_x_sentence_pos",
    "speaker_x_sentence_neg",
    "by_before",
)
N_VECTOR_BLOCKS = 3  # left, right, sentence


#: Distance bands either side of a target (distance 1 = adjacent): 1, 2, 3, 4–6, 7–10, 11–20, 21 and beyond.
#: Every feature that depends on distance is constant within a band, so a target's sum over a band is a
#: difference of two prefix sums over its sentence's tokens (:mod:`analysis.stance.scoring`).
BAND_STARTS = np.array([1, 2, 3, 4, 7, 11, 21], dtype=np.int64)
N_BANDS = len(BAND_STARTS)
#: Nearness weight of the ``P`` block and of the side vectors in each band: 1 / (1 + (d - 1) / 2) at the
#: band's middle (d = 1, 2, 3, 5, 8.5, 15, 30).
BAND_MIDDLE = np.array([1.0, 2.0, 3.0, 5.0, 8.5, 15.0, 30.0])
P_WEIGHT = 1.0 / (1.0 + (BAND_MIDDLE - 1.0) / 2.0)
#: Nearness of lexicon valence for the dense ``near_*`` values: 1 / (1 + d / 3) at the band's middle.
NEAR_WEIGHT = 1.0 / (1.0 + BAND_MIDDLE / 3.0)


def band(distance: np.ndarray) -> np.ndarray:
    """The distance band (0..6) of each distance (≥ 1)."""
    return np.searchsorted(BAND_STARTS, distance, side="right") - 1


@dataclass
class Words:
    """The word vocabulary and the per-word tables the features read, by word id (0 = unknown)."""

    words: list[str]
    valence: np.ndarray = field(init=False)  # float32 VADER lexicon valence
    negation: np.ndarray = field(init=False)  # bool
    clause_break: np.ndarray = field(init=False)  # bool
    contrast: np.ndarray = field(init=False)  # bool
    quote: np.ndarray = field(init=False)  # int8: 1 opening, 2 closing, 3 straight
    speech: np.ndarray = field(init=False)  # bool: a verb of saying
    index: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        from vaderSentiment.vaderSentiment import NEGATE

        from analysis.voices.tone import analyzer

        if not self.words or self.words[0] != "":
            raise ValueError("word 0 is the unknown word: the vocabulary must start with ''")
        self.index = {word: i for i, word in enumerate(self.words)}
        self.index.pop("")
        lexicon = analyzer().lexicon
        negate = frozenset(NEGATE)
        self.valence = np.array([lexicon.get(w, 0.0) for w in self.words], dtype=np.float32)
        self.negation = np.array([w in negate or "n't" in w for w in self.words], dtype=bool)
        self.clause_break = np.array([w in CLAUSE_MARKS or w in CLAUSE_WORDS for w in self.words], dtype=bool)
        self.contrast = np.array([w in CONTRAST for w in self.words], dtype=bool)
        quotes = {"“": 1, "”": 2, '"': 3}
        self.quote = np.array([quotes.get(w, 0) for w in self.words], dtype=np.int8)
        self.speech = np.array([w in SPEECH_VERBS for w in self.words], dtype=bool)

    def __len__(self) -> int:
        return len(self.words)

    @cached_property
    def _by_hash(self) -> IntTable:
        hashes = token_hash(self.words[1:])
        # A hash shared by two words (never seen, but possible) keeps the more frequent, earlier one.
        _, first = np.unique(hashes, return_index=True)
        return IntTable(hashes[first], first + 1)

    def ids(self, tokens: Tokens) -> np.ndarray:
        """Word ids of tokens, by their hashes (0 for a word outside the vocabulary)."""
        return self._by_hash.get(tokens.hashes, default=0)


@dataclass
class Batch:
    """Targets of a batch, ready for the feature blocks.

    Tokens are numbered across the batch's distinct sentences; ``first[t]:last[t]`` are target ``t``'s
    tokens (``first == last`` for a span that covers no token: it sits before token ``first``)."""

    ids: np.ndarray  # word id per token
    offsets: np.ndarray  # sentence s holds tokens offsets[s]:offsets[s+1]
    sentence: np.ndarray  # sentence of each target
    first: np.ndarray
    last: np.ndarray
    has_quote: np.ndarray  # per sentence: any quotation mark

    @property
    def n_targets(self) -> int:
        return len(self.sentence)


def prepare(
    words: Words,
    sentences: Sequence[str],
    spans: Sequence[tuple[int, int]],
    sentence_of: Sequence[int] | np.ndarray | None = None,
) -> Batch:
    """Tokenize the distinct sentences once and place each target's span on their tokens.

    ``sentence_of[t]`` is the index in ``sentences`` of target ``t``'s sentence; without it, target ``t``
    is in ``sentences[t]`` (repeated sentences are then found and tokenized once)."""
    if sentence_of is None:
        first_seen: dict[str, int] = {}
        sentence_of = np.fromiter(
            map(first_seen.setdefault, sentences, range(len(sentences))), dtype=np.int64, count=len(sentences)
        )
        distinct, sentence_of = np.unique(sentence_of, return_inverse=True)
        sentences = [sentences[i] for i in distinct.tolist()]
    sentence_of = np.asarray(sentence_of, dtype=np.int64).reshape(-1)
    tokens = tokenize(sentences, strings=False)
    n_sentences = len(sentences)
    lengths = np.fromiter(map(len, sentences), dtype=np.int64, count=n_sentences)
    base = np.concatenate(([0], np.cumsum(lengths + 1)[:-1])) if n_sentences else np.zeros(0, dtype=np.int64)
    token_sentence = tokens.sentence_of
    global_starts = tokens.starts + base[token_sentence]
    global_ends = tokens.ends + base[token_sentence]
    span_array = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    length = lengths[sentence_of]
    a = np.clip(span_array[:, 0], 0, length)
    b = np.clip(span_array[:, 1], a, length)
    low, high = tokens.offsets[sentence_of], tokens.offsets[sentence_of + 1]
    # First token ending after the span starts; tokens starting before it ends.
    first = np.clip(np.searchsorted(global_ends, a + base[sentence_of], side="right"), low, high)
    last = np.clip(np.searchsorted(global_starts, b + base[sentence_of], side="left"), first, high)
    ids = words.ids(tokens)
    quote_tokens = np.bincount(token_sentence, weights=words.quote[ids] > 0, minlength=n_sentences)
    return Batch(ids, tokens.offsets, sentence_of, first.astype(np.int64), last.astype(np.int64), quote_tokens > 0)


@dataclass
class Entries:
    """One row per (target, token of its sentence outside the target)."""

    target: np.ndarray
    token: np.ndarray
    word: np.ndarray
    side: np.ndarray  # 0 left of the target, 1 right
    distance: np.ndarray  # 1 = adjacent
    band: np.ndarray  # distance band, 0..6
    in_clause: np.ndarray  # bool


@dataclass
class TokenTables:
    """Per-token quantities of a batch, computed once and shared by every target of a sentence."""

    valence: np.ndarray  # float64, flipped and scaled after a negation
    breaks_before: np.ndarray  # int64, clause breaks among tokens [0, i)
    negations_before: np.ndarray
    opening_before: np.ndarray  # quotation marks among tokens [0, i), by kind
    closing_before: np.ndarray
    straight_before: np.ndarray
    contrast_before: np.ndarray
    pair_next: np.ndarray  # bool: token i+1 is in the same sentence (a word pair starts at i)


def token_tables(words: Words, batch: Batch) -> TokenTables:
    """The per-token arrays of :class:`TokenTables`."""
    ids = batch.ids
    n = len(ids)
    sentence_start = np.repeat(batch.offsets[:-1], np.diff(batch.offsets))
    negation = words.negation[ids]
    # A word is negated when one of the three before it in its sentence is a negation (VADER's rule).
    negated = np.zeros(n, dtype=bool)
    position = np.arange(n)
    for back in (1, 2, 3):
        shifted = np.zeros(n, dtype=bool)
        shifted[back:] = negation[:-back]
        negated |= shifted & (position - back >= sentence_start)
    valence = np.where(negated, NEGATION_SCALAR, 1.0) * words.valence[ids]
    quote = words.quote[ids]

    def before(mask: np.ndarray) -> np.ndarray:
        return np.concatenate(([0], np.cumsum(mask, dtype=np.int64)))

    pair_next = np.zeros(n, dtype=bool)
    pair_next[:-1] = True
    pair_next[batch.offsets[1:-1] - 1] = False  # the last token of every sentence but the batch's last
    if n:
        pair_next[n - 1] = False
    return TokenTables(
        valence=valence,
        breaks_before=before(words.clause_break[ids]),
        negations_before=before(negation),
        opening_before=before(quote == 1),
        closing_before=before(quote == 2),
        straight_before=before(quote == 3),
        contrast_before=before(words.contrast[ids]),
        pair_next=pair_next,
    )


def entries(batch: Batch, tables: TokenTables) -> Entries:
    """Every (target, token outside it) pair of the batch, with side, distance and clause membership."""
    low = batch.offsets[batch.sentence]
    high = batch.offsets[batch.sentence + 1]
    counts = (batch.first - low) + (high - batch.last)
    target = np.repeat(np.arange(batch.n_targets), counts)
    # Position of each entry within its target's run, then the token it stands for (skipping the target).
    run_start = np.concatenate(([0], np.cumsum(counts)[:-1]))
    k = np.arange(len(target)) - run_start[target]
    n_left = (batch.first - low)[target]
    left = k < n_left
    token = np.where(left, low[target] + k, batch.last[target] + (k - n_left))
    first, last = batch.first[target], batch.last[target]
    distance = np.where(left, first - token, token - last + 1)
    breaks = tables.breaks_before
    in_clause = np.where(left, breaks[first] - breaks[token] == 0, breaks[token + 1] - breaks[last] == 0)
    return Entries(target, token, batch.ids[token], (~left).astype(np.int64), distance, band(distance), in_clause)


@dataclass
class Columns:
    """The fitted sparse vocabulary: which keys are features, their column, block and scale (idf or 1)."""

    n_words: int
    single: np.ndarray  # int64 (N_BUCKETS * n_words,): column of each single-word key, -1 if none
    m_pairs: np.ndarray  # int64 sorted keys (w1 * n_words + w2) of the M block's word pairs
    m_pair_columns: np.ndarray
    k_pairs: np.ndarray  # the K block's
    k_pair_columns: np.ndarray
    block: np.ndarray  # int8 per column
    scale: np.ndarray  # float32 per column

    @property
    def n_columns(self) -> int:
        return len(self.block)

    @cached_property
    def _pair_table(self) -> tuple[IntTable, np.ndarray]:
        """One table for both blocks' pairs (most pairs are in both): key -> row of (M column, K column),
        with a last row of -1 for keys in neither."""
        union = np.union1d(self.m_pairs, self.k_pairs)
        both = np.full((len(union) + 1, 2), -1, dtype=np.int64)
        both[np.searchsorted(union, self.m_pairs), 0] = self.m_pair_columns
        both[np.searchsorted(union, self.k_pairs), 1] = self.k_pair_columns
        return IntTable(union, np.arange(len(union))), both

    def pair_columns(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The M and the K block's column of each word-pair key (-1 where it has none)."""
        table, both = self._pair_table
        found = both[table.get(keys)]  # -1 (not found) reads the last row
        return found[:, 0], found[:, 1]

    @classmethod
    def every(cls, n_words: int, m_pairs: np.ndarray, k_pairs: np.ndarray) -> Columns:
        """A vocabulary with a column for every single-word key and for the given pairs (training's first
        pass, before features seen once are dropped)."""
        n_single = N_BUCKETS * n_words
        single = np.arange(n_single, dtype=np.int64)
        single[np.arange(N_BUCKETS) * n_words] = -1  # the unknown word is no feature
        m_cols = n_single + np.arange(len(m_pairs))
        k_cols = n_single + len(m_pairs) + np.arange(len(k_pairs))
        block = np.concatenate(
            (
                np.repeat(BUCKET_BLOCK, n_words),
                np.full(len(m_pairs), BLOCK_M, dtype=np.int8),
                np.full(len(k_pairs), BLOCK_K, dtype=np.int8),
            )
        )
        return cls(n_words, single, m_pairs, m_cols, k_pairs, k_cols, block, np.ones(len(block), dtype=np.float32))

    def keep(self, columns: np.ndarray, scale: np.ndarray) -> Columns:
        """The same vocabulary restricted to ``columns`` (sorted), renumbered 0.., with their scale."""
        new = np.full(self.n_columns, -1, dtype=np.int64)
        new[columns] = np.arange(len(columns))

        def remap(old: np.ndarray) -> np.ndarray:
            return np.where(old >= 0, new[np.maximum(old, 0)], -1)

        m_cols, k_cols = remap(self.m_pair_columns), remap(self.k_pair_columns)
        return Columns(
            self.n_words,
            remap(self.single),
            self.m_pairs[m_cols >= 0],
            m_cols[m_cols >= 0],
            self.k_pairs[k_cols >= 0],
            k_cols[k_cols >= 0],
            self.block[columns],
            scale.astype(np.float32),
        )


def pair_keys(batch: Batch, tables: TokenTables, n_words: int) -> np.ndarray:
    """Key of the word pair starting at each token (-1 where no pair starts or a word is unknown)."""
    ids = batch.ids
    following = np.zeros_like(ids)
    following[:-1] = ids[1:]
    valid = tables.pair_next & (ids > 0) & (following > 0)
    return np.where(valid, ids * n_words + following, -1)


def sparse_entries(
    batch: Batch, tables: TokenTables, found: Entries, columns: Columns
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(rows, cols, values)`` of the four sparse blocks, each block of each row scaled to unit length."""
    v = columns.n_words
    word, side, distance, target = found.word, found.side, found.distance, found.target
    single = columns.single
    rows, cols, vals = [], [], []

    def add(row: np.ndarray, col: np.ndarray, value: np.ndarray | float) -> None:
        keep = col >= 0
        rows.append(row[keep])
        cols.append(col[keep])
        vals.append(np.broadcast_to(np.asarray(value, dtype=np.float64), col.shape)[keep])

    # M: every word outside the target; the words beside it paired with it.
    add(target, single[M_WORD * v + word], 1.0)
    beside = distance == 1
    add(target[beside], single[np.where(side[beside] == 0, M_BEFORE, M_AFTER) * v + word[beside]], 1.0)
    # Word pairs starting at each token, looked up once per token, then shared by the sentence's targets.
    keys = pair_keys(batch, tables, v)
    m_pair, k_pair = columns.pair_columns(keys)
    # A pair counts for a target when both its tokens lie on the same side of it (left: not the last one
    # before the target; right: any, as long as the next token is in the sentence).
    paired = np.where(side == 0, distance > 1, True) & tables.pair_next[found.token]
    add(target[paired], m_pair[found.token[paired]], 1.0)
    # C: the window either side, by side and distance, and by side.
    near = distance <= WINDOW
    bucket = C_SIDE_DISTANCE + side[near] * 4 + np.minimum(distance[near] - 1, 3)
    add(target[near], single[bucket * v + word[near]], 1.0)
    add(target[near], single[(C_SIDE + side[near]) * v + word[near]], 1.0)
    # K: the clause holding the target, and its word pairs.
    inside = found.in_clause
    add(target[inside], single[K_WORD * v + word[inside]], 1.0)
    clause_pair = inside & paired
    # The pair's second token must be in the clause as well: on the left it is (it lies between), on the
    # right it is unless it is a break.
    breaks = tables.breaks_before
    after_next = np.minimum(found.token + 2, len(breaks) - 1)
    second_in = breaks[after_next] - breaks[after_next - 1] == 0
    clause_pair &= np.where(side == 0, True, second_in)
    add(target[clause_pair], k_pair[found.token[clause_pair]], 1.0)
    # P: every word by nearness, with and without its side.
    weight = P_WEIGHT[found.band]
    add(target, single[P_WORD * v + word], weight)
    add(target, single[(P_SIDE + side) * v + word], weight)
    row = np.concatenate(rows)
    col = np.concatenate(cols)
    val = np.concatenate(vals) * columns.scale[col]
    group = row * N_BLOCKS + columns.block[col]
    norms = np.sqrt(np.bincount(group, weights=val * val, minlength=batch.n_targets * N_BLOCKS))
    return row, col, val / np.maximum(norms[group], 1e-12)


def dense_features(words: Words, batch: Batch, tables: TokenTables, found: Entries) -> np.ndarray:
    """The :data:`DENSE_NAMES` values of every target, ``(n_targets, len(DENSE_NAMES))`` float64."""
    n = batch.n_targets
    t = found.target
    valence = tables.valence[found.token]
    positive, negative = np.maximum(valence, 0.0), np.maximum(-valence, 0.0)
    near = NEAR_WEIGHT[found.band]

    def total(values: np.ndarray) -> np.ndarray:
        return np.bincount(t, weights=values, minlength=n)

    inside = found.in_clause
    low = batch.offsets[batch.sentence]
    high = batch.offsets[batch.sentence + 1]
    n_tokens = high - low
    first, last = batch.first, batch.last
    neg_before = tables.negations_before
    clause_negations = total(inside * (neg_before[found.token + 1] - neg_before[found.token]))
    opening = tables.opening_before[first] - tables.opening_before[low]
    closing = tables.closing_before[first] - tables.closing_before[low]
    straight = tables.straight_before[first] - tables.straight_before[low]
    contrast = tables.contrast_before
    left_side = found.side == 0
    speaker = total(words.speech[found.word] & ~left_side & (found.distance <= 3) & inside) > 0
    sentence_pos, sentence_neg = total(positive), total(negative)
    by_before = np.zeros(n, dtype=bool)
    has_before = first > low
    by_before[has_before] = batch.ids[first[has_before] - 1] == words.index.get("by", -1)
    out = np.column_stack(
        (
            total(positive * near),
            total(negative * near),
            total(valence * (found.side == 0)),
            total(valence * (found.side == 1)),
            total(positive * inside),
            total(negative * inside),
            sentence_pos,
            sentence_neg,
            clause_negations,
            (first - low) / np.maximum(n_tokens, 1),
            (first == low).astype(np.float64),
            np.log1p(n_tokens),
            np.log1p(last - first),
            batch.has_quote[batch.sentence].astype(np.float64),
            ((opening > closing) | (straight % 2 == 1)).astype(np.float64),
            (contrast[high] - contrast[last] > 0).astype(np.float64),
            (contrast[first] - contrast[low] > 0).astype(np.float64),
            total(positive * (inside & left_side)),
            total(negative * (inside & left_side)),
            total(positive * (inside & ~left_side)),
            total(negative * (inside & ~left_side)),
            speaker.astype(np.float64),
            speaker * sentence_pos,
            speaker * sentence_neg,
            by_before.astype(np.float64),
        )
    )
    return out


def vector_weights(found: Entries, has_vector: np.ndarray, n_targets: int) -> list[tuple[np.ndarray, ...]]:
    """For each vector block (left, right, sentence): ``(rows, words, weights)`` with weights summing to
    one per target over the words that have a vector (nearness-weighted on the sides, uniform over the
    sentence)."""
    known = has_vector[found.word]
    out = []
    for block in range(N_VECTOR_BLOCKS):
        keep = known & (found.side == block) if block < 2 else known
        rows, word = found.target[keep], found.word[keep]
        weight = P_WEIGHT[found.band[keep]] if block < 2 else np.ones(len(rows))
        sums = np.bincount(rows, weights=weight, minlength=n_targets)
        out.append((rows, word, weight / np.maximum(sums[rows], 1e-12)))
    return out


# --- The slow, obvious definition (tests only) -------------------------------------------------------------


def reference_features(
    words: Words, tokens: list[str], first: int, last: int
) -> tuple[dict[tuple[str, object], float], list[float]]:
    """The sparse features (by readable key, before idf and normalisation) and the dense values of one
    target, in plain Python over its sentence's tokens: the definition the vectorised blocks must match."""
    index = words.index
    ids = [index.get(w, 0) for w in tokens]
    n = len(tokens)
    lexicon = words.valence
    negate = [bool(words.negation[i]) for i in ids]
    is_break = [bool(words.clause_break[i]) for i in ids]
    valence = []
    for i in range(n):
        negated = any(negate[j] for j in range(max(0, i - 3), i))
        valence.append(float(lexicon[ids[i]]) * (NEGATION_SCALAR if negated else 1.0))
    sparse: dict[tuple[str, object], float] = {}

    def add(key: tuple[str, object], value: float) -> None:
        sparse[key] = sparse.get(key, 0.0) + value

    outside = [i for i in range(n) if i < first or i >= last]
    start = first
    while start > 0 and not is_break[start - 1]:
        start -= 1
    end = last
    while end < n and not is_break[end]:
        end += 1
    clause = {i for i in outside if start <= i < end}
    for i in outside:
        side = 0 if i < first else 1
        d = first - i if side == 0 else i - last + 1
        w = ids[i]
        if w:
            add(("M", w), 1.0)
            if d == 1:
                add(("M<" if side == 0 else "M>", w), 1.0)
            if d <= WINDOW:
                add(("C", side, min(d - 1, 3), w), 1.0)
                add(("C", side, w), 1.0)
            if i in clause:
                add(("K", w), 1.0)
            weight = float(P_WEIGHT[_band_of(d)])
            add(("P", w), weight)
            add(("P", side, w), weight)
        pair_ok = (i + 1 < first) if side == 0 else (i + 1 < n)
        if pair_ok and w and ids[i + 1]:
            add(("MM", w, ids[i + 1]), 1.0)
            if i in clause and (side == 0 or (i + 1) in clause):
                add(("KK", w, ids[i + 1]), 1.0)
    near_pos = near_neg = left = right = c_pos = c_neg = s_pos = s_neg = 0.0
    negations = 0
    for i in outside:
        d = first - i if i < first else i - last + 1
        value = valence[i]
        near = float(NEAR_WEIGHT[_band_of(d)])
        near_pos += max(value, 0.0) * near
        near_neg += max(-value, 0.0) * near
        left += value if i < first else 0.0
        right += value if i >= last else 0.0
        if i in clause:
            c_pos += max(value, 0.0)
            c_neg += max(-value, 0.0)
            negations += negate[i]
        s_pos += max(value, 0.0)
        s_neg += max(-value, 0.0)
    before = tokens[:first]
    in_quote = before.count("“") > before.count("”") or before.count('"') % 2 == 1
    dense = [
        near_pos,
        near_neg,
        left,
        right,
        c_pos,
        c_neg,
        s_pos,
        s_neg,
        float(negations),
        first / max(n, 1),
        float(first == 0),
        math.log1p(n),
        math.log1p(last - first),
        float(any(w in ("“", "”", '"') for w in tokens)),
        float(in_quote),
        float(any(w in CONTRAST for w in tokens[last:])),
        float(any(w in CONTRAST for w in tokens[:first])),
    ]
    left_clause = [i for i in clause if i < first]
    right_clause = [i for i in clause if i >= last]
    for part in (left_clause, right_clause):
        dense.append(sum(max(valence[i], 0.0) for i in part))
        dense.append(sum(max(-valence[i], 0.0) for i in part))
    speaker = any(bool(words.speech[ids[i]]) for i in right_clause if i - last + 1 <= 3)
    dense += [float(speaker), speaker * s_pos, speaker * s_neg, float(first > 0 and tokens[first - 1] == "by")]
    return sparse, dense


def _band_of(distance: int) -> int:
    """:func:`band` of one distance, by a plain scan."""
    out = 0
    for i, start in enumerate(BAND_STARTS.tolist()):
        if distance >= start:
            out = i
    return out
