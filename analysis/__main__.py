"""Command line: ``python -m analysis build SOURCE --out DIR`` (or ``--into STORE`` to grow one), ``evaluate``,
``train-sentiment`` and ``train-voices``."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from analysis.config import AnalysisConfig, TopicConfig
from analysis.engine import DaskRunner, EngineUnavailable
from analysis.ingest.corpus import load_corpus
from analysis.memory import bounded_heap
from analysis.pipeline import analyze
from analysis.progress import GROW_WEIGHTS, LOAD_WEIGHTS, Tracker, describe_eta


class _ProgressBar:
    """The build's overall progress on stderr: a bar, the share done, the stage, and the time left."""

    def __init__(self, weights: dict[str, float] | None = None) -> None:
        self.tracker = Tracker(weights)

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.tracker.update(stage, done, total)
        width = 30
        fraction = self.tracker.fraction
        filled = int(width * fraction)
        left = describe_eta(self.tracker.eta()) if stage != "done" else ""
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {fraction:4.0%} {stage:<24} {left:<20}")
        if stage == "done":
            sys.stderr.write("\n")
        sys.stderr.flush()


def _runner(args: argparse.Namespace) -> DaskRunner | None:
    """The engine asked for: None for the local one (the pipeline picks this machine's cores or this
    process), a connected :class:`DaskRunner` for ``--engine dask`` — connected now, so that a missing
    dask or an unreachable scheduler raises :class:`EngineUnavailable` before the corpus is loaded."""
    if args.engine != "dask":
        return None
    runner = DaskRunner(scheduler=args.scheduler)
    try:
        runner.client  # noqa: B018 — connects, or starts the local cluster
    except BaseException:
        runner.close()
        raise
    return runner


def build(args: argparse.Namespace) -> int:
    if not Path(args.source).exists():
        sys.stderr.write(f"{args.source} does not exist\n")
        return 2
    if args.into:
        return append(args)
    start = time.perf_counter()
    try:
        runner = _runner(args)  # before loading: a missing engine fails at once, not after the load
    except EngineUnavailable as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    sys.stderr.write(f"loading {args.source} …\n")
    with bounded_heap():  # the load's arrays leave the process when freed, before the analysis lands on top
        corpus = load_corpus(args.source, progress=_ProgressBar(LOAD_WEIGHTS))
    load_seconds = time.perf_counter() - start
    summary = corpus.summary()
    sys.stderr.write(
        f"{summary['articles']:,} articles ({summary['rejected']:,} rejected, "
        f"{summary['duplicate']:,} duplicates) in {load_seconds:.1f} s\n"
    )
    config = AnalysisConfig(topics=TopicConfig(n_topics=args.topics, method=args.method))
    out = Path(args.out).resolve()  # "." has no name to put the building folder beside
    # The per-article tables are written as they are finished (not held to the end) into a folder beside
    # the store, then moved into it: a failed build leaves a store already there as it was, table by table.
    building = out.with_name(f".{out.name}.building")
    shutil.rmtree(building, ignore_errors=True)
    try:
        if runner is None:
            result = analyze(corpus.articles, config, progress=_ProgressBar(), out=building)
        else:
            with runner:  # a cluster the runner started is shut down when the build ends, even on an error
                where = args.scheduler or "a local cluster (2 worker processes on 127.0.0.1)"
                sys.stderr.write(f"engine: dask on {where}\n")
                result = analyze(corpus.articles, config, progress=_ProgressBar(), runner=runner, out=building)
        report = {"source": str(args.source), "load": {**summary, "seconds": round(load_seconds, 3)}}
        _write(out, result, corpus, report)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    sys.stderr.write(f"wrote {', '.join(result.meta['frames'])} to {out}/ in {time.perf_counter() - start:.1f} s\n")
    return 0


def _write(out: Path, result, corpus, report: dict[str, object], reuse: Path | None = None) -> None:
    """A store: the analysis's frames and models, the load report, the stories, the furniture, report.json
    (``reuse``: the store it grew from, whose unchanged part files are linked, not written again)."""
    result.save(out, reuse=reuse)
    corpus.report.to_parquet(out / "load_report.parquet", index=False)
    corpus.stories.to_parquet(out / "stories.parquet", index=False)
    corpus.furniture.to_parquet(out / "furniture.parquet", index=False)
    (out / "report.json").write_text(json.dumps({**report, **result.meta}, indent=2, default=str))


