from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from lab05_legal_bpe import GPT2_PATTERN, GPT4_PATTERN, chunk_counts, pretokenize, split_special

LEGAL = "Section 7.3(a) of the Agreement's terms: 12345 days.\n\n  See 42 U.S.C. § 1983.  "


def test_gpt4_chunks_of_a_legal_sentence():
    assert pretokenize(LEGAL) == [
        "Section", " ", "7", ".", "3", "(a", ")", " of", " the", " Agreement", "'s", " terms", ":",
        " ", "123", "45", " days", ".\n\n", " ", " See", " ", "42", " U", ".S", ".C", ".", " §", " ",
        "198", "3", ".", "  "]


def test_gpt2_pattern_differs():
    chunks = pretokenize("U.S.C. 12345", GPT2_PATTERN)
    assert chunks == ["U", ".", "S", ".", "C", ".", " 12345"]


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_chunks_cover_any_text(text):
    assert "".join(pretokenize(text)) == text
    assert "".join(pretokenize(text, GPT2_PATTERN)) == text


def test_chunk_counts_are_utf8_and_per_document():
    assert chunk_counts("the cat the") == Counter({b"the": 1, b" cat": 1, b" the": 1})
    assert chunk_counts(["the cat the", " the"]) == Counter({b" the": 2, b"the": 1, b" cat": 1})
    assert chunk_counts(" §") == Counter({" §".encode(): 1})
    assert chunk_counts(["ab", "cd"], GPT4_PATTERN) == Counter({b"ab": 1, b"cd": 1})


def test_split_special():
    eot = "<|endoftext|>"
    assert split_special(f"a{eot}b", [eot]) == ["a", eot, "b"]
    assert split_special(f"{eot}{eot}", [eot]) == [eot, eot]
    assert split_special("", [eot]) == []
    assert split_special("plain", []) == ["plain"]
    assert split_special("x<|end|><|endoftext|>", ["<|end|>", eot]) == ["x", "<|end|>", eot]
