"""How far an analysis has got, and how long it has to go: stage reports turned into one fraction and an
estimate of the time left, for the command line's bar and the dashboard's alike."""

from __future__ import annotations

import time
from collections.abc import Callable

#: Each stage's share of a build's time, measured on AllSides (partitioned stages and corpus fits; the
#: stance stage runs after the corpus fits).
WEIGHTS = {"entities, quotes, tone": 0.45, "entity sentiment": 0.25, "terms": 0.1, "keywords": 0.05, "topics": 0.15}


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


def describe_eta(seconds: float | None) -> str:
    """ "about 40 s left", "about 2 min left", or "" while there is no estimate yet."""
    if seconds is None:
        return ""
    if seconds < 90:
        return f"about {max(1, round(seconds))} s left"
    return f"about {round(seconds / 60)} min left"
