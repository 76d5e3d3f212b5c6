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

    words: list[str]
    starts: np.ndarray  # int64, offset in its sentence
    ends: np.ndarray  # int64, exclusive
    offsets: np.ndarray  # int64, len = n_sentences + 1

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


def tokenize(sentences: Sequence[str]) -> Tokens:
    """The tokens of every sentence (see the module docstring), computed over all of them at once."""
    n = len(sentences)
    empty = np.zeros(0, dtype=np.int64)
    if n == 0:
        return Tokens([], empty, empty, np.zeros(1, dtype=np.int64))
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
        return Tokens([], empty, empty, offsets)
    kept = word | other
    lowered = lower_table[codes] if full is None else np.where(full > 0xFFFF, full, lower_table[codes])
    # Lower-case token characters with one separator before every token but the first, decoded at once;
    # the kept characters are exactly the tokens' characters, in order.
    first_in_compact = np.cumsum(ends - starts)[:-1]
    joined = np.insert(lowered[kept], first_in_compact, np.uint32(ord(_SEPARATOR)))
    words = joined.astype(np.uint32).tobytes().decode("utf-32-le").split(_SEPARATOR)
    shift = np.repeat(base, np.diff(offsets))
    return Tokens(words, starts - shift, ends - shift, offsets)


_REFERENCE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*|[^\w\s]|_", re.UNICODE)


def reference_tokens(sentence: str) -> list[tuple[str, int, int]]:
    """The same tokens for one sentence, by a regular expression: the definition :func:`tokenize` must
    match (used by the tests, never by the model)."""
    out = []
    for match in _REFERENCE.finditer(sentence):
        text = match.group().lower().replace("’", "'")
        out.append((text, match.start(), match.end()))
    return out
