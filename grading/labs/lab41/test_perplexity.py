import math

import numpy as np
import pytest
from lab41_llama_cpp import evaluate_perplexity, token_nlls
from llmlab_grading import points


class BigramLlm:
    """Stands in for llama_cpp.Llama: the logits after token t are a fixed row of a table."""

    def __init__(self, table: np.ndarray, n_ctx: int = 64):
        self.table, self._n_ctx = table.astype(np.float32), n_ctx
        self.scores = np.zeros((n_ctx, table.shape[1]), dtype=np.float32)
        self.n_tokens, self.resets, self.evaluated = 0, 0, []

    def n_ctx(self) -> int:
        return self._n_ctx

    def reset(self) -> None:
        self.n_tokens, self.resets = 0, self.resets + 1

    def eval(self, tokens) -> None:
        tokens = list(tokens)
        assert self.n_tokens + len(tokens) <= self._n_ctx, "evaluated past n_ctx without reset"
        self.scores[self.n_tokens: self.n_tokens + len(tokens)] = self.table[tokens]
        self.n_tokens += len(tokens)
        self.evaluated.append(tokens)


def _log_softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


@points(6, "token_nlls(logits, tokens) must return -log softmax(logits[t])[tokens[t+1]] for "
           "t < T-1 as float64, computed stably (logits of 1000 must not overflow).",
        task="perplexity", timeout=30)
def test_token_nlls_values():
    logits = np.log(np.array([[0.5, 0.25, 0.25], [0.1, 0.2, 0.7], [1 / 3, 1 / 3, 1 / 3]]))
    got = token_nlls(logits.astype(np.float32), [2, 0, 2])
    assert got.shape == (2,)
    assert np.allclose(got, [-math.log(0.5), -math.log(0.7)], atol=1e-6)
    big = np.array([[1000.0, 0.0, 1000.0], [0.0, 0.0, 0.0]], dtype=np.float32)
    got = token_nlls(big, [1, 2])
    assert np.isfinite(got).all() and abs(got[0] - math.log(2)) < 1e-6
    rng = np.random.default_rng(3)
    z = rng.standard_normal((50, 40)).astype(np.float32) * 4
    t = rng.integers(0, 40, 50)
    assert np.allclose(token_nlls(z, t), -_log_softmax(z[:-1].astype(np.float64))[np.arange(49), t[1:]],
                       atol=1e-9)


@points(6, "evaluate_perplexity must score consecutive non-overlapping windows of `window` "
           "predictions (chunks of window + 1 tokens, a fresh cache each) and return exp(mean NLL); "
           "too short a stream raises ValueError.", task="perplexity", timeout=30)
def test_evaluate_perplexity_windows():
    rng = np.random.default_rng(5)
    table = rng.standard_normal((12, 12)) * 2
    tokens = rng.integers(0, 12, 53).tolist()
    llm = BigramLlm(table)
    got = evaluate_perplexity(llm, tokens, window=10)
    assert [len(c) for c in llm.evaluated] == [11] * 5 and llm.resets >= 5
    assert [c[0] for c in llm.evaluated] == [tokens[s] for s in (0, 10, 20, 30, 40)]
    logp = _log_softmax(table.astype(np.float32).astype(np.float64))
    nll = [-logp[tokens[i], tokens[i + 1]] for i in range(50)]
    assert got == pytest.approx(math.exp(np.mean(nll)), rel=1e-6)
    with pytest.raises(ValueError):
        evaluate_perplexity(BigramLlm(table), tokens[:10], window=10)


@points(8, "On the zoo model, evaluate_perplexity must match perplexity computed from llama.cpp's "
           "logits, and Q8_0 / Q4_K_M must cost little perplexity against F32.",
        task="perplexity", timeout=120)
def test_perplexity_per_level(ref_files, ref_llm, held_out, ref_perplexity):
    from lab41_llama_cpp import load_llm

    tokens = held_out[:1 + 128 * 8]
    f32 = evaluate_perplexity(ref_llm, tokens, window=128)
    assert f32 == pytest.approx(ref_perplexity(ref_llm, tokens, 128), rel=1e-6)
    assert 1.2 < f32 < 4.0, f"perplexity {f32:.3f} is not what the zoo model scores"
    q8 = evaluate_perplexity(load_llm(ref_files["q8_0"], n_threads=1), tokens, window=128)
    q4 = evaluate_perplexity(load_llm(ref_files["q4_k_m"], n_threads=1), tokens, window=128)
    assert abs(q8 / f32 - 1) < 0.01, (f32, q8)
    assert 0.98 < q4 / f32 < 1.15, (f32, q4)
