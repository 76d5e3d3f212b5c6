"""Topics: NMF over TF-IDF, the number of topics chosen by stability, labelled and laid out on a map.

The unit is the article when there are enough of them, else the *passage* (a run of paragraphs of at
least ~60 words), so one article still yields its themes.  The number of topics, unless given, is the
most *stable* candidate: the one whose topics re-appear (top terms matched one to one, Jaccard overlap)
when the model is refitted on random 80 % subsamples — Greene, O'Callaghan & Cunningham (2014).  We
tried mean NPMI coherence first: it keeps rising with k and splits real themes into fragments.
Candidates are scored on a fixed sample of units to stay fast; the chosen model is then fitted on every
unit.  NPMI coherence and topic diversity are still reported as the model's quality.  Everything is
seeded: the same corpus and settings give the same topics tomorrow.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from scipy import sparse
from sklearn.decomposition import NMF, PCA, LatentDirichletAllocation
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfTransformer

from analysis.config import ENGINE, EngineConfig, TopicConfig
from analysis.text.sentences import paragraph_spans
from analysis.text.terms import TermMatrix, build_term_matrix, dedupe_phrases
from analysis.themes.labels import LAMBDA, ranked_terms, unique_labels

MIN_DOCS = 30  # below this many articles, topics are found among passages
THEME_COLUMNS = ["theme_id", "label", "terms", "prevalence"]
PASSAGE_WORDS = 60
TOP_TERMS = 10
SELECTION_SAMPLE = 1000
STABILITY_RUNS = 3


@dataclass
class TopicModel:
    """The fitted topics and their frames."""

    topics: pd.DataFrame
    topic_terms: pd.DataFrame
    doc_topics: pd.DataFrame
    passages: pd.DataFrame
    themes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=THEME_COLUMNS))
    quality: dict[str, object] = field(default_factory=dict)
    #: What places new articles in these topics (:mod:`analysis.themes.growth`); empty when the topics
    #: cannot be applied to new articles (passages, NMF, LDA) and a grown corpus is refitted instead.
    state: dict[str, np.ndarray] = field(default_factory=dict)


def term_min_df(n_docs: int) -> int:
    """A term must be in this many articles to count: 2, or one in a thousand for large corpora."""
    return max(2, n_docs // 1000)


def passages_of(doc_ids: list[str], texts: list[str], min_words: int = PASSAGE_WORDS) -> pd.DataFrame:
    """Group each article's consecutive paragraphs into passages of at least ``min_words`` words.

    Returns ``passage_id, doc_id, para_start, para_end, start, end, text`` (paragraph range inclusive,
    character span into the article text).
    """
    rows = []
    for doc_id, text in zip(doc_ids, texts, strict=True):
        paras = paragraph_spans(text)
        group: list[int] = []
        words = 0
        groups: list[list[int]] = []
        for k, (a, b) in enumerate(paras):
            group.append(k)
            words += len(text[a:b].split())
            if words >= min_words:
                groups.append(group)
                group, words = [], 0
        if group:
            if groups and words < min_words / 2:
                groups[-1].extend(group)  # a short tail joins the passage before it
            else:
                groups.append(group)
        for n, g in enumerate(groups):
            start, end = paras[g[0]][0], paras[g[-1]][1]
            rows.append((f"{doc_id}:{n}", doc_id, g[0], g[-1], start, end, text[start:end]))
    return pd.DataFrame(rows, columns=["passage_id", "doc_id", "para_start", "para_end", "start", "end", "text"])


def npmi_coherence(binary: sparse.csr_matrix, top_terms: list[np.ndarray]) -> np.ndarray:
    """Mean normalised PMI over pairs of each topic's top terms, from co-occurrence in units."""
    n = binary.shape[0]
    out = []
    csc = binary.tocsc()
    for terms in top_terms:
        sub = csc[:, terms]
        df = np.asarray(sub.sum(axis=0)).ravel()
        co = (sub.T @ sub).toarray()
        scores = []
        for i in range(len(terms)):
            for j in range(i + 1, len(terms)):
                p_i, p_j, p_ij = df[i] / n, df[j] / n, co[i, j] / n
                if p_ij == 0:
                    scores.append(-1.0)
                elif p_ij == 1:
                    scores.append(1.0)
                else:
                    scores.append(np.log(p_ij / (p_i * p_j)) / -np.log(p_ij))
        out.append(float(np.mean(scores)) if scores else 0.0)
    return np.asarray(out)


