"""Public tests: run them as you work through the tasks (each names the task it checks)."""

from __future__ import annotations

import gzip
import json
import math
import struct
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
    gradient_check,
    read_idx,
    softmax_cross_entropy,
    train,
)


def write_idx(path: Path, array: np.ndarray, code: int) -> None:
    """An IDX file: 0, 0, dtype code, ndim, big-endian uint32 sizes, big-endian values."""
    header = bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    big = array.astype(array.dtype.newbyteorder(">"))
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wb") as handle:
        handle.write(header + big.tobytes())


# layers
def test_linear_forward_values() -> None:
    layer = Linear(2, 3)
    layer.params["W"][:] = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    layer.params["b"][:] = [0.5, 0.0, -0.5]
    out = layer.forward(np.array([[1.0, 1.0], [0.0, 2.0]]))
    np.testing.assert_allclose(out, [[5.5, 7.0, 8.5], [8.5, 10.0, 11.5]])


def test_relu_forward() -> None:
    np.testing.assert_array_equal(ReLU().forward(np.array([[-2.0, 0.0, 3.0]])), [[0.0, 0.0, 3.0]])


def test_linear_rejects_wrong_width() -> None:
    with pytest.raises(ValueError, match="3 columns"):
        Linear(3, 2).forward(np.ones((4, 5)))


# loss
def test_uniform_logits_give_log_classes() -> None:
    loss, dlogits = softmax_cross_entropy(np.zeros((2, 4)), np.array([1, 3]))
    assert loss == pytest.approx(math.log(4))
    np.testing.assert_allclose(dlogits, [[0.125, -0.375, 0.125, 0.125],
                                         [0.125, 0.125, 0.125, -0.375]])


def test_huge_logits_stay_finite() -> None:
    loss, dlogits = softmax_cross_entropy(np.array([[1e4, 0.0, -1e4]]), np.array([1]))
    assert loss == pytest.approx(1e4)
    np.testing.assert_allclose(dlogits, [[1.0, -1.0, 0.0]], atol=1e-12)


def test_labels_out_of_range_are_rejected() -> None:
    with pytest.raises(ValueError, match=r"\[0, 2\]"):
        softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 3]))


# backprop
def test_linear_backward_passes_gradient_check() -> None:
    rng = np.random.default_rng(0)
    layer, x, upstream = Linear(4, 3, rng), rng.standard_normal((5, 4)), rng.standard_normal((5, 3))

    def f() -> float:
        return float((layer.forward(x) * upstream).sum())

    f()
    dx = layer.backward(upstream)
    assert gradient_check(f, x, dx) < 1e-8
    assert gradient_check(f, layer.params["W"], layer.grads["W"]) < 1e-8
    assert gradient_check(f, layer.params["b"], layer.grads["b"]) < 1e-8


def test_mlp_gradients_match_finite_differences() -> None:
    rng = np.random.default_rng(1)
    model, x, y = MLP([6, 8, 5, 4], seed=3), rng.standard_normal((7, 6)), rng.integers(0, 4, 7)

    def f() -> float:
        return softmax_cross_entropy(model.forward(x), y)[0]

    _, dlogits = softmax_cross_entropy(model.forward(x), y)
    model.backward(dlogits)
    assert set(model.grads) == {"0.W", "0.b", "2.W", "2.b", "4.W", "4.b"}
    for name, param in model.params.items():
        assert gradient_check(f, param, model.grads[name]) < 1e-6, name


# optimizer
def test_sgd_step_updates_in_place() -> None:
    w = np.array([1.0, -2.0])
    SGD({"w": w}, lr=0.5).step({"w": np.array([2.0, 2.0])})
    np.testing.assert_allclose(w, [0.0, -3.0])


def test_adam_first_step_moves_each_entry_by_lr() -> None:
    w = np.array([1.0, 1.0, 1.0])
    Adam({"w": w}, lr=0.01).step({"w": np.array([3.0, -1e-3, 0.5])})
    np.testing.assert_allclose(w, [0.99, 1.01, 0.99], atol=1e-7)


# training
def test_evaluate_counts_correct_rows() -> None:
    model = MLP([2, 2], seed=0)
    model.layers[0].params["W"][:] = np.eye(2)
    x = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [2.0, 0.0]])
    loss, acc = evaluate(model, x, np.array([0, 1, 1, 0]))
    assert acc == 0.75  # the third row is wrong
    # Logits equal the inputs, so each row's loss is log(1 + e^(other logit - right logit)).
    per_row = [math.log(1 + math.exp(d)) for d in (-1.0, -1.0, 1.0, -2.0)]
    assert loss == pytest.approx(sum(per_row) / 4)


def test_default_run_learns_digits(tmp_path: Path) -> None:
    history = train(TrainConfig(out=tmp_path, epochs=10))
    assert len(history["test_acc"]) == 11
    assert history["test_acc"][0] < 0.3 and history["test_acc"][-1] > 0.95
    assert (tmp_path / "loss_curve.png").stat().st_size > 1000
    assert json.loads((tmp_path / "metrics.json").read_text())["n_test"] == 359


# data
def test_read_idx_round_trip(tmp_path: Path) -> None:
    images = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    write_idx(tmp_path / "images.gz", images, 0x08)
    counts = np.array([[1, -70000], [5, 2**31 - 1]], dtype=np.int32)
    write_idx(tmp_path / "counts", counts, 0x0C)
    np.testing.assert_array_equal(read_idx(tmp_path / "images.gz"), images)
    np.testing.assert_array_equal(read_idx(tmp_path / "counts"), counts)


def test_train_on_idx_dir(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    data = tmp_path / "mnist"
    data.mkdir()
    for prefix, n in (("train", 60), ("t10k", 20)):
        labels = rng.integers(0, 3, n).astype(np.uint8)
        images = rng.integers(0, 50, (n, 4, 4)).astype(np.uint8)
        images[np.arange(n), labels, labels] = 255  # the label is where the bright pixel is
        write_idx(data / f"{prefix}-images-idx3-ubyte", images, 0x08)
        write_idx(data / f"{prefix}-labels-idx1-ubyte", labels, 0x08)
    history = train(TrainConfig(out=tmp_path / "run", idx_dir=data, epochs=20, batch_size=10,
                                  hidden="16"))
    assert history["test_acc"][-1] == 1.0
