"""`semantic-search-bench`: exact vs approximate indexes on real embeddings: recall@10 against
brute force, build time, and query latency (one query at a time, as a search page sends them)."""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from llmlab.cli import parse_config

from lab08_arxiv_semantic_search.corpus import default_documents, default_queries
from lab08_arxiv_semantic_search.index import build_index, default_nlist, exact_search, recall_at_k


@dataclass
class BenchConfig:
    n_docs: int = field(default=5000, metadata={"help": "generated abstracts to index"})
    n_queries: int = field(default=200, metadata={"help": "labelled queries to time and score"})
    seed: int = field(default=0, metadata={"help": "seed of abstracts and queries"})
    k: int = field(default=10, metadata={"help": "recall@k cut-off and results per query"})
    nlist: int | None = field(default=None, metadata={"help": "IVF lists (default about sqrt(n))"})
    nprobe: int = field(default=8, metadata={"help": "IVF lists scanned per query"})
    hnsw_m: int = field(default=32, metadata={"help": "HNSW neighbours per node"})
    ef_search: int = field(default=64, metadata={"help": "HNSW candidate list while searching"})
    threads: int = field(default=1, metadata={"help": "FAISS threads (1 gives steady latencies)"})
    model: str | None = field(default=None, metadata={"help": "encoder (default: zoo course-encoder)"})
    cache_dir: Path | None = field(default=Path("runs/lab08/cache"), metadata={
        "help": "embedding cache folder ('none' to switch it off)"})
    out: Path = field(default=Path("runs/lab08/bench.json"), metadata={"help": "results file"})


def time_queries(search, queries: np.ndarray) -> list[float]:
    """Milliseconds per call of ``search(one_query_row)``, one query at a time."""
    times = []
    for row in queries:
        start = time.perf_counter()
        search(row[None, :])
        times.append((time.perf_counter() - start) * 1000)
    return times


def main(argv: list[str] | None = None) -> None:
    import faiss

    from lab08_arxiv_semantic_search.encoder import Encoder

    config = parse_config(BenchConfig, argv, "Exact vs approximate search: recall@k and latency.",
                          "semantic-search-bench")
    faiss.omp_set_num_threads(config.threads)
    encoder = Encoder(config.model, cache_dir=config.cache_dir)
    start = time.perf_counter()
    vectors = encoder.encode([d.content for d in default_documents(config.n_docs, config.seed)])
    queries = encoder.encode([q.text for q in default_queries(config.n_docs, config.n_queries,
                                                              config.seed)])
    print(f"{config.n_docs} abstracts and {len(queries)} queries embedded in "
          f"{time.perf_counter() - start:.1f} s ({encoder.n_encoded} new, the rest cached); "
          f"dim {encoder.dim}, {config.threads} FAISS thread(s)")
    _, truth = exact_search(queries, vectors, config.k)
    nlist = config.nlist or default_nlist(config.n_docs)
    setups = [
        ("flat", "flat", {}),
        ("ivf nprobe=1", "ivf", {"nlist": nlist, "nprobe": 1}),
        (f"ivf nprobe={config.nprobe}", "ivf", {"nlist": nlist, "nprobe": config.nprobe}),
        ("hnsw ef=16", "hnsw", {"m": config.hnsw_m, "ef_search": 16}),
        (f"hnsw ef={config.ef_search}", "hnsw", {"m": config.hnsw_m, "ef_search": config.ef_search}),
    ]
    rows = [{"index": "numpy brute force", "build_s": 0.0, "recall": 1.0,
             "p50_ms": statistics.median(time_queries(lambda q: exact_search(q, vectors, config.k),
                                                      queries))}]
    for name, kind, params in setups:
        start = time.perf_counter()
        index = build_index(vectors, kind, **params)
        build_s = time.perf_counter() - start
        _, found = index.search(queries, config.k)
        latencies = time_queries(lambda q, index=index: index.search(q, config.k), queries)
        rows.append({"index": name, "build_s": build_s, "recall": recall_at_k(found, truth, config.k),
                     "p50_ms": statistics.median(latencies)})
    print(f"\n{'index':<20}{'build s':>9}{f'recall@{config.k}':>11}{'p50 ms/query':>14}")
    for row in rows:
        print(f"{row['index']:<20}{row['build_s']:>9.3f}{row['recall']:>11.3f}{row['p50_ms']:>14.4f}")
    config.out.parent.mkdir(parents=True, exist_ok=True)
    config.out.write_text(json.dumps({"config": {k: str(v) for k, v in asdict(config).items()},
                                      "nlist": nlist, "rows": rows}, indent=2))
    print(f"\nwrote {config.out}")
