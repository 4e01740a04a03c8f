"""Zero-shot classification: name the classes in words, pick the closest to each image."""

from __future__ import annotations

from collections.abc import Sequence

import torch

from lab09_multimodal_product_search.embeddings import Clip, embed_texts, l2_normalize

# Prompt templates, "{}" standing for the class name. The zoo CLIP only ever read catalogue
# captions ("Wren cushion: a red striped cushion (square), 23.99 USD."), so prompts shaped like
# captions suit it better than the "a photo of a {}." that suits web-trained CLIPs
# (GENERIC_TEMPLATES, which product-search-eval scores for comparison).
TEMPLATES = (
    "Aurora {}: a red plain {}.",
    "Kiko {}: a blue striped {}.",
    "Wren {}: a green dotted {}, 9.99 USD.",
    "Pebble {}: a yellow checked {}, 24.99 USD.",
)
GENERIC_TEMPLATES = ("a photo of a {}.", "{}")


def class_embeddings(clip: Clip, classes: Sequence[str],
                     templates: Sequence[str] = TEMPLATES) -> torch.Tensor:
    """float32 (len(classes), D): for each class, the mean of the L2-normalised embeddings of
    every template filled with its name (``template.format(*[name] * template.count("{}"))``),
    normalised again to unit length. One template gives that prompt's embedding."""
    # BEGIN SOLUTION
    prompts = [t.format(*[name] * t.count("{}")) for name in classes for t in templates]
    embeds = embed_texts(clip, prompts).view(len(classes), len(templates), -1)
    return l2_normalize(embeds.mean(dim=1))
    # END SOLUTION


def zero_shot_classify(image_embeds: torch.Tensor, class_embeds: torch.Tensor) -> torch.Tensor:
    """int64 (N,): for each image embedding (N, D), the index of the most similar class (C, D)."""
    # BEGIN SOLUTION
    return (image_embeds @ class_embeds.T).argmax(dim=1)
    # END SOLUTION
