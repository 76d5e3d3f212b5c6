"""Say which of an opened link's filters this corpus cannot show, instead of dropping them unseen.

A widget bound to the URL (``bind="query-params"``) seeds itself from the link on a session's first run
and silently drops whatever it cannot offer: a source the corpus no longer has, a topic label from an
earlier fit, a date outside the articles' span, a person outside the Mentions box.  A colleague opening a
shared link would then read a wider view as if it were the one shared.  So, on the run that seeds a
filter (its key not yet in the session), the link's raw values are compared with what the widget offers,
and the sidebar says what was left out until the visitor dismisses it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date

import streamlit as st

from ui.text import md_escape

#: The note of what the opened link asked for and this corpus cannot show (kept until dismissed).
LINK_NOTE = "link_left_out"
#: The filters whose link values were checked in this session (a filter this corpus does not draw, such
#: as dates for undated articles, never gets a value of its own, so its parameter would be read again).
CHECKED = "link_checked"


def asked(key: str) -> list[str]:
    """The opened link's values for filter ``key``, once per session, on the run before its widget seeds
    itself from them (nothing once the widget has a value of its own: the URL then follows the widget)."""
    checked = st.session_state.setdefault(CHECKED, set())
    if key in checked or key in st.session_state or key not in st.query_params:
        return []
    checked.add(key)
    return [value for value in st.query_params.get_all(key) if value != ""]


def unmatched(values: Iterable[str], offered: Collection[str]) -> list[str]:
    """The values a choice widget will drop: those not among its (formatted) options."""
    return [value for value in values if value not in offered]


def _parse_dates(values: list[str]) -> list[date] | None:
    try:
        return [date.fromisoformat(value) for value in values]
    except ValueError:
        return None


def bad_dates(values: list[str], span: tuple[date, date] | None, all_dated: bool = True) -> str:
    """Why a link's date range cannot be shown ("" when it can): the date widget drops a range that is
    not two dates, or reaches outside the articles' first and last day; for undated articles, or
    articles of one day, no widget is drawn — the same view only where every article is of that day and
    the range holds it (a range leaves undated articles out)."""
    if not values:
        return ""
    shown = " – ".join(values)
    if span is None:
        return f"dates {shown} (these articles have no dates)"
    days = _parse_dates(values)
    if days is None or len(days) not in (1, 2):  # one date: that day (ui.filters reads it so)
        return f"dates “{shown}” (not a range of two dates, YYYY-MM-DD)"
    if span[0] == span[1]:
        if all_dated and min(days) <= span[0] <= max(days):
            return ""
        return f"dates {shown} (these articles have one date, {span[0]:%Y-%m-%d}{'' if all_dated else ', or none'})"
    if min(days) < span[0] or max(days) > span[1]:
        return f"dates {shown} (the articles run from {span[0]:%Y-%m-%d} to {span[1]:%Y-%m-%d})"
    return ""


def bad_tone(values: list[str]) -> str:
    """Why a link's tone range cannot be shown ("" when it can): two numbers from −1 to +1."""
    if not values:
        return ""
    try:
        numbers = [float(value) for value in values]
    except ValueError:
        numbers = []
    if len(numbers) == 2 and all(-1.0 <= n <= 1.0 for n in numbers):
        return ""
    return f"tone “{', '.join(values)}” (two numbers from −1 to +1)"


def named(what: str, values: list[str]) -> str:
    """``sources “A”, “B”`` for a note ("" for none)."""
    return f"{what} {', '.join(f'“{v}”' for v in values)}" if values else ""


def remember(parts: Iterable[str]) -> None:
    """Keep the note of what a link asked for and cannot have (only on a run that found something)."""
    found = [part for part in parts if part]
    if found:
        st.session_state[LINK_NOTE] = found


def _dismiss() -> None:
    st.session_state.pop(LINK_NOTE, None)


def draw_note(container) -> None:
    """The sidebar's warning of what the link asked for and this corpus cannot show, with a dismiss."""
    found = st.session_state.get(LINK_NOTE)
    if not found:
        return
    container.warning(
        "This link asks for filters this corpus cannot show; they are left out, so this view is not the "
        "one shared: " + md_escape("; ".join(found)) + ".",
        icon=":material/link_off:",
    )
    container.button("Dismiss", key="dismiss_link_note", on_click=_dismiss)
