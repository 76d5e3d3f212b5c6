"""stance/ — sentiment toward an entity in a sentence: the features of a target mention, the linear model
and its shipped arrays (``target_sentiment.npz``, no pickle), the word vectors it uses, its training on
NewsMTSC, and the scoring of every entity-sentence of a corpus."""

from analysis.lazy import exports

__getattr__, __all__ = exports(
    __name__,
    {
        "LABELS": "score",
        "entity_sentiment": "score",
        "predict_many": "model",
        "predict_target_sentiment": "model",
        "load_model": "model",
        "TargetSentimentModel": "model",
        "train": "train",
    },
)
