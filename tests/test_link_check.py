"""The pure checks behind the sidebar's note of what an opened link asks for and cannot have."""

from __future__ import annotations

from datetime import date

from ui.link_check import bad_dates, bad_tone, named, unmatched

SPAN = (date(2020, 1, 1), date(2020, 12, 31))


def test_unmatched_keeps_only_what_the_widget_cannot_offer():
    assert unmatched(["A", "Zed", "B"], {"A", "B"}) == ["Zed"]
    assert unmatched(["A"], ()) == ["A"], "a filter the corpus does not offer at all drops every value"
    assert named("sources", ["Zed", "Q"]) == "sources “Zed”, “Q”" and named("sources", []) == ""


def test_dates_inside_the_span_pass_and_the_rest_say_why():
    assert bad_dates([], SPAN) == ""
    assert bad_dates(["2020-02-01", "2020-06-01"], SPAN) == ""
    assert "run from 2020-01-01 to 2020-12-31" in bad_dates(["2019-12-31", "2020-06-01"], SPAN)
    assert "not a range of two dates" in bad_dates(["garbage"], SPAN)
    assert bad_dates(["2020-02-01"], SPAN) == "" and bad_dates(["2020-06-01", "2020-02-01"], SPAN) == ""
    assert "run from" in bad_dates(["2021-02-01"], SPAN)
    assert "not a range of two dates" in bad_dates(["2020-02-01", "2020-03-01", "2020-04-01"], SPAN)
    one = (SPAN[0], SPAN[0])  # every dated article of 1 January: no date filter is drawn
    assert "one date, 2020-01-01" in bad_dates(["2020-02-01", "2020-03-01"], one)
    assert bad_dates(["2020-01-01"], one) == "" == bad_dates(["2019-12-01", "2020-02-01"], one), "the same view"
    assert "or none" in bad_dates(["2020-01-01"], one, all_dated=False), "the range left undated ones out"
    assert "no dates" in bad_dates(["2020-02-01", "2020-03-01"], None)


def test_tone_is_two_numbers_from_minus_one_to_one():
    assert bad_tone([]) == "" and bad_tone(["-0.5", "0.5"]) == "" and bad_tone(["0.5", "-0.5"]) == ""
    assert bad_tone(["-3", "0.5"]) and bad_tone(["abc"]) and bad_tone(["0.5"])
