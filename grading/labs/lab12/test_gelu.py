import math

import numpy as np
from lab12_activation_visualizer import activations as A
from lab12_checks import assert_matches_central_difference
from llmlab_grading import points

GRID = np.linspace(-6.0, 6.0, 2401)


def _gelu(v):
    return v * 0.5 * (1 + math.erf(v / math.sqrt(2)))


def _gelu_tanh(v):
    return 0.5 * v * (1 + math.tanh(math.sqrt(2 / math.pi) * (v + 0.044715 * v**3)))


@points(5, "gelu must be the exact form x * Phi(x), Phi(x) = (1 + erf(x / sqrt(2))) / 2; "
           "gelu_tanh must be x/2 * (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).", task="gelu", timeout=30)
def test_gelu_values():
    x = np.array([[-3.0, -1.0, -0.3], [0.0, 0.7, 2.5]])
    flat = x.ravel()
    got, got_tanh = A.gelu(x), A.gelu_tanh(x)
    assert got.shape == x.shape and got.dtype == np.float64
    assert got_tanh.shape == x.shape and got_tanh.dtype == np.float64
    np.testing.assert_allclose(got, np.array([_gelu(v) for v in flat]).reshape(x.shape), rtol=1e-12,
                               atol=1e-15)
    np.testing.assert_allclose(got_tanh, np.array([_gelu_tanh(v) for v in flat]).reshape(x.shape),
                               rtol=1e-10, atol=1e-15)


@points(6, "gelu_grad and gelu_tanh_grad must agree with a central difference of gelu and "
           "gelu_tanh (relative error < 1e-6 on [-6, 6]).", task="gelu", timeout=30)
def test_gelu_derivatives_match_central_differences():
    assert_matches_central_difference(A.gelu, A.gelu_grad)
    assert_matches_central_difference(A.gelu_tanh, A.gelu_tanh_grad)


@points(5, "The exact and tanh forms of GELU differ by less than 1e-3 everywhere on [-6, 6], but "
           "they are different functions (max difference about 4.7e-4 near x = -2.7).", task="gelu",
        timeout=30)
def test_gelu_forms_close_but_not_identical():
    gap = np.abs(A.gelu(GRID) - A.gelu_tanh(GRID))
    assert gap.max() < 1e-3
    assert gap.max() > 3e-4
    assert abs(abs(GRID[np.argmax(gap)]) - 2.7) < 0.1


@points(4, "The GELU derivatives must be analytic: gelu'(0) = gelu_tanh'(0) = 1/2 and "
           "gelu'(1) = Phi(1) + phi(1) exactly to rounding.", task="gelu", timeout=30)
def test_gelu_derivatives_are_analytic():
    x = np.array([0.0, 1.0, -1.0])
    phi1 = math.exp(-0.5) / math.sqrt(2 * math.pi)
    cdf1 = 0.5 * (1 + math.erf(1 / math.sqrt(2)))
    np.testing.assert_allclose(A.gelu_grad(x), [0.5, cdf1 + phi1, (1 - cdf1) - phi1], rtol=1e-13)
    k = math.sqrt(2 / math.pi)
    t = math.tanh(k * (1 + 0.044715))
    want = 0.5 * (1 + t) + 0.5 * (1 - t * t) * k * (1 + 3 * 0.044715)
    np.testing.assert_allclose(A.gelu_tanh_grad(x[:2]), [0.5, want], rtol=1e-13)
