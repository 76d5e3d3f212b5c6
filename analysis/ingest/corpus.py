"""Load a pile of news files into one tidy ``articles`` frame, accounting for every input item.

``load_corpus`` takes a folder, a file, a list of paths, or uploaded ``(name, bytes)`` pairs, reads each
format (see :mod:`analysis.readers`), cleans the text, parses dates, drops exact duplicates, groups
syndicated copies into stories, and returns a :class:`Corpus` whose ``report`` has one row for every
input item — loaded, syndicated copy, duplicate, skipped or rejected, with the reason — so nothing is
lost silently.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from analysis.ingest.cleaning import clean_body, normal_form, paragraphs
from analysis.ingest.dates import IMPOSSIBLE, ISO, MISSING, OTHER_FORMAT, UNPARSED, parse_dates
from analysis.ingest.formats import read_file
from analysis.ingest.furniture import COLUMNS as FURNITURE_COLUMNS
from analysis.ingest.furniture import find_furniture, mark_furniture
from analysis.ingest.items import Item, RejectedItem
from analysis.ingest.syndication import credited_wire, group_stories
from analysis.keys import frame_hash
from analysis.memory import give_back, trim_heap
from analysis.progress import Progress
from analysis.result import ANALYSIS_ARTICLE_COLUMNS

#: Report statuses.  "loaded" and "syndicated copy" rows are articles; the others are not.
LOADED, SYNDICATED, DUPLICATE, SKIPPED, REJECTED = "loaded", "syndicated copy", "duplicate", "skipped", "rejected"
ARTICLE_COLUMNS = [
    "doc_id",
    "title",
    "source",
    "author",
    "published",
    "url",
    "text",
    "origin",
    "folder",
    "n_words",
    "story_id",
    "wire",
    "furniture",
]
COPY_OF = "copy of story "  # the reason given for a syndicated copy, followed by the story's id
REPORT_COLUMNS = ["item", "status", "reason", "doc_id", "story_id", "date", "notes"]
MAX_FILE_BYTES = 200 * 1024 * 1024
#: The longest article accepted, in characters (~100,000 words; the longest newspaper features run to
#: ~30,000).  Longer "articles" are whole books or dumps, and would stall the per-article analysis.
MAX_ARTICLE_CHARS = 600_000
#: Articles whose cleaned text is held as Python strings at once while a corpus is assembled.
TEXT_CHUNK = 1_000
#: Input items cleaned between two progress reports (AllSides 8k: 32 reports over about 2 s of cleaning).
REPORT_EVERY = 250
# Files that travel with data sets but are not news: reported as skipped, never analysed as articles.
_DOC_FILE = re.compile(
    r"^(readme|license|licence|copying|changelog|changes|notice|authors|contributing)"
    r"(\.[a-z0-9]+)*$",
    re.IGNORECASE,
)
_TITLE_MAX = 90

Source = str | os.PathLike[str] | tuple[str, bytes] | Sequence["str | os.PathLike[str] | tuple[str, bytes]"]


@dataclass
class Corpus:
    """The loaded articles, one row per story copy, and the report on every input item."""

    articles: pd.DataFrame
    report: pd.DataFrame
    stories: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: Each outlet's page furniture found in the corpus (:mod:`analysis.ingest.furniture`).
    furniture: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FURNITURE_COLUMNS))
    #: The folder of a built store this corpus was read from (``python -m analysis build``), whose analysis
    #: can be reopened as it is; None for a corpus loaded from articles.
    store: Path | None = None

    def __len__(self) -> int:
        return len(self.articles)

    @cached_property
    def content_hash(self) -> str:
        """Hash of every value of the articles frame (texts, dates, authors, extra columns), in any order.

        Computed once: the dashboard keys what it shows by it on every rerun, and a corpus never changes.
        A corrected date is a new hash, so no cache keeps showing the old one."""
        return frame_hash(self.articles)

    def summary(self) -> dict[str, object]:
        """Counts for the report header: statuses, stories, and what became of the dates."""
        status = self.report["status"].value_counts()
        is_article = self.report["status"].isin([LOADED, SYNDICATED])
        dates = self.report.loc[is_article, "date"].value_counts()
        return {
            "items": len(self.report),
            "articles": len(self.articles),
            "stories": int(self.articles["story_id"].nunique()),
            **{s: int(status.get(s, 0)) for s in (LOADED, SYNDICATED, DUPLICATE, SKIPPED, REJECTED)},
            "dates": {kind: int(dates.get(kind, 0)) for kind in (ISO, OTHER_FORMAT, MISSING, IMPOSSIBLE, UNPARSED)},
        }


def load_corpus(source: Source, *, max_file_bytes: int = MAX_FILE_BYTES, progress: Progress | None = None) -> Corpus:
    """Read ``source`` into a :class:`Corpus`.

    ``source`` is a folder (read recursively; hidden files, documentation files such as README and
    symbolic links leading outside the folder are reported and not read), a single file, a list of
    paths, or ``(name, bytes)`` pairs as they come from an upload widget.  ``progress`` is told each
    stage's share done as it goes (``"done"`` at the end): a large corpus takes seconds to load, and a
    visitor waiting for the first page should see what the wait is made of.
    """
    report = progress or _unreported
    report("reading files", 0, 1)
    items: list[tuple[Item, str]] = []
    for name, folder, payload in _inputs(source):
        if isinstance(payload, str):  # a skip reason
            items.append((Item(name, reason=payload, skipped=True), folder))
        elif isinstance(payload, RejectedItem):
            items.append((Item(name, reason=str(payload)), folder))
        elif len(payload) > max_file_bytes:
            items.append(
                (
                    Item(
                        name,
                        reason=f"file too large ({len(payload) / 2**20:.1f} MiB; the limit "
                        f"is {max_file_bytes / 2**20:.0f} MiB)",
                    ),
                    folder,
                )
            )
        else:
            items.extend((found, folder) for found in _read_items(name, payload))
    report("reading files", 1, 1)
    corpus = _assemble(items, report)
    report("done", 1, 1)
    return corpus


def _unreported(stage: str, done: int, total: int) -> None:
    """The progress of a load nobody follows."""


def _read_items(name: str, payload: bytes) -> list[Item]:
    try:
        return read_file(name, payload)
    except RejectedItem as exc:
        return [Item(name, reason=str(exc))]
    except Exception as exc:  # a library choking on odd input must not end the whole load
        return [Item(name, reason=f"could not be read ({type(exc).__name__}: {exc})")]


# ------------------------------------------------------------------------------------------- inputs


def _inputs(source: Source) -> Iterator[tuple[str, str, bytes | str | RejectedItem]]:
    """Yield ``(name, folder, bytes | skip-reason | RejectedItem)`` for each input file."""
    if isinstance(source, tuple) and len(source) == 2 and isinstance(source[1], bytes | bytearray):
        source = [source]
    if isinstance(source, str | os.PathLike):
        source = [source]
    for entry in source:
        if isinstance(entry, tuple):
            name, data = entry
            yield Path(str(name)).name or "upload", "", bytes(data)
            continue
        path = Path(entry)
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            yield str(path), "", _read(path)
        else:
            yield str(path), "", RejectedItem("no such file or folder")


def _read(path: Path) -> bytes | RejectedItem:
    try:
        return path.read_bytes()
    except OSError as exc:
        return RejectedItem(f"cannot read: {exc.strerror or exc}")


def _walk(root: Path) -> Iterator[tuple[str, str, bytes | str | RejectedItem]]:
    real_root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        rel_dir = here.relative_to(root)
        for d in sorted(dirnames):
            if d.startswith(".") or (here / d).is_symlink():
                why = "hidden folder" if d.startswith(".") else "symbolic link to a folder (not followed)"
                yield str(rel_dir / d) + "/", "", why
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not (here / d).is_symlink())
        for name in sorted(filenames):
            path = here / name
            rel = str(rel_dir / name) if str(rel_dir) != "." else name
            folder = "" if str(rel_dir) == "." else str(rel_dir)
            if name.startswith("."):
                yield rel, folder, "hidden file"
            elif _DOC_FILE.match(name):
                yield rel, folder, "documentation file, not a news article"
            elif path.is_symlink() and not path.resolve().is_relative_to(real_root):
                yield rel, folder, RejectedItem("symbolic link pointing outside the folder")
            else:
                yield rel, folder, _read(path)


# ----------------------------------------------------------------------------------------- assembly


def _assemble(items: list[tuple[Item, str]], progress: Progress = _unreported) -> Corpus:
    rows: list[dict[str, object]] = []
    texts: list[pa.Array] = []  # the rows' text, moved out of them a chunk at a time
    report: list[dict[str, object]] = []
    n_items = len(items)
    items.reverse()
    while items:  # consumed as we go, so each raw text is freed once its cleaned copy exists
        if len(report) % REPORT_EVERY == 0:
            progress("cleaning articles", len(report), n_items)
        item, folder = items.pop()
        if item.record is None:
            report.append(
                {
                    "item": item.origin,
                    "status": SKIPPED if item.skipped else REJECTED,
                    "reason": item.reason or "unknown",
                }
            )
            continue
        try:
            row, notes = _article(item, folder)
        except RejectedItem as exc:
            report.append({"item": item.origin, "status": REJECTED, "reason": str(exc)})
            continue
        row["_report"] = len(report)
        rows.append(row)
        report.append({"item": item.origin, "status": LOADED, "notes": notes})
        if len(rows) % TEXT_CHUNK == 0:
            texts.append(_text_chunk(rows[-TEXT_CHUNK:]))
            trim_heap()  # the raw records consumed so far: their pages back before the next chunk's Arrow text
    if len(rows) % TEXT_CHUNK:
        texts.append(_text_chunk(rows[-(len(rows) % TEXT_CHUNK) :]))
    progress("cleaning articles", n_items, n_items)

    articles = _frame(rows, texts)
    del rows, texts
    chars = int(articles["text"].str.len().sum()) if len(articles) else 0
    give_back(chars)  # the rows' Python strings: 500 MB at 37,554 articles, under the stories' fingerprints next
    if len(articles):
        progress("syndicated copies", 0, 1)  # with the dates and exact duplicates that come first
        published, kinds = parse_dates(articles.pop("_published_raw"))
        articles["published"] = published
        for idx, kind, raw in zip(articles["_report"], kinds, articles["_published_text"], strict=True):
            note = {
                OTHER_FORMAT: f"date in another format ({raw!r})",
                IMPOSSIBLE: f"impossible date {raw!r}: left missing",
                UNPARSED: f"unreadable date {raw!r}: left missing",
            }.get(kind)
            report[idx]["date"] = kind
            if note:
                report[idx]["notes"] = "; ".join(filter(None, [report[idx].get("notes"), note]))
        articles = _drop_duplicates(articles, report)
        articles["n_words"] = [len(t.split()) for t in articles["text"]]
        articles["wire"] = [
            credited_wire(s if isinstance(s, str) else None, t)
            for s, t in zip(articles["source"], articles["text"], strict=True)
        ]
        articles["story_id"], stories = group_stories(articles)
        progress("syndicated copies", 1, 1)
        give_back(chars)  # the stories' shingle matrices, before the furniture's line counts
        for idx, sid, did in zip(articles["_report"], articles["story_id"], articles["doc_id"], strict=True):
            report[idx]["doc_id"] = did
            report[idx]["story_id"] = sid
            if sid != did:
                report[idx]["status"] = SYNDICATED
                report[idx]["reason"] = COPY_OF + sid
        progress("page furniture", 0, 1)
        furniture = find_furniture(articles)
        articles["furniture"] = mark_furniture(articles, furniture)
        progress("page furniture", 1, 1)
        for idx, spans in zip(articles["_report"], articles["furniture"], strict=True):
            if spans:
                lines = spans.count(";") + 1
                note = f"{lines} line{'s' if lines > 1 else ''} of the outlet's page furniture left out of the analysis"
                report[idx]["notes"] = "; ".join(filter(None, [report[idx].get("notes"), note]))
        articles = articles.drop(columns=["_report", "_published_text", "_exact"])
    else:
        furniture = pd.DataFrame(columns=FURNITURE_COLUMNS)
        stories = pd.DataFrame(
            columns=["story_id", "n_copies", "title", "wire", "sources", "doc_ids", "first_published"]
        )
    extras = [c for c in articles.columns if c not in ARTICLE_COLUMNS and not c.startswith("_")]
    articles = articles.reindex(columns=ARTICLE_COLUMNS + extras).reset_index(drop=True)
    articles["furniture"] = articles["furniture"].fillna("")
    for column in ("doc_id", "title", "source", "author", "url", "text", "origin", "folder", "story_id", "wire",
                   "furniture"):  # fmt: skip
        articles[column] = articles[column].astype("str")
    articles["published"] = pd.to_datetime(articles["published"]).astype("datetime64[ns]")
    articles["n_words"] = articles["n_words"].astype("int64")
    report_frame = pd.DataFrame(report).reindex(columns=REPORT_COLUMNS)
    return Corpus(articles=articles, report=report_frame, stories=stories, furniture=furniture)


def _text_chunk(rows: list[dict[str, object]]) -> pa.Array:
    """The text of ``rows``, taken out of them, as one Arrow array: the cleaned texts are held as Python
    strings only :data:`TEXT_CHUNK` articles at a time.  Held in the rows until the frame was made, they were
    about 500 MB at AllSides' 37,554 articles (two bytes a character wherever a curly quote is) beside
    their 223 MB Arrow copy, and the load's peak."""
    return pa.array([row.pop("text") for row in rows], type=pa.large_string())


