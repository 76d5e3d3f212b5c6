"""What a hosted copy costs: cold start, server memory after every page, and many visitors at once.

Run: ``python benchmarks/bench_hosting.py [--sessions 20] [--skip-allsides]``.  Needs Chromium at
/usr/bin/chromium (``apt-get install -y chromium``).  For each corpus a fresh ``streamlit run`` is started:

* **cold start** — seconds from starting the server process to the first page fully drawn in a browser
  that is already open (a visitor's browser does not start with the server): the script has run to its
  end, no spinner or skeleton is left, and every chart holds its drawn canvas or SVG.  Nothing is kept
  from an earlier run: a new, empty analysis cache and a new temporary folder for the server (so not
  even the remembered digests of the code, ``analysis.keys``, carry over).  The seed starts with an empty
  store (it is analysed from the server's start, ``ui/start_up.py``); AllSides is reopened from its store
  (``python -m analysis build`` once, as a host would), since analysing 8,000 articles on the first visit is a separate,
  measured cost (bench_pipeline.py);
* **RSS after every page** — the server's resident memory (and its worker processes') after one visitor
  has opened all seven pages; and its peak (VmHWM);
* **concurrent sessions** (AllSides) — N browser contexts in one Chromium each open all seven pages at the
  same time; prints how many pages rendered without an error, the median and slowest page, and the
  server's peak memory while they ran.

Budgets (issue 6): cold start ≤ 10 s and RSS ≤ 500 MB with the seed; ≤ 1 GB with AllSides (issue 14:
seed cold start ≤ 4 s; ``--raw``: the first page on the raw AllSides file, no cache, ≤ 40 s).
``--repeat N`` starts the seed N times (each with a new, empty cache) and prints
the median; ``--floor`` first measures the same for a page that only writes one line (``streamlit run`` of
an almost empty script: what no change to Broadsheet can go below).  ``--pin`` keeps the browser and the
server on separate processors (this benchmark and its Chromium on the first, the server on the second),
as when the visitor's browser is on another machine: on one shared 2-core machine Chromium starting the
page's JavaScript takes the processor the server's start-up work would use meanwhile.
Figures, not assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.process_tree import TreeSampler, status_kb, tree_rss_mb  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, running_app  # noqa: E402

ALLSIDES = ROOT.parent / "shared" / "data" / "allsides-news" / "articles.jsonl.gz"
PAGES = ["", "keywords", "topics", "sentiment", "people", "articles", "data"]
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
BUSY = '() => document.querySelectorAll(\'[data-testid="stSkeleton"], [data-testid="stSpinner"]\').length === 0'
#: Every Vega-Lite chart on the page has drawn (vega-embed renders after the script's run has ended).
CHARTS_DRAWN = (
    "() => [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]')]"
    ".every(chart => chart.querySelector('canvas, svg'))"
)


def server_pid(port: int) -> int:
    """The pid of the streamlit process listening on ``port`` (found through its command line)."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"streamlit" in b" ".join(args) and str(port).encode() in args:
            return int(cmdline.parent.name)
    raise RuntimeError(f"no streamlit process on port {port}")


async def open_page(context, url: str) -> tuple[float, bool]:
    """Open one page in ``context``; seconds until fully drawn, and whether it drew without an error."""
    page = await context.new_page()
    start = time.perf_counter()
    try:
        await page.goto(url, timeout=300_000)
        await page.wait_for_selector(READY, timeout=300_000)
        await page.wait_for_function(BUSY, timeout=300_000)
        await page.wait_for_function(CHARTS_DRAWN, timeout=300_000)
        ok = await page.locator("[data-testid='stException']").count() == 0
    except Exception as error:  # a timeout counts as a failed page, and the others go on
        print(f"  {url}: {type(error).__name__}: {str(error).splitlines()[0]}")
        ok = False
    elapsed = time.perf_counter() - start
    await page.close()
    return elapsed, ok


async def visitor(browser, base: str) -> list[tuple[float, bool]]:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    results = [await open_page(context, f"{base}/{path}") for path in PAGES]
    await context.close()
    return results


#: The server's processors under ``--pin`` (None: wherever the system puts it).
SERVER_CPUS: set[int] | None = None


def _fresh_tmp() -> dict[str, str]:
    """The server's environment for a new, empty temporary folder: nothing remembered from earlier runs."""
    return {"TMPDIR": tempfile.mkdtemp(prefix="broadsheet-tmp-")}


FLOOR_SCRIPT = 'import streamlit as st\n\nst.write("Broadsheet")\n'


async def measure_floor() -> float:
    """Seconds from starting ``streamlit run`` of a one-line page to that page drawn (the same criterion)."""
    from playwright.async_api import async_playwright

    script = Path(tempfile.mkdtemp()) / "floor.py"
    script.write_text(FLOOR_SCRIPT)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        started = time.perf_counter()
        with running_app(
            script.parent, script.parent, timeout=300, script=script, env_extra=_fresh_tmp(), cpus=SERVER_CPUS
        ) as base:
            context = await browser.new_context(viewport={"width": 1400, "height": 1000})
            first, _ = await open_page(context, base)
            cold = time.perf_counter() - started
        await browser.close()
    print(f"floor     cold start {cold:5.1f} s (first page drawn {first:.1f} s after the request)")
    return cold


