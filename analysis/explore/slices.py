"""Slices of an analysed corpus: which articles a set of filters keeps, and the frames restricted to them.

The dashboard's sidebar filters (sources, dates, topics, tone, an entity, a text search) all select
*articles*; every other frame follows by ``doc_id``.  Corpus-level figures that depend on the selection
(keywords of the slice, topic shares in it) are recomputed from the stored term counts and topic
weights — never by re-analysing text — so a filter change costs milliseconds to a few tenths of a second
on 8,000 articles.  A :class:`Slice` restricts each frame on first use only: a page that draws entities
never pays for filtering the sentences.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from analysis.explore.concordance import concordance, term_hits
from analysis.explore.dates import naive
from analysis.explore.share_safe import Exposure, budgeted_text, budgets, excerpt, keep_within, verbatim_length
from analysis.explore.summaries import described
from analysis.explore.texts import article_text, article_texts, sentence_spans, sentence_texts
from analysis.explore.topics import about_themes, about_topics
from analysis.result import Analysis, decoded
from analysis.text.terms import TermMatrix, stored_term_matrix
from analysis.themes.keyness import SMALL_CORPUS, corpus_keywords, distinctive_terms

T = TypeVar("T")

#: Frames restricted by ``doc_id``; the rest (topics, vocabulary) describe the whole corpus.
PER_ARTICLE = ("sentences", "entities", "entity_sentiment", "quotes", "keywords", "doc_topics", "passages")


@dataclass(frozen=True)
class Filters:
    """What the sidebar selects.  Empty or full-range values select everything, so ``Filters()`` is all.

    ``dates``: inclusive first and last day; articles without a date are kept only while no date range
    is set, since nothing says whether they fall inside it.
    """

    sources: tuple[str, ...] = ()
    dates: tuple[date, date] | None = None
    themes: tuple[int, ...] = ()
    topics: tuple[int, ...] = ()
    tone: tuple[float, float] = (-1.0, 1.0)
    entity: str = ""
    text: str = ""

    def describe(self) -> list[str]:
        """One plain line per active filter, for captions and the download bundle."""
        lines = []
        if self.sources:
            lines.append("sources: " + ", ".join(self.sources))
        if self.dates:
            lines.append(f"published {self.dates[0]:%d %b %Y} – {self.dates[1]:%d %b %Y}")
        if self.themes:
            lines.append("themes: " + ", ".join(str(t) for t in self.themes))
        if self.topics:
            lines.append("topics: " + ", ".join(str(t) for t in self.topics))
        if tuple(self.tone) != (-1.0, 1.0):
            lines.append(f"article tone {self.tone[0]:+.2f} to {self.tone[1]:+.2f}")
        if self.entity:
            lines.append(f"mentions {self.entity}")
        if self.text.strip():
            lines.append(f"contains “{self.text.strip()}”")
        return lines


def titles(analysis: Analysis) -> pd.Series:
    """Each article's title by ``doc_id`` ("(untitled)" where none), built once per analysis.

    Pages look titles up on every rerun; ``articles.set_index("doc_id")`` would copy the whole frame,
    text included, each time — with many visitors at once, that is where the memory goes.
    """

    def build() -> pd.Series:
        articles = analysis.articles
        return pd.Series(
            articles["title"].fillna("(untitled)").to_numpy(), index=articles["doc_id"].to_numpy(), name="title"
        )

    return analysis.memo("titles", build)


def titles_for(analysis: Analysis, doc_ids: pd.Series) -> np.ndarray:
    """The title of each of ``doc_ids``, in their order (None for an id not in the analysis): what
    ``doc_ids.map(titles(analysis))`` gives, by position.  Mapping a lean store's categorical ids looks up
    every one of its 37,554 categories (about 55 ms for the thousand evidence rows a page lists)."""
    held = titles(analysis).to_numpy()
    rows = analysis.rows_for(doc_ids)
    return np.where(rows >= 0, held[np.maximum(rows, 0)], None) if len(held) else np.full(len(rows), None)


def having(analysis: Analysis, doc_ids: pd.Series | pd.Index) -> np.ndarray:
    """A boolean mask over ``analysis.articles``: the articles whose ``doc_id`` is among ``doc_ids`` (as
    ``articles["doc_id"].isin(doc_ids)``, through the held index of ids rather than a hash of strings)."""
    keep = np.zeros(len(analysis.articles), dtype=bool)
    keep[analysis.positions(doc_ids)] = True
    return keep


def select(analysis: Analysis, filters: Filters, text_source: Analysis | None = None) -> np.ndarray:
    """A boolean mask over ``analysis.articles``: the articles every active filter keeps.

    ``text_source``: where the text search reads titles and text when ``analysis`` is a share-safe view
    without them (the same articles, in the same order)."""
    articles = analysis.articles
    keep = np.ones(len(articles), dtype=bool)
    if filters.sources:
        keep &= articles["source"].isin(filters.sources).to_numpy()
    if filters.dates:
        day = naive(articles["published"]).dt.normalize()
        first, last = (pd.Timestamp(d) for d in filters.dates)
        keep &= (day.ge(first) & day.le(last)).to_numpy()  # NaT compares False: undated articles drop out
    if filters.themes:
        keep &= having(analysis, about_themes(analysis, filters.themes))
    if filters.topics:
        keep &= having(analysis, about_topics(analysis, filters.topics))
    low, high = filters.tone
    if (low, high) != (-1.0, 1.0):
        keep &= articles["tone"].between(low, high).fillna(False).to_numpy()
    if filters.entity:
        entities = analysis.entities
        keep &= having(analysis, entities.loc[entities["entity"] == filters.entity, "doc_id"])
    needle = filters.text.strip()
    if needle:
        candidates = np.flatnonzero(keep)  # search only what the other filters kept: the costly one goes last
        full = text_source or analysis
        found = full.articles["title"].iloc[candidates].fillna("").str.contains(needle, case=False, regex=False)
        found = found.to_numpy(dtype=bool, copy=True)
        for rows, texts in full.text_batches(candidates):  # a row group at a time: the text is not held
            hit = pc.fill_null(pc.match_substring(texts, needle, ignore_case=True), False)
            found[np.searchsorted(candidates, rows)] |= hit.to_numpy(zero_copy_only=False)
        keep[:] = False
        keep[candidates[found]] = True
    return keep


@dataclass
class Slice:
    """The analysis restricted to the articles in ``mask``; frames are filtered lazily, once each.

    In share-safe mode ``analysis`` is the redacted analysis (:func:`analysis.explore.share_safe.redact`),
    ``source`` the full one and ``exposure`` the bounds: the text a page shows then comes only from the
    methods below (:meth:`concordance`, :meth:`sentence_text`, :meth:`evidence`, :meth:`passage_text`),
    each counted against the article's budget.  Without ``exposure`` they return the text whole.
    """

    analysis: Analysis
    mask: np.ndarray
    filters: Filters = field(default_factory=Filters)
    source: Analysis | None = None
    exposure: Exposure | None = None
    _frames: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    _memo: dict[str, object] = field(default_factory=dict, repr=False)

    @property
    def full(self) -> Analysis:
        """The analysis with its text (``source``, else ``analysis``): read by the text methods only."""
        return self.source if self.source is not None else self.analysis

    @property
    def everything(self) -> bool:
        return bool(self.mask.all())

    @property
    def n_articles(self) -> int:
        return int(self.mask.sum())

    @property
    def articles(self) -> pd.DataFrame:
        return self.frame("articles")

    def frame(self, name: str) -> pd.DataFrame:
        """Frame ``name`` restricted to the slice's articles (whole-corpus frames are returned as they are)."""
        if name not in self._frames:
            full = self.analysis.frames[name]
            if self.everything or (name != "articles" and name not in PER_ARTICLE):
                self._frames[name] = full
            elif name == "articles":
                self._frames[name] = full[self.mask]
            else:
                self._frames[name] = full[self.holds(full["doc_id"])]
        return self._frames[name]

    def holds(self, doc_ids: pd.Series) -> np.ndarray:
        """A boolean mask over ``doc_ids``: those of the slice's articles — ``doc_ids.isin(self.doc_ids)``
        through the held index of ids (a lean store's codes: each category looked up once), not a hash of
        every string: Arrow strings' ``isin`` loops in Python (0.2 s over 37,554 ids)."""
        index = self.analysis.row_index()
        if isinstance(doc_ids.dtype, pd.CategoricalDtype):
            rows = self.analysis.category_rows(doc_ids.cat.categories)
            kept = np.append((rows >= 0) & self.mask[np.maximum(rows, 0)], False)  # the last: a missing id
            return kept[doc_ids.cat.codes.to_numpy()]
        rows = index.get_indexer(pd.Index(doc_ids.to_numpy()))
        return (rows >= 0) & self.mask[np.maximum(rows, 0)]

    def memo(self, name: str, compute: Callable[[], T]) -> T:
        """A table derived from the slice, computed once per slice: a dashboard keeps its slices across
        reruns and visitors, and grouping 500,000 entity mentions again on each rerun costs ~50 MB for a
        moment (measured per page run on AllSides)."""
        if name not in self._memo:
            self._memo[name] = compute()
        return self._memo[name]  # type: ignore[return-value]

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_") or name not in self.analysis.frames:
            raise AttributeError(name)
        return self.frame(name)

    @property
    def doc_ids(self) -> pd.Index:
        return pd.Index(self.analysis.articles["doc_id"].to_numpy()[self.mask])

    def source_masks(self, a: str, b: str) -> tuple[np.ndarray, np.ndarray]:
        """The slice's articles from source ``a`` and from source ``b``, as masks over all articles."""
        source = self.analysis.articles["source"]
        return self.mask & (source == a).to_numpy(), self.mask & (source == b).to_numpy()

    def date_masks(self, split: date) -> tuple[np.ndarray, np.ndarray]:
        """The slice's articles published before ``split`` and from it on (undated ones in neither)."""
        day = naive(self.analysis.articles["published"])
        return self.mask & (day < pd.Timestamp(split)).to_numpy(), self.mask & (day >= pd.Timestamp(split)).to_numpy()

    # ---------------------------------------------------------------------------------- text, bounded

    def term_use(self, term: str) -> pd.DataFrame:
        """``doc_id, sent_id`` of the slice's sentences that use ``term`` (figures only, no text)."""
        hits = term_hits(self.full, term)
        if not self.everything:
            hits = hits[hits["doc_id"].isin(self.doc_ids)]
        return hits[["doc_id", "sent_id"]]

    def concordance(self, term: str, width: int = 70, limit: int = 500, doc_id: str | None = None) -> pd.DataFrame:
        """Keyword in context (``doc_id, sent_id, left, match, right``) for the slice, or for one article."""
        hits = term_hits(self.full, term) if term.strip() else self.full.sentences.iloc[:0]
        hits = (
            hits[hits["doc_id"] == doc_id]
            if doc_id is not None
            else hits
            if self.everything
            else hits[hits["doc_id"].isin(self.doc_ids)]
        )
        if self.exposure is None:
            return concordance(hits, term, width=width, limit=limit)
        lines = concordance(hits, term, width=min(width, self.exposure.context), limit=limit * 4)
        sizes = lines["left"].map(verbatim_length) + lines["match"].str.len() + lines["right"].map(verbatim_length)
        keep = keep_within(lines["doc_id"], sizes, budgets(self.full, self.exposure.kwic))
        return lines[keep].head(limit).reset_index(drop=True)

    def sentence_text(self, doc_id: str, sent_id: int) -> str:
        """One sentence's text ("" when there is no such sentence); an excerpt within the budget when
        share-safe."""
        text = sentence_texts(self.full, pd.DataFrame({"doc_id": [doc_id], "sent_id": [sent_id]}))[0]
        if self.exposure is None:
            return text
        return budgeted_text(
            pd.Series([doc_id]), pd.Series([text]), budgets(self.full, self.exposure.sentence), self.exposure.window
        ).iloc[0]

    def evidence(self, entity: str) -> pd.DataFrame:
        """The sentences of the slice that show how ``entity`` is portrayed, most confident first:
        ``label, confidence, sentence, doc_id, sent_id``; share-safe: an excerpt around the mention, and
        withheld once the article's budget is spent."""
        rows = self.evidence_rows(entity)
        return self.evidence_sentences(rows, np.arange(len(rows)))

    def evidence_rows(self, entity: str) -> pd.DataFrame:
        """:meth:`evidence` without the text (``label, confidence, doc_id, sent_id``), in its order: a page
        lists a few of 100,000 sentences about a much-named entity and cuts only their text."""
        frame = self.frame("entity_sentiment")
        rows = frame.loc[frame["entity"] == entity, ["doc_id", "sent_id", "label", "confidence"]]
        rows = rows.sort_values("confidence", ascending=False, kind="stable").reset_index(drop=True)
        return rows.assign(entity=entity)

    def evidence_sentences(self, rows: pd.DataFrame, positions: np.ndarray) -> pd.DataFrame:
        """The rows at ``positions`` (ascending) of :meth:`evidence_rows` with their sentence, exactly as
        :meth:`evidence` gives them: share-safe, the budgets are spent down the whole list up to the last
        of them, as they are for the full list."""
        positions = np.asarray(positions, dtype=np.int64)
        entity = rows["entity"].iloc[0] if len(rows) else ""
        rows = rows.iloc[: int(positions.max()) + 1 if len(positions) else 0] if self.exposure else rows.iloc[positions]
        rows = rows[["doc_id", "sent_id", "label", "confidence"]].reset_index(drop=True)
        texts = pd.Series(sentence_texts(self.full, rows), dtype="str")
        if self.exposure is not None and len(rows):
            spans = sentence_spans(self.full, rows)
            mentions = self.full.entities
            mentions = mentions.loc[
                (mentions["entity"] == entity) & mentions["doc_id"].isin(rows["doc_id"]), ["doc_id", "sent_id", "start"]
            ].drop_duplicates(["doc_id", "sent_id"])
            at = rows[["doc_id", "sent_id"]].merge(mentions, on=["doc_id", "sent_id"], how="left")
            offset = (at["start"].fillna(spans["start"]) - spans["start"]).astype(int)
            texts = budgeted_text(
                rows["doc_id"], texts, budgets(self.full, self.exposure.evidence), self.exposure.window, anchors=offset
            )
        out = rows.assign(sentence=texts.to_numpy())[["label", "confidence", "sentence", "doc_id", "sent_id"]]
        return out.iloc[positions].reset_index(drop=True) if self.exposure else out

    def passage_texts(self, passages: pd.DataFrame, limit: int = 600) -> list[str]:
        """The text of each passage (``doc_id, start, end``: offsets into its article), cut to ``limit``
        characters; share-safe: to the window, and withheld once the article's passage budget is spent."""
        found = article_texts(self.full, passages["doc_id"])
        texts = pd.Series(
            [
                found.get(d, "")[int(a) : int(b)]
                for d, a, b in zip(passages["doc_id"], passages["start"], passages["end"], strict=True)
            ],
            dtype="str",
        )
        if self.exposure is None:
            return [excerpt(t, 0, 0, limit) for t in texts]
        doc_ids = passages["doc_id"].reset_index(drop=True)
        return budgeted_text(
            doc_ids, texts, budgets(self.full, self.exposure.passages), min(limit, self.exposure.window)
        ).tolist()

    def with_column(self, name: str, frame: pd.DataFrame, column: str = "text") -> pd.DataFrame:
        """``frame`` (rows of frame ``name``, as the slice gives them) with ``column``, read back for just
        these rows where a lean store left it on disk (the quotes' text for the few a page lists)."""
        if column in frame.columns:
            return frame
        return frame.assign(**{column: self.analysis.column(name, column, frame.index.to_numpy())})

    def with_sources_named(self, quotes: pd.DataFrame) -> pd.DataFrame:
        """Quote rows (of this slice) with ``speaker`` naming, where the article names no one, the words it
        gives for who spoke (:func:`~analysis.explore.summaries.described`: “several friends”); as they are
        for a store built before quotes had ``source_text``."""
        if "source_text" not in quotes.columns and "source_text" not in self.analysis.left_out("quotes"):
            return quotes
        quotes = self.with_column("quotes", quotes, "source_text")
        return quotes.assign(speaker=described(quotes["speaker"], quotes["source_text"]))

    def article_text(self, doc_id: str) -> str:
        """One article's whole text, for the reader ("" unknown); share-safe pages never ask for it."""
        if self.exposure is not None:
            raise PermissionError("a share-safe view shows no article whole")
        return article_text(self.full, doc_id)

    def download(self, name: str) -> pd.DataFrame:
        """Frame ``name`` as it is downloaded: the sentences with their text (cut from the articles) unless
        share-safe, every frame with the columns a lean store left on disk read back for the slice's rows
        (the articles' text among them unless share-safe), so a download is the same whatever is held."""
        frame = decoded(self.frame(name))  # a lean store's codes as the strings a full read holds
        if self.analysis.left_out(name):
            frame = decoded(self.analysis.stored_rows(name, frame.index.to_numpy()))
        if name == "sentences" and self.exposure is None and len(frame):
            return frame.assign(text=sentence_texts(self.full, frame))
        return frame

    def download_columns(self, name: str) -> int:
        """How many columns :meth:`download` gives ``name``, without cutting any text."""
        held = len(self.frame(name).columns) + len(self.analysis.left_out(name))
        return held + (name == "sentences" and self.exposure is None)

    def term_matrix(self) -> TermMatrix | None:
        """The whole corpus's article × term counts (None for a store written before they were kept)."""
        return corpus_term_matrix(self.analysis)

    def keywords(self, top: int = 200) -> pd.DataFrame:
        """The slice's most distinctive terms against general English (the corpus's when nothing is filtered)."""
        tm = self.term_matrix()
        if self.everything or tm is None:
            return self.analysis.corpus_keywords.head(top)
        sub = TermMatrix(tm.counts[self.mask], tm.terms, tm.n_words[self.mask])
        if sub.counts.shape[0] == 0:
            return self.analysis.corpus_keywords.head(0)
        return corpus_keywords(sub, top=top, reference=self.analysis.vocabulary["reference"].to_numpy())

    def theme_shares(self) -> pd.DataFrame:
        """Each theme's share of the slice's text (``theme_id, label, share``), largest first."""
        topics = self.topic_shares()
        themes = self.analysis.frames.get("themes")
        if themes is None or themes.empty or "theme_id" not in self.analysis.topics:
            return pd.DataFrame(columns=["theme_id", "label", "share"])
        theme_of = self.analysis.topics.set_index("topic_id")["theme_id"]
        share = topics.groupby(topics["topic_id"].map(theme_of))["share"].sum()
        return (themes[["theme_id", "label"]].assign(share=themes["theme_id"].map(share).fillna(0.0).to_numpy())
                .sort_values("share", ascending=False, kind="stable"))  # fmt: skip

    def topic_shares(self) -> pd.DataFrame:
        """Each topic's share of the slice's text (``topic_id, label, share``), largest first."""
        topics = self.analysis.topics
        if topics.empty:
            return topics.assign(share=pd.Series(dtype="float64"))[["topic_id", "label", "share"]]
        units = self.frame("doc_topics")
        n_units = max(
            len(self.frame("passages"))
            if self.analysis.meta.get("topics", {}).get("unit") == "passage"
            else self.n_articles,
            1,
        )
        share = units.groupby("topic_id")["weight"].sum() / n_units
        return (
            topics[["topic_id", "label"]]
            .assign(share=topics["topic_id"].map(share).fillna(0.0).to_numpy())
            .sort_values("share", ascending=False, kind="stable")
        )


