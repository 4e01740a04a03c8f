"""Lab 43: speculative decoding. A small draft proposes k tokens, the target verifies them in one
forward pass, and the output is exactly what the target alone would have produced.

    cache.extend / crop_cache                 run a model through its KV cache; roll it back
    acceptance.accept_reject / greedy_accept  the verification rule
    sampling.probs_from_logits / sample_token temperature and drawing a token
    speculative.speculative_generate          the decoding loop, with SpecStats
    pair.load_pair                            the zoo's draft/target pair, or any two HF models
"""

import os

# OpenMP threads that busy-wait for each other crawl when the CPU is shared with other
# processes; sleeping costs almost nothing. Only effective before torch is first imported.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from lab43_speculative_decoding.acceptance import (  # noqa: E402
    accept_reject,
    greedy_accept,
    residual_distribution,
)
from lab43_speculative_decoding.bench import BenchConfig, run_benchmark  # noqa: E402
from lab43_speculative_decoding.cache import crop_cache, extend, new_cache  # noqa: E402
from lab43_speculative_decoding.hf_assisted import hf_assisted_generate  # noqa: E402
from lab43_speculative_decoding.pair import (  # noqa: E402
    Pair,
    default_pair,
    load_pair,
)
from lab43_speculative_decoding.sampling import probs_from_logits, sample_token  # noqa: E402
from lab43_speculative_decoding.speculative import (  # noqa: E402
    GenerationOutput,
    SpecStats,
    autoregressive_generate,
    propose,
    speculative_generate,
    speculative_step,
    truncate_at_eos,
)

__all__ = [
    "BenchConfig", "GenerationOutput", "Pair", "SpecStats", "accept_reject",
    "autoregressive_generate", "crop_cache", "default_pair", "extend", "greedy_accept",
    "hf_assisted_generate", "load_pair", "new_cache", "probs_from_logits", "propose",
    "residual_distribution", "run_benchmark", "sample_token", "speculative_generate",
    "speculative_step", "truncate_at_eos",
]
