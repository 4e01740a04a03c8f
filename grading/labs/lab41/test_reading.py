import pytest
from lab41_llama_cpp import bits_per_weight, read_metadata, size_ratios, tensor_infos, type_counts
from llmlab_grading import points


@points(6, "read_metadata must return every key as a plain Python value: str for strings, int / "
           "float / bool for numbers and flags, lists for arrays (tokens as a list of str).",
        task="gguf-reading", timeout=60)
def test_read_metadata(ref_files, large):
    vocab = large.config["vocab_size"]
    meta = read_metadata(ref_files["f16"])
    assert meta["general.architecture"] == "llama"
    assert meta["llama.block_count"] == 4 and isinstance(meta["llama.block_count"], int)
    assert meta["llama.embedding_length"] == 256
    assert isinstance(meta["llama.attention.layer_norm_rms_epsilon"], float)
    assert meta["llama.attention.layer_norm_rms_epsilon"] == pytest.approx(1e-6)
    assert meta["tokenizer.ggml.model"] == "gpt2"
    tokens = meta["tokenizer.ggml.tokens"]
    assert isinstance(tokens, list) and len(tokens) == vocab and all(isinstance(t, str) for t in tokens)
    assert tokens[meta["tokenizer.ggml.eos_token_id"]] == "<|endoftext|>"
    assert meta["tokenizer.ggml.add_bos_token"] is False
    assert meta["GGUF.tensor_count"] == 38 and meta["general.file_type"] == 1
    q4 = read_metadata(ref_files["q4_k_m"])
    assert q4["general.file_type"] == 15 and q4["general.quantization_version"] == 2


@points(5, "tensor_infos must list every tensor in file order with its ggml type name, its shape "
           "in PyTorch order (rows, cols), its element count and its byte size.",
        task="gguf-reading", timeout=60)
def test_tensor_infos(ref_files, large):
    vocab = large.config["vocab_size"]
    infos = tensor_infos(ref_files["f16"])
    assert len(infos) == 38
    by_name = {t.name: t for t in infos}
    emb = by_name["token_embd.weight"]
    assert emb.shape == (vocab, 256) and emb.type == "F16"
    assert emb.n_elements == vocab * 256 and emb.n_bytes == vocab * 256 * 2
    down = by_name["blk.0.ffn_down.weight"]
    assert down.shape == (256, large.config["intermediate_size"])
    norm = by_name["blk.3.ffn_norm.weight"]
    assert norm.shape == (256,) and norm.type == "F32" and norm.n_bytes == 1024
    q8 = {t.name: t for t in tensor_infos(ref_files["q8_0"])}
    assert q8["blk.0.attn_q.weight"].type == "Q8_0"
    assert q8["blk.0.attn_q.weight"].n_bytes == 256 * 256 // 32 * 34


@points(4, "bits_per_weight is 8 * bytes / elements over all tensors, type_counts counts tensors "
           "per type, and size_ratios divides each file's size by the base file's.",
        task="gguf-reading", timeout=60)
def test_sizes_bits_and_ratios(ref_files):
    f16 = tensor_infos(ref_files["f16"])
    n = sum(t.n_elements for t in f16)
    assert bits_per_weight(f16) == pytest.approx(8 * sum(t.n_bytes for t in f16) / n)
    assert 16.0 < bits_per_weight(f16) < 16.1
    q8 = tensor_infos(ref_files["q8_0"])
    assert 8.5 <= bits_per_weight(q8) < 8.6
    assert type_counts(q8) == {"F32": 9, "Q8_0": 29}
    q4 = type_counts(tensor_infos(ref_files["q4_k_m"]))
    assert q4.get("Q4_K", 0) > 0 and q4.get("Q6_K", 0) > 0 and q4["F32"] == 9
    ratios = size_ratios({k: ref_files[k] for k in ("f32", "f16", "q8_0", "q4_k_m")}, "f16")
    assert ratios["f16"] == 1.0
    size = {k: ref_files[k].stat().st_size for k in ("f32", "f16", "q8_0", "q4_k_m")}
    for level in ("f32", "q8_0", "q4_k_m"):
        assert ratios[level] == pytest.approx(size[level] / size["f16"], rel=1e-12)
    assert 1.9 < ratios["f32"] < 2.0 and 0.5 < ratios["q8_0"] < 0.6 and ratios["q4_k_m"] < 0.45
    with pytest.raises(KeyError):
        size_ratios({"f16": ref_files["f16"]}, "f32")
