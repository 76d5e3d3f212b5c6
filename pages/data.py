"""Data: add articles (files or pasted text), see what was loaded, skipped or rejected and why, and take
every table away — one at a time or as a bundle with the filters and a methods note."""

import hashlib
import os

import pandas as pd
import streamlit as st

from analysis.explore.export import TABLES, bundle, table_bytes
from analysis.ingest.formats import READERS
from analysis.ingest.report import problems_first, rejections_by_file
from ui.filters import describe
from ui.router import ensure_router
from ui.session import current_corpus, uploaded_corpus
from ui.source import corpus_path
from ui.text import md_escape
from ui.uploads import uploads
from ui.views import current_slice

ensure_router()
MAX_MESSAGES = 20  # error boxes at most; the load report below lists every item

st.title("Data")

add_files, paste = st.tabs(["Upload files", "Paste text"])
with add_files, st.form("upload", clear_on_submit=True):
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
with paste, st.form("paste", clear_on_submit=True):
    title = st.text_input("Title")
    body = st.text_area("Article text", height=200, placeholder="Paste the article's text here.")
    if st.form_submit_button("Add this article", type="primary"):
        if not body.strip():
            st.error("Paste some text first: an empty article was not added.")
        else:
            text = f"{title.strip()}\n\n{body.strip()}" if title.strip() else body.strip()
            digest = hashlib.blake2b(text.encode(), digest_size=4).hexdigest()
            uploads()[f"pasted-{digest}.txt"] = text.encode("utf-8")
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
        bad = rejections_by_file(extra.report)
        for _, row in bad.head(MAX_MESSAGES).iterrows():
            reasons = "; ".join(
                f"{md_escape(reason)}{f' ({n:,})' if not row['whole_file'] else ''}" for reason, n in row["reasons"]
            )
            if row["whole_file"]:
                st.error(f"**{md_escape(row['file'])}** was not added: {reasons}")
            else:
                st.error(
                    f"**{md_escape(row['file'])}**: {row['rejected']:,} row{'s' if row['rejected'] != 1 else ''} "
                    f"not added — {reasons}. The rest of the file was read."
                )
        if len(bad) > MAX_MESSAGES:
            st.error(f"…and {len(bad) - MAX_MESSAGES:,} more files with problems: see the load report below.")

corpus = current_corpus()
summary = corpus.summary()
st.subheader("Load report")
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
report = problems_first(corpus.report if status in (None, "all") else corpus.report[corpus.report["status"] == status])
# Items are named relative to the corpus folder: a visitor of a hosted copy learns nothing of its disk.
root = str(corpus_path().resolve().parent) + os.sep
st.dataframe(
    report.assign(item=report["item"].astype(str).str.replace(root, "", regex=False)), hide_index=True, width="stretch"
)

st.subheader("Download")
if corpus.articles.empty:
    st.info("Nothing to download until some articles are loaded.")
    st.stop()
view = current_slice()
filters = describe(view)
st.caption(
    f"Tables cover the {view.n_articles:,} articles kept by the filters"
    + (f" ({filters})." if filters else " (no filter: the whole corpus).")
)
if view.exposure is not None:  # the share-safe view's frames carry no article or sentence text
    st.caption(
        ":material/lock: This shared copy leaves the articles' and sentences' text out of the downloads, "
        "and quotes are short excerpts."
    )
selection_keywords = view.keywords(top=200)
names = [*TABLES, "keywords_selection"]


def table(name: str) -> pd.DataFrame:
    return selection_keywords if name == "keywords_selection" else view.download(name)


def exporter(name: str, fmt: str):
    """The download's bytes, made only when the button is clicked (an 8,000-article table takes seconds)."""
    return lambda: table_bytes(table(name), fmt)


st.download_button(
    "Download everything (zip of CSVs, filters and methods note)",
    icon=":material/folder_zip:",
    data=lambda: bundle({name: table(name) for name in names}, view.filters.describe(), view.analysis.meta),
    file_name="broadsheet-bundle.zip",
    mime="application/zip",
    type="primary",
    on_click="ignore",
)
for name in names:
    rows = len(selection_keywords) if name == "keywords_selection" else len(view.frame(name))
    columns = len(selection_keywords.columns) if name == "keywords_selection" else view.download_columns(name)
    cols = st.columns([3, 1, 1])
    cols[0].write(f"**{name}** — {rows:,} rows, {columns} columns")
    cols[1].download_button(
        "CSV",
        data=exporter(name, "csv"),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"csv-{name}",
        on_click="ignore",
        icon=":material/download:",
    )
    cols[2].download_button(
        "Parquet",
        data=exporter(name, "parquet"),
        file_name=f"{name}.parquet",
        mime="application/vnd.apache.parquet",
        key=f"parquet-{name}",
        on_click="ignore",
        icon=":material/download:",
    )
