"""Public checks of the gradient-flow experiment."""

import numpy as np
from lab12_activation_visualizer.gradient_flow import backprop_norms, gradient_flow, init_weights


def test_init_weights_scale():
    weights = init_weights(4, 128, "he", np.random.default_rng(0))
    assert len(weights) == 4 and weights[0].shape == (128, 128)
    assert abs(np.std(np.stack(weights)) / np.sqrt(2 / 128) - 1) < 0.02


def test_one_linear_layer_is_upstream_times_derivative():
    # with one layer, dloss/dz = upstream * f'(z), so the norm is easy to write down
    rng = np.random.default_rng(0)
    x, w, up = rng.standard_normal((3, 5)), rng.standard_normal((5, 5)), rng.standard_normal((3, 5))
    z = x @ w
    want = np.linalg.norm(up * (1 - np.tanh(z) ** 2), axis=1).mean()
    np.testing.assert_allclose(backprop_norms(x, [w], "tanh", up), [want], rtol=1e-12)


def test_sigmoid_vanishes_relu_he_does_not():
    sigmoid = gradient_flow("sigmoid", depth=20, init="xavier")
    relu = gradient_flow("relu", depth=20, init="he")
    assert sigmoid[0] / sigmoid[-1] < 1e-6
    assert relu.max() / relu.min() < 2.0
