"""Shared fixtures: the zoo Llama, and GGUF files written by a grader-side converter.

The grader writes its own GGUF files (``ref_files``) so the reading, perplexity and speed
tasks are graded on a correct file even when the submission's converter is broken.
"""

import re

import gguf
import numpy as np
import pytest
from lab41_llama_cpp import load_hf_llama, load_llm, quantize_gguf
from llmlab.corpora import generate_stories

NAMES = {"input_layernorm": "attn_norm", "self_attn.q_proj": "attn_q", "self_attn.k_proj": "attn_k",
         "self_attn.v_proj": "attn_v", "self_attn.o_proj": "attn_output",
         "post_attention_layernorm": "ffn_norm", "mlp.gate_proj": "ffn_gate",
         "mlp.up_proj": "ffn_up", "mlp.down_proj": "ffn_down"}


def _name(hf: str) -> str:
    top = {"model.embed_tokens.weight": "token_embd.weight", "model.norm.weight": "output_norm.weight",
           "lm_head.weight": "output.weight"}
    if hf in top:
        return top[hf]
    layer, part = re.fullmatch(r"model\.layers\.(\d+)\.(.+)\.weight", hf).groups()
    return f"blk.{layer}.{NAMES[part]}.weight"


def _permute(w: np.ndarray, heads: int) -> np.ndarray:
    return w.reshape(heads, 2, w.shape[0] // heads // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def write_reference(model, path, f16: bool) -> None:
    """A correct GGUF of ``model`` written without the submission's conversion code."""
    c = model.config
    w = gguf.GGUFWriter(path, arch="llama")
    w.add_file_type(1 if f16 else 0)
    for key, value in [("context_length", c["max_position_embeddings"]),
                       ("embedding_length", c["hidden_size"]), ("block_count", c["num_hidden_layers"]),
                       ("feed_forward_length", c["intermediate_size"]),
                       ("attention.head_count", c["num_attention_heads"]),
                       ("attention.head_count_kv", c["num_key_value_heads"]),
                       ("rope.dimension_count", c["hidden_size"] // c["num_attention_heads"]),
                       ("vocab_size", c["vocab_size"])]:
        w.add_uint32(f"llama.{key}", int(value))
    w.add_float32("llama.rope.freq_base", float(c.get("rope_theta", 10000.0)))
    w.add_float32("llama.attention.layer_norm_rms_epsilon", float(c["rms_norm_eps"]))
    v = model.vocab
    w.add_string("tokenizer.ggml.model", "gpt2")
    w.add_string("tokenizer.ggml.pre", "gpt-2")
    w.add_array("tokenizer.ggml.tokens", v.tokens)
    w.add_array("tokenizer.ggml.token_type", [3 if i in v.special_ids else 1 for i in range(len(v.tokens))])
    w.add_array("tokenizer.ggml.merges", v.merges)
    w.add_uint32("tokenizer.ggml.eos_token_id", v.eos_id)
    w.add_uint32("tokenizer.ggml.bos_token_id", v.bos_id)
    w.add_bool("tokenizer.ggml.add_bos_token", False)
    for hf, array in model.tensors.items():
        name = _name(hf)
        if name.endswith("attn_q.weight"):
            array = _permute(array, c["num_attention_heads"])
        elif name.endswith("attn_k.weight"):
            array = _permute(array, c["num_key_value_heads"])
        w.add_tensor(name, array.astype(np.float16 if f16 and array.ndim == 2 else np.float32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


@pytest.fixture(scope="session")
def large():
    return load_hf_llama("stories-lm-large")


@pytest.fixture(scope="session")
def small():
    return load_hf_llama("stories-lm-small")


@pytest.fixture(scope="session")
def ref_files(tmp_path_factory, large, small):
    """Grader-written GGUF files: large f32/f16, and llama.cpp's Q8_0 / Q4_K_M of them."""
    folder = tmp_path_factory.mktemp("ref")
    files = {"f32": folder / "large-f32.gguf", "f16": folder / "large-f16.gguf",
             "small-f32": folder / "small-f32.gguf"}
    write_reference(large, files["f32"], f16=False)
    write_reference(large, files["f16"], f16=True)
    write_reference(small, files["small-f32"], f16=False)
    for level in ("q8_0", "q4_k_m"):
        files[level] = quantize_gguf(files["f32"], folder / f"large-{level}.gguf", level, 1)
    files["small-q4_k_m"] = quantize_gguf(files["small-f32"], folder / "small-q4_k_m.gguf",
                                          "q4_k_m", 1)
    return files


@pytest.fixture(scope="session")
def ref_llm(ref_files):
    return load_llm(ref_files["f32"], n_threads=1)


@pytest.fixture(scope="session")
def held_out(ref_llm, large):
    """Held-out stories (corpus seed 0) as one token stream, each story followed by EOS."""
    ids = []
    for text in generate_stories(40, seed=0):
        ids += ref_llm.tokenize(text.encode(), add_bos=False) + [large.vocab.eos_id]
    return ids


def reference_perplexity(llm, tokens, window):
    """Perplexity computed here from llama.cpp's logits, window by window."""
    total, count = 0.0, 0
    for start in range(0, len(tokens) - window, window):
        chunk = tokens[start: start + window + 1]
        llm.reset()
        llm.eval(chunk)
        z = np.array(llm.scores[: len(chunk) - 1], dtype=np.float64)
        z -= z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        total -= logp[np.arange(len(chunk) - 1), chunk[1:]].sum()
        count += len(chunk) - 1
    return float(np.exp(total / count))


@pytest.fixture
def ref_perplexity():
    return reference_perplexity
