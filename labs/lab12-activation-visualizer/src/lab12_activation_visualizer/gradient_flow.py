"""Gradient flow through a deep plain MLP: how an activation and an init scale the backward signal.

The network has ``depth`` square layers without biases, ``z_l = h_{l-1} @ W_l`` and
``h_l = f(z_l)``, with ``h_0 = x``. The scalar loss is ``sum(upstream * h_depth)``, so the
gradient arriving at the top is ``upstream`` itself (one unit vector per example). Going down,
each layer multiplies the signal by ``W_l^T`` and by ``f'(z)``: if their combined gain is below 1
the gradient shrinks geometrically with depth (sigmoid: ``f' <= 1/4``), while ReLU with He
init keeps it level (``f'`` is 1 on half the units, and He's variance ``2/width`` restores the
other half).
"""

from __future__ import annotations

import numpy as np
from threadpoolctl import threadpool_limits

from lab12_activation_visualizer.activations import Activation, get_activation

INITS = {"he": 2.0, "xavier": 1.0}  # weight variance is gain / width (square layers)


def init_weights(depth: int, width: int, init: str, rng: np.random.Generator) -> list[np.ndarray]:
    """``depth`` float64 matrices of shape ``(width, width)``, entries ``N(0, gain / width)``.

    ``init`` is ``"he"`` (gain 2, for ReLU-like units) or ``"xavier"`` (gain 1: Glorot's
    ``2 / (fan_in + fan_out)`` for square layers). Draw them in order with ``rng.standard_normal``.
    Raises ``ValueError`` naming the valid choices for any other ``init``.
    """
    # BEGIN SOLUTION
    if init not in INITS:
        raise ValueError(f"unknown init {init!r}; choose one of {', '.join(INITS)}")
    std = np.sqrt(INITS[init] / width)
    return [rng.standard_normal((width, width)) * std for _ in range(depth)]
    # END SOLUTION


def backprop_norms(x: np.ndarray, weights: list[np.ndarray], activation: str,
                   upstream: np.ndarray) -> np.ndarray:
    """Mean gradient norm per layer: a float64 array of shape ``(len(weights),)``.

    ``x`` is ``(batch, width)``, ``upstream`` is ``(batch, width)`` (the gradient of the loss
    with respect to the last layer's output ``h_depth``). Entry ``l`` (0 = first layer) is the
    mean over the batch of ``||dloss/dz_l||_2``, the gradient with respect to layer ``l``'s
    pre-activation for each example. Forward once, keeping every ``z_l``, then backward.
    """
    # BEGIN SOLUTION
    act: Activation = get_activation(activation)
    pre: list[np.ndarray] = []
    h = x
    for w in weights:
        z = h @ w
        pre.append(z)
        h = act.fn(z)
    norms = np.empty(len(weights))
    grad_h = upstream
    for layer in range(len(weights) - 1, -1, -1):
        grad_z = grad_h * act.grad(pre[layer])
        norms[layer] = np.linalg.norm(grad_z, axis=1).mean()
        grad_h = grad_z @ weights[layer].T
    return norms
    # END SOLUTION


def gradient_flow(activation: str, depth: int = 20, width: int = 128, batch: int = 128,
                  init: str = "he", seed: int = 0) -> np.ndarray:
    """Mean gradient norm per layer (shape ``(depth,)``) of a random ``depth``-layer MLP.

    Inputs are standard normal, weights come from :func:`init_weights`, and the upstream
    gradient is a random unit vector per example, all drawn from ``default_rng(seed)``.
    """
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch, width))
    weights = init_weights(depth, width, init, rng)
    upstream = rng.standard_normal((batch, width))
    upstream /= np.linalg.norm(upstream, axis=1, keepdims=True)
    # 128x128 products gain nothing from BLAS threads, and on a busy machine OpenBLAS's spinning
    # threads make each one ~50x slower
    with threadpool_limits(limits=1, user_api="blas"):
        return backprop_norms(x, weights, activation, upstream)
