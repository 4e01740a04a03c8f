"""Running a GGUF file with llama-cpp-python: logits, perplexity, greedy decoding, tokens/s.

``llm.eval(tokens)`` feeds tokens through llama.cpp and its KV cache; with ``logits_all=True``
the logits of every evaluated position land in ``llm.scores[:llm.n_tokens]`` (float32,
``(n_ctx, vocab)``). ``llm.reset()`` empties the cache.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from llama_cpp import Llama


def load_llm(path: str | Path, n_ctx: int = 512, n_threads: int = 2, seed: int = 0) -> Llama:
    """A quiet CPU ``Llama`` over a GGUF file that keeps the logits of every position."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no GGUF file at {path}: make one with gguf-convert first")
    logging.getLogger("llama-cpp-python").setLevel(logging.ERROR)
    return Llama(model_path=str(path), n_ctx=n_ctx, n_batch=n_ctx, n_threads=n_threads,
                 n_threads_batch=n_threads, logits_all=True, seed=seed, verbose=False)


def window_logits(llm: Llama, tokens: Sequence[int]) -> np.ndarray:
    """Logits ``(len(tokens), vocab)`` float32 for ``tokens`` evaluated from an empty cache."""
    if not 0 < len(tokens) <= llm.n_ctx():
        raise ValueError(f"need 1 to n_ctx={llm.n_ctx()} tokens, got {len(tokens)}")
    llm.reset()
    llm.eval(list(tokens))
    return np.array(llm.scores[: len(tokens)], dtype=np.float32)


def token_nlls(logits: np.ndarray, tokens: Sequence[int]) -> np.ndarray:
    """Negative log-likelihoods (nats, float64) of ``tokens[1:]`` under ``logits[:-1]``.

    ``logits`` is ``(T, vocab)``: row t scores the token at position t + 1. Returns ``(T - 1,)``,
    entry t = ``-log softmax(logits[t])[tokens[t + 1]]``, computed stably (subtract the row max).
    """
    tokens = np.asarray(tokens, dtype=np.int64)
    if logits.ndim != 2 or logits.shape[0] != tokens.shape[0]:
        raise ValueError(f"logits {logits.shape} and tokens {tokens.shape} must share length T")
    # BEGIN SOLUTION
    z = logits[:-1].astype(np.float64)
    z = z - z.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(z).sum(axis=1))
    return log_norm - z[np.arange(len(z)), tokens[1:]]
    # END SOLUTION


def evaluate_perplexity(llm: Llama, tokens: Sequence[int], window: int = 128) -> float:
    """Perplexity of a token stream over consecutive, non-overlapping windows.

    For ``start = 0, window, 2 * window, ...`` while ``start + window < len(tokens)``: take the
    chunk ``tokens[start : start + window + 1]``, get its ``window_logits`` (a fresh cache for each
    chunk) and its ``token_nlls`` (``window`` predictions). Return ``exp(mean NLL)`` over all
    predictions; raise ``ValueError`` when ``tokens`` has no full window plus one token.
    """
    # BEGIN SOLUTION
    nlls = [token_nlls(window_logits(llm, tokens[start: start + window + 1]),
                       tokens[start: start + window + 1])
            for start in range(0, len(tokens) - window, window)]
    if not nlls:
        raise ValueError(f"need more than window={window} tokens, got {len(tokens)}")
    return math.exp(float(np.concatenate(nlls).mean()))
    # END SOLUTION


def greedy_generate(llm: Llama, prompt: Sequence[int], n_new: int) -> list[int]:
    """``n_new`` greedy tokens after ``prompt``, through llama.cpp's KV cache.

    ``reset`` the cache, ``eval`` the prompt once, then repeat: the next token is the argmax of
    the last evaluated row of ``llm.scores`` (row ``llm.n_tokens - 1``), and ``eval`` only that
    token. Do not stop at EOS. Returns the new tokens as a list of ``n_new`` ints.
    """
    if not prompt:
        raise ValueError("greedy_generate needs a prompt of at least one token")
    if len(prompt) + n_new > llm.n_ctx():
        raise ValueError(f"prompt ({len(prompt)}) + n_new ({n_new}) exceeds n_ctx={llm.n_ctx()}")
    # BEGIN SOLUTION
    llm.reset()
    llm.eval(list(prompt))
    out: list[int] = []
    for _ in range(n_new):
        token = int(np.argmax(llm.scores[llm.n_tokens - 1]))
        out.append(token)
        llm.eval([token])
    return out
    # END SOLUTION


@dataclass(frozen=True)
class Throughput:
    """One timed greedy run: prompt processing and generation measured separately."""

    prompt_tokens: int
    new_tokens: int
    prompt_seconds: float
    generate_seconds: float
    tokens: tuple[int, ...]

    @property
    def prompt_tokens_per_s(self) -> float:
        """Prompt tokens processed per second (one batched ``eval``)."""
        return self.prompt_tokens / self.prompt_seconds if self.prompt_seconds > 0 else 0.0  # SOLUTION

    @property
    def tokens_per_s(self) -> float:
        """Generated tokens per second (one ``eval`` per token)."""
        return self.new_tokens / self.generate_seconds if self.generate_seconds > 0 else 0.0  # SOLUTION


def measure_throughput(llm: Llama, prompt: Sequence[int], n_new: int) -> Throughput:
    """Time ``greedy_generate``'s two phases with ``time.perf_counter``.

    ``prompt_seconds`` covers ``reset`` + ``eval(prompt)``; ``generate_seconds`` covers the
    ``n_new`` steps (argmax, then ``eval`` of that token). ``tokens`` are the generated ids.
    """
    # BEGIN SOLUTION
    start = time.perf_counter()
    llm.reset()
    llm.eval(list(prompt))
    prompt_done = time.perf_counter()
    out: list[int] = []
    for _ in range(n_new):
        token = int(np.argmax(llm.scores[llm.n_tokens - 1]))
        out.append(token)
        llm.eval([token])
    end = time.perf_counter()
    return Throughput(prompt_tokens=len(prompt), new_tokens=n_new,
                      prompt_seconds=prompt_done - start, generate_seconds=end - prompt_done,
                      tokens=tuple(out))
    # END SOLUTION
