"""Readers for documents made for people rather than machines: HTML pages, PDF and DOCX files.

Each library is imported on first use (trafilatura alone costs ~0.3 s), and each document's own metadata
(title, author, date) wins over what the first lines suggest.
"""

from __future__ import annotations

import io

from analysis.ingest.decode import decode_bytes
from analysis.ingest.items import Item, RejectedItem
from analysis.ingest.readers import parse_plain_article


def read_html(name: str, data: bytes) -> list[Item]:
    import trafilatura  # imported lazily: it costs ~0.3 s and most corpora have no HTML

    text, _ = decode_bytes(data)
    doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, include_tables=False)
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise RejectedItem("no article text found in the HTML page")
    title = (doc.title or "").strip()
    lines = body.split("\n")
    if title and lines and lines[0].strip().casefold() == title.casefold():
        lines = lines[1:]
    record: dict[str, object] = {
        "title": title,
        "text": "\n\n".join(lines),
        "author": doc.author,
        "published": doc.date,
        "source": doc.sitename,
        "url": doc.url,
    }
    return [Item(name, record)]


def read_pdf(name: str, data: bytes) -> list[Item]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise RejectedItem("encrypted PDF")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise RejectedItem(f"unreadable PDF: {exc}") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise RejectedItem("PDF has no extractable text (scanned image?)")
    record = parse_plain_article(text)
    _prefer(record, title=info.get("/Title"), author=info.get("/Author"))
    return [Item(name, record)]


def read_docx(name: str, data: bytes) -> list[Item]:
    import zipfile

    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise RejectedItem(f"unreadable DOCX: {exc}") from exc
    text = "\n\n".join(p.text for p in document.paragraphs)
    if not text.strip():
        raise RejectedItem("DOCX has no text")
    record = parse_plain_article(text)
    props = document.core_properties
    _prefer(record, title=props.title, author=props.author)
    if props.created and "published" not in record:
        record["published"] = props.created
    return [Item(name, record)]


def _prefer(record: dict[str, object], **values: object) -> None:
    """Document properties win over guesses from the first lines, when they are set."""
    for key, value in values.items():
        if isinstance(value, str) and value.strip():
            if key == "title" and record.get("title") and record["title"] != value.strip():
                # The first line was the title too; don't leave it in the body.
                record["text"] = f"{record['title']}\n\n{record['text']}"
            record[key] = value.strip()
