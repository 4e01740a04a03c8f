"""vLLM's offline engine on the same prompts: continuous batching and PagedAttention, on a GPU.

vLLM is an optional extra (``--extra gpu``): it ships CUDA wheels and is imported only here,
only when asked for. The offline API is ``vllm.LLM`` + ``vllm.SamplingParams``; prompts go in
as token ids (``{"prompt_token_ids": [...]}``) so every engine reads exactly the same tokens.
"""

from __future__ import annotations

import time
from typing import Any


def import_vllm() -> Any:
    """The ``vllm`` module, or an ImportError that says how to get it."""
    try:
        import vllm
    except ImportError as exc:
        raise ImportError(
            "the vLLM engine needs the optional 'gpu' extra and an NVIDIA GPU: run "
            "`uv run --package lab42-vllm-throughput --extra gpu throughput-bench --engines "
            "naive,static,vllm`, or leave 'vllm' out of --engines on this machine") from exc
    return vllm


def load_vllm(model_path: str, *, max_model_len: int, dtype: str = "auto",
              gpu_memory_utilization: float = 0.5, block_size: int = 16, seed: int = 0) -> Any:
    """A ``vllm.LLM`` for ``model_path`` (a Hugging Face folder or hub id).

    ``gpu_memory_utilization`` is the fraction of the GPU vLLM may take for weights, activations
    and the paged KV cache; ``block_size`` is the number of tokens per KV block.
    """
    vllm = import_vllm()
    return vllm.LLM(model=model_path, tokenizer=model_path, dtype=dtype, seed=seed,
                    max_model_len=max_model_len, block_size=block_size,
                    gpu_memory_utilization=gpu_memory_utilization)


def vllm_generate(llm: Any, prompts: list[list[int]],
                  max_new_tokens: int) -> tuple[list[list[int]], float]:
    """Greedy continuations of ``prompts`` (token ids) from one ``llm.generate`` call, and its
    seconds. vLLM schedules all of them itself: continuous batching at the token level."""
    vllm = import_vllm()
    params = vllm.SamplingParams(temperature=0.0, max_tokens=max_new_tokens)
    inputs = [{"prompt_token_ids": list(p)} for p in prompts]
    started = time.perf_counter()
    results = llm.generate(inputs, params, use_tqdm=False)
    seconds = time.perf_counter() - started
    return [list(r.outputs[0].token_ids) for r in results], seconds


def kv_cache_blocks(llm: Any) -> int | None:
    """How many KV blocks vLLM allocated (``cache_config.num_gpu_blocks``), when it says."""
    engine = getattr(llm, "llm_engine", None)
    config = getattr(engine, "vllm_config", None) or getattr(engine, "cache_config", None)
    cache = getattr(config, "cache_config", config)
    blocks = getattr(cache, "num_gpu_blocks", None)
    return int(blocks) if blocks else None
