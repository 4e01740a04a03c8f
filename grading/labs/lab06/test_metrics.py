"""Hidden tests, task metrics: unk_rate and tokens_per_word."""

import pytest
from lab06_medical_sentencepiece import load, tokens_per_word, train_tokenizer, unk_rate
from llmlab.corpora.medical import medical_symbols
from llmlab_grading import points


@points(5, "tokens_per_word must be all pieces of all texts over all whitespace-separated words "
           "(pooled, not a mean of per-text ratios), and raise ValueError when there is no word.",
        task="metrics", timeout=60)
def test_tokens_per_word_pools_counts(en_model, corpus):
    texts = corpus["held_out"]["de"][:40] + ["mg", "a  b   c"]
    pieces = sum(len(en_model.encode(t)) for t in texts)
    words = sum(len(t.split()) for t in texts)
    assert tokens_per_word(en_model, texts) == pytest.approx(pieces / words, rel=1e-12)
    assert tokens_per_word(en_model, ["mg/dL"]) == pytest.approx(2.0)  # "▁", "mg/dL"
    with pytest.raises(ValueError):
        tokens_per_word(en_model, ["", "   "])


@points(5, "unk_rate must be <unk> pieces over all pieces: a model without byte fallback gives "
           "<unk> for 😷, Ü and ☃; with byte fallback the rate is 0.", task="metrics", timeout=60)
def test_unk_rate_counts_unk_pieces(en_model_without_bytes, en_model):
    sp = en_model_without_bytes
    texts = ["Nausea 😷 was rare (Übelkeit ☃).", "no unknown here", "ÜÜ 😷😷"]
    ids = [i for t in texts for i in sp.encode(t)]
    expected = sum(i == sp.unk_id() for i in ids) / len(ids)
    assert expected > 0.1
    assert unk_rate(sp, texts) == pytest.approx(expected, rel=1e-12)
    assert unk_rate(sp, ["was rare"]) == 0.0
    assert unk_rate(en_model, texts) == 0.0


@points(5, "English held-out abstracts: trained models (300 abstracts, 600 pieces) should have "
           "unk rate 0 and fewer than 3.4 tokens per word (unigram and BPE).",
        task="metrics", timeout=90)
def test_english_held_out_thresholds(corpus, tmp_path):
    for model_type in ("unigram", "bpe"):
        sp = load(train_tokenizer(corpus["train"]["en"], model_type, 600, medical_symbols("en"),
                                  tmp_path / model_type))
        assert unk_rate(sp, corpus["held_out"]["en"]) == 0.0
        assert 1.5 < tokens_per_word(sp, corpus["held_out"]["en"]) < 3.4, model_type


@points(5, "German held-out abstracts: trained models (300 abstracts, 600 pieces) should have "
           "unk rate 0 and fewer than 3.8 tokens per word (unigram and BPE).",
        task="metrics", timeout=90)
def test_german_held_out_thresholds(corpus, tmp_path):
    for model_type in ("unigram", "bpe"):
        sp = load(train_tokenizer(corpus["train"]["de"], model_type, 600, medical_symbols("de"),
                                  tmp_path / model_type))
        assert unk_rate(sp, corpus["held_out"]["de"]) == 0.0
        assert 1.5 < tokens_per_word(sp, corpus["held_out"]["de"]) < 3.8, model_type
