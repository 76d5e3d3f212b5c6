"""The Parquet store: an analysed corpus is written once and reopened in a second.

An analysis lives in ``<cache>/<key>/`` where the key hashes the corpus content (its article ids, which
are content hashes), the settings and :data:`~analysis.pipeline.ANALYSIS_VERSION`: an unchanged corpus
is never analysed twice, by this process, a restart or another visitor.  A store is written to a
temporary folder and renamed into place, so a crash never leaves a half-written store under a valid
key; one that is unreadable anyway (disk trouble, a hand edit) is set aside and analysed afresh.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from analysis.ingest.corpus import Corpus, content_hash
from analysis.pipeline import ANALYSIS_ARTICLE_COLUMNS, ANALYSIS_VERSION, AnalysisConfig, Progress, analyze
from analysis.result import Analysis

DEFAULT_CACHE = Path(os.environ.get("BROADSHEET_CACHE", Path(tempfile.gettempdir()) / "broadsheet-cache"))


def store_key(articles: pd.DataFrame, config: AnalysisConfig) -> str:
    """Hash of the article contents (in any order), the settings and the analysis version."""
    settings = json.dumps(config.to_dict(), sort_keys=True, default=str)
    return content_hash(articles["doc_id"], settings, ANALYSIS_VERSION, digest_size=12)


def open_stored(articles: pd.DataFrame, config: AnalysisConfig | None = None,
                cache_dir: str | Path | None = None) -> Analysis | None:
    """The stored analysis of exactly these articles, or None (a corrupt or partial store is removed)."""
    config = config or AnalysisConfig()
    key = store_key(articles, config)
    target = (Path(cache_dir) if cache_dir is not None else DEFAULT_CACHE) / key
    if not target.exists():
        return None
    try:
        result = Analysis.load(target)
    except Exception:  # corrupt or partial: set it aside so it is analysed again
        shutil.rmtree(target, ignore_errors=True)
        return None
    result.meta["store"] = {"key": key, "reused": True}
    return result


def cached_analyze(articles: pd.DataFrame, config: AnalysisConfig | None = None, cache_dir: str | Path | None = None,
                   progress: Progress | None = None) -> Analysis:
    """Reopen the stored analysis of these articles, or analyse them and store the result.

    When the exact corpus is not stored, the newest stored analysis is passed to :func:`analyze` as
    ``previous``, so per-article work for articles seen before is reused (topics are refitted).
    """
    config = config or AnalysisConfig()
    cache = Path(cache_dir) if cache_dir is not None else DEFAULT_CACHE
    key = store_key(articles, config)
    target = cache / key
    stored = open_stored(articles, config, cache)
    if stored is not None:
        return stored
    result = analyze(articles, config, progress=progress, previous=_newest(cache))
    result.meta["store"] = {"key": key, "reused": False}
    cache.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=cache))
    try:
        result.save(temporary)
        temporary.rename(target)
    except OSError:
        shutil.rmtree(temporary, ignore_errors=True)  # another process stored it first, or the disk is full
    return result


def _newest(cache: Path) -> Analysis | None:
    """The sentences of the newest store made by this analysis version, as a partial :class:`Analysis`.

    Only per-article work is reused, so only that table is read; a store from another version (whose
    sentence splitting may differ) is never used.
    """
    if not cache.exists():
        return None
    stores = sorted((p for p in cache.iterdir() if p.is_dir() and not p.name.startswith(".")),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for path in stores:
        try:
            meta = json.loads((path / "meta.json").read_text())
            if meta.get("analysis_version") != ANALYSIS_VERSION:
                continue
            return Analysis(frames={"sentences": pd.read_parquet(path / "sentences.parquet")}, meta=meta)
        except Exception:  # unreadable: not worth reusing
            continue
    return None


def is_built(path: str | Path) -> bool:
    """Whether ``path`` is a folder written by ``python -m analysis build`` (frames, meta and load report)."""
    path = Path(path)
    return path.is_dir() and all((path / name).is_file()
                                 for name in ("meta.json", "articles.parquet", "load_report.parquet"))


def open_built(path: str | Path) -> tuple[Corpus, Analysis]:
    """The corpus and analysis of a built store, read as they are: no article is parsed or analysed again.

    The corpus's articles are the analysed ones without the columns the analysis added, so that uploads
    merged into it are analysed like any others.
    """
    path = Path(path)
    analysis = Analysis.load(path)
    added = [c for c in ANALYSIS_ARTICLE_COLUMNS if c in analysis.articles.columns]
    stories = path / "stories.parquet"
    corpus = Corpus(articles=analysis.articles.drop(columns=added),
                    report=pd.read_parquet(path / "load_report.parquet"),
                    stories=pd.read_parquet(stories) if stories.is_file() else pd.DataFrame(), store=path)
    analysis.meta["store"] = {"key": str(path), "reused": True}
    return corpus, analysis
