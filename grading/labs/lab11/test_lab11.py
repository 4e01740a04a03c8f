"""Hidden tests for lab 11. Gradients are checked against finite differences computed here, never
with the submission's own gradient_check (a broken checker must not pass a broken backward)."""

from __future__ import annotations

import gzip
import math
import struct
import sys
from pathlib import Path

import numpy as np
import pytest
from lab11_numpy_mlp import (
    MLP,
    SGD,
    Adam,
    Linear,
    ReLU,
    TrainConfig,
    evaluate,
    read_idx,
    softmax_cross_entropy,
    train,
    train_epoch,
)
from llmlab_grading import points


def numeric_grad(f, x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + eps
        plus = f()
        x[idx] = old - eps
        minus = f()
        x[idx] = old
        grad[idx] = (plus - minus) / (2 * eps)
    return grad


def rel_err(a: np.ndarray, b: np.ndarray) -> float:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    assert a.shape == b.shape, f"gradient shape {a.shape}, expected {b.shape}"
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-300))


def write_idx(path: Path, array: np.ndarray, code: int) -> None:
    header = bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    payload = header + array.astype(array.dtype.newbyteorder(">")).tobytes()
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(payload))
    else:
        path.write_bytes(payload)


# ---------------------------------------------------------------- layers (forward passes)

@points(8, "Linear.forward should return x @ W + b with shape (N, out) (W is (in, out), b is (out,)).",
        task="layers", timeout=30)
def test_linear_forward_values():
    layer = Linear(3, 2)
    layer.params["W"][:] = [[1.0, -1.0], [2.0, 0.5], [0.0, 3.0]]
    layer.params["b"][:] = [0.25, -2.0]
    x = np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 0.5], [0.0, 0.0, 0.0], [2.0, 2.0, 2.0]])
    out = layer.forward(x)
    assert out.shape == (4, 2)
    np.testing.assert_allclose(out, [[5.25, 7.0], [-0.75, 0.5], [0.25, -2.0], [6.25, 3.0]])


@points(4, "ReLU.forward should zero the negative entries and keep the shape.", task="layers", timeout=30)
def test_relu_forward():
    x = np.array([[-1.5, 0.0, 2.0], [3.0, -0.1, 1e-9]])
    out = ReLU().forward(x)
    assert out.shape == x.shape
    np.testing.assert_array_equal(out, [[0.0, 0.0, 2.0], [3.0, 0.0, 1e-9]])


@points(8, "MLP.forward should run Linear, ReLU, ..., Linear in order with no ReLU after the last "
           "layer, and the same sizes and seed must give the same network.", task="layers", timeout=30)
def test_mlp_forward_composes_layers():
    rng = np.random.default_rng(5)
    x = rng.standard_normal((6, 4))
    model = MLP([4, 5, 3], seed=11)
    w1, b1 = model.layers[0].params["W"], model.layers[0].params["b"]
    w2, b2 = model.layers[2].params["W"], model.layers[2].params["b"]
    b1 += rng.standard_normal(5)
    b2 += rng.standard_normal(3) - 5.0  # negative logits: a final ReLU would clip them
    expected = np.maximum(x @ w1 + b1, 0.0) @ w2 + b2
    logits = model.forward(x)
    assert logits.shape == (6, 3)
    np.testing.assert_allclose(logits, expected, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(MLP([4, 5, 3], seed=11).forward(x), MLP([4, 5, 3], seed=11).forward(x))
    assert not np.allclose(MLP([4, 5, 3], seed=12).forward(x), MLP([4, 5, 3], seed=11).forward(x))


# ---------------------------------------------------------------- loss

@points(6, "softmax_cross_entropy should return the mean over the batch of -log softmax(logits)[label].",
        task="loss", timeout=30)
def test_softmax_ce_value():
    logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]])
    labels = np.array([0, 2])
    loss, _ = softmax_cross_entropy(logits, labels)
    expected = np.mean([-math.log(math.exp(2.0) / (math.exp(2.0) + math.exp(1.0) + math.exp(0.1))),
                        -math.log(math.exp(-1.0) / (math.exp(0.5) + math.exp(2.5) + math.exp(-1.0)))])
    assert isinstance(loss, float)
    assert loss == pytest.approx(expected, rel=1e-12)


