"""Hidden tests, task smoothing-comparison: interpolation and Kneser-Ney against Laplace."""

import math
from collections import Counter
from fractions import Fraction

from lab13_char_ngram import (
    UNK,
    InterpolatedModel,
    KneserNeyModel,
    LaplaceModel,
    compare_smoothing,
    continuation_counts,
    count_ngrams,
    load_text,
    perplexity,
    split_text,
)
from llmlab_grading import points

TOY = "abcab"  # vocabulary a, b, c, UNK


def close(a, b):
    return math.isclose(a, float(b), rel_tol=1e-12, abs_tol=1e-15)


@points(5, "continuation_counts must count, for each shorter context h and character ch, how many "
           "distinct contexts x + h were followed by ch (not how often).",
        task="smoothing-comparison", timeout=30)
def test_continuation_counts():
    counts = {"xa": Counter(b=5, c=1), "ya": Counter(b=1), "za": Counter(c=0, d=2),
              "xb": Counter(a=3)}
    assert continuation_counts(counts) == {"a": Counter(b=2, c=1, d=1), "b": Counter(a=1)}
    assert continuation_counts({"a": Counter(b=3), "c": Counter(b=1, a=2)}) == {"": Counter(b=2, a=1)}


@points(5, "InterpolatedModel.prob is wrong on 'abcab': P_j = lam_j * c(h_j, ch) / c(h_j) + "
           "(1 - lam_j) * P_{j-1}, from P_0 = 1/|V|, skipping orders whose context is unseen.",
        task="smoothing-comparison", timeout=30)
def test_interpolated_exact():
    model = InterpolatedModel(TOY, 2, [0.5, 0.8])
    assert close(model.prob("a", "b"), Fraction(173, 200))
    assert close(model.prob("a", "a"), Fraction(13, 200))
    assert close(model.prob("a", "Ω"), Fraction(1, 40))
    assert close(model.prob("x", "b"), Fraction(13, 40))  # unseen context: P_1
    assert close(model.prob("", "a"), Fraction(4, 5) + Fraction(1, 5) * Fraction(13, 40))
    assert close(model.prob("", "c"), Fraction(1, 5) * Fraction(9, 40))  # start of text: BOS


@points(5, "KneserNeyModel.prob is wrong on 'abcab' (D = 0.75): the top order uses raw counts, "
           "lower orders continuation counts, each discounted by D and interpolated down to 1/|V|.",
        task="smoothing-comparison", timeout=30)
def test_kneser_ney_exact():
    model = KneserNeyModel(TOY, 2, discount=0.75)
    expected = {"a": Fraction(87, 512), "b": Fraction(359, 512), "c": Fraction(39, 512),
                UNK: Fraction(27, 512)}
    dist = model.distribution("a")
    assert set(dist) == set(expected)
    for ch, p in dist.items():
        assert close(p, expected[ch]), ch
    assert close(model.prob("", "a"), Fraction(151, 256))
    assert close(model.prob("", "b"), Fraction(39, 256))
    assert close(model.prob("x", "a"), Fraction(29, 64))  # unseen context: the unigram level
    unigram = KneserNeyModel(TOY, 1, discount=0.5)  # order 1: raw counts
    assert close(unigram.prob("", "a"), Fraction(3, 10) + Fraction(3, 10) * Fraction(1, 4))


@points(4, "Interpolated and Kneser-Ney distributions of order 5 must sum to 1 over the vocabulary "
           "for seen and unseen contexts.",
        task="smoothing-comparison", timeout=60)
def test_smoothed_models_sum_to_one():
    text = load_text(None, n_stories=40, seed=5)
    models = [KneserNeyModel(text, 5, discount=0.6),
              InterpolatedModel(text, 5, [0.9, 0.8, 0.7, 0.6, 0.5])]
    contexts = list(count_ngrams(text, 5))[:150] + ["", "zzzz", "Ωq e", "qxe ", "nce u", "🙂"]
    for model in models:
        for context in contexts:
            total = sum(model.distribution(context).values())
            assert math.isclose(total, 1.0, rel_tol=1e-9), (type(model).__name__, context, total)


@points(3, "Kneser-Ney should beat Laplace on held-out stories at orders 3 to 5, and improve with "
           "the order.",
        task="smoothing-comparison", timeout=60)
def test_kneser_ney_beats_laplace():
    train, held_out = split_text(load_text(None, n_stories=100, seed=0), 0.1)
    kn = {n: perplexity(KneserNeyModel(train, n), held_out) for n in (2, 3, 4, 5)}
    for n in (3, 4, 5):
        assert kn[n] < perplexity(LaplaceModel(train, n), held_out), n
    assert kn[5] < kn[4] < kn[3] < kn[2]
    assert kn[5] < 2.0


@points(3, "compare_smoothing should report, for each order, the perplexity of the three models; "
           "Kneser-Ney and interpolation should beat Laplace at the top order.",
        task="smoothing-comparison", timeout=60)
def test_compare_smoothing_report():
    train, held_out = split_text(load_text(None, n_stories=60, seed=0), 0.1)
    rows = compare_smoothing(train, held_out, max_order=3)
    assert [row.order for row in rows] == [1, 2, 3]
    top = rows[-1]
    assert top.kneser_ney < top.laplace and top.interpolated < top.laplace
    assert math.isclose(top.kneser_ney, perplexity(KneserNeyModel(train, 3), held_out), rel_tol=1e-12)
    assert math.isclose(top.laplace, perplexity(LaplaceModel(train, 3), held_out), rel_tol=1e-12)
    assert len(top.lambdas) == 3
