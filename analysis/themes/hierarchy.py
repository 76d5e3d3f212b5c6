"""Themes and topics at two levels: clusters of articles in a latent semantic space, found top-down.

1. **Embedding.** Each article's TF-IDF vector (sublinear term frequency, unit length) is reduced by a
   truncated SVD to ~100 dimensions (latent semantic analysis) and normalised: cosine distance there
   measures what two articles are about, with synonyms and word variants folded together, and every fit
   below is a dense k-means in 100 dimensions instead of a sparse one over 40,000 terms.
2. **Themes** (a handful): k-means on the embedding for k in 3–12, the k chosen by *stability*
   (:func:`choose_themes`): a k whose clusters come back when random 80 % samples are clustered again is
   structure in the data; finer splits that do not are noise (Greene et al. 2014).  On BBC News this
   finds its five desks.
3. **Topics** (tens): the articles of each theme clustered again, √(n/2) topics in all
   (:func:`topics_for`), each theme getting a share in proportion to its articles.
4. **Mixtures.** An article's topic mix is the non-negative least-squares fit of its place in the latent
   space on the topics' centres (NMF with the topics held fixed, in 100 dimensions), so a topic's share
   means what it does in a topic model, and a new article is placed in the existing topics the same way
   (:func:`analysis.themes.growth.place`, from the arrays :func:`state_of` keeps).  Each topic is
   described by its articles' mean TF-IDF vector.

Everything is seeded (``random_state``): the same corpus and settings give the same topics tomorrow.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import normalize
from sklearn.utils.extmath import randomized_svd
from threadpoolctl import threadpool_limits

#: Dimensions of the latent semantic space.
DIMENSIONS = 100
THEME_CANDIDATES = tuple(range(3, 13))
#: A smaller number of themes is preferred while its stability is within this of the best.
STABILITY_SLACK = 0.05
STABILITY_RUNS = 10
#: Articles the choices of k are measured on (the final fits use every article).
SELECTION_SAMPLE = 2000
MAX_TOPICS = 150


@dataclass
class Hierarchy:
    """A fitted two-level model: what is needed to describe its topics and to place new articles."""

    idf: np.ndarray  # (terms,) of the TF-IDF weighting
    basis: np.ndarray  # (dims, terms): the SVD's right singular vectors, to embed new articles
    theme_centres: np.ndarray  # (themes, dims) in the embedding
    topic_centres: np.ndarray  # (topics, dims) in the embedding
    topic_terms: np.ndarray  # (topics, terms): each topic's mean TF-IDF vector
    theme_of_topic: np.ndarray  # (topics,)
    labels: np.ndarray  # (units,): each article's topic (its cluster)
    points: np.ndarray  # (units, dims): where each article sits in the latent space
    quality: dict[str, object]
    fit: np.ndarray | None = None  # (units,): how well each article is described by a topic (held_out_fit)


def tfidf(counts: sparse.csr_matrix, idf: np.ndarray | None = None) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Sublinear TF-IDF rows of unit length, with the smoothed idf (fitted here unless given).

    One new matrix, normalised in place: a float32 copy of the counts, a copy of that and normalize's own
    copy were three matrices the size of the corpus's term counts at once (12 M entries at 37,554)."""
    counts = counts.tocsr()
    if idf is None:
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        idf = (np.log((1 + counts.shape[0]) / (1 + df)) + 1).astype(np.float32)
    data = (1 + np.log(counts.data.astype(np.float32, copy=False))) * idf[counts.indices]
    weights = sparse.csr_matrix((data, counts.indices.copy(), counts.indptr.copy()), shape=counts.shape)
    return normalize(weights, copy=False), idf


def embed(weights: sparse.csr_matrix, basis: np.ndarray) -> np.ndarray:
    """Unit vectors of TF-IDF rows in the latent space (the same projection for the corpus and new articles)."""
    return normalize(np.asarray(weights @ basis.T, dtype=np.float32))


def _kmeans(points: np.ndarray, k: int, seed: int, n_init: int = 1) -> KMeans:
    # One thread: these are small dense fits, and OpenMP threads competing for two busy cores made each
    # of them ten times slower (measured: 3.5 s against 0.4 s for ten fits of 2,000 points).
    with threadpool_limits(1):
        return KMeans(n_clusters=k, n_init=n_init, random_state=seed, max_iter=100).fit(points)


def choose_themes(points: np.ndarray, random_state: int) -> tuple[int, dict[int, float]]:
    """The number of themes: the smallest stable k, and each k's stability.

    Greene, O'Callaghan & Cunningham (2014)'s protocol: for each k, a reference clustering of a sample
    (several starts, the best kept), then clusterings of random 80 % subsamples; stability is their mean
    agreement with the reference on the same articles (adjusted Rand index).  The smallest k within
    :data:`STABILITY_SLACK` of the most stable is chosen.
    """
    rng = np.random.default_rng(random_state)
    sample = points[rng.permutation(len(points))[:SELECTION_SAMPLE]]
    stability = {}
    for k in (k for k in THEME_CANDIDATES if k < len(sample) / 5):
        reference = _kmeans(sample, k, random_state, n_init=5).labels_
        scores = []
        for run in range(STABILITY_RUNS):
            subset = rng.random(len(sample)) < 0.8
            labels = _kmeans(sample[subset], k, random_state + 1 + run).labels_
            scores.append(adjusted_rand_score(reference[subset], labels))
        stability[k] = float(np.mean(scores))
    if not stability:
        return min(2, len(points)), stability
    best = max(stability.values())
    return min(k for k, s in stability.items() if s >= best - STABILITY_SLACK), stability


