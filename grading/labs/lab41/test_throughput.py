import itertools

import numpy as np
import pytest
from lab41_llama_cpp import Throughput, greedy_generate, measure_throughput, window_logits
from llmlab_grading import points


@points(6, "greedy_generate must feed the prompt once, then one token at a time through the KV "
           "cache, each the argmax of the last row of llm.scores: it must match llama.cpp's own "
           "greedy sampler and a recomputation without cache.", task="throughput", timeout=60)
def test_greedy_generate(ref_llm, held_out):
    prompt = held_out[:20]
    got = greedy_generate(ref_llm, prompt, 40)
    assert isinstance(got, list) and len(got) == 40 and all(isinstance(t, int) for t in got)
    assert ref_llm.n_tokens == 60, "each generated token must be evaluated (the cache holds them)"
    own = list(itertools.islice(ref_llm.generate(prompt, temp=0.0, top_k=1), 40))
    assert got == own
    full = window_logits(ref_llm, prompt + got)
    assert got == np.argmax(full[19:59], axis=1).tolist()


@points(5, "measure_throughput must time the prompt and generation phases separately and return "
           "the generated tokens (the same as greedy_generate) with exact token counts.",
        task="throughput", timeout=60)
def test_measure_throughput(ref_files, held_out):
    from lab41_llama_cpp import load_llm

    llm = load_llm(ref_files["q4_k_m"], n_threads=1)
    prompt = held_out[:32]
    run = measure_throughput(llm, prompt, 48)
    assert run.prompt_tokens == 32 and run.new_tokens == 48
    assert len(run.tokens) == 48 and list(run.tokens) == greedy_generate(llm, prompt, 48)
    assert 0 < run.prompt_seconds < 10 and 0 < run.generate_seconds < 10
    assert run.tokens_per_s == pytest.approx(48 / run.generate_seconds)
    assert run.prompt_tokens_per_s == pytest.approx(32 / run.prompt_seconds)
    assert run.tokens_per_s > 20


@points(4, "Throughput.tokens_per_s is new_tokens / generate_seconds and prompt_tokens_per_s is "
           "prompt_tokens / prompt_seconds, 0.0 when no time was measured.",
        task="throughput", timeout=30)
def test_throughput_rates():
    run = Throughput(prompt_tokens=10, new_tokens=20, prompt_seconds=0.5, generate_seconds=2.0,
                     tokens=())
    assert run.prompt_tokens_per_s == pytest.approx(20.0) and run.tokens_per_s == pytest.approx(10.0)
    idle = Throughput(prompt_tokens=0, new_tokens=0, prompt_seconds=0.0, generate_seconds=0.0,
                      tokens=())
    assert idle.prompt_tokens_per_s == 0.0 and idle.tokens_per_s == 0.0
