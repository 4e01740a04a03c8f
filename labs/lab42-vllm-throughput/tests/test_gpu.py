"""CUDA checks: the batching engines on the GPU, and vLLM (needs `--extra gpu`) on the same prompts."""

import pytest
import torch
from lab42_vllm_throughput import naive_generate, static_batch_generate, story_prompts

cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")


@pytest.mark.gpu
@cuda
def test_static_batching_matches_naive_on_cuda(zoo_lm):
    model, tokenizer = zoo_lm
    model = model.cuda()
    prompts = [tokenizer(p)["input_ids"] for p in story_prompts(8)]
    eos = tokenizer.eos_token_id
    naive = naive_generate(model, prompts, 32, eos)
    assert static_batch_generate(model, prompts, 32, 4, tokenizer.pad_token_id, eos) == naive
    model.cpu()


@pytest.mark.gpu
@cuda
def test_vllm_agrees_with_the_hf_greedy_loop(zoo_lm):
    pytest.importorskip("vllm", reason="install the gpu extra: --extra gpu")
    from lab42_vllm_throughput.vllm_engine import load_vllm, vllm_generate
    from llmlab.zoo import zoo_path

    model, tokenizer = zoo_lm
    prompts = [tokenizer(p)["input_ids"] for p in story_prompts(8)]
    naive = naive_generate(model, prompts, 16, tokenizer.eos_token_id)
    llm = load_vllm(str(zoo_path("stories-lm-small")), max_model_len=128, dtype="float32",
                    gpu_memory_utilization=0.3)
    outputs, seconds = vllm_generate(llm, prompts, 16)
    assert seconds > 0 and all(1 <= len(o) <= 16 for o in outputs)
    # fp32 on both sides: greedy tokens agree except at rare near-ties
    agree = sum(a[:4] == b[:4] for a, b in zip(outputs, naive, strict=True))
    assert agree >= 6, (outputs, naive)
