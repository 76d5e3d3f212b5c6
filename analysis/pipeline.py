"""``analyze(articles) -> Analysis``: two passes over partitions of articles, the corpus-level fits between.

1. **Opening**, per partition (:func:`analysis.partition.read_tone`, on both cores): sentences and their
   VADER tone, and the tokens of the term counts.  The articles' tone is made from it.
2. **Terms, keywords, topics** from the partitions' tokens: the term counts, TF-IDF keywords per article,
   keyness of the corpus, and the topic model.  What the Overview draws is now final, and ``ready`` (if
   given) gets it, so a dashboard can draw that page while the rest is found.
3. **Voices**, per partition (:func:`analysis.partition.read_voices`): the sentences split again (the same
   way; their tone is passed back in, not scored again), the mentions and quotes of each article with the
   names merged within it, and each sentence's share in quotation marks (the reporter's tone apart from
   the quoted).  The mentions and each quote's in-article speaker are stored as found, so a later
   analysis that reuses them links them afresh over its own corpus.
4. **Names** across the corpus (:func:`analysis.voices.entities.corpus_names`): a lone surname becomes the
   full name the corpus uses, in the entities and the quotes' speakers alike.
5. **Stance**, per partition again (:func:`analysis.partition.score_stance`): the sentiment toward every
   entity in every sentence that names it — in the workers, after the corpus fits (beside them, its
   tasks' texts and frames in this process stood on top of the fits' peak).

Each per-article table goes to ``run.tables`` as soon as it is final (:mod:`analysis.tables`): held, or —
for an analysis that will be saved (``out=``) — written to the store's folder, sentences and mentions as
each partition comes back from the second pass, entities and quotes a partition at a time once the names
are merged, entity sentiment as each partition is scored.  So the process holds the tables of no more
than a partition or two at a time, plus the corpus-wide pieces: the tokens until they are counted, each
sentence's tone from the first pass until the second takes it (16 bytes a sentence), the names (entity
and type of every mention) and the quotes as found until the names are merged, the articles, and the
term counts.  Where the tasks go to worker processes of this machine, each partition's texts are
written once to the build's folder and read there (:mod:`analysis.shared_texts`), not sent in each of
its three tasks.

``progress(stage, done, total)`` is called as work completes (partitions of a stage, or whole stages);
the stages' wall and CPU seconds land in ``meta["timings_s"]`` and ``meta["cpu_s"]``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.config import ENGINE, AnalysisConfig, EngineConfig
from analysis.engine import Runner, Tasks, local_runner
from analysis.ingest.furniture import AnalysedTexts
from analysis.keys import code_version, library_versions
from analysis.memory import bounded_heap, give_back, trim_heap
from analysis.partition import Opening, Voices, read_tone, read_voices, score_stance
from analysis.progress import Progress
from analysis.result import FRAMES, IN_ARTICLE, PARTITIONED, REUSED, Analysis
from analysis.shared_texts import TextFiles, TextsFile
from analysis.tables import HeldTables, Tables, WrittenTables
from analysis.text.terms import TermMatrix, Tokens, build_term_matrix, term_count_frames
from analysis.themes.keyness import corpus_keywords
from analysis.themes.keywords import article_keywords
from analysis.themes.topics import fit_topics, term_min_df
from analysis.voices.batch import link_speakers
from analysis.voices.entities import corpus_names, link_corpus, name_counts
from analysis.voices.tone import TONE_COLUMNS, article_tone

_EMPTY = pd.DataFrame()
#: The quotes as each partition found them (speakers named within the article), kept in the tables from
#: the per-article stage until the corpus's names are merged, then let go.  Where the tables are written
#: (``analyze(out=…)``, as the CLI builds) that is about 150 MB at 37,554 articles (their text) the process
#: no longer holds through that stage; where they are held (a build reusing a stored analysis, a grown
#: corpus), they are held as one frame instead of one per partition.
FOUND_QUOTES = "quotes_found"
#: The build's folder (``out``) of the partitions' texts written for the workers (:mod:`analysis.shared_texts`).
TEXTS_FOLDER = ".texts"
#: The stages as progress reports them (the partitioned ones count partitions); a build runs them in the
#: order of :data:`analysis.progress.WEIGHTS`.  (:mod:`analysis.append` grows a store with the first five:
#: its one pass over the new articles finds their tone, entities and quotes at once.)
STAGES = ("entities, quotes", "entity sentiment", "terms", "keywords", "topics", "sentences, tone, tokens")
#: What ``ready`` (:func:`analyze`) gets, after the first pass and the corpus fits: the articles with their
#: tone, keywords, topics and term counts final, and these tables still empty.
PENDING = ("sentences", "entities", "entity_sentiment", "quotes", "mentions")


@dataclass
class _Run:
    """One analysis as it goes: the articles, what is reused, the frames so far, timings."""

    articles: pd.DataFrame
    config: AnalysisConfig
    previous: Analysis | None
    engine: EngineConfig
    progress: Progress | None
    #: The tables as they are finished: held, or written to the store's folder (``analyze(out=…)``).
    tables: Tables = field(default_factory=HeldTables)
    notes: dict[str, object] = field(default_factory=dict)
    wall: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    models: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    analysed: Sequence[str] = ()
    #: Where the partitions' texts are written for the workers to read (:mod:`analysis.shared_texts`),
    #: or None: each task carries its texts.
    text_files: TextFiles | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    owner: int = field(default_factory=threading.get_ident)
    pending: list[tuple[str, int, int]] = field(default_factory=list)

    def report(self, stage: str, done: int, total: int) -> None:
        """Pass progress on — from the caller's thread only (a dashboard can draw only from there): what
        another thread reports (a runner's callback) waits until the caller's thread reports or
        :meth:`flush` runs."""
        if not self.progress:
            return
        if threading.get_ident() != self.owner:
            with self.lock:
                self.pending.append((stage, done, total))
            return
        self.flush()
        self.progress(stage, done, total)

    def flush(self) -> None:
        with self.lock:
            waiting, self.pending = self.pending, []
        for item in waiting:
            self.progress(*item)

    def reusable(self) -> pd.Index:
        """Articles whose per-article tables the ``previous`` analysis holds: the same id *and* the same
        text (the id folds case and white space, which the entity rules read), from a store that kept the
        mentions as found (so that they are linked over this corpus, not the old one)."""
        previous = self.previous
        if previous is None or not {"articles", *REUSED} <= previous.frames.keys():
            return pd.Index([])
        columns = [c for c in ("doc_id", "text", "furniture") if c in self.articles and c in previous.articles]
        old = previous.frames["articles"][columns]
        both = self.articles[columns].merge(old, on="doc_id", suffixes=("", "_old"))
        same = np.logical_and.reduce([both[c] == both[f"{c}_old"] for c in columns if c != "doc_id"])
        return pd.Index(both.loc[same, "doc_id"])

    @cached_property
    def chars(self) -> int:
        """The articles' text, in characters: whether freed memory is worth giving back (:func:`give_back`)."""
        return int(self.articles["text"].str.len().sum())

    def texts(self) -> AnalysedTexts:
        """The articles' text as the stages read it (:class:`~analysis.ingest.furniture.AnalysedTexts`)."""
        return AnalysedTexts(self.articles)

    def task_texts(self, parts: list[slice], i: int) -> Sequence[str] | TextsFile:
        """What a task of partition ``i`` is given of its texts: the texts, or the file that holds them."""
        return self.text_files[i] if self.text_files is not None else self.analysed[parts[i]]


def _partitions(run: _Run) -> list[slice]:
    step, n = run.engine.partition_articles, len(run.articles)
    return [slice(i, min(i + step, n)) for i in range(0, n, step)] or [slice(0, 0)]  # an empty corpus: one


@dataclass
class _Piece:
    """What the process keeps of one partition's phase one until the names are merged: its articles and
    the tokens (the sentences, mentions and quotes as found went to the tables as it came back; ``quotes``
    holds only the reused articles' quotes, which are rows of the stored analysis)."""

    doc_ids: list[str]
    quotes: pd.DataFrame | None
    tokens: Tokens | None
    tone: np.ndarray | None = None  # pass one's sentence tone, until pass two takes it


def _opening(run: _Run, runner: Runner, parts: list[slice], known: pd.Index) -> list[_Piece]:
    """Pass one on every partition (:func:`~analysis.partition.read_tone`): the articles' tone (all but its
    split into reporter's and quoted, which needs the quotes) and every article's tokens.  Each
    partition's sentence tone is kept as a small array for pass two, which splits the sentences again."""
    doc_ids = run.articles["doc_id"].tolist()
    reused = set(known) if len(known) else None
    tone: list[pd.DataFrame] = []

    def kept(i: int, part: Opening) -> _Piece:
        for name, seconds in part.cpu_seconds.items():
            run.cpu[name] = run.cpu.get(name, 0.0) + seconds
        tone.append(article_tone(part.sentences.assign(quoted=False)))
        scores = part.sentences[list(TONE_COLUMNS)].to_numpy(np.float32)
        return _Piece([], _EMPTY, part.tokens, scores)

    tasks = Tasks(len(parts), lambda i: (doc_ids[parts[i]], run.task_texts(parts, i), reused))
    run.report(STAGES[5], 0, len(tasks))
    pieces = runner.map(read_tone, tasks, lambda n: run.report(STAGES[5], n, len(tasks)), keep=kept)
    if len(known):
        old = run.previous.frames["sentences"]
        tone.append(article_tone(old[old["doc_id"].isin(known)].assign(quoted=False)))
    # The reporter's and the quoted tone wait for the quotes (pass two): missing, not the whole article's.
    preliminary = pd.concat(tone, ignore_index=True).drop(columns=["tone_reporter", "tone_quoted"])
    run.articles = _with_tone(run.articles, preliminary)
    return pieces


def _voices(
    run: _Run, runner: Runner, parts: list[slice], known: pd.Index, opening: list[_Piece] | None = None
) -> tuple[list[_Piece], pd.DataFrame]:
    """Phase one on every partition; articles analysed before (``known``) keep their rows, which come last.
    ``opening``: pass one's pieces, whose sentence tone is passed on (pass two then scores no tone and
    makes no tokens); without it, one pass does it all (:mod:`analysis.append`).

    Each partition's sentences, mentions and quotes as found (:data:`FOUND_QUOTES`, until names are merged)
    go to the tables as it comes back; its articles' tone and its names' mention counts
    (:func:`~analysis.voices.entities.name_counts`: all that merging names across the corpus reads) are
    kept here.  Returns the pieces and the counts."""
    doc_ids = run.articles["doc_id"].tolist()
    reused = set(known) if len(known) else None
    tone: list[pd.DataFrame] = []
    names: list[pd.DataFrame] = []

    def kept(i: int, part: Voices) -> _Piece:
        for name, seconds in part.cpu_seconds.items():
            run.cpu[name] = run.cpu.get(name, 0.0) + seconds
        tone.append(article_tone(part.sentences))
        run.tables.add("sentences", i, part.sentences)
        run.tables.add("mentions", i, part.entities)
        names.append(name_counts(part.entities))
        if i == len(parts):  # the reused articles' rows, in their stored order (their quotes: held already)
            return _Piece(pd.unique(part.entities["doc_id"]).tolist(), part.quotes, part.tokens)
        if opening is not None:
            opening[i].tone = None  # passed on: let go
        run.tables.add(FOUND_QUOTES, i, part.quotes)  # until names are merged (_linked): not held here
        # The partition's articles analysed here (its reused ones are the last piece's).
        ids = [d for d in doc_ids[parts[i]] if reused is None or d not in reused]
        return _Piece(ids, None, part.tokens)

    def task(i: int) -> tuple:
        if opening is None:
            return doc_ids[parts[i]], run.task_texts(parts, i), reused
        return doc_ids[parts[i]], run.task_texts(parts, i), reused, opening[i].tone

    tasks = Tasks(len(parts), task)
    run.report(STAGES[0], 0, len(tasks))
    pieces = runner.map(read_voices, tasks, lambda n: run.report(STAGES[0], n, len(tasks)), keep=kept)
    if len(known):
        old = run.previous.frames
        sentences, mentions, quotes = (old[name][old[name]["doc_id"].isin(known)] for name in REUSED)
        quotes = quotes.assign(speaker=quotes[IN_ARTICLE]).drop(columns=IN_ARTICLE)
        pieces.append(kept(len(parts), Voices(sentences, mentions, quotes, tokens=None)))
        run.notes["sentences_reused_for_articles"] = len(known)
    run.tables.finish("sentences")
    run.tables.finish("mentions")
    run.tables.finish(FOUND_QUOTES)
    run.articles = _with_tone(run.articles, pd.concat(tone, ignore_index=True))
    return pieces, name_counts(pd.concat(names, ignore_index=True))


def _linked(run: _Run, pieces: list[_Piece], names: pd.DataFrame) -> dict[str, int]:
    """Names merged across the corpus (:func:`~analysis.voices.entities.corpus_names` of every partition's
    names), then applied a partition at a time: its mentions read back from the tables become its
    entities, and its quotes' speakers are merged likewise.  Returns what the stance stage will score."""
    mapping = corpus_names(names)
    entity_sentences, entity_names = 0, set()
    for i, piece in enumerate(pieces):
        mentions = run.tables.partition("mentions", i, piece.doc_ids)
        entities = link_corpus(mentions, mapping)
        found = piece.quotes if piece.quotes is not None else run.tables.partition(FOUND_QUOTES, i, piece.doc_ids)
        quotes = link_speakers(found, mentions, mapping)
        quotes[IN_ARTICLE] = found["speaker"].to_numpy()
        run.tables.add("entities", i, entities)
        run.tables.add("quotes", i, quotes)
        # Partitions hold whole articles, so no (article, sentence, entity) is in two of them.
        entity_sentences += len(entities.drop_duplicates(["doc_id", "sent_id", "entity"]))
        entity_names.update(entities["entity"].unique().tolist())
        piece.quotes = _EMPTY
    run.tables.finish("entities")
    run.tables.finish("quotes")
    run.tables.discard(FOUND_QUOTES)
    return {"entity_sentences": entity_sentences, "entities": len(entity_names)}


def _with_tone(articles: pd.DataFrame, tone: pd.DataFrame) -> pd.DataFrame:
    """The articles with their tone columns (missing for an article without sentences; replaced where
    they are there already) — added as columns, where a merge would copy the articles' text."""
    by_article = tone.set_index("doc_id").reindex(articles["doc_id"].to_numpy())
    return articles.assign(**{c: by_article[c].to_numpy() for c in by_article.columns})


def _stance(run: _Run, runner: Runner, parts: list[slice], counted: dict[str, int]) -> None:
    """Phase two: entity sentiment per partition, with the names merged across the corpus; each
    partition reads its entities and sentences from the tables (held, or the store's part files) and its
    result goes to the tables as it comes back, in partition order."""
    start = time.perf_counter()
    doc_ids, tables = run.articles["doc_id"].tolist(), run.tables
    # Workers that see this machine's files read their partition's rows themselves.
    rows = tables.reference if getattr(runner, "shares_files", False) else tables.partition

    def task(i: int) -> tuple:
        ids = doc_ids[parts[i]]
        return rows("entities", i, ids), rows("sentences", i, ids), ids, run.task_texts(parts, i)

    def kept(i: int, result: tuple[pd.DataFrame, float]) -> float:
        tables.add("entity_sentiment", i, result[0])
        # Malloc keeps what each partition's task and scores freed (its texts as Python strings, the scores
        # unpickled: in this thread's arena): at 37,554 articles about 220 MB stayed resident after the
        # stage, under the term counts' peak, until the next stage's trim. Trimmed (every arena, under
        # glibc's locks) as each partition is written.
        trim_heap()
        return result[1]

    tasks = Tasks(len(parts), task)
    run.report(STAGES[1], 0, len(tasks))
    seconds = runner.map(score_stance, tasks, lambda n: run.report(STAGES[1], n, len(tasks)), keep=kept)
    scored = tables.finish("entity_sentiment")
    run.cpu[STAGES[1]] = sum(seconds)
    run.wall[STAGES[1]] = round(time.perf_counter() - start, 3)
    run.notes["entity_sentiment"] = {
        "targets_scored": scored,
        **counted,
        "targets_per_cpu_s": round(scored / max(run.cpu[STAGES[1]], 1e-9)),
    }


def _timed(run: _Run, name: str, work: Callable[[], None]) -> None:
    start, cpu = time.perf_counter(), time.process_time()
    work()
    give_back(run.chars)  # each corpus stage's scratch arrays, before the next one's land on top of them
    run.wall[name] = round(time.perf_counter() - start, 3)
    run.cpu[name] = run.cpu.get(name, 0.0) + time.process_time() - cpu
    run.report(name, 1, 1)


def _corpus_fits(run: _Run, voices: list[_Piece]) -> None:
    """Terms, keywords and topics from the partitions' tokens (in this process, before stance runs)."""
    texts = run.analysed
    holder: dict[str, TermMatrix] = {}

    def taken() -> Iterator[Tokens]:
        """Each partition's tokens, let go by the partition as they are merged (counted once, never read
        again): the merged ids and every partition's codes are not held at once (+160 MB at 37,554)."""
        for part in voices:
            tokens, part.tokens = part.tokens, None
            if tokens is not None:
                yield tokens

    def terms() -> None:
        count = sum(v.tokens.codes.size for v in voices if v.tokens is not None)
        holder["tm"] = build_term_matrix(
            texts, min_df=1 if len(texts) < 10 else term_min_df(len(texts)), tokens=taken(), engine=run.engine,
            token_count=count,
        )  # fmt: skip

    def keywords() -> None:
        tm = holder["tm"]
        run.tables.put("keywords", article_keywords(tm, run.articles["doc_id"].tolist(), run.config.top_keywords))
        run.tables.put("corpus_keywords", corpus_keywords(tm))
        # Kept so the dashboard can rank keywords for any filtered slice and contrast two slices without
        # tokenizing the texts again (see analysis.explore.slices).
        for name, frame in term_count_frames(holder["tm"]).items():
            run.tables.put(name, frame)
        run.notes["term_words"] = int(holder["tm"].n_words.sum())  # what a grown store's keyness is against

    def topics() -> None:
        sources = frozenset(run.articles["source"].dropna().astype(str).str.lower().unique())
        model = fit_topics(
            run.articles["doc_id"].tolist(), texts, run.config.topics, term_matrix=holder["tm"], engine=run.engine,
            banned=sources,
        )  # fmt: skip
        for name in ("themes", "topics", "topic_terms", "doc_topics", "passages"):
            run.tables.put(name, getattr(model, name))
        run.notes["topics"] = model.quality
        run.models["topic_model"] = model.state

    for name, work in zip(STAGES[2:5], (terms, keywords, topics), strict=True):
        _timed(run, name, work)


def analyze(
    articles: pd.DataFrame,
    config: AnalysisConfig | None = None,
    progress: Progress | None = None,
    previous: Analysis | None = None,
    engine: EngineConfig = ENGINE,
    runner: Runner | None = None,
    out: str | Path | None = None,
    ready: Callable[[Analysis], None] | None = None,
) -> Analysis:
    """Analyse an ``articles`` frame (as :func:`analysis.ingest.corpus.load_corpus` makes it).

    ``previous``: an earlier analysis whose per-article work may be reused (topics are always refitted);
    ``runner``: where the partitions run (default: both cores for a corpus worth it, else this process);
    ``out``: a fresh folder beside where the analysis will be saved (:meth:`Analysis.save` moves the
    tables into the store): the per-article tables are written there as each is finished rather than
    held (:class:`~analysis.tables.WrittenTables`), and the analysis returned holds only the small ones —
    so a store of any size is built with the memory of its corpus-level fits.  ``out`` must not hold a
    store already (a failed analysis would leave it half replaced).  Articles reused from ``previous``
    come last, out of partition order: such an analysis holds its tables whatever ``out`` is.

    ``ready``: called once, as soon as the articles' tone, the keywords, the topics and the term counts are
    final — after the first pass and the corpus fits, before the entities and quotes are looked for (about
    a third of the way) — with an analysis that holds them and empty :data:`PENDING` tables
    (``meta["preview"]`` is true): what a page that needs no entities or quotes can draw meanwhile.
    """
    if out is not None and (Path(out) / "meta.json").exists():
        raise ValueError(f"{out} holds a store already: analyse into a fresh folder, then save it there")
    with bounded_heap():
        return _analysed(articles, config, progress, previous, engine, runner, out, ready)


def _analysed(
    articles: pd.DataFrame,
    config: AnalysisConfig | None,
    progress: Progress | None,
    previous: Analysis | None,
    engine: EngineConfig,
    runner: Runner | None,
    out: str | Path | None,
    ready: Callable[[Analysis], None] | None = None,
) -> Analysis:
    """:func:`analyze`'s work, with its arguments checked, under a bounded heap."""
    run = _Run(articles.reset_index(drop=True), config or AnalysisConfig(), previous, engine, progress)
    runner = runner or local_runner(run.chars, engine)
    give_back(run.chars)  # what loading the corpus freed
    parts = _partitions(run)
    known = run.reusable()
    if out is not None and not len(known):
        run.tables = WrittenTables(Path(out), run.articles["doc_id"], engine.partition_articles, PARTITIONED)
    run.analysed = run.texts()
    if out is not None and len(parts) > 1 and _reads_files(runner):
        # Each partition's texts are written once for the workers to read, not sent in each of its three
        # tasks (held in this process while they wait and travel: its peak at 8,000 articles was there).
        run.text_files = TextFiles(Path(out) / TEXTS_FOLDER, run.analysed, parts)
    try:
        return _passes(run, runner, parts, known, ready)
    finally:
        if run.text_files is not None:
            run.text_files.close()


def _reads_files(runner: Runner) -> bool:
    """Whether ``runner``'s tasks leave this process for workers that see its files."""
    return bool(getattr(runner, "shares_files", False) and getattr(runner, "copies_tasks", False))


def _passes(
    run: _Run, runner: Runner, parts: list[slice], known: pd.Index, ready: Callable[[Analysis], None] | None
) -> Analysis:
    """The passes and fits of :func:`_analysed`, the run set up."""
    progress = run.progress
    # Two passes over the partitions, the corpus fits between them: what the Overview draws (tone,
    # keywords, topics) is final after the first, cheap pass — a third of the way, not at the end.  The
    # price is the sentence split made twice (about 3 % of the build's CPU time at 8,000 articles).
    start = time.perf_counter()
    opening = _opening(run, runner, parts, known)
    run.wall[STAGES[5]] = round(time.perf_counter() - start, 3)
    give_back(run.chars)
    _corpus_fits(run, opening)
    if ready is not None:
        run.flush()
        ready(_preview(run, len(parts)))
    start = time.perf_counter()
    voices, names = _voices(run, runner, parts, known, opening)
    del opening
    give_back(run.chars)
    counted = _linked(run, voices, names)
    del names, voices
    give_back(run.chars)
    run.wall[STAGES[0]] = round(time.perf_counter() - start, 3)
    # Entity sentiment after the corpus fits, not beside them in a thread: its tasks' texts and frames in
    # this process stood on top of the term counts' and the topic fit's peaks (8,000 articles: a peak of
    # 655 MB beside them, 588 MB after them, for about 4 s more of wall-clock time).
    _stance(run, runner, parts, counted)
    run.flush()  # what a runner reported from another thread
    if progress:
        progress("done", 1, 1)
    frames = {"articles": run.articles, **run.tables.frames}
    frames = {name: frames[name] for name in FRAMES if name in frames}
    written = dict(run.tables.written)
    analysis = Analysis(frames=frames, meta=_meta(run, len(parts), frames, written), models=_models(run))
    analysis.written.update(written)
    return analysis


def _models(run: _Run) -> dict[str, dict[str, np.ndarray]]:
    return {k: v for k, v in run.models.items() if v}


def _meta(run: _Run, partitions: int, frames: dict[str, pd.DataFrame], written: dict[str, Path]) -> dict:
    return {
        "analysis_version": code_version(),
        "settings": run.config.to_dict(),
        "timings_s": run.wall,
        "cpu_s": {name: round(seconds, 3) for name, seconds in run.cpu.items()},
        "n_articles": len(run.articles),
        "partitions": partitions,
        "partition_articles": run.engine.partition_articles,  # which articles were one partition: the parts
        "library_versions": library_versions(),
        "frames": [name for name in FRAMES if name in frames or name in written],
        **run.notes,
    }


def _empty_pending() -> dict[str, pd.DataFrame]:
    """The :data:`PENDING` tables with no rows, in their columns and types."""
    from analysis.stance.score import ENTITY_SENTIMENT_COLUMNS
    from analysis.text.sentences import sentence_frame
    from analysis.voices.entities import entity_table
    from analysis.voices.quotes import quote_table

    sentences = sentence_frame([], []).assign(**{c: np.zeros(0, np.float32) for c in TONE_COLUMNS})
    return {
        "sentences": sentences.assign(quoted=np.zeros(0, bool)),
        "entities": entity_table([]),
        "entity_sentiment": pd.DataFrame(columns=ENTITY_SENTIMENT_COLUMNS),
        "quotes": quote_table([]).assign(**{IN_ARTICLE: pd.Series([], dtype="str")}),
        "mentions": entity_table([]),
    }


def _preview(run: _Run, partitions: int) -> Analysis:
    """What ``ready`` gets: the articles with their tone and the corpus fits' tables — read back where the
    build wrote them (keywords, topic shares, term counts: tens of MB at 8,000 articles) — and the
    :data:`PENDING` tables empty."""
    frames: dict[str, pd.DataFrame] = {"articles": run.articles, **run.tables.frames, **_empty_pending()}
    for name, folder in run.tables.written.items():
        if name not in PENDING:
            frames[name] = pd.read_parquet(folder)
    frames = {name: frames[name] for name in FRAMES if name in frames}
    meta = {**_meta(run, partitions, frames, {}), "preview": True}
    return Analysis(frames=frames, meta=meta, models=_models(run))
