"""Which reader reads which file: by its extension, after a ``.gz`` is taken off and decompressed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from analysis.ingest.decode import gunzip
from analysis.ingest.documents import read_docx, read_html, read_pdf
from analysis.ingest.items import Item, RejectedItem
from analysis.ingest.readers import read_delimited, read_json, read_json_lines, read_plain

READERS: dict[str, Callable[[str, bytes], list[Item]]] = {
    ".txt": read_plain,
    ".text": read_plain,
    ".md": read_plain,
    ".markdown": read_plain,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".csv": read_delimited,
    ".tsv": read_delimited,
    ".jsonl": read_json_lines,
    ".ndjson": read_json_lines,
    ".json": read_json,
    ".pdf": read_pdf,
    ".docx": read_docx,
}
SUPPORTED = tuple(sorted(READERS)) + tuple(f"{ext}.gz" for ext in sorted(READERS))


def format_of(name: str) -> str | None:
    """The reader key for a file name (``a.csv.gz`` → ``.csv``), or None if unsupported."""
    suffixes = [s.lower() for s in PurePath(name).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes and suffixes[-1] in READERS else None


def read_file(name: str, data: bytes) -> list[Item]:
    """Read any supported file; unsupported names and bad content raise :class:`RejectedItem`."""
    fmt = format_of(name)
    if fmt is None:
        raise RejectedItem(f"unsupported file type; supported: {', '.join(sorted(READERS))} (and .gz)")
    if name.lower().endswith(".gz"):
        data = gunzip(data)
    return READERS[fmt](name, data)
