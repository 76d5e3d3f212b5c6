"""The deep-link fix leans on a private Streamlit flag: fail loudly, naming it, when Streamlit drops it."""

from __future__ import annotations

import tomllib
from importlib import metadata

from tests.conftest import ROOT


def test_the_private_pages_flag_the_router_flips_still_exists():
    from streamlit.runtime.pages_manager import PagesManager

    assert hasattr(PagesManager, "uses_pages_directory"), (
        f"streamlit {metadata.version('streamlit')} no longer has PagesManager.uses_pages_directory, which "
        "ui/router.py turns off so that a deep link on a fresh server goes through dashboard.py: find the "
        "new way to leave the legacy pages mode, then widen the pin in pyproject.toml and requirements.txt"
    )
    assert isinstance(PagesManager.uses_pages_directory, bool | None)


def test_streamlit_is_pinned_to_the_minor_version_the_router_is_tested_on():
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pin = next(d for d in dependencies if d.startswith("streamlit"))
    installed = metadata.version("streamlit").split(".")
    assert pin.startswith(f"streamlit>={installed[0]}.{installed[1]},<{installed[0]}.{int(installed[1]) + 1}"), (
        f"{pin!r} admits Streamlit minor versions other than the installed {'.'.join(installed)}, which is the one "
        "ui/router.py's private flag is tested on"
    )
