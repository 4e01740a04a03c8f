"""Hidden tests, task probabilities: LaplaceModel.prob (add-k smoothing)."""

import math
from fractions import Fraction

from lab13_char_ngram import UNK, LaplaceModel, count_ngrams, load_text
from llmlab_grading import points

TOY = "abcab"  # vocabulary a, b, c, UNK


def close(a, b):
    return math.isclose(a, float(b), rel_tol=1e-12, abs_tol=1e-15)


@points(6, "LaplaceModel('abcab', 2).prob is not (c(h, ch) + 1) / (c(h) + |V|) with |V| = 4 "
           "(a, b, c and UNK), or the start-of-text context is not BOS.",
        task="probabilities", timeout=30)
def test_laplace_exact_fractions():
    model = LaplaceModel(TOY, 2)
    assert close(model.prob("a", "b"), Fraction(3, 6))
    assert close(model.prob("a", "a"), Fraction(1, 6))
    assert close(model.prob("b", "c"), Fraction(2, 5))
    assert close(model.prob("b", "b"), Fraction(1, 5))
    assert close(model.prob("", "a"), Fraction(2, 5))
    assert close(model.prob("", "c"), Fraction(1, 5))
    assert close(model.prob("cab", "c"), Fraction(2, 5))  # only the last n - 1 characters count


@points(4, "Add-k with k != 1 is wrong: P = (c(h, ch) + k) / (c(h) + k * |V|).",
        task="probabilities", timeout=30)
def test_laplace_add_k_formula():
    half = LaplaceModel(TOY, 2, k=0.5)
    assert close(half.prob("a", "b"), Fraction(5, 8))
    assert close(half.prob("", "a"), Fraction(1, 2))
    assert close(half.prob("c", UNK), Fraction(1, 6))
    two = LaplaceModel(TOY, 3, k=2.0)
    assert close(two.prob("ab", "c"), Fraction(3, 9))
    assert close(two.prob("ab", "a"), Fraction(2, 9))


@points(6, "A Laplace distribution does not sum to 1 over the vocabulary (UNK included) for every "
           "context, seen and unseen: an unseen context should give 1/|V| to every character.",
        task="probabilities", timeout=60)
def test_laplace_sums_to_one_seen_and_unseen():
    text = load_text(None, n_stories=30, seed=2)
    model = LaplaceModel(text, 3, k=0.3)
    seen = list(count_ngrams(text, 3))
    assert len(seen) > 100
    for context in seen[:300] + ["zq", "Ω!", "\n\n"]:
        assert math.isclose(sum(model.distribution(context).values()), 1.0, rel_tol=1e-9)
    size = len(model.vocab.chars)
    for ch, p in model.distribution("zq").items():
        assert close(p, Fraction(1, size)), ch


@points(4, "An unseen character must be scored as UNK: P(unseen | h) = P(UNK | h) = "
           "k / (c(h) + k * |V|).",
        task="probabilities", timeout=60)
def test_laplace_unseen_characters():
    text = load_text(None, n_stories=30, seed=2)
    model = LaplaceModel(text, 2, k=1.0)
    c_h = text.count("e") - (1 if text.endswith("e") else 0)  # times "e" is followed by something
    expected = 1.0 / (c_h + len(model.vocab.chars))
    assert math.isclose(model.prob("e", "Ω"), expected, rel_tol=1e-12)
    assert math.isclose(model.prob("e", UNK), expected, rel_tol=1e-12)
    assert math.isclose(model.prob("e", "#"), expected, rel_tol=1e-12)