@points(6, "dlogits should equal (softmax(logits) - onehot(labels)) / N: it disagrees with finite "
           "differences of the loss.", task="loss", timeout=30)
def test_softmax_ce_gradient_matches_numeric():
    rng = np.random.default_rng(2)
    logits, labels = rng.standard_normal((5, 4)) * 3, np.array([0, 3, 3, 1, 2])
    _, dlogits = softmax_cross_entropy(logits, labels)
    numeric = numeric_grad(lambda: softmax_cross_entropy(logits, labels)[0], logits)
    assert rel_err(dlogits, numeric) < 1e-6


@points(5, "Logits of size 1e4 gave nan/inf or a wrong value: subtract each row's max before exp "
           "(the log-sum-exp trick).", task="loss", timeout=30)
def test_softmax_ce_huge_logits_are_stable():
    logits = np.array([[1e4, 0.0, -1e4], [5e3, 5e3, 0.0], [-1e4, -1e4, -1e4]])
    labels = np.array([1, 0, 2])
    with np.errstate(over="raise", divide="raise", invalid="raise"):  # overflow is an error here
        loss, dlogits = softmax_cross_entropy(logits, labels)
    assert np.isfinite(loss) and np.all(np.isfinite(dlogits))
    assert loss == pytest.approx((1e4 + math.log(2) + math.log(3)) / 3, rel=1e-12)
    expected = np.array([[1.0, -1.0, 0.0], [-0.5, 0.5, 0.0], [1 / 3, 1 / 3, -2 / 3]]) / 3
    np.testing.assert_allclose(dlogits, expected, atol=1e-12)


@points(3, "softmax_cross_entropy must compute valid batches and raise ValueError for labels out "
           "of range, a wrong label count or 1-D logits.", task="loss", timeout=30)
def test_softmax_ce_rejects_bad_input():
    loss, _ = softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 2]))
    assert loss == pytest.approx(math.log(3))
    with pytest.raises(ValueError):
        softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 3]))
    with pytest.raises(ValueError):
        softmax_cross_entropy(np.zeros((2, 3)), np.array([-1, 0]))
    with pytest.raises(ValueError):
        softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 1, 2]))
    with pytest.raises(ValueError):
        softmax_cross_entropy(np.zeros(3), np.array([0]))


# ---------------------------------------------------------------- backprop

@points(8, "Linear.backward: dx = dout @ W.T, grads['W'] = x.T @ dout, grads['b'] = dout summed over "
           "the batch; one of them disagrees with finite differences.", task="backprop", timeout=30)
def test_linear_backward_matches_numeric():
    rng = np.random.default_rng(3)
    layer = Linear(4, 3, rng)
    layer.params["b"][:] = rng.standard_normal(3)
    x, upstream = rng.standard_normal((6, 4)), rng.standard_normal((6, 3))

    def f() -> float:
        return float((layer.forward(x) * upstream).sum())

    f()
    dx = layer.backward(upstream)
    assert rel_err(dx, numeric_grad(f, x)) < 1e-6
    assert rel_err(layer.grads["W"], numeric_grad(f, layer.params["W"])) < 1e-6
    assert rel_err(layer.grads["b"], numeric_grad(f, layer.params["b"])) < 1e-6


@points(4, "ReLU.backward should pass the upstream gradient where the input was positive and 0 "
           "elsewhere.", task="backprop", timeout=30)
def test_relu_backward():
    relu = ReLU()
    relu.forward(np.array([[-1.0, 2.0], [0.5, -3.0]]))
    np.testing.assert_array_equal(relu.backward(np.array([[10.0, 20.0], [30.0, 40.0]])),
                                  [[0.0, 20.0], [30.0, 0.0]])


@points(9, "The MLP's parameter gradients disagree with finite differences (relative error must be "
           "< 1e-6 in float64): check MLP.backward walks the layers in reverse and each layer's "
           "backward.", task="backprop", timeout=60)
