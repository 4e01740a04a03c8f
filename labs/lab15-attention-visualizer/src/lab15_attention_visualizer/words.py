"""From sub-word tokens to words: people read words, tokenizers make pieces.

``unbelievably`` may become ``u ##n ##b ... ##ly``; attention between pieces is regrouped into
attention between words with one documented rule (Clark et al. 2019, "What does BERT look at?"):

* attention TO a word is the SUM over its pieces (the attending token spreads its weight over
  the pieces; summing collects all of it), and
* attention FROM a word is the MEAN over its pieces (each piece's row sums to 1; averaging
  keeps that), so every word row still sums to 1.

Special tokens (``[CLS]``, ``[SEP]``, word id ``None``) are each a word of their own.
"""

from __future__ import annotations

import torch
from transformers import PreTrainedTokenizerFast


def word_ids(tokenizer: PreTrainedTokenizerFast, text: str) -> list[int | None]:
    """For each token of ``tokenizer(text)``, the index of the word it belongs to (None: special)."""
    return tokenizer(text).word_ids()


def word_groups(tokens: list[str], word_ids: list[int | None]) -> tuple[list[str], list[int]]:
    """Words and, for each token, the index of its word in that list.

    Words appear in the order of their first token. A word's label is its first token followed
    by the other pieces with a leading ``##`` removed (``play``, ``##ing`` -> ``playing``).
    Every token whose word id is None becomes a word of its own, labelled by the token.
    """
    if len(tokens) != len(word_ids):
        raise ValueError(f"{len(tokens)} tokens but {len(word_ids)} word ids: they must pair up")
    # BEGIN SOLUTION
    words: list[str] = []
    group: list[int] = []
    index_of: dict[int, int] = {}
    for token, wid in zip(tokens, word_ids, strict=True):
        if wid is None:
            words.append(token)
            group.append(len(words) - 1)
        elif wid in index_of:
            words[index_of[wid]] += token.removeprefix("##")
            group.append(index_of[wid])
        else:
            index_of[wid] = len(words)
            words.append(token)
            group.append(len(words) - 1)
    return words, group
    # END SOLUTION


def aggregate_to_words(attn: torch.Tensor, tokens: list[str], word_ids: list[int | None]
                       ) -> tuple[list[str], torch.Tensor]:
    """Words and word-level attention (..., W, W) from token-level ``attn`` (..., T, T).

    ``out[..., a, b]`` = mean over the tokens i of word a of (sum over the tokens j of word b of
    ``attn[..., i, j]``). Leading dimensions (heads, layers) pass through; rows still sum to 1;
    the dtype is kept.
    """
    if attn.shape[-1] != attn.shape[-2] or attn.shape[-1] != len(tokens):
        raise ValueError(f"attn must end in ({len(tokens)}, {len(tokens)}) for {len(tokens)} tokens, "
                         f"got shape {tuple(attn.shape)}")
    # BEGIN SOLUTION
    words, group = word_groups(tokens, word_ids)
    # member[i, a] = 1 when token i belongs to word a; sums over pieces become matrix products.
    member = torch.zeros(len(tokens), len(words), dtype=attn.dtype, device=attn.device)
    member[torch.arange(len(tokens)), torch.tensor(group)] = 1
    summed = member.T @ attn @ member  # (..., W, W): sums over both the rows and the columns
    return words, summed / member.sum(0)[:, None]  # rows: mean instead of sum
    # END SOLUTION
