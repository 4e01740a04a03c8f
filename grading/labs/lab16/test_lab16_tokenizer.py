import pytest
from lab16_mini_gpt.tokenizer import CharTokenizer
from llmlab_grading import points

TEXT = 'Once upon a time, Zoe said: "hello!"\nThe end.\n'


@points(
    4,
    "encode/decode do not round-trip, or ids are not positions in the sorted vocabulary: "
    "encode should map each character to its index in sorted(set(text)).",
    task="tokenizer",
)
def test_round_trip_and_ids():
    tok = CharTokenizer.from_text(TEXT)
    vocab = sorted(set(TEXT))
    assert tok.vocab_size == len(vocab)
    ids = tok.encode(TEXT)
    assert ids == [vocab.index(ch) for ch in TEXT]
    assert tok.decode(ids) == TEXT
    assert tok.encode("") == [] and tok.decode([]) == ""


@points(
    3,
    "Encoding a character outside the vocabulary must raise ValueError whose message names "
    "the character (e.g. with {ch!r}).",
    task="tokenizer",
)
def test_unknown_character_raises_value_error():
    tok = CharTokenizer.from_text(TEXT)
    with pytest.raises(ValueError, match="'Q'"):
        tok.encode("Once Q")


@points(
    3,
    "A tokenizer saved and loaded again must encode the same way, and decode must reject ids "
    "outside [0, vocab_size) with ValueError.",
    task="tokenizer",
)
def test_save_load_and_bad_ids(tmp_path):
    tok = CharTokenizer.from_text(TEXT + "naïve ☃")
    loaded = CharTokenizer.load(tok.save(tmp_path / "tokenizer.json"))
    assert loaded.vocab_size == tok.vocab_size
    assert loaded.encode("naïve ☃ end") == tok.encode("naïve ☃ end")
    assert loaded.decode(tok.encode(TEXT)) == TEXT
    with pytest.raises(ValueError):
        tok.decode([tok.vocab_size])
