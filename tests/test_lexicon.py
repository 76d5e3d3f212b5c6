"""The word lists: each entry listed once, no two lists saying opposite things, the precedence honoured."""

from __future__ import annotations

import ast
from functools import cache

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


@cache
def _code_strings() -> frozenset[str]:
    """Every string literal of the package's code, docstrings left out (they name lists without reading them)."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        found |= {
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        }
    return frozenset(found)


@pytest.mark.parametrize("name", LISTS)
def test_every_list_is_read_by_the_package(name):
    strings = _code_strings()
    assert name in strings or name.rsplit(".", 1)[0] in strings, f"no code names {name}"


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


def test_a_title_the_gazetteers_know_starts_a_run_as_the_entry():
    """The precedence holds inside a run too: "Senate" and "Labour" are organisations there, not titles."""
    assert [(m.name, m.type) for m in find_mentions("Senate Majority Leader Mitch McConnell said on Monday.")] == [
        ("Senate", "organisation"),
        ("Mitch McConnell", "person"),
    ]
    assert [(m.name, m.type) for m in find_mentions("Labour MP Jess Phillips said on Monday.")] == [
        ("Labour Party", "organisation"),
        ("Jess Phillips", "person"),
    ]


def test_an_undotted_abbreviation_is_a_title_only_when_listed_as_one():
    """ "St Helens", "St Etienne" and "CPL" are names; "Dr Smith" and "Gen. Milley" are titles."""
    names = {
        m.name
        for text in (
            "St Helens beat Wigan on Friday.",
            "He played for St Etienne last year.",
            "The CPL World Tour ends in London.",
        )
        for m in find_mentions(text)
    }
    assert not names & {"Helens", "Etienne", "World Tour"}, names
    assert [m.name for m in find_mentions("Dr Jane Smith and Gen. Mark Milley met.")] == ["Jane Smith", "Mark Milley"]
