"""`semantic-search`: build an index, query it, evaluate it against TF-IDF, serve the page.

    semantic-search build       embed the documents and save the index (the default subcommand)
    semantic-search query       --query "..." against a saved index
    semantic-search evaluate    nDCG@10 of the encoder vs TF-IDF on labelled queries
    semantic-search serve       the search page and JSON API on http://127.0.0.1:8008
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from llmlab.cli import parse_config, run_subcommand

from lab08_arxiv_semantic_search.corpus import default_documents, default_queries, load_documents
from lab08_arxiv_semantic_search.index import KINDS

PROG = "semantic-search"
RUNS = Path("runs/lab08")
MODEL_HELP = "zoo name, local folder or Hugging Face id (default: the zoo's course-encoder)"
CACHE_HELP = "folder for the embedding cache ('none' to switch it off)"


@dataclass
class BuildConfig:
    docs: Path | None = field(default=None, metadata={
        "help": "JSONL file with id, title, text per line (default: generated abstracts)"})
    n_docs: int = field(default=2000, metadata={"help": "generated abstracts when --docs is not given"})
    seed: int = field(default=0, metadata={"help": "seed of the generated abstracts"})
    model: str | None = field(default=None, metadata={"help": MODEL_HELP})
    kind: str = field(default="hnsw", metadata={
        "help": "index type: flat (exact), ivf or hnsw (approximate)", "choices": KINDS})
    out: Path = field(default=RUNS / "index", metadata={"help": "folder to save the index in"})
    cache_dir: Path | None = field(default=RUNS / "cache", metadata={"help": CACHE_HELP})


@dataclass
class QueryConfig:
    query: str = field(default="removing background noise from recordings",
                       metadata={"help": "the text to search for"})
    k: int = field(default=5, metadata={"help": "results to show"})
    index: Path = field(default=RUNS / "index", metadata={"help": "folder `build` wrote"})
    model: str | None = field(default=None, metadata={"help": MODEL_HELP + "; must match the index"})


@dataclass
class EvaluateConfig:
    n_docs: int = field(default=2000, metadata={"help": "generated abstracts to search"})
    n_queries: int = field(default=200, metadata={"help": "labelled queries (half phrase, half task)"})
    seed: int = field(default=0, metadata={
        "help": "seed of abstracts and queries; the zoo encoder never saw seed 0's abstracts"})
    k: int = field(default=10, metadata={"help": "cut-off of nDCG@k"})
    model: str | None = field(default=None, metadata={"help": MODEL_HELP})
    cache_dir: Path | None = field(default=RUNS / "cache", metadata={"help": CACHE_HELP})
    out: Path = field(default=RUNS / "evaluation.json", metadata={"help": "where to write the scores"})


@dataclass
class ServeConfig:
    index: Path = field(default=RUNS / "index", metadata={"help": "folder `build` wrote"})
    model: str | None = field(default=None, metadata={"help": MODEL_HELP + "; must match the index"})
    host: str = field(default="127.0.0.1", metadata={"help": "interface to listen on"})
    port: int = field(default=8008, metadata={"help": "port to listen on"})


def build(argv: list[str]) -> None:
    from lab08_arxiv_semantic_search.encoder import Encoder
    from lab08_arxiv_semantic_search.engine import SearchEngine

    config = parse_config(BuildConfig, argv, "Embed documents and save a search index. Other "
                          "subcommands: query, evaluate, serve (each with --help).",
                          f"{PROG} build")
    documents = load_documents(config.docs) if config.docs else default_documents(config.n_docs, config.seed)
    start = time.perf_counter()
    encoder = Encoder(config.model, cache_dir=config.cache_dir)
    loaded = time.perf_counter()
    engine = SearchEngine.build(documents, encoder, config.kind)
    built = time.perf_counter()
    engine.save(config.out)
    print(f"indexed {len(documents)} documents with {encoder.model_id} (dim {encoder.dim}, "
          f"{config.kind}) into {config.out}: model load {loaded - start:.1f} s, "
          f"embed + index {built - loaded:.1f} s ({encoder.n_encoded} texts embedded, the rest "
          "from the cache)")
    for query in ("removing background noise from recordings", "graph neural networks for molecules"):
        hits = engine.search(query, 3)
        print(f"\n{query!r}")
        for hit in hits:
            print(f"  {hit.score:.3f}  {hit.id}  [{hit.topic}]  {hit.title}")


def query(argv: list[str]) -> None:
    from lab08_arxiv_semantic_search.encoder import Encoder
    from lab08_arxiv_semantic_search.engine import SearchEngine

    config = parse_config(QueryConfig, argv, "Search a saved index.", f"{PROG} query")
    engine = SearchEngine.load(config.index, Encoder(config.model))
    for hit in engine.search(config.query, config.k):
        print(f"{hit.score:.3f}  {hit.id}  [{hit.topic}]  {hit.title}")


def evaluate(argv: list[str]) -> None:
    from lab08_arxiv_semantic_search.encoder import Encoder
    from lab08_arxiv_semantic_search.evaluate import compare_retrievers

    config = parse_config(EvaluateConfig, argv, "nDCG@k of the encoder and of TF-IDF on labelled "
                          "queries over generated abstracts.", f"{PROG} evaluate")
    documents = default_documents(config.n_docs, config.seed)
    queries = default_queries(config.n_docs, config.n_queries, config.seed)
    scores = compare_retrievers(documents, queries, Encoder(config.model, cache_dir=config.cache_dir),
                                config.k)
    print(f"nDCG@{config.k} on {len(queries)} queries over {len(documents)} abstracts (seed {config.seed})")
    print(f"{'retriever':<10}" + "".join(f"{kind:>9}" for kind in scores["encoder"]))
    for name, row in scores.items():
        print(f"{name:<10}" + "".join(f"{value:>9.3f}" for value in row.values()))
    config.out.parent.mkdir(parents=True, exist_ok=True)
    config.out.write_text(json.dumps({"config": {k: str(v) for k, v in asdict(config).items()},
                                      "ndcg": scores}, indent=2))


def serve(argv: list[str]) -> None:
    import uvicorn

    from lab08_arxiv_semantic_search.encoder import Encoder
    from lab08_arxiv_semantic_search.engine import SearchEngine
    from lab08_arxiv_semantic_search.web import create_app

    config = parse_config(ServeConfig, argv, "Serve the search page and JSON API.", f"{PROG} serve")
    engine = SearchEngine.load(config.index, Encoder(config.model))
    print(f"search page on http://{config.host}:{config.port}/  (JSON: /api/search?q=...&k=10)")
    uvicorn.run(create_app(engine), host=config.host, port=config.port, log_level="warning")


def main(argv: list[str] | None = None) -> None:
    run_subcommand({"build": build, "query": query, "evaluate": evaluate, "serve": serve}, argv,
                   PROG, default="build")
