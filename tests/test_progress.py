"""The build's progress: one fraction over weighted stages, a time left that follows it, and the stage
lines the dashboard shows while it waits."""

from __future__ import annotations

import pytest

from analysis.progress import WEIGHTS, Tracker, describe_eta
from ui.analyses import stage_lines


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_fraction_weights_the_stages_and_eta_scales_the_time_so_far() -> None:
    clock = Clock()
    tracker = Tracker({"a": 3.0, "b": 1.0}, clock=clock)
    assert tracker.eta() is None  # nothing done: no estimate
    clock.now += 30
    tracker.update("a", 1, 2)
    assert tracker.fraction == pytest.approx(1.5 / 4)
    # 30 s bought 37.5 %: the remaining 62.5 % at the same pace is 50 s.
    assert tracker.eta() == pytest.approx(50.0)
    tracker.update("a", 2, 2)
    tracker.update("b", 1, 1)
    assert tracker.fraction == 1.0
    assert tracker.eta() == pytest.approx(0.0)


def test_done_completes_every_stage() -> None:
    tracker = Tracker()
    tracker.update("done", 1, 1)
    assert tracker.fraction == 1.0 and tracker.stage == "done"


@pytest.mark.parametrize(("seconds", "text"), [(None, ""), (0.0, ""), (0.2, "about 1 s left"), (42, "about 42 s left"),
                                               (150, "about 2 min left")])  # fmt: skip
def test_describe_eta(seconds: float | None, text: str) -> None:
    assert describe_eta(seconds) == text


def test_stage_lines_say_what_is_done_under_way_and_waiting() -> None:
    names = list(WEIGHTS)
    tracker = Tracker()
    tracker.update(names[0], 4, 4)
    tracker.update(names[1], 1, 4)
    lines = stage_lines(tracker).splitlines()
    assert len(lines) == len(names)
    assert ":material/check:" in lines[0] and names[0] in lines[0]
    assert lines[1] == f"- **{names[1]}**: 25%"
    assert all("waiting" in line for line in lines[2:])
