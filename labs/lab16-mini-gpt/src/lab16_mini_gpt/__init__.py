"""Lab 16: a character-level GPT from scratch.

tokenizer.CharTokenizer      text <-> ids
model.GPT                    the transformer (attention written out by hand) and its KVCache
sampling.sample_next         temperature, top-k, top-p
generate.generate            autoregressive decoding, with or without the KV cache
train.train                  training with exact resume from checkpoints
"""

import os

# OpenMP threads that busy-wait for each other collapse (5x slower here) when the CPU is
# shared with other processes; sleeping instead costs almost nothing. It only takes effect
# if set before torch is first imported, so it lives here; export another value to override.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
