"""Lab 41: llama.cpp on CPU: a zoo Llama converted to GGUF, quantised, measured per level."""

import os

# llama.cpp's OpenMP threads spin while they wait; on a shared or busy machine that makes two
# threads 10-50x slower than one. Passive waiting must be chosen before llama_cpp is loaded.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from .convert import (
    gguf_tensor_name,
    gguf_tensors,
    llama_metadata,
    permute_qk,
    tokenizer_metadata,
    write_gguf,
)
from .evaluate import (
    Throughput,
    evaluate_perplexity,
    greedy_generate,
    load_llm,
    measure_throughput,
    token_nlls,
    window_logits,
)
from .hf_llama import BPEVocab, HFLlama, load_hf_llama, read_bpe_vocab, read_safetensors
from .q8_0 import BLOCK_BYTES, QK8_0, dequantize_q8_0, quantize_q8_0, round_half_away
from .quantize import FTYPES, quantize_gguf
from .reader import (
    TensorInfo,
    bits_per_weight,
    read_metadata,
    size_ratios,
    tensor_infos,
    type_counts,
)

__all__ = [
    "BLOCK_BYTES", "BPEVocab", "FTYPES", "HFLlama", "QK8_0", "TensorInfo", "Throughput",
    "bits_per_weight", "dequantize_q8_0", "evaluate_perplexity", "gguf_tensor_name", "gguf_tensors",
    "greedy_generate", "llama_metadata", "load_hf_llama", "load_llm", "measure_throughput",
    "permute_qk", "quantize_gguf", "quantize_q8_0", "read_bpe_vocab", "read_metadata",
    "read_safetensors", "round_half_away", "size_ratios", "tensor_infos", "token_nlls",
    "tokenizer_metadata", "type_counts", "window_logits", "write_gguf",
]
