"""Reading a Hugging Face Llama folder with numpy alone: config, safetensors weights, tokenizer.

No torch: a ``.safetensors`` file is an 8-byte little-endian header length, a JSON header of
``name -> {dtype, shape, data_offsets}``, then the raw bytes, so numpy can read it directly.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from llmlab.zoo import resolve_model

# numpy has no bfloat16: BF16 is read as uint16 and widened to float32 by hand.
_SAFETENSORS_DTYPES = {"F32": np.float32, "F16": np.float16, "BF16": np.uint16}


@dataclass
class BPEVocab:
    """A byte-level BPE tokenizer as GGUF stores it: tokens in id order, merges, special ids."""

    tokens: list[str]
    merges: list[str]
    special_ids: set[int] = field(default_factory=set)
    eos_id: int | None = None
    bos_id: int | None = None
    add_bos: bool = False


@dataclass
class HFLlama:
    """A Llama checkpoint: ``config.json`` as a dict, float32 weights by HF name, its tokenizer."""

    folder: Path
    config: dict
    tensors: dict[str, np.ndarray]
    vocab: BPEVocab


def read_safetensors(path: str | Path) -> dict[str, np.ndarray]:
    """Every tensor of one ``.safetensors`` file as a float32 numpy array."""
    path = Path(path)
    raw = path.read_bytes()
    (header_len,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8: 8 + header_len])
    base = 8 + header_len
    out: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] not in _SAFETENSORS_DTYPES:
            raise ValueError(f"{path.name}: tensor {name} has dtype {info['dtype']}; this converter "
                             f"reads only {', '.join(_SAFETENSORS_DTYPES)}")
        start, end = info["data_offsets"]
        array = np.frombuffer(raw[base + start: base + end], dtype=_SAFETENSORS_DTYPES[info["dtype"]])
        if info["dtype"] == "BF16":
            array = (array.astype(np.uint32) << 16).view(np.float32)
        out[name] = array.astype(np.float32).reshape(info["shape"])
    return out


def read_bpe_vocab(folder: str | Path, config: dict) -> BPEVocab:
    """The byte-level BPE tokenizer in ``folder/tokenizer.json``, padded to the model's vocab size.

    Raises ``ValueError`` for other tokenizers (SentencePiece, WordPiece): GGUF stores those under
    other ``tokenizer.ggml.model`` names that this lab does not write.
    """
    path = Path(folder) / "tokenizer.json"
    if not path.is_file():
        raise FileNotFoundError(f"no tokenizer.json in {folder}: convert a model saved with a fast "
                                "(tokenizers) tokenizer")
    data = json.loads(path.read_text())
    model = data["model"]
    if model.get("type") != "BPE" or "ByteLevel" not in json.dumps(data.get("pre_tokenizer")):
        raise ValueError(f"{path}: only byte-level BPE (GPT-2 style) tokenizers are supported, "
                         f"found model {model.get('type')!r}")
    by_id = {index: token for token, index in model["vocab"].items()}
    added = {t["id"]: t for t in data.get("added_tokens", [])}
    for index, token in added.items():
        by_id[index] = token["content"]
    size = max(config.get("vocab_size", 0), max(by_id) + 1)
    # Ids the tokenizer never produces (an embedding table rounded up) still need a name.
    tokens = [by_id.get(i, f"[PAD{i}]") for i in range(size)]
    merges = [m if isinstance(m, str) else " ".join(m) for m in model.get("merges", [])]
    eos = config.get("eos_token_id")
    bos = config.get("bos_token_id")
    eos = eos[0] if isinstance(eos, list) else eos
    bos_text = by_id.get(bos) if bos is not None else None
    # HF adds BOS only through a post-processor template that names it.
    add_bos = bool(bos_text) and bos_text in json.dumps(data.get("post_processor"))
    return BPEVocab(tokens=tokens, merges=merges,
                    special_ids={i for i, t in added.items() if t.get("special")},
                    eos_id=eos, bos_id=bos, add_bos=add_bos)


def local_folder(model: str | None, fallback: str = "stories-lm-large") -> Path:
    """A local folder for ``model``: a zoo name, a folder, or a Hub id (downloaded when online)."""
    resolved = resolve_model(model, fallback=fallback)
    if Path(resolved).is_dir():
        return Path(resolved)
    from huggingface_hub import snapshot_download

    return Path(snapshot_download(resolved, allow_patterns=["*.json", "*.safetensors"]))


def load_hf_llama(model: str | None = None) -> HFLlama:
    """Load a ``LlamaForCausalLM`` folder (default: the zoo's ``stories-lm-large``) with numpy."""
    folder = local_folder(model)
    config = json.loads((folder / "config.json").read_text())
    if config.get("model_type") != "llama":
        raise ValueError(f"{folder} holds a {config.get('model_type')!r} model; this lab converts "
                         "Llama-architecture models (model_type 'llama') only")
    files = sorted(folder.glob("*.safetensors"))
    if not files:
        raise FileNotFoundError(f"no .safetensors weights in {folder}")
    tensors: dict[str, np.ndarray] = {}
    for file in files:
        tensors.update(read_safetensors(file))
    return HFLlama(folder=folder, config=config, tensors=tensors,
                   vocab=read_bpe_vocab(folder, config))
