"""The Parquet store: an analysed corpus is written once and reopened in a second.

An analysis lives in ``<cache>/<key>/`` where the key (:func:`store_key`) hashes everything its tables
depend on: the articles' ids and exact texts, the settings, and the analysis code itself with the
libraries whose output it stores (:func:`analysis.keys.code_version`) — so an edited article, a changed
setting or an edited rule never reopens an old analysis, and nobody has to bump a version by hand.  The
articles' other columns (dates, authors, URLs, extra columns) are read by no stage: a reopened analysis
gets them from the articles as loaded now, so a corrected date shows at once without re-analysing.

A store is written to a temporary folder and renamed into place, so a crash never leaves a half-written
store under a valid key; one that is unreadable anyway (disk trouble, a hand edit) is set aside and
analysed afresh.  The cache folder is ``BROADSHEET_CACHE``, else ``broadsheet-cache`` in the system temp
folder, read at each call (the tests point it at a folder of their own).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.config import AnalysisConfig
from analysis.ingest.corpus import COPY_OF, LOADED, REPORT_COLUMNS, SYNDICATED, Corpus
from analysis.keys import code_version, inputs_hash, settings_hash
from analysis.result import ANALYSIS_ARTICLE_COLUMNS, REUSED, Analysis

if TYPE_CHECKING:
    from analysis.progress import Progress

CACHE_ENV = "BROADSHEET_CACHE"


def cache_folder(cache_dir: str | Path | None = None) -> Path:
    """``cache_dir``, else ``$BROADSHEET_CACHE``, else the system temp folder's ``broadsheet-cache``."""
    if cache_dir is not None:
        return Path(cache_dir)
    return Path(os.environ.get(CACHE_ENV) or Path(tempfile.gettempdir()) / "broadsheet-cache")


def store_key(articles: pd.DataFrame, config: AnalysisConfig) -> str:
    """Hash of the articles' ids and texts (in any order), the settings and the analysis code."""
    return f"{inputs_hash(articles)[:16]}-{settings_hash(config.to_dict())}-{code_version()}"


def with_articles(stored: Analysis, articles: pd.DataFrame) -> Analysis:
    """``stored`` with its ``articles`` frame rebuilt from ``articles`` as loaded now (same ids and texts),
    in the stored row order (``term_counts`` rows point into it), plus the columns the analysis added.

    After a lean read whose text stays on disk the rebuilt frame leaves the text out too: the store holds
    the very same text (its key hashes it), and a second in-memory copy of it is what made reopening the
    8,000 AllSides articles' analysis peak at 974 MB where the lean read of the same store needs 250 MB."""
    added = [c for c in ANALYSIS_ARTICLE_COLUMNS if c in stored.articles.columns]
    order = stored.articles["doc_id"]
    held = [c for c in articles.columns if c not in stored.left_out("articles")]
    current = articles[held].set_index("doc_id", drop=False).loc[order.to_numpy()].reset_index(drop=True)
    rebuilt = pd.concat([current, stored.articles[added].reset_index(drop=True)], axis=1)
    return stored.replaced({**stored.frames, "articles": rebuilt})


def open_stored(
    articles: pd.DataFrame,
    config: AnalysisConfig | None = None,
    cache_dir: str | Path | None = None,
    lean: bool = False,
) -> Analysis | None:
    """The stored analysis of exactly these articles, or None (a corrupt or partial store is removed).

    ``lean``: :meth:`Analysis.load`'s lean read, the dashboard's — the long texts and the build's own
    tables stay on disk, read for the rows a page shows."""
    config = config or AnalysisConfig()
    return _opened(articles, store_key(articles, config), cache_folder(cache_dir), lean)


def _opened(articles: pd.DataFrame, key: str, cache: Path, lean: bool = False) -> Analysis | None:
    """:func:`open_stored` with the key made: hashing 8,000 articles' text takes about 0.35 s here, and
    :func:`cached_analyze` looks for its store twice."""
    target = cache / key
    if not target.exists():
        return None
    try:
        result = with_articles(Analysis.load(target, lean=lean), articles)
    except Exception as error:  # corrupt or partial: set it aside so it is analysed again
        if not _broken(error):
            raise
        shutil.rmtree(target, ignore_errors=True)
        return None
    result.meta["store"] = {"key": key, "reused": True}
    return result


def _broken(error: Exception) -> bool:
    """Whether a failed reopen means the store is broken (a file missing, truncated or not what this code
    writes), so it may be removed and made again — not that this process ran short (memory, open files,
    a read error of the disk): other sessions may be reading a lean analysis's text from that folder."""
    if isinstance(error, MemoryError):
        return False
    if isinstance(error, FileNotFoundError | NotADirectoryError) or not isinstance(error, OSError):
        return True
    return error.errno is None  # Arrow's own reading errors ("Corrupt snappy compressed data") carry none


