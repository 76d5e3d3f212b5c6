"""One reader per file format, each turning a file's bytes into raw article records.

A reader returns :class:`Item` objects, one per input item it saw: a whole file for single-article
formats, one per row or line for tables and JSON Lines.  An item carries either a record (a plain dict
with ``title, text, source, author, published, url`` and any extra scalar fields) or the reason it was
rejected, so one broken row never costs the rest of the file.  A reader raises :class:`RejectedItem` only
when the whole file is unusable.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import PurePath

import pandas as pd

from analysis.ingest.dates import UNPARSED, parse_date
from analysis.ingest.decode import decode_bytes, looks_binary
from analysis.ingest.items import Item, RejectedItem

# Column names recognised in tables and JSON, case- and punctuation-insensitively, best first.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "heading", "subject"),
    "text": (
        "text",
        "body",
        "content",
        "article",
        "articletext",
        "articlebody",
        "fulltext",
        "story",
        "contentoriginal",
        "maintext",
        "bodytext",
        "content_text",
        "description",
        "summary",
    ),
    "published": (
        "published",
        "date",
        "publishdate",
        "publisheddate",
        "publishedat",
        "pubdate",
        "publicationdate",
        "datepublished",
        "datetime",
        "timestamp",
        "created",
        "time",
    ),
    "source": (
        "source",
        "outlet",
        "publisher",
        "publication",
        "sitename",
        "site",
        "sourcename",
        "media",
        "newspaper",
        "domain",
    ),
    "author": ("author", "authors", "byline", "writer", "writers", "creator", "creators"),
    "url": ("url", "link", "href", "articleurl", "permalink", "uri"),
}
_KEY_FOLD = re.compile(r"[^a-z0-9]")
MAX_EXTRA_FIELDS = 20


def _fold(name: str) -> str:
    return _KEY_FOLD.sub("", str(name).lower())


def map_columns(names: Iterable[str]) -> dict[str, str]:
    """Map our fields to the input's column names, e.g. ``{"text": "Body", "title": "Headline"}``."""
    folded = {_fold(n): n for n in names}
    mapping: dict[str, str] = {}
    for field, aliases in FIELD_ALIASES.items():
        for alias in aliases:
            column = folded.get(_fold(alias))
            if column is not None and column not in mapping.values():
                mapping[field] = column
                break
    return mapping


# --------------------------------------------------------------------------------------------------- txt/md

_MD_MARKS = re.compile(r"^\s*#{1,6}\s*|^\s*[*_]{1,3}|[*_]{1,3}\s*$")
_META_LINE = re.compile(
    r"^(?P<key>source|publisher|outlet|publication|author|authors|byline|written by|date|published|"
    r"published on|updated|posted|dateline|url|link|original url)\s*:\s*(?P<value>.+)$",
    re.IGNORECASE,
)
_META_KEYS = {
    "source": "source",
    "publisher": "source",
    "outlet": "source",
    "publication": "source",
    "author": "author",
    "authors": "author",
    "byline": "author",
    "written by": "author",
    "date": "published",
    "published": "published",
    "published on": "published",
    "updated": "published",
    "posted": "published",
    "dateline": "published",
    "url": "url",
    "link": "url",
    "original url": "url",
}
_BYLINE = re.compile(r"^By\s+(?P<value>[A-Z][^\n]{1,100})$")
_HEADER_LINES = 8  # metadata is looked for this many non-empty lines below the title, no further
_TITLE_LINE_MAX = 300  # a longer first line is text, not a title


def _strip_md(line: str) -> str:
    return _MD_MARKS.sub("", line.strip()).replace("**", "").strip()


