"""The draft/target pair: the course zoo's stories models, or any two Hugging Face models.

The default pair comes from ``llmlab.zoo``: ``stories-lm-large`` (a 4-layer, 256-wide
``LlamaForCausalLM``) is the target and ``stories-lm-small`` (2 layers, width 128, the same
tokenizer) is the draft, both trained on the course stories and shipped with ``llmlab``, so
nothing is downloaded or trained here. ``--target`` / ``--draft`` go through
``llmlab.zoo.resolve_model``: a Hugging Face id that cannot be reached falls back to the zoo
model, with one line on stderr saying so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
from llmlab.zoo import resolve_model, zoo_path
from transformers import (
    AutoModelForCausalLM,
    AutoTokenizer,
    PreTrainedModel,
    PreTrainedTokenizerBase,
)

TARGET = "stories-lm-large"
DRAFT = "stories-lm-small"


@dataclass
class Pair:
    """A target, a draft that shares its vocabulary, the tokenizer, and where they came from."""

    target: PreTrainedModel
    draft: PreTrainedModel
    tokenizer: PreTrainedTokenizerBase
    source: str
    info: dict = field(default_factory=dict)


def _parameters(model: PreTrainedModel) -> int:
    return sum(p.numel() for p in model.parameters())


def default_pair(device: str = "cpu", dtype: torch.dtype = torch.float32) -> Pair:
    """The zoo pair: ``stories-lm-large`` (target) and ``stories-lm-small`` (draft), with their tokenizer."""
    target_dir, draft_dir = zoo_path(TARGET), zoo_path(DRAFT)
    tokenizer = AutoTokenizer.from_pretrained(target_dir)
    target = AutoModelForCausalLM.from_pretrained(target_dir, dtype=dtype).to(device).eval()
    draft = AutoModelForCausalLM.from_pretrained(draft_dir, dtype=dtype).to(device).eval()
    info = {"target": TARGET, "draft": DRAFT, "target_parameters": _parameters(target),
            "draft_parameters": _parameters(draft), "vocab_size": len(tokenizer)}
    return Pair(target, draft, tokenizer, f"zoo {TARGET} (target) + {DRAFT} (draft)", info)


def hub_pair(target: str, draft: str, device: str = "cpu",
             dtype: torch.dtype = torch.float32) -> Pair:
    """Load two Hugging Face models (ids or local folders) that share a tokenizer."""
    try:
        tokenizer = AutoTokenizer.from_pretrained(target)
        target_model = AutoModelForCausalLM.from_pretrained(target, dtype=dtype)
        draft_model = AutoModelForCausalLM.from_pretrained(draft, dtype=dtype)
        draft_vocab = AutoTokenizer.from_pretrained(draft).get_vocab()
    except OSError as exc:
        raise SystemExit(f"could not load {target!r} / {draft!r}: {exc}\nThese need the Hugging Face "
                         "Hub (or a local copy): run once with internet access, or pass local "
                         "folders. Without --target and --draft the zoo pair is used."
                         ) from exc
    if draft_vocab != tokenizer.get_vocab():
        raise SystemExit(f"{draft!r} and {target!r} have different vocabularies: speculative "
                         "decoding compares their probabilities token by token, so they must share "
                         "one (if one of them fell back to the zoo, pass both as zoo models or "
                         "both as reachable models)")
    return Pair(target_model.to(device).eval(), draft_model.to(device).eval(), tokenizer,
                f"{target} (target) + {draft} (draft)")


def load_pair(target: str | None = None, draft: str | None = None, device: str = "cpu",
              dtype: torch.dtype = torch.float32) -> Pair:
    """The zoo pair without ``target``/``draft``, else those two models.

    Each of ``target`` and ``draft`` may be a Hugging Face id, a local folder or a zoo name; an id
    that is neither cached nor reachable falls back to the zoo's ``stories-lm-large`` (target) or
    ``stories-lm-small`` (draft), and ``llmlab.zoo.resolve_model`` prints one line saying so.
    """
    if (target is None) != (draft is None):
        raise SystemExit("pass both --target and --draft (Hugging Face ids, folders or zoo names), "
                         "or neither for the zoo pair")
    if target is None:
        return default_pair(device, dtype)
    return hub_pair(resolve_model(target, fallback=TARGET), resolve_model(draft, fallback=DRAFT),
                    device, dtype)
