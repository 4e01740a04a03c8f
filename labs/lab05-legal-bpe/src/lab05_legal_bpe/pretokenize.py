"""Pre-tokenization: cut text into chunks with a GPT-style regex before BPE sees it.

BPE never merges across a chunk boundary, so " the" can become one token but "e." never will:
the regex keeps words, numbers, punctuation runs and whitespace apart. Both patterns need the
third-party ``regex`` module (``\\p{L}`` classes, possessive quantifiers), not ``re``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import regex

# GPT-2's pattern (openai/gpt-2, encoder.py): contractions, then a letter/number/other run with at
# most one leading space, then whitespace.
GPT2_PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""

# cl100k_base's pattern (GPT-4; tiktoken_ext/openai_public.py): case-insensitive contractions,
# numbers of at most three digits, and newlines kept apart from the other whitespace.
GPT4_PATTERN = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+"""
    r"""|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
)


def pretokenize(text: str, pattern: str = GPT4_PATTERN) -> list[str]:
    """The chunks of ``text``: every match of ``pattern``, in order.

    With either pattern above the chunks cover the text exactly:
    ``"".join(pretokenize(text)) == text`` for every string.
    """
    # BEGIN SOLUTION
    return regex.findall(pattern, text)
    # END SOLUTION


def chunk_counts(texts: str | Iterable[str], pattern: str = GPT4_PATTERN) -> Counter[bytes]:
    """How often each chunk occurs, as UTF-8 bytes: the input of BPE training.

    ``texts`` is one string or an iterable of strings (documents pre-tokenized separately, so
    no chunk spans two of them). Example: ``chunk_counts("the cat the")`` is
    ``Counter({b"the": 1, b" cat": 1, b" the": 1})``.
    """
    # BEGIN SOLUTION
    if isinstance(texts, str):
        texts = [texts]
    compiled = regex.compile(pattern)  # compiled once: the corpus has thousands of documents
    counts: Counter[bytes] = Counter()
    for text in texts:
        counts.update(chunk.encode("utf-8") for chunk in compiled.findall(text))
    return counts
    # END SOLUTION
