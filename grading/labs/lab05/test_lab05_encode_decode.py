"""Hidden tests, task encode-decode: encode_chunk, encode_ordinary, decode."""

from itertools import pairwise

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lab05_legal_bpe import GPT4_PATTERN, BPETokenizer
from llmlab.corpora.legal import legal_documents
from llmlab_grading import points

_TRAINED = {}


def trained() -> BPETokenizer:
    """A tokenizer built from merges learned by the independent trainer below, so these tests do
    not depend on the student's trainer; built once per process."""
    if "tok" not in _TRAINED:
        _TRAINED["tok"] = BPETokenizer(_merges_from_scratch(legal_documents(40, seed=7), 400))
    return _TRAINED["tok"]


def _merges_from_scratch(docs, num_merges):
    """An independent naive BPE trainer (ties to the smallest pair) so these tests do not depend
    on the student's trainer."""
    words = {}
    for doc in docs:
        for chunk in regex.findall(GPT4_PATTERN, doc):
            key = tuple(chunk.encode("utf-8"))
            words[key] = words.get(key, 0) + 1
    merges = []
    for k in range(num_merges):
        counts = {}
        for ids, freq in words.items():
            for pair in pairwise(ids):
                counts[pair] = counts.get(pair, 0) + freq
        if not counts:
            break
        best = min(counts, key=lambda p: (-counts[p], p))
        merges.append(best)
        new_words = {}
        for ids, freq in words.items():
            out, i = [], 0
            while i < len(ids):
                if i + 1 < len(ids) and (ids[i], ids[i + 1]) == best:
                    out.append(256 + k)
                    i += 2
                else:
                    out.append(ids[i])
                    i += 1
            new_words[tuple(out)] = freq
        words = new_words
    return merges


def _reference_encode(text, merges):
    """Lowest-rank-first BPE per regex chunk, written independently."""
    ranks = {pair: 256 + k for k, pair in enumerate(merges)}
    out = []
    for chunk in regex.findall(GPT4_PATTERN, text):
        ids = list(chunk.encode("utf-8"))
        while True:
            candidates = [ranks[p] for p in pairwise(ids) if p in ranks]
            if not candidates:
                break
            rank = min(candidates)
            pair = merges[rank - 256]
            merged, i = [], 0
            while i < len(ids):
                if i + 1 < len(ids) and (ids[i], ids[i + 1]) == pair:
                    merged.append(rank)
                    i += 2
                else:
                    merged.append(ids[i])
                    i += 1
            ids = merged
        out.extend(ids)
    return out


@points(6, "encode on hand-built merges is wrong: within a chunk, repeatedly merge the adjacent "
           "pair with the LOWEST merge id (learned first), not the leftmost pair; chunks come "
           "from the pre-tokenizer and are never merged together.",
        task="encode-decode", timeout=60)
def test_encode_toy_by_rank():
    tok = BPETokenizer([(97, 97), (97, 98), (256, 257)])
    assert tok.encode_chunk(b"aaabdaaabac") == [258, 100, 258, 97, 99]
    assert tok.encode_chunk(b"aab") == [256, 98]
    assert tok.encode_chunk(b"aaaa") == [256, 256]
    assert tok.encode_chunk(b"") == []
    assert tok.encode_ordinary("aaab aa") == [258, 32, 256]
    assert tok.encode("aaab aab") == [258, 32, 256, 98]
    assert BPETokenizer([(98, 99), (97, 98)]).encode_chunk(b"abc") == [97, 256]


@points(4, "decode must join the ids' bytes and decode UTF-8 with errors='replace' (a cut "
           "character becomes U+FFFD), and raise ValueError for an unknown id.",
        task="encode-decode", timeout=60)
def test_decode():
    tok = BPETokenizer([(97, 97), (256, 98), (195, 169)])
    assert tok.decode([257, 99]) == "aabc"
    assert tok.decode([258]) == "é"
    assert tok.decode([195]) == "\ufffd"
    assert tok.decode([]) == ""
    with pytest.raises(ValueError):
        tok.decode([259])


@points(8, "decode(encode(s)) must give s back for ANY Unicode string (emoji, combining marks, "
           "NUL, CJK, whitespace runs): byte-level BPE can encode everything.",
        task="encode-decode", timeout=120)
@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.text())
@example("\x00")
@example("e\u0301\u0302 n\u0303")
@example("👩‍⚖️ signed 🖋️ § ¶ ©")
@example("契約書 第1条 ")
@example("  \n\n\t\r\n ")
def test_round_trip_any_text(text):
    tok = trained()
    ids = tok.encode_ordinary(text)
    assert all(isinstance(i, int) for i in ids)
    assert tok.decode(ids) == text
    assert tok.decode(tok.encode(text)) == text


@points(7, "encode_ordinary on legal documents differs from an independent lowest-rank-first BPE "
           "(regex chunks, then merges by rank inside each chunk).",
        task="encode-decode", timeout=90)
def test_matches_independent_encoder_on_legal_text():
    tok = trained()
    for doc in legal_documents(45, seed=7)[40:]:
        ids = tok.encode_ordinary(doc)
        assert ids == _reference_encode(doc, tok.merges)
        assert len(doc.encode("utf-8")) / len(ids) > 2.0
