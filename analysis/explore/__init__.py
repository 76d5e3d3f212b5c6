"""explore/ — the read side, which never fits anything: the slice a set of filters keeps, small tables for
charts, keyword in context, portrayal aggregates, topics of articles, share-safe excerpts and downloads,
all computed from what the store holds."""

from analysis.lazy import exports

__getattr__, __all__ = exports(
    __name__,
    {
        "Filters": "slices",
        "Slice": "slices",
        "select": "slices",
        "contrast": "slices",
        "titles": "slices",
        "concordance": "concordance",
        "term_hits": "concordance",
        "portrayal": "portrayal",
        "main_topics": "topics",
        "article_topics": "topics",
        "redact": "share_safe",
        "Exposure": "share_safe",
        "bundle": "export",
        "table_bytes": "export",
    },
)
