"""What a page shows, as the strings a reader can see: every text element, table cell, option, label and
chart datum of an AppTest run (the sidebar included), each string as one displayed unit."""

from __future__ import annotations

import contextlib
import html
import json
import re

import pandas as pd
import pyarrow as pa
from streamlit.testing.v1 import AppTest

_TEXT_FIELDS = ("value", "label", "body", "help", "placeholder")


def _frame_strings(frame: pd.DataFrame) -> list[str]:
    """A table as a reader scans it: the column names, and each row's cells side by side (so that the
    pieces of one keyword-in-context line count as the one stretch of text they show)."""
    out = [" ".join(str(c) for c in frame.columns)]
    for row in frame.itertuples(index=False):
        out.append(" ".join(str(v) for v in row if v is not None and v == v))
    return out


def _rendered(markdown: str) -> str:
    """Markdown as the reader sees it: tags and emphasis marks gone, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", markdown)).replace("**", "")


def _element_strings(element) -> list[str]:
    kind = type(element).__name__
    if kind in ("Markdown", "Caption", "Info", "Warning", "Error", "Success"):
        return [_rendered(element.value)]
    if kind == "Dataframe":
        return _frame_strings(element.value)
    if kind == "UnknownElement" and element.type == "vega_lite_chart":
        proto = element.proto
        out = [json.dumps(json.loads(proto.spec).get("title", ""))]
        for dataset in proto.datasets:
            out.extend(_frame_strings(pa.ipc.open_stream(dataset.data.data).read_pandas()))
        return out
    out: list[str] = []
    for name in _TEXT_FIELDS:
        try:
            value = getattr(element, name)
        except Exception:  # not every element has every field
            continue
        if isinstance(value, str) and value:
            out.append(value)
    for name in ("options",):
        with contextlib.suppress(Exception):
            out.extend(str(o) for o in getattr(element, name))
    proto = getattr(element, "proto", None)
    label = getattr(proto, "label", None) if proto is not None else None
    if isinstance(label, str) and label and label not in out:
        out.append(label)
    return out


def _walk(node) -> list[str]:
    out: list[str] = []
    for child in getattr(node, "children", {}).values():
        if type(child).__name__ not in ("Block", "Column", "Tab", "Expander", "Status", "Form", "Popover"):
            out.extend(_element_strings(child))
        out.extend(_walk(child))
    return out


def shown_strings(at: AppTest) -> list[str]:
    """Every string the page shows, one per displayed unit (a paragraph, a cell, an option, a label)."""
    return _walk(at.main) + _walk(at.sidebar)


def shown_text(at: AppTest) -> str:
    """All of :func:`shown_strings`, joined by newlines."""
    return "\n".join(shown_strings(at))