def append(args: argparse.Namespace) -> int:
    """``build NEW --into STORE``: the store grown by the articles of NEW it does not hold, analysing only
    those (:mod:`analysis.append`), written to a new folder that then takes the store's place — so a
    failed append leaves the store as it was."""

    from analysis.append import extend
    from analysis.ingest.merging import join_corpora, regroup_stories
    from analysis.store import CannotAppend, is_built, new_articles, open_built

    start = time.perf_counter()
    store = Path(args.into)
    retired = store.with_name(f".{store.name}.previous")
    if not store.exists() and is_built(retired):
        sys.stderr.write(f"an earlier append to {store} was interrupted: its last complete version is {retired}\n")
        return 2
    if not is_built(store):
        sys.stderr.write(f"{store} is not a store written by `python -m analysis build … --out`\n")
        return 2
    try:
        runner = _runner(args)
    except EngineUnavailable as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    base, stored = open_built(store)
    sys.stderr.write(f"loading {args.source} …\n")
    extra = load_corpus(args.source, progress=_ProgressBar(LOAD_WEIGHTS))
    joined = join_corpora(base, extra)
    fresh = new_articles(stored, joined.articles)
    sys.stderr.write(f"{len(fresh):,} new articles for a store of {len(stored.articles):,}\n")
    if fresh.empty and not args.refit:
        sys.stderr.write(f"nothing to add: {store}/ is left as it was\n")
        return 0
    # No stage reads the story ids: they are regrouped over the grown corpus in a thread of this process
    # while the new articles are analysed (in worker processes, for a batch worth them).
    with ThreadPoolExecutor(1) as pool:
        regrouped = pool.submit(regroup_stories, joined)
        try:
            if runner is None:
                result = extend(
                    stored, joined.articles, progress=_ProgressBar(GROW_WEIGHTS), refit=args.refit, own=True
                )
            else:
                with runner:
                    result = extend(
                        stored,
                        joined.articles,
                        progress=_ProgressBar(GROW_WEIGHTS),
                        runner=runner,
                        refit=args.refit,
                        own=True,
                    )
        except CannotAppend as exc:
            sys.stderr.write(f"cannot append to {store}: {exc}\n")
            return 2
        corpus = regrouped.result()
    story_of = corpus.articles.set_index("doc_id")["story_id"]
    grown = result.articles.assign(story_id=result.articles["doc_id"].map(story_of).astype("str"))
    result = result.replaced({**result.frames, "articles": grown}, result.meta)
    previous = json.loads((store / "report.json").read_text()) if (store / "report.json").is_file() else {}
    sources = [*previous.get("sources", [previous.get("source")] if previous.get("source") else []), str(args.source)]
    staging = store.with_name(f".{store.name}.appending")
    shutil.rmtree(staging, ignore_errors=True)
    _write(staging, result, corpus, {"sources": sources, "load": corpus.summary()}, reuse=store)
    shutil.rmtree(retired, ignore_errors=True)
    store.rename(retired)
    staging.rename(store)
    shutil.rmtree(retired, ignore_errors=True)
    appended = result.meta["append"]
    n = appended["articles_added"]
    sys.stderr.write(
        f"added {n:,} article{'' if n == 1 else 's'} to {store}/ ({len(result.articles):,} in all); "
        f"topics {appended.get('topics', 'unchanged')}; in {time.perf_counter() - start:.1f} s\n"
    )
    return 0


def evaluate(args: argparse.Namespace) -> int:
    # The evaluation reads ../shared/data, so it lives beside the benchmarks in a clone, not in the package.
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "evaluate.py"
    if not script.is_file():
        sys.stderr.write(f"evaluate needs a clone of the repository: {script} is missing\n")
        return 2
    sys.path.insert(0, str(script.parents[1]))
    from benchmarks.evaluate import main as print_evaluation

    return print_evaluation(args.rest)


def train_sentiment(args: argparse.Namespace) -> int:
    from analysis.stance.train import train  # needs scikit-learn's solvers and the shared data: only when asked

    train(Path(args.data), Path(args.out))
    return 0


