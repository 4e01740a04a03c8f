"""Lab 05: a byte-level BPE tokenizer for legal text.

    from lab05_legal_bpe import BPETokenizer
    tok = BPETokenizer.train(text, vocab_size=1024, special_tokens=["<|endoftext|>"])
    ids = tok.encode("The Parties agree.<|endoftext|>", allowed_special="all")
    assert tok.decode(ids) == "The Parties agree.<|endoftext|>"
"""

from lab05_legal_bpe.compare import (
    CL100K_SHA256,
    bytes_per_token,
    cl100k_file,
    load_cl100k,
    load_cl100k_ranks,
    truncated_cl100k,
)
from lab05_legal_bpe.pretokenize import GPT2_PATTERN, GPT4_PATTERN, chunk_counts, pretokenize
from lab05_legal_bpe.special import split_special
from lab05_legal_bpe.tokenizer import ENDOFTEXT, BPETokenizer
from lab05_legal_bpe.train import count_pairs, merge, train_incremental, train_naive

__all__ = [
    "CL100K_SHA256", "ENDOFTEXT", "GPT2_PATTERN", "GPT4_PATTERN", "BPETokenizer", "bytes_per_token",
    "chunk_counts", "cl100k_file", "count_pairs", "load_cl100k", "load_cl100k_ranks", "merge",
    "pretokenize", "split_special", "train_incremental", "train_naive", "truncated_cl100k",
]
