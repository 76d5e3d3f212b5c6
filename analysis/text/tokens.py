"""Tokens for counting terms: lower-cased words that keep "u.s.", "5g" and "covid-19" whole and drop
possessive "'s"; punctuation that ends a clause becomes a break marker so that phrases (n-grams) never
span it.  The news stop list says which tokens carry no meaning of their own.
"""

from __future__ import annotations

import re

from analysis.lexicon import stop_words

#: Marks a clause break in a token list; n-grams never include it.
BREAK = "|"
_TOKEN = re.compile(
    r"(?:[a-z]\.){2,}(?![a-z])"  # u.s. / a.m. / u.k.
    r"|[0-9]*[^\W\d_]\w*(?:[-'][^\W_]+)*"  # words in any alphabet, 5g, covid-19, we've, state-owned
    r"|[.!?;:,()\"“”]"  # clause breaks
)
_BREAKS = frozenset('.!?;:,()"“”')
_POSSESSIVE = re.compile(r"['’]s\b")


def raw_tokens(text: str) -> list[str]:
    """Lower-cased tokens, clause-break punctuation kept as itself (see :func:`is_break`).

    One compiled ``findall`` and no Python per token: the term matrix calls this on every article.
    """
    return _TOKEN.findall(_POSSESSIVE.sub("", text.lower()).replace("’", "'"))


def is_break(token: str) -> bool:
    """True for a clause-break token (punctuation) as :func:`raw_tokens` returns it."""
    return token in _BREAKS or token == BREAK


def tokenize(text: str) -> list[str]:
    """Lower-cased tokens with clause breaks as :data:`BREAK`; possessive "'s" dropped, "’" folded to "'"."""
    return [BREAK if tok in _BREAKS else tok for tok in raw_tokens(text)]


#: The news stop list (``analysis/lexicon/stop_words.txt`` and the honorifics).
STOP_WORDS = stop_words()


def is_stop(token: str) -> bool:
    """True for stop words, clause breaks and tokens of one character or only digits."""
    return token in STOP_WORDS or is_break(token) or len(token) < 2 or token.isdigit()
