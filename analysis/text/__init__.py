"""text/ — the text cut into units: paragraphs and sentences as offsets into the article, tokens, and the
document × term counts with phrases that keywords, topics and any slice are scored from."""

from analysis.lazy import exports

__getattr__, __all__ = exports(
    __name__,
    {
        "split_sentences": "sentences",
        "paragraph_spans": "sentences",
        "sentence_frame": "sentences",
        "tokenize": "tokens",
        "raw_tokens": "tokens",
        "STOP_WORDS": "tokens",
        "TermMatrix": "terms",
        "build_term_matrix": "terms",
        "term_count_frames": "terms",
        "stored_term_matrix": "terms",
        "dedupe_phrases": "terms",
    },
)
