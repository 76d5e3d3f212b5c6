"""Shared fixtures: where the seed and the shared real corpora are, and skips where they are absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED_DATA = ROOT.parent / "shared" / "data"
BBC = SHARED_DATA / "bbc-news" / "bbc"
ALLSIDES = SHARED_DATA / "allsides-news" / "articles.jsonl.gz"
NEWSMTSC = SHARED_DATA / "newsmtsc"


def need(path: Path) -> Path:
    """Skip the calling test, with the reason, when a shared corpus is not beside the project."""
    if not path.exists():
        pytest.skip(f"real-data test: {path} is absent (it lives in ../shared/data beside the project)")
    return path


@pytest.fixture(scope="session")
def bbc_corpus():
    from analysis.ingest.corpus import load_corpus

    return load_corpus(need(BBC))


@pytest.fixture(scope="session")
def allsides_corpus():
    from analysis.ingest.corpus import load_corpus

    return load_corpus(need(ALLSIDES))
