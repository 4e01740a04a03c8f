from lab42_vllm_throughput import (
    KVSpec,
    blocks_needed,
    kv_bytes_per_token,
    max_sequences_paged,
    max_sequences_static,
    paged_waste,
    static_waste,
)


def test_llama_8b_kv_cache_numbers():
    spec = KVSpec(num_layers=32, num_kv_heads=8, head_dim=128, dtype_bytes=2)
    assert kv_bytes_per_token(spec) == 128 * 1024  # 128 KiB per token in fp16
    assert [blocks_needed(n, 16) for n in (0, 1, 16, 17)] == [0, 1, 1, 2]
    assert max_sequences_static(16 * 2**30, spec, 8192) == 16
    assert max_sequences_paged(16 * 2**30, spec, 500, 16) == 256


def test_waste():
    assert abs(static_waste([256, 768], 1024) - 0.5) < 1e-12
    assert abs(paged_waste([17, 32], 16) - (1 - 49 / 64)) < 1e-12
