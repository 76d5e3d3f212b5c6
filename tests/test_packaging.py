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


def test_every_data_file_of_the_package_is_installed_with_it():
    """A wheel carries only the data files package-data names: the word lists and model arrays must be
    among them, or an installed (not editable) copy cannot find them."""
    from fnmatch import fnmatch

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    package = ROOT / "analysis"
    data = [p for p in package.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")]
    assert len(data) > 20, "the lexicon and the model are data files"
    missing = []
    for path in data:
        owner = ".".join(("analysis", *path.relative_to(package).parent.parts))
        if not any(fnmatch(path.name, pattern) for pattern in patterns.get(owner, [])):
            missing.append(str(path.relative_to(ROOT)))
    assert missing == [], f"not in [tool.setuptools.package-data]: {missing}"
