"""Hidden tests, task persistence: BPETokenizer.save and BPETokenizer.load."""

import json

import pytest
from lab05_legal_bpe import ENDOFTEXT, GPT2_PATTERN, BPETokenizer
from llmlab.corpora.legal import legal_documents
from llmlab_grading import points

MERGES = [(97, 97), (97, 98), (256, 257), (32, 116), (259, 104), (260, 101)]


@points(7, "A tokenizer saved and loaded again must have the same merges, special tokens and "
           "pattern, and give identical encodings (special tokens included).",
        task="persistence", timeout=60)
def test_save_load_round_trip(tmp_path):
    tok = BPETokenizer(MERGES, {ENDOFTEXT: 262, "<|fim_prefix|>": 263}, GPT2_PATTERN)
    path = tok.save(tmp_path / "nested" / "folder" / "tok.json")
    assert path.is_file()
    loaded = BPETokenizer.load(path)
    assert loaded.merges == MERGES
    assert loaded.special_tokens == {ENDOFTEXT: 262, "<|fim_prefix|>": 263}
    assert loaded.pattern == GPT2_PATTERN
    for doc in legal_documents(3, seed=11):
        text = doc + ENDOFTEXT + " the aaab"
        assert loaded.encode(text, allowed_special="all") == tok.encode(text, allowed_special="all")
        assert loaded.encode(text) == tok.encode(text)
    assert loaded.decode(loaded.encode(f"aaab{ENDOFTEXT}", allowed_special="all")) == f"aaab{ENDOFTEXT}"


@points(4, "save must write the documented JSON: format 'lab05-legal-bpe', version 1, pattern, "
           "merges as [a, b] lists in order, special_tokens as an object string -> id.",
        task="persistence", timeout=60)
def test_saved_json_format(tmp_path):
    tok = BPETokenizer(MERGES, {ENDOFTEXT: 262})
    data = json.loads(tok.save(tmp_path / "tok.json").read_text(encoding="utf-8"))
    assert data["format"] == "lab05-legal-bpe"
    assert data["version"] == 1
    assert data["pattern"] == tok.pattern
    assert data["merges"] == [list(pair) for pair in MERGES]
    assert data["special_tokens"] == {ENDOFTEXT: 262}


@points(4, "load must read a file in the documented format written by someone else, raise "
           "FileNotFoundError for a missing file and ValueError for a file that is not a saved "
           "tokenizer.", task="persistence", timeout=60)
def test_load_foreign_file_and_errors(tmp_path):
    path = tmp_path / "hand_written.json"
    path.write_text(json.dumps({"format": "lab05-legal-bpe", "version": 1, "pattern": GPT2_PATTERN,
                                "merges": [[97, 97], [256, 98]],
                                "special_tokens": {ENDOFTEXT: 258}}), encoding="utf-8")
    tok = BPETokenizer.load(path)
    assert tok.encode(f"aab aa{ENDOFTEXT}", allowed_special="all") == [257, 32, 256, 258]
    with pytest.raises(FileNotFoundError):
        BPETokenizer.load(tmp_path / "missing.json")
    garbage = tmp_path / "garbage.json"
    garbage.write_text("this is not json", encoding="utf-8")
    with pytest.raises(ValueError):
        BPETokenizer.load(garbage)
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"chars": ["a", "b"]}), encoding="utf-8")
    with pytest.raises(ValueError):
        BPETokenizer.load(other)
