"""Data: add articles, and see what was loaded, skipped or rejected and why."""

import streamlit as st

from analysis.readers import READERS
from ui.router import ensure_router
from ui.state import current_corpus, uploaded_corpus, uploads
from ui.text import md_escape

ensure_router()

st.title("Data")

with st.form("upload", clear_on_submit=True):
    files = st.file_uploader(
        "Add articles (they stay in your session only)",
        accept_multiple_files=True,
        type=[ext.lstrip(".") for ext in READERS] + ["gz"],
        help="Text, Markdown, HTML, CSV/TSV, JSON Lines/JSON, PDF or DOCX; one article per file, or one per "
        "row/line for tables and JSON.",
    )
    if st.form_submit_button("Add to corpus", type="primary") and files:
        stored = uploads()
        for file in files:
            stored[file.name] = file.getvalue()
        st.rerun()

stored = uploads()
if stored:
    left, right = st.columns([4, 1])
    left.write(f"Your uploads: {', '.join(md_escape(name) for name in sorted(stored))}")
    if right.button("Remove my uploads"):
        stored.clear()
        st.rerun()
    extra = uploaded_corpus()
    if extra is not None:
        bad = extra.report[extra.report["status"] == "rejected"]
        for _, row in bad.iterrows():
            st.error(f"**{md_escape(row['item'])}** was not added: {md_escape(row['reason'])}")

corpus = current_corpus()
summary = corpus.summary()
st.write(
    f"**{summary['items']:,}** input items: **{summary['loaded']:,}** loaded, "
    f"**{summary['syndicated copy']:,}** syndicated copies, **{summary['duplicate']:,}** duplicates, "
    f"**{summary['skipped']:,}** skipped, **{summary['rejected']:,}** rejected."
)
dates = summary["dates"]
st.caption(
    f"Dates: {dates['iso']:,} ISO, {dates['other format']:,} in another format, {dates['missing']:,} missing, "
    f"{dates['impossible']:,} impossible and {dates['unparsed']:,} unreadable (both left missing)."
)
status = st.segmented_control(
    "Show", ["all", "loaded", "syndicated copy", "duplicate", "skipped", "rejected"], default="all", key="report_status"
)
report = corpus.report if status in (None, "all") else corpus.report[corpus.report["status"] == status]
st.dataframe(report, hide_index=True, width="stretch")
