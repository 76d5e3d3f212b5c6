"""A real ``streamlit run`` on 127.0.0.1 and Debian's Chromium driven by Playwright.

Like Streamlit's own e2e suite: start the server on a free port, poll ``/_stcore/health``, and stop it
afterwards.  The tests skip, saying why, where no Chromium is installed (CI installs it).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "tests" / "e2e" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_app(
    log_dir: Path,
    cache_dir: Path,
    corpus: str | None = None,
    timeout: float = 60,
    extra_args: tuple[str, ...] = (),
    env_extra: dict[str, str] | None = None,
    script: Path | None = None,
    cpus: set[int] | None = None,
) -> Iterator[str]:
    """A fresh ``streamlit run dashboard.py`` on a free loopback port; yields its URL, stops it after.

    ``corpus``: a path for ``BROADSHEET_CORPUS`` (default: the seeds); ``extra_args`` go to
    ``streamlit run`` (e.g. ``--secrets.files``), ``env_extra`` to its environment; ``script`` runs
    another script than the dashboard (the benchmark's floor); ``cpus`` the processors the server may
    run on (the benchmark keeps it off the browser's, as on two machines).
    """
    port = _free_port()
    env = {**os.environ, "BROADSHEET_CACHE": str(cache_dir)}
    env.pop("BROADSHEET_CORPUS", None)
    if corpus:
        env["BROADSHEET_CORPUS"] = corpus
    env.update(env_extra or {})
    log_path = log_dir / f"streamlit-{port}.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(script or "dashboard.py"),
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
                *extra_args,
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start; see {log_path}")
                time.sleep(0.3)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> Iterator[str]:
    with running_app(tmp_path_factory.mktemp("log"), tmp_path_factory.mktemp("cache")) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"browser test: {CHROMIUM} is absent (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def wait_for_app(page) -> None:
    """Wait until the script has run to its end and nothing is left loading (as Streamlit's own e2e do)."""
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=90_000)
    page.wait_for_function(
        '() => document.querySelectorAll(\'[data-testid="stSkeleton"], [data-testid="stSpinner"]\').length === 0',
        timeout=90_000,
    )
    page.wait_for_timeout(500)
