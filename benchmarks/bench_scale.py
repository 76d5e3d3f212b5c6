"""Print how the build grows with the corpus: wall, CPU and peak RSS (the main process, and the whole
build with its workers) at several sizes in one run, the fitted growth curves, and what they predict for
100k and 1M articles.  Figures only, no assertions.

Run: ``python benchmarks/bench_scale.py [SIZE ...]`` (default 2000 8000 16000 and the whole file).  Each
size is the first SIZE rows of ``../shared/data/allsides-news/articles-full.jsonl.gz`` (37,554 articles),
written to a temporary file and built cold in a fresh process (the same measurement as
``bench_pipeline.py``).  Each quantity is fitted as ``a · n^b`` by least squares on the logarithms.  The
cluster prediction splits the build into what runs per partition (the two passes and entity sentiment,
their CPU seconds divided over the workers) and what runs once in the main process (load, terms,
keywords, topics: their wall seconds), each extrapolated on its own curve.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import math
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import OURS, SHARED, run

FULL = SHARED / "allsides-news" / "articles-full.jsonl.gz"
#: The build's stages that run per partition on the workers: their wall seconds (the two passes and entity
#: sentiment), and the CPU seconds the workers report for them.
PER_PARTITION_WALL = ("sentences, tone, tokens", "entities, quotes", "entity sentiment")
PER_PARTITION_CPU = ("sentences", "tone", "tokens", "entities, quotes", "entity sentiment")


def subset(rows: int | None, folder: Path) -> Path:
    """The first ``rows`` lines of the full file (all of them for None) as a jsonl.gz of its own."""
    path = folder / f"allsides-{rows or 'all'}.jsonl.gz"
    with gzip.open(FULL, "rt", encoding="utf-8") as source, gzip.open(path, "wt", encoding="utf-8") as out:
        out.writelines(itertools.islice(source, rows))
    return path


def _size(text: str) -> int | None:
    """A size argument: a positive number of rows, or "all" (None)."""
    if text == "all":
        return None
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of rows (1 or more) or 'all'")
    return int(text)


def power_law(sizes: list[float], values: list[float]) -> tuple[float, float]:
    """``(a, b)`` of ``value ≈ a · size^b``, fitted on the logarithms."""
    xs, ys = [math.log(s) for s in sizes], [math.log(max(v, 1e-9)) for v in values]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / max(sum((x - mx) ** 2 for x in xs), 1e-12)
    return math.exp(my - b * mx), b


def main() -> None:
    if not FULL.exists():
        print(f"skipped: {FULL} is absent")
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=_size, help="numbers of rows, or 'all' (default 2000 8000 16000 all)")
    sizes = parser.parse_args().sizes or [2000, 8000, 16000, None]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            source = subset(size, Path(folder))
            with tempfile.TemporaryDirectory() as cache:
                ours = run(OURS, str(source), cache)
            source.unlink()
            if "error" in ours:
                print(f"{size or 'all'}: failed: {ours['error']}")
                continue
            wall = ours["load"] + ours["analyze"]
            parallel = sum(ours["stage_cpu"].get(s, 0.0) for s in PER_PARTITION_CPU)
            serial = wall - sum(ours["stages"].get(s, 0.0) for s in PER_PARTITION_WALL)
            scored = (ours.get("entity_sentiment") or {}).get("targets_scored", 0)
            rows.append((ours["articles"], wall, ours["cpu"], ours["peak_mb"], ours["tree_mb"], parallel,
                         serial))  # fmt: skip
            print(
                f"{ours['articles']:>7,} articles: {wall:7.1f} s wall, {ours['cpu']:7.1f} CPU-s, peak RSS "
                f"{ours['peak_mb']:,.0f} MB in the main process, {ours['tree_mb']:,.0f} MB the whole build at once "
                f"(PSS summed over its processes; largest other process {ours['worker_peak_mb']:,.0f} MB), "
                f"{ours['k']} topics under {ours['themes']} themes, {scored:,} entity-sentences scored",
                flush=True,
            )
    if len(rows) < 2:
        return
    n = [float(r[0]) for r in rows]
    base = next((r for r in rows if r[0] == 8000), None)
    if base is not None:
        largest = rows[-1]
        print(f"ratio {largest[0]:,} / 8,000 articles: {largest[1] / base[1]:.2f}× the time "
              f"({largest[0] / 8000:.2f}× the articles)")  # fmt: skip
    fits = {name: power_law(n, [float(r[i]) for r in rows]) for name, i in
            (("wall", 1), ("cpu", 2), ("peak", 3), ("tree", 4), ("parallel", 5), ("serial", 6))}  # fmt: skip
    for name, (a, b) in fits.items():
        print(f"fit {name}: {a:.3g} · n^{b:.2f}")
    for target in (100_000, 1_000_000):
        wall = fits["wall"][0] * target ** fits["wall"][1]
        peak = fits["peak"][0] * target ** fits["peak"][1]
        tree = fits["tree"][0] * target ** fits["tree"][1]
        serial = fits["serial"][0] * target ** fits["serial"][1]
        parallel = fits["parallel"][0] * target ** fits["parallel"][1]
        cluster = ", ".join(f"{workers} workers {(serial + parallel / workers) / 60:.0f} min"
                            for workers in (8, 32, 128))  # fmt: skip
        print(
            f"predicted at {target:,}: one machine {wall / 60:.0f} min, peak RSS {peak / 1024:.1f} GB in the main "
            f"process, {tree / 1024:.1f} GB with its workers; "
            f"a cluster (the main process as measured here): {cluster}"
        )


if __name__ == "__main__":
    main()
