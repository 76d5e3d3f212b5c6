"""The word lists the rules lean on, as data: one file each, read once, with one statement of precedence.

Each ``*.txt`` holds one entry per line, each ``*.tsv`` one ``key<TAB>value`` pair per line; lines starting
with ``#`` say what the list is for and who reads it.  An entry is listed once, in one list: a test walks
the lists for duplicates and contradictions (``tests/test_lexicon.py``).

Precedence, for a name the entity recogniser finds in an article (:mod:`analysis.voices.entities`):

1. **Gazetteers**, matched exactly, case included, by one Aho-Corasick pass: places (pycountry's countries
   with ``country_names.tsv`` and ``country_aliases.tsv``, ``cities.txt``, ``us_states.txt``, a demonym
   before a word of ``governing.txt``) and ``known_orgs.tsv``.  A span the model found that is one of
   these takes its type and canonical name ("WHO" is the World Health Organization even though "who" is
   a non-name, "Democrats" is the Democratic Party); one the model left out is added.
2. **The recogniser** (:mod:`analysis.voices.ner`), whose features read the other lists as hits:
   ``honorifics.txt`` and ``titles.txt`` (cut off a person's name), ``org_suffixes.txt``, ``org_cues.txt``,
   ``roles.txt``, ``not_names.txt``, ``speech_verbs.txt``, ``demonyms.tsv``.
3. **After it**: ``person_honorifics.txt`` (the words after "Mr." or "Sen." are a person, whatever the
   model said), ``people_of_places.txt`` ("Britons" is no entity), ``not_names.txt`` and the titles
   (a lone word the model left out that is one of them is not kept for the corpus step).

Attribution reads ``attribution_cues.tsv`` (cue words learnt from PolNeAR by ``train-voices``),
``quote_cues.tsv`` (those of them learnt as the cue of the quotation they stand beside, at least half the
time: the cues beside a quote, with the verbs of saying), ``speech_verbs.txt`` (the verb beside a quote) and
``speaker_nouns.tsv`` (descriptions that stand for a speaker).  The text rules read their own lists:
``honorifics.txt`` and ``abbreviations.txt`` (never end a sentence), ``may_end.txt`` and
``name_suffixes.txt`` (end one only before a word of
``sentence_starters.txt``), ``stop_words.txt`` with the honorifics and name suffixes (terms), and the
target-sentiment features ``clause_words.txt`` and ``contrast_words.txt``.  A name that is both a country and a US state
("Georgia") is the country.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def entries(name: str) -> list[str]:
    """The entries of list ``name`` (a file in this folder), in file order, comments and blanks left out."""
    lines = (FOLDER / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@cache
def words(name: str) -> frozenset[str]:
    """List ``name`` (``"honorifics"`` for ``honorifics.txt``) as a set, read once per process."""
    return frozenset(entries(f"{name}.txt"))


@cache
def table(name: str) -> dict[str, str]:
    """Table ``name`` (``"known_orgs"`` for ``known_orgs.tsv``) as a dict, read once per process."""
    out: dict[str, str] = {}
    for line in entries(f"{name}.tsv"):
        key, _, value = line.partition("\t")
        out[key] = value
    return out


@cache
def pairs(name: str) -> tuple[tuple[str, str], ...]:
    """Table ``name`` as ``(key, value)`` pairs in file order, for tables whose keys repeat (aliases)."""
    return tuple((key, value) for key, _, value in (line.partition("\t") for line in entries(f"{name}.tsv")))


@cache
def titles() -> frozenset[str]:
    """Every title word before a name, lower-case: ``titles.txt`` (undotted "Dr", "Gen" among them) and
    each honorific with its full stop ("Cpl.", "St."): an undotted "St Helens" or "CPL" is no title."""
    return frozenset(words("titles") | {f"{h}." for h in words("honorifics")})


@cache
def stop_words() -> frozenset[str]:
    """The news stop list: ``stop_words.txt``, the name suffixes ("jr") and the honorifics that are titles
    undotted too ("mr", "dr"; not "cpl", which names a tournament as often)."""
    return words("stop_words") | words("name_suffixes") | (words("honorifics") & words("titles"))


__all__ = ["entries", "pairs", "stop_words", "table", "titles", "words"]
