import torch
from lab40_gptq import dequantize, minmax_params, quantize, rtn_quantize
from llmlab_grading import points


@points(5, "minmax_params must give scale = (hi - lo) / (2**bits - 1) and zero = round(-lo / scale) "
           "with lo = min(row min, 0) and hi = max(row max, 0); an all-zero row gets scale 1, zero 0.",
        task="quantiser", timeout=30)
def test_minmax_params_hand_cases():
    w = torch.tensor([[-1.0, 0.5, 2.0, 1.0], [0.0, 0.0, 0.0, 0.0], [1.0, 2.0, 3.0, 4.0],
                      [-3.0, -1.0, -2.0, -0.5]])
    scale, zero = minmax_params(w, 2)
    assert torch.allclose(scale, torch.tensor([1.0, 1.0, 4 / 3, 1.0]))
    assert torch.equal(zero.float(), torch.tensor([1.0, 0.0, 0.0, 3.0]))
    scale4, zero4 = minmax_params(w, 4)
    assert torch.allclose(scale4, torch.tensor([0.2, 1.0, 4 / 15, 0.2]))
    assert torch.equal(zero4.float(), torch.tensor([5.0, 0.0, 0.0, 15.0]))


@points(5, "quantize must return uint8 codes clamp(round(w / scale) + zero, 0, 2**bits - 1) and "
           "dequantize must give scale * (codes - zero): every weight within half a step.",
        task="quantiser", timeout=30)
def test_quantize_dequantize_round_trip():
    g = torch.Generator().manual_seed(0)
    w = torch.randn(16, 40, generator=g) * torch.linspace(0.1, 3, 16).unsqueeze(1)
    scale, zero = minmax_params(w, 4)
    codes = quantize(w, scale, zero, 4)
    assert codes.dtype == torch.uint8 and codes.shape == w.shape
    assert int(codes.max()) <= 15
    back = dequantize(codes, scale, zero)
    assert back.dtype == torch.float32
    assert bool(((back - w).abs() <= scale.unsqueeze(1) / 2 + 1e-5).all())
    # Points of the grid come back exactly, and a row of values goes through as a 1-D column.
    grid = scale.unsqueeze(1) * (torch.arange(16).float() - zero.unsqueeze(1))
    assert torch.allclose(dequantize(quantize(grid, scale, zero, 4), scale, zero), grid, atol=1e-5)
    column = quantize(w[:, 3], scale, zero, 4)
    assert torch.equal(column, codes[:, 3])


@points(10, "rtn_quantize must give every group of group_size columns its own minmax_params "
            "(scales and zeros of shape (out, n_groups), a shorter last group allowed), g_idx = "
            "column // group_size, and group_size None for one group per row.",
        task="quantiser", timeout=30)
def test_rtn_groups():
    g = torch.Generator().manual_seed(1)
    w = torch.randn(12, 80, generator=g)
    w[:, 5] *= 20  # one outlier column: only its own group should get coarse steps
    r = rtn_quantize(w, 4, 32)
    assert r.scales.shape == (12, 3) and r.zeros.shape == (12, 3)
    assert torch.equal(r.g_idx.long(), torch.arange(80) // 32)
    assert r.codes.dtype == torch.uint8 and r.weight.shape == w.shape
    for k, (a, b) in enumerate([(0, 32), (32, 64), (64, 80)]):
        scale, zero = minmax_params(w[:, a:b], 4)
        assert torch.allclose(r.scales[:, k], scale) and torch.equal(r.zeros[:, k].float(), zero.float())
        assert torch.allclose(r.weight[:, a:b], dequantize(r.codes[:, a:b], scale, zero))
    whole = rtn_quantize(w, 4, None)
    assert whole.scales.shape == (12, 1)
    err_group = (r.weight - w)[:, 32:].pow(2).sum().item()
    err_whole = (whole.weight - w)[:, 32:].pow(2).sum().item()
    assert err_group < 0.15 * err_whole