def parse_plain_article(text: str) -> dict[str, object]:
    """Split a plain-text or Markdown article into title, metadata and body.

    The first non-empty line is the title; directly below it, lines such as ``Source: …``, ``By …``,
    ``Published: …``, a line that is only a date, or a repeat of the title are metadata, not text.
    Markdown front matter (``---`` … ``---`` with ``key: value`` lines) is read the same way.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    record: dict[str, object] = {}
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, min(len(lines), 60)) if lines[i].strip() == "---"), None)
        if end is not None:
            for line in lines[1:end]:
                key, _, value = line.partition(":")
                field = "title" if _fold(key) == "title" else _META_KEYS.get(key.strip().lower())
                if field and value.strip():
                    record[field] = value.strip().strip("\"'")
            start = end + 1
    body_start = start
    non_empty = [i for i in range(start, len(lines)) if lines[i].strip()]
    if not non_empty:
        raise RejectedItem("no text")
    if "title" not in record and len(lines[non_empty[0]]) > _TITLE_LINE_MAX:
        # A first line this long is the text itself (a one-line file), not a headline: the corpus
        # names the article after its first sentence instead.
        record["text"] = "\n".join(lines[start:])
        return record
    if "title" not in record:
        record["title"] = _strip_md(lines[non_empty[0]])
        non_empty = non_empty[1:]
        body_start = non_empty[0] if non_empty else len(lines)
    title_fold = str(record["title"]).casefold()
    for i in non_empty[:_HEADER_LINES]:
        line = _strip_md(lines[i])
        if line.casefold() == title_fold:
            body_start = i + 1
            continue
        field, value = _metadata_of(line)
        if field is None:
            break
        record.setdefault(field, value)
        body_start = i + 1
    record["text"] = "\n".join(lines[body_start:])
    return record


def _metadata_of(line: str) -> tuple[str | None, str]:
    if match := _META_LINE.match(line):
        return _META_KEYS[match["key"].lower()], match["value"].strip()
    if match := _BYLINE.match(line):
        return "author", match["value"].strip()
    if len(line) <= 40 and any(ch.isdigit() for ch in line):
        stamp, kind = parse_date(line)
        if stamp is not None or kind != UNPARSED:
            return "published", line
    return None, ""


def read_plain(name: str, data: bytes) -> list[Item]:
    text, _ = decode_bytes(data)
    return [Item(name, parse_plain_article(text))]


# ------------------------------------------------------------------------------------------------- tables


def _value(value: object, joiner: str = ", ") -> object:
    """Flatten JSON values: ``{"name": "CNN"}`` → ``"CNN"``, ``["A", "B"]`` → ``"A, B"`` (a list of
    paragraphs for the text is joined by ``joiner``, a blank line)."""
    if isinstance(value, Mapping):
        for key in ("name", "title", "text", "value"):
            if isinstance(value.get(key), str):
                return value[key]
        return None
    if isinstance(value, list | tuple):
        parts = [_value(v) for v in value]
        return joiner.join(str(p) for p in parts if p not in (None, ""))
    return value


def records_from_rows(name: str, rows: Iterable[tuple[str, object]], columns: list[str]) -> list[Item]:
    """Turn ``(origin, row)`` pairs from a table or JSON file into items, mapping columns to fields.

    JSON records need not share their keys, so the mapping is worked out per distinct set of keys; the
    file is rejected only when no key anywhere in it can be the article text.
    """
    if "text" not in map_columns(columns):
        # Names cut short: a file without a header row would otherwise put its first article in the reason.
        found = ", ".join(repr(c if len(c) <= 30 else c[:29] + "…") for c in map(str, columns[:30])) or "none"
        raise RejectedItem(f"no text column (looked for text/body/content/article…); columns found: {found}")
    mappings: dict[tuple[str, ...], tuple[dict[str, str], list[str]]] = {}
    items: list[Item] = []
    for origin, row in rows:
        if not isinstance(row, Mapping):
            items.append(Item(origin, reason=f"not a record but a JSON {type(row).__name__}"))
            continue
        keys = tuple(row)
        if keys not in mappings:
            mapping = map_columns(keys)
            mappings[keys] = (mapping, [k for k in keys if k not in mapping.values()][:MAX_EXTRA_FIELDS])
        mapping, extras = mappings[keys]
        record = {
            field: _value(row.get(column), "\n\n" if field == "text" else ", ") for field, column in mapping.items()
        }
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            items.append(Item(origin, reason="empty text" if "text" in mapping else "no text field"))
            continue
        for column in extras:
            value = _value(row.get(column))
            if isinstance(value, str | int | float | bool) and value != "":
                record[f"extra:{column}"] = value
        items.append(Item(origin, record))
    return items


def read_delimited(name: str, data: bytes) -> list[Item]:
    text, _ = decode_bytes(data)
    sep = "\t" if PurePath(name).suffix.lower() == ".tsv" else None
    if sep is None:
        try:
            sep = csv.Sniffer().sniff(text[:20000], delimiters=",;\t|").delimiter
        except csv.Error:
            sep = ","
    bad_lines: list[int] = []
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError as exc:
        raise RejectedItem("no columns or rows") from exc
    except pd.errors.ParserError:
        # Malformed rows: re-read with the Python engine, which hands each bad line to us.
        def on_bad(fields: list[str]) -> None:
            bad_lines.append(len(fields))

        frame = pd.read_csv(
            io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, engine="python", on_bad_lines=on_bad
        )
    columns = [str(c) for c in frame.columns]
    rows = ((f"{name}#row {i + 2}", row) for i, row in enumerate(frame.to_dict("records")))
    items = records_from_rows(name, rows, columns)
    items += [
        Item(f"{name}#malformed row {k + 1}", reason=f"malformed row with {n} fields, expected {len(columns)}")
        for k, n in enumerate(bad_lines)
    ]
    if not items:
        raise RejectedItem("header only, no rows")
    return items


def _decoded_lines(data: bytes) -> Iterator[str]:
    """The lines of a text file, decoded one at a time.

    A large JSON Lines file decoded whole becomes one Python string of up to four bytes per character
    (one emoji is enough), several times the file's size; line by line, each string is as small as its
    own characters allow and the file's bytes are never copied.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        yield from decode_bytes(data)[0].splitlines()
        return
    if not data.strip():
        raise RejectedItem("empty file")
    if looks_binary(data.removeprefix(codecs.BOM_UTF8)):
        raise RejectedItem("binary content, not text")
    for number, raw in enumerate(io.BytesIO(data)):
        if number == 0:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            yield raw.decode("cp1252", errors="replace")


