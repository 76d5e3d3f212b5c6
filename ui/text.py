"""Showing text that came from articles or uploads safely in Streamlit markdown."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$])")


def md_escape(text: str) -> str:
    """Escape Markdown (and the HTML angle brackets) so a file name or article text shows as typed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
