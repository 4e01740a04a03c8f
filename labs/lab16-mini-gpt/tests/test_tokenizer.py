import pytest
from lab16_mini_gpt.tokenizer import CharTokenizer


def test_vocabulary_is_sorted_unique_characters():
    tok = CharTokenizer.from_text("hello world")
    assert tok.chars == sorted(set("hello world"))
    assert tok.vocab_size == 8


def test_round_trip():
    text = "Once upon a time, Lily smiled."
    tok = CharTokenizer.from_text(text)
    ids = tok.encode(text)
    assert len(ids) == len(text)
    assert ids[0] == tok.chars.index("O")
    assert tok.decode(ids) == text


def test_unknown_character_is_named():
    tok = CharTokenizer.from_text("abc")
    with pytest.raises(ValueError, match="'z'"):
        tok.encode("abz")


def test_save_load(tmp_path):
    tok = CharTokenizer.from_text("naïve café\n")
    loaded = CharTokenizer.load(tok.save(tmp_path / "tok.json"))
    assert loaded.chars == tok.chars
