"""Hidden tests, task pretokenize: pretokenize and chunk_counts."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from lab05_legal_bpe import GPT2_PATTERN, GPT4_PATTERN, chunk_counts, pretokenize
from llmlab_grading import points


@points(5, "pretokenize(text) must return every match of the GPT-4 (cl100k) pattern in order: "
           "check digits come in runs of at most 3, \"'S\" is a contraction, \".\\n\\n\" stays one "
           "chunk and trailing spaces form the last chunk. Use the `regex` module, not `re`.",
        task="pretokenize", timeout=60)
def test_gpt4_chunks_exact():
    text = "Section 7.3(a) of the Agreement'S terms: 12345 days.\n\n  See 42 U.S.C. § 1983.  "
    assert pretokenize(text) == [
        "Section", " ", "7", ".", "3", "(a", ")", " of", " the", " Agreement", "'S", " terms", ":",
        " ", "123", "45", " days", ".\n\n", " ", " See", " ", "42", " U", ".S", ".C", ".", " §", " ",
        "198", "3", ".", "  "]
    assert pretokenize(text, GPT2_PATTERN)[:8] == ["Section", " 7", ".", "3", "(", "a", ")", " of"]
    assert pretokenize("") == []


@points(5, "The chunks must cover the text exactly (\"\".join(pretokenize(s)) == s) for any Unicode "
           "string, with either pattern: emoji, combining marks, NUL, newlines.",
        task="pretokenize", timeout=60)
@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.text())
def test_chunks_cover_any_text(text):
    for pattern in (GPT4_PATTERN, GPT2_PATTERN):
        chunks = pretokenize(text, pattern)
        assert "".join(chunks) == text
        assert all(chunks)


@points(5, "chunk_counts must count each chunk's UTF-8 bytes over all texts (a str is one text; "
           "a list is pre-tokenized document by document, so no chunk spans two).",
        task="pretokenize", timeout=60)
def test_chunk_counts():
    assert chunk_counts("ab ab ab abc") == Counter({b"ab": 1, b" ab": 2, b" abc": 1})
    assert chunk_counts(["x y", "x y"]) == Counter({b"x": 2, b" y": 2})
    assert chunk_counts(["ab", "cd"]) == Counter({b"ab": 1, b"cd": 1})
    assert chunk_counts("§ 1983") == Counter({"§".encode(): 1, b" ": 1, b"198": 1, b"3": 1})
    assert chunk_counts([]) == Counter()