def test_mlp_parameter_gradients_match_numeric():
    rng = np.random.default_rng(4)
    model = MLP([5, 7, 6, 4], seed=8)
    for name, p in model.params.items():
        if name.endswith(".b"):
            p += 0.1 * rng.standard_normal(p.shape)
    x, y = rng.standard_normal((9, 5)), rng.integers(0, 4, 9)

    def f() -> float:
        return softmax_cross_entropy(model.forward(x), y)[0]

    _, dlogits = softmax_cross_entropy(model.forward(x), y)
    model.backward(dlogits)
    grads = {name: g.copy() for name, g in model.grads.items()}
    assert set(grads) == set(model.params) == {"0.W", "0.b", "2.W", "2.b", "4.W", "4.b"}
    for name, p in model.params.items():
        err = rel_err(grads[name], numeric_grad(f, p))
        assert err < 1e-6, f"{name}: relative error {err:.2e}"


@points(4, "MLP.backward should return dL/dx of shape (N, sizes[0]) matching finite differences.",
        task="backprop", timeout=30)
def test_mlp_input_gradient_matches_numeric():
    rng = np.random.default_rng(6)
    model = MLP([3, 8, 2], seed=1)
    x, y = rng.standard_normal((4, 3)), np.array([0, 1, 1, 0])

    def f() -> float:
        return softmax_cross_entropy(model.forward(x), y)[0]

    _, dlogits = softmax_cross_entropy(model.forward(x), y)
    dx = model.backward(dlogits)
    assert dx.shape == (4, 3)
    assert rel_err(dx, numeric_grad(f, x)) < 1e-6


# ---------------------------------------------------------------- optimizer

@points(6, "SGD.step: with momentum m, v = m * v + g and p -= lr * v, updating the arrays in place.",
        task="optimizer", timeout=30)
def test_sgd_plain_and_momentum():
    w = np.array([1.0, -2.0, 0.5])
    SGD({"w": w}, lr=0.1).step({"w": np.array([1.0, 2.0, -3.0])})
    np.testing.assert_allclose(w, [0.9, -2.2, 0.8])
    w = np.array([0.0, 1.0])
    opt = SGD({"w": w}, lr=0.5, momentum=0.9)
    opt.step({"w": np.array([1.0, -1.0])})
    opt.step({"w": np.array([2.0, 0.0])})
    # v1 = g1 = [1, -1]; v2 = 0.9 v1 + g2 = [2.9, -0.9]; w = w0 - 0.5 (v1 + v2)
    np.testing.assert_allclose(w, [-1.95, 1.95])


@points(9, "Adam.step should match Kingma & Ba with bias correction (t counts from 1), updating "
           "the arrays in place.", task="optimizer", timeout=30)
