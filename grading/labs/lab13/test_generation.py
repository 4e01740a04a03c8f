"""Hidden tests, task generation: sample_next and generate."""

import random
from collections import Counter

from lab13_char_ngram import BOS, UNK, LanguageModel, LaplaceModel, generate, load_text, sample_next
from llmlab_grading import points


class FixedDraw(random.Random):
    """A generator whose random() always returns the same number."""

    def __init__(self, value):
        super().__init__(0)
        self.value = value

    def random(self):
        return self.value


class Cycle(LanguageModel):
    """A hand-written bigram model over a, b, c; UNK gets a lot of weight on purpose."""

    def __init__(self):
        super().__init__("abc", 2)
        self.table = {
            BOS: {"a": 0.2, "b": 0.2, "c": 0.1, UNK: 0.5},
            "a": {"a": 0.1, "b": 0.6, "c": 0.1, UNK: 0.2},
            "b": {"a": 0.1, "b": 0.1, "c": 0.5, UNK: 0.3},
            "c": {"a": 0.25, "b": 0.25, "c": 0.0, UNK: 0.5},
            UNK: {"a": 0.0, "b": 0.0, "c": 0.4, UNK: 0.6},
        }

    def prob(self, context, ch):
        return self.table[self.context_key(context)][self.symbol(ch)]


@points(5, "sample_next must draw u = rng.random() * total and return the first key whose running "
           "sum of weights exceeds u; keys of weight 0 are never returned.",
        task="generation", timeout=30)
def test_sample_next_fixed_draws():
    weights = {"a": 1.0, "b": 2.0, "c": 0.0, "d": 1.0}
    assert sample_next(weights, FixedDraw(0.0)) == "a"
    assert sample_next(weights, FixedDraw(0.2)) == "a"  # u = 0.8
    assert sample_next(weights, FixedDraw(0.25)) == "b"  # u = 1.0: the running sum 1.0 does not exceed it
    assert sample_next(weights, FixedDraw(0.7)) == "b"  # u = 2.8
    assert sample_next(weights, FixedDraw(0.75)) == "d"  # u = 3.0: c has weight 0
    assert sample_next(weights, FixedDraw(0.999)) == "d"
    assert sample_next({"x": 0.0, "y": 5.0, "z": 0.0}, FixedDraw(0.0)) == "y"


@points(5, "Over 20,000 draws, sample_next's frequencies should match the weights (normalised).",
        task="generation", timeout=30)
def test_sample_next_frequencies():
    rng = random.Random(0)
    weights = {"a": 1.0, "b": 3.0, "c": 0.0, "d": 6.0}
    counts = Counter(sample_next(weights, rng) for _ in range(20_000))
    assert counts["c"] == 0
    for key, expected in (("a", 0.1), ("b", 0.3), ("d", 0.6)):
        assert abs(counts[key] / 20_000 - expected) < 0.015, (key, counts)


@points(5, "generate must be repeatable (same seed, same text), never emit UNK, and draw each "
           "character with sample_next from model.distribution(text so far) without UNK, using one "
           "random.Random(seed).",
        task="generation", timeout=30)
def test_generate_seeded():
    model = Cycle()
    text = generate(model, 300, seed=5)
    assert len(text) == 300
    assert text == generate(model, 300, seed=5)
    assert text != generate(model, 300, seed=6)
    assert UNK not in text and "cc" not in text  # c never follows c
    rng, history = random.Random(5), ""
    for _ in range(300):
        dist = model.distribution(history)
        del dist[UNK]
        history += sample_next(dist, rng)
    assert text == history
    laplace = LaplaceModel(load_text(None, n_stories=20, seed=0), 4)
    a = generate(laplace, 200, prompt="Once upon", seed=11)
    assert a == generate(laplace, 200, prompt="Once upon", seed=11)
    assert len(a) == 200 and set(a) <= set(laplace.vocab.chars) - {UNK}


@points(5, "generate(..., greedy=True) must take the most likely character other than UNK, ties "
           "going to the earliest in vocabulary order, conditioning on the prompt.",
        task="generation", timeout=30)
def test_generate_greedy():
    model = Cycle()
    assert generate(model, 7, greedy=True) == "abcabca"
    assert generate(model, 4, prompt="z", greedy=True) == "cabc"
    assert generate(model, 3, prompt="xb", greedy=True) == "cab"
    assert generate(model, 0, prompt="abc", greedy=True) == ""
