"""Who may see what on a hosted copy: share-safe mode and an optional access code.

News text is usually someone else's copyright.  In **share-safe** mode a hosted copy shows every
statistic, chart and table of figures, and short excerpts, never more than a small share of any article
(the bounds are enforced in :mod:`analysis.explore.share_safe`).  It is switched on by
``share_safe = true`` in ``st.secrets`` (``.streamlit/secrets.toml`` or the host's secrets box) or by the
``BROADSHEET_SHARE_SAFE=1`` environment variable.  An ``access_code`` in ``st.secrets`` puts the whole
app behind that code; the code never appears in the page or the URL.
"""

from __future__ import annotations

import hmac
import os

import streamlit as st

from ui.keys import GRANTED

SHARE_SAFE_ENV = "BROADSHEET_SHARE_SAFE"


def _secret(name: str) -> object | None:
    try:
        return st.secrets.get(name)
    except FileNotFoundError:  # no secrets file at all: nothing is configured
        return None
    except Exception:  # an unreadable secrets file must not take the app down; treat as unset
        return None


def _truthy(value: object) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def share_safe() -> bool:
    """Whether full article text is withheld (secrets ``share_safe`` or ``BROADSHEET_SHARE_SAFE``)."""
    return _truthy(os.environ.get(SHARE_SAFE_ENV, "")) or _truthy(_secret("share_safe") or "")


def require_access() -> None:
    """Stop the page behind an access-code form when ``access_code`` is set in the secrets."""
    code = _secret("access_code")
    if not code or st.session_state.get(GRANTED):
        return
    st.title("Broadsheet")
    with st.form("access"):
        typed = st.text_input(
            "Access code",
            type="password",
            help="This copy is shared with a code; ask the person who sent you the link.",
        )
        if st.form_submit_button("Open", type="primary"):
            if hmac.compare_digest(typed.encode(), str(code).encode()):
                st.session_state[GRANTED] = True
                st.rerun()
            st.error("That code is not right.")
    st.stop()
