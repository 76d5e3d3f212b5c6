"""Quality figures on ``../shared/data``, one module per part of the analysis, each with a ``report()`` that
prints its section (``python -m analysis evaluate`` runs them all, or ``--only NAME``)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"
