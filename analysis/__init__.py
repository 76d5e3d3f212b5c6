"""Broadsheet's analysis package: pure Python over pandas and scikit-learn, no Streamlit.

The same code runs in the dashboard, the tests, the benchmarks and the command line.
"""

from .corpus import Corpus, load_corpus

__all__ = ["Corpus", "load_corpus"]
__version__ = "0.1.0"
