"""``product-search-eval``: how well the CLIP finds held-out products, by text and by photo.

Reports recall@k text->image (a caption finds its product's photo) and image->image (a new
photo of a product finds the catalogue photo), the same through the Chroma index, zero-shot
category accuracy per prompt template and for their ensemble, the held-out contrastive loss,
and an untrained CLIP of the same shape as the chance baseline.
"""

from __future__ import annotations

import json
import math
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch
from llmlab.cli import parse_config
from llmlab.corpora.products import CATEGORY_SHAPE
from llmlab.seeding import seed_everything
from transformers import CLIPModel

from lab09_multimodal_product_search.catalogue import (
    HELD_OUT_SEED,
    held_out_products,
    product_images,
    rephotograph,
    same_look,
)
from lab09_multimodal_product_search.embeddings import Clip, embed_images, embed_texts, load_clip
from lab09_multimodal_product_search.loss import clip_loss
from lab09_multimodal_product_search.metrics import recall_at_k
from lab09_multimodal_product_search.store import index_embeddings, open_store, search
from lab09_multimodal_product_search.zero_shot import (
    GENERIC_TEMPLATES,
    TEMPLATES,
    class_embeddings,
    zero_shot_classify,
)

KS = (1, 5, 10)


@dataclass
class EvalConfig:
    n: int = field(default=300, metadata={"help": "held-out products to search among"})
    seed: int = field(default=HELD_OUT_SEED, metadata={
        "help": "catalogue seed; 0 is held out (the zoo CLIP trained on seed 1)"})
    model: str | None = field(default=None, metadata={
        "help": "CLIP: a Hugging Face id, a local folder, or none for the zoo's products-clip"})
    batch: int = field(default=32, metadata={
        "help": "batch size of the held-out contrastive loss (chance is ln(batch))"})
    baseline: bool = field(default=True, metadata={
        "help": "also score an untrained CLIP of the same shape (the chance level)"})
    out: Path = field(default=Path("runs/lab09"), metadata={"help": "where metrics.json goes"})


def embed_all(clip: Clip, products: list, images: list, queries: list) -> dict[str, torch.Tensor]:
    """The catalogue photos, the captions and the new photos of the queries, embedded."""
    return {"items": embed_images(clip, images), "text": embed_texts(clip, [p.caption for p in products]),
            "photos": embed_images(clip, product_images(queries))}


def retrieval(embeds: dict[str, torch.Tensor], relevant: torch.Tensor) -> dict[str, float]:
    """Recall@k text->image (captions) and image->image (new photos) against the catalogue."""
    return {f"{name}_recall@{k}": recall_at_k(embeds[query] @ embeds["items"].T, relevant, k)
            for name, query in (("text_to_image", "text"), ("image_to_image", "photos"))
            for k in KS}


def evaluate(config: EvalConfig) -> dict:
    """Run every measurement on ``config.n`` held-out products; returns the metrics dict."""
    seed_everything(0)
    started = time.perf_counter()
    clip = load_clip(config.model)
    products = held_out_products(config.n, config.seed)
    images = product_images(products)
    queries = [rephotograph(p) for p in products]
    metrics: dict = {"n_products": len(products), "seed": config.seed,
                     "model": config.model or "products-clip (zoo)"}
    relevant = same_look(products, products)  # queries[i] shows products[i]'s look
    embeds = embed_all(clip, products, images, queries)
    items, text = embeds["items"], embeds["text"]
    metrics.update(retrieval(embeds, relevant))

    # The same search through Chroma: its HNSW index should agree with the exact ranking.
    with tempfile.TemporaryDirectory() as folder:
        collection = index_embeddings(open_store(folder), [p.id for p in products], items)
        hits = search(collection, text, k=5)
        position = {p.id: i for i, p in enumerate(products)}
        found = [any(relevant[q, position[h.id]] for h in row) for q, row in enumerate(hits)]
    metrics["chroma_text_to_image_recall@5"] = sum(found) / len(found)

    classes = sorted(CATEGORY_SHAPE)
    labels = torch.tensor([classes.index(p.category) for p in products])
    accuracy = {t: (zero_shot_classify(items, class_embeddings(clip, classes, [t])) == labels)
                .float().mean().item() for t in GENERIC_TEMPLATES + TEMPLATES}
    metrics["zero_shot_accuracy_per_template"] = accuracy
    metrics["zero_shot_accuracy_ensemble"] = (
        zero_shot_classify(items, class_embeddings(clip, classes)) == labels).float().mean().item()
    metrics["zero_shot_chance"] = 1 / len(classes)

    scale = clip.model.logit_scale.exp().item()
    losses = [clip_loss(items[s:s + config.batch], text[s:s + config.batch], scale).item()
              for s in range(0, len(products) - config.batch + 1, config.batch)]
    metrics["contrastive_loss"] = sum(losses) / len(losses)
    metrics["contrastive_loss_chance"] = math.log(config.batch)

    if config.baseline:
        torch.manual_seed(0)
        untrained = Clip(CLIPModel(clip.model.config).eval(), clip.tokenizer, clip.processor)
        baseline = retrieval(embed_all(untrained, products, images, queries), relevant)
        metrics["untrained"] = baseline
    metrics["elapsed_s"] = round(time.perf_counter() - started, 1)
    return metrics


def report(metrics: dict) -> str:
    """The metrics as the lines the command prints."""
    lines = [f"{metrics['n_products']} held-out products (catalogue seed {metrics['seed']}), "
             f"model {metrics['model']}", "",
             f"{'recall':<28}" + "".join(f"@{k:<7}" for k in KS)]
    rows = [("trained", metrics)] + ([("untrained", metrics["untrained"])]
                                     if "untrained" in metrics else [])
    for label, values in rows:
        for name, arrow in (("text_to_image", "text->image"), ("image_to_image", "image->image")):
            lines.append(f"{label + ' ' + arrow:<28}"
                         + "".join(f"{values[f'{name}_recall@{k}']:<8.3f}" for k in KS))
    lines.append(f"trained text->image through Chroma, recall@5: "
                 f"{metrics['chroma_text_to_image_recall@5']:.3f}")
    lines += ["", f"zero-shot category accuracy (chance {metrics['zero_shot_chance']:.3f}):"]
    lines += [f"  {acc:.3f}  {template!r}"
              for template, acc in metrics["zero_shot_accuracy_per_template"].items()]
    lines.append(f"  {metrics['zero_shot_accuracy_ensemble']:.3f}  ensemble of the "
                 f"{len(TEMPLATES)} caption-like templates")
    lines.append(f"\ncontrastive loss on held-out batches: {metrics['contrastive_loss']:.3f} "
                 f"(chance ln(batch) = {metrics['contrastive_loss_chance']:.3f})")
    lines.append(f"elapsed {metrics['elapsed_s']} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    config = parse_config(EvalConfig, argv, prog="product-search-eval", description=(
        "Evaluate CLIP product search on held-out products: recall@k text->image and "
        "image->image, zero-shot categories, contrastive loss."))
    if config.n < max(KS[-1], config.batch):
        sys.exit(f"product-search-eval: --n must be at least {max(KS[-1], config.batch)} "
                 f"(recall@{KS[-1]} and one loss batch of --batch {config.batch}), got {config.n}")
    metrics = evaluate(config)
    print(report(metrics))
    config.out.mkdir(parents=True, exist_ok=True)
    path = config.out / "metrics.json"
    path.write_text(json.dumps({**metrics, "config": {k: str(v) for k, v in asdict(config).items()}},
                               indent=2))
    print(f"wrote {path}")
