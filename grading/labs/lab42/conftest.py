"""A paced fake model behind llmlab's real OpenAI-compatible server, and tiny Llamas from seeds."""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import threading  # noqa: E402
import time  # noqa: E402

import pytest  # noqa: E402
import torch  # noqa: E402
from llmlab.llm import Generation, split_words  # noqa: E402
from transformers import LlamaConfig, LlamaForCausalLM  # noqa: E402
from transformers.utils import logging  # noqa: E402

torch.set_num_threads(1)
logging.set_verbosity_error()


class PacedBackend:
    """Streams its reply word by word (one word = one token): the first word ``first`` seconds
    after generation starts, then one every ``gap`` seconds. ``reply`` may be a function of the
    prompt. Tracks how many generations run at once (``peak``)."""

    def __init__(self, reply, first: float = 0.0, gap: float = 0.0, name: str = "paced"):
        self.reply, self.first, self.gap, self.name = reply, first, gap, name
        self.active = self.peak = 0
        self._lock = threading.Lock()

    def count_tokens(self, text: str) -> int:
        return len(split_words(text.strip()))

    def generate(self, request, *, max_tokens=256, temperature=1.0, top_p=1.0, seed=None, stop=None):
        prompt = request if isinstance(request, str) else request[-1].content
        text = self.reply(prompt) if callable(self.reply) else self.reply
        pieces = split_words(text)[:max_tokens]

        def run():
            with self._lock:
                self.active += 1
                self.peak = max(self.peak, self.active)
            try:
                time.sleep(self.first)
                for i, piece in enumerate(pieces):
                    if i:
                        time.sleep(self.gap)
                    yield piece
            finally:
                with self._lock:
                    self.active -= 1
            return "stop", len(pieces)

        return Generation(run(), self.count_tokens(prompt), self.name)


@pytest.fixture
def paced():
    return PacedBackend


@pytest.fixture
def tiny_llama():
    def make(seed: int = 0, vocab: int = 48):
        torch.manual_seed(seed)
        config = LlamaConfig(vocab_size=vocab, hidden_size=32, intermediate_size=64,
                             num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2,
                             max_position_embeddings=128, bos_token_id=1, eos_token_id=1,
                             pad_token_id=0)
        return LlamaForCausalLM(config).eval()

    return make