def topics_for(n_units: int, n_themes: int) -> int:
    """How many topics in all: √(n/2) (Mardia et al.'s rule of thumb for clusters), at least two per theme
    and at most :data:`MAX_TOPICS`.

    Measured before choosing it: on 2,000-article samples of BBC and AllSides, the stability of a topic
    split (as for themes) stays flat at 0.5–0.6 from 16 to 96 topics, and the knee of held-out distortion
    against log k wandered from 31 to 96 between runs — neither says where finer topics stop being real,
    while a topic per ~√(2n) articles keeps them findable (tens for thousands) and growing with the corpus.
    """
    return int(min(MAX_TOPICS, max(2 * n_themes, round((n_units / 2) ** 0.5))))


def fit(counts: sparse.csr_matrix, random_state: int = 0, n_topics: int | None = None,
        n_themes: int | None = None) -> Hierarchy:  # fmt: skip
    """Fit themes and topics to an article × term count matrix (see the module's docstring)."""
    weights, idf = tfidf(counts)
    n_units, n_terms = weights.shape
    dims = max(1, min(DIMENSIONS, n_units - 1, n_terms - 1))
    _, singular, vt = randomized_svd(weights, dims, n_iter=2, random_state=random_state)
    del singular  # X V = U S: a row's coordinates are its projection on the right singular vectors
    basis = vt.astype(np.float32)
    points = embed(weights, basis)
    chosen_themes, stability = (n_themes, {}) if n_themes else choose_themes(points, random_state)
    if n_topics:  # asked for fewer topics than the themes found: each topic its own theme
        chosen_themes = min(chosen_themes, n_topics)
    theme_model = _kmeans(points, chosen_themes, random_state, n_init=3)
    themes = theme_model.labels_
    wanted = max(n_topics or topics_for(n_units, chosen_themes), chosen_themes)
    labels = np.zeros(n_units, dtype=np.int64)
    centres, theme_of_topic = [], []
    sizes = np.bincount(themes, minlength=chosen_themes)
    for theme in range(chosen_themes):
        members = np.flatnonzero(themes == theme)
        k = int(min(max(1, round(wanted * sizes[theme] / n_units)), max(1, len(members) // 5)))
        model = _kmeans(points[members], k, random_state, n_init=2) if k > 1 else None
        local = model.labels_ if model is not None else np.zeros(len(members), dtype=np.int64)
        labels[members] = local + len(centres)
        centres.extend(model.cluster_centers_ if model is not None else [points[members].mean(axis=0)])
        theme_of_topic.extend([theme] * k)
    k_total = len(centres)
    member = sparse.csr_matrix((np.ones(n_units, dtype=np.float32), (labels, np.arange(n_units))),
                               shape=(k_total, n_units))  # fmt: skip
    sizes_topic = np.asarray(member.sum(axis=1)).ravel()
    topic_terms = np.asarray((member @ weights).todense()) / np.maximum(sizes_topic[:, None], 1)
    return Hierarchy(
        idf=idf, basis=basis, theme_centres=normalize(theme_model.cluster_centers_),
        topic_centres=normalize(np.asarray(centres)), topic_terms=topic_terms.astype(np.float32),
        theme_of_topic=np.asarray(theme_of_topic, dtype=np.int64), labels=labels, points=points,
        fit=held_out_fit(weights, topic_terms.astype(np.float32), labels),
        quality={"themes_chosen_automatically": not n_themes, "topics_chosen_automatically": not n_topics,
                 "theme_stability": {str(k): round(v, 4) for k, v in stability.items()},
                 "n_themes": chosen_themes, "n_topics": k_total, "dimensions": dims},
    )  # fmt: skip


FIT_ROWS = 4096  # rows fitted at a time by nonnegative_fit


def nonnegative_fit(targets: np.ndarray, parts: np.ndarray, iterations: int = 60) -> np.ndarray:
    """Non-negative least squares of every row of ``targets`` on the rows of ``parts`` at once:
    minimise ``‖targets − W parts‖`` with ``W ≥ 0`` by accelerated projected gradient (FISTA), all rows
    together — a few matrix products where one solver call per article took half a minute."""
    gram = (parts @ parts.T).astype(np.float64)
    step = 1.0 / max(float(np.linalg.eigvalsh(gram)[-1]), 1e-12)
    out = np.empty((targets.shape[0], parts.shape[0]), dtype=np.float32)
    # Rows a block at a time: each row's iterations are its own, and the whole corpus's float64 weights,
    # their momentum, the previous step and their temporaries were the topic stage's peak (about 290 MB at
    # 37,554 articles and 137 topics).
    for lo in range(0, targets.shape[0], FIT_ROWS):
        cross = (targets[lo : lo + FIT_ROWS] @ parts.T).astype(np.float64)
        weights = np.maximum(cross, 0) * step
        previous, momentum, t = weights, weights, 1.0
        for _ in range(iterations):
            weights = np.maximum(momentum - step * (momentum @ gram - cross), 0)
            t_next = (1 + (1 + 4 * t * t) ** 0.5) / 2
            momentum = weights + ((t - 1) / t_next) * (weights - previous)
            previous, t = weights, t_next
        out[lo : lo + FIT_ROWS] = weights
    return out


def mixtures(model: Hierarchy, points: np.ndarray) -> np.ndarray:
    """Each article's topic weights: the non-negative combination of topic centres nearest to where the
    article sits in the latent space (a topic model's mixture, computed in 100 dimensions)."""
    if points.shape[0] == 0:
        return np.zeros((0, model.topic_centres.shape[0]), dtype=np.float32)
    return nonnegative_fit(points, model.topic_centres)


def state_of(model: Hierarchy) -> dict[str, np.ndarray]:
    """The arrays that place new articles in ``model``'s topics (stored as ``topic_model.npz``), with how
    near its own articles sat to their topics — the yardstick for telling when new ones no longer fit.

    ``topic_terms``: each topic's mean TF-IDF vector; ``fit_p10``: the 10th percentile of how well the
    fitted articles were described by a topic (:func:`held_out_fit`), so 10 % of them were described
    worse; ``n_fitted``: how many articles the fit saw.
    """
    return {
        "idf": model.idf,
        "basis": model.basis,
        "topic_centres": model.topic_centres.astype(np.float32),
        "theme_of_topic": model.theme_of_topic,
        "topic_ids": np.arange(model.topic_centres.shape[0], dtype=np.int64),
        "topic_terms": model.topic_terms.astype(np.float32),
        "fit_p10": np.float32(np.percentile(model.fit, 10) if model.fit is not None and len(model.fit) else 0.0),
        "n_fitted": np.int64(len(model.points)),
    }


def topic_fit(weights: sparse.csr_matrix, topic_terms: np.ndarray) -> np.ndarray:
    """How well each (unit-length) TF-IDF row is described by its best topic: the largest cosine to a
    topic's mean TF-IDF vector, in term space — so an article on a subject the topics never saw, whose
    words are not theirs, scores low however it projects into the latent space."""
    if weights.shape[0] == 0 or topic_terms.shape[0] == 0:
        return np.zeros(weights.shape[0], dtype=np.float32)
    norms = np.maximum(np.linalg.norm(topic_terms, axis=1), 1e-12)
    return (np.asarray(weights @ topic_terms.T) / norms).max(axis=1).astype(np.float32)


SQUARED_ROWS = 1024  # rows of the TF-IDF matrix squared at a time by held_out_fit (41 MB at 4,096 on 8,000)
SQUARED_TOPICS = 8  # topics' term rows squared at a time by held_out_fit


def held_out_fit(weights: sparse.csr_matrix, topic_terms: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """:func:`topic_fit` of the fitted articles as if each were new: its own topic's mean is taken
    without it (leave-one-out, exact for a mean), so the yardstick new articles are compared with is
    not flattered by the articles having shaped the topics."""
    if weights.shape[0] == 0 or topic_terms.shape[0] == 0:
        return np.zeros(weights.shape[0], dtype=np.float32)
    dots = np.asarray(weights @ topic_terms.T, dtype=np.float64)
    # Each topic's squared length, a few topics at a time (each row's sum on its own: the same figures as
    # squaring the whole float64 copy, which was two copies of the topics' terms, 19 MB at 8,000 articles).
    squared = np.concatenate(
        [
            (topic_terms[lo : lo + SQUARED_TOPICS].astype(np.float64) ** 2).sum(axis=1)
            for lo in range(0, topic_terms.shape[0], SQUARED_TOPICS)
        ]
    )
    cosines = dots / np.sqrt(np.maximum(squared, 1e-24))
    sizes = np.bincount(labels, minlength=topic_terms.shape[0]).astype(np.float64)
    rows = np.arange(len(labels))
    n, own = sizes[labels], dots[rows, labels]
    # 1 for a unit row, 0 for an empty one; squared a block of rows at a time (each row's sum on its own:
    # the same figures), where the whole product was a second copy of the matrix (+92 MB at 37,554 articles).
    self_dot = np.concatenate(
        [
            np.asarray(weights[lo : lo + SQUARED_ROWS].multiply(weights[lo : lo + SQUARED_ROWS]).sum(axis=1)).ravel()
            for lo in range(0, weights.shape[0], SQUARED_ROWS)
        ]
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        loo_dot = (n * own - self_dot) / (n - 1)
        loo_squared = (n * n * squared[labels] - 2 * n * own + self_dot) / (n - 1) ** 2
        loo = np.where(n > 1, loo_dot / np.sqrt(np.maximum(loo_squared, 1e-24)), 0.0)
    cosines[rows, labels] = loo
    return cosines.max(axis=1).astype(np.float32)
