"""Scores of every target of a batch from prefix sums over its sentence's tokens: O(1) work per target.

Every feature of :mod:`analysis.stance.features` is a sum, over a contiguous run of the sentence's tokens, of
a quantity of one token: the words left of the target, the clause, a distance band (1, 2, 3, 4–6, …), the
word pairs starting in a run.  For a *linear* model each token's contribution to each class score is known
before any target is seen — the weight of its word in that block, scaled by idf — and so is its
contribution to the block's squared norm.  So per batch:

1. one table look-up gives every token a row of per-word quantities (block weights and norms, projected
   word-vector scores, lexicon valence…), plus the word-pair columns;
2. one cumulative sum over all tokens turns them into prefix sums;
3. each target gathers the prefix rows at ~20 token positions (its band and clause boundaries, either side)
   and takes differences: a few hundred numbers per target, whatever the sentence's length.

Per-sentence and per-clause work is done once per token and shared by all the targets of the sentence.
:meth:`analysis.stance.model.TargetSentimentModel.reference_scores` computes the same scores one
(target, token) entry at a time; the tests check the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.stance.features import (
    BAND_STARTS,
    BLOCK_C,
    BLOCK_K,
    BLOCK_M,
    BLOCK_P,
    C_SIDE,
    C_SIDE_DISTANCE,
    K_WORD,
    M_AFTER,
    M_BEFORE,
    M_WORD,
    N_BANDS,
    N_BLOCKS,
    N_BUCKETS,
    N_VECTOR_BLOCKS,
    NEAR_WEIGHT,
    P_SIDE,
    P_WEIGHT,
    P_WORD,
    Batch,
    Columns,
    TokenTables,
    Words,
    pair_keys,
)

# Rows of the per-token matrix (one row per quantity, one column per token, so each prefix sum runs over
# contiguous memory).  A "weighted" group is 4 rows: three class weights, then the block-norm term.  Buckets
# read over the same runs are merged into one group (their weights and norm terms add up): the M block's
# words with the word pairs starting there, the K block's likewise, P's words with P's words by side, and
# C's words by side with its distance-4–6 band.
_W = 4
_M, _K, _C_LEFT, _C_RIGHT, _P_LEFT, _P_RIGHT = (i * _W for i in range(6))
_VECTORS = 6 * _W  # 3 blocks x 3 classes, then the "has a vector" count
_HAS_VECTOR = _VECTORS + 3 * N_VECTOR_BLOCKS
_SPEECH, _NEGATION, _POS, _NEG, _VALENCE = range(_HAS_VECTOR + 1, _HAS_VECTOR + 6)
N_ROWS = _VALENCE + 1
_N_WORD_ROWS = _POS  # rows filled from the per-word table
# Per-word rows read at single tokens, distance 1, 2, 3 either side: C's buckets there, group
# (side * 3 + k) * 4, then M's words beside the target (distance 1), group (6 + side) * 4.
_N_POINT_ROWS = 8 * _W
# Positions gathered per target: 8 band boundaries either side, then the clause's.
_L = tuple(range(N_BANDS + 1))  # first, first-1, first-2, first-3, first-6, first-10, first-20, low
_R = tuple(range(N_BANDS + 1, 2 * (N_BANDS + 1)))  # last, last+1, last+2, last+3, last+6, last+10, last+20, high
_CS, _CE = 2 * (N_BANDS + 1), 2 * (N_BANDS + 1) + 1


@dataclass
class ScoringTables:
    """Per-word rows, built once from a fitted model."""

    words: np.ndarray  # (N_ROWS, n_words) float32; the per-token lexicon rows are zero
    points: np.ndarray  # (_N_POINT_ROWS, n_words) float64
    pair_weights: np.ndarray  # (4, n_columns + 1) float32: weights and norm term by column (-1: zeros)


def scoring_tables(
    words: Words,
    columns: Columns,
    sparse_coef: np.ndarray,
    word_scores: np.ndarray,
    has_vector: np.ndarray,
) -> ScoringTables:
    """Fold the model's weights, idf and word vectors into rows per word."""
    n_words = len(words)
    per_column = np.zeros((columns.n_columns + 1, _W))
    per_column[:-1, :3] = sparse_coef * columns.scale[:, None]
    per_column[:-1, 3] = columns.scale.astype(np.float64) ** 2
    single = columns.single.reshape(N_BUCKETS, n_words)

    def bucket(b: int) -> np.ndarray:
        return per_column[single[b]].T  # (4, n_words)

    table = np.zeros((_N_WORD_ROWS, n_words))
    table[_M : _M + _W] = bucket(M_WORD)
    table[_K : _K + _W] = bucket(K_WORD)
    table[_C_LEFT : _C_LEFT + _W] = bucket(C_SIDE_DISTANCE + 3) + bucket(C_SIDE)
    table[_C_RIGHT : _C_RIGHT + _W] = bucket(C_SIDE_DISTANCE + 4 + 3) + bucket(C_SIDE + 1)
    table[_P_LEFT : _P_LEFT + _W] = bucket(P_WORD) + bucket(P_SIDE)
    table[_P_RIGHT : _P_RIGHT + _W] = bucket(P_WORD) + bucket(P_SIDE + 1)
    for block in range(N_VECTOR_BLOCKS):
        table[_VECTORS + 3 * block : _VECTORS + 3 * block + 3] = word_scores[block].T
    table[_HAS_VECTOR] = has_vector
    table[_SPEECH] = words.speech
    table[_NEGATION] = words.negation
    points = np.zeros((_N_POINT_ROWS, n_words))
    for side in (0, 1):
        for k in range(3):
            row = (side * 3 + k) * _W
            points[row : row + _W] = bucket(C_SIDE_DISTANCE + 4 * side + k) + bucket(C_SIDE + side)
        points[(6 + side) * _W : (7 + side) * _W] = bucket(M_BEFORE if side == 0 else M_AFTER)
    rows = np.zeros((N_ROWS, n_words), dtype=np.float32)
    rows[:_N_WORD_ROWS] = table
    return ScoringTables(rows, points, np.ascontiguousarray(per_column.T, dtype=np.float32))


