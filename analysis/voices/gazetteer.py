"""Name lists the entity rules lean on, built from the word lists in :mod:`analysis.lexicon`: places
(pycountry plus our own names and aliases), given names (gender-guesser), and the lists as sets.

pycountry gives every country's ISO name, official name and, for some, a common name; news writes none
of "Korea, Republic of" or "Russian Federation", so ``country_names.tsv`` overrides the canonical name
and ``country_aliases.tsv`` adds what reporters write ("UK", "Britain", "U.S.", "America").  A demonym
only names the state when it governs a word like "government" ("British Government", "Chinese
officials"); alone it is an adjective ("Chinese telecoms giant") and no entity.  Which list wins over
which is stated once, in :mod:`analysis.lexicon`.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pycountry

from analysis.lexicon import pairs, table, titles, words

COUNTRY_NAMES = table("country_names")
COUNTRY_ALIASES: dict[str, list[str]] = {}
for _code, _alias in pairs("country_aliases"):
    COUNTRY_ALIASES.setdefault(_code, []).append(_alias)
DEMONYMS = table("demonyms")
GOVERNING = words("governing")
CITIES = sorted(words("cities"))
US_STATES = sorted(words("us_states"))
TITLES = titles()
ROLES = words("roles")
ORG_SUFFIXES = words("org_suffixes")
ORG_CUES = words("org_cues")
KNOWN_ORGS = table("known_orgs")
NOT_NAMES = words("not_names")


@cache
def places() -> dict[str, tuple[str, str]]:
    """Surface form → (canonical name, ISO code or ''), for countries, their aliases and known cities."""
    found: dict[str, tuple[str, str]] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        canonical = COUNTRY_NAMES.get(code) or getattr(country, "common_name", None) or country.name
        forms = {
            country.name,
            canonical,
            getattr(country, "official_name", None) or country.name,
            *COUNTRY_ALIASES.get(code, []),
        }
        for form in forms:
            found[form] = (canonical, code)
            if form.startswith("the "):
                found[form[4:]] = (canonical, code)
    for demonym, code in DEMONYMS.items():
        canonical = found[_name_of(code)][0]
        for word in GOVERNING:
            found[f"{demonym} {word.capitalize()}"] = (canonical, code)
    for city in CITIES:
        found.setdefault(city, (city, ""))
    for state in US_STATES:
        found.setdefault(state, (state, ""))
    return found


def _name_of(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    assert country is not None
    return country.name


@cache
def name_detector():
    """gender-guesser's detector, parsed once per process (a second of parsing; the given names and the
    speakers' genders both read it)."""
    from gender_guesser.detector import Detector

    return Detector(case_sensitive=False)


#: The genders whose per-country frequencies count towards a clear given name ("andy" is either).
GIVEN_GENDERS = ("male", "female", "mostly_male", "mostly_female")
_HEX = np.full(256, -1, dtype=np.int64)
_HEX[[ord(c) for c in "0123456789"]] = np.arange(10)
_HEX[[ord(c) for c in "abcdef"]] = _HEX[[ord(c) for c in "ABCDEF"]] = np.arange(10, 16)
_HEX[[ord(c) for c in " \t"]] = 0


@cache
def first_names() -> frozenset[str]:
    """Lower-case given names that are clearly a person's (gender-guesser's list, ambiguous ones left out).

    gender-guesser maps each name to {gender: per-country frequency digits}; "andy" (either) and very
    rare names ("Pompeo" in one country) are left out: they are surnames or place words as often as not.
    A name is kept when its digits under :data:`GIVEN_GENDERS` add up to 3 or more — summed for all
    61,000 names at once (one pass over their digits as bytes), not digit by digit in Python: the first
    article a server analyses waits for this list."""
    names = name_detector().names
    parts = [(name, digits) for name, genders in names.items() for g, digits in genders.items() if g in GIVEN_GENDERS]
    if not parts:
        return frozenset()
    values = _HEX[np.frombuffer("".join(d for _, d in parts).encode("latin-1"), dtype=np.uint8)]
    if (values < 0).any():
        raise ValueError("gender-guesser: a frequency that is not a hexadecimal digit")
    lengths = np.array([len(d) for _, d in parts])
    ends = np.cumsum(lengths)
    running = np.concatenate([[0], np.cumsum(values)])
    sums = running[ends] - running[ends - lengths]
    totals: dict[str, int] = {}
    for (name, _), total in zip(parts, sums.tolist(), strict=True):
        totals[name] = totals.get(name, 0) + total
    return frozenset(name for name, total in totals.items() if total >= 3)


@cache
def automaton():
    """One Aho-Corasick automaton over every gazetteer name (places, known organisations, a demonym before
    a governing word in either case), built once per process: a whole batch of articles is matched in
    one pass instead of a regular expression per name.  Each key maps to ``(length, canonical, type)``,
    ``type`` being ``"place"`` or ``"organisation"``; an empty canonical name means "no entity"."""
    import ahocorasick

    found = ahocorasick.Automaton()
    names: dict[str, tuple[str, str]] = {}
    for form, (canonical, _) in places().items():
        names[form] = (canonical, "place")
    for demonym, code in DEMONYMS.items():
        canonical = places()[_name_of(code)][0]
        for word in GOVERNING:
            names.setdefault(f"{demonym} {word}", (canonical, "place"))
    for form, canonical in KNOWN_ORGS.items():
        names.setdefault(form, (canonical, "organisation"))
    for form, (canonical, kind) in names.items():
        found.add_word(form, (len(form), canonical, kind))
    found.make_automaton()
    return found


def gazetteer_hits(text: str) -> list[tuple[int, int, str, str]]:
    """``(start, end, canonical, type)`` of every gazetteer name in ``text`` that stands as whole words,
    longest first where two overlap, in text order."""
    hits = []
    n = len(text)
    for last, (length, canonical, kind) in automaton().iter(text):
        start, end = last - length + 1, last + 1
        if (start and text[start - 1].isalnum()) or (end < n and text[end].isalnum()):
            continue
        hits.append((start, end, canonical, kind))
    hits.sort(key=lambda h: (h[0], -h[1]))
    out = []
    reach = -1
    for hit in hits:
        if hit[0] >= reach:
            out.append(hit)
            reach = hit[1]
    return out
