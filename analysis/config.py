"""The settings of an analysis, in one place, validated when they are made (as scikit-learn estimators do
in ``fit``, but here at construction: a bad setting must fail before minutes of work, not after).

Two kinds, kept apart on purpose:

* :class:`AnalysisConfig` (with :class:`TopicConfig`) changes *what* is computed, so it is part of the
  store key: two analyses with different settings are stored apart.
* :class:`EngineConfig` changes only *how* the work is run — cores, batch sizes, when to go parallel — and
  never the result, so it is not in the key.  The stages take their batch sizes and parallelism from it
  instead of each module keeping its own copy of ``N_JOBS``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from numbers import Integral

TOPIC_METHODS = ("clusters", "nmf", "lda")


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


def _integers(config: object, minimums: dict[str, int], optional: frozenset[str] = frozenset()) -> None:
    """Check and normalise integer settings in place: an ``int`` (numpy's integers become one; ``True``,
    ``2.5`` and ``"5"`` are refused) of at least its minimum, or None where the setting is optional."""
    owner = type(config).__name__
    for name, minimum in minimums.items():
        value = getattr(config, name)
        if value is None and name in optional:
            continue
        if isinstance(value, bool) or not isinstance(value, Integral) or int(value) < minimum:
            allowed = f"an integer ≥ {minimum}" + (" or None" if name in optional else "")
            raise ValueError(f"{owner}.{name} must be {allowed}, not {value!r}")
        object.__setattr__(config, name, int(value))


@dataclass(frozen=True)
class TopicConfig:
    """Settings of the topic model.

    Parameters
    ----------
    method:
        ``"clusters"`` (themes and topics as clusters of articles in a latent semantic space, see
        :mod:`analysis.themes.hierarchy`), ``"nmf"`` (NMF over TF-IDF) or ``"lda"`` (latent Dirichlet
        allocation over counts).  Passages (a small corpus) always use NMF.
    n_topics:
        A fixed number of topics, or None to choose it (the knee of held-out reconstruction for clusters;
        the most stable of ``candidates`` for NMF and LDA).
    n_themes:
        A fixed number of themes (clusters only), or None to choose the most stable.
    candidates:
        The numbers of topics NMF and LDA try when ``n_topics`` is None (each ≥ 2).
    random_state:
        Seed of every fit and subsample, so a shared link shows the same topics tomorrow.
    max_iter:
        Iterations of the final fit.
    selection_terms:
        Choose k on this many most widespread terms only (None: all terms).
    """

    method: str = "clusters"
    n_topics: int | None = None
    n_themes: int | None = None
    candidates: tuple[int, ...] = (4, 5, 6, 8, 10, 12)
    random_state: int = 0
    max_iter: int = 400
    selection_terms: int | None = None

    def __post_init__(self) -> None:
        _check(self.method in TOPIC_METHODS, f"TopicConfig.method must be one of {TOPIC_METHODS}, not {self.method!r}")
        _integers(self, {"n_topics": 2, "n_themes": 2, "random_state": 0, "max_iter": 1, "selection_terms": 1},
                  optional=frozenset({"n_topics", "n_themes", "selection_terms"}))  # fmt: skip
        candidates = tuple(self.candidates) if isinstance(self.candidates, list | tuple) else None
        _check(
            bool(candidates)
            and all(not isinstance(k, bool) and isinstance(k, Integral) and k >= 2 for k in candidates)
            and len(set(candidates)) == len(candidates),
            f"TopicConfig.candidates must be distinct integers ≥ 2, not {self.candidates!r}",
        )
        object.__setattr__(self, "candidates", tuple(sorted(int(k) for k in candidates)))


@dataclass(frozen=True)
class AnalysisConfig:
    """Settings that change results; all of them are part of the store key.

    Parameters
    ----------
    top_keywords:
        Keywords kept per article.
    topics:
        The topic model's settings.
    """

    top_keywords: int = 10
    topics: TopicConfig = field(default_factory=TopicConfig)

    def __post_init__(self) -> None:
        _integers(self, {"top_keywords": 1})
        _check(isinstance(self.topics, TopicConfig), "AnalysisConfig.topics must be a TopicConfig")

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, settings: dict[str, object]) -> AnalysisConfig:
        """The settings :meth:`to_dict` wrote (a store's ``meta["settings"]``), validated again."""
        topics = dict(settings.get("topics") or {})
        if "candidates" in topics:
            topics["candidates"] = tuple(topics["candidates"])
        return cls(**{**{k: v for k, v in settings.items() if k != "topics"}, "topics": TopicConfig(**topics)})


@dataclass(frozen=True)
class EngineConfig:
    """How the work is run; never part of the store key, since no setting here changes a result.

    Parameters
    ----------
    n_jobs:
        Worker processes for the parallel stages (this machine has two cores).
    partition_articles:
        Articles per partition of the build: each runs on its own in a worker, and only its frames come back.
    parallel_chars:
        Below this much text, the per-article stages run in the calling process (starting workers costs
        about a second).
    batch_articles:
        Articles per batch of the per-article stages (entities, quotes, tone).  A batch is joined into one
        text for the tokenizer, the recogniser and the gazetteers; a smaller one is a smaller peak in each
        worker (a 1,000-article AllSides partition: 418 MB at 400, 320 MB at 100, for ~4 % more CPU).
    token_batch, block_docs:
        Texts tokenized at a time, and texts whose n-grams are counted at a time, by the term counts.
    sentiment_chunk, parallel_targets:
        Targets featurized at a time by the target-sentiment model, and how many make it worth both cores.
    parallel_units:
        Topic units (articles or passages) that make the stability fits worth worker processes.
    """

    n_jobs: int = 2
    partition_articles: int = 1000
    parallel_chars: int = 5_000_000
    batch_articles: int = 100
    token_batch: int = 500
    block_docs: int = 1000
    sentiment_chunk: int = 4_000
    parallel_targets: int = 8_000
    parallel_units: int = 1000

    def __post_init__(self) -> None:
        _integers(self, {f.name: 1 for f in fields(self)})


#: The engine every stage uses unless told otherwise.
ENGINE = EngineConfig()