def _bounded(values: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    return np.minimum(np.maximum(values, low), high)


def scores(
    words: Words,
    columns: Columns,
    tables: ScoringTables,
    dense_coef: np.ndarray,
    intercept: np.ndarray,
    batch: Batch,
    tokens: TokenTables,
) -> np.ndarray:
    """Class scores (n_targets, 3) of a batch; see the module docstring."""
    n = batch.n_targets
    ids = batch.ids
    n_tokens_all = len(ids)
    # 1. One column per token: the per-word quantities, the word pairs starting there, the lexicon values.
    # The table is float32 (half the memory traffic of the gather); the prefix sums run in float64.
    rows = np.take(tables.words, ids, axis=1)  # (N_ROWS, tokens); the lexicon rows are zero in the table
    keys = pair_keys(batch, tokens, len(words))
    m_columns, k_columns = columns.pair_columns(keys)
    rows[_M : _M + _W] += tables.pair_weights[:, m_columns]
    rows[_K : _K + _W] += tables.pair_weights[:, k_columns]
    valence = tokens.valence
    rows[_POS] = np.maximum(valence, 0.0)
    rows[_NEG] = np.maximum(-valence, 0.0)
    rows[_VALENCE] = valence
    # 2. Prefix sums along each row: prefix[:, i] = sum of rows[:, :i].
    prefix = np.zeros((N_ROWS, n_tokens_all + 1))
    for row in range(N_ROWS):
        np.cumsum(rows[row], dtype=np.float64, out=prefix[row, 1:])
    # Single-token reads of a pair use column -1 (the table's zero column) where there is no token, and
    # the padding token n_tokens_all (the unknown word, which weighs nothing) for words.
    pad = n_tokens_all
    m_columns = np.append(m_columns, -1)
    k_columns = np.append(k_columns, -1)
    padded_ids = np.append(ids, 0)

    def m_pair(token: np.ndarray) -> np.ndarray:
        return tables.pair_weights[:, m_columns[token]].astype(np.float64)

    def k_pair(token: np.ndarray) -> np.ndarray:
        return tables.pair_weights[:, k_columns[token]].astype(np.float64)

    # 3. The positions each target reads: band boundaries either side, its clause's boundaries.
    low = batch.offsets[batch.sentence]
    high = batch.offsets[batch.sentence + 1]
    first, last = batch.first, batch.last
    breaks = tokens.breaks_before
    break_at = np.append(np.flatnonzero(np.diff(breaks)), n_tokens_all)
    n_before = breaks[first]
    clause_start = np.where(n_before > breaks[low], break_at[np.maximum(n_before - 1, 0)] + 1, low)
    clause_end = np.where(breaks[high] > breaks[last], break_at[breaks[last]], high)
    starts = np.append(BAND_STARTS, np.iinfo(np.int64).max // 4)  # band k: distance in [starts[k], starts[k+1])
    # Token first - d, for d in band k, lies in [first - starts[k+1] + 1, first - starts[k] + 1).
    positions = np.column_stack(
        (
            _bounded(first[:, None] - starts[None, :] + 1, low[:, None], first[:, None]),
            _bounded(last[:, None] + starts[None, :] - 1, last[:, None], high[:, None]),
            clause_start,
            clause_end,
        )
    )

    def at(row: int, width: int, which: tuple[int, ...] | list[int]) -> np.ndarray:
        """Prefix values of rows ``row:row+width`` at the chosen positions: (width, n, len(which))."""
        return prefix[row : row + width][:, positions[:, list(which)]]

    def runs(row: int, width: int, which: tuple[int, ...], signs: tuple[int, ...]) -> np.ndarray:
        """Sum of ± prefix values: the total over runs whose ends are the chosen positions."""
        values = at(row, width, which)
        return values @ np.array(signs, dtype=np.float64)

    def bands(row: int, width: int, side: int) -> np.ndarray:
        """Per-band totals (width, n, N_BANDS) on one side."""
        if side == 0:
            values = at(row, width, _L)
            return values[:, :, :-1] - values[:, :, 1:]
        values = at(row, width, _R)
        return values[:, :, 1:] - values[:, :, :-1]

    l0, l3, l4, l7 = _L[0], _L[3], _L[4], _L[7]
    r0, r3, r4, r7 = _R[0], _R[3], _R[4], _R[7]
    block_sums = np.zeros((N_BLOCKS, _W, n))
    # M: words outside the target and the word pairs starting there, less the pair running into the target.
    block_sums[BLOCK_M] += runs(_M, _W, (l0, l7, r0, r7), (1, -1, -1, 1))
    into_target = first - 1
    block_sums[BLOCK_M] -= m_pair(np.where(into_target >= low, into_target, pad))
    # K: the clause's words and pairs, less the pairs running into the target or out of the clause.
    block_sums[BLOCK_K] += runs(_K, _W, (l0, _CS, r0, _CE), (1, -1, -1, 1))
    block_sums[BLOCK_K] -= k_pair(np.where(into_target >= clause_start, into_target, pad))
    out_of_clause = clause_end - 1
    block_sums[BLOCK_K] -= k_pair(np.where(out_of_clause >= last, out_of_clause, pad))
    # C: distance 4–6 by side (with the side's own weights), then distance 1, 2, 3 token by token.
    block_sums[BLOCK_C] += runs(_C_LEFT, _W, (l3, l4), (1, -1))
    block_sums[BLOCK_C] += runs(_C_RIGHT, _W, (r3, r4), (-1, 1))
    for side in (0, 1):
        for k in range(3):
            token = first - 1 - k if side == 0 else last + k
            valid = (token >= low) if side == 0 else (token < high)
            word = padded_ids[np.where(valid, token, pad)]  # the unknown word 0 weighs nothing
            row = (side * 3 + k) * _W
            block_sums[BLOCK_C] += tables.points[row : row + _W, word]
            if k == 0:
                row = (6 + side) * _W
                block_sums[BLOCK_M] += tables.points[row : row + _W, word]
    # P: every band weighted by nearness (its norm term by the square).
    weights = np.vstack((np.tile(P_WEIGHT, (3, 1)), P_WEIGHT**2))[:, None, :]  # (4, 1, bands)
    block_sums[BLOCK_P] += (bands(_P_LEFT, _W, 0) * weights).sum(axis=2)
    block_sums[BLOCK_P] += (bands(_P_RIGHT, _W, 1) * weights).sum(axis=2)
    out = (block_sums[:, :3] / np.maximum(np.sqrt(block_sums[:, 3]), 1e-12)[:, None]).sum(axis=0).T

    # Word vectors: nearness-weighted averages either side, a plain average over the sentence.
    for side in (0, 1):
        values = bands(_VECTORS + 3 * side, 3, side)
        count = bands(_HAS_VECTOR, 1, side)[0]
        out += ((values * P_WEIGHT).sum(axis=2) / np.maximum(count @ P_WEIGHT, 1e-12)).T
    sentence_vector = runs(_VECTORS + 6, 3, (l0, l7, r0, r7), (1, -1, -1, 1))
    sentence_count = runs(_HAS_VECTOR, 1, (l0, l7, r0, r7), (1, -1, -1, 1))[0]
    out += (sentence_vector / np.maximum(sentence_count, 1e-12)).T

    # Dense values, as features.dense_features defines them.
    n_tokens = high - low
    left_bands = bands(_POS, 2, 0)  # positive, negative
    right_bands = bands(_POS, 2, 1)
    near = (left_bands @ NEAR_WEIGHT) + (right_bands @ NEAR_WEIGHT)
    outside = left_bands.sum(axis=2) + right_bands.sum(axis=2)
    left_clause = runs(_POS, 2, (l0, _CS), (1, -1))
    right_clause = runs(_POS, 2, (r0, _CE), (-1, 1))
    clause = left_clause + right_clause
    left_valence = runs(_VALENCE, 1, (l0, l7), (1, -1))[0]
    right_valence = runs(_VALENCE, 1, (r0, r7), (-1, 1))[0]
    negations = runs(_NEGATION, 1, (l0, _CS, r0, _CE), (1, -1, -1, 1))[0]
    # A verb of saying at distance 1..3 on the right, inside the clause.
    speech_end = _bounded(last + 3, last, clause_end)
    speaker = prefix[_SPEECH, speech_end] - prefix[_SPEECH, last] > 0
    opening = tokens.opening_before[first] - tokens.opening_before[low]
    closing = tokens.closing_before[first] - tokens.closing_before[low]
    straight = tokens.straight_before[first] - tokens.straight_before[low]
    contrast = tokens.contrast_before
    by_before = np.zeros(n, dtype=bool)
    has_before = first > low
    by_before[has_before] = ids[first[has_before] - 1] == words.index.get("by", -1)
    dense = np.column_stack(
        (
            near[0],
            near[1],
            left_valence,
            right_valence,
            clause[0],
            clause[1],
            outside[0],
            outside[1],
            negations,
            (first - low) / np.maximum(n_tokens, 1),
            (first == low).astype(np.float64),
            np.log1p(n_tokens),
            np.log1p(last - first),
            batch.has_quote[batch.sentence].astype(np.float64),
            ((opening > closing) | (straight % 2 == 1)).astype(np.float64),
            (contrast[high] - contrast[last] > 0).astype(np.float64),
            (contrast[first] - contrast[low] > 0).astype(np.float64),
            left_clause[0],
            left_clause[1],
            right_clause[0],
            right_clause[1],
            speaker.astype(np.float64),
            speaker * outside[0],
            speaker * outside[1],
            by_before.astype(np.float64),
        )
    )
    return out + dense @ dense_coef + intercept
