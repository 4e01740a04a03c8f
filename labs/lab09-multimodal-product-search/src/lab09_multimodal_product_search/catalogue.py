"""The held-out product catalogue: products, their images, query photos and ground truth.

The zoo's ``products-clip`` was trained on ``product_catalogue(4000, seed=1)``; this lab evaluates
on seed 0 (``HELD_OUT_SEED``), products the model has never seen.
"""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path

import torch
from llmlab.corpora import Product, product_catalogue, render_product
from PIL import Image

HELD_OUT_SEED = 0  # the zoo CLIP trained on seed 1: nothing here was in its training data
IMAGE_SIZE = 64  # the zoo CLIP's input size


def held_out_products(n: int = 300, seed: int = HELD_OUT_SEED) -> list[Product]:
    """``n`` products of the catalogue the zoo CLIP never saw (ids ``P0000``...)."""
    return product_catalogue(n, seed=seed)


def product_images(products: list[Product], size: int = IMAGE_SIZE) -> list[Image.Image]:
    """The catalogue photo of each product: its shape, colour and pattern."""
    return [render_product(p, size) for p in products]


def rephotograph(product: Product, shot: int = 1) -> Product:
    """The same product drawn again at another position and size, like a customer's photo.

    Image->image search uses these as queries: the catalogue holds shot 0 (the original).
    """
    seed = random.Random(f"{product.render_seed}/{shot}").getrandbits(32)
    return dataclasses.replace(product, render_seed=seed)


def same_look(queries: list[Product], items: list[Product]) -> torch.Tensor:
    """Bool (len(queries), len(items)): True where category, colour and pattern all agree.

    An image shows only those three attributes (not the brand or price), so a product that
    agrees on all of them is as correct a hit as the query's own product.
    """
    def look(p: Product) -> tuple[str, str, str]:
        return p.category, p.colour, p.pattern

    return torch.tensor([[look(q) == look(i) for i in items] for q in queries], dtype=torch.bool)


def read_catalogue(folder: str | Path) -> list[dict]:
    """The records of a catalogue folder written by ``llmlab.corpora.write_catalogue``.

    Each record holds the product's attributes, ``caption`` and ``image`` (a path, made absolute
    here). Any folder with a ``captions.jsonl`` in that format works: bring your own products.
    """
    folder = Path(folder)
    path = folder / "captions.jsonl"
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist: a catalogue folder needs captions.jsonl "
                                "and images/ (llmlab.corpora.write_catalogue writes both)")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    for record in records:
        missing = {"id", "caption", "image"} - set(record)
        if missing:
            raise ValueError(f"{path}: a record lacks {sorted(missing)}: {record}")
        record["image"] = str((folder / record["image"]).resolve())
    return records
