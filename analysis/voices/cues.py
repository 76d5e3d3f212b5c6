"""Patterns built once from the word lists and shared by the entity and quote rules, so that "a verb of
saying" and "a name followed by its verb" mean the same thing to both."""

from __future__ import annotations

import re

from analysis.lexicon import table, words

#: Verbs of saying, longest first so that an alternation prefers "says" to "say".
SPEECH_VERBS = "|".join(sorted(words("speech_verbs"), key=lambda w: (-len(w), w)))
#: The words that attribute a quotation beside them: the verbs of saying and the cues learnt as the
#: attribution of the quotation they stand beside (``quote_cues.tsv``: "reported", "recalled", "blasted").
#: Not every learnt cue of reported speech: "expected", "declined", "showed" head annotated cues ("X
#: declined to comment") but rarely attribute the quotation next to them.
QUOTE_CUES = words("speech_verbs") | frozenset(table("quote_cues"))
# Words between a name and its verb that say nothing of who it is ("Liu also took", "Trump has said").
_BETWEEN = r"(?:\s+(?:also|then|now|later|once|recently|previously|again|has|had|have|was|is|would|will|could|\w+ly))*"
# Function words: what follows a name without being its verb ("Smith and", "Bank of").
_NOT_A_VERB = r"(?!(?:and|or|of|the|a|an|in|on|at|to|for|with|from|by|who|which|that|as|is|was)\b)"


def verb_after(appositive: bool = False) -> re.Pattern[str]:
    """Matches at a name's end when a verb follows it — a lower-case word of three letters or more that is
    no function word, after optional adverbs and auxiliaries, and (``appositive=True``) after an
    appositive between commas ("Liu Xiaoming, the Chinese ambassador, had previously urged")."""
    lead = r"(?:\s*,[^,]{1,80},)?" if appositive else ""
    return re.compile(rf"^{lead}{_BETWEEN}\s+{_NOT_A_VERB}[a-z]{{3,}}\b")


#: A verb in the past tense, or a verb of saying, in a clause before a name: the name is that verb's
#: object, not the clause's subject ("Police arrested John Smith …, saying", "The company fired Mark Lee,
#: citing"); a participle hanging from the clause is its subject's.  Not an "-ed" word joined by a hyphen
#: ("so-called", "Trump-appointed") nor one after an article or an adverb ("the retired judge", "newly
#: elected Rep."): those describe the name, they do not govern it.
VERB_BEFORE = re.compile(rf"(?<![\w-])(?:[a-z]{{2,}}ed|{SPEECH_VERBS})\b")
_ADJECTIVAL = re.compile(r"(?:\b(?:the|a|an|this|that|its|his|her|their|our|newly|so|\w+ly)\s+)$", re.IGNORECASE)
# What ends a clause before a name: a comma, colon, quotation mark, bracket or dash, or a word opening a
# clause of its own ("Things turned ugly when Sen. Ann Bell demanded …": "turned" is not her verb).
_CLAUSE_MARK = re.compile(
    r"[,;:“”\"()—–]|\b(?:when|whenever|while|(?<!such )as|after|before|because|since|until|once|if|though"
    r"|although|whereas|where|but)\s"
)


def object_of_a_verb(text: str, start: int, at: int) -> bool:
    """Does a verb precede the name at ``at`` in its clause (from ``start``, the sentence's opening, or
    the last comma, quotation mark, dash or clause-opening word before the name): is the name that verb's
    object?"""
    marks = [m.end() for m in _CLAUSE_MARK.finditer(text, start, at)]
    opening = marks[-1] if marks else start
    for verb in VERB_BEFORE.finditer(text, opening, at):
        if verb.group().endswith("ed") and _ADJECTIVAL.search(text, opening, verb.start()):
            continue
        return True
    return False
