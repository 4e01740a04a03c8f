"""Corpora and reference SentencePiece models for the hidden tests.

The models here are trained with SentencePiece directly (the documented options), so the
metrics, byte-fallback and symbol tests grade those functions even when training is broken.
"""

import io

import pytest
import sentencepiece as spm
from llmlab.corpora.medical import medical_abstracts, medical_symbols

OPTIONS = {"character_coverage": 1.0, "split_digits": True, "normalization_rule_name": "identity",
           "remove_extra_whitespaces": False, "num_threads": 1, "input_sentence_size": 0,
           "shuffle_input_sentence": False, "minloglevel": 2}


def lines(n, lang, seed):
    return [line for a in medical_abstracts(n, lang, seed) for line in a.text.split("\n")]


def reference_model(texts, model_type="unigram", vocab_size=600, symbols=(), byte_fallback=True):
    writer = io.BytesIO()
    spm.SentencePieceTrainer.train(sentence_iterator=iter(texts), model_writer=writer,
                                   model_type=model_type, vocab_size=vocab_size,
                                   user_defined_symbols=list(symbols), byte_fallback=byte_fallback,
                                   **OPTIONS)
    return spm.SentencePieceProcessor(model_proto=writer.getvalue())


@pytest.fixture(scope="session")
def corpus():
    """Training (300 abstracts, seed 0) and held-out (100 abstracts, seed 1) lines per language."""
    return {"train": {lang: lines(300, lang, 0) for lang in ("en", "de")},
            "held_out": {lang: lines(100, lang, 1) for lang in ("en", "de")}}


@pytest.fixture(scope="session")
def make_model():
    return reference_model


@pytest.fixture(scope="session")
def en_model(corpus):
    return reference_model(corpus["train"]["en"], symbols=medical_symbols("en"))


@pytest.fixture(scope="session")
def de_model(corpus):
    return reference_model(corpus["train"]["de"], symbols=medical_symbols("de"))


@pytest.fixture(scope="session")
def en_model_without_symbols(corpus):
    return reference_model(corpus["train"]["en"])


@pytest.fixture(scope="session")
def en_model_without_bytes(corpus):
    return reference_model(corpus["train"]["en"], vocab_size=344, symbols=medical_symbols("en"),
                           byte_fallback=False)
