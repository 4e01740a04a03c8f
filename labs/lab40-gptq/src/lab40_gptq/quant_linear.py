"""A linear layer stored in 4 bits that dequantises its weight on the fly at every forward.

Storage (as GPTQ checkpoints): ``qweight`` int32 ``(out, ceil(in/8))`` packed codes, ``qzeros``
int32 ``(out, ceil(n_groups/8))`` packed zero points, ``scales`` float16 ``(out, n_groups)``,
``g_idx`` int32 ``(in,)`` and an optional float bias. Dequantising in Python costs a full-size
weight per call; real kernels fuse it into the matmul, which is where the speed comes from.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from lab40_gptq.packing import PER_INT32, pack_int4, unpack_int4
from lab40_gptq.quantizer import QuantResult


class QuantLinear(nn.Module):
    """A 4-bit replacement for ``nn.Linear``; build it with ``QuantLinear.from_result``."""

    def __init__(self, in_features: int, out_features: int, n_groups: int, bias: bool) -> None:
        super().__init__()
        self.in_features, self.out_features, self.n_groups = in_features, out_features, n_groups
        words, zero_words = -(-in_features // PER_INT32), -(-n_groups // PER_INT32)
        self.register_buffer("qweight", torch.zeros(out_features, words, dtype=torch.int32))
        self.register_buffer("qzeros", torch.zeros(out_features, zero_words, dtype=torch.int32))
        self.register_buffer("scales", torch.ones(out_features, n_groups, dtype=torch.float16))
        self.register_buffer("g_idx", torch.zeros(in_features, dtype=torch.int32))
        self.register_buffer("bias", torch.zeros(out_features) if bias else None)

    @classmethod
    def from_result(cls, linear: nn.Linear, result: QuantResult) -> QuantLinear:
        """A QuantLinear holding ``result`` (4-bit codes of ``linear.weight``) and ``linear``'s bias."""
        if result.bits != 4:
            raise ValueError(f"QuantLinear stores 4-bit codes; this result has bits={result.bits}")
        if result.codes.shape != linear.weight.shape:
            raise ValueError(f"codes {tuple(result.codes.shape)} do not match the layer's weight "
                             f"{tuple(linear.weight.shape)}")
        layer = cls(linear.in_features, linear.out_features, result.n_groups, linear.bias is not None)
        # BEGIN SOLUTION
        layer.qweight.copy_(pack_int4(result.codes))
        layer.qzeros.copy_(pack_int4(result.zeros.round().to(torch.uint8)))
        layer.scales.copy_(result.scales.to(torch.float16))
        layer.g_idx.copy_(result.g_idx.to(torch.int32))
        if linear.bias is not None:
            layer.bias.copy_(linear.bias.detach())
        return layer
        # END SOLUTION

    def dequantized_weight(self) -> torch.Tensor:
        """The float32 ``(out, in)`` weight: ``scales[:, g] * (codes - zeros[:, g])`` per column,
        with ``g = g_idx[column]``, codes and zeros unpacked from ``qweight`` and ``qzeros``."""
        # BEGIN SOLUTION
        codes = unpack_int4(self.qweight, self.in_features).float()
        zeros = unpack_int4(self.qzeros, self.n_groups).float()
        g = self.g_idx.long()
        return self.scales.float()[:, g] * (codes - zeros[:, g])
        # END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``x @ W^T + bias`` with the dequantised weight, in ``x``'s dtype."""
        # BEGIN SOLUTION
        bias = None if self.bias is None else self.bias.to(x.dtype)
        return F.linear(x, self.dequantized_weight().to(x.dtype), bias)
        # END SOLUTION

    def storage_bytes(self) -> int:
        """Bytes of every tensor this layer stores (packed codes, zeros, scales, g_idx, bias)."""
        # BEGIN SOLUTION
        return sum(t.numel() * t.element_size() for t in self.buffers())
        # END SOLUTION

    def extra_repr(self) -> str:
        return f"in_features={self.in_features}, out_features={self.out_features}, " \
               f"bits=4, n_groups={self.n_groups}"
