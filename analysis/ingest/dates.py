"""Publication dates as news files give them: ISO, ``M/D/YY``, "July 21, 2020", RFC 2822, epoch numbers.

A date is optional metadata, so nothing here raises: every value comes back as a timestamp (naive UTC) or
missing, with a *kind* that the load report counts, so an analyst can see how many dates were absent,
written in another format, or impossible (year 1, far future) and therefore dropped.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pandas as pd
from dateutil import parser as dateutil_parser

#: What became of each date value; the load report counts these.
ISO, OTHER_FORMAT, MISSING, IMPOSSIBLE, UNPARSED = "iso", "other format", "missing", "impossible", "unparsed"

EARLIEST = datetime(1800, 1, 1)
# A loose upper bound: a future date a day or two ahead is time-zone slop, a year ahead is an error.
FUTURE_SLACK = timedelta(days=2)
_LOOKS_LIKE_DATE = re.compile(r"\d{4}|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2}\b")


def parse_dates(values: Iterable[object]) -> tuple[pd.Series, pd.Series]:
    """Parse many date values at once.

    Returns ``(published, kind)``: a ``datetime64`` Series (NaT where missing) and a string Series with
    one of ``iso``, ``other format``, ``missing``, ``impossible``, ``unparsed`` per value.  The common
    case, ISO strings, is parsed in one vectorised call; only the rest go through the slower parsers,
    each distinct string once.
    """
    raw = [_as_text(v) for v in values]
    text = pd.Series(raw, dtype="object")
    iso = pd.to_datetime(text, format="ISO8601", errors="coerce", utc=True)
    latest = pd.Timestamp(datetime.now(UTC) + FUTURE_SLACK)
    kinds = pd.Series(MISSING, index=text.index, dtype="object")
    empty = text.eq("")
    in_range = iso.notna() & (iso >= pd.Timestamp(EARLIEST, tz="UTC")) & (iso <= latest)
    kinds[in_range] = ISO
    published = iso.where(in_range)
    rest = ~empty & ~in_range
    if rest.any():
        cache = {s: _parse_one(s, latest) for s in text[rest].unique()}
        for idx in text.index[rest]:
            stamp, kind = cache[text[idx]]
            published[idx] = stamp
            kinds[idx] = kind
    published = published.dt.tz_convert(None).astype("datetime64[ns]")
    return published, kinds.astype("str")


def parse_date(value: object) -> tuple[pd.Timestamp | None, str]:
    """Parse one date value; see :func:`parse_dates`."""
    published, kind = parse_dates([value])
    stamp = published.iloc[0]
    return (None if pd.isna(stamp) else stamp), kind.iloc[0]


def _as_text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value  # epoch milliseconds vs seconds
        try:
            return datetime.fromtimestamp(seconds, UTC).isoformat()
        except (OverflowError, OSError, ValueError):
            return str(value)
    return str(value).strip()


def _parse_one(text: str, latest: pd.Timestamp) -> tuple[pd.Timestamp | None, str]:
    parsed: datetime | None = None
    with contextlib.suppress(TypeError, ValueError, IndexError):
        parsed = parsedate_to_datetime(text)  # RFC 2822, e.g. "Tue, 21 Jul 2020 10:00:00 +0000"
    if parsed is None:
        if not _LOOKS_LIKE_DATE.search(text):
            return None, UNPARSED  # dateutil would turn "Monday" into next Monday: refuse instead
        try:
            parsed = dateutil_parser.parse(text)
        except (ValueError, OverflowError):
            return None, UNPARSED
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    if parsed.year < EARLIEST.year:
        return None, IMPOSSIBLE
    try:
        stamp = pd.Timestamp(parsed).tz_convert("UTC")
    except (OverflowError, ValueError):
        return None, IMPOSSIBLE
    if stamp > latest:
        return None, IMPOSSIBLE
    return stamp, OTHER_FORMAT