def test_adam_matches_formula():
    rng = np.random.default_rng(7)
    w, b = rng.standard_normal((3, 2)), rng.standard_normal(2)
    params = {"w": w, "b": b}
    expected = {k: v.copy() for k, v in params.items()}
    m = {k: np.zeros_like(v) for k, v in params.items()}
    v2 = {k: np.zeros_like(v) for k, v in params.items()}
    opt = Adam(params, lr=0.01, betas=(0.8, 0.95), eps=1e-6)
    for t in range(1, 5):
        grads = {k: rng.standard_normal(p.shape) for k, p in params.items()}
        opt.step(grads)
        for k, g in grads.items():
            m[k] = 0.8 * m[k] + 0.2 * g
            v2[k] = 0.95 * v2[k] + 0.05 * g * g
            expected[k] -= 0.01 * (m[k] / (1 - 0.8**t)) / (np.sqrt(v2[k] / (1 - 0.95**t)) + 1e-6)
    np.testing.assert_allclose(w, expected["w"], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(b, expected["b"], rtol=1e-10, atol=1e-12)


# ---------------------------------------------------------------- training

@points(3, "evaluate should return (mean cross-entropy, fraction of rows whose argmax logit is the "
           "label).", task="training", timeout=30)
def test_evaluate_loss_and_accuracy():
    model = MLP([3, 3], seed=0)
    model.layers[0].params["W"][:] = np.eye(3)
    model.layers[0].params["b"][:] = 0.0
    x = np.array([[2.0, 0.0, 0.0], [0.0, 1.0, 3.0], [0.0, 0.0, 1.0], [1.0, 4.0, 0.0], [0.0, 2.0, 0.0]])
    y = np.array([0, 1, 2, 1, 2])
    loss, acc = evaluate(model, x, y, batch_size=2)
    assert acc == pytest.approx(3 / 5)
    assert loss == pytest.approx(softmax_cross_entropy(x, y)[0], rel=1e-12)


@points(3, "train_epoch with one batch holding everything should take exactly one optimizer step on "
           "the full-batch gradient and return the loss before that step.", task="training", timeout=30)
def test_train_epoch_full_batch_is_one_step():
    rng = np.random.default_rng(9)
    x, y = rng.standard_normal((12, 4)), rng.integers(0, 3, 12)
    model, reference = MLP([4, 6, 3], seed=2), MLP([4, 6, 3], seed=2)
    loss_before, dlogits = softmax_cross_entropy(reference.forward(x), y)
    reference.backward(dlogits)
    expected = {k: p - 0.1 * reference.grads[k] for k, p in reference.params.items()}
    loss = train_epoch(model, SGD(model.params, lr=0.1), x, y, 100, np.random.default_rng(0))
    assert loss == pytest.approx(loss_before, rel=1e-10)
    for name, p in model.params.items():
        np.testing.assert_allclose(p, expected[name], rtol=1e-10, atol=1e-12)


@points(4, "The default training run should reach >= 95% accuracy on the held-out digits and write "
           "loss_curve.png and accuracy_curve.png.", task="training", timeout=120)
def test_train_reaches_95_percent_on_digits(tmp_path):
    history = train(TrainConfig(out=tmp_path))
    assert len(history["test_acc"]) == 31 and history["epoch"][-1] == 30
    assert history["test_acc"][0] < 0.3
    assert history["test_acc"][-1] >= 0.95, f"test accuracy {history['test_acc'][-1]:.4f}"
    assert history["train_loss"][-1] < 0.5 * history["train_loss"][0]
    for name in ("loss_curve.png", "accuracy_curve.png"):
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@points(2, "The lab is NumPy only: importing and training must not import torch.", task="training",
        timeout=120)
def test_training_never_imports_torch(tmp_path):
    history = train(TrainConfig(out=tmp_path, epochs=2, hidden="32"))
    assert history["test_acc"][-1] > 0.5
    assert "torch" not in sys.modules


# ---------------------------------------------------------------- data

@points(5, "read_idx should parse the IDX header (dtype code, dimensions) and return the values in "
           "native byte order, for plain and .gz files.", task="data", timeout=30)
def test_read_idx_round_trip(tmp_path):
    rng = np.random.default_rng(0)
    cases = {
        "images-idx3-ubyte": (rng.integers(0, 256, (5, 3, 2)).astype(np.uint8), 0x08),
        "labels-idx1-ubyte.gz": (rng.integers(0, 10, 7).astype(np.uint8), 0x08),
        "ints.idx": (rng.integers(-2**31, 2**31 - 1, (3, 4)).astype(np.int32), 0x0C),
        "floats.idx.gz": (rng.standard_normal((2, 2, 2, 3)).astype(np.float32), 0x0D),
    }
    for name, (array, code) in cases.items():
        write_idx(tmp_path / name, array, code)
        got = read_idx(tmp_path / name)
        assert got.shape == array.shape, name
        np.testing.assert_array_equal(got, array)
        assert got.dtype.kind == array.dtype.kind and got.dtype.itemsize == array.dtype.itemsize
        assert got.dtype.isnative


@points(3, "read_idx must read valid files and raise ValueError for a wrong magic number or a file "
           "shorter than its header says.", task="data", timeout=30)
def test_read_idx_rejects_bad_files(tmp_path):
    good = np.arange(6, dtype=np.uint8).reshape(2, 3)
    write_idx(tmp_path / "good", good, 0x08)
    np.testing.assert_array_equal(read_idx(tmp_path / "good"), good)
    (tmp_path / "magic").write_bytes(b"\x01\x02\x08\x01" + struct.pack(">I", 2) + b"\x00\x01")
    with pytest.raises(ValueError):
        read_idx(tmp_path / "magic")
    (tmp_path / "short").write_bytes((tmp_path / "good").read_bytes()[:-2])
    with pytest.raises(ValueError):
        read_idx(tmp_path / "short")
