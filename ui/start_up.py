"""The server readies its corpus as it starts, not when the first visitor asks for it.

``streamlit run dashboard.py`` serves the dashboard as an ``st.App`` whose start-up hook is :func:`lifespan`.
The hook starts one thread, which imports what the first page needs and then starts the server corpus's
load, whose thread starts its analysis — the very load and build a visitor's run would start, in the same
registries (:mod:`ui.loading`, :mod:`ui.analyses`), so the first visitor watches them from wherever they
have got to rather than beginning them.  (A built store is opened instead.)  Between the server
listening and a browser's first run of the script there is a second or more — the browser fetching and
starting the page's JavaScript — in which the server would otherwise sit idle.

Nothing here may stop the server: what fails is logged, and the first visitor's run meets the failure
again, said plainly with a way to retry (the load registry forgets a failed load; a failed analysis
offers "Analyse again").
"""

from __future__ import annotations

import ast
import importlib
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st

_LOG = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[1]
#: The default page: its run is the one the first visitor waits for.
FIRST_PAGE = ROOT / "pages" / "overview.py"
#: Imported before the first page's own modules: the script's (the sidebar, the routing).  Not the build's:
#: a built store is drawn without scikit-learn (tests/test_cold_start.py), and a build imports it itself.
FIRST_IMPORTS = ("ui.app",)
THREAD = "broadsheet-start-up"
#: The threads of ours that work outside any script run by design: this one, the load's and the builds'.
OUR_THREADS = "broadsheet-"
#: The logger of Streamlit's warning about a thread outside any script run.
CONTEXT_LOGGER = "streamlit.runtime.scriptrunner_utils.script_run_context"


def imports_of(script: Path) -> list[str]:
    """The modules ``script`` imports (read from its source, not run: a page draws when it runs)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return list(dict.fromkeys(names))


#: Set once :func:`prepare` has imported what the pages need (or failed to): a page run waits for it.
IMPORTED = threading.Event()
#: Whether this process started :func:`prepare` (a test's ``AppTest`` or a bare run does not).
_STARTED = threading.Event()


def prepare() -> None:
    """Import what the first page needs, then start the server corpus's load, whose thread starts its
    analysis (both go on in threads of their own) — or open the server's built store."""
    built = False
    try:  # whatever fails, a page run must not wait for this (it would meet the failure after 120 s)
        from ui.analyses import begin_analysis
        from ui.memory import freeze_start_up, limit_arenas
        from ui.source import open_server_store, server_is_built, start_server_load

        built = server_is_built()
        limit_arenas()  # before the load's and the build's threads exist
        # Streamlit, at the first element a process draws, reads the source of every frame of the caller's
        # stack (is this a REPL?): from a page run's deep stack that was 0.3 s of the first visit; from
        # this thread's short one it is nothing.  Outside any script run the element draws nothing.
        st.empty()
        for name in (*FIRST_IMPORTS, *imports_of(FIRST_PAGE)):
            importlib.import_module(name)
        # The imports' objects, before any corpus is read (the first run's call is then a no-op; that run
        # waits for this, so none of a visitor's tables can be frozen with them).
        freeze_start_up()
        if not built:
            start_server_load(then=lambda corpus: None if corpus.articles.empty else begin_analysis(corpus))
    finally:
        IMPORTED.set()
    if built:
        open_server_store()


def wait_for_start_up(timeout: float = 120) -> None:
    """Let a page run begin only after the start-up's imports (it needs them too: two threads importing
    the same modules would only take turns)."""
    if _STARTED.is_set():
        IMPORTED.wait(timeout)


def _prepare_or_log() -> None:
    try:
        prepare()
    except BaseException:  # the server goes on; the first visit meets the failure and says so
        _LOG.exception("getting the server's corpus ready at start-up failed")


class _NoRunExpected(logging.Filter):
    """Streamlit warns of a thread that uses its caches outside a script run ("missing ScriptRunContext");
    ours do so by design (this one before any visitor), and the warning would only alarm a host."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.threadName or "").startswith(OUR_THREADS)


@asynccontextmanager
async def lifespan(app: object) -> AsyncIterator[None]:
    """``st.App``'s start-up hook: :func:`prepare` in a thread, so the server listens at once."""
    del app
    logging.getLogger(CONTEXT_LOGGER).addFilter(_NoRunExpected())
    _STARTED.set()
    threading.Thread(target=_prepare_or_log, name=THREAD, daemon=True).start()
    yield
    from analysis.engine import stop_workers

    stop_workers()  # the server stops: its build's idle workers go with it, not minutes later
