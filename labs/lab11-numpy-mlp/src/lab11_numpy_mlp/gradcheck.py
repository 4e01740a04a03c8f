"""Finite differences: the independent answer every hand-written backward pass is checked against.

    loss = lambda: softmax_cross_entropy(model.forward(x), y)[0]
    _, dlogits = softmax_cross_entropy(model.forward(x), y)
    model.backward(dlogits)
    for name, p in model.params.items():
        assert gradient_check(loss, p, model.grads[name]) < 1e-6, name

Work in float64: in float32 the rounding error of a difference quotient swamps the signal.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def numerical_gradient(f: Callable[[], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central differences ``(f(x + eps e_i) - f(x - eps e_i)) / 2 eps`` for every entry of ``x``.

    ``f`` takes no arguments and reads ``x`` itself (``x`` is usually a parameter array of a
    model), so ``x`` is perturbed in place, one entry at a time, and restored exactly.
    """
    if not np.issubdtype(x.dtype, np.floating):
        raise ValueError(f"can only differentiate floating arrays, got dtype {x.dtype}")
    grad = np.zeros_like(x)
    flat, out = x.reshape(-1), grad.reshape(-1)  # views: writing to flat writes to x
    if not np.shares_memory(flat, x):
        raise ValueError("x must be contiguous so it can be perturbed in place")
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        plus = f()
        flat[i] = old - eps
        minus = f()
        flat[i] = old
        out[i] = (plus - minus) / (2 * eps)
    return grad


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """``|a - b| / (|a| + |b|)`` in the Euclidean norm; 0 when both are zero."""
    if a.shape != b.shape:
        raise ValueError(f"cannot compare gradients of shapes {a.shape} and {b.shape}")
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)


def gradient_check(f: Callable[[], float], x: np.ndarray, analytic: np.ndarray,
                   eps: float = 1e-6) -> float:
    """Relative error between ``analytic`` (your backward pass) and the numerical gradient of
    ``f`` with respect to ``x``. Below 1e-6 in float64 means the backward pass is right."""
    return relative_error(analytic, numerical_gradient(f, x, eps))
