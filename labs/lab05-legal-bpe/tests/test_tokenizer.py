import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lab05_legal_bpe import ENDOFTEXT, BPETokenizer
from llmlab.corpora.legal import legal_documents


@pytest.fixture(scope="module")
def tok():
    return BPETokenizer.train(ENDOFTEXT.join(legal_documents(20, seed=1)), 512,
                              special_tokens=[ENDOFTEXT])


def test_encode_toy_by_rank():
    tok = BPETokenizer([(97, 97), (97, 98), (256, 257)])
    assert tok.encode("aaabdaaabac") == [258, 100, 258, 97, 99]
    assert tok.encode_chunk(b"aab") == [256, 98]  # aa was learned before ab
    # the lowest rank wins, not the leftmost pair
    assert BPETokenizer([(98, 99), (97, 98)]).encode_chunk(b"abc") == [97, 256]


def test_decode():
    tok = BPETokenizer([(97, 97), (256, 98)])
    assert tok.decode([257, 99]) == "aabc"
    assert tok.decode(list("é".encode())[:1]) == "\ufffd"  # half a character
    with pytest.raises(ValueError):
        tok.decode([1000])


def test_legal_text_compresses(tok):
    text = legal_documents(25, seed=1)[-1]
    ids = tok.encode(text)
    assert tok.decode(ids) == text
    assert len(text.encode()) / len(ids) > 1.8


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_round_trip_any_text(tok, text):
    assert tok.decode(tok.encode(text)) == text
    assert tok.decode(tok.encode(text, allowed_special="all")) == text


def test_round_trip_hard_cases(tok):
    for text in ["", "\x00", "e\u0301\u0302", "👩‍⚖️ § ¶", "  \n\n\t", "日本語の契約書"]:
        assert tok.decode(tok.encode(text)) == text


def test_special_tokens(tok):
    eot = tok.special_tokens[ENDOFTEXT]
    assert eot == 511 and tok.vocab_size == 512
    text = f"Agreement.{ENDOFTEXT}IT IS SO ORDERED."
    ids = tok.encode(text, allowed_special="all")
    assert ids.count(eot) == 1
    assert tok.decode(ids) == text
    ordinary = tok.encode(text)
    assert eot not in ordinary and tok.decode(ordinary) == text
    assert tok.encode(text, allowed_special={ENDOFTEXT}) == ids
    with pytest.raises(ValueError):
        tok.encode(text, allowed_special={"<|nope|>"})


def test_save_load(tok, tmp_path):
    path = tok.save(tmp_path / "sub" / "tok.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "lab05-legal-bpe" and data["version"] == 1
    assert data["merges"][0] == list(tok.merges[0])
    loaded = BPETokenizer.load(path)
    text = legal_documents(30, seed=1)[-1] + ENDOFTEXT
    assert loaded.encode(text, allowed_special="all") == tok.encode(text, allowed_special="all")
    with pytest.raises(FileNotFoundError):
        BPETokenizer.load(tmp_path / "missing.json")
