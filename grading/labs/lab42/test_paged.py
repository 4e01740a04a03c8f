import pytest
from lab42_vllm_throughput import (
    KVSpec,
    blocks_needed,
    kv_bytes_per_token,
    max_sequences_paged,
    max_sequences_static,
    paged_waste,
    static_waste,
)
from llmlab_grading import points

LLAMA_8B = KVSpec(num_layers=32, num_kv_heads=8, head_dim=128, dtype_bytes=2)


@points(4, "kv_bytes_per_token counts a key AND a value per kv head per layer: "
           "2 * layers * kv_heads * head_dim * dtype_bytes (Llama-3-8B in fp16: 131072).",
        task="paged-kv", timeout=30)
def test_kv_bytes_per_token():
    assert kv_bytes_per_token(LLAMA_8B) == 131072
    assert kv_bytes_per_token(KVSpec(2, 4, 32, 4)) == 2048
    assert kv_bytes_per_token(KVSpec(4, 8, 32, 2)) == 4096


@points(4, "blocks_needed is ceil(num_tokens / block_size), 0 for 0 tokens, ValueError for a "
           "negative count or block_size < 1.", task="paged-kv", timeout=30)
def test_blocks_needed():
    assert [blocks_needed(n, 16) for n in (0, 1, 15, 16, 17, 32, 33)] == [0, 1, 1, 1, 2, 2, 3]
    assert blocks_needed(100, 1) == 100 and blocks_needed(5, 8) == 1
    with pytest.raises(ValueError):
        blocks_needed(-1, 16)
    with pytest.raises(ValueError):
        blocks_needed(10, 0)


@points(6, "static_waste reserves max_len slots per sequence; paged_waste reserves whole blocks "
           "(only the last block of each sequence is partly empty). Check the arithmetic.",
        task="paged-kv", timeout=30)
def test_static_vs_paged_waste():
    lens = [100, 300, 17, 2048]
    assert static_waste(lens, 2048) == pytest.approx(1 - 2465 / 8192)
    # blocks: 7 + 19 + 2 + 128 = 156 blocks of 16 = 2496 slots
    assert paged_waste(lens, 16) == pytest.approx(1 - 2465 / 2496)
    assert paged_waste([32, 64], 16) == 0.0 and paged_waste([], 16) == 0.0
    assert static_waste([10, 10], 10) == 0.0
    with pytest.raises(ValueError):
        static_waste([10, 11], 10)


@points(6, "max_sequences_static is memory // (bytes/token * max_len); max_sequences_paged divides "
           "the memory into blocks first and gives each sequence blocks_needed(seq_len) of them.",
        task="paged-kv", timeout=30)
def test_max_sequences():
    memory = 16 * 2**30
    assert max_sequences_static(memory, LLAMA_8B, 8192) == 16
    assert max_sequences_paged(memory, LLAMA_8B, 500, 16) == 8192 // 32
    assert max_sequences_paged(memory, LLAMA_8B, 513, 16) == 8192 // 33
    small = KVSpec(2, 4, 32, 4)  # 2048 bytes per token
    assert max_sequences_static(10 * 2048 * 100, small, 100) == 10
    assert max_sequences_paged(10 * 2048 * 100, small, 30, 16) == 62 // 2
