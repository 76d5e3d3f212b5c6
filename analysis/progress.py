"""How far an analysis has got, and how long it has to go: stage reports turned into one fraction and an
estimate of the time left, for the command line's bar and the dashboard's alike."""

from __future__ import annotations

import time
from collections.abc import Callable

#: ``progress(stage, done, total)``: how a build, a store's growth or a corpus's load reports as it goes.
Progress = Callable[[str, int, int], None]

#: Each stage's share of a build's wall time, in the order a build runs them (AllSides 8k, 2 Dec 2026:
#: 18.6, 4.6, 2.9, 8.3, 53.9 and 6.4 s): the first pass (sentences, tone, tokens), the corpus fits, the
#: second pass (entities and quotes), then the sentiment toward the entities.
WEIGHTS = {
    "sentences, tone, tokens": 0.2,
    "terms": 0.05,
    "keywords": 0.03,
    "topics": 0.09,
    "entities, quotes": 0.56,
    "entity sentiment": 0.07,
}
#: The same for loading a corpus (:func:`analysis.ingest.corpus.load_corpus`; AllSides 8k, 3 Dec 2026: 0.5,
#: 1.8, 1.9 and 2.5 s): reading the files, cleaning each article, grouping syndicated copies into stories
#: (with the dates and exact duplicates before it), finding each outlet's page furniture.
LOAD_WEIGHTS = {"reading files": 0.1, "cleaning articles": 0.25, "syndicated copies": 0.3, "page furniture": 0.35}
#: The same for growing a store (:mod:`analysis.append`): one pass over the new articles does it all.
GROW_WEIGHTS = {"entities, quotes": 0.5, "entity sentiment": 0.25, "terms": 0.1, "keywords": 0.05, "topics": 0.1}


class Tracker:
    """Feed it ``(stage, done, total)`` as the pipeline reports; read :attr:`fraction`, :meth:`eta` and
    :attr:`stage`.  The estimate is the time so far scaled by what is left: rough at first, then steady."""

    def __init__(self, weights: dict[str, float] | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.weights = dict(weights or WEIGHTS)
        self.clock = clock
        self.started = clock()
        self.done: dict[str, float] = {}
        self.stage = "starting"

    def update(self, stage: str, done: int, total: int) -> None:
        if stage == "done":
            self.done = {name: 1.0 for name in self.weights}
            self.stage = "done"
            return
        self.done[stage] = done / max(total, 1)
        self.stage = stage

    @property
    def fraction(self) -> float:
        total = sum(self.weights.values())
        return min(1.0, sum(w * self.done.get(name, 0.0) for name, w in self.weights.items()) / total)

    def eta(self) -> float | None:
        """Seconds left, or None until there is enough to go on."""
        fraction = self.fraction
        if fraction < 0.02:
            return None
        return (self.clock() - self.started) * (1 - fraction) / fraction


def describe_progress(tracker: Tracker) -> str:
    """ "37% · cleaning articles · about 6 s left": the share done, the stage and the time left, as a bar's
    text says it."""
    return f"{tracker.fraction:.0%} · {tracker.stage} · {describe_eta(tracker.eta())}".rstrip(" ·")


def describe_eta(seconds: float | None) -> str:
    """ "about 40 s left", "about 2 min left", or "" while there is no estimate yet — or nothing is left
    (a finished bar read "100 % · page furniture · about 1 s left")."""
    if seconds is None or seconds <= 0:
        return ""
    if seconds < 90:
        return f"about {max(1, round(seconds))} s left"
    return f"about {round(seconds / 60)} min left"
