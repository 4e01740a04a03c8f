"""The draft/target pair: the course's own tiny default, or any two Hugging Face models.

The default pair is built here, deterministically, the first time it is needed: a byte-level BPE
tokenizer trained on the course stories, then two GPT-2 models trained briefly on the same
stories with that tokenizer, a 1-layer draft and a 6-layer target. It is cached under
``llmlab.paths.cache_dir("lab43")`` in a folder named by a hash of the config, so changing any
setting builds a new pair and the same settings always load the same weights.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch
from llmlab.corpora import generate_stories
from llmlab.paths import cache_dir
from llmlab.progress import progress
from llmlab.seeding import seed_everything
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import (
    AutoModelForCausalLM,
    AutoTokenizer,
    GPT2Config,
    GPT2LMHeadModel,
    PreTrainedModel,
    PreTrainedTokenizerFast,
)

EOS = "<|endoftext|>"
# Bump when the build procedure changes, so old caches are not mistaken for new ones.
BUILD_VERSION = 2


@dataclass(frozen=True)
class PairConfig:
    """How the default pair is built; every field is part of the cache key."""

    n_stories: int = 4000
    vocab_size: int = 512
    block_size: int = 128
    n_positions: int = 256
    draft_layers: int = 1
    draft_embd: int = 64
    draft_heads: int = 2
    draft_steps: int = 400
    target_layers: int = 6
    target_embd: int = 128
    target_heads: int = 4
    target_steps: int = 250
    batch_size: int = 16
    lr: float = 2e-3
    seed: int = 0

    def key(self) -> str:
        """A short hash of the config (and of the build procedure's version)."""
        text = json.dumps({"version": BUILD_VERSION, **asdict(self)}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:12]


@dataclass
class Pair:
    """A target, a draft that shares its vocabulary, the tokenizer, and where they came from."""

    target: PreTrainedModel
    draft: PreTrainedModel
    tokenizer: PreTrainedTokenizerFast
    source: str
    info: dict = field(default_factory=dict)


def train_tokenizer(texts: list[str], vocab_size: int) -> PreTrainedTokenizerFast:
    """A byte-level BPE tokenizer (GPT-2 style) trained on ``texts``, with ``<|endoftext|>`` as EOS."""
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=[EOS], show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(texts, trainer=trainer)
    return PreTrainedTokenizerFast(tokenizer_object=tok, eos_token=EOS, bos_token=EOS, unk_token=EOS)


def stories_ids(tokenizer: PreTrainedTokenizerFast, texts: list[str]) -> torch.Tensor:
    """All stories as one int64 stream, each followed by EOS (so the models learn to stop)."""
    eos = tokenizer.eos_token_id
    ids: list[int] = []
    for text in texts:
        ids += tokenizer(text)["input_ids"] + [eos]
    return torch.tensor(ids, dtype=torch.long)


def gpt2(tokenizer: PreTrainedTokenizerFast, n_positions: int, n_layer: int, n_embd: int,
         n_head: int) -> GPT2LMHeadModel:
    """A GPT-2 of the given size for ``tokenizer``'s vocabulary, without dropout."""
    config = GPT2Config(vocab_size=len(tokenizer), n_positions=n_positions, n_layer=n_layer,
                        n_embd=n_embd, n_head=n_head, resid_pdrop=0.0, embd_pdrop=0.0,
                        attn_pdrop=0.0, bos_token_id=tokenizer.eos_token_id,
                        eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.eos_token_id)
    return GPT2LMHeadModel(config)


def train_lm(model: GPT2LMHeadModel, data: torch.Tensor, steps: int, block_size: int,
             batch_size: int, lr: float, seed: int, desc: str = "train") -> list[float]:
    """Train on random windows of ``data`` with AdamW and a cosine schedule; return the losses."""
    generator = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    warmup = max(1, steps // 10)
    model.train()
    losses: list[float] = []
    bar = progress(range(steps), desc=desc)
    for step in bar:
        scale = (step + 1) / warmup if step < warmup else \
            0.5 * (1 + math.cos(math.pi * (step - warmup) / max(1, steps - warmup)))
        for group in optimizer.param_groups:
            group["lr"] = lr * max(scale, 0.05)
        starts = torch.randint(0, data.numel() - block_size, (batch_size,), generator=generator)
        batch = torch.stack([data[s: s + block_size] for s in starts.tolist()])
        loss = model(input_ids=batch, labels=batch).loss
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        losses.append(loss.item())
        bar.set_postfix(loss=f"{loss.item():.3f}")
    model.eval()
    return losses


def build_pair(config: PairConfig, folder: Path) -> dict:
    """Train the tokenizer, the draft and the target of ``config``; save them under ``folder``."""
    seed_everything(config.seed)
    texts = generate_stories(config.n_stories, seed=config.seed)
    started = time.perf_counter()
    tokenizer = train_tokenizer(texts, config.vocab_size)
    data = stories_ids(tokenizer, texts)
    info: dict = {"config": asdict(config), "train_tokens": data.numel()}
    sizes = {"draft": (config.draft_layers, config.draft_embd, config.draft_heads, config.draft_steps),
             "target": (config.target_layers, config.target_embd, config.target_heads,
                        config.target_steps)}
    for i, (name, (layers, embd, heads, steps)) in enumerate(sizes.items()):
        torch.manual_seed(config.seed + i)
        model = gpt2(tokenizer, config.n_positions, layers, embd, heads)
        losses = train_lm(model, data, steps, config.block_size, config.batch_size, config.lr,
                          config.seed + i, desc=f"train {name}")
        model.save_pretrained(folder / name)
        # Each folder is a complete Hugging Face model: `--target FOLDER/target` loads it too.
        tokenizer.save_pretrained(folder / name)
        info[name] = {"parameters": sum(p.numel() for p in model.parameters()),
                      "final_loss": sum(losses[-20:]) / len(losses[-20:])}
    info["build_seconds"] = round(time.perf_counter() - started, 1)
    (folder / "info.json").write_text(json.dumps(info, indent=2))
    return info


def default_pair(config: PairConfig | None = None, device: str = "cpu",
                 dtype: torch.dtype = torch.float32, verbose: bool = False,
                 build_threads: int = 2) -> Pair:
    """The course's draft/target pair for ``config``, built on first use and cached by its hash.

    The build always trains on the CPU in float32 (so the same config gives the same weights
    everywhere) with ``build_threads`` torch threads; the models are then moved to ``device`` and
    ``dtype``.
    """
    config = config or PairConfig()
    folder = cache_dir("lab43") / f"pair-{config.key()}"
    if not (folder / "info.json").is_file():
        if verbose:
            print(f"building the default draft/target pair into {folder} (once; a few minutes on CPU)")
        # Build in a scratch folder and rename at the end: an interrupted build leaves no half pair.
        scratch = Path(tempfile.mkdtemp(prefix=".building-", dir=folder.parent))
        threads = torch.get_num_threads()
        try:
            torch.set_num_threads(build_threads)
            build_pair(config, scratch)
            scratch.rename(folder)
        except OSError:
            if not (folder / "info.json").is_file():  # not just a concurrent build that finished first
                raise
        finally:
            torch.set_num_threads(threads)
            shutil.rmtree(scratch, ignore_errors=True)
    tokenizer = PreTrainedTokenizerFast.from_pretrained(folder / "target")
    target = GPT2LMHeadModel.from_pretrained(folder / "target", dtype=dtype).to(device).eval()
    draft = GPT2LMHeadModel.from_pretrained(folder / "draft", dtype=dtype).to(device).eval()
    info = json.loads((folder / "info.json").read_text())
    return Pair(target, draft, tokenizer, f"default pair {config.key()} ({folder})", info)


def hub_pair(target: str, draft: str, device: str = "cpu",
             dtype: torch.dtype = torch.float32) -> Pair:
    """Load two Hugging Face models (ids or local folders) that share a tokenizer."""
    try:
        tokenizer = AutoTokenizer.from_pretrained(target)
        target_model = AutoModelForCausalLM.from_pretrained(target, dtype=dtype)
        draft_model = AutoModelForCausalLM.from_pretrained(draft, dtype=dtype)
        draft_vocab = AutoTokenizer.from_pretrained(draft).get_vocab()
    except OSError as exc:
        raise SystemExit(f"could not load {target!r} / {draft!r}: {exc}\nThese need the Hugging Face "
                         "Hub (or a local copy): run once with internet access, or pass local "
                         "folders. Without --target and --draft the offline default pair is used."
                         ) from exc
    if draft_vocab != tokenizer.get_vocab():
        raise SystemExit(f"{draft!r} and {target!r} have different vocabularies: speculative "
                         "decoding compares their probabilities token by token, so they must share one")
    return Pair(target_model.to(device).eval(), draft_model.to(device).eval(), tokenizer,
                f"{target} (target) + {draft} (draft)")


def load_pair(target: str | None = None, draft: str | None = None, device: str = "cpu",
              dtype: torch.dtype = torch.float32, config: PairConfig | None = None,
              verbose: bool = False) -> Pair:
    """The default pair without ``target``/``draft``, else those two Hugging Face models."""
    if (target is None) != (draft is None):
        raise SystemExit("pass both --target and --draft (Hugging Face ids or folders), or neither "
                         "for the default pair")
    if target is None:
        return default_pair(config, device, dtype, verbose)
    return hub_pair(target, draft, device, dtype)
