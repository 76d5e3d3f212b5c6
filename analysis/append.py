"""``extend(stored, articles) -> Analysis``: a stored analysis grown by new articles, analysing only those.

A newsroom's archive or a monitoring feed grows every day; re-analysing 8,000 articles for 500 new ones
would cost the whole build each time and, worse, refit the topics — renumbering what old shared links
point at.  So:

1. **Per-article work for the new articles only** (the same partition functions as a build,
   :mod:`analysis.partition`, on the same runner): sentences, tone, mentions, quotes, tokens.
2. **Names across the grown corpus**: lone surnames are linked again over every mention, old and new
   (a new "Jane Doe" may be who an old lone "Doe" was); the sentiment toward entities is scored for the
   new articles and re-scored only for old articles whose entity rows changed.
3. **Terms on the stored vocabulary** (:func:`analysis.text.terms.count_on_vocabulary`): new rows line up
   with the stored counts; new articles get their keywords against the grown corpus's document
   frequencies, and the corpus's keywords are recomputed (old articles keep theirs).
4. **Topics applied, not refitted** (:mod:`analysis.themes.growth`): new articles are placed in the stored
   topics, whose ids, labels, terms and colours stay; a refit happens on request or when the fit has
   drifted, and then carries over the ids of the topics that are still there.

Stories are regrouped by the caller (:func:`analysis.ingest.corpus.merge_corpora`), so a new copy of a
known story joins it; ``articles`` is the merged corpus, old articles first.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.config import ENGINE, AnalysisConfig, EngineConfig
from analysis.engine import LocalProcesses, Runner, local_runner
from analysis.ingest.furniture import AnalysedTexts
from analysis.memory import give_back
from analysis.pipeline import FOUND_QUOTES, STAGES, _partitions, _Run, _stance, _voices
from analysis.progress import Progress
from analysis.result import FRAMES, IN_ARTICLE, Analysis
from analysis.store import check_appendable, new_articles, with_articles
from analysis.tables import concat_rows
from analysis.text.terms import TermMatrix, count_on_vocabulary
from analysis.themes import growth
from analysis.themes.keyness import corpus_keywords
from analysis.themes.keywords import article_keywords
from analysis.themes.topics import fit_topics
from analysis.voices.batch import link_names

_ENTITY_KEY = ["doc_id", "sent_id", "start", "end", "mention", "entity", "type"]


def _entity_digest(entities: pd.DataFrame) -> pd.Series:
    """One number per article summing its entity rows, to tell whose rows the name linking changed."""
    if entities.empty:
        return pd.Series(dtype=np.uint64)
    columns = [c for c in _ENTITY_KEY if c in entities]
    hashed = pd.util.hash_pandas_object(entities[columns], index=False)
    return hashed.groupby(entities["doc_id"].to_numpy()).sum()


def _ordered(frame: pd.DataFrame, position: pd.Series) -> pd.DataFrame:
    """Rows in article order (stable within an article), so the store's parts follow the partitions."""
    if frame.empty:
        return frame.reset_index(drop=True)
    order = np.argsort(frame["doc_id"].map(position).to_numpy(np.int64), kind="stable")
    return frame.iloc[order].reset_index(drop=True)


