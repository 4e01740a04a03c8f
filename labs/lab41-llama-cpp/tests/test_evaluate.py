import math

import numpy as np
from lab41_llama_cpp import evaluate_perplexity, greedy_generate, measure_throughput, token_nlls
from llmlab.corpora import generate_stories


def test_token_nlls_by_hand():
    logits = np.log(np.array([[0.5, 0.5], [0.9, 0.1]], dtype=np.float32))
    assert np.allclose(token_nlls(logits, [0, 1]), [math.log(2)], atol=1e-6)


def test_small_model_perplexity_and_greedy(small_llm, small):
    text = " ".join(generate_stories(8, seed=0))
    tokens = small_llm.tokenize(text.encode(), add_bos=False)
    ppl = evaluate_perplexity(small_llm, tokens, window=64)
    assert 1.1 < ppl < 8.0, ppl  # a random model scores about the vocab size
    new = greedy_generate(small_llm, tokens[:16], 12)
    assert len(new) == 12 and new == list(measure_throughput(small_llm, tokens[:16], 12).tokens)
