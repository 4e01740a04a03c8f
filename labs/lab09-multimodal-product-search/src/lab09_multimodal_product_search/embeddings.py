"""CLIP text and image embeddings: one vector space for captions and photos."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from llmlab.zoo import resolve_model
from PIL import Image
from transformers import AutoTokenizer, CLIPImageProcessorPil, CLIPModel

FALLBACK_MODEL = "products-clip"  # the zoo CLIP, trained on catalogue seed 1


@dataclass
class Clip:
    """A CLIP model with the tokenizer and image processor it was trained with."""

    model: CLIPModel
    tokenizer: object  # a transformers tokenizer: call it on a list of strings
    # The Pillow processor: the default CLIPImageProcessor wants torchvision, not needed here.
    processor: CLIPImageProcessorPil


def load_clip(name: str | None = None) -> Clip:
    """Load a CLIP: a Hugging Face id when reachable (e.g. ``openai/clip-vit-base-patch32``), a
    local folder, or the zoo's ``products-clip`` (the default and the offline fallback)."""
    folder = resolve_model(name, fallback=FALLBACK_MODEL)
    model = CLIPModel.from_pretrained(folder).eval()
    return Clip(model, AutoTokenizer.from_pretrained(folder),
                CLIPImageProcessorPil.from_pretrained(folder))


def l2_normalize(x: torch.Tensor, eps: float = 1e-12) -> torch.Tensor:
    """Each row of ``x`` (N, D) divided by its Euclidean norm (at least ``eps``): unit rows, so
    dot products are cosine similarities. Same shape and dtype as ``x``."""
    # BEGIN SOLUTION
    return x / x.norm(dim=-1, keepdim=True).clamp(min=eps)
    # END SOLUTION


@torch.no_grad()
def embed_texts(clip: Clip, texts: Sequence[str], batch_size: int = 64) -> torch.Tensor:
    """float32 (len(texts), D): L2-normalised CLIP text embeddings, in the order given."""
    # BEGIN SOLUTION
    chunks = []
    for start in range(0, len(texts), batch_size):
        batch = clip.tokenizer(list(texts[start:start + batch_size]), padding=True,
                               truncation=True, return_tensors="pt")
        # transformers 5 returns an output object; the projected vectors are its pooler_output
        features = clip.model.get_text_features(input_ids=batch["input_ids"],
                                                attention_mask=batch["attention_mask"])
        chunks.append(features.pooler_output)
    return l2_normalize(torch.cat(chunks).float())
    # END SOLUTION


@torch.no_grad()
def embed_images(clip: Clip, images: Sequence[Image.Image], batch_size: int = 64) -> torch.Tensor:
    """float32 (len(images), D): L2-normalised CLIP image embeddings, in the order given."""
    # BEGIN SOLUTION
    chunks = []
    for start in range(0, len(images), batch_size):
        pixels = clip.processor(images=[im.convert("RGB") for im in images[start:start + batch_size]],
                                return_tensors="pt")["pixel_values"]
        chunks.append(clip.model.get_image_features(pixel_values=pixels).pooler_output)
    return l2_normalize(torch.cat(chunks).float())
    # END SOLUTION
