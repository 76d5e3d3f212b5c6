"""What a reader yields for each input item: an :class:`Item` with its raw record, or the reason it was
rejected.  Both live here, below every reader, so that the format modules and the corpus loader share them."""

from __future__ import annotations

from dataclasses import dataclass


class RejectedItem(Exception):
    """An input item (file, row, upload) that cannot become an article; ``str(exc)`` is the reason shown
    to the user.  Loaders raise it, the corpus loader records it in the report and moves on."""


@dataclass(frozen=True)
class Item:
    """One input item: where it came from, and either its raw record or why it was rejected (or skipped:
    left out on purpose, like a README beside the articles)."""

    origin: str
    record: dict[str, object] | None = None
    reason: str | None = None
    skipped: bool = False
