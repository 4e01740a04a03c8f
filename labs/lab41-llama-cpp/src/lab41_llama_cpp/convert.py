"""Hugging Face Llama -> GGUF, the job of llama.cpp's ``convert_hf_to_gguf.py``, for Llama only.

A GGUF file is a header of typed key/value metadata (architecture, sizes, the whole tokenizer),
then a table of tensors (name, shape, ggml type, offset), then the aligned tensor bytes.
llama.cpp needs nothing else to run the model.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gguf
import numpy as np
from llmlab.cli import parse_config

from .hf_llama import BPEVocab, HFLlama, load_hf_llama
from .q8_0 import QK8_0, quantize_q8_0

# What each --outtype stores 2-D weight matrices as; 1-D tensors (norms) always stay F32.
OUTTYPES = {
    "f32": (gguf.GGMLQuantizationType.F32, gguf.LlamaFileType.ALL_F32),
    "f16": (gguf.GGMLQuantizationType.F16, gguf.LlamaFileType.MOSTLY_F16),
    "q8_0": (gguf.GGMLQuantizationType.Q8_0, gguf.LlamaFileType.MOSTLY_Q8_0),
}
# GGUF token types (llama.cpp's llama_token_type).
TOKEN_NORMAL, TOKEN_CONTROL, TOKEN_UNUSED = 1, 3, 5
# HF buffers that are recomputed at load time, not weights.
SKIPPED = ("rotary_emb.inv_freq",)


def gguf_tensor_name(hf_name: str) -> str:
    """The GGUF name of a Hugging Face Llama tensor.

    ``model.embed_tokens.weight -> token_embd.weight``, ``model.norm.weight -> output_norm.weight``,
    ``lm_head.weight -> output.weight``, and for layer ``i``: ``model.layers.{i}.X.weight ->
    blk.{i}.Y.weight`` with X -> Y: ``input_layernorm -> attn_norm``, ``self_attn.q_proj -> attn_q``,
    ``self_attn.k_proj -> attn_k``, ``self_attn.v_proj -> attn_v``, ``self_attn.o_proj ->
    attn_output``, ``post_attention_layernorm -> ffn_norm``, ``mlp.gate_proj -> ffn_gate``,
    ``mlp.up_proj -> ffn_up``, ``mlp.down_proj -> ffn_down``. Raises ``KeyError`` for any other name.
    """
    # BEGIN SOLUTION
    top = {"model.embed_tokens.weight": "token_embd.weight",
           "model.norm.weight": "output_norm.weight",
           "lm_head.weight": "output.weight"}
    if hf_name in top:
        return top[hf_name]
    per_layer = {"input_layernorm": "attn_norm", "self_attn.q_proj": "attn_q",
                 "self_attn.k_proj": "attn_k", "self_attn.v_proj": "attn_v",
                 "self_attn.o_proj": "attn_output", "post_attention_layernorm": "ffn_norm",
                 "mlp.gate_proj": "ffn_gate", "mlp.up_proj": "ffn_up", "mlp.down_proj": "ffn_down"}
    match = re.fullmatch(r"model\.layers\.(\d+)\.(.+)\.weight", hf_name)
    if match is None or match.group(2) not in per_layer:
        raise KeyError(f"no GGUF name for tensor {hf_name!r}")
    return f"blk.{match.group(1)}.{per_layer[match.group(2)]}.weight"
    # END SOLUTION


def permute_qk(w: np.ndarray, n_heads: int) -> np.ndarray:
    """Reorder the rows of a q_proj/k_proj weight ``(n_heads * head_dim, in)`` for llama.cpp's RoPE.

    HF Llama rotates the pair (j, j + head_dim/2) of each head; llama.cpp's Llama rotates adjacent
    pairs (2j, 2j + 1). Within each head, output row ``2j`` must be input row ``j`` and output row
    ``2j + 1`` input row ``j + head_dim/2``. Same shape and dtype out; k_proj uses the number of
    key/value heads.
    """
    if w.shape[0] % (2 * n_heads):
        raise ValueError(f"{w.shape[0]} rows do not split into {n_heads} heads of even size")
    # BEGIN SOLUTION
    head_dim = w.shape[0] // n_heads
    return (w.reshape(n_heads, 2, head_dim // 2, *w.shape[1:])
            .swapaxes(1, 2)
            .reshape(w.shape))
    # END SOLUTION


def llama_metadata(config: dict) -> dict[str, int | float]:
    """The ``llama.*`` GGUF keys for a HF ``config.json`` dict.

    Keys: ``llama.context_length`` (max_position_embeddings), ``llama.embedding_length``
    (hidden_size), ``llama.block_count`` (num_hidden_layers), ``llama.feed_forward_length``
    (intermediate_size), ``llama.attention.head_count`` (num_attention_heads),
    ``llama.attention.head_count_kv`` (num_key_value_heads, default: num_attention_heads),
    ``llama.rope.dimension_count`` (the head size: head_dim, default hidden_size //
    num_attention_heads),
    ``llama.rope.freq_base`` (rope_theta, default 10000.0; newer configs keep it in
    ``rope_parameters["rope_theta"]``), ``llama.attention.layer_norm_rms_epsilon`` (rms_norm_eps),
    ``llama.vocab_size`` (vocab_size). The freq base and epsilon are ``float``, the rest ``int``.
    """
    # BEGIN SOLUTION
    heads = config["num_attention_heads"]
    rope = config.get("rope_parameters") or {}
    theta = config.get("rope_theta", rope.get("rope_theta", 10000.0))
    return {
        "llama.context_length": int(config["max_position_embeddings"]),
        "llama.embedding_length": int(config["hidden_size"]),
        "llama.block_count": int(config["num_hidden_layers"]),
        "llama.feed_forward_length": int(config["intermediate_size"]),
        "llama.attention.head_count": int(heads),
        "llama.attention.head_count_kv": int(config.get("num_key_value_heads") or heads),
        "llama.rope.dimension_count": int(config.get("head_dim") or config["hidden_size"] // heads),
        "llama.rope.freq_base": float(theta),
        "llama.attention.layer_norm_rms_epsilon": float(config["rms_norm_eps"]),
        "llama.vocab_size": int(config["vocab_size"]),
    }
    # END SOLUTION


def tokenizer_metadata(vocab: BPEVocab, pre: str = "gpt-2") -> dict[str, Any]:
    """The ``tokenizer.ggml.*`` GGUF keys for a byte-level BPE tokenizer.

    ``tokenizer.ggml.model = "gpt2"`` (byte-level BPE), ``tokenizer.ggml.pre = pre`` (the
    pre-tokenizer's split regex), ``tokenizer.ggml.tokens`` (list of str, id order),
    ``tokenizer.ggml.token_type`` (list of int: 3 for ids in ``vocab.special_ids``, 5 for padding
    names ``[PAD<id>]``, else 1), ``tokenizer.ggml.merges`` (list of str ``"a b"``),
    ``tokenizer.ggml.eos_token_id`` and ``tokenizer.ggml.bos_token_id`` (ints; a key is left out
    when its id is None) and ``tokenizer.ggml.add_bos_token`` (bool).
    """
    # BEGIN SOLUTION
    types = [TOKEN_CONTROL if i in vocab.special_ids
             else TOKEN_UNUSED if token == f"[PAD{i}]" else TOKEN_NORMAL
             for i, token in enumerate(vocab.tokens)]
    meta: dict[str, Any] = {
        "tokenizer.ggml.model": "gpt2",
        "tokenizer.ggml.pre": pre,
        "tokenizer.ggml.tokens": list(vocab.tokens),
        "tokenizer.ggml.token_type": types,
        "tokenizer.ggml.merges": list(vocab.merges),
        "tokenizer.ggml.add_bos_token": bool(vocab.add_bos),
    }
    if vocab.eos_id is not None:
        meta["tokenizer.ggml.eos_token_id"] = int(vocab.eos_id)
    if vocab.bos_id is not None:
        meta["tokenizer.ggml.bos_token_id"] = int(vocab.bos_id)
    return meta
    # END SOLUTION


def add_metadata(writer: gguf.GGUFWriter, items: dict[str, Any]) -> None:
    """Write ``items`` with the value types llama.cpp checks: uint32 ints, float32, bool, arrays."""
    for key, value in items.items():
        if isinstance(value, bool):
            writer.add_bool(key, value)
        elif isinstance(value, int):
            writer.add_uint32(key, value)
        elif isinstance(value, float):
            writer.add_float32(key, value)
        elif isinstance(value, str):
            writer.add_string(key, value)
        elif isinstance(value, list):
            writer.add_array(key, value)  # int lists become int32 arrays, as token_type must be
        else:
            raise TypeError(f"metadata {key!r}: cannot store a {type(value).__name__} in GGUF")


def gguf_tensors(model: HFLlama) -> dict[str, np.ndarray]:
    """The model's weights under GGUF names, q/k rows permuted for llama.cpp's RoPE, float32."""
    heads = model.config["num_attention_heads"]
    kv_heads = model.config.get("num_key_value_heads") or heads
    out: dict[str, np.ndarray] = {}
    for hf_name, array in model.tensors.items():
        if hf_name.endswith(SKIPPED):
            continue
        name = gguf_tensor_name(hf_name)
        if name.endswith("attn_q.weight"):
            array = permute_qk(array, heads)
        elif name.endswith("attn_k.weight"):
            array = permute_qk(array, kv_heads)
        out[name] = array.astype(np.float32)
    # A tied lm_head is absent from the checkpoint; llama.cpp then reuses token_embd.
    return out


def storage(array: np.ndarray, outtype: str) -> tuple[np.ndarray, gguf.GGMLQuantizationType]:
    """The bytes/array to store for one tensor and its ggml type (norms and odd rows stay F32)."""
    qtype = OUTTYPES[outtype][0]
    if array.ndim < 2 or qtype == gguf.GGMLQuantizationType.F32:
        return array.astype(np.float32), gguf.GGMLQuantizationType.F32
    if qtype == gguf.GGMLQuantizationType.F16:
        return array.astype(np.float16), qtype
    if array.shape[-1] % QK8_0:
        return array.astype(np.float16), gguf.GGMLQuantizationType.F16
    return quantize_q8_0(array), qtype


def write_gguf(model: HFLlama, path: str | Path, outtype: str = "f16", pre: str = "gpt-2",
               name: str | None = None) -> Path:
    """Write ``model`` as a llama.cpp GGUF file; ``outtype`` is ``f32``, ``f16`` or ``q8_0``.

    ``q8_0`` quantises the weight matrices with your ``quantize_q8_0``, as
    ``convert_hf_to_gguf.py --outtype q8_0`` does.
    """
    if outtype not in OUTTYPES:
        raise ValueError(f"unknown outtype {outtype!r}; choose one of {', '.join(OUTTYPES)}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = gguf.GGUFWriter(path, arch="llama")
    writer.add_name(name or model.folder.name)
    writer.add_file_type(int(OUTTYPES[outtype][1]))
    add_metadata(writer, llama_metadata(model.config))
    add_metadata(writer, tokenizer_metadata(model.vocab, pre=pre))
    for tensor_name, array in gguf_tensors(model).items():
        data, qtype = storage(array, outtype)
        writer.add_tensor(tensor_name, data, raw_dtype=qtype)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


@dataclass
class ConvertConfig:
    model: str | None = field(default=None, metadata={
        "help": "zoo name, HF folder or Hub id (Llama with a byte-level BPE tokenizer); "
                "default: the zoo's stories-lm-large"})
    outtype: str = field(default="f16", metadata={
        "help": "how weight matrices are stored", "choices": list(OUTTYPES)})
    out: Path | None = field(default=None, metadata={
        "help": "output .gguf file; default runs/lab41/<model>-<outtype>.gguf"})
    pre: str = field(default="gpt-2", metadata={
        "help": "tokenizer.ggml.pre: llama.cpp's name for the pre-tokenizer regex ('gpt-2' matches "
                "the zoo's ByteLevel tokenizer; e.g. 'smollm' for SmolLM)"})


def main(argv: list[str] | None = None) -> None:
    config = parse_config(ConvertConfig, argv, prog="gguf-convert",
                          description="Convert a Hugging Face Llama to a GGUF file for llama.cpp.")
    from llmlab.paths import runs_dir

    start = time.perf_counter()
    model = load_hf_llama(config.model)
    out = config.out or runs_dir("lab41") / f"{model.folder.name}-{config.outtype}.gguf"
    write_gguf(model, out, config.outtype, pre=config.pre)
    params = sum(a.size for a in model.tensors.values())
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB, {params / 1e6:.2f}M parameters, "
          f"{config.outtype}) in {time.perf_counter() - start:.1f} s")
