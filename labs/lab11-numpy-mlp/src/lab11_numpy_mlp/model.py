"""The MLP: Linear and ReLU layers in a list; backprop is the chain rule walked in reverse."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lab11_numpy_mlp.layers import Linear, ReLU


class MLP:
    """``sizes = [in, h1, ..., out]``: Linear, ReLU, Linear, ReLU, ..., Linear (no final ReLU).

    The output is raw logits (N, out); the loss applies the softmax. ``seed`` fixes the initial
    weights: the same sizes and seed give the same network.
    """

    def __init__(self, sizes: Sequence[int], seed: int = 0):
        sizes = list(sizes)
        if len(sizes) < 2 or any(int(s) != s or s < 1 for s in sizes):
            raise ValueError(f"sizes must be at least [inputs, outputs] of positive ints, got {sizes}")
        self.sizes = sizes
        rng = np.random.default_rng(seed)
        self.layers: list[Linear | ReLU] = []
        for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
            self.layers.append(Linear(fan_in, fan_out, rng))
            if i < len(sizes) - 2:
                self.layers.append(ReLU())

    @property
    def params(self) -> dict[str, np.ndarray]:
        """Every parameter array, named ``"<layer index>.<name>"`` (e.g. ``"0.W"``, ``"2.b"``).

        These are the layers' own arrays, not copies: optimizers update them in place.
        """
        return {f"{i}.{k}": v for i, layer in enumerate(self.layers) for k, v in layer.params.items()}

    @property
    def grads(self) -> dict[str, np.ndarray]:
        """The gradients of the last ``backward``, with the same names and shapes as ``params``."""
        return {f"{i}.{k}": v for i, layer in enumerate(self.layers) for k, v in layer.grads.items()}

    def num_params(self) -> int:
        return sum(p.size for p in self.params.values())

    def forward(self, x: np.ndarray) -> np.ndarray:
        """(N, sizes[0]) float -> logits (N, sizes[-1]), through every layer in order."""
        # BEGIN SOLUTION
        for layer in self.layers:
            x = layer.forward(x)
        return x
        # END SOLUTION

    def backward(self, dlogits: np.ndarray) -> np.ndarray:
        """dL/dlogits (N, sizes[-1]) -> dL/dx (N, sizes[0]); fills every layer's ``grads``."""
        # BEGIN SOLUTION
        grad = dlogits
        for layer in reversed(self.layers):
            grad = layer.backward(grad)
        return grad
        # END SOLUTION
