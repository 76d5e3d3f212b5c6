"""Broadsheet's analysis package: pure Python over pandas and scikit-learn, no Streamlit.

The same code runs in the dashboard, the tests, the benchmarks and the command line.  Nothing is
imported here, so that ``from analysis.result import Analysis`` stays light; import from the modules:
``analysis.corpus.load_corpus``, ``analysis.pipeline.analyze``, ``analysis.store.cached_analyze``,
``analysis.sentiment.predict_target_sentiment``.
"""

__version__ = "0.1.0"
