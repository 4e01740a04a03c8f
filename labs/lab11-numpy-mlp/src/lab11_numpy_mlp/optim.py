"""Optimizers: they own per-parameter state and update the model's arrays in place.

    optimizer = Adam(model.params, lr=1e-3)
    ...  # forward, loss, backward
    optimizer.step(model.grads)

``params`` are the model's own arrays, so an update must write into them (``p -= ...``); a
rebinding (``p = p - ...``) would change a local name and leave the model untouched.
"""

from __future__ import annotations

import numpy as np


class _Optimizer:
    def __init__(self, params: dict[str, np.ndarray], lr: float):
        if lr <= 0:
            raise ValueError(f"learning rate must be positive, got {lr}")
        if not params:
            raise ValueError("no parameters to optimize: pass model.params")
        self.params = params
        self.lr = lr

    def _check(self, grads: dict[str, np.ndarray]) -> None:
        if grads.keys() != self.params.keys():
            raise ValueError(f"gradients for {sorted(grads)} but parameters {sorted(self.params)}: "
                             "pass model.grads after model.backward")
        for name, g in grads.items():
            if g.shape != self.params[name].shape:
                raise ValueError(f"gradient {name} has shape {g.shape}, its parameter "
                                 f"{self.params[name].shape}")


class SGD(_Optimizer):
    """Stochastic gradient descent with (PyTorch-style) momentum.

    ``v = momentum * v + g``; ``p -= lr * v``. With ``momentum=0`` this is ``p -= lr * g``.
    """

    def __init__(self, params: dict[str, np.ndarray], lr: float = 0.1, momentum: float = 0.0):
        super().__init__(params, lr)
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must be in [0, 1), got {momentum}")
        self.momentum = momentum
        self.velocity = {name: np.zeros_like(p) for name, p in params.items()}

    def step(self, grads: dict[str, np.ndarray]) -> None:
        """Update every array of ``self.params`` in place from ``grads`` (same keys)."""
        self._check(grads)
        # BEGIN SOLUTION
        for name, p in self.params.items():
            v = self.velocity[name]
            v *= self.momentum
            v += grads[name]
            p -= self.lr * v
        # END SOLUTION


class Adam(_Optimizer):
    """Adam (Kingma & Ba, 2015) with bias correction; ``self.t`` counts the steps taken.

    ``m = b1 m + (1 - b1) g``, ``v = b2 v + (1 - b2) g**2``,
    ``p -= lr * m_hat / (sqrt(v_hat) + eps)`` with ``m_hat = m / (1 - b1**t)``,
    ``v_hat = v / (1 - b2**t)`` and ``t`` the 1-based step number.
    """

    def __init__(self, params: dict[str, np.ndarray], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8):
        super().__init__(params, lr)
        if not all(0 <= b < 1 for b in betas):
            raise ValueError(f"betas must be in [0, 1), got {betas}")
        self.beta1, self.beta2 = betas
        self.eps = eps
        self.t = 0
        self.m = {name: np.zeros_like(p) for name, p in params.items()}
        self.v = {name: np.zeros_like(p) for name, p in params.items()}

    def step(self, grads: dict[str, np.ndarray]) -> None:
        """Update every array of ``self.params`` in place from ``grads`` (same keys)."""
        self._check(grads)
        # BEGIN SOLUTION
        self.t += 1
        correction1 = 1 - self.beta1**self.t
        correction2 = 1 - self.beta2**self.t
        for name, p in self.params.items():
            g = grads[name]
            m, v = self.m[name], self.v[name]
            m *= self.beta1
            m += (1 - self.beta1) * g
            v *= self.beta2
            v += (1 - self.beta2) * g * g
            p -= self.lr * (m / correction1) / (np.sqrt(v / correction2) + self.eps)
        # END SOLUTION