def read_json_lines(name: str, data: bytes) -> list[Item]:
    parsed: list[tuple[str, object]] = []
    broken: list[Item] = []
    columns: dict[str, None] = {}
    for number, line in enumerate(_decoded_lines(data), start=1):
        if not line.strip():
            continue
        origin = f"{name}#line {number}"
        try:
            row = json.loads(line)
        except (ValueError, RecursionError) as exc:
            broken.append(Item(origin, reason=f"invalid JSON: {_json_error(exc)}"))
            continue
        if isinstance(row, Mapping):
            columns.update(dict.fromkeys(map(str, row)))
        parsed.append((origin, row))
    if not parsed:
        raise RejectedItem("no valid JSON line" + (f" ({broken[0].reason})" if broken else ""))
    return records_from_rows(name, parsed, list(columns)) + broken


def read_json(name: str, data: bytes) -> list[Item]:
    text, _ = decode_bytes(data)
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:
        # A JSON Lines file saved as .json is common enough to accept.
        if text.lstrip().startswith("{") and "\n{" in text:
            return read_json_lines(name, data)
        raise RejectedItem(f"invalid JSON: {_json_error(exc)}") from exc
    if isinstance(doc, Mapping):
        container = next(
            (
                doc[k]
                for k in ("articles", "data", "items", "results", "records", "docs")
                if isinstance(doc.get(k), list)
            ),
            None,
        )
        rows = container if container is not None else [doc]
    elif isinstance(doc, list):
        rows = doc
    else:
        raise RejectedItem(f"JSON holds a {type(doc).__name__}, not articles")
    columns: dict[str, None] = {}
    for row in rows:
        if isinstance(row, Mapping):
            columns.update(dict.fromkeys(map(str, row)))
    return records_from_rows(name, ((f"{name}#item {i + 1}", r) for i, r in enumerate(rows)), list(columns))


def _json_error(exc: Exception) -> str:
    return "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
