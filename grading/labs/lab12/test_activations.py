import math

import numpy as np
from lab12_activation_visualizer import activations as A
from llmlab_grading import points

X = np.array([[-3.0, -1.0, -0.25], [0.0, 0.5, 2.0]])


def _sig(v):
    return 1.0 / (1.0 + math.exp(-v))


def _close(got, want, rtol=1e-12, atol=1e-15):
    got = np.asarray(got)
    assert got.shape == np.shape(want) and got.dtype == np.float64, (got.shape, got.dtype)
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)


@points(4, "sigmoid, tanh, softplus and silu must match their textbook formulas elementwise "
           "(float64, same shape as the input).", task="activations", timeout=30)
def test_smooth_activation_values():
    flat = X.ravel()
    _close(A.sigmoid(X), np.array([_sig(v) for v in flat]).reshape(X.shape))
    _close(A.tanh(X), np.array([math.tanh(v) for v in flat]).reshape(X.shape))
    _close(A.softplus(X), np.array([math.log1p(math.exp(v)) for v in flat]).reshape(X.shape))
    _close(A.silu(X), np.array([v * _sig(v) for v in flat]).reshape(X.shape))


@points(4, "relu, leaky_relu and elu must match their definitions, including the alpha "
           "argument of leaky_relu and elu.", task="activations", timeout=30)
def test_piecewise_activation_values():
    flat = X.ravel()
    _close(A.relu(X), np.maximum(X, 0.0))
    _close(A.leaky_relu(X), np.where(X > 0, X, 0.01 * X))
    _close(A.leaky_relu(X, alpha=0.2), np.where(X > 0, X, 0.2 * X))
    _close(A.elu(X), np.array([v if v > 0 else math.expm1(v) for v in flat]).reshape(X.shape))
    _close(A.elu(X, alpha=2.0), np.array([v if v > 0 else 2 * math.expm1(v) for v in flat]).reshape(X.shape))


@points(5, "sigmoid must not overflow or warn for large |x| (exp(1000) overflows): use exp(-|x|) "
           "and keep tiny values like sigmoid(-700) accurate.", task="activations", timeout=30)
def test_sigmoid_is_stable():
    x = np.array([-1000.0, -700.0, -40.0, 0.0, 40.0, 700.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        y = A.sigmoid(x)
    assert np.all(np.isfinite(y))
    assert y[0] == 0.0 and y[-1] == 1.0 and y[3] == 0.5 and y[-2] == 1.0
    np.testing.assert_allclose(y[1], math.exp(-700.0), rtol=1e-12)
    np.testing.assert_allclose(y[2], math.exp(-40.0) / (1 + math.exp(-40.0)), rtol=1e-12)


@points(5, "softplus must not overflow for large x (softplus(1000) is 1000) and must keep small "
           "values: softplus(-40) is about exp(-40), which log(1 + exp(x)) rounds to 0.",
        task="activations", timeout=30)
def test_softplus_is_stable():
    x = np.array([-1000.0, -40.0, 0.0, 40.0, 800.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        y = A.softplus(x)
    assert np.all(np.isfinite(y)) and np.all(y >= 0)
    np.testing.assert_allclose(y[1], math.log1p(math.exp(-40.0)), rtol=1e-12)
    np.testing.assert_allclose(y[2], math.log(2.0), rtol=1e-14)
    np.testing.assert_allclose(y[3:], [40.0, 800.0, 1000.0], rtol=1e-15)


@points(2, "elu and silu must stay finite without overflow warnings for |x| up to 1000 "
           "(np.where evaluates both branches: clip before exp).", task="activations", timeout=30)
def test_elu_and_silu_do_not_overflow():
    x = np.array([-1000.0, -50.0, 50.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        e, s = A.elu(x), A.silu(x)
    np.testing.assert_allclose(e, [-1.0, math.expm1(-50.0), 50.0, 1000.0], rtol=1e-14)
    np.testing.assert_allclose(s, [0.0, -50.0 * _sig(-50.0), 50.0 * _sig(50.0), 1000.0], rtol=1e-12,
                               atol=1e-300)
