"""Data: what was loaded, and what was skipped or rejected and why."""

import streamlit as st

from ui.state import current_corpus

corpus = current_corpus()
summary = corpus.summary()

st.title("Data")
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