async def measure(corpus: str | None, cache: Path, sessions: int, label: str) -> float:
    """Cold start, RSS after every page and (``sessions``) many visitors at once; returns the cold start."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        started = time.perf_counter()
        with running_app(
            Path(tempfile.mkdtemp()), cache, corpus, timeout=300, env_extra=_fresh_tmp(), cpus=SERVER_CPUS
        ) as base:
            pid = server_pid(int(base.rsplit(":", 1)[1]))
            context = await browser.new_context(viewport={"width": 1400, "height": 1000})
            first, ok = await open_page(context, base)
            cold = time.perf_counter() - started
            for path in PAGES[1:]:
                await open_page(context, f"{base}/{path}")
            await context.close()
            after_pages = tree_rss_mb(pid)
            print(
                f"{label:9} cold start {cold:5.1f} s (first page drawn {first:.1f} s after the request, "
                f"{'no error' if ok else 'ERROR'}); RSS after every page {after_pages:6.0f} MB, "
                f"peak so far {status_kb(pid, 'VmHWM') / 1024:6.0f} MB"
            )
            if sessions:
                with TreeSampler(pid, every=0.2) as sampler:
                    start = time.perf_counter()
                    runs = await asyncio.gather(*(visitor(browser, base) for _ in range(sessions)))
                    wall = time.perf_counter() - start
                pages = [r for run in runs for r in run]
                times = [t for t, _ in pages]
                print(
                    f"{label:9} {sessions} sessions × {len(PAGES)} pages at once: "
                    f"{sum(ok for _, ok in pages)}/{len(pages)} drawn without error in {wall:.0f} s; page median "
                    f"{statistics.median(times):.1f} s, slowest {max(times):.1f} s; server peak RSS "
                    f"{sampler.rss_mb:.0f} MB, {tree_rss_mb(pid):.0f} MB after"
                )
        await browser.close()
    return cold


async def measure_raw(corpus: str) -> float:
    """Seconds from starting the server on a raw corpus file, with an empty analysis cache, to the first
    page drawn (the Overview, from the build's first pass where the corpus is large), and to the People
    page drawn (which waits for the whole analysis); returns the first."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        started = time.perf_counter()
        cache = Path(tempfile.mkdtemp(prefix="broadsheet-cache-"))
        with running_app(
            Path(tempfile.mkdtemp()), cache, corpus, timeout=300, env_extra=_fresh_tmp(), cpus=SERVER_CPUS
        ) as base:
            pid = server_pid(int(base.rsplit(":", 1)[1]))
            with TreeSampler(pid, every=0.2) as tree:  # the server with its build's workers
                context = await browser.new_context(viewport={"width": 1400, "height": 1000})
                page = await context.new_page()
                await page.goto(base, timeout=600_000)
                await page.wait_for_selector("[data-testid='stMetric']", timeout=600_000)  # the Overview's figures
                await page.wait_for_selector(READY, timeout=600_000)
                await page.wait_for_function(BUSY, timeout=600_000)
                await page.wait_for_function(CHARTS_DRAWN, timeout=600_000)
                first = time.perf_counter() - started
                preview = await page.get_by_text("still being found").count() > 0
                shot = Path(tempfile.gettempdir()) / "bench-raw-first-page.png"
                await page.screenshot(path=str(shot), full_page=True)
                await page.close()
                _, ok = await open_page(context, f"{base}/people")
                whole = time.perf_counter() - started  # from the server's start, like the first
            print(
                f"raw       first page drawn {first:5.1f} s after server start "
                f"({'from the first pass, entities and quotes still being found' if preview else 'whole'}; "
                f"screenshot {shot}); People page drawn {whole:5.1f} s after it ({'no error' if ok else 'ERROR'}); "
                f"server peak RSS {status_kb(pid, 'VmHWM') / 1024:.0f} MB, with its workers at once "
                f"{tree.pss_mb:.0f} MB (PSS summed; RSS summed {tree.rss_mb:.0f} MB)"
            )
            await context.close()
        await browser.close()
    return first


def median_of(label: str, colds: list[float]) -> None:
    if len(colds) > 1:
        runs = ", ".join(f"{c:.1f}" for c in colds)
        print(f"{label:9} cold start median {statistics.median(colds):.1f} s of {len(colds)} runs: {runs}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--skip-allsides", action="store_true")
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="seed (and floor) cold starts, each from scratch")
    parser.add_argument("--floor", action="store_true", help="also time a one-line page (the floor)")
    parser.add_argument(
        "--raw",
        action="store_true",
        help="instead: time the first page on the raw AllSides file with an empty analysis cache (issue 14)",
    )
    parser.add_argument(
        "--allsides",
        "--corpus",
        default=str(ALLSIDES),
        help="the AllSides corpus: the jsonl.gz (reopened from the analysis cache), or a folder "
        "written by `python -m analysis build` (opened as it is, as a host would)",
    )
    parser.add_argument("--pin", action="store_true", help="the browser on one processor, the server on the other")
    args = parser.parse_args()
    if args.pin:
        global SERVER_CPUS  # one setting for every server this run starts
        os.sched_setaffinity(0, {0})  # this process and the Chromium it starts
        SERVER_CPUS = {1}
    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} is absent: apt-get install -y chromium")
    if args.raw:
        asyncio.run(measure_raw(args.allsides))
        return
    if args.floor:
        median_of("floor", [asyncio.run(measure_floor()) for _ in range(args.repeat)])
    if not args.skip_seed:
        # a new, empty cache folder each run: the seed is analysed on its first visit, every time
        median_of("seed", [asyncio.run(measure(None, Path(tempfile.mkdtemp()), 0, "seed")) for _ in range(args.repeat)])
    if not args.skip_allsides:
        corpus = Path(args.allsides)
        if not corpus.exists():
            raise SystemExit(f"{corpus} is absent")
        from analysis.ingest.corpus import load_corpus
        from analysis.store import cache_folder, cached_analyze, is_built

        if not is_built(corpus):
            cached_analyze(load_corpus(corpus).articles)  # the analysis a host computes once (reused if stored)
        asyncio.run(measure(str(corpus), cache_folder(), args.sessions, "allsides"))


if __name__ == "__main__":
    main()
