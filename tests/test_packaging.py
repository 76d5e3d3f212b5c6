"""The hosting file and the package metadata must not drift apart."""

from __future__ import annotations

import tomllib

from tests.conftest import ROOT


def _normalise(requirement: str) -> str:
    return requirement.replace(" ", "").lower().replace("_", "-")


def test_requirements_txt_matches_pyproject_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    listed = {_normalise(line) for line in lines if line.strip() and not line.startswith("#")}
    assert listed == {_normalise(dep) for dep in project["dependencies"]}


def test_seed_copied_unchanged():
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.exists():
        import pytest

        pytest.skip("../shared/seeds is absent")
    for path in shared.iterdir():
        assert (ROOT / "seeds" / path.name).read_bytes() == path.read_bytes()
