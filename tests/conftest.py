"""Shared fixtures: where the seed and the shared real corpora are, and skips where they are absent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED_DATA = ROOT.parent / "shared" / "data"
BBC = SHARED_DATA / "bbc-news" / "bbc"
ALLSIDES = SHARED_DATA / "allsides-news" / "articles.jsonl.gz"
NEWSMTSC = SHARED_DATA / "newsmtsc"


@pytest.fixture(scope="session", autouse=True)
def isolated_cache(tmp_path_factory) -> Iterator[Path]:
    """Every test run stores its analyses in a folder of its own, never in the system temp cache that the
    dashboard and earlier runs use: a test must not pass by reopening a store that older code wrote."""
    folder = tmp_path_factory.mktemp("analysis-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BROADSHEET_CACHE", str(folder))
        yield folder


@pytest.fixture(scope="session", autouse=True)
def checked_charts() -> Iterator[None]:
    """Every chart a test draws is validated against the Vega-Lite schema: the served app skips that walk on
    each rerun (``ui.charts``), so the tests are where a chart that breaks the schema shows."""
    from ui.charts import CHECK_CHARTS

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CHECK_CHARTS, "1")
        yield


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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The browser tests are the ``e2e`` layer wherever they are collected from."""
    for item in items:
        if "e2e" in item.path.parts:
            item.add_marker(pytest.mark.e2e)
