"""The same pair through Hugging Face's own assisted generation, for comparison.

``target.generate(..., assistant_model=draft)`` runs the same algorithm inside ``transformers``
(greedy: keep the longest prefix the target agrees with; sampling: speculative sampling). Its
defaults adapt the number of draft tokens as it goes; here it is pinned to ``k`` so both
implementations propose the same amount.
"""

from __future__ import annotations

import torch
from transformers import GenerationConfig, PreTrainedModel


@torch.no_grad()
def hf_assisted_generate(target: PreTrainedModel, draft: PreTrainedModel, input_ids: torch.Tensor,
                         max_new_tokens: int, k: int = 4, temperature: float = 0.0,
                         eos_token_id: int | None = None) -> torch.Tensor:
    """``(1, prompt + new)`` ids from ``target.generate(..., assistant_model=draft)`` with a fixed k.

    Sampling (temperature > 0) draws from torch's global generator: seed it for repeatable runs.
    """
    settings = draft.generation_config
    settings.num_assistant_tokens = k
    settings.num_assistant_tokens_schedule = "constant"
    settings.assistant_confidence_threshold = 0.0  # never stop drafting early: always k tokens
    # A whole config, not keyword overrides: eos_token_id=None must mean "never stop early", as
    # in speculative_generate, not "use the model's default EOS".
    config = GenerationConfig(max_new_tokens=max_new_tokens, eos_token_id=eos_token_id,
                              pad_token_id=0 if eos_token_id is None else eos_token_id,
                              do_sample=temperature > 0)
    if temperature > 0:
        config.temperature, config.top_k, config.top_p = temperature, 0, 1.0
    return target.generate(input_ids, attention_mask=torch.ones_like(input_ids),
                           assistant_model=draft, generation_config=config)
