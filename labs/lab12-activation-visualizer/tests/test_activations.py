"""Public checks of the activations, their derivatives and GELU (a subset of what is graded)."""

import math

import numpy as np
import pytest
from lab12_activation_visualizer.activations import (
    ACTIVATIONS,
    central_difference,
    gelu,
    gelu_tanh,
    get_activation,
    sigmoid,
    softplus,
)

X = np.linspace(-6.0, 6.0, 1201)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_derivative_matches_central_difference(name):
    act = ACTIVATIONS[name]
    x = X[np.all([np.abs(X - k) > 1e-3 for k in act.kinks], axis=0)] if act.kinks else X
    analytic, numeric = act.grad(x), central_difference(act.fn, x)
    assert analytic.shape == x.shape and analytic.dtype == np.float64
    assert np.all(np.abs(analytic - numeric) <= 1e-6 * np.abs(numeric) + 1e-9)


def test_central_difference_of_a_cubic():
    x = np.array([-1.0, 0.0, 2.0])
    np.testing.assert_allclose(central_difference(lambda v: v**3, x, h=1e-2), 3 * x**2 + 1e-4)


def test_sigmoid_and_softplus_are_stable():
    big = np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0])
    with np.errstate(over="raise", invalid="raise"):
        s, p = sigmoid(big), softplus(big)
    np.testing.assert_allclose(s, [0.0, math.exp(-40) / (1 + math.exp(-40)), 0.5, 1.0, 1.0], rtol=1e-12)
    np.testing.assert_allclose(p[1:], [math.exp(-40), math.log(2), 40.0, 1000.0], rtol=1e-12)
    assert p[0] == 0.0


def test_gelu_forms_differ_by_less_than_1e_3():
    gap = np.abs(gelu(X) - gelu_tanh(X)).max()
    assert 1e-4 < gap < 1e-3
    assert gelu(np.array([1.0]))[0] == pytest.approx(0.8413447460685429, rel=1e-12)


def test_unknown_activation_is_explained():
    with pytest.raises(KeyError, match="choose one of"):
        get_activation("swishy")
