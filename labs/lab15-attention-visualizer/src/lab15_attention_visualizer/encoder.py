"""The encoder to look inside: a Hugging Face model by name, or a tiny BERT built here, offline.

    load_encoder("bert-base-uncased")   # any Hugging Face id or local folder (needs the files)
    load_encoder()                      # the built-in default: built once, then read from cache

The default is honest about what it is: a WordPiece tokenizer trained on the course's story
corpus and a small ``BertModel`` (3 layers, 4 heads, width 64) given a short masked-language-
model training on the same stories, so its heads show some structure instead of pure noise.
It is nothing like a pretrained BERT; pass ``--model`` for one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
from llmlab.corpora import generate_stories
from llmlab.paths import cache_dir
from llmlab.progress import progress
from llmlab.seeding import seed_everything
from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
from transformers import (
    AutoModel,
    AutoTokenizer,
    BertConfig,
    BertForMaskedLM,
    BertModel,
    PreTrainedModel,
    PreTrainedTokenizerFast,
)

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
# Part of the cache key: bump it when build_encoder changes, so no stale cached model is reused.
BUILD_VERSION = 2


@dataclass(frozen=True)
class EncoderConfig:
    """Everything that decides the default encoder; its hash names the cache folder."""

    n_stories: int = 2000
    vocab_size: int = 1000
    n_layer: int = 3
    n_head: int = 4
    hidden: int = 64
    max_len: int = 128
    train_steps: int = 1200
    batch_size: int = 32
    seq_len: int = 32
    lr: float = 1.5e-3
    mask_prob: float = 0.15
    seed: int = 0

    def key(self) -> str:
        """A short stable hash of every field: same config, same cache folder."""
        blob = json.dumps({**asdict(self), "build": BUILD_VERSION}, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:12]


def wordpiece_vocab(words: Counter[str], vocab_size: int) -> list[str]:
    """A WordPiece vocabulary learnt from word counts, the same on every run.

    Like the ``tokenizers`` WordPiece trainer: words start as characters (``c``, ``##a``,
    ``##t``) and the most frequent adjacent pair is merged until ``vocab_size`` entries or
    whole words everywhere. Ties go to the alphabetically first merge; the library breaks them
    by hash-map order, which changes from run to run (and the model's weights with it).
    """
    spelled = {w: [w[0], *(f"##{c}" for c in w[1:])] for w in words}
    vocab = SPECIALS + sorted({piece for pieces in spelled.values() for piece in pieces})
    while len(vocab) < vocab_size:
        pairs: Counter[tuple[str, str]] = Counter()
        for word, pieces in spelled.items():
            for pair in zip(pieces, pieces[1:], strict=False):
                pairs[pair] += words[word]
        if not pairs:
            break  # every word is a single token already
        a, b = min(pairs, key=lambda p: (-pairs[p], p[0] + p[1].removeprefix("##")))
        merged = a + b.removeprefix("##")
        for pieces in spelled.values():
            i = 0
            while i < len(pieces) - 1:
                if pieces[i] == a and pieces[i + 1] == b:
                    pieces[i:i + 2] = [merged]
                i += 1
        if merged not in vocab:
            vocab.append(merged)
    return vocab


def train_tokenizer(texts: list[str], vocab_size: int = 1000) -> PreTrainedTokenizerFast:
    """A lower-casing BERT-style WordPiece tokenizer trained on ``texts``, deterministically.

    Encodings are ``[CLS] ... [SEP]``; ``encoding.word_ids()`` maps tokens to words. The story
    corpus has only a few hundred distinct words, so the vocabulary may stop below
    ``vocab_size``; words it never saw split into ``##`` pieces (``patiently`` ->
    ``patient ##ly``), or into letters.
    """
    normalizer = normalizers.BertNormalizer(lowercase=True)
    pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    words = Counter(word for text in texts
                    for word, _ in pre_tokenizer.pre_tokenize_str(normalizer.normalize_str(text)))
    vocab = wordpiece_vocab(words, vocab_size)
    tok = Tokenizer(models.WordPiece({piece: i for i, piece in enumerate(vocab)}, unk_token="[UNK]"))
    tok.normalizer = normalizer
    tok.pre_tokenizer = pre_tokenizer
    tok.decoder = decoders.WordPiece()
    cls, sep = vocab.index("[CLS]"), vocab.index("[SEP]")
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", cls), ("[SEP]", sep)],
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
        sep_token="[SEP]", mask_token="[MASK]",
    )


def _token_stream(tokenizer: PreTrainedTokenizerFast, texts: list[str]) -> torch.Tensor:
    ids = tokenizer(texts, add_special_tokens=False)["input_ids"]
    return torch.tensor([i for story in ids for i in story], dtype=torch.long)


def _mask_batch(ids: torch.Tensor, tokenizer: PreTrainedTokenizerFast, mask_prob: float,
                gen: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """BERT's masking: pick ``mask_prob`` of the tokens; 80% -> [MASK], 10% random, 10% kept."""
    labels = ids.clone()
    special = (ids == tokenizer.cls_token_id) | (ids == tokenizer.sep_token_id)
    picked = (torch.rand(ids.shape, generator=gen) < mask_prob) & ~special
    labels[~picked] = -100  # the loss ignores tokens that were not picked
    roll = torch.rand(ids.shape, generator=gen)
    inputs = ids.clone()
    inputs[picked & (roll < 0.8)] = tokenizer.mask_token_id
    randomize = picked & (roll >= 0.8) & (roll < 0.9)
    random_ids = torch.randint(len(SPECIALS), len(tokenizer), ids.shape, generator=gen)
    inputs[randomize] = random_ids[randomize]
    return inputs, labels


def _batch(stream: torch.Tensor, config: EncoderConfig, tokenizer: PreTrainedTokenizerFast,
           gen: torch.Generator) -> torch.Tensor:
    body = config.seq_len - 2
    starts = torch.randint(0, len(stream) - body, (config.batch_size,), generator=gen)
    rows = torch.stack([stream[s:s + body] for s in starts.tolist()])
    cls = torch.full((config.batch_size, 1), tokenizer.cls_token_id)
    sep = torch.full((config.batch_size, 1), tokenizer.sep_token_id)
    return torch.cat([cls, rows, sep], dim=1)


def masked_accuracy(mlm: BertForMaskedLM, tokenizer: PreTrainedTokenizerFast, stream: torch.Tensor,
                    config: EncoderConfig, batches: int = 8) -> float:
    """Fraction of masked tokens the model predicts exactly, on fixed batches from ``stream``."""
    gen = torch.Generator().manual_seed(config.seed + 1)
    hits = total = 0
    mlm.eval()
    with torch.no_grad():
        for _ in range(batches):
            inputs, labels = _mask_batch(_batch(stream, config, tokenizer, gen), tokenizer,
                                         config.mask_prob, gen)
            pred = mlm(input_ids=inputs).logits.argmax(-1)
            keep = labels != -100
            hits += int((pred[keep] == labels[keep]).sum())
            total += int(keep.sum())
    return hits / max(total, 1)


def build_encoder(config: EncoderConfig = EncoderConfig()) -> tuple[BertModel, PreTrainedTokenizerFast]:
    """Train the tokenizer, build the seeded ``BertModel``, train it ``config.train_steps`` steps.

    Deterministic for a given config. ``train_steps=0`` gives the randomly initialised model in
    well under a second (what the tests use). The model uses eager attention, in eval mode.
    """
    stories = generate_stories(config.n_stories, config.seed)
    tokenizer = train_tokenizer(stories, config.vocab_size)
    seed_everything(config.seed)
    bert_config = BertConfig(
        vocab_size=len(tokenizer), hidden_size=config.hidden, num_hidden_layers=config.n_layer,
        num_attention_heads=config.n_head, intermediate_size=4 * config.hidden,
        max_position_embeddings=config.max_len, pad_token_id=tokenizer.pad_token_id,
        attn_implementation="eager",
    )
    mlm = BertForMaskedLM(bert_config)
    if config.train_steps > 0:
        held_out = len(stories) // 10
        train_stream = _token_stream(tokenizer, stories[held_out:])
        val_stream = _token_stream(tokenizer, stories[:held_out])
        gen = torch.Generator().manual_seed(config.seed)
        optimizer = torch.optim.AdamW(mlm.parameters(), lr=config.lr, weight_decay=0.01)
        # Warm up, then hold: post-LayerNorm BERT sits on a plateau for ~600 steps (it predicts
        # frequent words) before attention starts to use context; a higher rate stays stuck.
        warmup = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min(1.0, (s + 1) / 50))
        threads = torch.get_num_threads()
        torch.set_num_threads(1)  # matrices this small run ~3x faster on one thread of a busy CPU
        try:
            mlm.train()
            bar = progress(range(config.train_steps), desc="training the default encoder")
            for _ in bar:
                inputs, labels = _mask_batch(_batch(train_stream, config, tokenizer, gen), tokenizer,
                                             config.mask_prob, gen)
                loss = mlm(input_ids=inputs, labels=labels).loss
                loss.backward()
                optimizer.step()
                warmup.step()
                optimizer.zero_grad(set_to_none=True)
                bar.set_postfix(loss=f"{loss.item():.3f}")
            accuracy = masked_accuracy(mlm, tokenizer, val_stream, config)
        finally:
            torch.set_num_threads(threads)
        mlm.config.llmlab_masked_accuracy = round(accuracy, 4)  # saved with the model, shown by the CLI
    return mlm.bert.eval(), tokenizer


def _load_pretrained(name: str, model_cls: type = AutoModel, **kwargs
                     ) -> tuple[PreTrainedModel, PreTrainedTokenizerFast]:
    try:
        tokenizer = AutoTokenizer.from_pretrained(name)
        model = model_cls.from_pretrained(name, attn_implementation="eager", **kwargs)
    except OSError as exc:
        offline = os.environ.get("HF_HUB_OFFLINE") == "1"
        raise RuntimeError(
            f"could not load model {name!r}: {exc.__class__.__name__}: {exc}\n"
            f"It is neither a local folder nor in the Hugging Face cache"
            f"{' (HF_HUB_OFFLINE=1 is set)' if offline else ' and the Hub is unreachable'}. "
            "Download it once with network access, pass a local folder, or leave out --model "
            "to use the built-in default encoder."
        ) from exc
    if not tokenizer.is_fast:
        raise RuntimeError(f"{name!r} has no fast tokenizer: word grouping needs word_ids()")
    return model.eval(), tokenizer


def load_encoder(name: str | None = None, config: EncoderConfig = EncoderConfig()
                 ) -> tuple[PreTrainedModel, PreTrainedTokenizerFast]:
    """``(model, tokenizer)`` in eval mode with eager attention.

    ``name`` is a Hugging Face id or a local folder, loaded with ``AutoModel``/``AutoTokenizer``
    (a clear ``RuntimeError`` says what to do when it is not available offline). ``None`` gives
    the built-in default, built by :func:`build_encoder` once and cached under
    ``llmlab.paths.cache_dir("lab15")`` in a folder named by ``config.key()``.
    """
    if name is not None:
        return _load_pretrained(name)
    folder = cache_dir("lab15") / f"encoder-{config.key()}"
    if not (folder / "config.json").is_file():
        print(f"building the default encoder once ({config.train_steps} training steps), "
              f"cached in {folder}", file=sys.stderr)
        model, tokenizer = build_encoder(config)
        # Save to a temporary sibling and rename: the cache folder is complete or absent.
        tmp = Path(tempfile.mkdtemp(prefix=".encoder-", dir=folder.parent))
        try:
            model.save_pretrained(tmp)
            tokenizer.save_pretrained(tmp)
            os.replace(tmp, folder)
        except OSError:
            if not (folder / "config.json").is_file():
                raise
            # else another run cached the same config first; its files are identical
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    # The masked-LM training kept no pooler; asking for none avoids a freshly random one.
    return _load_pretrained(str(folder), BertModel, add_pooling_layer=False)
