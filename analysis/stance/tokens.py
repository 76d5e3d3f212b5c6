"""Tokens of many sentences at once, with their character offsets, in numpy.

The target-sentiment model needs, for every sentence, its lower-case tokens (to look up word ids) and
where each token starts and ends (to find the tokens a target's character span covers).  A regular
expression walked token by token costs ~0.4 µs a token in Python; the whole AllSides build has ~10
million, so tokenizing alone would eat half the stage's budget.  Here the sentences are joined once,
encoded as UTF-32 (one ``uint32`` per code point, so array positions *are* Python string offsets), and
every character is classified by table look-up:

* a *word* character (``str.isalnum``), and an apostrophe or hyphen between two of them ("don't",
  "well-known"), joins a word token;
* white space separates tokens;
* any other character (punctuation, symbols, emoji) is a token of its own.

The lower-case token strings are rebuilt with one ``decode`` and one ``split`` of the compacted array,
never a Python loop per token.  :func:`reference_tokens` is the slow, obvious definition the tests compare
against.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

_WORD, _SPACE, _OTHER, _JOINER = 0, 1, 2, 3
_JOINERS = ("'", "’", "-")
_SEPARATOR = "\n"


@dataclass(frozen=True)
class Tokens:
    """Tokens of a batch of sentences: ``words[i]`` spans ``text[starts[i]:ends[i]]`` of its sentence
    (offsets within that sentence); sentence ``s`` holds tokens ``offsets[s]:offsets[s + 1]``."""

    words: list[str]  # empty when only hashes were asked for
    starts: np.ndarray  # int64, offset in its sentence
    ends: np.ndarray  # int64, exclusive
    offsets: np.ndarray  # int64, len = n_sentences + 1
    hashes: np.ndarray | None = None  # int64 hash of each token's lower-case text (see token_hash)

    @property
    def sentence_of(self) -> np.ndarray:
        """The sentence of each token."""
        counts = np.diff(self.offsets)
        return np.repeat(np.arange(len(counts)), counts)


@cache
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """Character class and lower-case form of every code point of the Basic Multilingual Plane (code points
    above it are symbols, ``_OTHER``, and keep their case)."""
    classes = np.full(0x10000, _OTHER, dtype=np.uint8)
    lower = np.arange(0x10000, dtype=np.uint32)
    for code in range(0x10000):
        char = chr(code)
        if char.isalnum():
            classes[code] = _WORD
            low = char.lower()
            if len(low) == 1:
                lower[code] = ord(low)
        elif char.isspace():
            classes[code] = _SPACE
    for char in _JOINERS:
        classes[ord(char)] = _JOINER
    lower[ord("’")] = ord("'")
    return classes, lower


def _code_points(text: str) -> tuple[np.ndarray, np.ndarray | None]:
    """``(BMP code points, None)`` of ``text`` as ``uint16`` when it has no character beyond the BMP (the
    common case: half the memory traffic of UTF-32), else ``(code points clipped to the BMP, all code
    points)``; either way one array element per Python string index."""
    codes = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    if not ((codes >= 0xD800) & (codes < 0xE000)).any():
        return codes, None
    full = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return np.minimum(full, 0xFFFF).astype(np.uint16), full


_BASE = np.uint64(0x100000001B3)  # odd: the polynomial hash's base
_POSITIVE = np.uint64((1 << 63) - 1)


def _polynomial_hash(codes: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Hash of each run of ``codes`` (consecutive runs of ``lengths``): sum of code × base**position modulo
    2**64, kept to 63 bits so it is a non-negative int64."""
    if len(lengths) == 0:
        return np.zeros(0, dtype=np.int64)
    run_start = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    position = np.arange(len(codes)) - np.repeat(run_start, lengths)
    powers = np.full(int(lengths.max()), _BASE, dtype=np.uint64)
    powers[0] = 1
    powers = np.cumprod(powers)  # base**0, base**1, … (wrapping modulo 2**64)
    terms = codes.astype(np.uint64) * powers[position]
    return (np.add.reduceat(terms, run_start) & _POSITIVE).astype(np.int64)


def token_hash(words: Sequence[str]) -> np.ndarray:
    """The hash :func:`tokenize` gives a token whose lower-case text is each of ``words``."""
    codes = np.frombuffer("".join(words).encode("utf-32-le"), dtype=np.uint32)
    return _polynomial_hash(codes, np.fromiter(map(len, words), dtype=np.int64, count=len(words)))


def tokenize(sentences: Sequence[str], strings: bool = True) -> Tokens:
    """The tokens of every sentence (see the module docstring), computed over all of them at once.

    With ``strings=False`` the token texts are not built, only their hashes (what the model looks words
    up by): building millions of small strings is most of the cost."""
    n = len(sentences)
    empty = np.zeros(0, dtype=np.int64)
    if n == 0:
        return Tokens([], empty, empty, np.zeros(1, dtype=np.int64), empty)
    lengths = np.fromiter(map(len, sentences), dtype=np.int64, count=n)
    # One separator after each sentence keeps tokens from running across sentences.
    codes, full = _code_points(_SEPARATOR.join(sentences) + _SEPARATOR)
    classes_table, lower_table = _tables()
    classes = classes_table[codes]
    if full is not None:
        classes[full > 0xFFFF] = _OTHER
    word = classes == _WORD
    # An apostrophe or hyphen between two word characters is part of the word.
    word[1:-1] |= (classes[1:-1] == _JOINER) & word[:-2] & word[2:]
    other = (classes >= _OTHER) & ~word
    start_mask = other.copy()
    start_mask[0] |= word[0]
    start_mask[1:] |= word[1:] & ~word[:-1]
    end_mask = other.copy()
    end_mask[:-1] |= word[:-1] & ~word[1:]
    starts = np.flatnonzero(start_mask)
    ends = np.flatnonzero(end_mask) + 1
    base = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
    offsets = np.searchsorted(starts, np.concatenate((base, [len(codes)]))).astype(np.int64)
    if len(starts) == 0:
        return Tokens([], empty, empty, offsets, empty)
    kept = word | other
    lowered = lower_table[codes] if full is None else np.where(full > 0xFFFF, full, lower_table[codes])
    # The kept characters are exactly the tokens' characters, in order.
    token_chars = lowered[kept]
    hashes = _polynomial_hash(token_chars, ends - starts)
    words: list[str] = []
    if strings:  # lower-case texts with one separator before every token but the first, decoded at once
        first_in_compact = np.cumsum(ends - starts)[:-1]
        joined = np.insert(token_chars, first_in_compact, np.uint32(ord(_SEPARATOR)))
        words = joined.astype(np.uint32).tobytes().decode("utf-32-le").split(_SEPARATOR)
    shift = np.repeat(base, np.diff(offsets))
    return Tokens(words, starts - shift, ends - shift, offsets, hashes)


_REFERENCE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*|[^\w\s]|_", re.UNICODE)


def reference_tokens(sentence: str) -> list[tuple[str, int, int]]:
    """The same tokens for one sentence, by a regular expression: the definition :func:`tokenize` must
    match (used by the tests, never by the model)."""
    out = []
    for match in _REFERENCE.finditer(sentence):
        text = match.group().lower().replace("’", "'")
        out.append((text, match.start(), match.end()))
    return out