def _fit(
    weights: sparse.csr_matrix,
    counts: sparse.csr_matrix,
    k: int,
    config: TopicConfig,
    seed: int = 0,
    quick: bool = False,
):
    """Fit one model; ``quick`` for the runs that only choose k (looser tolerance, fewer iterations)."""
    k = min(k, *weights.shape)  # a tiny subsample (a few passages) cannot hold more topics than units
    if config.method == "lda":
        model = LatentDirichletAllocation(
            n_components=k, random_state=config.random_state + seed, learning_method="batch", max_iter=50
        )
        doc = model.fit_transform(counts)
        return doc, model.components_
    # Stability runs differ from their reference only in the subsample of units, with the same SVD-based
    # start: a random start would measure the optimiser's luck, not the data's structure.
    model = NMF(
        n_components=k,
        init="nndsvda",
        random_state=config.random_state + seed,
        max_iter=200 if quick else config.max_iter,
        tol=1e-3 if quick else 1e-4,
    )
    with warnings.catch_warnings(), np.errstate(invalid="ignore"):
        # Short stability runs stop at max_iter on purpose; the final error's sqrt can see -0.0 rounding.
        warnings.simplefilter("ignore", ConvergenceWarning)
        doc = model.fit_transform(weights)
    return doc, model.components_


def _top(components: np.ndarray, tm: TermMatrix, counts_total: np.ndarray, n: int = TOP_TERMS) -> list[np.ndarray]:
    tops = []
    for row in components:
        order = np.argsort(-row, kind="stable")[: n * 3]
        order = order[row[order] > 0]
        keep = dedupe_phrases(tm.terms[order], counts_total[order], n)
        tops.append(order[keep])
    return tops


def _agreement(reference: list[np.ndarray], other: list[np.ndarray]) -> float:
    """Mean Jaccard overlap of top-term sets under the best one-to-one matching of topics."""
    from scipy.optimize import linear_sum_assignment

    sim = np.array([[len(set(a) & set(b)) / max(len(set(a) | set(b)), 1) for b in other] for a in reference])
    rows, cols = linear_sum_assignment(-sim)
    return float(sim[rows, cols].mean())


def diversity(tops: list[np.ndarray]) -> float:
    """Topic diversity: the share of distinct terms among all topics' top terms (1.0: no overlap)."""
    words = [w for top in tops for w in top]
    return len(set(words)) / max(len(words), 1)


