"""How long a filter change takes to re-render each page, driving the real app with AppTest.

Run: ``python benchmarks/bench_filters.py [--corpus PATH] [--changes N]``.  Default corpus: the 8,000
AllSides articles (the target is ≤ 1 s per re-render on this machine).  The app is opened once per page
(loading and analysis, or reopening the store, are not timed); then N filter changes are made in turn —
a source, a date range, a tone range, a topic, an entity, a text search, and back to no filter — each a
new combination, so no re-render is served from the slice cache.  Prints the median and the slowest
re-render per page, and this process's resident memory after each page — the app runs in this process,
so after the last page it is the server's RSS once every page has been visited (the issue's ≤ 1 GB on the
37,554-article store), and its peak.  Figures, not assertions.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time
from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
ALLSIDES = ROOT.parent / "shared" / "data" / "allsides-news" / "articles.jsonl.gz"
PAGES = ["overview", "keywords", "topics", "sentiment", "people", "articles", "data"]


def status_mb(field: str) -> float:
    """A ``VmRSS``/``VmHWM`` line of this process's status, in MB (0 where /proc is absent)."""
    status = Path("/proc/self/status")
    for line in status.read_text().splitlines() if status.exists() else []:
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def changes(at: AppTest) -> itertools.cycle:
    """An endless cycle of different filter changes, from the options the sidebar offers."""
    sources = at.sidebar.multiselect(key="source").options
    entities = at.sidebar.selectbox(key="entity").options
    topics = list(range(len(at.sidebar.multiselect(key="topic").options)))
    steps = []
    for i in range(4):
        steps += [
            ("source", lambda a, i=i: a.sidebar.multiselect(key="source").set_value([sources[i]])),
            (
                "dates",
                lambda a, i=i: a.sidebar.date_input(key="dates").set_value(
                    (date(2016 + i, 1, 1), date(2017 + i, 6, 30))
                ),
            ),
            ("tone", lambda a, i=i: a.sidebar.slider(key="tone").set_value((-0.5 + 0.1 * i, 1.0))),
            ("topic", lambda a, i=i: a.sidebar.multiselect(key="topic").set_value([topics[i % len(topics)]])),
            ("entity", lambda a, i=i: a.sidebar.selectbox(key="entity").set_value(entities[i + 1])),
            (
                "text",
                lambda a, i=i: a.sidebar.text_input(key="q").set_value(["police", "vaccine", "tariff", "senate"][i]),
            ),
            (
                "clear",
                lambda a: [
                    a.sidebar.multiselect(key="source").set_value([]),
                    a.sidebar.multiselect(key="topic").set_value([]),
                    a.sidebar.slider(key="tone").set_value((-1.0, 1.0)),
                    a.sidebar.selectbox(key="entity").set_value(None),
                    a.sidebar.text_input(key="q").set_value(""),
                ],
            ),
        ]
    return itertools.cycle(steps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", default=str(ALLSIDES))
    parser.add_argument("--changes", type=int, default=14)
    args = parser.parse_args()
    import os

    os.environ["BROADSHEET_CORPUS"] = args.corpus
    print(f"corpus: {args.corpus}")
    print(
        f"{'page':10} {'open s':>7} {'median re-render s':>19} {'slowest s':>10} {'slowest change':>15} "
        f"{'RSS after':>10}"
    )
    worst_overall = 0.0
    for page in PAGES:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
        if page != "overview":
            at.switch_page(f"pages/{page}.py")
        start = time.perf_counter()
        at.run()
        opened = time.perf_counter() - start
        steps = changes(at)
        times: list[tuple[float, str]] = []
        for _ in range(args.changes):
            name, change = next(steps)
            change(at)
            start = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - start, name))
            if at.exception:
                raise SystemExit(f"{page}: {at.exception[0].value}")
        slowest = max(times)
        worst_overall = max(worst_overall, slowest[0])
        print(
            f"{page:10} {opened:7.2f} {statistics.median(t for t, _ in times):19.3f} {slowest[0]:10.3f} "
            f"{slowest[1]:>15} {status_mb('VmRSS'):7.0f} MB"
        )
    print(f"slowest re-render of any page: {worst_overall:.3f} s (target ≤ 1 s)")
    print(
        f"RSS after every page was visited: {status_mb('VmRSS'):.0f} MB (target ≤ 1 GB); "
        f"peak {status_mb('VmHWM'):.0f} MB"
    )


if __name__ == "__main__":
    main()
