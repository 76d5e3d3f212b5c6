"""ingest/ — files become articles: a folder, a file or an upload is read (one reader per format), decoded,
cleaned, dated and de-duplicated into one ``articles`` frame, republished copies grouped into stories, and
every input item accounted for in the load report."""

from analysis.lazy import exports

__getattr__, __all__ = exports(
    __name__,
    {
        "Corpus": "corpus",
        "load_corpus": "corpus",
        "merge_corpora": "corpus",
        "rejections_by_file": "report",
        "Item": "items",
        "RejectedItem": "items",
        "read_file": "formats",
        "READERS": "formats",
        "parse_dates": "dates",
        "clean_body": "cleaning",
        "group_stories": "syndication",
    },
)
