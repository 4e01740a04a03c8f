"""Hidden tests, task perplexity: perplexity(model, text) in log space."""

import math

from lab13_char_ngram import UNK, LanguageModel, LaplaceModel, load_text, perplexity, split_text
from llmlab_grading import points


class Constant(LanguageModel):
    """Every character gets probability p."""

    def __init__(self, p):
        super().__init__("ab", 2)
        self.p = p

    def prob(self, context, ch):
        return self.p


class Table(LanguageModel):
    """A bigram model over a, b written out by hand (context key -> next char -> probability)."""

    def __init__(self):
        super().__init__("ab", 2)
        self.table = {"\x02": {"a": 0.5, "b": 0.5}, "a": {"a": 0.1, "b": 0.9},
                      "b": {"a": 0.8, "b": 0.2}, UNK: {"a": 0.5, "b": 0.5}}

    def prob(self, context, ch):
        return self.table[self.context_key(context)].get(self.symbol(ch), 0.0)


@points(5, "perplexity of a model giving every character probability 1/7 should be 7.",
        task="perplexity", timeout=30)
def test_perplexity_constant_model():
    assert math.isclose(perplexity(Constant(1 / 7), "abcdefgabc"), 7.0, rel_tol=1e-12)
    assert math.isclose(perplexity(Constant(0.25), "x"), 4.0, rel_tol=1e-12)


@points(5, "A 100,000-character text must give a finite perplexity: sum log-probabilities "
           "instead of multiplying probabilities (the product underflows to 0).",
        task="perplexity", timeout=60)
def test_perplexity_long_text_is_finite():
    assert math.isclose(perplexity(Constant(0.5), "ab" * 50_000), 2.0, rel_tol=1e-9)
    assert math.isclose(perplexity(Constant(0.01), "a" * 100_000), 100.0, rel_tol=1e-9)


@points(5, "perplexity must score each character given the text before it (the first one from "
           "the start of text) and return math.inf when a character has probability 0.",
        task="perplexity", timeout=30)
def test_perplexity_uses_the_preceding_text():
    model = Table()
    expected = (0.5 * 0.9 * 0.2 * 0.8) ** (-1 / 4)
    assert math.isclose(perplexity(model, "abba"), expected, rel_tol=1e-12)
    expected = (0.5 * 0.1 * 0.9 * 0.8 * 0.9) ** (-1 / 5)
    assert math.isclose(perplexity(model, "aabab"), expected, rel_tol=1e-12)
    assert perplexity(model, "abc") == math.inf  # "c" is UNK, which the table gives 0


@points(5, "perplexity differs from exp(mean negative log-probability) computed independently "
           "for a Laplace model on held-out stories containing unseen characters.",
        task="perplexity", timeout=60)
def test_perplexity_matches_independent_computation():
    train, held_out = split_text(load_text(None, n_stories=40, seed=4), 0.1)
    held_out = held_out[:1500] + "Ωµ§ unseen ✓" + held_out[1500:2500]
    model = LaplaceModel(train, 3, k=0.5)
    nll = -sum(math.log(model.prob(held_out[:i], ch)) for i, ch in enumerate(held_out))
    got = perplexity(model, held_out)
    assert math.isfinite(got)
    assert math.isclose(got, math.exp(nll / len(held_out)), rel_tol=1e-9)
