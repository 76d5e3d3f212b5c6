"""What the server's first page costs before it is drawn: the libraries it imports and the word lists the
first analysis reads (issue 14: cold start).  No timings here — these check *what* is done, not how fast."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

from analysis.voices import gazetteer
from analysis.voices.ner_features import surname_ranks
from ui.start_up import imports_of

ROOT = Path(__file__).resolve().parents[1]
#: Libraries (and build-side modules) the read side's first page never uses: a built store is opened and
#: drawn without them, so its cold start must not pay for importing them.
NOT_ON_THE_READ_PATH = (
    "sklearn",
    "scipy.stats",
    "joblib",
    "wordfreq",
    "gender_guesser",
    "ahocorasick",
    "vaderSentiment",
    "analysis.pipeline",
    "analysis.voices.entities",
    "analysis.stance.model",
    "analysis.themes.topics",
)


def test_the_first_page_imports_no_build_side_library() -> None:
    """The entry point and the Overview page, imported in a fresh interpreter, leave the build side's
    libraries unimported (they are imported where the analysis uses them)."""
    # Every import the two scripts hold, in either of the entry point's roles (ui.app, ui.start_up).
    modules = sorted({name for script in ("dashboard.py", "pages/overview.py") for name in imports_of(ROOT / script)})
    assert {"ui.app", "ui.start_up", "ui.charts"} <= set(modules), "the entry point's and the page's own imports"
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(json.dumps([m for m in {list(NOT_ON_THE_READ_PATH)!r} if m in sys.modules]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_first_names_are_gender_guessers_clear_given_names() -> None:
    """The vectorised sum is the rule as written digit by digit: a name's frequency digits under the four
    clear genders add up to at least 3."""

    def common(genders: dict[str, str]) -> bool:
        total = 0
        for gender, frequencies in genders.items():
            if gender in gazetteer.GIVEN_GENDERS:
                total += sum(int(ch, 16) for ch in frequencies if ch.strip())
        return total >= 3

    names = gazetteer.name_detector().names
    expected = frozenset(name for name, genders in names.items() if common(genders))
    assert gazetteer.first_names() == expected
    assert {"john", "mary", "michael"} <= expected
    assert "andy" not in expected or common(names["andy"])


def test_surname_ranks_are_the_census_lines() -> None:
    """The file read as one run of words, four a line, is the table a line-by-line split gives."""
    expected = {}
    for line in (files("names") / "dist.all.last").read_text(encoding="ascii").splitlines():
        parts = line.split()
        if parts:
            expected[parts[0].lower()] = int(parts[3])
    assert surname_ranks() == expected
    assert surname_ranks()["smith"] == 1
