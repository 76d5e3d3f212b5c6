"""The word lists: each entry listed once, no two lists saying opposite things, the precedence honoured."""

from __future__ import annotations

import re

import pytest

from analysis.keys import PACKAGE
from analysis.lexicon import FOLDER, entries, pairs, table, words
from analysis.voices.entities import find_mentions
from analysis.voices.gazetteer import places

LISTS = sorted(p.name for p in FOLDER.iterdir() if p.suffix in (".txt", ".tsv"))


@pytest.mark.parametrize("name", LISTS)
def test_every_list_says_what_it_is_for_and_lists_each_entry_once(name):
    text = (FOLDER / name).read_text(encoding="utf-8")
    assert text.startswith("# "), f"{name} starts with a comment saying what it is for"
    found = entries(name)
    assert found, f"{name} is empty"
    keys = [e.split("\t")[0] for e in found] if name.endswith(".tsv") and name != "country_aliases.tsv" else found
    folded = [k.casefold() for k in keys] if name.endswith(".txt") else keys
    repeated = sorted({k for k in folded if folded.count(k) > 1})
    assert repeated == [], f"{name} lists these more than once: {repeated}"


@pytest.mark.parametrize("name", LISTS)
def test_every_list_is_read_by_the_package(name):
    stem = name.rsplit(".", 1)[0]
    sources = "\n".join(p.read_text() for p in PACKAGE.rglob("*.py"))
    assert re.search(rf"[\"']{re.escape(stem)}(?:\.txt|\.tsv)?[\"']", sources), f"nothing reads {name}"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("honorifics", "abbreviations"),
        ("honorifics", "may_end"),
        ("abbreviations", "may_end"),
        ("speech_verbs", "not_names"),
        ("roles", "org_suffixes"),
        ("roles", "org_cues"),
        ("cities", "us_states"),
        ("name_suffixes", "honorifics"),
        ("name_suffixes", "abbreviations"),
    ],
)
def test_no_entry_is_in_two_lists_that_contradict_each_other(one, other):
    both = sorted(words(one) & words(other))
    assert both == [], f"{both} are in both {one}.txt and {other}.txt, which mean opposite things"


def test_a_non_name_is_never_a_name_the_gazetteers_know():
    """The gazetteers come first: a non-name whose capitalised form is a known place or organisation could
    never apply, and says the opposite of the gazetteer."""
    known = set(table("known_orgs")) | set(places())
    clashes = sorted(w for w in words("not_names") if w.capitalize() in known or w in known)
    assert clashes == [], f"not_names.txt says these name nothing, the gazetteers that they are entities: {clashes}"


def test_an_alias_names_one_country():
    codes: dict[str, set[str]] = {}
    for code, alias in pairs("country_aliases"):
        codes.setdefault(alias, set()).add(code)
    assert {alias: c for alias, c in codes.items() if len(c) > 1} == {}


def test_the_gazetteers_win_over_the_non_names():
    """ "WHO" is listed as an organisation and "who" as a non-name: the organisation wins, in its case only."""
    assert [(m.text, m.name, m.type) for m in find_mentions("The WHO warned on Monday that cases were rising.")] == [
        ("WHO", "World Health Organization", "organisation")
    ]
    assert find_mentions("Who warned on Monday that cases were rising?") == []
    assert [(m.name, m.type) for m in find_mentions("Democrats said on Monday they would vote.")] == [
        ("Democratic Party", "organisation")
    ]
