import torch
from lab40_gptq import (
    HessianAccumulator,
    QuantLinear,
    gptq_quantize,
    inverse_hessian_cholesky,
    output_error,
    rtn_quantize,
)


def test_accumulator_matches_formula(layer_problem):
    _, x, h = layer_problem(1)
    acc = HessianAccumulator(128)
    for part in x.split(100):
        acc.add(part)
    assert acc.n == 1024
    assert torch.allclose(acc.hessian, h, rtol=1e-4, atol=1e-4)


def test_inverse_hessian_cholesky(layer_problem):
    _, _, h = layer_problem(2)
    u = inverse_hessian_cholesky(h, 0.01)
    damped = h + 0.01 * h.diag().mean() * torch.eye(128)
    assert torch.equal(u, u.triu())
    assert torch.allclose(u.T @ u @ damped, torch.eye(128), atol=1e-3)


def test_gptq_beats_round_to_nearest(layer_problem):
    w, _, h = layer_problem(3)
    rtn = output_error(w, rtn_quantize(w, 4, 32).weight, h)
    gptq = output_error(w, gptq_quantize(w, h, 4, 32).weight, h)
    assert gptq < 0.8 * rtn


def test_quant_linear_matches_its_weight(layer_problem):
    w, x, h = layer_problem(4)
    linear = torch.nn.Linear(128, 32)
    with torch.no_grad():
        linear.weight.copy_(w)
    layer = QuantLinear.from_result(linear, gptq_quantize(w, h, 4, 64))
    expected = torch.nn.functional.linear(x[:4], layer.dequantized_weight(), linear.bias)
    assert torch.allclose(layer(x[:4]), expected, atol=1e-5)
    # codes 32*16*4 + zeros 32*1*4 + scales 32*2*2 + g_idx 128*4 + bias 32*4: 2.8x below fp16
    # here; the fixed costs matter less in wider layers.
    assert layer.storage_bytes() == 2048 + 128 + 128 + 512 + 128