def corpus_term_matrix(analysis: Analysis) -> TermMatrix | None:
    """The stored article × term counts as a matrix, built once per analysis and kept on it."""
    if not analysis.has_table("term_counts"):
        return None
    return analysis.memo(
        "term_matrix",
        lambda: stored_term_matrix(
            analysis.table("term_counts"), analysis.vocabulary, analysis.articles["n_words"].to_numpy()
        ),
    )


def contrast(analysis: Analysis, mask_a: np.ndarray, mask_b: np.ndarray, top: int = 40) -> pd.DataFrame:
    """Terms that tell slice A from slice B (log-odds with an informative Dirichlet prior; see keywords).

    Returns ``term, z, count_a, count_b, rate_a, rate_b, side`` — ``side`` names the slice a term is
    typical of.  Empty when either slice is empty or the store has no term counts.
    """
    tm = corpus_term_matrix(analysis)
    if not mask_a.any() or not mask_b.any() or tm is None:
        return pd.DataFrame(columns=["term", "z", "count_a", "count_b", "rate_a", "rate_b", "side"])
    min_count = 3 if len(analysis.articles) >= SMALL_CORPUS else 1
    terms = distinctive_terms(tm, mask_a, mask_b, top=top, min_count=min_count)
    return terms.assign(side=np.where(terms["z"] > 0, "A", "B"))
