"""Hidden tests, task byte-fallback: byte_pieces, unseen_characters, byte_fallback_rate."""

import pytest
from lab06_medical_sentencepiece import (
    byte_fallback_rate,
    byte_pieces,
    load,
    train_tokenizer,
    unseen_characters,
)
from llmlab.corpora.medical import medical_symbols
from llmlab_grading import points


@points(5, "byte_pieces must give one '<0xXX>' per UTF-8 byte, upper-case hex, two digits.",
        task="byte-fallback", timeout=30)
def test_byte_pieces():
    assert byte_pieces("é") == ["<0xC3>", "<0xA9>"]
    assert byte_pieces("😷") == ["<0xF0>", "<0x9F>", "<0x98>", "<0xB7>"]
    assert byte_pieces("a\n") == ["<0x61>", "<0x0A>"]
    assert byte_pieces("") == []


@points(5, "unseen_characters must list, once each and in order of first appearance, the "
           "characters other than ' ' that have no piece of their own (piece_to_id gives unk_id). "
           "Note 'N': in English it only occurs inside the user symbol NT-proBNP.",
        task="byte-fallback", timeout=30)
def test_unseen_characters(en_model, de_model):
    text = "Nausea 😷 was rare (Übelkeit ☃, Ω-3) ü 😷 N"
    assert unseen_characters(en_model, text) == ["N", "😷", "Ü", "☃", "Ω", "ü"]
    assert unseen_characters(de_model, "Übelkeit 😷 bei ☃") == ["😷", "☃"]
    assert unseen_characters(en_model, "was rare") == []


@points(5, "A model from train_tokenizer must spell unseen characters (emoji, rare Unicode) as "
           "their byte pieces, never <unk>, and decode them back exactly: byte_fallback=True.",
        task="byte-fallback", timeout=60)
def test_trained_model_falls_back_to_bytes(corpus, tmp_path):
    sp = load(train_tokenizer(corpus["train"]["en"], "bpe", 600, medical_symbols("en"), tmp_path / "en"))
    text = "Rash 😷 after dose ☃ (Übelkeit), 𝛼 ≈ 2"
    ids = sp.encode(text)
    assert sp.unk_id() not in ids
    pieces = sp.encode(text, out_type=str)
    for ch in "😷☃Ü𝛼≈":
        expected = byte_pieces(ch)
        assert any(pieces[i:i + len(expected)] == expected for i in range(len(pieces))), ch
    assert sp.decode(ids) == text


@points(5, "byte_fallback_rate must be byte pieces over all pieces (sp.is_byte): 0 on the model's "
           "own language, several percent for the English model on German text.",
        task="byte-fallback", timeout=60)
def test_byte_fallback_rate(en_model, corpus):
    texts = corpus["held_out"]["de"][:80]
    ids = [i for t in texts for i in en_model.encode(t)]
    expected = sum(en_model.is_byte(i) for i in ids) / len(ids)
    assert expected > 0.02
    assert byte_fallback_rate(en_model, texts) == pytest.approx(expected, rel=1e-12)
    assert byte_fallback_rate(en_model, corpus["held_out"]["en"]) == 0.0
    assert byte_fallback_rate(en_model, ["😷"]) == pytest.approx(4 / 5)  # "▁" + 4 bytes