def _presence(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """1 where a term occurs in a unit: the counts' own index arrays with ones, where every stored count is
    positive (as the term counts' are) — ``(counts > 0).astype(…)`` made a boolean matrix and then a float
    one, two copies of 12 M entries at 37,554 articles, for the same matrix."""
    counts = counts.tocsr()
    if counts.nnz and counts.data.min() <= 0:
        return (counts > 0).astype(np.float32).tocsr()
    return sparse.csr_matrix(
        (np.ones(counts.nnz, dtype=np.float32), counts.indices, counts.indptr), shape=counts.shape, copy=False
    )


def fit_topics(
    doc_ids: list[str],
    texts: list[str],
    config: TopicConfig | None = None,
    term_matrix: TermMatrix | None = None,
    engine: EngineConfig = ENGINE,
    banned: frozenset[str] = frozenset(),
) -> TopicModel:
    """Find themes and topics among the articles (or topics among their passages, for a small corpus).

    ``term_matrix``: the articles' term counts when the caller has them already (the pipeline does), so
    the texts are not tokenized twice; ``banned``: terms no label may show (the sources' names).
    """
    config = config or TopicConfig()
    use_passages = len(doc_ids) < MIN_DOCS
    if use_passages:
        passages = passages_of(doc_ids, texts)
        unit_ids, unit_docs = passages["passage_id"].tolist(), passages["doc_id"].tolist()
        tm = build_term_matrix(passages["text"].tolist(), min_df=1, min_phrase_count=2)
    else:
        passages = passages_of([], [])
        unit_ids, unit_docs = list(doc_ids), list(doc_ids)
        tm = term_matrix if term_matrix is not None else build_term_matrix(list(texts), min_df=term_min_df(len(texts)))
    passages = passages.drop(columns="text")  # the span locates a passage; its text stays in the article
    n_units, n_terms = tm.counts.shape
    if n_units < 2 or n_terms < 4:
        empty = _empty(passages)
        empty.quality.update(unit="passage" if use_passages else "article", reason="too little text for topics")
        return empty

    binary = _presence(tm.counts)
    counts_total = np.asarray(tm.counts.sum(axis=0)).ravel()
    if not use_passages and config.method == "clusters":
        return _clustered(tm, counts_total, binary, unit_ids, unit_docs, passages, config, banned)
    weights = TfidfTransformer(sublinear_tf=True).fit_transform(tm.counts).tocsr()
    max_k = max(2, min(n_units - 1, n_terms // 3))
    candidates = (
        sorted({min(k, max_k) for k in config.candidates}) if not use_passages else list(range(2, min(6, max_k) + 1))
    )
    scores: dict[int, tuple[float, float, float]] = {}
    if config.n_topics:
        k = min(config.n_topics, max_k)
    else:
        rng = np.random.default_rng(config.random_state)
        sample = np.sort(rng.choice(n_units, size=min(n_units, SELECTION_SAMPLE), replace=False))
        subsets = [
            np.sort(rng.choice(sample, size=max(2, int(0.8 * sample.size)), replace=False))
            for _ in range(STABILITY_RUNS)
        ]
        # Every (k, run) fit is independent: spread them over the cores (processes: 15 % faster than threads).
        jobs = [
            (cand, run, sample if run == 0 else subsets[run - 1])
            for cand in candidates
            for run in range(STABILITY_RUNS + 1)
        ]
        columns = np.arange(n_terms)
        if config.selection_terms and config.selection_terms < n_terms:
            df = np.bincount(binary.indices, minlength=n_terms)
            columns = np.sort(np.argsort(-df, kind="stable")[: config.selection_terms])
        narrow_weights, narrow_counts = weights[:, columns], tm.counts[:, columns]
        # Worker processes take ~1 s to start: worth it only for a large corpus.
        fitted = Parallel(n_jobs=engine.n_jobs if n_units >= engine.parallel_units else 1, prefer="processes")(
            delayed(_fit)(narrow_weights[rows], narrow_counts[rows], cand, config, seed=run, quick=True)
            for cand, run, rows in jobs
        )
        tops_of = {}
        for (cand, run, _), (_, narrow) in zip(jobs, fitted, strict=True):
            components = np.zeros((narrow.shape[0], n_terms))
            components[:, columns] = narrow
            tops_of[(cand, run)] = _top(components, tm, counts_total)
        for cand in candidates:
            reference = tops_of[(cand, 0)]
            agreement = [_agreement(reference, tops_of[(cand, run)]) for run in range(1, STABILITY_RUNS + 1)]
            scores[cand] = (
                float(npmi_coherence(binary, reference).mean()),
                diversity(reference),
                float(np.mean(agreement)),
            )
        # The most stable k (ties within 0.01 go to the smaller k): topics that re-appear when the data is
        # resampled are structure, not noise (Greene, O'Callaghan & Cunningham 2014).
        best = max(s[2] for s in scores.values())
        k = min(c for c, s in scores.items() if s[2] >= best - 0.01)
    doc_weights, components = _fit(weights, tm.counts, k, config)
    quality = {
        "unit": "passage" if use_passages else "article",
        "method": "nmf" if config.method == "clusters" else config.method,
        "k": k,
        "k_chosen_automatically": not config.n_topics,
        "candidates": {str(c): {"npmi": s[0], "diversity": s[1], "stability": s[2]} for c, s in scores.items()},
        "n_units": n_units,
        "n_terms": n_terms,
    }
    theme_of_topic = _themes_of(components)
    return _frames(tm, counts_total, binary, unit_ids, unit_docs, doc_weights, components, theme_of_topic,
                   np.sqrt(components), passages, quality, banned)  # fmt: skip


def _clustered(tm, counts_total, binary, unit_ids, unit_docs, passages, config, banned) -> TopicModel:
    """Themes and topics as clusters of articles (:mod:`analysis.themes.hierarchy`)."""
    # Imported here: a small corpus (topics among passages, as the seed's) never clusters, and the
    # hierarchy's k-means and scores would cost its first page the import of sklearn.cluster and metrics.
    from analysis.themes import hierarchy

    model = hierarchy.fit(tm.counts, config.random_state, config.n_topics, config.n_themes)
    doc_weights = hierarchy.mixtures(model, model.points)
    lost = doc_weights.sum(axis=1) <= 0  # nothing left of the article after the term cuts: its cluster
    doc_weights[lost, model.labels[lost]] = 1.0
    quality = {
        "unit": "article",
        "method": "clusters",
        "k": int(model.topic_terms.shape[0]),
        "k_chosen_automatically": not config.n_topics,
        **model.quality,
        "n_units": tm.counts.shape[0],
        "n_terms": tm.counts.shape[1],
    }
    fitted = _frames(tm, counts_total, binary, unit_ids, unit_docs, doc_weights, model.topic_terms,
                     model.theme_of_topic, model.topic_centres, passages, quality, banned)  # fmt: skip
    fitted.state = hierarchy.state_of(model)
    return fitted


def _themes_of(components: np.ndarray) -> np.ndarray:
    """Themes over topics fitted one level only (passages, NMF, LDA): up to six topics are a theme each;
    more are grouped by the similarity of their terms into about the square root of their number."""
    k = components.shape[0]
    if k <= 6:
        return np.arange(k)
    from sklearn.cluster import AgglomerativeClustering

    shape = np.sqrt(components / np.maximum(components.sum(axis=1, keepdims=True), 1e-12))
    return AgglomerativeClustering(n_clusters=round(k**0.5), linkage="average", metric="cosine").fit(shape).labels_


def _frames(tm, counts_total, binary, unit_ids, unit_docs, doc_weights, components, theme_of_topic, places,
            passages, quality, banned) -> TopicModel:  # fmt: skip
    k = components.shape[0]
    totals = doc_weights.sum(axis=1, keepdims=True)
    shares = np.divide(doc_weights, totals, out=np.zeros_like(doc_weights), where=totals > 0)
    prevalence = shares.sum(axis=0) / max(shares.shape[0], 1)
    p_term_topic = components / np.maximum(components.sum(axis=1, keepdims=True), 1e-12)
    p_term = counts_total / max(counts_total.sum(), 1)
    weight = 1.0 if quality["unit"] == "passage" else LAMBDA
    tops = ranked_terms(p_term_topic, p_term, tm.terms, counts_total, banned, TOP_TERMS, weight)
    labels = unique_labels(tops, tm.terms, tops)
    coherence = npmi_coherence(binary, tops)
    quality.update(coherence_npmi=float(coherence.mean()) if k else float("nan"), diversity=diversity(tops))
    layout = _layout(places)
    representatives = [
        [unit_ids[i] for i in np.argsort(-shares[:, t], kind="stable")[:3] if shares[i, t] > 0] for t in range(k)
    ]
    themes = _theme_frame(theme_of_topic, prevalence, p_term_topic, p_term, tm, counts_total, banned, weight)
    theme_label = dict(zip(themes["theme_id"], themes["label"], strict=True))
    topics = pd.DataFrame(
        {
            "topic_id": np.arange(k, dtype=np.int16),
            "label": labels,
            "terms": [list(tm.terms[t]) for t in tops],
            "weights": [[float(p_term_topic[i, j]) for j in t] for i, t in enumerate(tops)],
            "prevalence": prevalence.astype(np.float32),
            "coherence": coherence.astype(np.float32),
            "x": layout[:, 0].astype(np.float32),
            "y": layout[:, 1].astype(np.float32),
            "representatives": representatives,
            "theme_id": np.asarray(theme_of_topic, dtype=np.int16),
            "theme_label": [theme_label[int(t)] for t in theme_of_topic],
        }
    )
    # Terms per topic for the relevance slider (LDAvis): p(w|t) and p(w), top 30 by p(w|t).
    rows = []
    for t in range(k):
        order = np.argsort(-p_term_topic[t], kind="stable")[:30]
        for j in order[p_term_topic[t, order] > 0]:
            rows.append((t, tm.terms[j], float(p_term_topic[t, j]), float(p_term[j])))
    topic_terms = pd.DataFrame(rows, columns=["topic_id", "term", "p_term_topic", "p_term"])
    unit_index, topic_index = np.nonzero(shares >= 0.05)
    doc_topics = pd.DataFrame(
        {
            "unit_id": pd.array(np.asarray(unit_ids, dtype=object)[unit_index], dtype="str"),
            "doc_id": pd.array(np.asarray(unit_docs, dtype=object)[unit_index], dtype="str"),
            "topic_id": topic_index.astype(np.int16),
            "weight": shares[unit_index, topic_index].astype(np.float32),
        }
    )
    return TopicModel(topics, topic_terms, doc_topics, passages, themes, quality)


def _theme_frame(theme_of_topic, prevalence, p_term_topic, p_term, tm, counts_total, banned, weight) -> pd.DataFrame:
    """``theme_id, label, terms, prevalence``: each theme's terms from its topics', weighted by prevalence."""
    ids = np.unique(theme_of_topic) if len(theme_of_topic) else np.zeros(0, dtype=np.int64)
    mixed = np.array([(prevalence[theme_of_topic == t, None] * p_term_topic[theme_of_topic == t]).sum(axis=0)
                      for t in ids]).reshape(len(ids), p_term_topic.shape[1])  # fmt: skip
    mixed = mixed / np.maximum(mixed.sum(axis=1, keepdims=True), 1e-12)
    tops = ranked_terms(mixed, p_term, tm.terms, counts_total, banned, TOP_TERMS, weight)
    return pd.DataFrame(
        {
            "theme_id": ids.astype(np.int16),
            "label": unique_labels(tops, tm.terms, tops),
            "terms": [list(tm.terms[t]) for t in tops],
            "prevalence": np.array([prevalence[theme_of_topic == t].sum() for t in ids], dtype=np.float32),
        }
    )


def _layout(places: np.ndarray) -> np.ndarray:
    """2-D positions of topics: PCA of where they sit (their centres, or their square-rooted term
    distributions, Hellinger-like)."""
    k = places.shape[0]
    if k < 3:
        return np.column_stack([np.linspace(-1, 1, k), np.zeros(k)])
    points = PCA(n_components=2, random_state=0).fit_transform(places)
    scale = np.abs(points).max() or 1.0
    return points / scale


def _empty(passages: pd.DataFrame) -> TopicModel:
    return TopicModel(
        topics=pd.DataFrame(
            columns=[
                "topic_id",
                "label",
                "terms",
                "weights",
                "prevalence",
                "coherence",
                "x",
                "y",
                "representatives",
                "theme_id",
                "theme_label",
            ]
        ),
        topic_terms=pd.DataFrame(columns=["topic_id", "term", "p_term_topic", "p_term"]),
        doc_topics=pd.DataFrame(columns=["unit_id", "doc_id", "topic_id", "weight"]),
        passages=passages,
        quality={},
    )
