"""Tokens for counting terms: lower-cased words that keep "u.s.", "5g" and "covid-19" whole and drop
possessive "'s"; punctuation that ends a clause becomes a break marker so that phrases (n-grams) never
span it.  The news stop list says which tokens carry no meaning of their own.
"""

from __future__ import annotations

import re

#: Marks a clause break in a token list; n-grams never include it.
BREAK = "|"
_TOKEN = re.compile(
    r"(?:[a-z]\.){2,}(?![a-z])"  # u.s. / a.m. / u.k.
    r"|[0-9]*[^\W\d_]\w*(?:[-'][^\W_]+)*"  # words in any alphabet, 5g, covid-19, we've, state-owned
    r"|[.!?;:,()\"“”]"  # clause breaks
)
_BREAKS = frozenset(".!?;:,()\"“”")
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


# A stop list for news: function words, reporting verbs ("said", "told"), titles ("mr"), time words and
# other words that are in every article and say nothing about any.
STOP_WORDS = frozenset("""
a about above across after afterwards again against ago all almost alone along already also although always am
among amongst an and another any anyhow anyone anything anyway anywhere are aren't around as at back be became
because become becomes becoming been before beforehand behind being below beside besides between beyond both
but by can can't cannot could couldn't did didn't do does doesn't doing don't done down due during each
either else elsewhere enough even ever every everyone everything everywhere except few for former formerly
from further had hadn't has hasn't have haven't having he he'd he'll he's hence her here hereafter hereby
herein hers herself him himself his how however i i'd i'll i'm i've if in indeed instead into is isn't it it's
its itself just last latter least less let let's like likely made make makes making many may maybe me meanwhile
might mine more moreover most mostly much must my myself namely neither never nevertheless next no nobody none
noone nor not nothing now nowhere of off often on once one only onto or other others otherwise our ours
ourselves out over own per perhaps please put quite rather really same say says said saying see seem seemed
seeming seems several she she'd she'll she's should shouldn't since so some somehow someone something sometime
sometimes somewhere still such than that that's the their theirs them themselves then thence there there's
thereafter thereby therefore therein thereupon these they they'd they'll they're they've thing things think
this those though through throughout thru thus to together too toward towards under until up upon us very via
was wasn't we we'd we'll we're we've well were weren't what what's whatever when whence whenever where
whereafter whereas whereby wherein whereupon wherever whether which while whither who who's whoever whole whom
whose why will with within without won't would wouldn't yet you you'd you'll you're you've your yours yourself
yourselves
mr mrs ms dr sen rep gov gen lt col capt sgt prof rev st jr sr
told tell tells telling ask asked asks according added adding adds say stated statement
reported reporting reports report reporter reporters spokesman spokeswoman spokesperson
year years month months week weeks day days today yesterday tomorrow time times
monday tuesday wednesday thursday friday saturday sunday
new including include includes included way ways lot lots going go goes got get gets getting want wants
wanted come comes came take takes took know knows knew use used uses using look looked looks
good great big small high low long little right left number part kind sort
also just even well back still much many very really actually
percent per cent
""".split())


def is_stop(token: str) -> bool:
    """True for stop words, clause breaks and tokens of one character or only digits."""
    return token in STOP_WORDS or is_break(token) or len(token) < 2 or token.isdigit()
