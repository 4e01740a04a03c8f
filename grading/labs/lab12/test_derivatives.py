import math

import numpy as np
from lab12_activation_visualizer import activations as A
from lab12_checks import assert_matches_central_difference
from llmlab_grading import points


@points(7, "sigmoid_grad, tanh_grad, silu_grad and softplus_grad must agree with a central "
           "difference of their function (relative error < 1e-6 on [-6, 6]).", task="derivatives",
        timeout=30)
def test_smooth_derivatives_match_central_differences():
    assert_matches_central_difference(A.sigmoid, A.sigmoid_grad)
    assert_matches_central_difference(A.tanh, A.tanh_grad)
    assert_matches_central_difference(A.silu, A.silu_grad)
    assert_matches_central_difference(A.softplus, A.softplus_grad)


@points(6, "relu_grad, leaky_relu_grad and elu_grad (with their alpha argument) must agree with a "
           "central difference away from the kink at 0.", task="derivatives", timeout=30)
def test_piecewise_derivatives_match_central_differences():
    kink = (0.0,)
    assert_matches_central_difference(A.relu, A.relu_grad, kink)
    assert_matches_central_difference(A.leaky_relu, A.leaky_relu_grad, kink)
    assert_matches_central_difference(lambda x: A.leaky_relu(x, alpha=0.2),
                                      lambda x: A.leaky_relu_grad(x, alpha=0.2), kink)
    assert_matches_central_difference(A.elu, A.elu_grad, kink)
    assert_matches_central_difference(lambda x: A.elu(x, alpha=2.0),
                                      lambda x: A.elu_grad(x, alpha=2.0), kink)


@points(5, "The derivatives must be analytic formulas, exact to rounding at known points "
           "(sigmoid'(0) = 1/4, tanh'(0) = 1, silu'(0) = 1/2, elu'(-1) = exp(-1), ...), not numeric "
           "approximations.", task="derivatives", timeout=30)
def test_derivatives_are_exact_at_known_points():
    x = np.array([0.0, 1.0, -1.0])
    s1 = 1 / (1 + math.exp(-1.0))
    np.testing.assert_allclose(A.sigmoid_grad(x), [0.25, s1 * (1 - s1), s1 * (1 - s1)], rtol=1e-14)
    t1 = math.tanh(1.0)
    np.testing.assert_allclose(A.tanh_grad(x), [1.0, 1 - t1 * t1, 1 - t1 * t1], rtol=1e-14)
    np.testing.assert_allclose(A.silu_grad(x), [0.5, s1 + s1 * (1 - s1), (1 - s1) - s1 * (1 - s1)],
                               rtol=1e-14)
    np.testing.assert_allclose(A.softplus_grad(x), [0.5, s1, 1 - s1], rtol=1e-14)
    np.testing.assert_allclose(A.elu_grad(x), [1.0, 1.0, math.exp(-1.0)], rtol=1e-15)
    np.testing.assert_allclose(A.elu_grad(np.array([-1.0]), alpha=3.0), [3 * math.exp(-1.0)], rtol=1e-15)
    np.testing.assert_allclose(A.leaky_relu_grad(np.array([-3.0, 3.0]), alpha=0.2), [0.2, 1.0], rtol=1e-15)
    np.testing.assert_allclose(A.relu_grad(np.array([-3.0, 3.0])), [0.0, 1.0], rtol=1e-15)


@points(2, "At the kink x = 0 the derivative follows the x <= 0 branch: relu_grad(0) = 0, "
           "leaky_relu_grad(0) = alpha, elu_grad(0) = alpha.", task="derivatives", timeout=30)
def test_kink_convention():
    zero = np.zeros(3)
    np.testing.assert_array_equal(A.relu_grad(zero), 0.0)
    np.testing.assert_array_equal(A.leaky_relu_grad(zero, alpha=0.1), 0.1)
    np.testing.assert_array_equal(A.elu_grad(zero, alpha=2.0), 2.0)


@points(2, "sigmoid_grad, softplus_grad and silu_grad must stay accurate and warning-free in the "
           "tails: sigmoid'(40) is about exp(-40), which s * (1 - s) rounds to 0 (use sigmoid(-x)).",
        task="derivatives", timeout=30)
def test_derivatives_in_the_tails():
    x = np.array([-1000.0, -40.0, 40.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        ds, dp, dsilu = A.sigmoid_grad(x), A.softplus_grad(x), A.silu_grad(x)
    e40 = math.exp(-40.0) / (1 + math.exp(-40.0)) ** 2
    np.testing.assert_allclose(ds, [0.0, e40, e40, 0.0], rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(dp[[0, 3]], [0.0, 1.0], rtol=1e-15, atol=1e-300)
    s = 1 / (1 + math.exp(40.0))  # sigmoid(-40)
    np.testing.assert_allclose(dsilu[1], s * (1 - 40 * (1 - s)), rtol=1e-9)
    np.testing.assert_allclose(dsilu[[0, 3]], [0.0, 1.0], rtol=1e-15, atol=1e-300)


@points(3, "central_difference(f, x, h) must be (f(x + h) - f(x - h)) / (2h), elementwise: for x^3 "
           "that is exactly 3x^2 + h^2.", task="derivatives", timeout=30)
def test_central_difference():
    x = np.array([[-2.0, 0.0], [0.5, 3.0]])
    got = A.central_difference(lambda v: v**3, x, h=1e-2)
    assert got.shape == x.shape
    np.testing.assert_allclose(got, 3 * x**2 + 1e-4, rtol=1e-10, atol=1e-12)
    default = A.central_difference(np.sin, x)
    np.testing.assert_allclose(default, np.cos(x), rtol=1e-9)
