import torch
from lab40_gptq import dequantize, minmax_params, quantize, rtn_quantize


def test_minmax_params_example():
    w = torch.tensor([[-1.0, 0.7, 2.0, 1.0], [1.0, 2.0, 3.0, 4.0]])
    scale, zero = minmax_params(w, 2)  # 2 bits: codes 0..3
    assert torch.allclose(scale, torch.tensor([1.0, 4 / 3]))
    assert zero.tolist() == [1.0, 0.0]
    codes = quantize(w, scale, zero, 2)
    assert codes.dtype == torch.uint8
    assert codes.tolist() == [[0, 2, 3, 2], [1, 2, 2, 3]]
    assert torch.allclose(dequantize(codes, scale, zero), torch.tensor(
        [[-1.0, 1.0, 2.0, 1.0], [4 / 3, 8 / 3, 8 / 3, 4.0]]))


def test_rtn_group_shapes_and_error():
    g = torch.Generator().manual_seed(0)
    w = torch.randn(8, 96, generator=g)
    r = rtn_quantize(w, 4, 32)
    assert r.scales.shape == (8, 3) and r.g_idx.tolist() == [i // 32 for i in range(96)]
    assert (r.weight - w).abs().max() <= r.scales.max() / 2 + 1e-6
    # Smaller groups fit their ranges more tightly.
    assert (r.weight - w).pow(2).mean() < (rtn_quantize(w, 4, None).weight - w).pow(2).mean()