def _frame(rows: list[dict[str, object]], texts: list[pa.Array]) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame(columns=[*ARTICLE_COLUMNS, "_report", "_published_raw", "_published_text", "_exact"])
    # Column by column: a frame built from a list of dicts goes through a 2-D object array and peaks
    # at ~3x the memory of the texts on a large corpus.
    names = dict.fromkeys(key for row in rows for key in row)
    columns: dict[str, object] = {name: [row.get(name) for row in rows] for name in names}
    # One chunk, as a column built from a list is: a filter of a chunked column would join its chunks first.
    text = pa.chunked_array(texts, type=pa.large_string()).combine_chunks()
    columns["text"] = pd.array(text, dtype=pd.StringDtype("pyarrow", na_value=np.nan))
    return pd.DataFrame(columns)


_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


def _clean_field(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = " ".join(str(value).split())
    return text or None


def _article(item: Item, folder: str) -> tuple[dict[str, object], str | None]:
    """Turn one raw record into an article row plus the notes for its report line."""
    record = item.record or {}
    notes: list[str] = []
    raw_text = record.get("text")
    if not isinstance(raw_text, str) or not raw_text.strip():
        raise RejectedItem("empty text")
    if len(raw_text) > MAX_ARTICLE_CHARS:
        raise RejectedItem(
            f"too long for one article ({len(raw_text.split()):,} words; the limit is "
            f"{MAX_ARTICLE_CHARS // 6:,} or so): split it into articles, one per file or row"
        )
    text, removed = clean_body(raw_text)
    title = _clean_field(record.get("title"))
    if title and text:
        first, _, rest = text.partition("\n\n")
        if " ".join(first.split()).casefold() == title.casefold():
            text = rest  # the body repeats the headline as its first paragraph
    if removed:
        notes.append(f"{removed} boilerplate paragraph{'s' if removed > 1 else ''} removed")
    if not text.strip():
        raise RejectedItem("no article text (only a title or boilerplate)")
    if not title:
        title = _title_from(text)
        notes.append("title taken from the text")
    url = _clean_field(record.get("url"))
    if url and not _URL.match(url):
        notes.append(f"URL {url[:60]!r} dropped (not http/https)")
        url = None
    published = record.get("published")
    row: dict[str, object] = {
        "title": title,
        "source": _clean_field(record.get("source")),
        "author": _clean_field(record.get("author")),
        "_published_raw": published,
        "_published_text": _clean_field(published) or "",
        "url": url,
        "text": text,
        "origin": item.origin,
        "folder": folder,
    }
    for key, value in record.items():
        if key.startswith("extra:"):
            name = key.removeprefix("extra:")
            # An input column named like one of ours ("tone", "text") keeps its values under another name.
            taken = name in row or name in ARTICLE_COLUMNS or name in ANALYSIS_ARTICLE_COLUMNS
            row[f"{name}_original" if taken else name] = value
    key = "\x1f".join(normal_form(str(row[k] or "")) for k in ("source", "title", "text"))
    row["_exact"] = hash((row["source"], title, raw_text))  # tells byte-identical copies from near-identical
    row["doc_id"] = hashlib.blake2b(key.encode(), digest_size=8).hexdigest()
    return row, "; ".join(notes) or None


def _title_from(text: str) -> str:
    first = paragraphs(text)[0]
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
    if len(sentence) <= _TITLE_MAX:
        return sentence
    return sentence[:_TITLE_MAX].rsplit(" ", 1)[0] + "…"


def _drop_duplicates(articles: pd.DataFrame, report: list[dict[str, object]]) -> pd.DataFrame:
    """Keep the first of each set of exact duplicates (same source, title and text after normalising)."""
    duplicated = articles["doc_id"].duplicated()
    if duplicated.any():
        first = articles.drop_duplicates("doc_id").set_index("doc_id")[["origin", "_exact"]]
        dups = articles.loc[duplicated]
        for idx, doc_id, exact in zip(dups["_report"], dups["doc_id"], dups["_exact"], strict=True):
            how = "" if exact == first.at[doc_id, "_exact"] else " (same after folding white space, quotes and case)"
            reason = f"duplicate of {first.at[doc_id, 'origin']}{how}"
            report[idx].update(status=DUPLICATE, doc_id=doc_id, reason=reason)
    return articles.loc[~duplicated].reset_index(drop=True)
