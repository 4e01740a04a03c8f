"""``product-search``: index a product catalogue into Chroma, then search it by text or by photo.

    product-search                      # demo: index the held-out catalogue, run sample queries
    product-search index [--catalogue FOLDER]
    product-search query --text "a red striped cushion"
    product-search query --image photo.png --category ball
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from llmlab.cli import parse_config, run_subcommand
from llmlab.corpora import write_catalogue
from llmlab.progress import progress
from PIL import Image

from lab09_multimodal_product_search.catalogue import (
    HELD_OUT_SEED,
    held_out_products,
    product_images,
    read_catalogue,
    rephotograph,
)
from lab09_multimodal_product_search.embeddings import (
    Clip,
    embed_images,
    embed_texts,
    load_clip,
)
from lab09_multimodal_product_search.store import (
    Hit,
    index_embeddings,
    open_collection,
    open_store,
    search,
)

RUNS = Path("runs/lab09")
MODEL_HELP = "CLIP: a Hugging Face id, a local folder, or none for the zoo's products-clip"
DB_HELP = "Chroma folder (persistent: later runs reuse it)"
METADATA_KEYS = ("name", "category", "colour", "pattern", "price", "caption", "image")
DEMO_QUERIES = ("a red striped cushion", "a blue dotted ball", "a green checked kite",
                "a yellow star ornament")


@dataclass
class IndexConfig:
    catalogue: Path | None = field(default=None, metadata={
        "help": "folder with captions.jsonl and images/ (llmlab.corpora.write_catalogue's format); "
                "none writes the held-out course catalogue to runs/lab09/catalogue-<n>-seed<seed>"})
    n: int = field(default=300, metadata={"help": "products in the generated catalogue"})
    seed: int = field(default=HELD_OUT_SEED, metadata={
        "help": "seed of the generated catalogue (0 is held out from the zoo CLIP's training)"})
    db: Path = field(default=RUNS / "chroma", metadata={"help": DB_HELP})
    model: str | None = field(default=None, metadata={"help": MODEL_HELP})


@dataclass
class QueryConfig:
    text: str | None = field(default=None, metadata={"help": "search by this description"})
    image: Path | None = field(default=None, metadata={"help": "search by this photo"})
    k: int = field(default=5, metadata={"help": "results to show"})
    category: str | None = field(default=None, metadata={
        "help": "only products of this category (a Chroma metadata filter)"})
    db: Path = field(default=RUNS / "chroma", metadata={"help": DB_HELP})
    model: str | None = field(default=None, metadata={"help": MODEL_HELP})


def index_catalogue(config: IndexConfig, clip: Clip | None = None) -> int:
    """Embed every catalogue photo and upsert it into the store; returns the number indexed."""
    folder = config.catalogue
    if folder is None:
        folder = RUNS / f"catalogue-{config.n}-seed{config.seed}"
        if not (folder / "captions.jsonl").is_file():
            write_catalogue(folder, n=config.n, seed=config.seed)
    records = read_catalogue(folder)
    clip = clip or load_clip(config.model)
    started = time.perf_counter()
    images = [Image.open(r["image"]).convert("RGB")
              for r in progress(records, desc="read images")]
    embeddings = embed_images(clip, images)
    metadatas = [{k: r[k] for k in METADATA_KEYS if k in r} for r in records]
    index_embeddings(open_store(config.db), [r["id"] for r in records], embeddings, metadatas)
    # Queries must use the model that built the index: remember which one it was.
    (config.db / "index.json").write_text(json.dumps(
        {"model": config.model, "catalogue": str(folder), "count": len(records)}, indent=2))
    print(f"indexed {len(records)} products from {folder} into {config.db} "
          f"({embeddings.shape[1]}-dim, {time.perf_counter() - started:.1f} s)")
    return len(records)


def indexed_model(db: Path, model: str | None) -> None:
    """Refuse to query an index built with another model: its vectors live in another space."""
    info = db / "index.json"
    if not info.is_file():
        raise FileNotFoundError(f"{db} holds no index: run `product-search index` first")
    built_with = json.loads(info.read_text())["model"]
    if built_with != model:
        raise ValueError(f"{db} was indexed with --model {built_with}, not {model}: query with the "
                         "same model, or re-index")


def show(title: str, hits: list[Hit]) -> None:
    print(title)
    for rank, hit in enumerate(hits, 1):
        caption = hit.metadata.get("caption", "")
        print(f"  {rank}. {hit.id}  {hit.similarity:.3f}  {caption}")


def query(config: QueryConfig, clip: Clip | None = None) -> list[Hit]:
    """Search the index by ``config.text`` or ``config.image``; prints and returns the hits."""
    if (config.text is None) == (config.image is None):
        raise ValueError("give exactly one of --text or --image")
    indexed_model(config.db, config.model)
    clip = clip or load_clip(config.model)
    collection = open_collection(open_store(config.db))
    if config.text is not None:
        vector, title = embed_texts(clip, [config.text]), f"text: {config.text!r}"
    else:
        if not config.image.is_file():
            raise FileNotFoundError(f"no image at {config.image}")
        vector = embed_images(clip, [Image.open(config.image).convert("RGB")])
        title = f"image: {config.image}"
    where = None if config.category is None else {"category": config.category}
    hits = search(collection, vector, k=config.k, where=where)[0]
    show(title + ("" if where is None else f" (category {config.category})"), hits)
    return hits


def demo(argv: list[str]) -> None:
    """Index the held-out catalogue, then run sample text queries and one photo query."""
    config = parse_config(IndexConfig, argv, prog="product-search demo",
                          description="Index the held-out catalogue and run sample queries. "
                          "Other commands: `product-search index --help`, "
                          "`product-search query --help`.")
    clip = load_clip(config.model)
    index_catalogue(config, clip)
    for text in DEMO_QUERIES:
        query(QueryConfig(text=text, db=config.db, model=config.model), clip)
    # A new photo of product 7 (not the catalogue's): image->image search should find its look.
    product = held_out_products(8, config.seed)[7]
    photo = config.db / "query-photo.png"
    product_images([rephotograph(product)])[0].save(photo)
    print(f"\n(the photo shows {product.id}: {product.colour} {product.pattern} {product.category})")
    query(QueryConfig(image=photo, db=config.db, model=config.model), clip)


def main(argv: list[str] | None = None) -> None:
    run_subcommand({
        "demo": demo,
        "index": lambda args: index_catalogue(parse_config(
            IndexConfig, args, prog="product-search index",
            description="Embed a catalogue's photos with CLIP and store them in Chroma.")),
        "query": lambda args: query(parse_config(
            QueryConfig, args, prog="product-search query",
            description="Search the Chroma index by a description or a photo.")),
    }, argv, prog="product-search", default="demo")
