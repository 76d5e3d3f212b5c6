"""Content keys: what makes two corpora, or two analyses, the same.

A cached analysis may be reused only when everything its tables depend on is unchanged, and nobody should
have to remember to say so.  Three keys, each computed from the data or the code itself:

* :func:`inputs_hash` — what the stages read of the articles: each article's id and its exact text (the id
  alone folds case and white space, which the entity rules do not);
* :func:`code_version` — the build side's own source files and shipped model arrays, plus the versions of
  the libraries whose output ends up in the tables: edit any of them and old stores stop matching;
* :func:`frame_hash` — every column of the articles frame as loaded (dates, authors, URLs, extra columns),
  for in-memory caches of what the dashboard shows.  Metadata that no stage reads is not part of the store
  key; it is joined to the stored tables again when they are reopened (:func:`analysis.store.open_stored`).
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from functools import cache
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

PACKAGE = Path(__file__).resolve().parent
#: Rooms of the package that only read stored tables: editing them cannot change a stored analysis.
READ_SIDE = ("explore",)
#: Modules of the build side's rooms that make no stored table: the command line, and the training of
#: the shipped model (the model's arrays are hashed themselves).
NOT_BUILD = frozenset({"__main__.py", "stance/train.py", "stance/vectors.py"})
#: Libraries whose results end up in the tables (lexicons, solvers, reference frequencies, name lists).
OUTPUT_LIBRARIES = (
    "numpy",
    "scipy",
    "scikit-learn",
    "pandas",
    "pyarrow",
    "vaderSentiment",
    "wordfreq",
    "pycountry",
    "gender-guesser",
)


def content_hash(doc_ids: Iterable[str], *extra: str, digest_size: int = 16) -> str:
    """Hash of a set of content ids (order does not matter), plus any ``extra`` strings."""
    digest = hashlib.blake2b(digest_size=digest_size)
    for doc_id in sorted(doc_ids):
        digest.update(doc_id.encode())
    for part in extra:
        digest.update(part.encode())
    return digest.hexdigest()


def _row_hashes(frame: pd.DataFrame) -> np.ndarray:
    """One 64-bit hash per row over every column; columns holding lists or dicts are hashed as text."""
    try:
        return pd.util.hash_pandas_object(frame, index=False).to_numpy()
    except TypeError:
        loose = [c for c in frame.columns if frame[c].dtype == object]
        return pd.util.hash_pandas_object(frame.astype({c: str for c in loose}), index=False).to_numpy()


def frame_hash(frame: pd.DataFrame, digest_size: int = 16) -> str:
    """Hash of every value of ``frame`` with its column names and types, in any row order."""
    digest = hashlib.blake2b(digest_size=digest_size)
    digest.update(json.dumps([[str(c), str(frame[c].dtype)] for c in frame.columns]).encode())
    digest.update(np.sort(_row_hashes(frame)).tobytes())
    return digest.hexdigest()


def inputs_hash(articles: pd.DataFrame) -> str:
    """Hash of what the analysis stages read: each article's ``doc_id``, exact ``text`` and the page
    furniture the analysis leaves out of it, in any order."""
    return frame_hash(articles[[c for c in ("doc_id", "text", "furniture") if c in articles.columns]])


def _without_docstrings(source: str) -> str:
    """A module's code as its syntax tree, docstrings left out: reformatting, comments and documentation
    change no stored table, so they change no key."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree)


def source_digest(package: Path = PACKAGE) -> str:
    """Hash of the build side's code and data under ``package``: the rooms in :data:`READ_SIDE` and the
    modules in :data:`NOT_BUILD` left out, Python files by their syntax without docstrings, data files
    (word lists, model arrays) byte for byte.

    Parsing fifty modules takes most of a second, so each file's digest is remembered (by path, size and
    modification time) in a small file beside the system's temporary files: a process that starts
    again parses only what changed."""
    files = sorted(p for p in package.rglob("*") if p.is_file() and p.suffix in (".py", ".npz", ".json", ".txt", ".tsv")
                   and p.relative_to(package).parts[0] not in READ_SIDE and "__pycache__" not in p.parts
                   and str(p.relative_to(package)) not in NOT_BUILD)  # fmt: skip
    known = _remembered()
    digest = hashlib.blake2b(digest_size=8)
    fresh = {}
    for path in files:
        stat = path.stat()
        stamp = f"{path}:{stat.st_size}:{stat.st_mtime_ns}"
        if stamp not in known:
            content = _without_docstrings(path.read_text()).encode() if path.suffix == ".py" else path.read_bytes()
            known[stamp] = hashlib.blake2b(content, digest_size=16).hexdigest()
        fresh[stamp] = known[stamp]
        digest.update(str(path.relative_to(package)).encode() + b"\0" + fresh[stamp].encode())
    _remember(fresh)
    return digest.hexdigest()


_DIGESTS = Path(tempfile.gettempdir()) / "broadsheet-code-digests.json"


def _remembered() -> dict[str, str]:
    try:
        return dict(json.loads(_DIGESTS.read_text()))
    except (OSError, ValueError):
        return {}


def _remember(digests: dict[str, str]) -> None:
    """Best effort, written whole and renamed into place (two processes may start at once)."""
    try:
        partial = _DIGESTS.with_name(f"{_DIGESTS.name}.{os.getpid()}")
        partial.write_text(json.dumps(digests))
        partial.replace(_DIGESTS)
    except OSError:
        pass


@cache
def code_version() -> str:
    """Hash of the build side's source and data files and of :data:`OUTPUT_LIBRARIES`' versions.

    Computed once per process (about 60 files, a few milliseconds).  It replaces a hand-bumped version
    number: a changed rule, word list or model is a changed key.
    """
    digest = hashlib.blake2b(source_digest().encode(), digest_size=8)
    for name, version in library_versions().items():
        digest.update(f"{name}={version}\n".encode())
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    """Installed versions of :data:`OUTPUT_LIBRARIES` ("not installed" where absent)."""
    out = {}
    for package in OUTPUT_LIBRARIES:
        try:
            out[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            out[package] = "not installed"
    return out


def settings_hash(settings: dict[str, object]) -> str:
    return hashlib.blake2b(json.dumps(settings, sort_keys=True, default=str).encode(), digest_size=8).hexdigest()
