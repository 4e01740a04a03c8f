"""Lab 42: serving throughput: metrics, an async load generator, naive vs static batching vs vLLM,
and PagedAttention KV-cache memory."""

from lab42_vllm_throughput.batching import (
    greedy_batch,
    left_pad,
    naive_generate,
    static_batch_generate,
    static_batch_waste,
)
from lab42_vllm_throughput.loadgen import (
    LoadResult,
    build_payload,
    delta_text,
    endpoint_url,
    run_load,
    stream_request,
)
from lab42_vllm_throughput.metrics import (
    RequestTrace,
    inter_token_latencies,
    percentile,
    summarize,
    ttft,
)
from lab42_vllm_throughput.paged import (
    KVSpec,
    blocks_needed,
    kv_bytes_per_token,
    max_sequences_paged,
    max_sequences_static,
    memory_report,
    paged_waste,
    static_waste,
)
from lab42_vllm_throughput.prompts import story_prompts

__all__ = [
    "KVSpec", "LoadResult", "RequestTrace", "blocks_needed", "build_payload", "delta_text",
    "endpoint_url", "greedy_batch", "inter_token_latencies", "kv_bytes_per_token", "left_pad",
    "max_sequences_paged", "max_sequences_static", "memory_report", "naive_generate",
    "paged_waste", "percentile", "run_load", "static_batch_generate", "static_batch_waste",
    "static_waste", "story_prompts", "stream_request", "summarize", "ttft",
]
