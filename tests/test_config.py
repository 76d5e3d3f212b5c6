"""Settings fail when they are made, with the setting named, not minutes into a build."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.config import AnalysisConfig, EngineConfig, TopicConfig


@pytest.mark.parametrize(
    "bad",
    [{"method": "bogus"}, {"n_topics": 1}, {"n_topics": True}, {"n_topics": 2.5}, {"candidates": [4, 4]},
     {"candidates": []}, {"candidates": [1, 5]}, {"selection_terms": 2.5}, {"max_iter": "5"}, {"random_state": -1}],
)  # fmt: skip
def test_bad_topic_settings_are_refused_naming_the_setting(bad):
    name = next(iter(bad))
    with pytest.raises(ValueError, match=rf"TopicConfig\.{name}"):
        TopicConfig(**bad)


@pytest.mark.parametrize("bad", [{"top_keywords": True}, {"top_keywords": 0}, {"top_keywords": "many"}])
def test_bad_analysis_settings_are_refused(bad):
    with pytest.raises(ValueError, match=r"AnalysisConfig\.top_keywords"):
        AnalysisConfig(**bad)


def test_engine_settings_are_positive_integers():
    with pytest.raises(ValueError, match=r"EngineConfig\.n_jobs"):
        EngineConfig(n_jobs=0)
    with pytest.raises(ValueError, match=r"EngineConfig\.partition_articles"):
        EngineConfig(partition_articles=1.5)


def test_equivalent_settings_are_one_setting():
    """A list or numpy integers become what the store key hashes: equal settings, equal keys."""
    config = TopicConfig(n_topics=np.int64(5), candidates=[6, 4])
    assert config == TopicConfig(n_topics=5, candidates=(4, 6)) and type(config.n_topics) is int
    assert hash(config) == hash(TopicConfig(n_topics=5, candidates=(4, 6)))
    assert (
        AnalysisConfig(topics=config).to_dict()
        == AnalysisConfig(topics=TopicConfig(n_topics=5, candidates=(4, 6))).to_dict()
    )
