"""Public tests: small, exact cases you can check by hand. Run them after each task."""

from __future__ import annotations

import math
import random
from collections import Counter
from fractions import Fraction

import pytest
from lab13_char_ngram import (
    BOS,
    UNK,
    InterpolatedModel,
    KneserNeyModel,
    LanguageModel,
    LaplaceModel,
    continuation_counts,
    count_ngrams,
    generate,
    load_text,
    perplexity,
    read_text_file,
    sample_next,
    split_text,
)
from lab13_char_ngram.cli import main

TOY = "abcab"  # vocabulary a, b, c, UNK: |V| = 4


def close(a: float, b: Fraction) -> bool:
    return math.isclose(a, float(b), rel_tol=1e-12)


# --- given code: the data loader and the vocabulary ---------------------------------------------

def test_read_text_file_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="no text file"):
        read_text_file(tmp_path / "missing.txt")
    (tmp_path / "empty.txt").write_text("")
    with pytest.raises(ValueError, match="empty"):
        read_text_file(tmp_path / "empty.txt")
    (tmp_path / "latin1.txt").write_bytes("café".encode("latin-1"))
    with pytest.raises(ValueError, match="not UTF-8"):
        read_text_file(tmp_path / "latin1.txt")


def test_default_corpus_and_split():
    text = load_text(None, n_stories=20, seed=0)
    train, held_out = split_text(text, 0.1)
    assert train + held_out == text
    assert len(held_out) == len(text) - int(len(text) * 0.9)


def test_vocabulary_is_sorted_seen_characters_then_unk():
    model = LaplaceModel("cab" + BOS + UNK, 1)
    assert model.vocab.chars == ["a", "b", "c", UNK]
    assert model.vocab.normalize("abz") == "ab" + UNK


# --- counts -------------------------------------------------------------------------------------

def test_count_ngrams_toy():
    assert count_ngrams(TOY, 1) == {"": Counter(a=2, b=2, c=1)}
    assert count_ngrams(TOY, 2) == {BOS: Counter(a=1), "a": Counter(b=2), "b": Counter(c=1),
                                    "c": Counter(a=1)}
    assert count_ngrams(TOY, 3)[BOS + BOS] == Counter(a=1)
    assert count_ngrams(TOY, 3)[BOS + "a"] == Counter(b=1)


def test_counts_add_up_to_text_length():
    text = load_text(None, n_stories=5)
    for n in (1, 3, 5):
        assert sum(sum(c.values()) for c in count_ngrams(text, n).values()) == len(text)


# --- probabilities ------------------------------------------------------------------------------

def test_laplace_toy_fractions():
    model = LaplaceModel(TOY, 2)
    assert close(model.prob("a", "b"), Fraction(3, 6))  # (2 + 1) / (2 + 4)
    assert close(model.prob("a", "c"), Fraction(1, 6))
    assert close(model.prob("", "a"), Fraction(2, 5))  # start of text: context BOS
    assert close(model.prob("x", "b"), Fraction(1, 4))  # unseen context: uniform
    assert close(model.prob("a", "z"), model.prob("a", UNK))  # unseen character = UNK


def test_laplace_distributions_sum_to_one():
    model = LaplaceModel(load_text(None, n_stories=20), 3, k=0.5)
    for context in ("", "Th", "e ", "qz", "Ωx"):
        assert math.isclose(sum(model.distribution(context).values()), 1.0, rel_tol=1e-9)


# --- perplexity ---------------------------------------------------------------------------------

class Constant(LanguageModel):
    """Every character has the same probability: the perplexity is 1 / p."""

    def __init__(self, p: float) -> None:
        super().__init__("ab", 2)
        self.p = p

    def prob(self, context: str, ch: str) -> float:
        return self.p


def test_perplexity_of_a_constant_model():
    assert math.isclose(perplexity(Constant(1 / 7), "abcdefg"), 7.0)
    assert math.isclose(perplexity(Constant(0.5), "a" * 100_000), 2.0)  # 0.5 ** 100000 underflows


def test_perplexity_matches_mean_log_prob():
    model = LaplaceModel(TOY, 2)
    text = "abca"
    nll = -sum(math.log(model.prob(text[:i], ch)) for i, ch in enumerate(text))
    assert math.isclose(perplexity(model, text), math.exp(nll / len(text)))


# --- generation ---------------------------------------------------------------------------------

class FixedDraw(random.Random):
    def __init__(self, value: float) -> None:
        super().__init__(0)
        self.value = value

    def random(self) -> float:
        return self.value


def test_sample_next_walks_the_cumulative_weights():
    weights = {"a": 1.0, "b": 2.0, "c": 1.0}
    assert sample_next(weights, FixedDraw(0.0)) == "a"
    assert sample_next(weights, FixedDraw(0.3)) == "b"  # u = 1.2
    assert sample_next(weights, FixedDraw(0.99)) == "c"
    assert sample_next({"a": 0.0, "b": 1.0}, FixedDraw(0.0)) == "b"


def test_generate_is_seeded_and_greedy_is_exact():
    model = LaplaceModel(TOY, 2)
    assert generate(model, 30, seed=1) == generate(model, 30, seed=1)
    assert generate(model, 30, seed=1) != generate(model, 30, seed=2)
    assert generate(model, 6, "a", greedy=True) == "bcabca"
    assert generate(model, 3, "x", greedy=True) == "abc"  # uniform: ties go to "a"


# --- smoothing comparison -----------------------------------------------------------------------

def test_interpolated_toy():
    model = InterpolatedModel(TOY, 2, [0.5, 0.8])
    # P1(b) = 0.5 * 2/5 + 0.5 * 1/4 = 13/40; P2(b|a) = 0.8 * 2/2 + 0.2 * 13/40
    assert close(model.prob("a", "b"), Fraction(173, 200))
    assert close(model.prob("x", "b"), Fraction(13, 40))


def test_kneser_ney_toy():
    assert continuation_counts(count_ngrams(TOY, 2)) == {"": Counter(a=2, b=1, c=1)}
    model = KneserNeyModel(TOY, 2, discount=0.75)
    expected = {"a": Fraction(87, 512), "b": Fraction(359, 512), "c": Fraction(39, 512),
                UNK: Fraction(27, 512)}
    for ch, p in model.distribution("a").items():
        assert close(p, expected[ch])


def test_kneser_ney_beats_laplace_on_held_out_stories():
    train, held_out = split_text(load_text(None, n_stories=60), 0.1)
    laplace = perplexity(LaplaceModel(train, 4), held_out)
    kneser_ney = perplexity(KneserNeyModel(train, 4), held_out)
    assert kneser_ney < 0.6 * laplace


# --- the command --------------------------------------------------------------------------------

def test_cli_train_and_compare(tmp_path, capsys):
    main(["--n-stories", "30", "--order", "3", "--length", "40"])
    out = capsys.readouterr().out
    assert "held-out perplexity" in out and "sample (seed 1337)" in out
    main(["compare", "--n-stories", "30", "--max-order", "2", "--out", str(tmp_path)])
    assert (tmp_path / "compare.png").stat().st_size > 0
    assert (tmp_path / "compare.md").read_text().count("\n") == 4  # header, rule, 2 orders
    with pytest.raises(SystemExit, match="no text file"):
        main(["--data", str(tmp_path / "missing.txt")])