def cached_analyze(
    articles: pd.DataFrame,
    config: AnalysisConfig | None = None,
    cache_dir: str | Path | None = None,
    progress: Progress | None = None,
    ready: Callable[[Analysis], None] | None = None,
    lean: bool = False,
) -> Analysis:
    """Reopen the stored analysis of these articles, or analyse them and store the result (``progress``
    and ``ready``: as :func:`~analysis.pipeline.analyze` takes them; ``lean``: as :func:`open_stored`).

    When the exact corpus is not stored, the newest store made by this code is passed to :func:`analyze`
    as ``previous``, so per-article work for articles seen before (same id and text) is reused (topics are
    refitted).

    The analysis is written into its store's temporary folder as it goes (``analyze(out=…)``), so the
    build never holds every per-article table, and what is returned is the store read back — the same as
    the next visit's reopen.  Where the cache cannot be written (read-only, or full), the analysis is made
    again in memory and returned unstored.
    """
    config = config or AnalysisConfig()
    cache = cache_folder(cache_dir)
    key = store_key(articles, config)
    stored = _opened(articles, key, cache, lean)
    if stored is not None:
        return stored
    from analysis.pipeline import analyze  # the build side, imported only when something is to be analysed

    previous = _newest(cache)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        temporary: Path | None = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=cache))
    except OSError:
        temporary = None
    if temporary is not None:
        try:
            result = analyze(articles, config, progress=progress, previous=previous, out=temporary, ready=ready)
            result.meta["store"] = {"key": key, "reused": False}
            result.save(temporary)
            temporary.rename(cache / key)
        except OSError:  # the disk is full, or another process stored it first
            pass
        finally:
            shutil.rmtree(temporary, ignore_errors=True)
        reopened = _opened(articles, key, cache, lean)
        if reopened is not None:
            reopened.meta["store"] = {"key": key, "reused": False}
            return reopened
    result = analyze(articles, config, progress=progress, previous=previous, ready=ready)
    result.meta["store"] = {"key": key, "reused": False}
    return result


class CannotAppend(ValueError):
    """The stored analysis cannot be grown in place (other code built it, or articles would be lost)."""


def new_articles(stored: Analysis, articles: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``articles`` the stored analysis does not hold (by doc_id)."""
    return articles[~articles["doc_id"].isin(stored.articles["doc_id"])].reset_index(drop=True)


def check_appendable(stored: Analysis, articles: pd.DataFrame) -> None:
    """Raise :class:`CannotAppend` unless ``articles`` holds every stored article and this code built
    ``stored`` (tables from other rules would mix two analyses in one store)."""
    if stored.meta.get("analysis_version") != code_version():
        raise CannotAppend(
            "the store was built by another version of the analysis code: build it again "
            "(python -m analysis build SOURCE --out STORE) before appending to it"
        )
    missing = ~stored.articles["doc_id"].isin(articles["doc_id"])
    if missing.any():
        raise CannotAppend(
            f"{int(missing.sum()):,} stored articles are not in the grown corpus: appending never removes"
        )


def grown_key(base: Analysis, articles: pd.DataFrame) -> str:
    """The key of ``base`` grown by the rows of ``articles`` it does not hold: what was there (its
    articles and settings), what was added, and the code — a grown store differs from a fresh build of the
    same articles (its topics were placed, not refitted), so the two never share a key."""
    new = articles[~articles["doc_id"].isin(base.articles["doc_id"])]
    settings = settings_hash(dict(base.meta.get("settings") or {}))
    return f"grown-{_base_inputs(base)[:12]}-{inputs_hash(new)[:12]}-{settings}-{code_version()}"


def _base_inputs(base: Analysis) -> str:
    """Hash of what ``base`` analysed: its articles' ids and texts — or, where a lean read left the text on
    disk, its store's articles file byte for byte (the ids alone would reopen an old growth of a store
    rebuilt in place with an article's text edited).  Streamed: the file is never held."""
    home = base.home
    if "text" in base.articles.columns or home is None:
        return inputs_hash(base.articles)
    if not (home / "articles.parquet").is_file():  # the ids alone are no key for what was analysed
        raise FileNotFoundError(f"{home / 'articles.parquet'} is gone: the analysis's text is no longer on disk")
    digest = hashlib.blake2b(digest_size=16)
    with (home / "articles.parquet").open("rb") as stored:
        while chunk := stored.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def cached_extend(
    base: Analysis,
    articles: pd.DataFrame,
    cache_dir: str | Path | None = None,
    progress: Progress | None = None,
    lean: bool = False,
) -> Analysis:
    """``base`` grown by the new rows of ``articles`` (:func:`analysis.append.extend`): reopened when this
    very growth was stored before, else computed — only the new articles analysed — and stored.

    ``lean``: as :func:`open_stored`, both ways — a growth just computed is the store read back lean, the
    same as the next visit's reopen, so a session that uploads holds no more than one that reopens (the
    grown analysis in full held the text and every column a second time; a few uploading visitors' grown
    8,000-article analyses would pass a 1 GB host)."""
    cache = cache_folder(cache_dir)
    key = grown_key(base, articles)
    found = _opened(articles, key, cache, lean)  # a broken one is set aside and grown again below
    if found is not None:
        return found
    from analysis.append import extend  # the build side, imported only when something is to be analysed

    whole = base.whole()
    reuse = whole.home
    result = extend(whole, articles, progress=progress, own=whole is not base)  # a lean base's full read: spent
    del whole
    result.meta["store"] = {"key": key, "reused": False}
    _store(result, cache, key, reuse=reuse)
    reopened = _opened(articles, key, cache, lean=True) if lean else None  # None: not stored (the disk is full)
    if reopened is not None:
        reopened.meta["store"] = {"key": key, "reused": False}
        return reopened
    return result


def _store(result: Analysis, cache: Path, key: str, reuse: Path | None = None) -> None:
    """Write ``result`` under ``cache/key`` through a temporary folder, so a crash leaves no half store
    (``reuse``: the store it grew from, see :meth:`Analysis.save`)."""
    cache.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=cache))
    try:
        result.save(temporary, reuse=reuse)
        temporary.rename(cache / key)
    except OSError:
        shutil.rmtree(temporary, ignore_errors=True)  # another process stored it first, or the disk is full


