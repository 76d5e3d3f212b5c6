"""Links into the reader: every table of evidence ends in "open this article at this sentence"."""

from __future__ import annotations

import pandas as pd
import streamlit as st

READER = "pages/articles.py"


def article_link(doc_id: str, label: str, sentence: int | None = None) -> None:
    """A link to the Articles page showing ``doc_id``, with ``sentence`` outlined when given."""
    params = {"article": doc_id} | ({"mark": str(int(sentence))} if sentence is not None else {})
    st.page_link(READER, label=label, icon=":material/article:", query_params=params)


def link_selected_row(event: object, rows: pd.DataFrame, sentence: str, label: str, hint: str | None = None) -> None:
    """Under a single-row-select table: a link to the selected row's article at its ``sentence`` column,
    labelled ``label`` (formatted with the row's columns); ``hint`` is shown while nothing is selected."""
    selected = event.selection.rows if event else []
    if selected and selected[0] < len(rows):
        row = rows.iloc[selected[0]]
        article_link(row["doc_id"], label.format(**row.to_dict()), row[sentence])
    elif hint:
        st.caption(hint)
