"""The model side: load a causal LM, make calibration and evaluation tokens from the course
stories, and quantise a Llama-style model decoder layer by decoder layer.

Layers are quantised in order and each layer's Hessians are captured with every earlier layer
already quantised, so a layer learns to compensate for the errors its inputs already carry
(as in the GPTQ paper). Embeddings and the LM head stay in full precision.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import torch
from llmlab.corpora import generate_stories
from llmlab.progress import progress
from llmlab.zoo import resolve_model
from torch import nn
from transformers import AutoModelForCausalLM, AutoTokenizer, PreTrainedModel

from lab40_gptq.gptq import gptq_quantize, output_error
from lab40_gptq.hessian import capture_hessians
from lab40_gptq.quant_linear import QuantLinear
from lab40_gptq.quantizer import rtn_quantize

DEFAULT_MODEL = "stories-lm-large"
CALIBRATION_SEED = 3  # stories for calibration: not the evaluation seed 0, not the training seed 1
EVAL_SEED = 0  # the course's held-out evaluation stories


@dataclass
class QuantConfig:
    """How to quantise every linear layer of the decoder."""

    method: str = "gptq"  # "gptq" or "rtn"
    bits: int = 4
    group_size: int | None = 128
    damp: float = 0.01
    block_size: int = 128
    act_order: bool = False


def load_model(name: str | None = None) -> tuple[PreTrainedModel, object]:
    """``(model, tokenizer)`` for a Hugging Face id or folder, else the zoo's stories-lm-large;
    float32, eval mode."""
    source = resolve_model(name, fallback=DEFAULT_MODEL)
    tokenizer = AutoTokenizer.from_pretrained(source)
    model = AutoModelForCausalLM.from_pretrained(source, dtype=torch.float32).eval()
    return model, tokenizer


def story_ids(tokenizer, n_stories: int, seed: int) -> torch.Tensor:
    """``n_stories`` course stories of corpus seed ``seed`` as one int64 stream, EOS after each."""
    ids: list[int] = []
    for text in generate_stories(n_stories, seed=seed):
        ids += tokenizer(text)["input_ids"] + [tokenizer.eos_token_id]
    return torch.tensor(ids, dtype=torch.long)


def calibration_batches(tokenizer, n_samples: int = 64, seq_len: int = 128, batch_size: int = 16,
                        seed: int = CALIBRATION_SEED) -> list[torch.Tensor]:
    """``n_samples`` random windows of ``seq_len`` tokens from stories of corpus seed ``seed``,
    in batches of ``(batch_size, seq_len)``."""
    stream = story_ids(tokenizer, max(50, n_samples * seq_len // 64), seed)
    if stream.numel() <= seq_len:
        raise ValueError(f"only {stream.numel()} calibration tokens for windows of {seq_len}")
    generator = torch.Generator().manual_seed(seed)
    starts = torch.randint(0, stream.numel() - seq_len, (n_samples,), generator=generator)
    windows = torch.stack([stream[s:s + seq_len] for s in starts.tolist()])
    return list(windows.split(batch_size))


def decoder_layers(model: nn.Module) -> list[nn.Module]:
    """The transformer blocks of a Llama-style model (``model.model.layers``)."""
    try:
        return list(model.model.layers)
    except AttributeError as exc:
        raise ValueError(f"{type(model).__name__} has no model.layers: this lab quantises "
                         "Llama-style decoders (Llama, Mistral, Qwen ...)") from exc


def linear_names(model: nn.Module, layer: nn.Module) -> list[str]:
    """Full names (as in ``model.named_modules()``) of the ``nn.Linear`` modules inside ``layer``."""
    inside = {id(m) for m in layer.modules()}
    return [name for name, m in model.named_modules() if isinstance(m, nn.Linear) and id(m) in inside]


def replace_module(model: nn.Module, name: str, new: nn.Module) -> None:
    """Put ``new`` where the submodule ``name`` was."""
    parent_name, _, child = name.rpartition(".")
    setattr(model.get_submodule(parent_name) if parent_name else model, child, new)


def quantize_model(model: nn.Module, batches: list[torch.Tensor],
                   config: QuantConfig | None = None) -> list[dict]:
    """Replace every linear layer of every decoder block of ``model`` by a ``QuantLinear``, in
    place, block by block; return one row per layer: ``name``, ``shape``, the relative output
    error of this method (``error``) and of round-to-nearest on the same Hessian
    (``rtn_error``), and ``seconds``.
    """
    config = config or QuantConfig()
    if config.method not in ("gptq", "rtn"):
        raise ValueError(f"method must be 'gptq' or 'rtn', got {config.method!r}")
    rows: list[dict] = []
    layers = decoder_layers(model)
    for layer in progress(layers, desc=f"quantise ({config.method})"):
        names = linear_names(model, layer)
        # The inputs of this block already pass through the quantised blocks before it.
        hessians = capture_hessians(model, names, batches)
        for name in names:
            linear = model.get_submodule(name)
            started = time.perf_counter()
            rtn = rtn_quantize(linear.weight, config.bits, config.group_size)
            result = rtn if config.method == "rtn" else gptq_quantize(
                linear.weight, hessians[name], config.bits, config.group_size, config.damp,
                config.block_size, config.act_order)
            seconds = time.perf_counter() - started
            rows.append({"name": name, "shape": list(linear.weight.shape),
                         "error": output_error(linear.weight, result.weight, hessians[name]),
                         "rtn_error": output_error(linear.weight, rtn.weight, hessians[name]),
                         "seconds": round(seconds, 4)})
            replace_module(model, name, QuantLinear.from_result(linear, result))
    return rows


def quantized_linear_bytes(model: nn.Module) -> tuple[int, int]:
    """``(fp16 bytes the quantised layers had, bytes they take now)``."""
    layers = [m for m in model.modules() if isinstance(m, QuantLinear)]
    before = sum(2 * m.in_features * m.out_features + (0 if m.bias is None else 2 * m.out_features)
                 for m in layers)
    return before, sum(m.storage_bytes() for m in layers)
