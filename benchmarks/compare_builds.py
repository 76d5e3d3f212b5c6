"""Build the seed, BBC and an AllSides sample with ``python -m analysis build`` and compare every frame with
an earlier build, table by table — the check that a refactor changed no output.

    python benchmarks/compare_builds.py --save /tmp/ref          # before the change
    python benchmarks/compare_builds.py --against /tmp/ref       # after it: prints each table's verdict

The CLI is driven as a subprocess, so the script works across a change of the package's layout.  Only the
frames are compared (``report.json`` holds timings); rows are compared in their stored order, floats to
1e-6.  ``--allsides N`` sets the sample size (the first N lines of the 8,000-article file).
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def _sample(n: int, folder: Path) -> Path:
    out = folder / f"allsides-{n}.jsonl.gz"
    with gzip.open(DATA / "allsides-news" / "articles.jsonl.gz", "rt") as src, gzip.open(out, "wt") as dst:
        for i, line in enumerate(src):
            if i >= n:
                break
            dst.write(line)
    return out


def corpora(n_allsides: int, folder: Path) -> dict[str, Path]:
    found = {"seed": ROOT / "seeds"}
    if (DATA / "bbc-news" / "bbc").exists():
        found["bbc"] = DATA / "bbc-news" / "bbc"
    if (DATA / "allsides-news").exists() and n_allsides:
        found[f"allsides{n_allsides}"] = _sample(n_allsides, folder)
    return found


def build(source: Path, out: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "analysis", "build", str(source), "--out", str(out)],
        cwd=ROOT,
        check=True,
        stderr=subprocess.DEVNULL,
    )


def compare(new: Path, old: Path) -> list[str]:
    """One line per table: ``same`` or what differs."""
    lines = []
    names = sorted({p.name for p in old.glob("*.parquet")} | {p.name for p in new.glob("*.parquet")})
    for name in names:
        if not (old / name).exists() or not (new / name).exists():
            lines.append(f"  {name}: only in {'new' if (new / name).exists() else 'old'}")
            continue
        a, b = pd.read_parquet(new / name), pd.read_parquet(old / name)
        try:
            pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-6, atol=1e-6, check_dtype=True)
            lines.append(f"  {name}: same ({len(a):,} rows)")
        except AssertionError as exc:
            first = str(exc).strip().splitlines()
            lines.append(f"  {name}: DIFFERENT ({len(a):,} vs {len(b):,} rows) — {' '.join(first[:3])[:300]}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="write reference builds here")
    group.add_argument("--against", type=Path, help="compare fresh builds with the reference builds here")
    parser.add_argument("--allsides", type=int, default=1500)
    args = parser.parse_args()
    # The sample sits at a fixed path: its name is each article's ``origin``, which must match between runs.
    samples = Path(tempfile.gettempdir()) / "broadsheet-compare"
    samples.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        differ = 0
        for name, source in corpora(args.allsides, samples).items():
            target = (args.save / name) if args.save else folder / name
            build(source, target)
            if args.save:
                print(f"{name}: saved to {target}")
                continue
            lines = compare(target, args.against / name)
            differ += sum("DIFFERENT" in line or "only in" in line for line in lines)
            print(f"{name}:")
            print("\n".join(lines))
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
