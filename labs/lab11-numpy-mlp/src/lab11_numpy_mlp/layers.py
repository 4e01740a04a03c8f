"""The two layers of an MLP, each with a forward pass and a hand-written backward pass.

A layer caches what its backward pass needs during ``forward`` and, in ``backward``, turns the
gradient of the loss with respect to its output into the gradient with respect to its input,
storing the gradients of its own parameters in ``self.grads`` (same keys as ``self.params``).
"""

from __future__ import annotations

import numpy as np


def _check_batch(x: np.ndarray, width: int, what: str) -> None:
    """Raise ValueError unless ``x`` is a 2-D floating array with ``width`` columns."""
    if not isinstance(x, np.ndarray) or x.ndim != 2:
        shape = getattr(x, "shape", type(x).__name__)
        raise ValueError(f"{what} must be a 2-D array (batch, {width}), got {shape}")
    if x.shape[1] != width:
        raise ValueError(f"{what} must have {width} columns, got shape {x.shape}")
    if not np.issubdtype(x.dtype, np.floating):
        raise ValueError(f"{what} must be a floating array, got dtype {x.dtype}: use x.astype(np.float64)")


class Linear:
    """An affine layer ``y = x @ W + b`` with ``W`` of shape (in, out) and ``b`` of shape (out,).

    ``params`` and ``grads`` are dicts with keys ``"W"`` and ``"b"``. Weights start as He
    initialisation (normal with variance 2 / in_features, right for a following ReLU), biases
    as zeros, all float64.
    """

    def __init__(self, in_features: int, out_features: int, rng: np.random.Generator | None = None):
        if in_features < 1 or out_features < 1:
            raise ValueError(f"Linear needs positive sizes, got ({in_features}, {out_features})")
        rng = rng if rng is not None else np.random.default_rng(0)
        self.in_features, self.out_features = in_features, out_features
        self.params = {
            "W": rng.standard_normal((in_features, out_features)) * np.sqrt(2.0 / in_features),
            "b": np.zeros(out_features),
        }
        self.grads = {name: np.zeros_like(p) for name, p in self.params.items()}
        self._x: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        """(N, in) -> (N, out). Keeps ``x`` for the backward pass."""
        _check_batch(x, self.in_features, "Linear input")
        # BEGIN SOLUTION
        self._x = x
        return x @ self.params["W"] + self.params["b"]
        # END SOLUTION

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """dL/dy (N, out) -> dL/dx (N, in); sets ``grads["W"]`` (in, out) and ``grads["b"]`` (out,).

        The parameter gradients are summed over the batch (the loss already averages).
        """
        if self._x is None:
            raise RuntimeError("Linear.backward called before forward: run forward on the batch first")
        _check_batch(dout, self.out_features, "Linear upstream gradient")
        if dout.shape[0] != self._x.shape[0]:
            raise ValueError(f"upstream gradient has {dout.shape[0]} rows but the forward batch had "
                             f"{self._x.shape[0]}")
        # BEGIN SOLUTION
        self.grads["W"] = self._x.T @ dout
        self.grads["b"] = dout.sum(axis=0)
        return dout @ self.params["W"].T
        # END SOLUTION


class ReLU:
    """``y = max(x, 0)`` elementwise; no parameters (``params`` and ``grads`` are empty)."""

    def __init__(self) -> None:
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self._mask: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Any shape -> the same shape. Keeps where ``x > 0`` for the backward pass."""
        # BEGIN SOLUTION
        self._mask = x > 0
        return np.where(self._mask, x, 0.0)
        # END SOLUTION

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """dL/dy -> dL/dx: the gradient passes where the input was positive, else 0."""
        if self._mask is None:
            raise RuntimeError("ReLU.backward called before forward: run forward on the batch first")
        if dout.shape != self._mask.shape:
            raise ValueError(f"upstream gradient has shape {dout.shape}, the forward input had "
                             f"{self._mask.shape}")
        # BEGIN SOLUTION
        return np.where(self._mask, dout, 0.0)
        # END SOLUTION
