import numpy as np
import pytest
from lab12_activation_visualizer.gradient_flow import backprop_norms, gradient_flow, init_weights
from llmlab_grading import points


@points(4, "init_weights must return `depth` float64 (width, width) matrices with standard "
           "deviation sqrt(2/width) for 'he' and sqrt(1/width) for 'xavier', and raise ValueError "
           "for an unknown init.", task="gradient-flow", timeout=30)
def test_init_weights():
    he = init_weights(5, 256, "he", np.random.default_rng(0))
    xavier = init_weights(3, 256, "xavier", np.random.default_rng(1))
    assert len(he) == 5 and len(xavier) == 3
    for w in he + xavier:
        assert w.shape == (256, 256) and w.dtype == np.float64
    assert abs(np.std(np.stack(he)) / np.sqrt(2 / 256) - 1) < 0.01
    assert abs(np.std(np.stack(xavier)) / np.sqrt(1 / 256) - 1) < 0.01
    assert abs(np.mean(np.stack(he))) < 1e-3
    assert not np.allclose(he[0], he[1]), "each layer needs its own random draw"
    with pytest.raises(ValueError):
        init_weights(2, 8, "orthogonal", np.random.default_rng(0))


def _numeric_norms(x, weights, f, upstream, h=1e-6):
    """Mean over the batch of ||dloss/dz_l||, by central differences on each z_l entry."""
    def loss_from(layer, z):
        out = f(z)
        for w in weights[layer + 1:]:
            out = f(out @ w)
        return np.sum(upstream * out)

    zs, out = [], x
    for w in weights:
        zs.append(out @ w)
        out = f(zs[-1])
    norms = []
    for layer, z in enumerate(zs):
        grad = np.zeros_like(z)
        for idx in np.ndindex(*z.shape):
            plus, minus = z.copy(), z.copy()
            plus[idx] += h
            minus[idx] -= h
            grad[idx] = (loss_from(layer, plus) - loss_from(layer, minus)) / (2 * h)
        norms.append(np.linalg.norm(grad, axis=1).mean())
    return np.array(norms)


@points(6, "backprop_norms must return, per layer, the batch mean of ||dloss/dz_l|| for "
           "loss = sum(upstream * h_depth); checked against finite differences on a 3-layer net.",
        task="gradient-flow", timeout=30)
def test_backprop_norms_match_finite_differences():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 4))
    weights = [rng.standard_normal((4, 4)) * 0.8 for _ in range(3)]
    upstream = rng.standard_normal((2, 4))
    for name, f in (("tanh", np.tanh), ("sigmoid", lambda v: 1 / (1 + np.exp(-v)))):
        got = backprop_norms(x, weights, name, upstream)
        assert got.shape == (3,) and got.dtype == np.float64
        np.testing.assert_allclose(got, _numeric_norms(x, weights, f, upstream), rtol=1e-6)


@points(4, "With sigmoid, the gradient reaching layer 1 of a 20-layer net should be orders of "
           "magnitude smaller than at layer 20 (sigmoid' <= 1/4 per layer).", task="gradient-flow",
        timeout=60)
def test_sigmoid_gradients_vanish():
    for init in ("xavier", "he"):
        norms = gradient_flow("sigmoid", depth=20, init=init, seed=0)
        assert norms.shape == (20,)
        assert norms[0] / norms[-1] < 1e-6, (init, norms[0], norms[-1])
        assert np.all(np.diff(np.log(norms)) > 0), "the norm should shrink at every layer going down"


@points(4, "With ReLU and He init the mean gradient norm should stay level through 20 layers "
           "(every layer within a factor of 2 of every other).", task="gradient-flow", timeout=60)
def test_relu_he_gradients_stay_level():
    for seed in (0, 1):
        norms = gradient_flow("relu", depth=20, init="he", seed=seed)
        assert norms.shape == (20,)
        assert norms.max() / norms.min() < 2.0, norms
        assert 0.3 < norms[-1] < 1.0, "the last layer's gradient is upstream * relu' (norm ~ 1/sqrt(2))"


@points(2, "ReLU with Xavier's variance 1/width halves the gradient's energy per layer: over 20 "
           "layers it should shrink by more than 100x (this is why He init exists).",
        task="gradient-flow", timeout=60)
def test_relu_xavier_gradients_shrink():
    norms = gradient_flow("relu", depth=20, init="xavier", seed=0)
    assert norms[0] / norms[-1] < 1e-2
