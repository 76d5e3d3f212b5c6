"""Word tokens of a whole batch of articles at once, as character offsets, computed with numpy.

The entity recogniser needs tokens with their offsets, and a regular expression that tokenises 47 MB of
news yields 8.7 million match objects (about 5.7 CPU-seconds here).  Tokens are instead cut from the
text's code points with array operations: a class per character (space, lower, upper, digit, other),
runs of word characters, and the few characters that join a word ("Jean-Pierre", "O'Neill", "U.S.",
"AT&T").  A possessive is a token of its own ("Trump" "'s"), as in CoNLL-2003, so that training text
(rebuilt from CoNLL's tokens) and article text are cut alike.  Every other visible character is a
one-character token.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from analysis.lexicon import words

SPACE, LOWER, UPPER, DIGIT, OTHER = 0, 1, 2, 3, 4
_ABBREVIATIONS = frozenset(
    w for name in ("honorifics", "abbreviations", "may_end", "name_suffixes") for w in words(name) if "." not in w
)


@cache
def _classes() -> np.ndarray:
    """A class for each code point of the Basic Multilingual Plane (the rest count as ``OTHER``)."""
    table = np.full(0x10000, OTHER, dtype=np.uint8)
    for code in range(0x10000):
        ch = chr(code)
        if ch.isspace():
            table[code] = SPACE
        elif ch.isalpha():
            table[code] = UPPER if ch.isupper() or (ch.istitle()) else LOWER
        elif ch.isdigit():
            table[code] = DIGIT
    return table


@dataclass(frozen=True)
class Tokens:
    """Tokens of one text (often a batch of articles joined): ``starts``/``ends`` offsets and ``kind``
    (the class of each token's first character)."""

    starts: np.ndarray
    ends: np.ndarray
    kind: np.ndarray
    lower_cum: np.ndarray  # lower-case letters before each offset (length: characters + 1)
    letter_cum: np.ndarray  # letters before each offset

    def __len__(self) -> int:
        return len(self.starts)

    def lower_share(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """Share of lower-case letters among the letters of each span (1 where a span has none): an
        ALL-CAPS headline has almost none."""
        letters = self.letter_cum[ends] - self.letter_cum[starts]
        lower = self.lower_cum[ends] - self.lower_cum[starts]
        return np.where(letters > 0, lower / np.maximum(letters, 1), 1.0)


def codepoints(text: str) -> np.ndarray:
    """The text's code points, one per character (so offsets are Python string offsets)."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def tokenize(text: str) -> Tokens:
    """Tokens of ``text``: words (with their inner hyphens, apostrophes, initials' full stops and "&"
    between capitals) and single visible characters."""
    cp = codepoints(text)
    n = len(cp)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Tokens(empty, empty, np.zeros(0, dtype=np.uint8), np.zeros(1, np.int32), np.zeros(1, np.int32))
    cls = np.where(cp < 0x10000, _classes()[np.minimum(cp, 0xFFFF)], OTHER).astype(np.uint8)
    word = (cls == LOWER) | (cls == UPPER) | (cls == DIGIT)
    letter = (cls == LOWER) | (cls == UPPER)
    prev_word = np.r_[False, word[:-1]]
    next_word = np.r_[word[1:], False]
    prev_letter = np.r_[False, letter[:-1]]
    next_letter = np.r_[letter[1:], False]
    prev2_word = np.r_[False, False, word[:-2]]
    prev_upper = np.r_[False, cls[:-1] == UPPER]
    next_upper = np.r_[cls[1:] == UPPER, False]
    is_hyphen = (cp == ord("-")) | (cp == ord("‐")) | (cp == ord("‑"))
    is_apos = (cp == ord("'")) | (cp == ord("’"))
    is_dot = cp == ord(".")
    is_amp = cp == ord("&")
    next_s = np.r_[(cp[1:] == ord("s")) | (cp[1:] == ord("S")), False]
    after_next_word = np.r_[word[2:], False, False]
    possessive = is_apos & prev_letter & next_s & ~after_next_word
    joined = (
        (is_hyphen & prev_word & next_word)
        | (is_apos & prev_letter & next_letter & ~possessive)
        | (is_amp & prev_upper & next_upper)
        # "U.S", "H.W": a full stop after a one-letter segment, before a letter
        | (is_dot & prev_upper & ~prev2_word & next_letter)
    )
    # "U.S." / "J.": the full stop that closes a run of initials belongs to the token.
    closing = is_dot & prev_upper & ~prev2_word & ~next_letter
    inword = word | joined | closing | possessive
    prev_inword = np.r_[False, inword[:-1]]
    # A possessive apostrophe starts its own token ("'s"); a word after a closing full stop starts anew.
    prev_closing = np.r_[False, closing[:-1]]
    breaks = possessive | (prev_closing & word)
    word_start = inword & (~prev_inword | breaks)
    next_inword = np.r_[inword[1:], False]
    next_breaks = np.r_[breaks[1:], False]
    word_end = inword & (~next_inword | next_breaks)
    single = ~inword & (cls != SPACE)
    starts = np.flatnonzero(word_start | single)
    ends = np.flatnonzero(word_end | single) + 1
    starts, ends = _abbreviations(text, starts, ends)
    lower_cum = np.r_[0, np.cumsum(cls == LOWER, dtype=np.int32)]
    letter_cum = np.r_[0, np.cumsum(letter, dtype=np.int32)]
    return Tokens(starts, ends, cls[starts], lower_cum, letter_cum)


def _abbreviations(text: str, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A full stop right after an abbreviation ("Mr.", "Sen.", "Corp.", "Jr.") belongs to it, as in CoNLL,
    so that "Mr. Trump" reads as the title then the name."""
    if len(starts) < 2:
        return starts, ends
    dots = np.flatnonzero((ends[:-1] == starts[1:]) & (ends[1:] - starts[1:] == 1)) + 1
    dots = dots[[text[starts[i]] == "." for i in dots]] if len(dots) else dots
    merge = [i for i in dots.tolist() if text[starts[i - 1] : ends[i - 1]].lower() in _ABBREVIATIONS]
    if not merge:
        return starts, ends
    merge_a = np.array(merge)
    ends = ends.copy()
    ends[merge_a - 1] = ends[merge_a]
    keep = np.ones(len(starts), dtype=bool)
    keep[merge_a] = False
    return starts[keep], ends[keep]


__all__ = ["DIGIT", "LOWER", "OTHER", "SPACE", "UPPER", "Tokens", "codepoints", "tokenize"]
