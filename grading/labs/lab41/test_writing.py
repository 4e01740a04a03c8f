import json

import numpy as np
import pytest
from lab41_llama_cpp import (
    gguf_tensor_name,
    llama_metadata,
    load_llm,
    permute_qk,
    tokenizer_metadata,
    window_logits,
    write_gguf,
)
from llmlab_grading import points
from tokenizers import Tokenizer


@points(5, "gguf_tensor_name must map every HF Llama tensor to llama.cpp's name "
           "(model.layers.3.self_attn.q_proj.weight -> blk.3.attn_q.weight, embed_tokens -> "
           "token_embd, norm -> output_norm, lm_head -> output) and raise KeyError otherwise.",
        task="gguf-writing", timeout=30)
def test_tensor_names(large):
    assert gguf_tensor_name("model.embed_tokens.weight") == "token_embd.weight"
    assert gguf_tensor_name("model.norm.weight") == "output_norm.weight"
    assert gguf_tensor_name("lm_head.weight") == "output.weight"
    expected = {"input_layernorm": "attn_norm", "self_attn.q_proj": "attn_q",
                "self_attn.k_proj": "attn_k", "self_attn.v_proj": "attn_v",
                "self_attn.o_proj": "attn_output", "post_attention_layernorm": "ffn_norm",
                "mlp.gate_proj": "ffn_gate", "mlp.up_proj": "ffn_up", "mlp.down_proj": "ffn_down"}
    for hf, ours in expected.items():
        assert gguf_tensor_name(f"model.layers.12.{hf}.weight") == f"blk.12.{ours}.weight"
    names = {gguf_tensor_name(n) for n in large.tensors}
    assert len(names) == len(large.tensors) == 38
    for bad in ("model.layers.0.mlp.act.weight", "encoder.weight"):
        with pytest.raises(KeyError):
            gguf_tensor_name(bad)


@points(6, "permute_qk must interleave each head's two halves: within a head, output row 2j is "
           "input row j and row 2j+1 is input row j + head_dim/2, so llama.cpp's adjacent-pair RoPE "
           "computes what HF's rotate-half RoPE does.", task="gguf-writing", timeout=30)
def test_permute_qk_rows_and_rope_equivalence():
    w = np.arange(16, dtype=np.float32)[:, None] * np.ones((1, 3), dtype=np.float32)
    got = permute_qk(w, 2)
    assert got.shape == w.shape and got.dtype == w.dtype
    assert got[:, 0].tolist() == [0, 4, 1, 5, 2, 6, 3, 7, 8, 12, 9, 13, 10, 14, 11, 15]
    # The two RoPE conventions agree once the rows are permuted.
    rng = np.random.default_rng(0)
    heads, dim, width, pos = 3, 8, 12, 5
    weight = rng.standard_normal((heads * dim, width))
    x = rng.standard_normal(width)
    theta = pos * 10000.0 ** (-np.arange(0, dim, 2) / dim)
    cos, sin = np.cos(theta), np.sin(theta)
    q = (weight @ x).reshape(heads, dim)
    half = dim // 2
    hf = np.concatenate([q[:, :half] * cos - q[:, half:] * sin,
                         q[:, half:] * cos + q[:, :half] * sin], axis=1)
    p = (permute_qk(weight, heads) @ x).reshape(heads, half, 2)
    cpp = np.stack([p[..., 0] * cos - p[..., 1] * sin, p[..., 0] * sin + p[..., 1] * cos], -1)
    assert np.allclose(permute_qk(hf.reshape(-1, 1), heads).ravel(), cpp.ravel(), atol=1e-9)


@points(5, "llama_metadata must give every llama.* key from config.json with the right value and "
           "type (head size for rope.dimension_count, rope_theta default 10000.0).",
        task="gguf-writing", timeout=30)
def test_llama_metadata(large):
    meta = llama_metadata(large.config)
    assert meta == {"llama.context_length": 512, "llama.embedding_length": 256,
                    "llama.block_count": 4,
                    "llama.feed_forward_length": large.config["intermediate_size"],
                    "llama.attention.head_count": 8, "llama.attention.head_count_kv": 8,
                    "llama.rope.dimension_count": 32, "llama.rope.freq_base": 10000.0,
                    "llama.attention.layer_norm_rms_epsilon": pytest.approx(1e-6),
                    "llama.vocab_size": large.config["vocab_size"]}
    assert isinstance(meta["llama.rope.freq_base"], float)
    assert isinstance(meta["llama.block_count"], int)
    gqa = dict(large.config, num_key_value_heads=2, rope_theta=500000.0)
    meta = llama_metadata(gqa)
    assert meta["llama.attention.head_count_kv"] == 2 and meta["llama.rope.freq_base"] == 500000.0


@points(4, "tokenizer_metadata must store the byte-level BPE vocabulary for llama.cpp: model 'gpt2', "
           "the tokens in id order, token types (3 for special tokens, else 1), the merges as 'a b' "
           "strings, EOS/BOS ids and add_bos_token.", task="gguf-writing", timeout=30)
def test_tokenizer_metadata(large):
    meta = tokenizer_metadata(large.vocab)
    vocab = large.config["vocab_size"]
    data = json.loads((large.folder / "tokenizer.json").read_text())
    assert meta["tokenizer.ggml.model"] == "gpt2" and meta["tokenizer.ggml.pre"] == "gpt-2"
    tokens = meta["tokenizer.ggml.tokens"]
    assert len(tokens) == vocab
    assert all(tokens[i] == t for t, i in data["model"]["vocab"].items())
    eos = meta["tokenizer.ggml.eos_token_id"]
    assert tokens[eos] == "<|endoftext|>" and meta["tokenizer.ggml.bos_token_id"] == eos
    types = meta["tokenizer.ggml.token_type"]
    assert len(types) == vocab and types[eos] == 3 and types.count(3) == 1
    assert types.count(1) == vocab - 1
    merges = meta["tokenizer.ggml.merges"]
    assert len(merges) == len(data["model"]["merges"]) and all(m.count(" ") == 1 for m in merges)
    assert meta["tokenizer.ggml.add_bos_token"] is False
    assert tokenizer_metadata(large.vocab, pre="smollm")["tokenizer.ggml.pre"] == "smollm"


@points(5, "Your f32 GGUF must load in llama.cpp, tokenize like the Hugging Face tokenizer, and give "
           "the same logits as a correctly converted file (a wrong permute_qk or tensor mapping "
           "shows up here).", task="gguf-writing", timeout=90)
def test_converted_file_runs_like_reference(tmp_path, large, ref_llm, held_out):
    llm = load_llm(write_gguf(large, tmp_path / "ours.gguf", "f32"), n_threads=1)
    hf = Tokenizer.from_file(str(large.folder / "tokenizer.json"))
    text = "Once upon a time, Lily's dog found 3 red balls... \"Wow!\" she said.\n"
    assert llm.tokenize(text.encode(), add_bos=False) == hf.encode(text).ids
    ours = window_logits(llm, held_out[:96])
    ref = window_logits(ref_llm, held_out[:96])
    assert np.allclose(ours, ref, atol=1e-3), float(np.abs(ours - ref).max())
