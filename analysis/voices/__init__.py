"""voices/ — who is in the news and how it sounds: sentence tone (VADER), people, organisations and places
(rules, gazetteers, canonical names), quotes and reported speech with their speakers, run per article in
batches; the names merged across the corpus afterwards."""

from analysis.lazy import exports

__getattr__, __all__ = exports(
    __name__,
    {
        "FastVader": "tone",
        "sentence_tone": "tone",
        "article_tone": "tone",
        "analyzer": "tone",
        "find_mentions": "entities",
        "article_mentions": "entities",
        "entity_frame": "entities",
        "find_quotes": "quotes",
        "analyse_voices": "batch",
        "link_names": "batch",
        "places": "gazetteer",
    },
)
