"""Turn the bytes of an uploaded or on-disk file into text, or say why it is not text.

News files arrive in every encoding an editor ever saved: UTF-8 with or without a BOM, UTF-16 from
Windows tools, and legacy cp1252/Latin-1 (the BBC corpus has one such file).  We decide in a fixed,
cheap order instead of running a statistical charset detector, because a detector guesses wrongly on
short texts and costs far more than the load itself; the order below is right for every case we see.
"""

from __future__ import annotations

import codecs
import gzip
import io

from analysis.ingest.items import RejectedItem

# Bytes that never occur in text files: C0 controls other than tab, newline, form feed, carriage return.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Bytes that are undefined in cp1252; a file containing them is decoded as Latin-1 instead.
_CP1252_HOLES = frozenset(b"\x81\x8d\x8f\x90\x9d")

#: Files larger than this after decompression are refused (a zip bomb or a data dump, not an article set).
MAX_DECOMPRESSED_BYTES = 512 * 1024 * 1024


def looks_binary(data: bytes) -> bool:
    """True when a BOM-less byte string is not plausibly text (NUL bytes or many control bytes)."""
    sample = data[:65536]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(sample.count(bytes([b])) for b in _CONTROL_BYTES)
    return controls / len(sample) > 0.01


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` to text and name the encoding used.

    Raises :class:`RejectedItem` for empty input and for binary content, so a caller can report the
    file and carry on with the rest of the corpus.
    """
    if not data.strip():
        raise RejectedItem("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise RejectedItem(f"undecodable: starts with a {encoding} byte-order mark but {exc.reason}") from exc
            return _check_text(text), encoding
    if looks_binary(data):
        raise RejectedItem("binary content, not text")
    try:
        return _check_text(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = "latin-1" if _CP1252_HOLES.intersection(data) else "cp1252"
    return _check_text(data.decode(encoding)), encoding


def _check_text(text: str) -> str:
    if not text.strip():
        raise RejectedItem("empty file (only white space)")
    return text


def gunzip(data: bytes, limit: int | None = None) -> bytes:
    """Decompress gzip data, refusing output larger than ``limit`` (guards against gzip bombs).

    Decompression streams in 1 MiB chunks, so a bomb is stopped at the limit, not after filling memory.
    """
    limit = MAX_DECOMPRESSED_BYTES if limit is None else limit
    chunks: list[bytes] = []
    size = 0
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            while chunk := fh.read(1 << 20):
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    raise RejectedItem(f"decompressed size exceeds the {limit // (1 << 20)} MiB limit")
    except (OSError, EOFError) as exc:
        raise RejectedItem(f"not a valid gzip file: {exc}") from exc
    return b"".join(chunks)