def _newest(cache: Path) -> Analysis | None:
    """The newest store made by this code, as a partial :class:`Analysis` of what can be reused.

    Only per-article work is reused, so only those tables are read, with each article's id and text (an
    article is reused only when its text is exactly the same); a store made by other code (whose sentence
    splitting or rules may differ) is never used.
    """
    if not cache.exists():
        return None
    stores = sorted(
        (p for p in cache.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for path in stores:
        try:
            meta = json.loads((path / "meta.json").read_text())
            if meta.get("analysis_version") != code_version():
                continue
            frames = {name: pd.read_parquet(path / f"{name}.parquet") for name in REUSED}
            frames["articles"] = pd.read_parquet(path / "articles.parquet", columns=["doc_id", "text"])
            return Analysis(frames=frames, meta=meta)
        except Exception:  # unreadable: not worth reusing
            continue
    return None


def is_built(path: str | Path) -> bool:
    """Whether ``path`` is a stored analysis (its tables and meta): written by ``python -m analysis build``,
    which adds the load report, or by :meth:`Analysis.save` (the cache's folders too), which does not.
    Read as files instead, such a folder gave "No articles are loaded" and a report of rejected tables."""
    path = Path(path)
    return path.is_dir() and all((path / name).is_file() for name in ("meta.json", "articles.parquet"))


#: The note on each line of the load report made up for a store saved without one.
NO_LOAD_REPORT = (
    "the store has no load report (saved by Analysis.save, not `python -m analysis build`): the files "
    "skipped, rejected or found to be duplicates when it was made are not known"
)


def _stored_report(articles: pd.DataFrame) -> pd.DataFrame:
    """A load report for a store saved without one: a line per stored article, a syndicated copy where
    its story is another article's, each saying that what else was read is not known."""
    copy = articles["story_id"].astype(str) != articles["doc_id"].astype(str)
    return pd.DataFrame(
        {
            "item": articles["origin"].astype(str).to_numpy(),
            "status": np.where(copy, SYNDICATED, LOADED),
            "reason": np.where(copy, COPY_OF + articles["story_id"].astype(str), None),
            "doc_id": articles["doc_id"].astype(str).to_numpy(),
            "story_id": articles["story_id"].astype(str).to_numpy(),
            "date": None,
            "notes": NO_LOAD_REPORT,
        },
        columns=REPORT_COLUMNS,
    )


def open_built(path: str | Path, lean: bool = False) -> tuple[Corpus, Analysis]:
    """The corpus and analysis of a built store, read as they are: no article is parsed or analysed again.

    The corpus's articles are the analysed ones without the columns the analysis added, so that uploads
    merged into it are analysed like any others.  ``lean``: :meth:`Analysis.load`'s lean read (the
    dashboard's), so both carry no article text when the store can serve it on demand.
    """
    path = Path(path)
    analysis = Analysis.load(path, lean=lean)
    added = [c for c in ANALYSIS_ARTICLE_COLUMNS if c in analysis.articles.columns]
    stories, furniture, report = path / "stories.parquet", path / "furniture.parquet", path / "load_report.parquet"
    corpus = Corpus(
        articles=analysis.articles.drop(columns=added),
        report=pd.read_parquet(report) if report.is_file() else _stored_report(analysis.articles),
        stories=pd.read_parquet(stories) if stories.is_file() else pd.DataFrame(),
        store=path,
    )
    if furniture.is_file():
        corpus.furniture = pd.read_parquet(furniture)
    analysis.meta["store"] = {"key": str(path), "reused": True}
    return corpus, analysis