def extend(
    stored: Analysis,
    articles: pd.DataFrame,
    progress: Progress | None = None,
    engine: EngineConfig = ENGINE,
    runner: Runner | None = None,
    refit: bool = False,
    own: bool = False,
) -> Analysis:
    """``stored`` grown by the rows of ``articles`` it does not hold (see the module docstring).

    ``articles``: the whole grown corpus as loaded (old articles with their current metadata and story
    ids); ``refit``: fit the topics again over the grown corpus, keeping the ids of topics still there.
    ``own``: ``stored`` is the caller's own copy, read for this growth and of no use after it — its tables
    are let go as their grown versions are made (``stored`` is left without frames), so the old and the
    grown copy of each large table are held together one table at a time, not all at once.
    """
    check_appendable(stored, articles)
    start = time.perf_counter()
    config = AnalysisConfig.from_dict(stored.meta["settings"])
    old = with_articles(stored, articles)
    fresh = new_articles(stored, articles)
    if fresh.empty and not refit:
        return old.replaced(old.frames, {**old.meta, "append": {"articles_added": 0}})
    # Tables whose stored rows come first, unchanged: a save next to the store links its parts.
    prefix = {name: len(old.frames[name]) for name in ("sentences", "mentions", "keywords", "term_counts", "doc_topics")
              if name in old.frames}  # fmt: skip
    if own:
        stored.frames.clear()  # from here on `old.frames` holds the only reference, popped as each is replaced
    chars = int(fresh["text"].str.len().sum())
    if runner is None and chars > engine.parallel_chars // 5:
        # A batch of new articles is usually less than one build partition: cut it so every core has one.
        engine = replace(engine, partition_articles=max(50, math.ceil(len(fresh) / engine.n_jobs)))
        runner = LocalProcesses(engine.n_jobs)
    run = _Run(fresh, config, None, engine, progress)
    runner = runner or local_runner(chars, engine)
    parts = _partitions(run)
    run.analysed = run.texts()
    voices, _ = _voices(run, runner, parts, pd.Index([]))  # the new articles' sentences, mentions, quotes: held
    run.wall["new articles read"] = round(time.perf_counter() - start, 3)
    frames = old.frames  # the large tables are popped where their grown versions are made
    n_old = len(frames["articles"])

    # Names across the grown corpus: every mention, old and new, linked again.
    sentences = concat_rows([frames.pop("sentences"), run.tables.frames["sentences"]])
    mentions = concat_rows([frames.pop("mentions"), run.tables.frames["mentions"]])
    quoted = frames.pop("quotes")
    found = concat_rows(
        [quoted.assign(speaker=quoted[IN_ARTICLE]).drop(columns=IN_ARTICLE), run.tables.frames.pop(FOUND_QUOTES)]
    )
    del quoted
    t = time.perf_counter()
    entities, quotes = link_names(mentions, found)
    quotes[IN_ARTICLE] = found["speaker"].to_numpy()
    run.wall["names linked"] = round(time.perf_counter() - t, 3)
    grown = pd.concat([frames["articles"], run.articles], ignore_index=True)  # the new ones with their tone
    position = pd.Series(np.arange(len(grown), dtype=np.int64), index=grown["doc_id"].to_numpy())
    run.wall[STAGES[0]] = round(time.perf_counter() - start, 3)

    # Sentiment toward entities: new articles, and old ones whose entity rows the linking changed.
    before, after = (
        _entity_digest(frames.pop("entities")),
        _entity_digest(entities[entities["doc_id"].isin(frames["articles"]["doc_id"])]),
    )
    changed = sorted(
        set(before.index).symmetric_difference(after.index) | set(after.index[after.ne(before.reindex(after.index))])
    )
    rescored = pd.concat([frames["articles"][frames["articles"]["doc_id"].isin(changed)], fresh], ignore_index=True)
    columns = ["doc_id", "text", *(["furniture"] if "furniture" in rescored else [])]
    score = _Run(rescored[columns].reset_index(drop=True), config, None, engine, progress)
    score.analysed = score.texts()
    wanted = set(score.articles["doc_id"])
    score.tables.put("entities", entities[entities["doc_id"].isin(wanted)])
    score.tables.put("sentences", sentences[sentences["doc_id"].isin(wanted)])
    _stance(score, runner, _partitions(score), {})
    run.wall[STAGES[1]] = score.wall[STAGES[1]]
    scored = frames.pop("entity_sentiment")
    kept = scored[~scored["doc_id"].isin(wanted)]
    del scored
    entity_sentiment = _ordered(concat_rows([kept, score.tables.frames["entity_sentiment"]]), position)

    # Terms on the stored vocabulary, keywords against the grown corpus.
    t = time.perf_counter()
    vocabulary = frames["vocabulary"]
    tokens = [v.tokens for v in voices if v.tokens is not None]
    new_tm = count_on_vocabulary(run.analysed, vocabulary["term"].to_numpy(dtype=object), tokens=tokens)
    for part in voices:
        part.tokens = None
    old_counts = frames.pop("term_counts")
    stored_matrix = sparse.csr_matrix(
        (old_counts["count"].to_numpy(np.float32), (old_counts["row"].to_numpy(), old_counts["term_id"].to_numpy())),
        shape=(n_old, len(vocabulary)),
    )
    counts = sparse.vstack([stored_matrix, new_tm.counts], format="csr")
    del stored_matrix
    n_words = np.r_[np.zeros(n_old, dtype=np.int64), new_tm.n_words]  # old rows' words: in the stored total
    tm = TermMatrix(counts=counts, terms=new_tm.terms, n_words=n_words)
    total_words = float(stored.meta.get("term_words") or grown["n_words"].iloc[:n_old].sum()) + float(
        new_tm.n_words.sum()
    )
    new_rows = list(range(n_old, n_old + len(fresh)))
    keywords = concat_rows(
        [frames.pop("keywords"), article_keywords(tm, fresh["doc_id"].tolist(), config.top_keywords, rows=new_rows)]
    )
    new_counts = new_tm.counts.tocsr()
    term_counts = pd.DataFrame({
        "row": (np.repeat(np.arange(new_counts.shape[0]), np.diff(new_counts.indptr)) + n_old).astype(np.int32),
        "term_id": new_counts.indices.astype(np.int32),
        "count": new_counts.data.astype(np.float32),
    })  # fmt: skip
    term_counts = concat_rows([old_counts, term_counts])
    del old_counts
    run.wall[STAGES[2]] = round(time.perf_counter() - t, 3)
    corpus = corpus_keywords(tm, reference=vocabulary["reference"].to_numpy(np.float64), total_words=total_words)
    run.wall[STAGES[3]] = round(time.perf_counter() - t - run.wall[STAGES[2]], 3)

    # Topics: placed in the stored model unless asked (or drifted) to refit.
    t = time.perf_counter()
    state = stored.model("topic_model")
    state = state if set(state) >= growth.NEEDED else {}
    notes = dict(stored.meta.get("topics") or {})
    since_fit = int(notes.get("appended_since_fit", 0)) + len(fresh)
    topic_frames: dict[str, pd.DataFrame] = {}
    reasons: list[str] = []
    far_share = None
    if state and not refit and not frames["passages"].shape[0]:
        placed = growth.place(state, new_tm.counts, fresh["doc_id"].tolist(), frames["topics"], frames["themes"], n_old)
        far_share = placed.far_share
        reasons = growth.drift(state, since_fit, far_share)
        if not reasons:
            topic_frames = {"topics": placed.topics, "themes": placed.themes, "topic_terms": frames["topic_terms"],
                            "doc_topics": concat_rows([frames["doc_topics"], placed.doc_topics]),
                            "passages": frames["passages"]}  # fmt: skip
            notes["appended_since_fit"] = since_fit
    elif not state:
        reasons = ["the stored topics cannot place new articles (passages, NMF or LDA): they are fitted again"]
    how = "placed in the stored topics"
    if not topic_frames:
        sources = frozenset(grown["source"].dropna().astype(str).str.lower().unique())
        texts = [*AnalysedTexts(old.articles), *run.analysed] if len(grown) < 30 else []
        model = fit_topics(
            grown["doc_id"].tolist(), texts, config.topics, term_matrix=tm, engine=engine, banned=sources
        )
        before = (int(notes.get("topic_ids_handed_out", 0)), int(notes.get("theme_ids_handed_out", 0)))
        ever = growth.handed_out(frames["topics"], frames["themes"], before)
        handed = (ever["topic_ids_handed_out"], ever["theme_ids_handed_out"])
        model, ids_kept = growth.keep_ids(frames["topics"], frames["themes"], frames["doc_topics"], model, handed)
        topic_frames = {"topics": model.topics, "themes": model.themes, "topic_terms": model.topic_terms,
                        "doc_topics": model.doc_topics, "passages": model.passages}  # fmt: skip
        notes = {**model.quality, **ids_kept, "appended_since_fit": 0}
        state = model.state
        how = "refitted on request" if refit else "refitted: " + "; ".join(reasons)
    run.wall[STAGES[4]] = round(time.perf_counter() - t, 3)
    give_back()

    result = {
        **frames, "articles": grown, "sentences": sentences, "mentions": mentions, "entities": entities,
        "quotes": quotes, "entity_sentiment": entity_sentiment, "keywords": keywords, "corpus_keywords": corpus,
        "term_counts": term_counts, **topic_frames,
    }  # fmt: skip
    result = {name: result[name] for name in FRAMES if name in result}
    meta = {
        **stored.meta,
        "n_articles": len(grown),
        "term_words": int(total_words),
        "topics": notes,
        "frames": list(result),
        "append": {
            "articles_added": len(fresh),
            "articles_analysed": len(fresh),
            "entity_sentiment_rescored_articles": len(changed),
            "topics": how,
            "new_articles_far_from_topics": None if far_share is None else round(far_share, 4),
            "drift": reasons,
            "timings_s": {**run.wall, "total": round(time.perf_counter() - start, 3)},
        },
    }
    meta.pop("store", None)
    if progress:
        progress("done", 1, 1)
    models = {**stored.models, "topic_model": state} if state else dict(stored.models)
    grown_analysis = Analysis(frames=result, meta=meta, models=models)
    appended_only = ["sentences", "mentions", "keywords", "term_counts"]
    if how == "placed in the stored topics":
        appended_only.append("doc_topics")
    grown_analysis.__dict__["stored_prefix"] = {name: prefix[name] for name in appended_only}
    return grown_analysis
