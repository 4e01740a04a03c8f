"""The layer Hessian ``H = 2 X^T X / n`` from calibration activations, captured with forward hooks.

For a linear layer ``y = x W^T`` the squared output error of a perturbed weight on the
calibration inputs is ``sum_rows dW_r H dW_r^T / 2`` with ``H = 2/n sum_i x_i x_i^T``: ``H`` is
all GPTQ needs to know about the data.
"""

from __future__ import annotations

from collections.abc import Iterable

import torch
from torch import nn


class HessianAccumulator:
    """A running ``H = 2/n sum_i x_i x_i^T`` over every input row ``x_i`` seen so far."""

    def __init__(self, in_features: int) -> None:
        self.hessian = torch.zeros(in_features, in_features, dtype=torch.float32)
        self.n = 0  # rows seen so far

    def add(self, x: torch.Tensor) -> None:
        """Fold in activations ``x`` of shape ``(..., in_features)``: every leading index is one
        more row. Afterwards ``self.hessian == 2 / self.n * X^T X`` over all rows seen (in float32),
        exactly as if all batches had arrived at once.
        """
        # BEGIN SOLUTION
        x = x.detach().reshape(-1, x.shape[-1]).float()
        m = x.shape[0]
        if m == 0:
            return
        # Rescale the old average, then add the new rows with weight 2 / n_total.
        self.hessian *= self.n / (self.n + m)
        self.n += m
        x = x * (2 / self.n) ** 0.5
        self.hessian += x.T @ x
        # END SOLUTION


@torch.no_grad()
def capture_hessians(model: nn.Module, names: Iterable[str],
                     batches: Iterable[torch.Tensor]) -> dict[str, torch.Tensor]:
    """Run ``model`` on each batch of input ids and return ``{name: H}`` for each named
    ``nn.Linear`` (names as in ``model.named_modules()``), ``H`` ``(in, in)`` float32 from the
    inputs that layer received.

    Forward hooks see each layer's input as the model really runs; they are removed before
    returning, even when a forward pass fails.
    """
    modules = dict(model.named_modules())
    names = list(names)
    missing = [name for name in names if name not in modules]
    if missing:
        raise KeyError(f"no modules named {missing} in the model; see model.named_modules()")
    # BEGIN SOLUTION
    accumulators = {name: HessianAccumulator(modules[name].in_features) for name in names}
    handles = [modules[name].register_forward_hook(
        lambda module, inputs, output, acc=accumulators[name]: acc.add(inputs[0]))
        for name in names]
    try:
        for batch in batches:
            model(batch)
    finally:
        for handle in handles:
            handle.remove()
    return {name: acc.hessian for name, acc in accumulators.items()}
    # END SOLUTION