def train_voices(args: argparse.Namespace) -> int:
    """Train the entity recogniser (CoNLL-2003) and learn the attribution cues (PolNeAR), or one of them,
    into ``--out`` (the shipped model and word list are left as they are)."""
    # The shipped files an output folder's files replace, each under its name in that folder.
    shipped_files = {
        "entity_model.npz": Path(__file__).parent / "voices" / "entity_model.npz",
        "entity_model.json": Path(__file__).parent / "voices" / "entity_model.json",
        "attribution_cues.tsv": Path(__file__).parent / "lexicon" / "attribution_cues.tsv",
        "quote_cues.tsv": Path(__file__).parent / "lexicon" / "quote_cues.tsv",
        "source_heads.tsv": Path(__file__).parent / "lexicon" / "source_heads.tsv",
    }
    data = Path(args.data)
    out = Path(args.out)
    shipped = {path.resolve() for path in shipped_files.values()}
    if any((out / name).resolve() in shipped for name in shipped_files):
        sys.stderr.write(f"--out {out} holds the shipped model: write to a new folder, then copy the files over\n")
        return 2
    out.mkdir(parents=True, exist_ok=True)
    written = []
    if args.only in (None, "entities"):
        from analysis.voices.ner_train import train as train_entities

        card = train_entities(data, out / "entity_model.npz")
        sys.stderr.write(f"entity model: {card['chosen']}, dev F1 {card['dev_f1'][card['chosen']]}\n")
        written += ["entity_model.npz", "entity_model.json"]
    if args.only in (None, "cues"):
        from analysis.voices import polnear

        n = polnear.write_cues(data / "polnear", out / "attribution_cues.tsv")
        sys.stderr.write(f"attribution cues: {n} words\n")
        written.append("attribution_cues.tsv")
        n = polnear.write_quote_cues(data / "polnear", out / "quote_cues.tsv")
        sys.stderr.write(f"cues beside a quotation: {n} words\n")
        written.append("quote_cues.tsv")
        n = polnear.write_source_heads(data / "polnear", out / "source_heads.tsv")
        sys.stderr.write(f"heads of descriptive sources: {n} words\n")
        written.append("source_heads.tsv")
    sys.stderr.write(
        f"wrote {', '.join(written)} to {out}/; to install them, copy each over the shipped file: "
        + "; ".join(f"{out / name} → {shipped_files[name]}" for name in written)
        + "\n"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description="Broadsheet's analysis pipeline.")
    commands = parser.add_subparsers(dest="command", required=True)
    b = commands.add_parser("build", help="load SOURCE, analyse it, write Parquet frames and report.json to DIR")
    b.add_argument("source", help="a folder, a file (txt, md, html, csv, tsv, jsonl, json, pdf, docx, .gz)")
    where = b.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", help="output folder")
    where.add_argument(
        "--into",
        metavar="STORE",
        help="grow an existing store instead: analyse only SOURCE's articles it does not hold, keep its topics",
    )
    b.add_argument(
        "--refit",
        action="store_true",
        help="with --into: fit the topics again over the grown corpus (ids of topics still there are kept)",
    )
    b.add_argument("--topics", type=int, default=None, help="number of topics (default: chosen automatically)")
    b.add_argument("--method", choices=["clusters", "nmf", "lda"], default="clusters")
    b.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="where the per-partition work runs: this machine's cores (default) or a dask.distributed cluster",
    )
    b.add_argument(
        "--scheduler",
        default=None,
        metavar="tcp://HOST:PORT",
        help="with --engine dask: an existing cluster's scheduler (default: start a local cluster)",
    )
    b.set_defaults(run=build)
    e = commands.add_parser("evaluate", help="print quality figures on the shared real corpora")
    e.set_defaults(run=evaluate)  # its own options (``--only topics sentiment``) go to benchmarks/evaluate.py
    t = commands.add_parser("train-sentiment", help="train the target-sentiment model on NewsMTSC train (CV-selected)")
    t.add_argument(
        "--data",
        default=str(Path(__file__).resolve().parents[2] / "shared" / "data"),
        help="folder holding newsmtsc/, bbc-news/ and allsides-news/ (default: ../shared/data)",
    )
    t.add_argument("--out", default=str(Path(__file__).parent / "stance" / "target_sentiment.npz"))
    t.set_defaults(run=train_sentiment)
    v = commands.add_parser(
        "train-voices",
        help="train the entity recogniser (CoNLL-2003) and learn attribution cues (PolNeAR) into --out",
        description="Train the entity recogniser (CoNLL-2003) and learn the attribution cues (PolNeAR) into a "
        "folder of their own; the shipped files are never overwritten.  To install the result, copy "
        "OUT/entity_model.npz and OUT/entity_model.json into analysis/voices/ and OUT/attribution_cues.tsv "
        "and OUT/quote_cues.tsv into analysis/lexicon/.  Training is deterministic: the same data give the "
        "same files (the model card's time in seconds aside).",
    )
    v.add_argument(
        "--data",
        default=str(Path(__file__).resolve().parents[2] / "shared" / "data"),
        help="folder holding conll2003/, polnear/, bbc-news/ and allsides-news/ (default: ../shared/data)",
    )
    v.add_argument("--only", choices=["entities", "cues"], default=None)
    v.add_argument(
        "--out",
        default="voices-trained",
        metavar="DIR",
        help="folder to write entity_model.npz, entity_model.json, attribution_cues.tsv and quote_cues.tsv to "
        "(default: ./voices-trained/, a new folder); copy them over analysis/voices/ and analysis/lexicon/ to "
        "install them",
    )
    v.set_defaults(run=train_voices)
    args, rest = parser.parse_known_args(argv)
    if rest and args.command != "evaluate":
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    if getattr(args, "refit", False) and not args.into:
        parser.error("--refit needs --into STORE")
    if getattr(args, "scheduler", None) and args.engine != "dask":
        parser.error("--scheduler needs --engine dask")
    args.rest = rest
    return args.run(args)


if __name__ == "__main__":
    raise SystemExit(main())
