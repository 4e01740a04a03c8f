"""The ``speculate`` command: generate with speculative decoding, show what the draft got right.

    uv run --package lab43-speculative-decoding speculate
    uv run --package lab43-speculative-decoding speculate --k 6 --temperature 0.8
    uv run --package lab43-speculative-decoding speculate --target gpt2-medium --draft gpt2

In the printed text, ``[...]`` marks the draft tokens the target accepted in a round and the token
after it is the target's own (the correction or the bonus token): long brackets mean a good draft.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import torch
from llmlab.cli import parse_config
from llmlab.device import pick_device
from llmlab.seeding import seed_everything
from transformers.utils import logging as hf_logging

from lab43_speculative_decoding.pair import load_pair
from lab43_speculative_decoding.speculative import (
    GenerationOutput,
    autoregressive_generate,
    speculative_generate,
)

DTYPES = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}


@dataclass
class Config:
    """Flags of ``speculate``."""

    prompt: str = field(default="Once upon a time, there was a", metadata={"help": "text to continue"})
    max_new_tokens: int = field(default=120, metadata={"help": "tokens to generate at most"})
    k: int = field(default=4, metadata={"help": "draft tokens proposed per round"})
    temperature: float = field(default=0.0, metadata={"help": "0 = greedy (exactly the target's greedy "
                                                               "output); > 0 samples"})
    seed: int = field(default=0, metadata={"help": "random seed for sampling"})
    target: str | None = field(default=None, metadata={"help": "Hugging Face id or folder of the target "
                                                                "(with --draft); default: the zoo pair"})
    draft: str | None = field(default=None, metadata={"help": "Hugging Face id or folder of the draft"})
    compare: bool = field(default=True, metadata={"help": "also decode with the target alone and compare"})
    device: str = field(default="auto", metadata={"help": "auto, cpu, cuda or mps"})
    dtype: str = field(default="float32", metadata={"help": "model dtype", "choices": list(DTYPES)})
    threads: int = field(default=1, metadata={"help": "torch CPU threads for decoding (tiny models "
                                                         "decode fastest on one)"})


def rounds_markup(output: GenerationOutput, tokenizer) -> str:
    """The generated text with each round's accepted draft tokens in brackets."""
    tokens, pieces, at = output.new_tokens, [], 0
    for accepted in output.stats.accepted_per_round:
        block = tokens[at: at + accepted + 1]
        if accepted:
            pieces.append("[" + tokenizer.decode(block[:accepted]) + "]")
        pieces.append(tokenizer.decode(block[accepted:]))
        at += accepted + 1
    return "".join(pieces)


def _timed(fn, device: str) -> tuple[GenerationOutput, float]:
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    start = time.perf_counter()
    out = fn()
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    return out, time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    config = parse_config(Config, argv, description="Generate with speculative decoding and print "
                                                    "the text and acceptance statistics.")
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    torch.set_num_threads(config.threads)
    seed_everything(config.seed)
    device = pick_device(config.device)
    pair = load_pair(config.target, config.draft, device, DTYPES[config.dtype])
    tok = pair.tokenizer
    ids = torch.tensor([tok(config.prompt)["input_ids"]], dtype=torch.long, device=device)
    eos = tok.eos_token_id

    # Untimed warm-up: the first forward of each model pays for one-off allocations.
    speculative_generate(pair.target, pair.draft, ids, 4, config.k)
    generator = torch.Generator(device=device).manual_seed(config.seed)
    spec, spec_s = _timed(lambda: speculative_generate(
        pair.target, pair.draft, ids, config.max_new_tokens, config.k, config.temperature, eos,
        generator), device)
    stats = spec.stats
    print(f"pair: {pair.source}")
    print(f"\n{config.prompt}{rounds_markup(spec, tok)}\n")
    print(f"k={config.k} temperature={config.temperature}: {stats.new_tokens} tokens in "
          f"{stats.rounds} target forwards ({spec_s:.2f} s, {stats.new_tokens / spec_s:.1f} tokens/s)")
    print(f"  draft tokens accepted: {stats.accepted}/{stats.proposed} "
          f"(acceptance rate {stats.acceptance_rate:.3f})")
    print(f"  mean accepted per round {stats.mean_accepted:.2f}, "
          f"tokens per target forward {stats.tokens_per_round:.2f}")
    if config.compare:
        generator = torch.Generator(device=device).manual_seed(config.seed)
        plain, plain_s = _timed(lambda: autoregressive_generate(
            pair.target, ids, config.max_new_tokens, config.temperature, eos, generator), device)
        print(f"target alone: {plain.stats.new_tokens} tokens in {plain.stats.rounds} forwards "
              f"({plain_s:.2f} s, {plain.stats.new_tokens / plain_s:.1f} tokens/s); speculative "
              f"speedup {(stats.new_tokens / spec_s) / (plain.stats.new_tokens / plain_s):.2f}x")
        if config.temperature == 0:
            same = plain.new_tokens == spec.new_tokens
            print(f"  identical to the target's greedy output: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
