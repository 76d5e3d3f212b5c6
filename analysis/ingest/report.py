"""The load report, read for people: what went wrong, grouped so that one bad file is one message."""

from __future__ import annotations

import pandas as pd

from analysis.ingest.corpus import DUPLICATE, LOADED, REJECTED, SKIPPED, SYNDICATED

#: The load report's order: what needs a look first, the thousands of loaded items last.
STATUS_ORDER = (REJECTED, SKIPPED, DUPLICATE, SYNDICATED, LOADED)


def rejections_by_file(report: pd.DataFrame) -> pd.DataFrame:
    """One line per input file with rejected items: ``file, rejected, whole_file, reasons``.

    A CSV of 100,000 empty rows is one message ("100,000 rows: empty text"), not 100,000; ``reasons``
    lists each distinct reason with its count, most frequent first.
    """
    bad = report[report["status"] == REJECTED]
    if bad.empty:
        return pd.DataFrame(columns=["file", "rejected", "whole_file", "reasons"])
    items = bad["item"].astype(str)
    frame = pd.DataFrame(
        {
            "file": items.str.split("#", n=1).str[0],
            "row": items.str.contains("#", regex=False),
            "reason": bad["reason"].fillna("rejected").astype(str),
        }
    )
    rows = []
    for file, group in frame.groupby("file", sort=False):
        counts = group["reason"].value_counts()
        rows.append(
            (file, len(group), not group["row"].any(), list(zip(counts.index, counts.to_numpy().tolist(), strict=True)))
        )
    return pd.DataFrame(rows, columns=["file", "rejected", "whole_file", "reasons"])


def problems_first(report: pd.DataFrame) -> pd.DataFrame:
    """The load report with rejected, skipped, duplicate and syndicated items before the loaded ones (each
    group in input order): in a 37,554-item report, the twelve problems are what a reader came for."""
    rank = report["status"].map({status: i for i, status in enumerate(STATUS_ORDER)}).fillna(len(STATUS_ORDER))
    return report.iloc[rank.to_numpy().argsort(kind="stable")]
