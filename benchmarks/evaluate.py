"""``python -m analysis evaluate``: quality figures on real data, printed for people to judge.

Each part of the analysis has its section in ``benchmarks/evaluation/`` (topics, sentiment toward targets,
entities, the seed read by a person); ``--only NAME [NAME …]`` runs some of them.  Figures come from the
held-out files of each data set: nothing evaluated here is used to train or select a model.
"""

from __future__ import annotations

import argparse
from importlib import import_module

SECTIONS = ("topics", "sentiment", "entities", "attribution", "seed")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis evaluate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    args = parser.parse_args(argv)
    for n, name in enumerate(args.only):
        if n:
            print()
        import_module(f"benchmarks.evaluation.{name}").report()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
