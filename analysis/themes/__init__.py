"""themes/ — what the articles are about: keywords of each article and of the corpus (TF-IDF, keyness
against general English, log-odds between slices) and topics (NMF over the term counts)."""

from analysis.lazy import exports

__getattr__, __all__ = exports(
    __name__,
    {
        "article_keywords": "keywords",
        "corpus_keywords": "keyness",
        "distinctive_terms": "keyness",
        "g2_keyness": "keyness",
        "log_odds_dirichlet": "keyness",
        "fit_topics": "topics",
        "TopicModel": "topics",
    },
)
