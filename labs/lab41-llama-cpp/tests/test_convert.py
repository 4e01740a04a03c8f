import numpy as np
from lab41_llama_cpp import gguf_tensor_name, permute_qk, read_metadata, tensor_infos


def test_tensor_names():
    assert gguf_tensor_name("model.embed_tokens.weight") == "token_embd.weight"
    assert gguf_tensor_name("model.layers.1.self_attn.o_proj.weight") == "blk.1.attn_output.weight"
    assert gguf_tensor_name("model.layers.0.mlp.down_proj.weight") == "blk.0.ffn_down.weight"


def test_permute_qk_interleaves_halves():
    w = np.arange(8, dtype=np.float32)[:, None]  # one head of size 8
    assert permute_qk(w, 1)[:, 0].tolist() == [0, 4, 1, 5, 2, 6, 3, 7]


def test_metadata_and_tensors_read_back(small_f32, small):
    vocab = small.config["vocab_size"]
    meta = read_metadata(small_f32)
    assert meta["general.architecture"] == "llama"
    assert meta["llama.block_count"] == 2 and meta["llama.embedding_length"] == 128
    assert len(meta["tokenizer.ggml.tokens"]) == vocab
    infos = {t.name: t for t in tensor_infos(small_f32)}
    assert infos["token_embd.weight"].shape == (vocab, 128)
    assert infos["blk.0.attn_norm.weight"].type == "F32"
